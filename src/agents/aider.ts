/**
 * aider: `aider --message-file <prompt> --yes-always …`, one message, then exit.
 *
 * Flags (aider docs, "Options reference" and "Scripting aider"):
 * - `--message-file` sends the file's content as the single message and exits;
 * - `--yes-always` answers confirmations (it does not run suggested shell commands, which need
 *   an explicit yes; `--no-suggest-shell-commands` stops it proposing them at all);
 * - `--no-auto-commits`, `--no-dirty-commits`: Foreman commits, aider must not;
 * - `--no-gitignore`: aider must not add `.aider*` to the repository's `.gitignore` (that would be
 *   a change in the diff). Its chat and input history files are written next to the prompt
 *   file, outside the worktree. Its repo-map cache (`.aider.tags.cache.v*`) still lands in the
 *   worktree root: the engine should exclude `.aider*` (e.g. in the worktree's
 *   `.git/info/exclude`);
 * - `--no-detect-urls`: the task text is untrusted, aider must not fetch URLs found in it;
 * - `--no-pretty`, `--no-stream`, `--no-check-update`, `--no-show-release-notes`,
 *   `--no-analytics` (session only; `--analytics-disable` would write the user's config).
 *
 * aider prints, after each model reply (aider/coders/base_coder.py):
 * `Tokens: 2.3k sent, 1.1k cache write, 4.5k cache hit, 180 received. Cost: $0.0079 message, $0.0123 session.`
 * (the cost may start a new line; older releases print counts as `2,345`). The session figure
 * is cumulative, so the last one is the attempt's cost; tokens are `sent + received` summed
 * over the reports. No cost line (a model aider has no prices for): cost unknown.
 */
import { dirname, join } from "node:path";
import type { AgentPresetDefinition, AgentResult } from "../loop/agent-preset.js";
import { ERROR_TAIL_CHARS, definedUsage, exitFailure, quotedStatus, stripAnsi, tail, timedOutResult, withStatus } from "./output.js";

export const aider: AgentPresetDefinition = {
  name: "aider",
  envAllowlist: ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "DEEPSEEK_API_KEY", "OPENROUTER_API_KEY", "OPENAI_API_BASE", "AIDER_MODEL"],
  // aider keeps its repository map cache in the repository root. Named exactly: projects do
  // commit `.aiderignore` and `.aider.conf.yml`, and edits to those are real changes.
  scratchPaths: [".aider.tags.cache.v*", ".aider.chat.history.md", ".aider.input.history", ".aider.llm.history"],

  invocation(ctx) {
    const scratch = dirname(ctx.promptFile);
    return {
      argv: [
        "aider",
        "--message-file",
        ctx.promptFile,
        "--yes-always",
        "--no-auto-commits",
        "--no-dirty-commits",
        "--no-gitignore",
        "--no-suggest-shell-commands",
        "--no-detect-urls",
        "--no-pretty",
        "--no-stream",
        "--no-check-update",
        "--no-show-release-notes",
        "--no-analytics",
        "--input-history-file",
        join(scratch, "aider.input.history"),
        "--chat-history-file",
        join(scratch, "aider.chat.history.md"),
        ...ctx.agent.args,
      ],
    };
  },

  parse(output): AgentResult {
    const text = stripAnsi(output.stdout);
    const usage = readUsage(text);
    if (output.timedOut) return timedOutResult("aider", usage);

    const failure = exitFailure("aider", output);
    if (failure !== undefined) return { ok: false, ...definedUsage(usage), summary: "", failure };
    // aider reports a failed model call and still exits 0: with no usage report at all and an
    // API error in the output, nothing was done.
    const printed = `${text}\n${stripAnsi(output.stderr)}`;
    const apiError = usage.reports === 0 ? lastApiError(printed) : undefined;
    if (apiError !== undefined) {
      const message = `aider could not reach the model: ${tail(apiError, ERROR_TAIL_CHARS)}`;
      const status = litellmStatus(printed) ?? quotedStatus(apiError);
      return { ok: false, ...definedUsage(usage), summary: "", failure: withStatus(message, status) };
    }
    return { ok: true, ...definedUsage(usage), summary: summarize(text) };
  },
};

