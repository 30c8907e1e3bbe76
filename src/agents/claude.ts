/**
 * Claude Code in headless mode: `claude -p --output-format json`, the prompt on standard input.
 *
 * Documented output (Claude Code docs, "Run Claude Code programmatically" / headless mode; the
 * Agent SDK's `SDKResultMessage`): one JSON object printed when the run ends,
 * `{ type: "result", subtype: "success" | "error_max_turns" | "error_during_execution" | …,
 * is_error, result?, errors?, total_cost_usd, usage: { input_tokens, output_tokens,
 * cache_creation_input_tokens, cache_read_input_tokens }, num_turns, session_id, … }`. When the
 * run ended on a model API error, `result` reads `API Error: 529 {…}` and newer releases add
 * `api_error_status`; either gives the failure's HTTP status.
 * Older releases named the cost `cost_usd`; with `--verbose` the same object is the last element
 * of an array of messages. Both are read.
 *
 * `--permission-mode acceptEdits` lets the agent edit files in its working directory without a
 * prompt (print mode cannot answer one) but denies Bash. Foreman grants exactly the planned gate
 * commands, one `--allowedTools "Bash(<gate>)"` each, nothing broader; anything more is granted
 * through `agent.args`. A call the CLI refused is listed in `permission_denials`
 * (`{ tool_name, tool_use_id, tool_input }`): it is recorded as `Tool(input)`, the run itself
 * still counts as it ended.
 *
 * `CLAUDE_CODE_MAX_RETRIES=0`: the CLI does not retry API errors itself (it would spend ~3 minutes
 * per attempt on 10 retries); Foreman's engine backs off between attempts instead.
 *
 * An API error ends the run with `subtype: "success"` and `is_error: true` (Claude Code 2.1): the
 * message comes from `result` and `api_error_status`, never from the subtype.
 *
 * Provider (`agent.provider`): `base_url` → `ANTHROPIC_BASE_URL`; `auth_token_env` → the child's
 * `ANTHROPIC_AUTH_TOKEN` (what gateways use; passed only when configured); `home` →
 * `CLAUDE_CONFIG_DIR`; `model` → `ANTHROPIC_MODEL`.
 */
import { z } from "zod";
import {
  ERROR_TAIL_CHARS,
  definedUsage,
  exitFailure,
  isRecord,
  parseJson,
  quotedStatus,
  sumDefined,
  tail,
  timedOutResult,
  type JsonRecord,
  withStatus,
} from "./output.js";
import type { AgentPresetDefinition, AgentResult } from "../loop/agent-preset.js";
import { definedEnv, gateCommandLines, providerOf, withExtras } from "./provider.js";
import { formatZodIssues } from "../core/zod-issues.js";

const count = z.number().finite().nonnegative();

const resultSchema = z.looseObject({
  type: z.literal("result"),
  subtype: z.string(),
  is_error: z.boolean().optional(),
  /** The model API's HTTP status when the run ended on an API error (newer releases). */
  api_error_status: z.number().int().min(100).max(599).optional().catch(undefined),
  result: z.string().optional(),
  errors: z.array(z.string()).optional(),
  permission_denials: z.array(z.unknown()).optional().catch(undefined),
  total_cost_usd: count.optional(),
  cost_usd: count.optional(),
  usage: z
    .looseObject({
      input_tokens: count.optional(),
      output_tokens: count.optional(),
      cache_creation_input_tokens: count.optional(),
      cache_read_input_tokens: count.optional(),
    })
    .optional(),
});

type ClaudeResult = z.output<typeof resultSchema>;

