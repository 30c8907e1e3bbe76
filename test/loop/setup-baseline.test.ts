/**
 * Dependencies set up once, and gates that can run, end to end: real git repositories, the
 * scripted agent, real `npm install` (a `file:` devDependency, so nothing is downloaded).
 */
import { existsSync } from "node:fs";
import { chmod, readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { TaskInput } from "../../src/core/task.js";
import { runSession } from "../../src/loop/engine.js";
import {
  attemptSummary,
  git,
  harness,
  lines,
  makeRepo,
  rawConfig,
  removeTempDirs,
  request,
  showFile,
  tempDir,
  writeScript,
  type AgentScript,
} from "./helpers.js";

const TASK: TaskInput = { title: "Make value.txt good", body: "The file `value.txt` must say good.\n" };

afterEach(removeTempDirs);

/** A package whose `npm test` needs its devDependency `tapish` (a local folder with a bin), and no node_modules. */
function npmPackage(installLog: string): Record<string, string> {
  return {
    ".gitignore": "node_modules/\n",
    "package.json": `${JSON.stringify(
      {
        name: "needs-dev-dep",
        version: "1.0.0",
        private: true,
        scripts: {
          test: "tapish test.cjs",
          // Counts installs (npm runs the root package's postinstall on every install).
          postinstall: `node -e "require('fs').appendFileSync('${installLog}', 'install\\n')"`,
        },
        devDependencies: { tapish: "file:./vendor/tapish" },
      },
      null,
      2,
    )}\n`,
    "vendor/tapish/package.json": JSON.stringify({ name: "tapish", version: "1.0.0", bin: { tapish: "cli.cjs" } }),
    "vendor/tapish/cli.cjs": "#!/usr/bin/env node\nrequire(require('path').resolve(process.argv[2]));\nconsole.log('ok');\n",
    "test.cjs":
      "const v = require('fs').readFileSync('value.txt', 'utf8').trim();\nif (v !== 'good') { console.error('not ok: value is ' + v); process.exit(1); }\n",
    "value.txt": "start\n",
  };
}

async function npmSession(script: AgentScript, extra: Record<string, unknown> = {}) {
  const out = await tempDir("out");
  const installLog = path.join(out, "installs.log");
  const repo = await makeRepo(npmPackage(installLog));
  // A bin is committed executable (npm would chmod it, and Foreman puts back what setup changes in the tree).
  await chmod(path.join(repo, "vendor/tapish/cli.cjs"), 0o755);
  await git(repo, "add", "-A");
  await git(repo, "commit", "-q", "--amend", "--no-edit");
  const raw = { ...rawConfig({ script: await writeScript(out, script), baseline: true }), gates: "auto", ...extra };
  const h = await harness(repo, raw);
  return { h, out, repo, installLog };
}

describe("dependencies are set up once", () => {
  it("installs the devDependency once before attempt 1, then succeeds at attempt 2", async () => {
    const out0 = await tempDir("fb");
    const feedback1 = path.join(out0, "feedback-1.md");
    const { h, repo, installLog } = await npmSession({
      "1": [{ copyFeedback: feedback1 }, { write: { path: "value.txt", content: "bad\n" } }],
      "2": [{ write: { path: "value.txt", content: "good\n" } }],
    });
    const { state } = await runSession(h.deps, await request(h, TASK));
    expect(state.note).toBeUndefined();
    expect(state).toMatchObject({ status: "ended", reason: "succeeded" });
    expect(attemptSummary(state)).toEqual([
      { n: 1, outcome: "gates_failed" },
      { n: 2, outcome: "passed" },
    ]);
    expect(await lines(installLog)).toEqual(["install"]);
    expect(state.setup).toMatchObject({ runs: 1, ok: true, steps: [{ root: ".", command: "npm install --no-package-lock", ok: true, exitCode: 0 }] });
    expect(state.setup?.baseline).toEqual([expect.objectContaining({ name: "npm test", root: ".", ok: false, exitCode: 1 })]);
    // Attempt 1 was told what fails before its change.
    expect(await readFile(feedback1, "utf8")).toContain("These gates fail before your change: `npm test` in `.`");
    // Nothing setup wrote is part of the change.
    const files = (await showFile(repo, "foreman/s1", "value.txt")) ?? "";
    expect(files).toBe("good\n");
    expect(await showFile(repo, "foreman/s1", "node_modules/.package-lock.json")).toBeNull();
    expect(await showFile(repo, "foreman/s1", "package-lock.json")).toBeNull();
  }, 120_000);

  it("without setup the same repository cannot run its gate: it ends setup_failed before any agent runs", async () => {
    const { h, out, installLog } = await npmSession({ "*": [{ append: { path: "AGENT_RAN", content: "x" } }] }, { setup: "none" });
    const { state } = await runSession(h.deps, await request(h, TASK));
    expect(state).toMatchObject({ status: "ended", reason: "setup_failed", spent: { costUsd: 0, attempts: 0 } });
    expect(state.attempts).toEqual([]);
    expect(state.note).toContain("`npm test`");
    expect(state.note).toContain("`tapish` is not installed");
    expect(state.note).toContain("install it, or set `gates:` to a command that exists");
    expect(existsSync(installLog)).toBe(false);
    expect(existsSync(path.join(out, "AGENT_RAN"))).toBe(false);
  }, 120_000);

  it("installs again only when an attempt changed package.json", async () => {
    const pkgWith = (description: string) =>
      JSON.stringify({
        name: "needs-dev-dep",
        version: "1.0.0",
        private: true,
        description,
        scripts: { test: "tapish test.cjs", postinstall: "" },
        devDependencies: { tapish: "file:./vendor/tapish" },
      });
    const { h, installLog } = await npmSession({
      "1": [{ write: { path: "value.txt", content: "bad1\n" } }],
      "2": [{ write: { path: "value.txt", content: "bad2\n" } }],
      // Replaces package.json (its postinstall no longer counts; the count is read from the step record).
      "3": [{ write: { path: "package.json", content: pkgWith("changed") } }],
      "4": [{ write: { path: "value.txt", content: "good\n" } }],
    });
    const { state } = await runSession(h.deps, await request(h, TASK));
    expect(state).toMatchObject({ status: "ended", reason: "succeeded" });
    expect(attemptSummary(state).map((a) => a.outcome)).toEqual(["gates_failed", "gates_failed", "gates_failed", "passed"]);
    // Once before attempt 1, once after attempt 3 changed package.json; not for attempts 1, 2 and 4.
    expect(state.setup?.runs).toBe(2);
    expect(await lines(installLog)).toEqual(["install"]);
  }, 180_000);
});

describe("a gate that cannot run is not the agent's fault", () => {
  it("a configured gate whose command does not exist ends the session setup_failed, cost 0, naming gate, command and fix", async () => {
    const out = await tempDir("out");
    const repo = await makeRepo();
    const raw = {
      ...rawConfig({ script: await writeScript(out, { "*": [{ append: { path: path.join(out, "agent-ran"), content: "x" } }] }), baseline: true }),
      gates: [{ name: "lint", run: ["foreman-no-such-tool", "--check"] }],
      gate_allowlist: ["foreman-no-such-tool"],
    };
    const h = await harness(repo, raw);
    const { state, report } = await runSession(h.deps, await request(h, TASK));
    expect(state).toMatchObject({ status: "ended", reason: "setup_failed", spent: { costUsd: 0, attempts: 0, durationMs: 0 } });
    expect(state.note).toContain("Gate `lint`");
    expect(state.note).toContain("`foreman-no-such-tool --check`");
    expect(state.note).toContain("`foreman-no-such-tool` is not installed");
    expect(state.note).toContain("install it, or set `gates:` to a command that exists");
    expect(existsSync(path.join(out, "agent-ran"))).toBe(false);
    expect(report).toContain("Setup failed");
  }, 60_000);

  it("with baseline: false the agent runs and the unrunnable gate is fed back like any failure", async () => {
    const out = await tempDir("out");
    const repo = await makeRepo();
    const raw = {
      ...rawConfig({
        script: await writeScript(out, { "*": [{ write: { path: "value.txt", content: "v{{attempt}}\n" } }] }),
        budget: { attempts: 2 },
      }),
      gates: [{ name: "lint", run: ["foreman-no-such-tool"] }],
      gate_allowlist: ["foreman-no-such-tool"],
    };
    const h = await harness(repo, raw);
    const { state } = await runSession(h.deps, await request(h, TASK));
    expect(state.reason).toBe("gates_failed");
    const feedback = await readFile(path.join(h.sessionDir, "attempts", "1", "next-feedback.md"), "utf8");
    // It could not start: not "killed" (no signal, no timeout stopped it).
    expect(feedback).toContain("## Gate `lint` in `.` could not run");
    expect(feedback).toContain("command not found: foreman-no-such-tool");
    expect(feedback).not.toContain("killed");
  }, 60_000);
});
