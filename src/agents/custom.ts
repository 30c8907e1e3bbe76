/**
 * `custom`: any command the repository configures (`agent.command`, an argv, plus `agent.args`),
 * run in the worktree.
 *
 * Contract for the command:
 * - environment: `FOREMAN_ATTEMPT` (1-based), `FOREMAN_TASK_FILE`, `FOREMAN_FEEDBACK_FILE`,
 *   `FOREMAN_RESULT_FILE` (absolute paths); the prompt itself is in no variable and no argument;
 * - exit 0 for success; any other status fails the attempt (the end of stderr is reported);
 * - optionally, write `{"costUsd"?: number >= 0, "summary"?: string, "error"?: string}` to
 *   `FOREMAN_RESULT_FILE`. `error` fails the attempt; unknown keys are refused (a misspelt
 *   `cost_usd` must not silently drop the cost).
 */
import { z } from "zod";
import { ConfigError } from "../core/errors.js";
import type { AgentPresetDefinition, AgentResult } from "../loop/agent-preset.js";
import { ERROR_TAIL_CHARS, definedUsage, exitFailure, parseJson, quotedStatus, tail, timedOutResult, withStatus } from "./output.js";
import { formatZodIssues } from "../core/zod-issues.js";

const resultFileSchema = z.strictObject({
  costUsd: z
    .number({ error: "expected a number of 0 or more" })
    .finite({ error: "expected a number of 0 or more" })
    .nonnegative({ error: "expected a number of 0 or more" })
    .optional(),
  summary: z.string({ error: "expected a string" }).optional(),
  error: z.string({ error: "expected a string" }).optional(),
});

type ResultFile = z.output<typeof resultFileSchema>;

export const custom: AgentPresetDefinition = {
  name: "custom",
  envAllowlist: [],

  invocation(ctx) {
    const command = ctx.agent.command;
    if (!command || command.length === 0) {
      throw new ConfigError([{ path: "agent.command", message: "required when agent.preset is custom" }]);
    }
    return {
      argv: [...command, ...ctx.agent.args],
      env: {
        FOREMAN_ATTEMPT: String(ctx.attempt),
        FOREMAN_TASK_FILE: ctx.taskFile,
        FOREMAN_FEEDBACK_FILE: ctx.feedbackFile,
        FOREMAN_RESULT_FILE: ctx.resultFile,
      },
    };
  },

  parse(output): AgentResult {
    const file = readResultFile(output.resultFileText);
    const usage = file.ok ? { costUsd: file.value?.costUsd } : {};
    if (output.timedOut) return timedOutResult("the custom agent", usage);

    const failure = exitFailure("the custom agent", output);
    if (failure !== undefined) {
      const reported = file.ok ? file.value?.error : undefined;
      const message = reported ? `${failure.message} (result file: ${tail(reported, ERROR_TAIL_CHARS)})` : failure.message;
      return { ok: false, ...definedUsage(usage), summary: "", failure: withStatus(message, failure.status ?? quotedStatus(reported ?? "")) };
    }
    if (!file.ok) return { ok: false, summary: "", failure: { message: file.error } };

    const summary = file.value?.summary?.trim() ?? tail(output.stdout, 500);
    if (file.value?.error !== undefined) {
      const message = `the custom agent reported an error: ${tail(file.value.error, ERROR_TAIL_CHARS) || "(empty message)"}`;
      return { ok: false, ...definedUsage(usage), summary, failure: withStatus(message, quotedStatus(file.value.error)) };
    }
    return { ok: true, ...definedUsage(usage), summary };
  },
};

type ReadResult = { ok: true; value: ResultFile | undefined } | { ok: false; error: string };

function readResultFile(text: string | null): ReadResult {
  if (text === null) return { ok: true, value: undefined };
  const what = "The custom agent's result file (FOREMAN_RESULT_FILE)";
  if (text.trim() === "") return { ok: true, value: undefined };
  const json = parseJson(text);
  if (json === undefined) {
    return {
      ok: false,
      error: `${what} is not valid JSON: it starts with ${JSON.stringify(text.trim().slice(0, 60))}. Write a JSON object such as {"costUsd": 0.12, "summary": "…"}.`,
    };
  }
  const parsed = resultFileSchema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems = parsed.error.issues.map((i) => {
    if (i.code === "unrecognized_keys")
      return `unknown key${i.keys.length > 1 ? "s" : ""} ${i.keys.map((k) => `"${k}"`).join(", ")} (known: costUsd, summary, error)`;
    return i.path.length > 0 ? formatZodIssues([i]) : `expected a JSON object {"costUsd"?, "summary"?, "error"?}`;
  });
  return { ok: false, error: `${what} is invalid: ${problems.join("; ")}` };
}
