/**
 * Gemini CLI (`@google/gemini-cli`, checked against 0.61): `gemini --output-format stream-json
 * --skip-trust --approval-mode auto_edit`, the task on standard input (a standard input that is
 * not a terminal makes it run headless; no `--prompt` is needed, so argv holds no prose).
 *
 * Output: JSON Lines events (`packages/cli/src/nonInteractiveCli.ts`, recorded in
 * `test/agents/fixtures/gemini/stream-*.jsonl`): `init` (`session_id`, `model`), `message`
 * (`role`, `content`, `delta`), `tool_use` (`tool_name`, `tool_id`, `parameters`), `tool_result`
 * (`tool_id`, `status`, `error: { type, message }`; `policy_violation` when a tool was refused),
 * `error` (`severity`, `message`), and a last `result` (`status` `success` | `error`, `error: {
 * type, message }`, `stats: { total_tokens, input_tokens, output_tokens, cached, … }`). Unlike
 * `--output-format json` (which prints nothing at all when the API fails), the stream always ends
 * with a `result` carrying the stats, so an API error before any response proves that nothing was
 * billed (0 tokens, no message, no tool call: `notBilled`), and its message quotes the API's
 * status and text. The older single JSON object (`--output-format json` in `agent.args`) is still
 * read. Exit codes: 0 success, anything else a failure.
 * Gemini reports tokens, not cost: cost is priced from `agent.prices` (`input_tokens` as input,
 * `cached` as cached input, `output_tokens` as output; what `total_tokens` holds beyond those,
 * thoughts, is priced as output: never less than was billed).
 *
 * Retries: gemini retries 429 and 5xx itself for 90 s and more; Foreman's backoff decides
 * instead, so the preset's settings say `general.maxAttempts: 1` (one request, no retry).
 *
 * Permissions: `--skip-trust` is required headless; `auto_edit` approves edits only, and a
 * policy file (`--policy`, written to the attempt's agent home) allows exactly the planned gate
 * commands (`run_shell_command` with `commandPrefix`), nothing broader. Tools the CLI refused
 * are read from `tool_result` errors (`policy_violation`, `permission_denied`).
 *
 * Settings and provider (`agent.provider`): `base_url` → `GOOGLE_GEMINI_BASE_URL`;
 * `auth_token_env` → the child's `GEMINI_API_KEY`; `model` → `--model`. The CLI must be told to
 * use that key (`security.auth.selectedType = "gemini-api-key"`): with a provider and no `home`,
 * the preset writes `.gemini/settings.json` (auth and retries) in the attempt's agent home and
 * points `GEMINI_CLI_HOME` there (gemini reads `<GEMINI_CLI_HOME>/.gemini/settings.json` wherever
 * it is; a system settings file below a directory others may write, such as `/tmp`, it skips).
 * Without a provider the user's own gemini home (and login) is kept, and `home` →
 * `GEMINI_CLI_HOME` (its settings rule): the retry setting then goes in a system settings file
 * (`GEMINI_CLI_SYSTEM_SETTINGS_PATH`, merged over the user's), which gemini skips below such a
 * directory (it then retries itself, and a failure says so).
 */
import { z } from "zod";
import type { AgentContext, AgentHomeFile, AgentOutput, AgentPresetDefinition, AgentResult } from "../loop/agent-preset.js";
import { price } from "./codex.js";
import {
  ERROR_TAIL_CHARS,
  definedUsage,
  exitFailure,
  isRecord,
  parseJsonObject,
  type JsonRecord,
  quotedStatus,
  tail,
  timedOutResult,
  withStatus,
} from "./output.js";
import { definedEnv, gateCommandLines, providerOf, withExtras } from "./provider.js";
import { geminiApiStatus, readGeminiStream, type GeminiStream, type GeminiStreamStats } from "./gemini-stream.js";

