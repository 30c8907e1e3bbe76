/**
 * GitHub Copilot CLI (`@github/copilot`, checked against 1.0.102): `copilot --output-format json
 * --allow-tool write --allow-tool "shell(<gate command>)" …`, the prompt piped on standard input (its
 * non-interactive mode takes the prompt from stdin).
 *
 * Output (recorded, `test/agents/fixtures/copilot/`): JSON Lines events `{ type, data, … }`:
 * `assistant.message` (`data.content`), `assistant.usage` (`data.inputTokens`, `outputTokens`,
 * `cacheReadTokens`, `cacheWriteTokens`, `reasoningTokens`; `cost` is Copilot's premium-request
 * multiplier, not USD), `permission.requested` / `permission.completed` (`data.result.kind`
 * `denied-…` when a tool call was refused), `session.error` (`data.message`), and a last
 * `result` (`exitCode`, `usage.premiumRequests`). Copilot reports tokens, not USD: cost is priced
 * from `agent.prices`; without prices it is unknown (assumed). A run that failed before any model
 * response (no `assistant.usage`, no `assistant.message`, a `session.error`) was not billed.
 *
 * Permissions: `write` lets it edit files; one `shell(…)` rule per planned gate lets it run the
 * gates (`--allow-all-tools` only through `agent.args`). Copilot matches a shell rule against the
 * command's name, not its arguments (`copilot help permissions`; checked on 1.0.102:
 * `shell(node check.mjs)` never matches `node check.mjs`), except a first-level subcommand of
 * `git` and `gh` (`shell(git push)`). So the rule is `shell(<command name>)`: the narrowest
 * Copilot can express, and broader than the gate (`shell(node)` allows any `node …`).
 *
 * Provider (`agent.provider`): `base_url` → `COPILOT_PROVIDER_BASE_URL` with
 * `COPILOT_OFFLINE=true` (no GitHub sign-in, telemetry or update check); `auth_token_env` → the
 * child's `COPILOT_PROVIDER_API_KEY`; `model` → `COPILOT_MODEL`; `home` → `COPILOT_HOME`.
 * `COPILOT_AUTO_UPDATE=false` always: a run must not download another CLI.
 */
import type { AgentPresetDefinition, AgentResult } from "../loop/agent-preset.js";
import { price } from "./codex.js";
import {
  ERROR_TAIL_CHARS,
  definedUsage,
  exitFailure,
  isRecord,
  jsonLines,
  nonNegative,
  quotedStatus,
  tail,
  timedOutResult,
  withStatus,
} from "./output.js";
import type { PlannedGateCommand } from "../loop/agent-preset.js";
import { definedEnv, providerOf, withExtras } from "./provider.js";

