/**
 * GitHub Copilot CLI (`@github/copilot`, checked against 1.0.102): `copilot --output-format json
 * --allow-tool write --allow-tool "shell(<gate command>)" …`, the prompt piped on standard input (its
 * non-interactive mode takes the prompt from stdin).
 *
 * Output (recorded, `test/agents/fixtures/copilot/`): JSON Lines events `{ type, data, … }`:
 * `assistant.message` (`data.content`), `assistant.usage` (`data.inputTokens`, `outputTokens`,
 * `cacheReadTokens`, `cacheWriteTokens`, `reasoningTokens`; `cost` is Copilot's premium-request
 * multiplier, not USD), `permission.requested` / `permission.completed` (`data.result.kind`
 * `denied-…` when a tool call was refused), `model.call_failure` (`data.statusCode`),
 * `session.error` (`data.message`, `data.statusCode`), and a last `result` (`exitCode`).
 *
 * Usage: 1.0.102 prints no `assistant.usage` on stdout offline (BYOK). It writes every model
 * response's usage to its session log, `<COPILOT_HOME>/session-state/<session id>/events.jsonl`
 * (`session.usage_record` events, `data.usage` with the same token fields). With a provider and
 * no `home`, the preset points `COPILOT_HOME` at the attempt's own agent home, names the session
 * (`--session-id`, a fixed id: the home is new for each attempt, so nothing is resumed) and reads
 * that log (`AgentInvocation.reportFile`). Otherwise (the user's own Copilot home and login) the
 * log's place is unknown and the cost is assumed unless stdout reports usage. Copilot reports
 * tokens, not USD: cost is priced from `agent.prices`; without prices it is unknown (assumed). A
 * run that failed before any model response (no usage, no `assistant.message`, a `session.error`)
 * was not billed.
 *
 * Retries: Copilot retries a 429 or 5xx itself (5 times, honouring `retry-after`; 25–45 s against
 * a real API) before it reports `session.error`. 1.0.102 has no flag, setting or variable that
 * turns this off, so an attempt can spend that long before Foreman's own backoff decides.
 *
 * Permissions: `write` lets it edit files. Copilot matches a shell rule against the command's
 * name, not its arguments (`copilot help permissions`; checked on 1.0.102: `shell(node check.mjs)`
 * never matches `node check.mjs`), except a first-level subcommand of `git` and `gh`
 * (`shell(git push)`); a rule may name an absolute path (`shell(/abs/gates/check)`, which
 * `shell(check)` does not match). So, in its own home (BYOK without `home`), each planned gate gets
 * an executable wrapper in the agent home (`gates/<gate name>`) whose only action is running the
 * gate's argv in its root, whatever arguments it is given, and the exact rule
 * `shell(<agent home>/gates/<gate name>)`; `copilot-instructions.md` in the home (Copilot reads
 * it from `COPILOT_HOME`) tells the agent to run the wrapper instead of the gate's command line.
 * In the user's home (no instructions can be added there), a gate gets `shell(<command name>)`
 * (`shell(make)`, `shell(git diff)`), the narrowest rule Copilot can express, except a gate run by
 * a general interpreter or launcher (`node`, `python`, `sh`, `bash`, `npx`, `npm` …: see
 * `GENERAL_COMMANDS`), which gets none, since `shell(node)` lets the agent run any program: the
 * agent then cannot run that gate itself (its attempt records the refused call, with why) and
 * Foreman still runs every gate after the attempt.
 * `--allow-all-tools` only through `agent.args`.
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
import { definedEnv, gateCommandLine, providerOf, withExtras } from "./provider.js";
import type { AgentHomeFile } from "../loop/agent-preset.js";

export const copilot: AgentPresetDefinition = {
  name: "copilot",
  envAllowlist: ["COPILOT_PROVIDER_BASE_URL", "COPILOT_PROVIDER_API_KEY", "COPILOT_PROVIDER_TYPE", "COPILOT_PROVIDER_WIRE_API", "COPILOT_MODEL"],

  invocation(ctx) {
    const p = providerOf(ctx);
    // Its own home per attempt (BYOK only: a GitHub login lives in the user's home), where its session log can be found.
    const ownHome = p.home === undefined && p.base_url !== undefined ? ctx.agentHome : undefined;
    // In its own home: an exact wrapper per gate; otherwise the gate's command name, unless that runs anything.
    const wrappers = ownHome === undefined ? undefined : gateWrappers(ctx.gates ?? [], ctx.worktree, ownHome);
    const rules = wrappers?.rules ?? copilotGateRules(ctx.gates ?? []).allowed;
    const allowed = rules.flatMap((rule) => ["--allow-tool", rule]);
    const sessionId = attemptSessionId(ctx.attempt);
    const invocation = withExtras(
      {
        argv: [
          "copilot",
          "--output-format",
          "json",
          "--allow-tool",
          "write",
          ...allowed,
          ...(ownHome === undefined ? [] : ["--session-id", sessionId]),
          ...ctx.agent.args,
        ],
        stdinFile: ctx.promptFile,
        env: { COPILOT_AUTO_UPDATE: "false" },
      },
      {
        env: definedEnv({
          COPILOT_PROVIDER_BASE_URL: p.base_url,
          COPILOT_OFFLINE: p.base_url === undefined ? undefined : "true",
          COPILOT_MODEL: p.model,
          COPILOT_HOME: p.home ?? ownHome,
        }),
        envFrom: p.auth_token_env === undefined ? {} : { COPILOT_PROVIDER_API_KEY: p.auth_token_env },
        files: wrappers?.files ?? [],
      },
    );
    return ownHome === undefined ? invocation : { ...invocation, reportFile: `${ownHome}/session-state/${sessionId}/events.jsonl` };
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
    // In its own home every gate has its exact wrapper: nothing is withheld.
    const p = providerOf(ctx);
    const wrapped = p.home === undefined && p.base_url !== undefined && ctx.agentHome !== undefined;
    const withheld = wrapped ? [] : copilotGateRules(ctx.gates ?? []).withheld;
    const toolCalls = new Map<string, string>();
    // One entry per refused call, whichever events report it.
    const deniedCalls = new Set<string>();
    const deny = (toolCallId: unknown, entry: string): void => {
      if (typeof toolCallId === "string") {
        if (deniedCalls.has(toolCallId)) return;
        deniedCalls.add(toolCallId);
      }
      denied.push(entry);
    };

    for (const { value: event } of jsonLines(output.stdout)) {
      const data = isRecord(event["data"]) ? event["data"] : {};
      switch (event["type"]) {
        case "assistant.message": {
          messages++;
          const content = data["content"];
          if (typeof content === "string" && content.trim() !== "") summary = content.trim();
          break;
        }
        case "assistant.usage":
          tokens = addUsage(t, data, tokens);
          break;
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
            const what = (typeof id === "string" ? requests.get(id) : undefined) ?? "a tool call";
            deny(data["toolCallId"], `${what} (${kind})${withheldNote(what, withheld)}`);
          }
          break;
        }
        case "tool.execution_start": {
          const id = data["toolCallId"];
          if (typeof id === "string") toolCalls.set(id, describeToolCall(data));
          break;
        }
        case "tool.execution_complete": {
          // 1.0.102 prints no permission events on stdout: a refused call ends with error code "denied".
          const error = isRecord(data["error"]) ? data["error"] : undefined;
          const code = error?.["code"];
          if (data["success"] === false && typeof code === "string" && code.startsWith("denied")) {
            const id = data["toolCallId"];
            const what = (typeof id === "string" ? toolCalls.get(id) : undefined) ?? "a tool call";
            deny(id, `${what} (${code})${withheldNote(what, withheld)}`);
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
          const status = data["statusCode"];
          if (typeof status === "number" && status >= 100 && status <= 599) callStatus = status;
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

    // Offline it prints no usage on stdout: its session log has one record per model response.
    if (tokens === undefined && output.reportFileText) {
      for (const { value: event } of jsonLines(output.reportFileText)) {
        const data = isRecord(event["data"]) ? event["data"] : {};
        if (event["type"] === "session.usage_record" && isRecord(data["usage"])) tokens = addUsage(t, data["usage"], tokens);
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

/** `bash(npm test)`, `edit(src/a.ts)`, or the tool's name, from a `tool.execution_start`. */
function describeToolCall(data: Record<string, unknown>): string {
  const name = typeof data["toolName"] === "string" ? data["toolName"] : "tool";
  const args = isRecord(data["arguments"]) ? data["arguments"] : {};
  for (const key of ["command", "path", "url"]) {
    const v = args[key];
    if (typeof v === "string" && v !== "") return `${name}(${v})`;
  }
  return name;
}

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
  const sub = gate.argv[1];
  const name = commandName(gate);
  const withSub = (name === "git" || name === "gh") && sub !== undefined && !sub.startsWith("-");
  return withSub ? `shell(${name} ${sub})` : `shell(${name})`;
}

