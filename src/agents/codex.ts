/**
 * Codex CLI: `codex exec --json --sandbox workspace-write … -` (or with codex's sandbox bypassed inside Foreman's), the prompt on standard input.
 *
 * Documented (openai/codex `docs/exec.md`, `codex exec --help`): `-` as the prompt argument reads
 * the instructions from stdin; `--sandbox workspace-write` allows edits and commands in the
 * workspace (0.171 rejects the old `--full-auto` flag: never pass it); `--json` prints JSON Lines events:
 * `thread.started`, `turn.started`, `item.started|updated|completed` (`item.type`:
 * `agent_message` carries `text`), `turn.completed` with
 * `usage: { input_tokens, cached_input_tokens, output_tokens }`, `turn.failed` with
 * `error: { message }`, and `error` with `message`. Early releases named the item field
 * `item_type` and the message item `assistant_message`; both spellings are read.
 *
 * Codex also prints `error` events while it retries a dropped stream
 * (`Reconnecting... 1/5 (…)`) and may still complete the turn (openai/codex#32984), so an
 * `error` only fails the run when no `turn.completed` follows it. Failed requests quote the
 * HTTP status (`unexpected status 401 Unauthorized: …`, `last status: 429 Too Many Requests`).
 *
 * Codex reports tokens, not cost: cost is priced from `agent.prices` (USD per million tokens;
 * cached input at `cached_input_per_mtok`, else at the input price). `cached_input_tokens` is
 * part of `input_tokens`. A run that failed before any model output (only `error` /
 * `turn.failed` events, no item, no usage) proves that no response was billed: `notBilled`.
 *
 * Gates: `exec` has no per-command allowlist; the `workspace-write` sandbox already lets the
 * agent run commands (the planned gates included) inside the workspace, nothing broader.
 *
 * Sandboxes: when Foreman's own sandbox confines the agent (`ctx.sandboxed`), codex's inner one is
 * redundant and is bypassed (`--dangerously-bypass-approvals-and-sandbox`: codex's bubblewrap
 * cannot start inside Foreman's). Without Foreman's sandbox, codex keeps its own. Inside Foreman's
 * sandbox HOME is read-only, so unless `agent.provider.home` names one, `CODEX_HOME` is the
 * attempt's agent home (written by Foreman): `~/.codex` is not read there, and the provider
 * comes from `agent.provider` (with `base_url`) or the key variables.
 * Codex's own sandbox (bubblewrap) can fail to start (`bwrap: execvp codex-linux-sandbox`, e.g.
 * when `HOME` is under `TMPDIR` or inside another sandbox): every command then fails and codex
 * still exits 0. Such a run is a failure that says so, never an empty-diff success.
 *
 * Provider (`agent.provider`): 0.171 ignores `OPENAI_BASE_URL`, so `base_url` becomes a provider
 * given with `-c` pairs (`model_provider="foreman"`, `model_providers.foreman.{name, base_url,
 * env_key, wire_api="responses"}`); `env_key` is `auth_token_env` (passed through only then) or
 * `OPENAI_API_KEY`; `home` → `CODEX_HOME`; `model` → `--model`. Codex's own request and stream retries of that provider are off
 * (`request_max_retries=0`, `stream_max_retries=0`): Foreman backs off between attempts. An unreachable endpoint makes
 * codex print `Reconnecting…` and never exit: `agent.idle_timeout_minutes` stops it (transient).
 */
import { z } from "zod";
import type { Config } from "../core/config.js";
import type { AgentContext, AgentFailure, AgentPresetDefinition, AgentResult } from "../loop/agent-preset.js";
import { definedUsage, exitFailure, isRecord, jsonLines, quotedStatus, tail, timedOutResult, withStatus } from "./output.js";
import { definedEnv, providerOf, withExtras } from "./provider.js";

/** The name Foreman gives the configured provider in codex's `model_providers` table. */
export const CODEX_PROVIDER_ID = "foreman";

/** Written into the attempt's agent home so that it exists: codex's home inside Foreman's sandbox. */
const SANDBOXED_HOME_README = {
  name: "README.txt",
  content:
    "CODEX_HOME of one Foreman attempt inside Foreman's sandbox (HOME is read-only there).\n" +
    "The provider comes from agent.provider (codex -c pairs); ~/.codex is not read.\n",
};

/** What a command prints when codex's own sandbox could not start it. */
const SANDBOX_FAILURE = /bwrap: |codex-linux-sandbox|landlock|seccomp.*(?:fail|error)/i;

/**
 * What codex 0.171 prints on stderr when it cannot create its helper binaries (PATH aliases,
 * `codex-linux-sandbox` among them; it refuses to when its home is under the temp dir). Its own
 * sandbox then cannot start any command (`bwrap: execvp codex-linux-sandbox`), and `--json`
 * shows no command item to read that from: only the model sees the failure.
 */
