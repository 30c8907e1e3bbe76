/**
 * The port contracts (test/support/*-contract.ts) held by the memory adapters of the test kit
 * and by the local adapters they stand in for: what the engine's behavioural tests assume of
 * the memory kit is what the real adapters do.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FileStateStore } from "../../src/local/file-state-store.js";
import { GitWorkspace } from "../../src/local/git-workspace.js";
import { JsonlLedger } from "../../src/local/jsonl-ledger.js";
import { caught } from "../support/caught.js";
import { describeLedgerContract } from "../support/ledger-contract.js";
import {
  InvalidSnapshotError,
  ManualClock,
  MemoryAttemptFiles,
  MemoryLedger,
  MemoryProcessRunner,
  MemoryPublisher,
  MemoryPublishError,
  MemoryStateStore,
  MemoryWorkspace,
  MemoryWorkspaceError,
} from "../support/memory/index.js";
import { describeStateStoreContract } from "../support/state-store-contract.js";
import { describeWorkspaceContract } from "../support/workspace-contract.js";
import { newSession } from "../../src/core/state.js";
import { makeRepo, removeTempDirs, tempDir } from "./helpers.js";

afterEach(removeTempDirs);

describeStateStoreContract("MemoryStateStore", async () => new MemoryStateStore());
describeStateStoreContract("FileStateStore", async () => new FileStateStore({ root: await tempDir("store"), now: () => 0 }));

describeLedgerContract("MemoryLedger", async () => new MemoryLedger());
describeLedgerContract("JsonlLedger", async () => new JsonlLedger({ root: await tempDir("ledger") }));

describeWorkspaceContract("MemoryWorkspace", async () => {
  const workspace = new MemoryWorkspace({ base: { "README.md": "# sample\n", "value.txt": "start\n" } });
  return {
    workspace,
    write: async (p, content) => workspace.write(p, content),
    remove: async (p) => workspace.remove(p),
  };
});
describeWorkspaceContract("GitWorkspace", async () => {
  const repo = await makeRepo({ "README.md": "# sample\n", "value.txt": "start\n" });
  const workspace = await GitWorkspace.create({ repo, sessionId: "s1", stateRoot: path.join(await tempDir("ws"), "workspace") });
  return {
    workspace,
    write: async (p, content) => {
      await mkdir(path.dirname(path.join(workspace.dir, p)), { recursive: true });
      await writeFile(path.join(workspace.dir, p), content);
    },
    remove: (p) => rm(path.join(workspace.dir, p)),
  };
});

describe("the memory kit, beyond the shared contracts", () => {
  it("MemoryStateStore refuses a snapshot no store may hold (schema, version) with InvalidSnapshotError", async () => {
    const store = new MemoryStateStore();
    const s = newSession({ sessionId: "s1", now: "2026-03-02T09:00:00.000Z", title: "t", budget: { attempts: 1, minutes: 1, usd: 1 } });
    expect(await caught(store.save({ ...s, version: 2 }, 0))).toBeInstanceOf(InvalidSnapshotError);
    expect(await caught(store.save({ ...s, version: 1, note: "x".repeat(2001) }, 0))).toBeInstanceOf(InvalidSnapshotError);
    expect(await store.load("s1")).toBeNull();
    await store.save({ ...s, version: 1 }, 0);
    expect(store.history("s1").map((h) => h.version)).toEqual([1]);
  });

  it("MemoryWorkspace refuses a hash diff() never returned, and ignored files stay out of diffs and restores", async () => {
    const ws = new MemoryWorkspace({ base: { "a.txt": "a\n" }, ignored: (p) => p.startsWith("node_modules/") });
    const err = await caught(ws.restore("f".repeat(40)));
    expect(err).toBeInstanceOf(MemoryWorkspaceError);
    expect(err).toMatchObject({ code: "unknown_tree" });
    const base = await ws.diff();
    ws.write("node_modules/x.js", "x");
    expect(await ws.diff()).toEqual(base);
    ws.write("a.txt", "b\n");
    await ws.restore(base.hash);
    expect(ws.files()).toEqual({ "a.txt": "a\n", "node_modules/x.js": "x" });
  });

  it("MemoryProcessRunner: advances the clock by the time a program takes, stops it at the timeout, reports an abort", async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const runner = new MemoryProcessRunner({
      clock,
      programs: {
        quick: () => ({ exitCode: 3, stdout: "out", takesMs: 1_000 }),
        slow: () => ({ exitCode: 0, takesMs: 10_000 }),
        stopped: () => {
          controller.abort();
          return { takesMs: 500 };
        },
      },
    });
    const t0 = clock.now();
    const handles: string[] = [];
    const spec = { cwd: "/memory/worktree", env: {}, timeoutMs: 5_000, onStart: async (h: string) => void handles.push(h) };
    expect(await runner.run({ ...spec, argv: ["quick"] })).toMatchObject({ exitCode: 3, stdout: "out", durationMs: 1_000, timedOut: false });
    expect(await runner.run({ ...spec, argv: ["slow"] })).toMatchObject({ exitCode: null, timedOut: true, durationMs: 5_000 });
    expect(clock.now() - t0).toBe(6_000);
    expect(await runner.run({ ...spec, argv: ["stopped"], signal: controller.signal })).toMatchObject({ aborted: true, exitCode: null });
    // An already aborted run starts nothing.
    expect(await runner.run({ ...spec, argv: ["quick"], signal: controller.signal })).toMatchObject({ aborted: true });
    expect(handles).toEqual(["memory-process-1", "memory-process-2", "memory-process-3"]);
    // Nothing is left running, so nothing is stopped.
    expect(await runner.stopOrphan("memory-process-1")).toBe(false);
  });

  it("MemoryProcessRunner: a process spawned and never completed is an orphan that stopOrphan stops once", async () => {
    const runner = new MemoryProcessRunner({ clock: new ManualClock(), programs: { agent: () => ({}) } });
    const proc = runner.spawn({ argv: ["agent"], cwd: "/", env: {}, timeoutMs: 1 });
    expect(await runner.stopOrphan(proc.handle)).toBe(true);
    expect(await runner.stopOrphan(proc.handle)).toBe(false);
    expect(runner.stopCalls).toEqual([
      { handle: proc.handle, stopped: true },
      { handle: proc.handle, stopped: false },
    ]);
  });

  it("MemoryPublisher: publishes only the tree that was staged, and publishing twice opens nothing new", async () => {
    const ws = new MemoryWorkspace({ base: { "a.txt": "a\n" } });
    const publisher = new MemoryPublisher({ pullRequests: true });
    ws.write("a.txt", "b\n");
    const req = { sessionId: "s1", branch: "foreman/s1", baseSha: ws.baseSha, workspace: ws, title: "t", body: "b" };
    const staged = await publisher.stage(req);
    const first = await publisher.publish({ ...req, sha: staged.sha });
    const again = await publisher.publish({ ...req, sha: staged.sha });
    expect(again).toEqual(first);
    expect(first.pullRequest).toBe(1);
    expect(publisher.branches.get("foreman/s1")).toBe(staged.sha);

    ws.write("a.txt", "changed after staging\n");
    const err = await caught(publisher.publish({ ...req, sha: staged.sha }));
    expect(err).toBeInstanceOf(MemoryPublishError);
    expect(err).toMatchObject({ code: "tree_mismatch" });
  });

  it("MemoryAttemptFiles: plain names only, one folder per attempt", async () => {
    const files = new MemoryAttemptFiles();
    const p = await files.write(2, "task.md", "T");
    expect(p).toBe("/memory/attempts/2/task.md");
    expect(await files.read(p)).toBe("T");
    expect(await files.read(files.path(3, "task.md"))).toBeNull();
    expect(() => files.path(0, "task.md")).toThrow(RangeError);
    expect(() => files.path(1, "../x")).toThrow(RangeError);
  });
});