const count = z.number().finite().nonnegative();
const modelSchema = z.looseObject({
  api: z.looseObject({ totalRequests: count.optional(), totalErrors: count.optional() }).optional().catch(undefined),
  tokens: z
    .looseObject({
      prompt: count.optional(),
      candidates: count.optional(),
      total: count.optional(),
      cached: count.optional(),
      thoughts: count.optional(),
      tool: count.optional(),
    })
    .optional()
    .catch(undefined),
});
const outputSchema = z.looseObject({
  response: z.string().optional().catch(undefined),
  stats: z
    .looseObject({
      models: z.record(z.string(), z.unknown()).optional().catch(undefined),
      tools: z
        .looseObject({ byName: z.record(z.string(), z.unknown()).optional().catch(undefined) })
        .optional()
        .catch(undefined),
    })
    .optional()
    .catch(undefined),
  error: z.looseObject({ type: z.string().optional(), message: z.string().optional(), code: z.unknown().optional() }).optional().catch(undefined),
});
type GeminiOutput = z.output<typeof outputSchema>;

/** Settings that turn gemini's own retries off: one request per model call, Foreman's backoff decides. */
const NO_RETRIES = { general: { maxAttempts: 1 } };
/** Settings that select the API key in `GEMINI_API_KEY` (what a provider or gateway needs). */
const API_KEY_AUTH = { security: { auth: { selectedType: "gemini-api-key" } } };

export const gemini: AgentPresetDefinition = {
  name: "gemini",
  envAllowlist: ["GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_GEMINI_BASE_URL", "GOOGLE_CLOUD_PROJECT"],

  invocation(ctx) {
    const p = providerOf(ctx);
    const files: AgentHomeFile[] = [];
    const env: Record<string, string | undefined> = { GOOGLE_GEMINI_BASE_URL: p.base_url, GEMINI_CLI_HOME: p.home };
    const lines = gateCommandLines(ctx);
    const policy: string[] = [];
    if (lines.length > 0 && ctx.agentHome !== undefined) {
      files.push({ name: "gates-policy.toml", content: gatePolicy(lines) });
      policy.push("--policy", `${ctx.agentHome}/gates-policy.toml`);
    }
    if (ctx.agentHome !== undefined) {
      if (p.home === undefined && (p.base_url !== undefined || p.auth_token_env !== undefined)) {
        files.push({ name: ".gemini/settings.json", content: settingsJson({ ...API_KEY_AUTH, ...NO_RETRIES }) });
        env["GEMINI_CLI_HOME"] = ctx.agentHome;
      } else {
        files.push({ name: "system-settings.json", content: settingsJson(NO_RETRIES) });
        env["GEMINI_CLI_SYSTEM_SETTINGS_PATH"] = `${ctx.agentHome}/system-settings.json`;
      }
    }
    const model = p.model === undefined ? [] : ["--model", p.model];
    return withExtras(
      {
        argv: ["gemini", "--output-format", "stream-json", "--skip-trust", "--approval-mode", "auto_edit", ...policy, ...model, ...ctx.agent.args],
        stdinFile: ctx.promptFile,
      },
      { env: definedEnv(env), envFrom: p.auth_token_env === undefined ? {} : { GEMINI_API_KEY: p.auth_token_env }, files },
    );
  },

  parse(output, ctx): AgentResult {
    const stream = readGeminiStream(output.stdout);
    return withSettingsHint(stream === undefined ? parseOutput(output, ctx) : parseStream(stream, output, ctx), output);
  },
};

function settingsJson(settings: object): string {
  return `${JSON.stringify(settings, null, 2)}\n`;
}

/**
 * Gemini CLI refuses a system settings file under a directory others may write (`/tmp`:
 * "Security Warning: Skipping system settings file …: Parent directory '/tmp' is insecure"), so
 * the API-key selection Foreman wrote is ignored and the run fails ("Invalid auth method
 * selected"). A failure that follows that warning says why and how to fix it.
 */
