/**
 * One attempt: run the agent, read the diff, apply the path policy, run the gates. It decides
 * nothing about the session; the engine reads the returned report and the core decides.
 */
import path from "node:path";
import type { AgentPresetDefinition } from "./agent-preset.js";
import { attemptCost } from "../core/budget.js";
import type { Config } from "../core/config.js";
import { scrubEnvironment } from "../core/environment.js";
import { gatePlanNeedsPaths, MANIFESTS, planGates } from "../core/gate-plan.js";
import { checkPaths } from "../core/path-policy.js";
import { classifyError } from "../core/retry.js";
import type { AttemptOutcome, DiffStats, GateResult } from "../core/state.js";
import { renderFeedback, renderTaskFile, type GateFailure, type TaskInput } from "../core/task.js";
import { runGates } from "./gates.js";
import type { AttemptFiles, Clock, ProcessRunner, Workspace, WorkspaceDiff } from "./ports.js";

/** Manifest files the gate planner reads to choose gates. */
const MANIFEST_NAMES: ReadonlySet<string> = new Set(MANIFESTS);

export interface AttemptDeps {
  /** Records each child this attempt starts, so a run taking over after a crash can stop it. */
  recordProcess: (handle: string) => Promise<void>;
  /** Records the agent's tree and cost before the gates run, so a run taking over after a crash keeps both. */
  recordTree: (hash: string, cost: { costUsd: number; assumed: boolean }) => Promise<void>;
  workspace: Workspace;
  runner: ProcessRunner;
  files: AttemptFiles;
  clock: Clock;
  hostEnv: Readonly<Record<string, string | undefined>>;
}

export interface AttemptRequest {
  n: number;
  config: Config;
  task: TaskInput;
  preset: AgentPresetDefinition;
  repoRoot: string;
  /** Feedback file content for this attempt (the previous attempt's failures). */
  feedback: string;
  /** Wall-clock milliseconds left when the attempt starts. */
  remainingMs: number;
  signal: AbortSignal;
}

export type AttemptReport =
  /** Stopped by the run's signal; `cost` is what the agent reported, when it finished before the stop. */
  | { aborted: true; durationMs: number; cost?: { costUsd: number; assumed: boolean } }
  | {
      aborted: false;
      outcome: AttemptOutcome;
      durationMs: number;
      costUsd: number;
      costAssumed: boolean;
      tokens?: number;
      summary: string;
      error?: string;
      /** For agent errors: worth another attempt. */
      transient: boolean;
      diff?: WorkspaceDiff;
      diffStats?: DiffStats;
      gates: GateResult[];
      protectedTouched: string[];
      /** Feedback for the next attempt. */
      nextFeedback: string;
      /** Things a person should know (a gate dirtied the tree, no gate applied). */
      notes: string[];
    };

