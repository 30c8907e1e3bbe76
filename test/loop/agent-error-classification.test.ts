/**
 * Whether an agent's failure is worth another attempt, end to end: the real engine, the real
 * local adapters, the scripted agent as a real child process through the `custom` preset. The
 * preset reports facts; `classifyError` in core alone decides (issue 6: a "429 You exceeded your
 * current quota" used to be retried until every attempt was spent).
 */
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { TaskInput } from "../../src/core/task.js";
import { runSession } from "../../src/loop/engine.js";
import { attemptSummary, harness, lines, makeRepo, rawConfig, removeTempDirs, request, tempDir, writeScript, type AgentScript } from "./helpers.js";

const TASK: TaskInput = { title: "Make value.txt good", body: "The file `value.txt` must say good.\n" };

afterEach(removeTempDirs);

/** Runs one session of at most 4 attempts; returns the final state and the attempts the agent saw. */
async function session(script: (counter: string) => AgentScript) {
  const repo = await makeRepo();
  const out = await tempDir("out");
  const counter = path.join(out, "counter");
  const scriptFile = await writeScript(out, script(counter));
  const h = await harness(repo, rawConfig({ script: scriptFile, budget: { attempts: 4 } }));
  const { state } = await runSession(h.deps, await request(h, TASK));
  return { state, started: await lines(counter) };
}

const count = (counter: string) => ({ append: { path: counter, content: "{{attempt}}\n" } });
const good = { write: { path: "value.txt", content: "good\n" } };

describe("agent errors: core classifies what the preset reports", () => {
  it("ends agent_error after exactly 1 attempt when the agent reports a spent quota, even with a 429", async () => {
    const { state, started } = await session((counter) => ({
      "*": [count(counter), { stderr: "429 You exceeded your current quota, please check your plan and billing details.\n" }, { exit: 1 }],
    }));

    expect(state.reason).toBe("agent_error");
    expect(attemptSummary(state)).toEqual([{ n: 1, outcome: "agent_error" }]);
    expect(state.attempts[0]!.transient).toBe(false);
    expect(state.attempts[0]!.error).toContain("exceeded your current quota");
    expect(started).toEqual(["1"]);
  });

  it("ends agent_error after 1 attempt when the quota message comes through the result file", async () => {
    const { state, started } = await session((counter) => ({
      "*": [count(counter), { result: { error: "429 insufficient_quota" } }],
    }));

    expect(state.reason).toBe("agent_error");
    expect(attemptSummary(state)).toEqual([{ n: 1, outcome: "agent_error" }]);
    expect(started).toEqual(["1"]);
  });

  it("attempts again when the agent reports 529 overloaded", async () => {
    const { state, started } = await session((counter) => ({
      "1": [count(counter), { stderr: "529 overloaded\n" }, { exit: 1 }],
      "2": [count(counter), good],
    }));

    expect(state.reason).toBe("succeeded");
    expect(attemptSummary(state)).toEqual([
      { n: 1, outcome: "agent_error" },
      { n: 2, outcome: "passed" },
    ]);
    expect(state.attempts[0]!.transient).toBe(true);
    expect(started).toEqual(["1", "2"]);
  });
});
