/**
 * Pi coding agent (badlogic/pi-mono, `@mariozechner/pi-coding-agent`):
 * `pi --print --mode json --no-session`, the prompt on standard input.
 *
 * Verified against badlogic/pi-mono:
 * - `packages/coding-agent/docs/usage.md`: "In print mode, pi also reads piped stdin and merges it
 *   into the initial prompt"; `--mode json` "Output all events as JSON lines"; `--no-session`
 *   "Ephemeral mode; do not save". Non-interactive modes never load project-local `.pi`
 *   resources unless trusted, so a repository cannot plug extensions into the run.
 * - `packages/coding-agent/docs/json.md`: the first line is a `{"type":"session",…}` header,
 *   then `AgentSessionEvent`s: `agent_start`, `turn_start`, `message_start|update|end`
 *   (`message`), `turn_end` (`message`, `toolResults`), `agent_end` (`messages`), tool events,
 *   `auto_compaction_start|end`, `auto_retry_start` (`attempt`, `maxAttempts`, `errorMessage`),
 *   `auto_retry_end` (`success`, `finalError?`).
 * - `packages/ai/src/types.ts`: `AssistantMessage { role: "assistant", content: (TextContent |
 *   ThinkingContent | ToolCall)[], usage: { input, output, cacheRead, cacheWrite, totalTokens,
 *   cost: { …, total } }, stopReason: "stop" | "length" | "toolUse" | "error" | "aborted",
 *   errorMessage?, timestamp }`.
 * - `packages/coding-agent/src/modes/print-mode.ts`: in json mode pi prints every event and does
 *   not turn an error into an exit code (only text mode exits 1 on `error`/`aborted`), so the
 *   outcome is read from the last assistant message.
 *
 * Provider (`agent.provider`): pi reads a base URL only from `models.json` in its agent
 * directory. With `base_url`, Foreman writes `models.json` into the attempt's own agent home
 * (`PI_CODING_AGENT_DIR`) overriding the provider named by `--provider` in `agent.args`
 * (`anthropic` by default), with `apiKey` naming `auth_token_env` (passed through only then);
 * `home` → `PI_CODING_AGENT_DIR` instead (its own `models.json` then rules); `model` → `--model`.
 * In the agent home Foreman writes, `settings.json` turns pi's own retries off (Foreman backs off
 * between attempts); with `home` or no provider, pi's settings there rule (`retry.enabled`).
 * Pi has no permission system: its bash tool can run the gates (and anything else) as it is.
 * A stalled stream is stopped by `agent.idle_timeout_minutes`.
 *
 * The same message appears in several events (`message_end`, `turn_end`, `agent_end`): it is
 * counted once. A message that failed and was retried (`auto_retry_start`) counts for its cost
 * but does not fail a run whose last message succeeded.
 */
import { z } from "zod";
import type { AgentPresetDefinition, AgentResult } from "../loop/agent-preset.js";
import { definedEnv, providerOf, withExtras } from "./provider.js";
import { ERROR_TAIL_CHARS, definedUsage, exitFailure, jsonLines, quotedStatus, sumDefined, tail, timedOutResult, withStatus } from "./output.js";

const count = z.number().finite().nonnegative();