export async function runAttempt(deps: AttemptDeps, req: AttemptRequest): Promise<AttemptReport> {
  const started = deps.clock.now();
  const elapsed = () => deps.clock.now() - started;
  const taskText = renderTaskFile(req.task);
  const ctx = {
    attempt: req.n,
    worktree: deps.workspace.dir,
    taskFile: await deps.files.write(req.n, "task.md", taskText),
    feedbackFile: await deps.files.write(req.n, "feedback.md", req.feedback),
    promptFile: await deps.files.write(req.n, "prompt.md", req.feedback ? `${taskText}\n${req.feedback}` : taskText),
    resultFile: deps.files.path(req.n, "result.json"),
    repoRoot: req.repoRoot,
    agent: req.config.agent,
  };
  const invocation = req.preset.invocation(ctx);
  const agentEnv = {
    ...scrubEnvironment(deps.hostEnv, [...req.preset.envAllowlist, ...req.config.agent.env]),
    ...invocation.env,
  };
  const run = await deps.runner.run({
    argv: invocation.argv,
    cwd: deps.workspace.dir,
    env: agentEnv,
    timeoutMs: Math.max(1, req.remainingMs),
    ...(invocation.stdinFile === undefined ? {} : { stdinFile: invocation.stdinFile }),
    signal: req.signal,
    onStart: deps.recordProcess,
  });
  if (run.aborted) return { aborted: true, durationMs: elapsed() };

  const parsed = req.preset.parse(
    {
      exitCode: run.exitCode,
      timedOut: run.timedOut,
      stdout: run.stdout,
      stderr: run.stderr,
      resultFileText: await deps.files.read(ctx.resultFile),
    },
    ctx,
  );
  const cost = attemptCost(parsed.costUsd, req.config);
  const base = {
    aborted: false as const,
    costUsd: cost.costUsd,
    costAssumed: cost.assumed,
    ...(parsed.tokens === undefined ? {} : { tokens: parsed.tokens }),
    summary: parsed.summary,
    gates: [] as GateResult[],
    protectedTouched: [] as string[],
    notes: [] as string[],
  };

  const diff = await deps.workspace.diff();
  const diffStats: DiffStats = {
    files: diff.files.length,
    additions: diff.files.reduce((t, f) => t + f.additions, 0),
    deletions: diff.files.reduce((t, f) => t + f.deletions, 0),
  };

  if (!parsed.ok || run.timedOut) {
    const error = run.timedOut
      ? `The agent was stopped after ${Math.round(run.durationMs / 1000)} s: the wall-clock budget ran out.`
      : (parsed.failure?.message ?? "The agent failed without saying why.");
    const transient = run.timedOut || classifyError({ ...parsed.failure, message: error, timedOut: run.timedOut }) === "transient";
    return {
      ...base,
      outcome: "agent_error",
      durationMs: elapsed(),
      error,
      transient,
      diff,
      diffStats,
      nextFeedback: renderFeedback(req.n, [], [`The previous attempt failed: ${error}`]),
    };
  }

  if (diff.files.length === 0) {
    return {
      ...base,
      outcome: "empty_diff",
      durationMs: elapsed(),
      transient: false,
      diff,
      diffStats,
      nextFeedback: renderFeedback(req.n, [], ["The previous attempt changed no file. Make the change the task asks for."]),
    };
  }

  const policy = checkPaths(diff.files, req.config.paths);
  if (!policy.ok) {
    return {
      ...base,
      outcome: "policy_violation",
      durationMs: elapsed(),
      error: policy.violations.map((v) => v.message).join("\n"),
      transient: false,
      diff,
      diffStats,
      protectedTouched: policy.protectedTouched,
      nextFeedback: "",
    };
  }

  const files = gatePlanNeedsPaths(req.config.gates) ? await deps.workspace.paths(diff.hash) : [];
  const manifests = new Map<string, string>();
  for (const f of files) {
    if (!MANIFEST_NAMES.has(path.posix.basename(f))) continue;
    // A manifest the agent turned into a link out of the worktree is not read (nor trusted).
    const text = await deps.workspace.readFile(f).catch(() => null);
    if (text !== null) manifests.set(f, text);
  }
  const plan = planGates({
    changedPaths: diff.files.flatMap((f) => (f.previousPath === undefined ? [f.path] : [f.path, f.previousPath])),
    files,
    readFile: (p) => manifests.get(p) ?? null,
    gates: req.config.gates,
    allowlist: req.config.gate_allowlist,
  });
  if (!plan.ok) {
    return {
      ...base,
      outcome: "policy_violation",
      durationMs: elapsed(),
      error: plan.problem,
      transient: false,
      diff,
      diffStats,
      protectedTouched: policy.protectedTouched,
      nextFeedback: "",
    };
  }

  const notes: string[] = [];
  await deps.recordTree(diff.hash, cost);
  const gates = await runGates({
    gates: plan.gates,
    workspace: deps.workspace,
    runner: deps.runner,
    env: scrubEnvironment(deps.hostEnv),
    treeHash: diff.hash,
    remainingMs: () => req.remainingMs - elapsed(),
    signal: req.signal,
    onStart: deps.recordProcess,
  });
  if (gates.aborted) return { aborted: true, durationMs: elapsed(), cost: { costUsd: cost.costUsd, assumed: cost.assumed } };
  if (gates.dirtied) notes.push("The gates wrote to the working tree; Foreman restored the agent's tree before judging and publishing.");
  const failures: GateFailure[] = gates.failures;
  return {
    ...base,
    outcome: failures.length === 0 ? "passed" : "gates_failed",
    durationMs: elapsed(),
    transient: false,
    diff,
    diffStats,
    gates: gates.results,
    protectedTouched: policy.protectedTouched,
    nextFeedback: renderFeedback(req.n, failures),
    notes,
  };
}