/**
 * Commands that run whatever program or code their arguments name (interpreters, shells,
 * launchers, package runners): `shell(<name>)` for one of them would let the agent run anything.
 */
export const GENERAL_COMMANDS: ReadonlySet<string> = new Set([
  "node",
  "nodejs",
  "deno",
  "bun",
  "bunx",
  "tsx",
  "ts-node",
  "npx",
  "npm",
  "pnpm",
  "pnpx",
  "yarn",
  "corepack",
  "python",
  "python2",
  "python3",
  "py",
  "pypy",
  "pypy3",
  "uv",
  "uvx",
  "pipx",
  "poetry",
  "pdm",
  "hatch",
  "pip",
  "pip3",
  "sh",
  "bash",
  "dash",
  "zsh",
  "ksh",
  "fish",
  "csh",
  "tcsh",
  "pwsh",
  "powershell",
  "cmd",
  "busybox",
  "env",
  "exec",
  "eval",
  "xargs",
  "sudo",
  "su",
  "doas",
  "nice",
  "nohup",
  "timeout",
  "time",
  "stdbuf",
  "setsid",
  "watch",
  "script",
  "perl",
  "ruby",
  "php",
  "lua",
  "luajit",
  "Rscript",
  "osascript",
  "awk",
  "gawk",
  "java",
  "dotnet",
]);

