/**
 * One attempt, in steps: run the agent (`attempt-run-agent.ts`), read the diff
 * (`attempt-read-diff.ts`), judge the paths (core `checkPaths`; a refused change is put back
 * and explained, `attempt-refuse.ts`), plan the gates
 * (`attempt-plan-gates.ts`), run them (`gates.ts`). It decides nothing about the session; the
 * engine reads the returned report and the core decides.
 */
import type { AgentPresetDefinition } from "./agent-preset.js";
import { attemptCharge } from "../core/cost-basis.js";
import type { Config } from "../core/config.js";
import { scrubEnvironment } from "../core/environment.js";
import { checkPaths } from "../core/path-policy.js";
import { classifyError } from "../core/retry.js";
import type { AttemptOutcome, CostBasis, DiffStats, GateResult } from "../core/state.js";
import { renderFeedback, type GateFailure, type TaskInput } from "../core/task.js";
import { planAttemptGates, readPlanFiles } from "./attempt-plan-gates.js";
import { readDiff } from "./attempt-read-diff.js";
import { refuseChange } from "./attempt-refuse.js";
import { runAgent, type AgentRun } from "./attempt-run-agent.js";
import { gateLogName, keepLog } from "./attempt-logs.js";
import { runGates } from "./gates.js";
import type { AttemptFiles, Clock, ProcessRunner, Workspace, WorkspaceDiff } from "./ports.js";
import { DependencySetup } from "./setup.js";

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
  /** Each chunk of output of the agent or a gate as it arrives, with its source (progress). */
  onOutput?: (source: string, text: string) => void;
  /**
   * Dependency setup of this run: before the gates, it installs what they need when an
   * attempt changed a manifest or lockfile (or a gate root is new), and a gate whose setup
   * step failed is not run. Absent: nothing is installed.
   */
  setup?: DependencySetup;
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
      /** Where `costUsd` comes from: reported, proven not billed (0), or assumed. */
      costBasis: CostBasis;
      /** Tool calls the agent's CLI refused. */
      deniedTools?: string[];
      tokens?: number;
      summary: string;
      error?: string;
      /** For agent errors: worth another attempt. */
      transient: boolean;
      /** For a policy violation: the change was refused and put back, and the session goes on. */
      refused?: boolean;
      diff?: WorkspaceDiff;
      diffStats?: DiffStats;
      gates: GateResult[];
      protectedTouched: string[];
      /** Feedback for the next attempt. */
      nextFeedback: string;
      /** Things a person should know (a gate dirtied the tree, no gate applied). */
      notes: string[];
    };

/** The report fields every finished attempt has, filled in by the steps below. */
type Finished = Extract<AttemptReport, { aborted: false }>;