function withSettingsHint(r: AgentResult, output: AgentOutput): AgentResult {
  if (r.ok) return r;
  const warning = /Skipping system settings file[^\n]*/.exec(`${output.stderr}\n${output.stdout}`)?.[0];
  if (warning === undefined) return r;
  const hint =
    ` (gemini ignored Foreman's settings file, so its own auth choice and retries applied: ${tail(warning, 300)}. Keep the repository outside a directory others can write, ` +
    "such as /tmp, or set agent.provider.home to a gemini home whose .gemini/settings.json selects gemini-api-key and sets general.maxAttempts to 1)";
  return { ...r, failure: { ...r.failure, message: r.failure.message + hint } };
}

/** The preset's reading of gemini's `--output-format stream-json` events. */
function parseStream(stream: GeminiStream, output: AgentOutput, ctx: AgentContext): AgentResult {
  const usage = stream.result?.stats === undefined ? {} : streamUsage(stream.result.stats, ctx.agent.prices);
  const denied = stream.denied.length === 0 ? {} : { deniedTools: stream.denied };
  if (output.timedOut) return { ...timedOutResult("gemini", usage), ...denied };
  const result = stream.result;
  // Proof that nothing was billed: the stream ended with its stats, no response and no token.
  const notBilled = result?.stats !== undefined && !stream.responded && (result.stats.total_tokens ?? 0) === 0 ? { notBilled: true } : {};
  const base = { ok: false as const, ...definedUsage(usage), ...denied, ...notBilled, summary: stream.summary };
  if (result?.status === "error" || (result === undefined && stream.errors.length > 0)) {
    const why = result?.error?.message?.trim() || result?.error?.type || stream.errors.at(-1) || "an error without a message";
    const status = geminiApiStatus(why, output.stderr) ?? quotedStatus(why) ?? exitFailure("gemini", output)?.status;
    return { ...base, failure: withStatus(`gemini failed: ${tail(why, ERROR_TAIL_CHARS)}`, status) };
  }
  const failure = exitFailure("gemini", output);
  if (failure !== undefined) return { ...base, failure };
  if (result === undefined) {
    const message = `gemini's event stream ended without a result event; output ends with: ${tail(output.stdout, 300)}`;
    return { ...base, failure: { message } };
  }
  return { ok: true, ...definedUsage(usage), ...denied, summary: stream.summary };
}

/**
 * Tokens and priced cost of the stream's stats. Tokens beyond input and output in
 * `total_tokens` (thoughts) are priced as output: never less than was billed.
 */
function streamUsage(stats: GeminiStreamStats, prices: Parameters<typeof price>[1]): { tokens?: number; costUsd?: number } {
  const input = stats.input_tokens ?? 0;
  const output = stats.output_tokens ?? 0;
  const total = stats.total_tokens ?? input + output;
  const t = { input, cached: Math.min(stats.cached ?? 0, input), output: output + Math.max(total - input - output, 0) };
  const costUsd = price(t, prices);
  return costUsd === undefined ? { tokens: total } : { tokens: total, costUsd };
}

