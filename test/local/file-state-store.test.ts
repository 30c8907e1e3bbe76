import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newSession, type SessionState } from "../../src/core/state.js";
import { FileStateStore, observeLock, removeLockIfUnchanged, StateFileError } from "../../src/local/file-state-store.js";
import { InvalidSessionIdError } from "../../src/local/session-paths.js";
import { SessionLockedError, StaleStateError } from "../../src/loop/errors.js";
import { caught } from "../support/caught.js";
import { SymlinkRefusedError } from "../../src/local/error-details.js";
import { InvalidArgumentError } from "../../src/core/errors.js";
import { bundlePath } from "../support/entry-points.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
/** The module a child process imports: its test bundle (see test/support/entry-points.ts), no tsx. */
const storeModule = bundlePath("fileStateStore");
const NOW = Date.parse("2026-11-21T10:00:00.000Z");

let root: string;
let notices: string[];
const children: ChildProcess[] = [];

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "foreman-state-"));
  notices = [];
});

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  await rm(root, { recursive: true, force: true });
});

function store(options: { pid?: number; hostname?: string; saveLockWaitMs?: number } = {}): FileStateStore {
  return new FileStateStore({ root, now: () => NOW, onNotice: (m) => notices.push(m), ...options });
}

function session(id: string, version: number, title = "Fix the parser"): SessionState {
  return { ...newSession({ sessionId: id, now: "2026-11-21T10:00:00Z", title, budget: { attempts: 3, minutes: 30, usd: 5 } }), version };
}

function dir(id: string): string {
  return path.join(root, "sessions", id);
}

/** Pid of a process that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn("true", [], { stdio: "ignore" });
  const pid = child.pid;
  await once(child, "exit");
  if (pid === undefined) throw new Error("no pid");
  return pid;
}

/** A running process, killed after the test. */
function liveProcess(): number {
  const child = spawn("sleep", ["30"], { stdio: "ignore" });
  children.push(child);
  if (child.pid === undefined) throw new Error("no pid");
  return child.pid;
}

describe("FileStateStore load/save", () => {
  it("returns null for a session that was never saved", async () => {
    expect(await store().load("issue-1")).toBeNull();
  });

  it("creates a session at version 1 (from version 0) and reads it back", async () => {
    const s = store();
    await s.save(session("issue-1", 1), 0);
    expect(await s.load("issue-1")).toEqual(session("issue-1", 1));
    await s.save(session("issue-1", 2, "Second"), 1);
    const loaded = await s.load("issue-1");
    expect(loaded?.version).toBe(2);
    expect(loaded?.task.title).toBe("Second");
  });

  it("throws StaleStateError when the version on disk is not the expected one, and keeps the file", async () => {
    const s = store();
    await s.save(session("issue-1", 1), 0);
    await s.save(session("issue-1", 2), 1);
    const before = await readFile(path.join(dir("issue-1"), "state.json"), "utf8");
    const error = await caught(s.save(session("issue-1", 2, "lost update"), 1));
    expect(error).toBeInstanceOf(StaleStateError);
    if (!(error instanceof StaleStateError)) return;
    expect([error.sessionId, error.expectedVersion, error.actualVersion]).toEqual(["issue-1", 1, 2]);
    expect(await readFile(path.join(dir("issue-1"), "state.json"), "utf8")).toBe(before);
  });

  it("reports a missing session as actual version null", async () => {
    const error = await caught(store().save(session("issue-1", 4), 3));
    expect(error).toBeInstanceOf(StaleStateError);
    if (!(error instanceof StaleStateError)) return;
    expect(error.actualVersion).toBeNull();
    expect(error.message).toContain("found none");
  });

  it("lets exactly one of many concurrent writers of the same version win", async () => {
    const s = store();
    await s.save(session("issue-1", 1), 0);
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => s.save(session("issue-1", 2, `writer ${i}`), 1)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.filter((r) => r.status === "rejected");
    expect(rejected).toHaveLength(7);
    for (const r of rejected) expect(r.reason).toBeInstanceOf(StaleStateError);
    // Atomic writes leave nothing behind: no temporary files, no write lock.
    expect(await readdir(dir("issue-1"))).toEqual(["state.json"]);
  });

  it("refuses a next version that is not expectedVersion + 1", async () => {
    await expect(store().save(session("issue-1", 3), 0)).rejects.toThrow(
      "Session issue-1: the new snapshot must have version 1 (expectedVersion + 1), got 3.",
    );
    await expect(store().save(session("issue-1", 0), -1)).rejects.toThrow(InvalidArgumentError);
    await expect(store().save(session("issue-1", 2), 0.5)).rejects.toThrow("expectedVersion must be an integer >= 0");
  });

  it("refuses to save an invalid snapshot and writes nothing", async () => {
    const bad = { ...session("issue-1", 1), status: "flying" };
    // @ts-expect-error deliberately invalid status
    const error = await caught(store().save(bad, 0));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(String(error)).toContain("status:");
    expect(await readdir(root)).toEqual([]);
  });

  it("refuses session ids that could escape the state root", async () => {
    await expect(store().load("../../etc")).rejects.toThrow(InvalidSessionIdError);
    await expect(store().save(session("a/b", 1), 0)).rejects.toThrow(InvalidSessionIdError);
    await expect(store().lock("x.lock")).rejects.toThrow(InvalidSessionIdError);
  });
});