const NUMBER = String.raw`(\d[\d,]*(?:\.\d+)?)\s*([kKmM]?)`;
const TOKENS_LINE = new RegExp(String.raw`Tokens:\s*${NUMBER}\s+sent\b[^\n]*?,\s*${NUMBER}\s+received`, "g");
const SESSION_COST = /Cost:\s*\$\s*(\d[\d,]*(?:\.\d+)?)\s+message,\s*\$\s*(\d[\d,]*(?:\.\d+)?)\s+session/g;

/** Reads aider's usage reports. Exported for tests. */
export function readUsage(text: string): { costUsd?: number; tokens?: number; reports: number } {
  let tokens: number | undefined;
  let reports = 0;
  for (const m of text.matchAll(TOKENS_LINE)) {
    const sent = tokenCount(m[1]!, m[2]!);
    const received = tokenCount(m[3]!, m[4]!);
    if (sent === undefined || received === undefined) continue;
    tokens = (tokens ?? 0) + sent + received;
    reports++;
  }
  let costUsd: number | undefined;
  for (const m of text.matchAll(SESSION_COST)) {
    const session = Number(m[2]!.replace(/,/g, ""));
    if (Number.isFinite(session) && session >= 0) costUsd = session;
  }
  if (costUsd !== undefined && reports === 0) reports = 1;
  return { ...definedUsage({ costUsd, tokens }), reports };
}

function tokenCount(digits: string, suffix: string): number | undefined {
  const n = Number(digits.replace(/,/g, ""));
  if (!Number.isFinite(n) || n < 0) return undefined;
  const scale = suffix === "k" || suffix === "K" ? 1_000 : suffix === "m" || suffix === "M" ? 1_000_000 : 1;
  return Math.round(n * scale);
}

/** The last line that reports a model API error (aider prints litellm's exception names). */
function lastApiError(text: string): string | undefined {
  const lines = text.split(/\r?\n/).filter((l) => /\blitellm\.\w*(?:Error|Exception)\b|\bAPIError\b|\bAPI (?:provider|error)\b/i.test(l));
  const last = lines.at(-1)?.trim();
  return last === "" ? undefined : last;
}

/**
 * The HTTP status of the last litellm exception aider printed (`litellm.RateLimitError: …`),
 * by litellm's documented exception mapping (docs.litellm.ai, "Exception Mapping"). Exported
 * for tests.
 */
export function litellmStatus(text: string): number | undefined {
  const names = [...text.matchAll(/\blitellm\.(\w+)/g)].map((m) => m[1]!);
  for (let i = names.length - 1; i >= 0; i--) {
    const status = LITELLM_STATUS.get(names[i]!);
    if (status !== undefined) return status;
  }
  return undefined;
}

const LITELLM_STATUS: ReadonlyMap<string, number> = new Map([
  ["BadRequestError", 400],
  ["UnsupportedParamsError", 400],
  ["ContextWindowExceededError", 400],
  ["ContentPolicyViolationError", 400],
  ["AuthenticationError", 401],
  ["PermissionDeniedError", 403],
  ["NotFoundError", 404],
  ["Timeout", 408],
  ["UnprocessableEntityError", 422],
  ["RateLimitError", 429],
  ["APIConnectionError", 500],
  ["InternalServerError", 500],
  ["ServiceUnavailableError", 503],
]);

/** Which files aider edited, else the end of what it printed. */
function summarize(text: string): string {
  const edited = [...text.matchAll(/^Applied edit to (.+)$/gm)].map((m) => m[1]!.trim());
  const unique = [...new Set(edited)];
  if (unique.length > 0) return `aider applied edits to ${unique.join(", ")}`;
  return tail(text, 500);
}