/**
 * The shell rules Copilot gets for the planned gates (`allowed`, each once), and the command
 * names it gets none for because they are general commands (`withheld`).
 */
export function copilotGateRules(gates: readonly PlannedGateCommand[]): { allowed: string[]; withheld: string[] } {
  const allowed = new Set<string>();
  const withheld = new Set<string>();
  for (const gate of gates) {
    const name = commandName(gate);
    if (name === "" || GENERAL_COMMANDS.has(name) || /^python\d/.test(name)) withheld.add(name === "" ? "(empty command)" : name);
    else allowed.add(copilotShellRule(gate));
  }
  return { allowed: [...allowed], withheld: [...withheld] };
}

function commandName(gate: PlannedGateCommand): string {
  const command = gate.argv[0] ?? "";
  return command.slice(command.lastIndexOf("/") + 1);
}

/** Why a refused shell call was refused, when it ran a gate's command that Foreman gave no rule. */
function withheldNote(what: string, withheld: readonly string[]): string {
  const m = /^(?:shell|bash)\((\S+)/.exec(what);
  const name = m?.[1]?.slice(m[1].lastIndexOf("/") + 1);
  if (name === undefined || !withheld.includes(name)) return "";
  return ` — Foreman gives Copilot no shell rule for gates run by "${name}": Copilot can only allow a command by name, and "${name}" runs any program; Foreman runs the gates itself after the attempt`;
}

/** The session id Foreman gives Copilot in the attempt's own home (fixed: the home is new each attempt). */
function attemptSessionId(attempt: number): string {
  return `00000000-0000-4000-8000-${Math.max(0, Math.trunc(attempt)).toString(16).padStart(12, "0").slice(-12)}`;
}

/** Adds one usage record (`inputTokens`, `outputTokens`, `reasoningTokens`, cache reads and writes) to the totals. */
function addUsage(t: { input: number; cached: number; output: number }, data: Record<string, unknown>, tokens: number | undefined): number {
  const input = nonNegative(data["inputTokens"]) ?? 0;
  const out = (nonNegative(data["outputTokens"]) ?? 0) + (nonNegative(data["reasoningTokens"]) ?? 0);
  const cacheRead = nonNegative(data["cacheReadTokens"]) ?? 0;
  const cacheWrite = nonNegative(data["cacheWriteTokens"]) ?? 0;
  t.input += input;
  t.cached += Math.min(cacheRead, input);
  t.output += out;
  return (tokens ?? 0) + input + out + cacheWrite;
}

/**
 * One executable wrapper per planned gate in the agent home (`gates/<name>`), whose only action is
 * running that gate's argv in its root, whatever arguments it gets; the rule `shell(<its absolute
 * path>)` then allows exactly the gate (Copilot matches a path rule on the command itself; checked
 * on 1.0.102). `copilot-instructions.md` in the home (Copilot reads it from `COPILOT_HOME`) tells
 * the agent which wrapper runs which gate.
 */
export function gateWrappers(gates: readonly PlannedGateCommand[], worktree: string, home: string): { files: AgentHomeFile[]; rules: string[] } {
  const files: AgentHomeFile[] = [];
  const rules: string[] = [];
  const lines: string[] = [];
  const used = new Set<string>();
  const seen = new Set<string>();
  for (const gate of gates) {
    const key = JSON.stringify([gate.root, gate.argv]);
    if (gate.argv.length === 0 || seen.has(key)) continue;
    seen.add(key);
    const base =
      gate.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "") || "gate";
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}-${i}`;
    used.add(name);
    const dir = gate.root === "." || gate.root === "" ? worktree : `${worktree}/${gate.root}`;
    const script = `#!/bin/sh\n# Foreman: runs exactly the gate ${JSON.stringify(gate.name)}; its arguments are ignored.\ncd ${shQuote(dir)} || exit 1\nexec ${gate.argv.map(shQuote).join(" ")}\n`;
    files.push({ name: `gates/${name}`, content: script, executable: true });
    const wrapper = `${home}/gates/${name}`;
    rules.push(`shell(${wrapper})`);
    lines.push(`- for \`${gateCommandLine(gate)}\` (in \`${gate.root}\`) run \`${wrapper}\``);
  }
  if (lines.length > 0) {
    files.push({
      name: "copilot-instructions.md",
      content: `# Running the checks\n\nRun a check only through its wrapper, with no arguments (the check's own command line is not allowed):\n\n${lines.join("\n")}\n`,
    });
  }
  return { files, rules };
}

/** A word for `sh`: single-quoted, with each `'` written as `'\\''`. */
function shQuote(word: string): string {
  return `'${word.replace(/'/g, "'\\''")}'`;
}