describe("FileStateStore with a damaged state file", () => {
  async function writeState(id: string, text: string): Promise<string> {
    await mkdir(dir(id), { recursive: true });
    const file = path.join(dir(id), "state.json");
    await writeFile(file, text);
    return file;
  }

  it("names the file when the JSON is corrupt, on load and on save", async () => {
    const file = await writeState("issue-1", '{"schemaVersion":1,"vers');
    const error = await caught(store().load("issue-1"));
    expect(error).toBeInstanceOf(StateFileError);
    if (!(error instanceof StateFileError)) return;
    expect(error.filePath).toBe(file);
    expect(error.message).toContain(`Session state file ${file} is unusable: not valid JSON`);
    expect(error.message).toContain(`delete ${dir("issue-1")}`);
    await expect(store().save(session("issue-1", 1), 0)).rejects.toThrow(StateFileError);
    expect(await readFile(file, "utf8")).toBe('{"schemaVersion":1,"vers');
  });

  it("names the file and the field when the snapshot is invalid", async () => {
    const file = await writeState("issue-1", JSON.stringify({ ...session("issue-1", 2), version: -1 }));
    const error = await caught(store().load("issue-1"));
    expect(error).toBeInstanceOf(StateFileError);
    expect(String(error)).toContain(`${file} is unusable: not a valid session snapshot (version:`);
  });

  it("refuses an empty file", async () => {
    const file = await writeState("issue-1", "");
    await expect(store().load("issue-1")).rejects.toThrow(`${file} is unusable: not valid JSON`);
  });

  it("refuses a snapshot of another session", async () => {
    const file = await writeState("issue-1", JSON.stringify(session("issue-2", 1)));
    await expect(store().load("issue-1")).rejects.toThrow(`${file} is unusable: it belongs to session "issue-2", not "issue-1"`);
  });
});