export const claude: AgentPresetDefinition = {
  name: "claude",
  envAllowlist: ["ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN", "ANTHROPIC_BASE_URL", "ANTHROPIC_MODEL"],

  invocation(ctx) {
    const allowed = gateCommandLines(ctx).flatMap((line) => ["--allowedTools", `Bash(${line})`]);
    const p = providerOf(ctx);
    return withExtras(
      {
        argv: ["claude", "-p", "--output-format", "json", "--permission-mode", "acceptEdits", ...allowed, ...ctx.agent.args],
        stdinFile: ctx.promptFile,
      },
      {
        env: { ...NO_CLI_RETRIES, ...definedEnv({ ANTHROPIC_BASE_URL: p.base_url, CLAUDE_CONFIG_DIR: p.home, ANTHROPIC_MODEL: p.model }) },
        envFrom: p.auth_token_env === undefined ? {} : { ANTHROPIC_AUTH_TOKEN: p.auth_token_env },
      },
    );
  },

  parse(output): AgentResult {
    const found = findResult(output.stdout);
    const result = found?.result;
    const usage = result ? usageOf(result) : {};
    if (output.timedOut) return timedOutResult("claude", usage);

    const failure = exitFailure("claude", output);
    if (!result) {
      const message =
        failure?.message ??
        (output.stdout.trim() === ""
          ? "claude printed nothing on standard output; expected a JSON result object (is --output-format json being overridden in agent.args?)"
          : `claude's output is not a JSON result object (${found?.problem ?? "no line parses as JSON"}); output ends with: ${tail(output.stdout, 300)}`);
      return { ok: false, summary: "", failure: withStatus(message, failure?.status) };
    }

    const text = result.result?.trim() ?? "";
    const denied = deniedOf(result);
    if (result.is_error === true || result.subtype !== "success" || failure !== undefined) {
      const detail = [text, ...(result.errors ?? [])].filter((s) => s !== "").join("; ");
      const status = result.api_error_status ?? quotedStatus(detail) ?? failure?.status;
      // An API error arrives as subtype "success" with is_error: the subtype says nothing then.
      const what =
        result.subtype !== "success"
          ? `claude run failed (${result.subtype})`
          : status === undefined
            ? "claude reported an error"
            : `claude reported an API error (HTTP ${status})`;
      const message =
        what +
        (detail ? `: ${tail(detail, ERROR_TAIL_CHARS)}` : failure ? `: ${failure.message}` : "") +
        (NOT_LOGGED_IN.test(detail) ? LOGIN_HINT : "");
      return { ok: false, ...definedUsage(usage), ...denied, summary: "", failure: withStatus(message, status) };
    }
    return { ok: true, ...definedUsage(usage), ...denied, summary: text };
  },
};

/**
 * Claude Code 2.1 retries every API error itself (401, 429, 500, 529: 10 retries with backoff,
 * 180-210 s per attempt, seen against the scripted server). Foreman backs off between attempts
 * itself (within the wall-clock budget), so the CLI's own retries are off.
 */
export const NO_CLI_RETRIES: Readonly<Record<string, string>> = { CLAUDE_CODE_MAX_RETRIES: "0" };

const NOT_LOGGED_IN = /not logged in|invalid api key|please run \/login/i;
const LOGIN_HINT =
  " (give the agent a key: ANTHROPIC_API_KEY in the environment, or agent.provider.auth_token_env naming the variable that holds a gateway token)";

/** The tool calls the CLI refused, as `Tool(input)`: `Bash(npm test)`, `Write(/etc/passwd)`. */
function deniedOf(r: ClaudeResult | undefined): { deniedTools?: string[] } {
  const denials = r?.permission_denials ?? [];
  const out: string[] = [];
  for (const d of denials) {
    if (!isRecord(d) || typeof d["tool_name"] !== "string") continue;
    const input = d["tool_input"];
    const arg = isRecord(input)
      ? typeof input["command"] === "string"
        ? input["command"]
        : typeof input["file_path"] === "string"
          ? input["file_path"]
          : JSON.stringify(input)
      : "";
    out.push(`${d["tool_name"]}(${arg})`);
  }
  return out.length === 0 ? {} : { deniedTools: out };
}

function usageOf(r: ClaudeResult): { costUsd?: number; tokens?: number } {
  const u = r.usage;
  return {
    costUsd: r.total_cost_usd ?? r.cost_usd,
    tokens: u ? sumDefined([u.input_tokens, u.output_tokens, u.cache_creation_input_tokens, u.cache_read_input_tokens]) : undefined,
  };
}

/**
 * The last `type: "result"` object in stdout: the whole output as one JSON value (an object, or
 * an array of messages), else the last line that parses to one.
 */
function findResult(stdout: string): { result?: ClaudeResult; problem?: string } | undefined {
  const candidates: JsonRecord[] = [];
  const whole = parseJson(stdout);
  if (isRecord(whole)) candidates.push(whole);
  else if (Array.isArray(whole)) candidates.push(...whole.filter(isRecord));
  else {
    for (const line of stdout.split(/\r?\n/)) {
      const v = parseJson(line);
      if (isRecord(v)) candidates.push(v);
      else if (Array.isArray(v)) candidates.push(...v.filter(isRecord));
    }
  }
  if (candidates.length === 0) return undefined;
  for (let i = candidates.length - 1; i >= 0; i--) {
    const c = candidates[i]!;
    if (c["type"] !== "result") continue;
    const parsed = resultSchema.safeParse(c);
    if (parsed.success) return { result: parsed.data };
    return { problem: `result object: ${formatZodIssues(parsed.error.issues, 1)}` };
  }
  return { problem: 'no object with "type": "result"' };
}
