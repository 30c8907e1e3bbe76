/**
 * `DependencySetup` on the memory ports: what it runs, when it runs again, what it puts back,
 * and which gates a failed step stops.
 */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/core/config.js";
import type { PlannedGate } from "../../src/core/gate-plan.js";
import { readPlanFiles } from "../../src/loop/attempt-plan-gates.js";
import { DependencySetup } from "../../src/loop/setup.js";
import { ManualClock, MemoryProcessRunner, MemoryWorkspace, type ProgramCall } from "../support/memory/index.js";

const PKG = JSON.stringify({ name: "x", scripts: { test: "tape" }, devDependencies: { tape: "^5" } });

function world(opts: { npmFails?: boolean } = {}) {
  const clock = new ManualClock();
  const workspace = new MemoryWorkspace({ base: { "package.json": PKG, "package-lock.json": "{}\n", "index.js": "" } });
  const calls: ProgramCall[] = [];
  const runner = new MemoryProcessRunner({
    clock,
    programs: {
      // npm ci: installs into node_modules and, like some npm versions, rewrites the lockfile.
      npm: (call) => {
        calls.push(call);
        workspace.write("node_modules/tape/index.js", "module.exports = 1;\n");
        workspace.write("package-lock.json", '{ "rewritten": true }\n');
        return opts.npmFails ? { exitCode: 1, stderr: "npm ERR! code ERESOLVE", takesMs: 1000 } : { exitCode: 0, takesMs: 2000 };
      },
    },
  });
  const setup = new DependencySetup({ workspace, runner, clock, env: { PATH: "/usr/bin" }, config: parseConfig({ sandbox: "off" }) });
  return { clock, workspace, runner, setup, calls };
}

async function prepare(w: ReturnType<typeof world>, roots: string[] = ["."]) {
  const diff = await w.workspace.diff();
  return w.setup.prepare({
    treeHash: diff.hash,
    roots,
    planFiles: await readPlanFiles(w.workspace, diff.hash),
    signal: new AbortController().signal,
    remainingMs: 60_000,
  });
}

describe("DependencySetup", () => {
  it("runs npm ci at the root, keeps node_modules out of the change and puts back the rewritten lockfile", async () => {
    const w = world();
    const before = await w.workspace.diff();
    const run = await prepare(w);
    expect(run.ran.map((r) => [r.step.name, r.ok])).toEqual([["npm ci", true]]);
    expect(w.calls[0]!.spec.argv).toEqual(["npm", "ci"]);
    expect(w.calls[0]!.spec.env).toMatchObject({ PATH: "/usr/bin", CI: "true", npm_config_audit: "false" });
    expect(run.restored).toBe(true);
    expect(run.durationMs).toBe(2000);
    const after = await w.workspace.diff();
    expect(after).toEqual(before);
    expect(w.workspace.files()["package-lock.json"]).toBe("{}\n");
    expect(w.workspace.files()["node_modules/tape/index.js"]).toBeDefined();
    expect(w.setup.record(undefined)).toEqual({
      runs: 1,
      durationMs: 2000,
      ok: true,
      steps: [{ root: ".", command: "npm ci", ok: true, exitCode: 0, durationMs: 2000 }],
    });
    // Recorded once: the next call adds only what ran since.
    expect(w.setup.record({ runs: 1, durationMs: 2000, ok: true, steps: [] })).toEqual({ runs: 1, durationMs: 2000, ok: true, steps: [] });
  });

  it("does not run again until a manifest or lockfile changes", async () => {
    const w = world();
    await prepare(w);
    w.workspace.write("index.js", "changed");
    expect((await prepare(w)).ran).toEqual([]);
    w.workspace.write("package.json", JSON.stringify({ ...JSON.parse(PKG), description: "new" }));
    expect((await prepare(w)).ran.map((r) => r.step.name)).toEqual(["npm ci"]);
    expect(w.calls).toHaveLength(2);
  });

  it("a failed step runs again next time, and stops the gates that depend on it", async () => {
    const w = world({ npmFails: true });
    const run = await prepare(w);
    expect(run.failed.map((f) => [f.step.name, f.exitCode])).toEqual([["npm ci", 1]]);
    expect(w.setup.record(undefined)).toMatchObject({ ok: false, steps: [{ command: "npm ci", ok: false, exitCode: 1 }] });
    expect((await prepare(w)).ran).toHaveLength(1);
    const gate = (root: string): PlannedGate => ({ name: `t ${root}`, root, argv: ["npm", "test"], env: {} });
    const split = DependencySetup.split([gate("."), gate("pkg")], run.failed);
    expect(split.run).toEqual([]);
    expect(split.blocked.map((b) => [b.name, b.exitCode])).toEqual([
      ["t .", 1],
      ["t pkg", 1],
    ]);
    expect(split.blocked[0]!.output).toContain("Not run: setup step `npm ci` in `.` failed (exit 1).");
    expect(split.blocked[0]!.output).toContain("npm ERR! code ERESOLVE");
    const other = { ...run.failed[0]!, step: { ...run.failed[0]!.step, root: "web" } };
    expect(DependencySetup.split([gate("."), gate("web/app")], [other]).run.map((g) => g.root)).toEqual(["."]);
  });

  it("setup: none runs nothing", async () => {
    const w = world();
    const none = new DependencySetup({ workspace: w.workspace, runner: w.runner, clock: w.clock, env: {}, config: parseConfig({ setup: "none" }) });
    const diff = await w.workspace.diff();
    const run = await none.prepare({
      treeHash: diff.hash,
      roots: ["."],
      planFiles: await readPlanFiles(w.workspace, diff.hash),
      signal: new AbortController().signal,
      remainingMs: 1000,
    });
    expect(run.ran).toEqual([]);
    expect(w.calls).toEqual([]);
    expect(none.record(undefined)).toBeUndefined();
  });
});