const assistantSchema = z.looseObject({
  role: z.literal("assistant"),
  content: z.array(z.unknown()).catch([]),
  usage: z
    .looseObject({
      input: count.optional(),
      output: count.optional(),
      cacheRead: count.optional(),
      cacheWrite: count.optional(),
      totalTokens: count.optional(),
      cost: z.looseObject({ total: count.optional() }).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
  stopReason: z.string().optional().catch(undefined),
  errorMessage: z.string().optional().catch(undefined),
  timestamp: z.number().optional().catch(undefined),
});

type AssistantMessage = z.output<typeof assistantSchema>;

const textPart = z.looseObject({ type: z.literal("text"), text: z.string() });

export const pi: AgentPresetDefinition = {
  name: "pi",
  envAllowlist: ["ANTHROPIC_API_KEY", "ANTHROPIC_OAUTH_TOKEN", "OPENAI_API_KEY", "GEMINI_API_KEY", "OPENROUTER_API_KEY"],

  invocation(ctx) {
    const p = providerOf(ctx);
    const model = p.model === undefined ? [] : ["--model", p.model];
    const base = { argv: ["pi", "--print", "--mode", "json", "--no-session", ...model, ...ctx.agent.args], stdinFile: ctx.promptFile };
    if (p.home !== undefined) {
      return withExtras(base, { env: { PI_CODING_AGENT_DIR: p.home }, envFrom: keyFrom(p.auth_token_env) });
    }
    if (p.base_url === undefined || ctx.agentHome === undefined) return base;
    const provider = providerArg(ctx.agent.args) ?? "anthropic";
    const entry = definedEnv({ baseUrl: p.base_url, apiKey: p.auth_token_env });
    return withExtras(base, {
      env: { PI_CODING_AGENT_DIR: ctx.agentHome },
      envFrom: keyFrom(p.auth_token_env),
      files: [{ name: "models.json", content: `${JSON.stringify({ providers: { [provider]: entry } }, null, 2)}\n` }, NO_PI_RETRIES],
    });
  },

  parse(output): AgentResult {
    const messages = assistantMessages(output.stdout);
    const usage = {
      costUsd: sumDefined(messages.map((m) => m.usage?.cost?.total)),
      tokens: sumDefined(messages.map(tokensOf)),
    };
    if (output.timedOut) return timedOutResult("pi", usage);

    const last = messages.at(-1);
    const failure = exitFailure("pi", output);
    if (last && (last.stopReason === "error" || last.stopReason === "aborted")) {
      const why = last.errorMessage?.trim() || `the request ended with stopReason "${last.stopReason}"`;
      const failure = withStatus(`pi failed: ${tail(why, ERROR_TAIL_CHARS)}`, quotedStatus(why));
      return { ok: false, ...definedUsage(usage), summary: textOf(last), failure };
    }
    if (failure !== undefined) {
      const summary = last ? textOf(last) : "";
      return { ok: false, ...definedUsage(usage), summary, failure };
    }
    if (!last) {
      const message =
        output.stdout.trim() === ""
          ? "pi printed nothing on standard output; expected JSON lines (is --mode json being overridden in agent.args?)"
          : `pi printed no assistant message; output ends with: ${tail(output.stdout, 300)}`;
      return { ok: false, summary: "", failure: { message } };
    }
    return { ok: true, ...definedUsage(usage), summary: textOf(last) };
  },
};

/**
 * Pi's `settings.json` in the agent home Foreman writes: pi's own retries off (3 agent-level
 * retries from 2 s over the SDK's own: ~25 s per attempt before Foreman sees the error), since
 * Foreman backs off between attempts itself.
 */
export const NO_PI_RETRIES = {
  name: "settings.json",
  content: `${JSON.stringify({ retry: { enabled: false, provider: { maxRetries: 0 } } }, null, 2)}\n`,
} as const;

/** The configured token variable, passed through under its own name (models.json's `apiKey` names it). */
function keyFrom(name: string | undefined): Record<string, string> {
  return name === undefined ? {} : { [name]: name };
}

/** The value of `--provider x` or `--provider=x` in the configured arguments. */
function providerArg(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--provider") return args[i + 1];
    if (a.startsWith("--provider=")) return a.slice("--provider=".length);
  }
  return undefined;
}

/** Every distinct assistant message in the stream, in the order it first appeared. */
function assistantMessages(stdout: string): AssistantMessage[] {
  const seen = new Map<string, AssistantMessage>();
  const add = (raw: unknown): void => {
    const parsed = assistantSchema.safeParse(raw);
    if (!parsed.success) return;
    const key = identity(parsed.data);
    if (!seen.has(key)) seen.set(key, parsed.data);
  };
  for (const { value: event } of jsonLines(stdout)) {
    switch (event["type"]) {
      case "message_end":
      case "turn_end":
        add(event["message"]);
        break;
      case "agent_end": {
        const all = event["messages"];
        if (Array.isArray(all)) all.forEach(add);
        break;
      }
      default:
        break;
    }
  }
  return [...seen.values()];
}

/** Identifies one message across the events that repeat it. */
function identity(m: AssistantMessage): string {
  if (m.timestamp !== undefined) return `t:${m.timestamp}:${m.stopReason ?? ""}`;
  return `j:${JSON.stringify(m)}`;
}

function tokensOf(m: AssistantMessage): number | undefined {
  const u = m.usage;
  if (!u) return undefined;
  const parts = sumDefined([u.input, u.output, u.cacheRead, u.cacheWrite]);
  // Some providers leave totalTokens at 0; the parts are then the better count.
  return u.totalTokens !== undefined && u.totalTokens > 0 ? u.totalTokens : (parts ?? u.totalTokens);
}

function textOf(m: AssistantMessage): string {
  const parts: string[] = [];
  for (const c of m.content) {
    const t = textPart.safeParse(c);
    if (t.success) parts.push(t.data.text);
  }
  return parts.join("\n").trim();
}