const NO_SANDBOX_HELPER = /^.*could not create PATH aliases.*$/im;

const count = z.number().finite().nonnegative();
const usageSchema = z.looseObject({
  input_tokens: count.default(0),
  cached_input_tokens: count.default(0),
  output_tokens: count.default(0),
});

type Prices = NonNullable<Config["agent"]["prices"]>;

interface Totals {
  input: number;
  cached: number;
  output: number;
}

export const codex: AgentPresetDefinition = {
  name: "codex",
  envAllowlist: ["OPENAI_API_KEY", "CODEX_API_KEY", "OPENAI_BASE_URL"],

  invocation(ctx) {
    const p = providerOf(ctx);
    const config: string[] = [];
    const envFrom: Record<string, string> = {};
    if (p.base_url !== undefined) {
      const key = p.auth_token_env ?? "OPENAI_API_KEY";
      const pairs: [string, string | number][] = [
        ["model_provider", CODEX_PROVIDER_ID],
        [`model_providers.${CODEX_PROVIDER_ID}.name`, CODEX_PROVIDER_ID],
        [`model_providers.${CODEX_PROVIDER_ID}.base_url`, p.base_url],
        [`model_providers.${CODEX_PROVIDER_ID}.env_key`, key],
        [`model_providers.${CODEX_PROVIDER_ID}.wire_api`, "responses"],
        // Foreman backs off between attempts itself: codex does not retry a failed request.
        [`model_providers.${CODEX_PROVIDER_ID}.request_max_retries`, 0],
        [`model_providers.${CODEX_PROVIDER_ID}.stream_max_retries`, 0],
      ];
      // Values are TOML; a JSON string is a valid TOML basic string.
      for (const [k, v] of pairs) config.push("-c", `${k}=${JSON.stringify(v)}`);
      envFrom[key] = key;
    } else if (p.auth_token_env !== undefined) {
      envFrom["OPENAI_API_KEY"] = p.auth_token_env;
    }
    const model = p.model === undefined ? [] : ["--model", p.model];
    const base = {
      argv: ["codex", "exec", "--json", ...sandboxArgs(ctx), ...config, ...model, ...ctx.agent.args, "-"],
      stdinFile: ctx.promptFile,
    };
    // Inside Foreman's sandbox HOME is read-only and codex must write its home (sessions, PATH
    // aliases): without a configured home it gets the attempt's own agent home.
    if (ctx.sandboxed === true && p.home === undefined && ctx.agentHome !== undefined) {
      return withExtras(base, { env: { CODEX_HOME: ctx.agentHome }, envFrom, files: [SANDBOXED_HOME_README] });
    }
    return withExtras(base, { env: definedEnv({ CODEX_HOME: p.home }), envFrom });
  },

  parse(output, ctx): AgentResult {
    const totals: Totals = { input: 0, cached: 0, output: 0 };
    let sawUsage = false;
    let summary = "";
    let completedTurns = 0;
    // A failure (or a retry notice) counts only when no turn.completed comes after it.
    let pendingError: string | undefined;
    let pendingRetry: string | undefined;
    // Any item means the model answered (billed); commands tell whether codex's sandbox worked.
    let items = 0;
    let commandsOk = 0;
    let sandboxFailure: string | undefined;

    for (const { value: event } of jsonLines(output.stdout)) {
      switch (event["type"]) {
        case "item.completed": {
          if (isModelItem(event["item"])) items++;
          const text = agentMessageText(event["item"]);
          if (text !== undefined) summary = text;
          const command = commandOutcome(event["item"]);
          if (command?.ok === true) commandsOk++;
          else if (command !== undefined && SANDBOX_FAILURE.test(command.output)) sandboxFailure ??= command.output;
          break;
        }
        case "item.started":
        case "item.updated":
          if (isModelItem(event["item"])) items++;
          break;
        case "turn.completed": {
          completedTurns++;
          pendingError = undefined;
          pendingRetry = undefined;
          const usage = usageSchema.safeParse(event["usage"]);
          if (usage.success) {
            sawUsage = true;
            totals.input += usage.data.input_tokens;
            totals.cached += Math.min(usage.data.cached_input_tokens, usage.data.input_tokens);
            totals.output += usage.data.output_tokens;
          }
          break;
        }
        case "turn.failed":
          pendingError = messageOf(event["error"]) ?? "codex reported turn.failed without a message";
          break;
        case "error": {
          const message = messageOf(event) ?? "codex reported an error without a message";
          if (/^Reconnecting(?:\.\.\.|…)/.test(message)) pendingRetry = message;
          else pendingError = message;
          break;
        }
        default:
          break;
      }
    }

    const usage = sawUsage ? { tokens: totals.input + totals.output, costUsd: price(totals, ctx.agent.prices) } : {};
    // Failed before any model output: the output proves no response was billed.
    const failedBeforeResponse = !sawUsage && items === 0 && completedTurns === 0 && (pendingError !== undefined || pendingRetry !== undefined);
    const notBilled = failedBeforeResponse ? { notBilled: true } : {};
    if (output.timedOut) {
      const r = timedOutResult("codex", usage);
      if (r.ok || pendingRetry === undefined) return { ...r, ...notBilled };
      return { ...r, ...notBilled, failure: { ...r.failure, message: `${r.failure.message}; it was reconnecting: ${tail(pendingRetry, 500)}` } };
    }

    const failure = exitFailure("codex", output);
    const error: AgentFailure | undefined =
      pendingError !== undefined
        ? withStatus(`codex failed: ${tail(pendingError, 2_000)}`, quotedStatus(pendingError))
        : (failure ??
          (pendingRetry !== undefined
            ? { message: `codex stopped while retrying: ${tail(pendingRetry, 2_000)}` }
            : completedTurns === 0
              ? {
                  message:
                    output.stdout.trim() === ""
                      ? "codex printed nothing on standard output; expected JSON Lines events (is --json being overridden in agent.args?)"
                      : `codex printed no turn.completed event; output ends with: ${tail(output.stdout, 300)}`,
                }
              : undefined));
    if (error !== undefined) return { ok: false, ...definedUsage(usage), ...notBilled, summary, failure: error };
    // Only codex's own sandbox needs its helper: inside Foreman's sandbox codex's is bypassed.
    const noHelper = ctx.sandboxed === true ? undefined : NO_SANDBOX_HELPER.exec(output.stderr)?.[0];
    const sandboxText = sandboxFailure ?? (SANDBOX_FAILURE.test(output.stderr) ? output.stderr : noHelper);
    if (sandboxText !== undefined && commandsOk === 0) {
      const message =
        `codex's own sandbox could not run commands (${tail(sandboxText, 300)}); every command failed although codex exited 0. ` +
        "Fix: let codex's bubblewrap start (its home, CODEX_HOME or ~/.codex, outside the temp dir; on Ubuntu runners sysctl kernel.apparmor_restrict_unprivileged_userns=0), " +
        "or run Foreman with sandbox: auto or required, where bubblewrap works (inside Foreman's sandbox codex's own is bypassed), " +
        'or, knowing the agent then runs unconfined, add ["--sandbox", "danger-full-access"] to agent.args';
      return { ok: false, ...definedUsage(usage), summary, failure: { message } };
    }
    return { ok: true, ...definedUsage(usage), summary };
  },
};

