/**
 * Codex CLI: `codex exec --json --sandbox workspace-write … -`, the prompt on standard input.
 *
 * Documented (openai/codex `docs/exec.md`, `codex exec --help`): `-` as the prompt argument reads
 * the instructions from stdin; `--sandbox workspace-write` allows edits in the workspace
 * (`--full-auto` is its deprecated alias); `--json` prints JSON Lines events:
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
 * part of `input_tokens`.
 */
import { z } from "zod";
import type { Config } from "../core/config.js";
import type { AgentFailure, AgentPresetDefinition, AgentResult } from "../loop/agent-preset.js";
import { definedUsage, exitFailure, isRecord, jsonLines, quotedStatus, tail, timedOutResult, withStatus } from "./output.js";

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
    return {
      argv: ["codex", "exec", "--json", "--sandbox", "workspace-write", ...ctx.agent.args, "-"],
      stdinFile: ctx.promptFile,
    };
  },

  parse(output, ctx): AgentResult {
    const totals: Totals = { input: 0, cached: 0, output: 0 };
    let sawUsage = false;
    let summary = "";
    let completedTurns = 0;
    // A failure (or a retry notice) counts only when no turn.completed comes after it.
    let pendingError: string | undefined;
    let pendingRetry: string | undefined;

    for (const { value: event } of jsonLines(output.stdout)) {
      switch (event["type"]) {
        case "item.completed": {
          const text = agentMessageText(event["item"]);
          if (text !== undefined) summary = text;
          break;
        }
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
          if (/^Reconnecting\.\.\. \d+\/\d+/.test(message)) pendingRetry = message;
          else pendingError = message;
          break;
        }
        default:
          break;
      }
    }

    const usage = sawUsage ? { tokens: totals.input + totals.output, costUsd: price(totals, ctx.agent.prices) } : {};
    if (output.timedOut) return timedOutResult("codex", usage);

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
    if (error !== undefined) return { ok: false, ...definedUsage(usage), summary, failure: error };
    return { ok: true, ...definedUsage(usage), summary };
  },
};

function agentMessageText(item: unknown): string | undefined {
  if (!isRecord(item)) return undefined;
  const kind = item["type"] ?? item["item_type"];
  if (kind !== "agent_message" && kind !== "assistant_message") return undefined;
  const text = item["text"];
  return typeof text === "string" ? text.trim() : undefined;
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