export const copilot: AgentPresetDefinition = {
  name: "copilot",
  envAllowlist: ["COPILOT_PROVIDER_BASE_URL", "COPILOT_PROVIDER_API_KEY", "COPILOT_PROVIDER_TYPE", "COPILOT_PROVIDER_WIRE_API", "COPILOT_MODEL"],

  invocation(ctx) {
    const p = providerOf(ctx);
    const allowed = [...new Set((ctx.gates ?? []).map(copilotShellRule))].flatMap((rule) => ["--allow-tool", rule]);
    return withExtras(
      {
        argv: ["copilot", "--output-format", "json", "--allow-tool", "write", ...allowed, ...ctx.agent.args],
        stdinFile: ctx.promptFile,
        env: { COPILOT_AUTO_UPDATE: "false" },
      },
      {
        env: definedEnv({
          COPILOT_PROVIDER_BASE_URL: p.base_url,
          COPILOT_OFFLINE: p.base_url === undefined ? undefined : "true",
          COPILOT_MODEL: p.model,
          COPILOT_HOME: p.home,
        }),
        envFrom: p.auth_token_env === undefined ? {} : { COPILOT_PROVIDER_API_KEY: p.auth_token_env },
      },
    );
  },

  parse(output, ctx): AgentResult {
    const t = { input: 0, cached: 0, output: 0 };
    let tokens: number | undefined;
    let summary = "";
    let messages = 0;
    let sessionError: string | undefined;
    let resultExit: number | undefined;
    // The last failed model call says why (`ECONNREFUSED`, an HTTP status) when session.error does not.
    let callFailure: string | undefined;
    let callStatus: number | undefined;
    const requests = new Map<string, string>();
    const denied: string[] = [];

    for (const { value: event } of jsonLines(output.stdout)) {
      const data = isRecord(event["data"]) ? event["data"] : {};
      switch (event["type"]) {
        case "assistant.message": {
          messages++;
          const content = data["content"];
          if (typeof content === "string" && content.trim() !== "") summary = content.trim();
          break;
        }
        case "assistant.usage": {
          const input = nonNegative(data["inputTokens"]) ?? 0;
          const out = (nonNegative(data["outputTokens"]) ?? 0) + (nonNegative(data["reasoningTokens"]) ?? 0);
          const cacheRead = nonNegative(data["cacheReadTokens"]) ?? 0;
          const cacheWrite = nonNegative(data["cacheWriteTokens"]) ?? 0;
          t.input += input;
          t.cached += Math.min(cacheRead, input);
          t.output += out;
          tokens = (tokens ?? 0) + input + out + cacheWrite;
          break;
        }
        case "permission.requested": {
          const id = data["requestId"];
          if (typeof id === "string") requests.set(id, describeRequest(data["permissionRequest"]));
          break;
        }
        case "permission.completed": {
          const result = data["result"];
          const kind = isRecord(result) ? result["kind"] : undefined;
          if (typeof kind === "string" && kind.startsWith("denied")) {
            const id = data["requestId"];
            denied.push(`${(typeof id === "string" ? requests.get(id) : undefined) ?? "a tool call"} (${kind})`);
          }
          break;
        }
        case "model.call_failure": {
          const m = data["errorMessage"];
          if (typeof m === "string" && m.trim() !== "") callFailure = m.trim();
          const status = data["statusCode"] ?? data["status"];
          if (typeof status === "number" && status >= 100 && status <= 599) callStatus = status;
          break;
        }
        case "session.error": {
          const m = data["message"];
          sessionError = typeof m === "string" && m.trim() !== "" ? m.trim() : "copilot reported session.error without a message";
          break;
        }
        case "result": {
          const code = event["exitCode"];
          if (typeof code === "number") resultExit = code;
          break;
        }
        default:
          break;
      }
    }

    const costUsd = tokens === undefined ? undefined : price(t, ctx.agent.prices);
    const usage = { tokens, costUsd };
    const extras = {
      ...(denied.length === 0 ? {} : { deniedTools: denied }),
      ...(tokens === undefined && messages === 0 && sessionError !== undefined ? { notBilled: true } : {}),
    };
    if (output.timedOut) return { ...timedOutResult("copilot", usage), ...extras };
    if (sessionError !== undefined) {
      const why = callFailure === undefined ? sessionError : `${sessionError} (last model call: ${tail(callFailure, 500)})`;
      const failure = withStatus(`copilot failed: ${tail(why, ERROR_TAIL_CHARS)}`, callStatus ?? quotedStatus(sessionError));
      return { ok: false, ...definedUsage(usage), ...extras, summary, failure };
    }
    const failure = exitFailure("copilot", output);
    if (failure !== undefined) return { ok: false, ...definedUsage(usage), ...extras, summary, failure };
    if (resultExit !== undefined && resultExit !== 0) {
      return { ok: false, ...definedUsage(usage), ...extras, summary, failure: { message: `copilot reported exit code ${resultExit}` } };
    }
    if (messages === 0) {
      const message =
        output.stdout.trim() === ""
          ? "copilot printed nothing on standard output; expected JSON Lines events (is --output-format json being overridden in agent.args?)"
          : `copilot printed no assistant message; output ends with: ${tail(output.stdout, 300)}`;
      return { ok: false, ...definedUsage(usage), ...extras, summary, failure: { message } };
    }
    return { ok: true, ...definedUsage(usage), ...extras, summary };
  },
};

/** `shell(npm test)`, `write(src/a.ts)`, or the request's kind. */
function describeRequest(request: unknown): string {
  if (!isRecord(request)) return "a tool call";
  const kind = typeof request["kind"] === "string" ? request["kind"] : "tool";
  for (const key of ["fullCommandText", "command", "fileName", "path", "url"]) {
    const v = request[key];
    if (typeof v === "string" && v !== "") return `${kind}(${v})`;
  }
  return kind;
}

/**
 * The narrowest rule Copilot CLI matches for a gate: `shell(<command name>)`, or for `git` and
 * `gh` `shell(<command> <subcommand>)` (its rules compare names, never arguments).
 */
export function copilotShellRule(gate: PlannedGateCommand): string {
  const [command = "", sub] = gate.argv;
  const name = command.slice(command.lastIndexOf("/") + 1);
  const withSub = (name === "git" || name === "gh") && sub !== undefined && !sub.startsWith("-");
  return withSub ? `shell(${name} ${sub})` : `shell(${name})`;
}