export async function runAttempt(deps: AttemptDeps, req: AttemptRequest): Promise<AttemptReport> {
  const started = deps.clock.now();
  const elapsed = () => deps.clock.now() - started;

  const agent = await runAgent({ ...req, ...deps });
  if (agent.aborted) return { aborted: true, durationMs: elapsed() };
  const { run, parsed } = agent;
  const cost = attemptCharge(parsed, req.config);
  const { diff, diffStats } = await readDiff(deps.workspace);
  if (diff.files.length > 0) await keepLog(deps.files, req.n, "diff.patch", () => deps.workspace.patch(diff.hash));
  const report = (fields: Pick<Finished, "outcome" | "transient" | "nextFeedback"> & Partial<Finished>): Finished => ({
    aborted: false,
    costUsd: cost.costUsd,
    costAssumed: cost.assumed,
    costBasis: cost.basis,
    ...(parsed.deniedTools === undefined || parsed.deniedTools.length === 0 ? {} : { deniedTools: parsed.deniedTools }),
    ...(parsed.tokens === undefined ? {} : { tokens: parsed.tokens }),
    summary: parsed.summary,
    gates: [],
    protectedTouched: [],
    notes: [],
    diff,
    diffStats,
    ...fields,
    durationMs: elapsed(),
  });

  if (!parsed.ok || run.timedOut || run.idle === true) {
    const failure = agentFailure(agent, req.config.agent.idle_timeout_minutes);
    return report({
      outcome: "agent_error",
      error: failure.error,
      transient: failure.transient,
      nextFeedback: renderFeedback(req.n, [], [`The previous attempt failed: ${failure.error}`]),
    });
  }
  if (diff.files.length === 0) {
    return report({
      outcome: "empty_diff",
      transient: false,
      nextFeedback: renderFeedback(req.n, [], ["The previous attempt changed no file. Make the change the task asks for."]),
    });
  }

  const policy = checkPaths(diff.files, req.config.paths);
  if (!policy.ok) {
    // Refused, not ended: the offending paths go back to the base and the next attempt is told why.
    const refusal = await refuseChange(deps.workspace, req.n, diff, policy.violations);
    return report({
      outcome: "policy_violation",
      error: policy.violations.map((v) => v.message).join("\n"),
      transient: false,
      refused: true,
      protectedTouched: policy.protectedTouched,
      nextFeedback: refusal.nextFeedback,
      notes: [refusal.note],
    });
  }
  const planFiles = deps.setup === undefined ? undefined : await readPlanFiles(deps.workspace, diff.hash);
  if (deps.setup !== undefined && planFiles !== undefined) await deps.setup.probe(planFiles.files);
  const plan = await planAttemptGates(deps.workspace, diff, req.config, {
    ...(planFiles === undefined ? {} : { planFiles }),
    ...(deps.setup === undefined ? {} : { available: deps.setup.available }),
  });
  if (!plan.ok) {
    return report({
      outcome: "policy_violation",
      error: plan.problem,
      transient: false,
      protectedTouched: policy.protectedTouched,
      nextFeedback: "",
    });
  }

  // Durable before the gates run: a run that dies during them keeps the agent's tree and cost.
  await deps.recordTree(diff.hash, cost);
  let toRun = plan.gates;
  let blocked: GateFailure[] = [];
  if (deps.setup !== undefined && planFiles !== undefined) {
    const setup = await deps.setup.prepare({
      treeHash: diff.hash,
      roots: plan.gates.map((g) => g.root),
      planFiles,
      signal: req.signal,
      remainingMs: req.remainingMs - elapsed(),
    });
    if (setup.aborted) return { aborted: true, durationMs: elapsed(), cost: { costUsd: cost.costUsd, assumed: cost.assumed } };
    ({ run: toRun, blocked } = DependencySetup.split(plan.gates, setup.failed));
  }
  const gates = await runGates({
    gates: toRun,
    workspace: deps.workspace,
    runner: deps.runner,
    env: scrubEnvironment(deps.hostEnv),
    treeHash: diff.hash,
    remainingMs: () => req.remainingMs - elapsed(),
    signal: req.signal,
    onStart: deps.recordProcess,
    keepOutput: (index, gate, output) =>
      keepLog(deps.files, req.n, gateLogName(index, gate.name), `$ ${gate.argv.join(" ")}  (in ${gate.root})\n${output}`),
    ...(deps.onOutput === undefined ? {} : { onOutput: deps.onOutput }),
  });
  if (gates.aborted) return { aborted: true, durationMs: elapsed(), cost: { costUsd: cost.costUsd, assumed: cost.assumed } };
  // A gate whose setup step failed counts as failing, with the step's output.
  const failures = [...blocked, ...gates.failures];
  const results = [...blocked.map((b) => ({ name: b.name, root: b.root, ok: false, exitCode: b.exitCode, durationMs: 0 })), ...gates.results];
  return report({
    outcome: failures.length === 0 ? "passed" : "gates_failed",
    transient: false,
    gates: results,
    protectedTouched: policy.protectedTouched,
    nextFeedback: renderFeedback(req.n, failures),
    notes: gates.dirtied ? ["The gates wrote to the working tree; Foreman restored the agent's tree before judging and publishing."] : [],
  });
}

/** Whether an agent failure is worth another attempt: presets report facts, `classifyError` alone decides. */
function agentFailure(agent: Extract<AgentRun, { aborted: false }>, idleMinutes: number): { error: string; transient: boolean } {
  const { run, parsed } = agent;
  const stopped = run.timedOut || run.idle === true;
  const said = parsed.failure?.message;
  const error =
    run.idle === true
      ? `The agent printed nothing for ${idleMinutes} minute${idleMinutes === 1 ? "" : "s"} (agent.idle_timeout_minutes) and was stopped after ${Math.round(run.durationMs / 1000)} s, as stalled` +
        (said === undefined ? "." : `: ${said}`)
      : run.timedOut
        ? `The agent was stopped after ${Math.round(run.durationMs / 1000)} s: the wall-clock budget ran out.`
        : (said ?? "The agent failed without saying why.");
  const transient = stopped || classifyError({ ...parsed.failure, message: error, timedOut: stopped }) === "transient";
  return { error, transient };
}
