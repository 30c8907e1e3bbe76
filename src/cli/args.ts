/** Parses `foreman` command lines into one typed object. Usage errors name the flag and the fix. */
import { parseArgs } from "node:util";
import { AGENT_PRESETS, type AgentPreset } from "../core/config.js";
import { UsageError } from "../core/errors.js";

export const USAGE = `Usage:
  foreman run [--repo DIR] --task FILE [--agent PRESET] [--agent-command CMD] [--config FILE] [--session ID] [--json]
  foreman resume|approve|reject|cancel|status [SESSION] [--repo DIR] [--reason TEXT] [--json]
  foreman demo [--json]

Exit codes: 0 succeeded, 1 ended unsuccessfully, 2 usage or configuration error,
            3 awaiting approval, 4 interrupted.`;

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
    }
  | { kind: "resume" | "approve" | "reject" | "cancel" | "status"; repo: string; session?: string; reason?: string; json: boolean }
  | { kind: "demo"; json: boolean }
  | { kind: "help" };

export function parseCli(argv: readonly string[], cwd: string): CliCommand {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === "help" || verb === "--help" || verb === "-h") return { kind: "help" };
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
        json: { type: "boolean", default: false },
      },
    });
  } catch (e) {
    throw new UsageError(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
  }
  const v = parsed.values;
  const json = v.json === true;
  const repo = v.repo ?? cwd;
  const only = (allowed: string[]) => {
    for (const key of ["task", "agent", "agent-command", "config", "session", "reason"] as const) {
      if (v[key] !== undefined && !allowed.includes(key)) throw new UsageError(`--${key} does not apply to "foreman ${verb}".\n\n${USAGE}`);
    }
    if (!allowed.includes("repo") && v.repo !== undefined) throw new UsageError(`--repo does not apply to "foreman ${verb}".\n\n${USAGE}`);
  };
  switch (verb) {
    case "run": {
      only(["repo", "task", "agent", "agent-command", "config", "session"]);
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
      };
    }
    case "resume":
    case "approve":
    case "reject":
    case "cancel":
    case "status": {
      only(verb === "reject" ? ["repo", "reason"] : ["repo"]);
      if (parsed.positionals.length > 1)
        throw new UsageError(`foreman ${verb} takes at most one SESSION, got ${parsed.positionals.length}.\n\n${USAGE}`);
      const session = parsed.positionals[0];
      return { kind: verb, repo, ...(session === undefined ? {} : { session }), ...(v.reason === undefined ? {} : { reason: v.reason }), json };
    }
    case "demo":
      only([]);
      return { kind: "demo", json };
    default:
      throw new UsageError(`Unknown command "${verb}".\n\n${USAGE}`);
  }
}
