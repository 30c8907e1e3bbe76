/**
 * Programs for `MemoryProcessRunner`: an agent that speaks the Claude Code preset's output
 * format (so the real preset parses its cost and errors), and gates judged from the tree.
 */
import type { MemoryAttemptFiles } from "./attempt-files.js";
import { attemptOf } from "./attempt-files.js";
import type { Program, ProgramResult } from "./process-runner.js";
import type { MemoryWorkspace, Tree } from "./workspace.js";

/** One attempt of the scripted agent. */
export interface AgentTurn {
  /** Files the agent writes (content) or deletes (null) in the workspace. */
  edits?: Readonly<Record<string, string | null>>;
  /** USD the agent reports; omitted: it reports none (the assumed cost counts). */
  costUsd?: number;
  summary?: string;
  /** The agent reports this failure (`is_error`), e.g. `API Error: 529 overloaded`. */
  error?: string;
  /** Exit status; default 0 (1 when `error` is set). */
  exitCode?: number;
  /** How long the turn takes on the manual clock. Default 60 s. */
  takesMs?: number;
  /** Runs during the turn, after the edits (abort the run, kill it, look at the prompt…). */
  during?: (ctx: { attempt: number; prompt: string | null }) => void | Promise<void>;
}

/** The stdout of `claude -p --output-format json` for one run. */
export function claudeStdout(r: { costUsd?: number; summary?: string; error?: string }): string {
  return JSON.stringify({
    type: "result",
    subtype: r.error === undefined ? "success" : "error_during_execution",
    is_error: r.error !== undefined,
    result: r.error ?? r.summary ?? "done",
    ...(r.costUsd === undefined ? {} : { total_cost_usd: r.costUsd }),
  });
}

/**
 * The agent under the `claude` preset: for attempt `n` (read from its prompt file's path) it
 * plays `turns(n)`. Register it as the `claude` program.
 */
export function claudeAgent(opts: {
  workspace: MemoryWorkspace;
  files: MemoryAttemptFiles;
  turns: (attempt: number) => AgentTurn;
  /** Each attempt number the agent was started for, in order. */
  log?: number[];
}): Program {
  return async ({ spec }) => {
    const attempt = spec.stdinFile === undefined ? null : attemptOf(spec.stdinFile);
    if (attempt === null) throw new RangeError(`The claude agent expects its prompt on stdin from an attempt file, got ${spec.stdinFile ?? "none"}.`);
    opts.log?.push(attempt);
    const turn = opts.turns(attempt);
    for (const [path, content] of Object.entries(turn.edits ?? {})) {
      if (content === null) opts.workspace.remove(path);
      else opts.workspace.write(path, content);
    }
    await turn.during?.({ attempt, prompt: spec.stdinFile === undefined ? null : await opts.files.read(spec.stdinFile) });
    return {
      exitCode: turn.exitCode ?? (turn.error === undefined ? 0 : 1),
      stdout: claudeStdout(turn),
      takesMs: turn.takesMs ?? 60_000,
    };
  };
}

/** What a gate does with the tree it is run on. */
export interface GateVerdict extends ProgramResult {
  /** Files the gate writes into the working copy (caches, rewrites): it dirties the tree. */
  writes?: Readonly<Record<string, string>>;
  during?: () => void | Promise<void>;
}

/** A gate judged from the tracked files of the workspace. Register it under its `argv[0]`. */
export function gateProgram(
  workspace: MemoryWorkspace,
  judge: (tree: Tree, call: { argv: readonly string[] }) => GateVerdict,
  log?: string[][],
): Program {
  return async ({ spec }) => {
    log?.push([...spec.argv]);
    const verdict = judge(new Map(Object.entries(workspace.files())), { argv: spec.argv });
    for (const [path, content] of Object.entries(verdict.writes ?? {})) workspace.write(path, content);
    await verdict.during?.();
    return { exitCode: verdict.exitCode ?? 0, stdout: verdict.stdout ?? "", stderr: verdict.stderr ?? "", takesMs: verdict.takesMs ?? 5_000 };
  };
}
