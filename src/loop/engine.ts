/**
 * The attempt engine: owns one session for one run. Order of each attempt (DESIGN.md):
 * check budgets → record `attempt started` (ledger, then state) → agent → diff → path policy →
 * gates → record `attempt finished` → stop or feed the failures into the next attempt.
 * Every decision is a core function; this file only sequences them through the ports.
 */
import type { AgentPresetDefinition } from "../agents/types.js";
import { approvalExpiry, approvalReasons } from "../core/approval.js";
import { checkBudget, effectiveRunBudget } from "../core/budget.js";
import type { Config } from "../core/config.js";
import { detectOscillation } from "../core/oscillation.js";
import { renderTerminalReport } from "../core/render.js";
import { nextAttemptNumber, openAttempt, transition, type SessionCommand } from "../core/state-machine.js";
import { newSession, type Attempt, type DiffStats, type SessionState, type TerminalReason } from "../core/state.js";
import type { TaskInput } from "../core/task.js";
import { runAttempt, type AttemptReport } from "./attempt.js";
import type { AttemptFiles, Clock, Ledger, ProcessRunner, Publisher, PublishRequest, StateStore, Workspace } from "./ports.js";
import { SessionWriter } from "./session-writer.js";

export type ProgressEvent =
  | { type: "attempt_started"; n: number; maxAttempts: number }
  | { type: "attempt_finished"; attempt: Attempt; notes: string[] }
  | { type: "note"; message: string };

export interface EngineDeps {
  store: StateStore;
  ledger: Ledger;
  runner: ProcessRunner;
  publisher: Publisher;
  files: AttemptFiles;
  clock: Clock;
  /** The host environment that scrubbed child environments are built from (never passed whole). */
  hostEnv: Readonly<Record<string, string | undefined>>;
  onProgress?: (event: ProgressEvent) => void;
}

export interface SessionRequest {
  sessionId: string;
  config: Config;
  task: TaskInput;
  preset: AgentPresetDefinition;
  /** The repository the session works on (for relative config paths). */
  repoRoot: string;
  workspace: Workspace;
  /** Labels on the issue (budget labels). */
  labels?: readonly string[];
  /** USD already spent today by other sessions (daily cap). */
  dailySpentUsd?: number;
  /** Stop the run: the open attempt is recorded as interrupted and the state saved. */
  signal: AbortSignal;
  /** Resume an interrupted session (`/retry`, `foreman resume`) on behalf of this person. */
  resumeAuthor?: string;
}

export interface SessionOutcome {
  state: SessionState;
  /** The terminal report, the one time it is produced. */
  report?: string;
}

const MAX_OUTPUT_TEXT = 2000;

/** Creates the session if needed, recovers a crashed run, then runs it as far as it can go. */
export async function runSession(deps: EngineDeps, req: SessionRequest): Promise<SessionOutcome> {
  const writer = await openSession(deps, req);
  await recoverCrashedRun(deps, req, writer);
  if (req.resumeAuthor !== undefined && writer.state.status === "interrupted") {
    await writer.apply({
      type: "command",
      at: iso(deps),
      id: writer.state.lastCommandId + 1,
      author: req.resumeAuthor,
      command: { kind: "retry" },
    });
  }
  const status = writer.state.status;
  if (status === "pending") {
    await writer.apply({ type: "run_started", at: iso(deps) });
    return attemptLoop(deps, req, writer);
  }
  if (status === "approved") {
    await writer.apply({ type: "run_started", at: iso(deps) });
    return publishApproved(deps, req, writer);
  }
  return finish(deps, writer);
}

/** Applies a person's command (local mode: `foreman approve|reject|resume`) as the next command id. */
export async function applySessionCommand(
  deps: Pick<EngineDeps, "store" | "clock">,
  sessionId: string,
  author: string,
  command: SessionCommand,
): Promise<{ state: SessionState; refusal?: string }> {
  const state = await deps.store.load(sessionId);
  if (!state) throw new SessionNotFoundError(sessionId);
  const writer = new SessionWriter(deps.store, state);
  const r = transition(state, { type: "command", at: iso(deps), id: state.lastCommandId + 1, author, command });
  // An ending command (reject, cancel) is written to the ledger with the terminal report, by
  // the run that takes the session next (`finish`), so it is recorded exactly once.
  await writer.save(r.state);
  return r.ok ? { state: writer.state } : { state: writer.state, refusal: r.refusal.message };
}

export class SessionNotFoundError extends Error {
  override readonly name = "SessionNotFoundError";
  constructor(readonly sessionId: string) {
    super(`No session "${sessionId}" here. Start one with "foreman run --task FILE".`);
  }
}

