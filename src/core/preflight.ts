/**
 * Checks made before a run creates a session or counts any cost: can the agent's command be
 * started, and may the configured gates run? A misconfiguration found only when the agent is
 * spawned would create a session, charge the assumed cost of an attempt (the process "was
 * killed by a signal" as far as the loop can tell) and eat into the day's cap.
 *
 * Pure, in two steps around the one piece of I/O: {@link commandForm} says what to look up for
 * the agent's `argv[0]`; the caller looks it up (`src/local/command-lookup.ts`); {@link
 * preflightProblems} judges the answers together with the gate plan.
 */
import type { Config } from "./config.js";
import { ForemanError } from "./errors.js";
import { planGates } from "./gate-plan.js";

/** How a command's `argv[0]` is found. */
export type CommandForm =
  /** A bare name (`claude`): searched on `PATH`. */
  | { kind: "bare"; name: string }
  /** An absolute path: used as it is. */
  | { kind: "absolute"; path: string }
  /** A relative path with a slash (`./agent.sh`): refused, it depends on the directory it runs in. */
  | { kind: "relative"; path: string }
  /** Empty: nothing to start. */
  | { kind: "empty" };

export function commandForm(argv0: string | undefined): CommandForm {
  if (argv0 === undefined || argv0 === "") return { kind: "empty" };
  if (argv0.startsWith("/")) return { kind: "absolute", path: argv0 };
  if (argv0.includes("/")) return { kind: "relative", path: argv0 };
  return { kind: "bare", name: argv0 };
}

/** What looking a command up found (the caller does the I/O). */
export type CommandLookup =
  | { kind: "found"; path: string }
  /** Nothing by that name (on `PATH`, or at that absolute path). */
  | { kind: "missing" }
  /** It exists but cannot be executed (a directory, or no execute permission). */
  | { kind: "not_executable"; path: string };

export interface PreflightInput {
  agent: {
    /** The preset's name (`claude`, `custom` …): the fix differs for `custom`. */
    preset: string;
    form: CommandForm;
    /** The lookup of `form`; null when the form needs none (relative, empty). */
    lookup: CommandLookup | null;
  };
  gates: Config["gates"];
  allowlist: readonly string[];
}

/** One reason a run cannot start; `subject` says what is misconfigured. */
export interface PreflightProblem {
  subject: "agent" | "gates";
  message: string;
}

/** Every reason the run cannot start, agent first; empty when it may. */
export function preflightProblems(input: PreflightInput): PreflightProblem[] {
  const problems: PreflightProblem[] = [];
  const agent = agentProblem(input.agent);
  if (agent !== null) problems.push({ subject: "agent", message: agent });
  if (input.gates !== "auto") {
    // The configured gates' argv and allowlist do not depend on the diff. Roots are checked per
    // attempt against the tree (they need its files), so here every gate is planned at the root.
    const plan = planGates({
      changedPaths: [],
      files: [],
      readFile: () => null,
      gates: input.gates.map((g) => ({ ...g, root: "." })),
      allowlist: input.allowlist,
    });
    if (!plan.ok) problems.push({ subject: "gates", message: `${plan.problem}.` });
  }
  return problems;
}

function agentProblem(agent: PreflightInput["agent"]): string | null {
  const custom = agent.preset === "custom";
  const choose = custom ? "give --agent-command an absolute path to an executable" : "choose another agent with --agent";
  const form = agent.form;
  switch (form.kind) {
    case "empty":
      return `the agent command is empty (${choose})`;
    case "relative":
      return `the agent command ${JSON.stringify(form.path)} is a relative path: use an absolute path`;
    case "bare":
    case "absolute": {
      const name = form.kind === "bare" ? form.name : form.path;
      const lookup = agent.lookup;
      if (lookup === null || lookup.kind === "missing") return `command not found: ${name} (install it, or ${choose})`;
      if (lookup.kind === "not_executable") return `the agent command ${lookup.path} is not executable (chmod +x it, or ${choose})`;
      return null;
    }
  }
}

/** A run cannot start as configured; nothing was created and nothing was charged. */
export class PreflightError extends ForemanError {
  override readonly name = "PreflightError";
  readonly kind = "usage";
  constructor(readonly problems: readonly PreflightProblem[]) {
    super(problems.length === 1 ? problems[0]!.message : problems.map((p) => p.message).join("\n"));
  }
}