/**
 * Codex's own sandbox: inside Foreman's sandbox it is redundant (and its bubblewrap cannot start
 * there), so it is bypassed; without Foreman's sandbox codex keeps its own (`workspace-write`).
 */
export function sandboxArgs(ctx: AgentContext): string[] {
  return ctx.sandboxed === true ? ["--dangerously-bypass-approvals-and-sandbox"] : ["--sandbox", "workspace-write"];
}

/**
 * Whether an item came from the model. Codex also reports its own warnings as `error` items
 * (`Model metadata for \`gpt-5\` not found…`) before any request: those prove nothing was billed.
 */
function isModelItem(item: unknown): boolean {
  return !isRecord(item) || (item["type"] ?? item["item_type"]) !== "error";
}

function agentMessageText(item: unknown): string | undefined {
  if (!isRecord(item)) return undefined;
  const kind = item["type"] ?? item["item_type"];
  if (kind !== "agent_message" && kind !== "assistant_message") return undefined;
  const text = item["text"];
  return typeof text === "string" ? text.trim() : undefined;
}

/** A finished command item: whether it succeeded, and what it printed. */
function commandOutcome(item: unknown): { ok: boolean; output: string } | undefined {
  if (!isRecord(item) || (item["type"] ?? item["item_type"]) !== "command_execution") return undefined;
  const output = typeof item["aggregated_output"] === "string" ? item["aggregated_output"] : "";
  return { ok: item["exit_code"] === 0, output };
}

function messageOf(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const m = value["message"];
  return typeof m === "string" && m.trim() !== "" ? m.trim() : undefined;
}

/** USD for the tokens at the configured prices; undefined when no prices are configured. */
export function price(t: Totals, prices: Prices | undefined): number | undefined {
  if (!prices) return undefined;
  const cachedPrice = prices.cached_input_per_mtok ?? prices.input_per_mtok;
  return ((t.input - t.cached) * prices.input_per_mtok + t.cached * cachedPrice + t.output * prices.output_per_mtok) / 1_000_000;
}