describe("FileStateStore.lock", () => {
  it("writes pid, host and start time, refuses a second holder, and releases", async () => {
    const s = store();
    const lock = await s.lock("issue-1");
    const lockFile = path.join(dir("issue-1"), "lock");
    const record: unknown = JSON.parse(await readFile(lockFile, "utf8"));
    expect(record).toMatchObject({ pid: process.pid, hostname: hostname(), startedAt: "2026-11-21T10:00:00.000Z" });

    const error = await caught(s.lock("issue-1"));
    expect(error).toBeInstanceOf(SessionLockedError);
    if (!(error instanceof SessionLockedError)) return;
    expect(error.holder).toBe(`pid ${process.pid} on ${hostname()} since 2026-11-21T10:00:00.000Z`);
    expect(error.lockPath).toBe(lockFile);

    await lock.release();
    await lock.release();
    expect(await readdir(dir("issue-1"))).toEqual([]);
    const again = await s.lock("issue-1");
    await again.release();
    expect(notices).toEqual([]);
  });

  it("takes over a stale lock whose process is gone, and says so", async () => {
    const pid = await deadPid();
    await mkdir(dir("issue-1"), { recursive: true });
    const lockFile = path.join(dir("issue-1"), "lock");
    await writeFile(lockFile, JSON.stringify({ pid, hostname: hostname(), startedAt: "2026-11-20T08:00:00.000Z" }));
    const lock = await store().lock("issue-1");
    expect(JSON.parse(await readFile(lockFile, "utf8"))).toMatchObject({ pid: process.pid });
    expect(notices).toEqual([
      `Removed stale lock ${lockFile} left by pid ${pid} on ${hostname()} since 2026-11-20T08:00:00.000Z: ` +
        "that process is no longer running (a crashed run).",
    ]);
    await lock.release();
    expect(await readdir(dir("issue-1"))).toEqual([]);
  });

  it("never takes over a lock from another host, even with a dead pid", async () => {
    const pid = await deadPid();
    await mkdir(dir("issue-1"), { recursive: true });
    await writeFile(path.join(dir("issue-1"), "lock"), JSON.stringify({ pid, hostname: "other-host", startedAt: "2026-11-20T08:00:00.000Z" }));
    await expect(store().lock("issue-1")).rejects.toThrow(
      `Session issue-1 is already being run by pid ${pid} on other-host since 2026-11-20T08:00:00.000Z`,
    );
  });

  it("refuses an unreadable lock file and names it", async () => {
    await mkdir(dir("issue-1"), { recursive: true });
    const lockFile = path.join(dir("issue-1"), "lock");
    await writeFile(lockFile, "garbage");
    const error = await caught(store().lock("issue-1"));
    expect(error).toBeInstanceOf(SessionLockedError);
    expect(String(error)).toContain("an unreadable lock file (not valid JSON");
    expect(String(error)).toContain(`remove ${lockFile}`);
  });

  it("treats a holder alive under another user (EPERM) as alive", async () => {
    // pid 1 exists and cannot be signalled by an unprivileged user; as root kill(1, 0) succeeds: alive either way.
    await mkdir(dir("issue-1"), { recursive: true });
    await writeFile(path.join(dir("issue-1"), "lock"), JSON.stringify({ pid: 1, hostname: hostname(), startedAt: "2026-11-20T08:00:00.000Z" }));
    await expect(store().lock("issue-1")).rejects.toThrow(SessionLockedError);
  });

  it("lets exactly one of two concurrent takeovers of a stale lock win, round after round", async () => {
    const otherPid = liveProcess();
    const lockFile = path.join(dir("issue-1"), "lock");
    await mkdir(dir("issue-1"), { recursive: true });
    for (let round = 0; round < 20; round++) {
      const stale = JSON.stringify({ pid: await deadPid(), hostname: hostname(), startedAt: `round ${round}` });
      await writeFile(lockFile, stale);
      const results = await Promise.allSettled([store().lock("issue-1"), store({ pid: otherPid }).lock("issue-1")]);
      const won = results.filter((r) => r.status === "fulfilled");
      expect(won).toHaveLength(1);
      const lost = results.find((r) => r.status === "rejected");
      expect(lost?.reason).toBeInstanceOf(SessionLockedError);
      const winner = won[0];
      if (winner?.status === "fulfilled") await winner.value.release();
      expect(await readdir(dir("issue-1"))).toEqual([]);
    }
  });

  it("does not remove a lock that is no longer its own on release", async () => {
    const lock = await store().lock("issue-1");
    const lockFile = path.join(dir("issue-1"), "lock");
    const other = JSON.stringify({ pid: liveProcess(), hostname: hostname(), startedAt: "2026-11-21T11:00:00.000Z" });
    await writeFile(lockFile, other);
    await lock.release();
    expect(await readFile(lockFile, "utf8")).toBe(other);
    expect(notices).toEqual([`Lock ${lockFile} was no longer ours when releasing it; left it alone.`]);
  });
});

