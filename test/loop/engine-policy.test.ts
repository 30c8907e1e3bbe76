/**
 * A path-policy violation through the real local adapters (real git, the scripted agent as a
 * real child process): the refused change is put back in the clone, the next attempt is told
 * what was refused and how to allow it, the attempt is counted, and nothing refused is ever
 * published. The session ends `policy_violation` only when the attempts run out.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { TaskInput } from "../../src/core/task.js";
import { runSession } from "../../src/loop/engine.js";
import {
  attemptSummary,
  branchSha,
  git,
  harness,
  hostEnv,
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
const BRANCH = "foreman/s1";

afterEach(async () => {
  await removeTempDirs();
});

async function setup(script: (out: string) => AgentScript, attempts = 3) {
  const repo = await makeRepo();
  const out = await tempDir("out");
  // A build artifact the agent "produces": bytes with NULs, copied into the clone.
  await writeFile(path.join(out, "app.bin"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x00, 0x01, 0x02, 0x00, 0xff]));
  const scriptFile = await writeScript(out, script(out));
  const h = await harness(repo, rawConfig({ script: scriptFile, gateLog: path.join(out, "gates.log"), budget: { attempts } }), { env: hostEnv() });
  return { repo, out, h, gateLog: path.join(out, "gates.log") };
}

describe("runSession: a change the path policy refuses", () => {
  it("puts back a forbidden file and a new binary, tells attempt 2 why, and publishes only attempt 2's fix", async () => {
    const s = await setup((out) => ({
      "1": [
        { write: { path: "value.txt", content: "bad\n" } },
        { write: { path: ".github/workflows/ci.yml", content: "on: push\njobs: { pwn: {} }\n" } },
        { copy: { from: path.join(out, "app.bin"), to: "app.bin" } },
        { result: { costUsd: 0.1 } },
      ],
      "2": [
        { copyFeedback: path.join(out, "feedback-2.md") },
        { copy: { from: ".github/workflows/ci.yml", to: path.join(out, "ci-at-2.yml") } },
        { write: { path: "value.txt", content: "good\n" } },
        { result: { costUsd: 0.2 } },
      ],
    }));
    const { state } = await runSession(s.h.deps, await request(s.h, TASK));

    expect(state.reason).toBe("succeeded");
    expect(attemptSummary(state)).toEqual([
      { n: 1, outcome: "policy_violation" },
      { n: 2, outcome: "passed" },
    ]);
    // Attempt 1 is counted (time and money) and was never tested.
    expect(state.spent.attempts).toBe(2);
    expect(state.spent.costUsd).toBeCloseTo(0.3, 9);
    expect(state.attempts[0]!.refused).toBe(true);
    expect(state.attempts[0]!.gates).toBeUndefined();
    expect(await lines(s.gateLog)).toHaveLength(1);

    // Attempt 2 started from the clone with the refused paths put back as in the base.
    expect(await readFile(path.join(s.out, "ci-at-2.yml"), "utf8")).toBe("on: push\njobs: {}\n");
    const feedback = await readFile(path.join(s.out, "feedback-2.md"), "utf8");
    expect(feedback).toContain("refused by the path policy");
    expect(feedback).toContain("`.github/workflows/ci.yml`");
    expect(feedback).toContain("`app.bin`");
    expect(feedback).toContain("paths.forbidden");
    expect(feedback).toContain("paths.allowed_binaries");
    expect(feedback).toContain(".github/foreman.yml");

    // The published branch holds the fix and neither refused file.
    expect(await branchSha(s.repo, BRANCH)).toBe(state.headSha);
    expect(await showFile(s.repo, BRANCH, "value.txt")).toBe("good\n");
    expect(await showFile(s.repo, BRANCH, "app.bin")).toBeNull();
    expect(await showFile(s.repo, BRANCH, ".github/workflows/ci.yml")).toBe("on: push\njobs: {}\n");
    expect((await git(s.repo, "diff", "--name-only", `${BRANCH}^`, BRANCH)).trim()).toBe("value.txt");
  });

  it("ends policy_violation after the last attempt when every attempt keeps breaking the policy, and publishes nothing", async () => {
    const s = await setup(
      () => ({
        "*": [
          { write: { path: "value.txt", content: "good\n" } },
          { write: { path: "pixi.lock", content: "version: 6\n" } },
          { result: { costUsd: 0.1 } },
        ],
      }),
      2,
    );
    const { state, report } = await runSession(s.h.deps, await request(s.h, TASK));

    expect(state.reason).toBe("policy_violation");
    expect(attemptSummary(state)).toEqual([
      { n: 1, outcome: "policy_violation" },
      { n: 2, outcome: "policy_violation" },
    ]);
    expect(state.note).toContain('"pixi.lock" is a lockfile');
    expect(state.note).toContain("paths.allow_lockfile_changes: true");
    expect(await branchSha(s.repo, BRANCH)).toBeNull();
    expect(state.headSha).toBeUndefined();
    expect(report).toContain("refused by the path policy");
  });
});
