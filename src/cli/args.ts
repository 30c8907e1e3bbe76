/** Parses `foreman` command lines into one typed object. Usage errors name the flag and the fix. */
import { parseArgs } from "node:util";
import { AGENT_PRESETS, type AgentPreset } from "../core/config.js";
import { UsageError } from "../core/errors.js";
import { commandHelp, isCommandName, USAGE, type CommandName } from "./help.js";

export { USAGE };

/** Usage errors live in core so local adapters raise the same one; re-exported for the CLI's callers. */
export { UsageError };

export type CliCommand =
  | {
      kind: "run";
      /** Repository to work on (default: the current directory). */
      repo: string;
      /** Markdown task file: first `# ` heading is the title. */
      task: string;
      /** Overrides `agent.preset` from the configuration. */
      agent?: AgentPreset;
      /** A command for the `custom` preset, split on spaces (no shell). */
      agentCommand?: string;
      /** Configuration file (default: `.github/foreman.yml` in the repository, if present). */
      config?: string;
      session?: string;
      json: boolean;
      /** Show the progress ticker even when stdout is not a terminal (present only when asked). */
      progress?: true;
    }
  | {
      kind: "resume" | "approve" | "reject" | "cancel" | "status";
      repo: string;
      session?: string;
      reason?: string;
      json: boolean;
      progress?: true;
    }
  | { kind: "list"; repo: string; json: boolean }
  | { kind: "log"; repo: string; session: string; attempt?: number }
  | { kind: "clean"; repo: string; session?: string; all: boolean; json: boolean }
  | { kind: "demo"; json: boolean; local: boolean; keep?: string }
  /** `command` is set for `foreman <command> --help`. */
  | { kind: "help"; command?: CommandName }
  | { kind: "version" };

export { commandHelp };