describe("removeLockIfUnchanged (the takeover step)", () => {
  const stale = JSON.stringify({ pid: 999999, hostname: "h", startedAt: "old" });
  const fresh = JSON.stringify({ pid: 123, hostname: "h", startedAt: "new", token: "winner" });

  it("removes the very lock that was observed", async () => {
    const lockFile = path.join(root, "lock");
    await writeFile(lockFile, stale);
    const observed = await observeLock(lockFile);
    if (observed === null) throw new Error("lock not observed");
    expect(await removeLockIfUnchanged(lockFile, observed)).toBe(true);
    expect(await readdir(root)).toEqual([]);
  });

  it("puts back a fresh lock that replaced the observed one (a takeover that lost the race)", async () => {
    const lockFile = path.join(root, "lock");
    await writeFile(lockFile, stale);
    const observed = await observeLock(lockFile);
    if (observed === null) throw new Error("lock not observed");
    // Meanwhile another process took over: removed the stale lock and created its own.
    await rm(lockFile);
    await writeFile(lockFile, fresh);
    expect(await removeLockIfUnchanged(lockFile, observed)).toBe(false);
    expect(await readFile(lockFile, "utf8")).toBe(fresh);
    expect(await readdir(root)).toEqual(["lock"]);
  });

  it("waits while another takeover holds <lock>.takeover, and clears one a crash left behind", async () => {
    const lockFile = path.join(root, "lock");
    await writeFile(lockFile, stale);
    const observed = await observeLock(lockFile);
    if (observed === null) throw new Error("lock not observed");
    const mutex = `${lockFile}.takeover`;
    await writeFile(mutex, "4242\n");
    // A takeover under way: this one backs off and the stale lock stays for the other.
    expect(await removeLockIfUnchanged(lockFile, observed)).toBe(false);
    expect(await readFile(lockFile, "utf8")).toBe(stale);
    expect(await readFile(mutex, "utf8")).toBe("4242\n");
    // The same takeover lock, a minute old: its holder crashed; it is cleared, and the next try wins.
    const old = new Date(Date.now() - 60_000);
    await utimes(mutex, old, old);
    expect(await removeLockIfUnchanged(lockFile, observed)).toBe(false);
    expect(await readdir(root)).toEqual(["lock"]);
    expect(await removeLockIfUnchanged(lockFile, observed)).toBe(true);
    expect(await readdir(root)).toEqual([]);
  });

  it("does nothing when the lock is already gone", async () => {
    const lockFile = path.join(root, "lock");
    await writeFile(lockFile, stale);
    const observed = await observeLock(lockFile);
    if (observed === null) throw new Error("lock not observed");
    await rm(lockFile);
    expect(await removeLockIfUnchanged(lockFile, observed)).toBe(false);
    expect(await readdir(root)).toEqual([]);
    expect(await observeLock(lockFile)).toBeNull();
  });
});

interface LockingChild {
  child: ChildProcess;
  /** Resolves once the child has loaded and waits for `go()`. */
  ready: Promise<void>;
  go(): void;
  result: Promise<{ won: boolean; message?: string }>;
}

/**
 * A child `node` process that takes the lock through FileStateStore when told to go, and holds
 * it until its stdin closes.
 */
function lockingChild(id: string): LockingChild {
  const script = `
    import { FileStateStore } from ${JSON.stringify(storeModule)};
    import { createInterface } from "node:readline";
    const store = new FileStateStore({ root: ${JSON.stringify(root)}, now: () => ${NOW} });
    const lines = createInterface({ input: process.stdin });
    let lock;
    console.log("ready");
    lines.on("line", async () => {
      try {
        lock = await store.lock(${JSON.stringify(id)});
        console.log(JSON.stringify({ won: true }));
      } catch (error) {
        console.log(JSON.stringify({ won: false, message: error.message }));
      }
    });
    lines.on("close", async () => { await lock?.release(); process.exit(0); });`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    cwd: repoRoot,
    stdio: ["pipe", "pipe", "inherit"],
  });
  children.push(child);
  let out = "";
  const lineAt = (n: number): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const lines = out.split("\n");
        const line = lines[n];
        if (lines.length > n + 1 && line !== undefined) resolve(line);
      };
      child.stdout?.on("data", check);
      check();
      child.once("exit", (code) => reject(new Error(`child exited with ${code} before answering: ${out}`)));
    });
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  return {
    child,
    ready: lineAt(0).then((line) => expect(line).toBe("ready")),
    go: () => child.stdin?.write("go\n"),
    result: lineAt(1).then((line) => JSON.parse(line)),
  };
}

