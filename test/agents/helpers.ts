/** Shared builders for the agent preset tests: a context, an output, and fixture loading. */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "../../src/core/config.js";
import { classifyError, type ErrorClass } from "../../src/core/retry.js";
import type { AgentContext, AgentOutput, AgentResult } from "../../src/loop/agent-preset.js";

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "fixtures");

export function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), "utf8");
}

export function agentConfig(overrides: Partial<Config["agent"]> = {}): Config["agent"] {
  return { preset: "claude", args: [], env: [], idle_timeout_minutes: 10, ...overrides };
}

/** A context rooted at `/work/foreman-test` (paths are never touched unless a test creates them). */
export function makeCtx(overrides: Partial<AgentContext> = {}, agent: Partial<Config["agent"]> = {}): AgentContext {
  const scratch = "/tmp/foreman-test/session-1/attempt-1";
  return {
    attempt: 1,
    worktree: "/tmp/foreman-test/worktree",
    taskFile: `${scratch}/task.md`,
    feedbackFile: `${scratch}/feedback.md`,
    resultFile: `${scratch}/result.json`,
    promptFile: `${scratch}/prompt.md`,
    repoRoot: "/tmp/foreman-test/repo",
    agent: agentConfig(agent),
    ...overrides,
  };
}

export function makeOutput(overrides: Partial<AgentOutput> = {}): AgentOutput {
  return { exitCode: 0, timedOut: false, stdout: "", stderr: "", resultFileText: null, ...overrides };
}

/**
 * How the engine judges a preset's result: `ok`, or core's verdict on the failure's facts (the
 * preset itself never decides whether another attempt may help).
 */
export function verdict(r: AgentResult): "ok" | ErrorClass {
  return r.ok ? "ok" : classifyError(r.failure);
}