/** The preset's reading of gemini's `--output-format json` output (the JSON object it prints when the run ends). */
function parseOutput(output: AgentOutput, ctx: AgentContext): AgentResult {
  const found = findOutput(output.stdout);
  const usage = found ? usageOf(found, ctx.agent.prices) : {};
  const denied = found ? deniedOf(found) : {};
  if (output.timedOut) return timedOutResult("gemini", usage);
  const failure = exitFailure("gemini", output);
  const notBilled = found !== undefined && found.error !== undefined && answered(found) === 0 ? { notBilled: true } : {};
  if (found?.error !== undefined) {
    const why = found.error.message?.trim() || found.error.type || "an error without a message";
    const code = typeof found.error.code === "number" && found.error.code >= 100 && found.error.code <= 599 ? found.error.code : undefined;
    const failureOut = withStatus(`gemini failed: ${tail(why, ERROR_TAIL_CHARS)}`, code ?? quotedStatus(why) ?? failure?.status);
    return { ok: false, ...definedUsage(usage), ...denied, ...notBilled, summary: found.response?.trim() ?? "", failure: failureOut };
  }
  if (failure !== undefined) return { ok: false, ...definedUsage(usage), ...denied, summary: found?.response?.trim() ?? "", failure };
  if (found === undefined) {
    const message =
      output.stdout.trim() === ""
        ? "gemini printed nothing on standard output; expected a JSON object (is --output-format json being overridden in agent.args?)"
        : `gemini's output is not a JSON object; output ends with: ${tail(output.stdout, 300)}`;
    return { ok: false, summary: "", failure: { message } };
  }
  return { ok: true, ...definedUsage(usage), ...denied, summary: found.response?.trim() ?? "" };
}

/** A policy that allows exactly these shell commands (TOML strings are JSON strings here). */
function gatePolicy(lines: readonly string[]): string {
  return lines
    .map((line) => `[[rule]]\ntoolName = "run_shell_command"\ncommandPrefix = ${JSON.stringify(line)}\ndecision = "allow"\npriority = 100\n`)
    .join("\n");
}

/** The JSON object of the output: the whole stdout, else the last line that is an object. */
function findOutput(stdout: string): GeminiOutput | undefined {
  const whole = parseJsonObject(stdout);
  const candidates: JsonRecord[] =
    whole !== undefined
      ? [whole]
      : stdout.split(/\r?\n/).flatMap((l) => {
          const v = parseJsonObject(l);
          return v === undefined ? [] : [v];
        });
  for (let i = candidates.length - 1; i >= 0; i--) {
    const c = candidates[i]!;
    if (!("response" in c) && !("stats" in c) && !("error" in c)) continue;
    const parsed = outputSchema.safeParse(c);
    if (parsed.success) return parsed.data;
  }
  return undefined;
}

function models(o: GeminiOutput): z.output<typeof modelSchema>[] {
  return Object.values(o.stats?.models ?? {}).flatMap((m) => {
    const parsed = modelSchema.safeParse(m);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Model responses that arrived (requests minus errors, or any tokens), over all models. */
function answered(o: GeminiOutput): number {
  let n = 0;
  for (const m of models(o)) {
    const ok = (m.api?.totalRequests ?? 0) - (m.api?.totalErrors ?? 0);
    n += Math.max(ok, 0) + ((m.tokens?.candidates ?? 0) > 0 ? 1 : 0);
  }
  return n;
}

function usageOf(o: GeminiOutput, prices: Parameters<typeof price>[1]): { tokens?: number; costUsd?: number } {
  const ms = models(o);
  if (ms.length === 0) return {};
  let total = 0;
  const t = { input: 0, cached: 0, output: 0 };
  for (const m of ms) {
    const k = m.tokens ?? {};
    const output = (k.candidates ?? 0) + (k.thoughts ?? 0);
    total += k.total ?? (k.prompt ?? 0) + output + (k.tool ?? 0);
    t.input += k.prompt ?? 0;
    t.cached += Math.min(k.cached ?? 0, k.prompt ?? 0);
    t.output += output;
  }
  const costUsd = price(t, prices);
  return costUsd === undefined ? { tokens: total } : { tokens: total, costUsd };
}

function deniedOf(o: GeminiOutput): { deniedTools?: string[] } {
  const out: string[] = [];
  for (const [name, stats] of Object.entries(o.stats?.tools?.byName ?? {})) {
    const decisions = isRecord(stats) ? stats["decisions"] : undefined;
    const rejected = isRecord(decisions) ? decisions["reject"] : undefined;
    if (typeof rejected === "number" && rejected > 0) out.push(`${name} (refused ${rejected}×)`);
  }
  return out.length === 0 ? {} : { deniedTools: out };
}