async function openSession(deps: EngineDeps, req: SessionRequest): Promise<SessionWriter> {
  const existing = await deps.store.load(req.sessionId);
  if (existing) return new SessionWriter(deps.store, existing);
  const effective = effectiveRunBudget({
    config: req.config,
    labels: req.labels ?? [],
    budgetOverrideUsd: null,
    dailySpentUsd: req.dailySpentUsd ?? 0,
  });
  for (const message of effective.notes) deps.onProgress?.({ type: "note", message });
  const state = newSession({
    sessionId: req.sessionId,
    now: iso(deps),
    title: req.task.title.slice(0, 1000),
    ...(req.task.issue === undefined ? {} : { issue: req.task.issue }),
    // An exhausted budget cannot be stored (usd must be positive); the session ends right below.
    budget: effective.exhausted ? req.config.budget.per_run : effective.budget,
  });
  const writer = new SessionWriter(deps.store, { ...state, baseSha: req.workspace.baseSha, branch: branchName(req.sessionId) });
  await writer.save(writer.state);
  if (effective.exhausted) {
    await writer.apply({ type: "run_started", at: iso(deps) });
    await writer.apply({ type: "ended", at: iso(deps), reason: "budget_exhausted", note: "Today's USD cap is used up: no budget is left for this session." });
  }
  return writer;
}

/**
 * A session found `running` while we hold its lock belongs to a run that died. The ledger is
 * the source of truth: an attempt it saw finish is recorded as finished; an attempt still open
 * is closed as `interrupted`, its time and the assumed cost counted (fail closed).
 */
async function recoverCrashedRun(deps: EngineDeps, req: SessionRequest, writer: SessionWriter): Promise<void> {
  if (writer.state.status !== "running") return;
  const open = openAttempt(writer.state);
  if (open) {
    const entries = await deps.ledger.read(req.sessionId);
    // The dead run's agent or gate may still be running in the worktree: stop it first.
    for (const e of entries) {
      if (e.type === "process_started" && e.n === open.n && (await deps.runner.stopOrphan(e.handle))) {
        deps.onProgress?.({ type: "note", message: `Stopped a process of attempt ${open.n} that the dead run left running.` });
      }
    }
    const done = entries.find((e) => e.type === "attempt_finished" && e.attempt.n === open.n);
    if (done && done.type === "attempt_finished") {
      await writer.apply({ type: "attempt_finished", at: done.attempt.finishedAt ?? iso(deps), attempt: done.attempt });
    }
  }
  const stillOpen = openAttempt(writer.state);
  const at = iso(deps);
  if (stillOpen) {
    const remaining = writer.state.budget.minutes * 60_000 - writer.state.spent.durationMs;
    const durationMs = Math.max(0, Math.min(Date.parse(at) - Date.parse(stillOpen.startedAt), remaining));
    const costUsd = req.config.budget.assumed_attempt_usd;
    await deps.ledger.append({ type: "attempt_interrupted", sessionId: req.sessionId, n: stillOpen.n, at, durationMs, costUsd });
    await writer.apply({ type: "run_interrupted", at, openAttempt: { durationMs, costUsd, costAssumed: true } });
    deps.onProgress?.({ type: "note", message: `Attempt ${stillOpen.n} was interrupted by a run that died; it counts against the budget.` });
  } else {
    await writer.apply({ type: "run_interrupted", at });
  }
}