async function startedChild(id: string): Promise<LockingChild> {
  const c = lockingChild(id);
  await c.ready;
  c.go();
  return c;
}

describe("FileStateStore.lock across processes", () => {
  it("refuses a second process while the first holds the lock, then takes over after it crashes", async () => {
    const holder = await startedChild("issue-1");
    expect(await holder.result).toEqual({ won: true });
    const error = await caught(store().lock("issue-1"));
    expect(error).toBeInstanceOf(SessionLockedError);
    expect(String(error)).toContain(`Session issue-1 is already being run by pid ${holder.child.pid} on ${hostname()}`);

    holder.child.kill("SIGKILL"); // a crash: the lock file stays behind
    await once(holder.child, "exit");
    expect(await readdir(dir("issue-1"))).toEqual(["lock"]);
    const lock = await store().lock("issue-1");
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(`left by pid ${holder.child.pid} on ${hostname()}`);
    await lock.release();
  });

  it("a holder that exits cleanly releases the lock", async () => {
    const holder = await startedChild("issue-1");
    expect(await holder.result).toEqual({ won: true });
    holder.child.stdin?.end();
    await once(holder.child, "exit");
    expect(await readdir(dir("issue-1"))).toEqual([]);
  });

  it("lets exactly one of several processes take over the same stale lock", async () => {
    const pid = await deadPid();
    await mkdir(dir("issue-1"), { recursive: true });
    await writeFile(path.join(dir("issue-1"), "lock"), JSON.stringify({ pid, hostname: hostname(), startedAt: "2026-11-20T08:00:00.000Z" }));
    const racers = Array.from({ length: 4 }, () => lockingChild("issue-1"));
    await Promise.all(racers.map((r) => r.ready));
    for (const r of racers) r.go();
    const results = await Promise.all(racers.map((r) => r.result));
    expect(results.filter((r) => r.won)).toHaveLength(1);
    for (const r of results.filter((r) => !r.won)) expect(r.message).toContain("is already being run by pid");
    const entries = await readdir(dir("issue-1"));
    expect(entries).toEqual(["lock"]);
  });
});

describe("FileStateStore.save write lock", () => {
  it("waits for another process's write lock, then saves", async () => {
    const s = store();
    await s.save(session("issue-1", 1), 0);
    const saveLock = path.join(dir("issue-1"), "save.lock");
    await writeFile(saveLock, JSON.stringify({ pid: liveProcess(), hostname: hostname(), startedAt: "x" }));
    const saving = s.save(session("issue-1", 2), 1);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await s.load("issue-1"))?.version).toBe(1);
    await rm(saveLock);
    await saving;
    expect((await s.load("issue-1"))?.version).toBe(2);
  });

  it("gives up with SessionLockedError naming the write lock when it is held too long", async () => {
    const s = store({ saveLockWaitMs: 100 });
    await s.save(session("issue-1", 1), 0);
    const saveLock = path.join(dir("issue-1"), "save.lock");
    const pid = liveProcess();
    await writeFile(saveLock, JSON.stringify({ pid, hostname: hostname(), startedAt: "x" }));
    const error = await caught(s.save(session("issue-1", 2), 1));
    expect(error).toBeInstanceOf(SessionLockedError);
    if (!(error instanceof SessionLockedError)) return;
    expect(error.lockPath).toBe(saveLock);
    expect(error.holder).toBe(`pid ${pid} on ${hostname()} since x`);
  });

  it("takes over a write lock left by a crashed writer", async () => {
    const s = store();
    await s.save(session("issue-1", 1), 0);
    await writeFile(path.join(dir("issue-1"), "save.lock"), JSON.stringify({ pid: await deadPid(), hostname: hostname(), startedAt: "x" }));
    await s.save(session("issue-1", 2), 1);
    expect((await s.load("issue-1"))?.version).toBe(2);
    expect(notices).toHaveLength(1);
    expect(await readdir(dir("issue-1"))).toEqual(["state.json"]);
  });
});