export function parseCli(argv: readonly string[], cwd: string): CliCommand {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === "--help" || verb === "-h") return { kind: "help" };
  if (verb === "--version" || verb === "-V" || verb === "version") return { kind: "version" };
  if (verb === "help") {
    const topic = rest[0];
    return topic !== undefined && isCommandName(topic) ? { kind: "help", command: topic } : { kind: "help" };
  }
  if (isCommandName(verb) && (rest.includes("--help") || rest.includes("-h"))) return { kind: "help", command: verb };
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      allowPositionals: true,
      strict: true,
      options: {
        repo: { type: "string" },
        task: { type: "string" },
        agent: { type: "string" },
        "agent-command": { type: "string" },
        config: { type: "string" },
        session: { type: "string" },
        reason: { type: "string" },
        attempt: { type: "string" },
        all: { type: "boolean", default: false },
        progress: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        keep: { type: "string" },
        local: { type: "boolean", default: false },
      },
    });
  } catch (e) {
    throw new UsageError(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
  }
  const v = parsed.values;
  const json = v.json === true;
  const repo = v.repo ?? cwd;
  const progress = v.progress === true;
  const only = (allowed: string[]) => {
    for (const key of ["task", "agent", "agent-command", "config", "session", "reason", "attempt", "keep"] as const) {
      if (v[key] !== undefined && !allowed.includes(key)) throw new UsageError(`--${key} does not apply to "foreman ${verb}".\n\n${USAGE}`);
    }
    for (const key of ["all", "progress", "json", "local"] as const) {
      if (v[key] === true && !allowed.includes(key)) throw new UsageError(`--${key} does not apply to "foreman ${verb}".\n\n${USAGE}`);
    }
    if (!allowed.includes("repo") && v.repo !== undefined) throw new UsageError(`--repo does not apply to "foreman ${verb}".\n\n${USAGE}`);
  };
  switch (verb) {
    case "run": {
      only(["repo", "task", "agent", "agent-command", "config", "session", "json", "progress"]);
      if (parsed.positionals.length > 0)
        throw new UsageError(`Unexpected argument "${parsed.positionals[0]}". Pass the task with --task FILE.\n\n${USAGE}`);
      if (!v.task) throw new UsageError(`foreman run needs --task FILE: a markdown file whose first "# " heading is the title.\n\n${USAGE}`);
      let agent: AgentPreset | undefined;
      if (v.agent !== undefined) {
        if (!(AGENT_PRESETS as readonly string[]).includes(v.agent)) {
          throw new UsageError(`Unknown --agent "${v.agent}". Expected one of ${AGENT_PRESETS.join(", ")}.`);
        }
        agent = v.agent as AgentPreset;
      }
      if (v["agent-command"] !== undefined && agent !== undefined && agent !== "custom") {
        throw new UsageError(`--agent-command runs a custom agent; it cannot be combined with --agent ${agent}.`);
      }
      return {
        kind: "run",
        repo,
        task: v.task,
        ...(agent === undefined ? {} : { agent }),
        ...(v["agent-command"] === undefined ? {} : { agentCommand: v["agent-command"] }),
        ...(v.config === undefined ? {} : { config: v.config }),
        ...(v.session === undefined ? {} : { session: v.session }),
        json,
        ...(progress ? { progress: true as const } : {}),
      };
    }
    case "resume":
    case "approve":
    case "reject":
    case "cancel":
    case "status": {
      only(verb === "reject" ? ["repo", "reason", "json", "progress"] : ["repo", "json", "progress"]);
      if (parsed.positionals.length > 1)
        throw new UsageError(`foreman ${verb} takes at most one SESSION, got ${parsed.positionals.length}.\n\n${USAGE}`);
      const session = parsed.positionals[0];
      return {
        kind: verb,
        repo,
        ...(session === undefined ? {} : { session }),
        ...(v.reason === undefined ? {} : { reason: v.reason }),
        json,
        ...(progress ? { progress: true as const } : {}),
      };
    }
    case "list":
      only(["repo", "json"]);
      if (parsed.positionals.length > 0) throw new UsageError(`foreman list takes no SESSION, got "${parsed.positionals[0]}".\n\n${USAGE}`);
      return { kind: "list", repo, json };
    case "log": {
      only(["repo", "attempt"]);
      const [session, extra] = parsed.positionals;
      if (session === undefined || extra !== undefined)
        throw new UsageError(`foreman log takes exactly one SESSION (see "foreman list"), got ${parsed.positionals.length}.\n\n${USAGE}`);
      let attempt: number | undefined;
      if (v.attempt !== undefined) {
        attempt = Number(v.attempt);
        if (!/^[1-9][0-9]*$/.test(v.attempt) || !Number.isSafeInteger(attempt))
          throw new UsageError(`--attempt "${v.attempt}" is not an attempt number: pass a positive integer such as --attempt 2.`);
      }
      return { kind: "log", repo, session, ...(attempt === undefined ? {} : { attempt }) };
    }
    case "clean": {
      only(["repo", "all", "json"]);
      const [session, extra] = parsed.positionals;
      const all = v.all === true;
      if (extra !== undefined) throw new UsageError(`foreman clean takes at most one SESSION, got ${parsed.positionals.length}.\n\n${USAGE}`);
      if ((session === undefined) === !all) throw new UsageError(`foreman clean needs either one SESSION or --all (not both).\n\n${USAGE}`);
      return { kind: "clean", repo, ...(session === undefined ? {} : { session }), all, json };
    }
    case "demo": {
      only(["json", "keep", "local"]);
      if (v.local === true && v.keep !== undefined)
        throw new UsageError(`--keep applies to the demo on the GitHub stand-in, not to --local.\n\n${USAGE}`);
      if (v.keep === "") throw new UsageError(`--keep needs a directory: foreman demo --keep DIR.\n\n${USAGE}`);
      return { kind: "demo", json, local: v.local === true, ...(v.keep === undefined ? {} : { keep: v.keep }) };
    }
    default:
      throw new UsageError(`Unknown command "${verb}".\n\n${USAGE}`);
  }
}