async function attemptLoop(deps: EngineDeps, req: SessionRequest, writer: SessionWriter): Promise<SessionOutcome> {
  let feedback = await previousFeedback(deps, req, writer.state);
  let lastStats: DiffStats | undefined;
  for (;;) {
    const state = writer.state;
    // An attempt's cost is known only once it ends: do not start one that is assumed to go over.
    const budget = checkBudget({ budget: state.budget, spent: state.spent, nextAttemptAssumedUsd: req.config.budget.assumed_attempt_usd });
    if (!budget.ok) {
      const last = state.attempts.at(-1)?.outcome;
      const reason: Exclude<TerminalReason, "succeeded"> =
        budget.exhausted === "attempts" && (last === "gates_failed" || last === "empty_diff")
          ? "gates_failed"
          : budget.exhausted === "attempts" && last === "agent_error"
            ? "agent_error"
            : "budget_exhausted";
      return endSession(deps, writer, reason, budget.message, lastStats);
    }
    if (req.signal.aborted) return interrupt(deps, req, writer, undefined);

    const n = nextAttemptNumber(state);
    const at = iso(deps);
    // Durable before the agent is spawned: a crash from here on leaves an open attempt.
    await deps.ledger.append({ type: "attempt_started", sessionId: req.sessionId, n, at });
    await writer.apply({ type: "attempt_started", at, n });
    deps.onProgress?.({ type: "attempt_started", n, maxAttempts: state.budget.attempts });

    const report = await runAttempt(
      {
        workspace: req.workspace,
        runner: deps.runner,
        files: deps.files,
        clock: deps.clock,
        hostEnv: deps.hostEnv,
        recordProcess: (handle) => deps.ledger.append({ type: "process_started", sessionId: req.sessionId, n, handle }),
      },
      {
        n,
        config: req.config,
        task: req.task,
        preset: req.preset,
        repoRoot: req.repoRoot,
        feedback,
        remainingMs: budget.remainingMs,
        signal: req.signal,
      },
    );
    if (report.aborted) return interrupt(deps, req, writer, report);

    const attempt = toAttempt(n, at, iso(deps), report);
    await deps.ledger.append({ type: "attempt_finished", sessionId: req.sessionId, attempt });
    await writer.apply({ type: "attempt_finished", at: attempt.finishedAt!, attempt });
    // Kept beside the attempt so that a resumed run feeds the same failures to the next attempt.
    await deps.files.write(n, "next-feedback.md", report.nextFeedback);
    deps.onProgress?.({ type: "attempt_finished", attempt, notes: report.notes });
    lastStats = report.diffStats ?? lastStats;

    switch (report.outcome) {
      case "passed":
        return succeed(deps, req, writer, report);
      case "policy_violation":
        return endSession(deps, writer, "policy_violation", report.error, lastStats);
      case "agent_error":
        if (!report.transient) return endSession(deps, writer, "agent_error", report.error, lastStats);
        break;
      case "gates_failed":
      case "empty_diff": {
        const history = writer.state.attempts.slice(0, -1).map((a) => ({
          n: a.n,
          ...(a.diffHash === undefined ? {} : { diffHash: a.diffHash }),
          ...(a.outcome === undefined ? {} : { outcome: a.outcome }),
          empty: a.outcome === "empty_diff",
        }));
        const osc = detectOscillation(history, { diffHash: report.diff?.hash ?? "", empty: report.outcome === "empty_diff" }, {
          olderHashes: writer.state.compacted?.diffHashes ?? [],
        });
        if (osc.oscillating) return endSession(deps, writer, "oscillation_detected", osc.message, lastStats);
        break;
      }
      case "interrupted":
        break;
    }
    feedback = report.nextFeedback;
  }
}

/** Gates passed: stage the result, then publish it or wait for a person's approval. */
async function succeed(
  deps: EngineDeps,
  req: SessionRequest,
  writer: SessionWriter,
  report: Extract<AttemptReport, { aborted: false }>,
): Promise<SessionOutcome> {
  const state = writer.state;
  const publishReq = publishRequest(req, state);
  const staged = await deps.publisher.stage(publishReq);
  const reasons = approvalReasons(req.config.approval, { protectedTouched: report.protectedTouched, costUsd: state.spent.costUsd });
  if (reasons.length > 0) {
    const now = deps.clock.now();
    await writer.apply({
      type: "await_approval",
      at: new Date(now).toISOString(),
      expiresAt: new Date(approvalExpiry(req.config.approval, now)).toISOString(),
      reasons,
      headSha: staged.sha,
      branch: staged.branch,
    });
    return { state: writer.state };
  }
  return publish(deps, writer, { ...publishReq, sha: staged.sha }, report.diffStats);
}

/** `/approve` was given: publish exactly the approved commit, without running the agent again. */
async function publishApproved(deps: EngineDeps, req: SessionRequest, writer: SessionWriter): Promise<SessionOutcome> {
  const state = writer.state;
  const sha = state.approval?.headSha ?? state.headSha;
  if (!sha) return endSession(deps, writer, "policy_violation", "The approved session has no staged commit to publish.");
  return publish(deps, writer, { ...publishRequest(req, state), sha });
}

/** Publishes the staged commit and ends the session `succeeded`. */
async function publish(
  deps: EngineDeps,
  writer: SessionWriter,
  request: PublishRequest & { sha: string },
  diffStats?: DiffStats,
): Promise<SessionOutcome> {
  const published = await deps.publisher.publish(request);
  await writer.apply({
    type: "published",
    at: iso(deps),
    branch: published.branch,
    headSha: published.sha,
    ...(published.pullRequest === undefined ? {} : { pullRequest: published.pullRequest }),
  });
  return finish(deps, writer, diffStats);
}