describe("FileStateStore never goes through a symbolic link", () => {
  it("refuses a session folder that is a link: load, save and lock write nothing through it", async () => {
    const elsewhere = await mkdtemp(path.join(tmpdir(), "foreman-elsewhere-"));
    try {
      await mkdir(path.join(root, "sessions"), { recursive: true });
      await symlink(elsewhere, dir("s1"));
      for (const op of [() => store().load("s1"), () => store().save(session("s1", 1), 0), () => store().lock("s1")]) {
        const error = await caught(op());
        expect(error).toBeInstanceOf(SymlinkRefusedError);
        if (error instanceof SymlinkRefusedError) expect(error.filePath).toBe(dir("s1"));
      }
      expect(await readdir(elsewhere)).toEqual([]);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it("refuses a state.json that is a link, and leaves its target untouched", async () => {
    const target = path.join(root, "target.json");
    await store().save(session("other", 1), 0);
    await writeFile(target, await readFile(path.join(dir("other"), "state.json"), "utf8"));
    await mkdir(dir("s1"), { recursive: true });
    await symlink(target, path.join(dir("s1"), "state.json"));
    const before = await readFile(target, "utf8");
    const error = await caught(store().load("s1"));
    expect(error).toBeInstanceOf(SymlinkRefusedError);
    if (error instanceof SymlinkRefusedError) expect(error.filePath).toBe(path.join(dir("s1"), "state.json"));
    expect(await caught(store().save(session("s1", 2), 1))).toBeInstanceOf(SymlinkRefusedError);
    expect(await readFile(target, "utf8")).toBe(before);
  });

  it("refuses a lock that is a link (its target is never read as a lock, nor removed)", async () => {
    const target = path.join(root, "target.lock");
    await writeFile(target, `${JSON.stringify({ pid: await deadPid(), hostname: hostname(), startedAt: "2026-01-01T00:00:00Z" })}\n`);
    await mkdir(dir("s1"), { recursive: true });
    await symlink(target, path.join(dir("s1"), "lock"));
    expect(await caught(store().lock("s1"))).toBeInstanceOf(SymlinkRefusedError);
    expect(await readFile(target, "utf8")).toContain("startedAt");
  });
});

describe("FileStateStore cleans what a crashed run left", () => {
  const old = new Date(Date.now() - 60_000);

  it("the next lock() removes a stale lock temporary file and an abandoned takeover lock; a fresh one stays", async () => {
    await mkdir(dir("s1"), { recursive: true });
    const stale = ["lock.0b5e.tmp", "lock.takeover", "lock.takeover.9f1d", "save.lock.77aa.tmp"];
    for (const name of [...stale, "lock.fresh.tmp"]) await writeFile(path.join(dir("s1"), name), "123\n");
    for (const name of stale) await utimes(path.join(dir("s1"), name), old, old);
    const lock = await store().lock("s1");
    expect((await readdir(dir("s1"))).sort()).toEqual(["lock", "lock.fresh.tmp"]);
    for (const name of stale) expect(notices.join("\n")).toContain(path.join(dir("s1"), name));
    await lock.release();
    expect(await readdir(dir("s1"))).toEqual(["lock.fresh.tmp"]);
  });

  it("the next save removes a temporary state file a crash left half-written, however young", async () => {
    await store().save(session("s1", 1), 0);
    await writeFile(path.join(dir("s1"), ".state.json.1c2d.tmp"), '{"half": ');
    await store().save(session("s1", 2), 1);
    expect(await readdir(dir("s1"))).toEqual(["state.json"]);
    expect((await store().load("s1"))?.version).toBe(2);
  });
});