async function interrupt(
  deps: EngineDeps,
  req: SessionRequest,
  writer: SessionWriter,
  report: Extract<AttemptReport, { aborted: true }> | undefined,
): Promise<SessionOutcome> {
  const open = openAttempt(writer.state);
  const at = iso(deps);
  if (open) {
    const durationMs = report?.durationMs ?? Math.max(0, Date.parse(at) - Date.parse(open.startedAt));
    // The agent may have spent money before it was stopped: count the assumed cost (fail closed).
    const costUsd = report?.agentStarted === false ? 0 : req.config.budget.assumed_attempt_usd;
    await deps.ledger.append({ type: "attempt_interrupted", sessionId: req.sessionId, n: open.n, at, durationMs, costUsd });
    await writer.apply({ type: "run_interrupted", at, openAttempt: { durationMs, costUsd, costAssumed: costUsd > 0 } });
  } else {
    await writer.apply({ type: "run_interrupted", at });
  }
  return { state: writer.state };
}

async function endSession(
  deps: EngineDeps,
  writer: SessionWriter,
  reason: Exclude<TerminalReason, "succeeded">,
  note?: string,
  diffStats?: DiffStats,
): Promise<SessionOutcome> {
  await writer.apply({ type: "ended", at: iso(deps), reason, ...(note === undefined ? {} : { note }) });
  return finish(deps, writer, diffStats);
}

/** The single terminal report: produced once, when the session has ended and none was posted. */
async function finish(deps: EngineDeps, writer: SessionWriter, diffStats?: DiffStats): Promise<SessionOutcome> {
  const state = writer.state;
  if (state.status !== "ended" || state.reportedAt !== undefined || state.reason === null) return { state };
  await deps.ledger.append({ type: "session_ended", sessionId: state.sessionId, reason: state.reason, at: iso(deps) });
  const stats = diffStats ?? [...state.attempts].reverse().find((a) => a.diffStats)?.diffStats;
  const report = renderTerminalReport(state, stats ? { diffStats: stats } : undefined);
  await writer.apply({ type: "report_posted", at: iso(deps) });
  return { state: writer.state, report };
}

/** On resume, the failures of the last finished attempt feed the next one. */
async function previousFeedback(deps: EngineDeps, req: SessionRequest, state: SessionState): Promise<string> {
  const last = [...state.attempts].reverse().find((a) => a.finishedAt !== undefined && a.outcome !== "interrupted");
  if (!last) return "";
  const text = await deps.files.read(deps.files.path(last.n, "next-feedback.md"));
  if (text) return text;
  const failed = (last.gates ?? []).filter((g) => !g.ok).map((g) => `gate "${g.name}" in ${g.root} failed (exit ${g.exitCode ?? "killed"})`);
  return failed.length > 0 ? `# Feedback from attempt ${last.n}\n\n${failed.map((f) => `- ${f}`).join("\n")}\n` : "";
}

function toAttempt(n: number, startedAt: string, finishedAt: string, r: Extract<AttemptReport, { aborted: false }>): Attempt {
  return {
    n,
    startedAt,
    finishedAt,
    outcome: r.outcome,
    durationMs: Math.round(r.durationMs),
    costUsd: r.costUsd,
    ...(r.costAssumed ? { costAssumed: true } : {}),
    ...(r.tokens === undefined ? {} : { tokens: r.tokens }),
    ...(r.diff === undefined ? {} : { diffHash: r.diff.hash }),
    ...(r.diffStats === undefined ? {} : { diffStats: r.diffStats }),
    ...(r.gates.length === 0 ? {} : { gates: r.gates.slice(0, 50) }),
    ...(r.summary ? { summary: r.summary.slice(0, MAX_OUTPUT_TEXT) } : {}),
    ...(r.error ? { error: r.error.slice(0, MAX_OUTPUT_TEXT) } : {}),
  };
}

function publishRequest(req: SessionRequest, state: SessionState): PublishRequest {
  const title = `Foreman: ${state.task.title}`.slice(0, 250);
  const body = [
    state.task.issue === undefined ? "" : `Closes #${state.task.issue}.`,
    `Produced by Foreman in ${state.spent.attempts} attempt(s), ${state.spent.costUsd.toFixed(2)} USD.`,
  ]
    .filter(Boolean)
    .join("\n\n");
  return { sessionId: state.sessionId, branch: state.branch ?? branchName(state.sessionId), baseSha: req.workspace.baseSha, workspace: req.workspace, title, body };
}

export function branchName(sessionId: string): string {
  return `foreman/${sessionId}`;
}

function iso(deps: Pick<EngineDeps, "clock">): string {
  return new Date(deps.clock.now()).toISOString();
}
