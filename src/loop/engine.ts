/**
 * The attempt engine: owns one session for one run. Order of each attempt (DESIGN.md):
 * check budgets → record `attempt started` (ledger, then state) → agent → diff → path policy →
 * gates → record `attempt finished` → stop or feed the failures into the next attempt.
 * Every decision is a core function; this file only sequences them through the ports.
 */
import type { AgentPresetDefinition } from "./agent-preset.js";
import { approvalExpiry, approvalReasons } from "../core/approval.js";
import { agentBackoffMs, transientStreak } from "../core/agent-backoff.js";
import { checkBudget, effectiveRunBudget, readmission } from "../core/budget.js";
import type { Config } from "../core/config.js";
import { lastVerdict, nextRunAction, nextStep, reasonWhenBudgetRunsOut, type RunAction } from "../core/decide.js";
import { formatPullRequestBody, formatPullRequestTitle, formatSessionBranch } from "../core/names.js";
import { checkPaths } from "../core/path-policy.js";
import { sanitizeUntrusted } from "../core/sanitize.js";
import { renderTerminalReport, type RenderSurface } from "../core/render.js";
import { ForemanError } from "../core/errors.js";
import { reconcile, SnapshotMismatchError } from "../core/reconcile.js";
import { recoverOpenAttempt, type LiveInterruption, type RecoveryInput } from "../core/recovery.js";
import { refusalText } from "../core/refusal-text.js";
import { nextAttemptNumber, openAttempt, transition, type SessionCommand, type SessionEvent } from "../core/state-machine.js";
import { newSession, type Attempt, type DiffStats, type GateResult, type SessionState, type TerminalReason } from "../core/state.js";
import type { TaskInput } from "../core/task.js";
import { capText, TEXT_CAPS } from "../core/text-caps.js";
import { runAttempt, type AttemptReport } from "./attempt.js";
import { gateLogName, keepLog } from "./attempt-logs.js";
import { prepareBase } from "./baseline.js";
import { DependencySetup } from "./setup.js";
import { scrubEnvironment } from "../core/environment.js";
import type { AttemptFiles, Clock, Ledger, LedgerEntry, ProcessRunner, Publisher, PublishRequest, StateStore, Workspace } from "./ports.js";
import { SessionNotFoundError } from "./errors.js";
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
  /** Each chunk of output of the agent or a gate as it arrives, with its source (`agent`, `gate <name>`). */
  onOutput?: (source: string, text: string) => void;
  /** Who reads the terminal report: slash commands on GitHub, `foreman` commands locally. */
  surface: RenderSurface;
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
  /** A person's command to apply first (`foreman approve|reject|cancel`), already authorized. */
  command?: { author: string; command: SessionCommand };
}

export interface SessionOutcome {
  state: SessionState;
  /** The terminal report, the one time it is produced. */
  report?: string;
  /** Why the person's command had no effect, if it had none. */
  refusal?: string;
}

/**
 * Creates the session if needed, recovers a crashed run, applies the person's command if any,
 * then runs the session as far as it can go. If anything throws on the way, the session is not
 * left `running`: the run is recorded as interrupted (resumable) before the error propagates.
 */
export async function runSession(given: EngineDeps, req: SessionRequest): Promise<SessionOutcome> {
  const { writer, deps, created } = await openSession(given, req);
  try {
    // Recovery and an expired approval come first, so a command sees the session as it really is.
    await settle(deps, req, writer);
    // A command that had no effect moves nothing forward: no attempt, no publishing.
    if (req.command !== undefined) {
      const refusal = await applyCommand(deps, writer, req.command.author, req.command.command);
      if (refusal !== undefined) return { ...(await finish(deps, writer)), refusal };
    }
    if (req.resumeAuthor !== undefined && writer.state.status === "interrupted") {
      await applyCommand(deps, writer, req.resumeAuthor, { kind: "retry" });
    }
    const action = await settle(deps, req, writer);
    switch (action.kind) {
      case "run_attempts":
        await readmit(deps, req, writer);
        if (writer.state.status !== "pending") return await finish(deps, writer);
        // Before any paid work: a result that could not be published must not be produced
        // (a session this run created was checked a moment ago, in openSession).
        if (!created) await deps.publisher.preflight(publishRequest(req, writer.state));
        await writer.apply({ type: "run_started", at: iso(deps) });
        return await attemptLoop(deps, req, writer);
      case "publish_approved":
        await writer.apply({ type: "run_started", at: iso(deps) });
        return await publishApproved(deps, req, writer);
      case "report":
      case "wait":
      case "none":
        return await finish(deps, writer);
    }
  } catch (error) {
    await abandonRun(deps, req, writer);
    throw error;
  }
}

/**
 * Carries out what needs no person: accounting of a dead run's attempt (`recover`) and an
 * approval past its deadline (`expire`), until the core's next action is something else.
 */
async function settle(deps: EngineDeps, req: SessionRequest, writer: SessionWriter): Promise<Exclude<RunAction, { kind: "recover" | "expire" }>> {
  for (;;) {
    const action = nextRunAction(writer.state, deps.clock.now());
    if (action.kind === "recover") await recoverCrashedRun(deps, req, writer);
    // An approval past its deadline ends the session (its one terminal report follows).
    else if (action.kind === "expire") await writer.apply({ type: "approval_expired", at: iso(deps) });
    else return action;
  }
}

/** Applies a command as the next command id; returns the refusal message when it had no effect. */
async function applyCommand(deps: EngineDeps, writer: SessionWriter, author: string, command: SessionCommand): Promise<string | undefined> {
  const state = writer.state;
  const r = transition(state, { type: "command", at: iso(deps), id: state.lastCommandId + 1, author, command });
  // Saved even when refused: the command is consumed and can never apply later.
  await writer.save(r.state);
  return r.ok ? undefined : refusalText(r.refusal.message, deps.surface);
}

/** A session that waited is held to what remains of today's cap (`readmission`, core). */
async function readmit(deps: EngineDeps, req: SessionRequest, writer: SessionWriter): Promise<void> {
  if (req.dailySpentUsd === undefined) return;
  const s = writer.state;
  const decision = readmission({
    budgetUsd: s.budget.usd,
    spentUsd: s.spent.costUsd,
    dailyCapUsd: req.config.budget.daily.usd,
    dailySpentUsd: req.dailySpentUsd,
  });
  if (decision.kind === "exhausted") {
    await writer.apply({
      type: "ended",
      at: iso(deps),
      reason: "budget_exhausted",
      note: "Today's USD cap is used up: no budget is left for this session.",
    });
  } else if (decision.kind === "lowered") {
    await writer.apply({ type: "readmitted", at: iso(deps), budget: { ...s.budget, usd: decision.usd } });
    deps.onProgress?.({
      type: "note",
      message: `USD budget lowered to ${decision.usd.toFixed(2)}: that is what remains of today's ${req.config.budget.daily.usd} USD cap.`,
    });
  }
}

/** After an unexpected error: a session this run left `running` becomes resumable, never stuck. */
async function abandonRun(deps: EngineDeps, req: SessionRequest, writer: SessionWriter): Promise<void> {
  try {
    // The same recovery a later run would do: the ledger's verdict of the open attempt, if any, is kept.
    if (writer.state.status === "running") await recoverCrashedRun(deps, req, writer);
  } catch {
    // The original error is the one to report; the next run recovers the session from the ledger.
  }
}

export { SessionNotFoundError };

/** Whether this run only cancels the session: a cancel must work even when the session's records are damaged. */
function cancelling(req: SessionRequest): boolean {
  return req.command?.command.kind === "cancel";
}

/** The session's writer; `created` when this run created the session (and checked its publishing already). */
async function openSession(deps: EngineDeps, req: SessionRequest): Promise<{ writer: SessionWriter; deps: EngineDeps; created: boolean }> {
  const existing = await deps.store.load(req.sessionId);
  if (existing) return { ...(await adoptSession(deps, req, existing)), created: false };
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
    // Untrusted (an issue title): it reaches reports and commit messages.
    title: sanitizeUntrusted(req.task.title, { maxLength: TEXT_CAPS.title }).replace(/\s+/g, " ").trim(),
    ...(req.task.issue === undefined ? {} : { issue: req.task.issue }),
    // An exhausted budget cannot be stored (usd must be positive); the session ends right below.
    budget: effective.exhausted ? req.config.budget.per_run : effective.budget,
  });
  const writer = new SessionWriter(deps.store, { ...state, baseSha: req.workspace.baseSha, branch: branchName(req.sessionId) });
  // A session whose result could not be published is never created (it would hold budget).
  await deps.publisher.preflight(publishRequest(req, writer.state));
  await writer.save(writer.state);
  if (effective.exhausted) {
    await writer.apply({ type: "run_started", at: iso(deps) });
    await writer.apply({
      type: "ended",
      at: iso(deps),
      reason: "budget_exhausted",
      note: "Today's USD cap is used up: no budget is left for this session.",
    });
  }
  return { writer, deps, created: true };
}

/**
 * An existing session: its snapshot is checked against the ledger first (`reconcile`, core), so
 * that a stale or edited snapshot is never believed. Where the ledger alone determines the
 * truth the snapshot is rebuilt from it; otherwise the run is refused, except a cancel, which
 * always works (an unreadable ledger then counts as empty: an open attempt is charged the
 * assumed cost, never nothing).
 */
async function adoptSession(deps: EngineDeps, req: SessionRequest, existing: SessionState): Promise<{ writer: SessionWriter; deps: EngineDeps }> {
  const writer = new SessionWriter(deps.store, existing);
  let entries: LedgerEntry[];
  try {
    entries = await deps.ledger.read(req.sessionId);
  } catch (error) {
    if (!(cancelling(req) && error instanceof ForemanError && error.kind === "corrupt")) throw error;
    deps.onProgress?.({ type: "note", message: `The session's ledger is damaged (${error.message}); cancelling without it.` });
    return { writer, deps: { ...deps, ledger: ledgerReadAsEmpty(deps.ledger) } };
  }
  const r = reconcile(existing, entries);
  if (r.kind === "rebuilt") {
    await writer.save(r.state);
    deps.onProgress?.({
      type: "note",
      message: `The session's saved state disagreed with its ledger (${r.problems.join("; ")}); rebuilt it from the ledger.`,
    });
  } else if (r.kind === "refused") {
    if (!cancelling(req)) throw new SnapshotMismatchError(req.sessionId, r.restore, r.problems);
    deps.onProgress?.({
      type: "note",
      message: `The session's saved state disagrees with its ledger (${r.problems.join("; ")}); cancelling anyway.`,
    });
  }
  return { writer, deps };
}

/** A ledger whose damaged content reads as nothing (appends still go through): only to cancel a session. */
function ledgerReadAsEmpty(ledger: Ledger): Ledger {
  return {
    append: (entry) => ledger.append(entry),
    read: async (sessionId) => {
      try {
        return await ledger.read(sessionId);
      } catch (error) {
        if (error instanceof ForemanError && error.kind === "corrupt") return [];
        throw error;
      }
    },
  };
}

/**
 * A session found `running` while we hold its lock belongs to a run that died (or an attempt
 * is still open under a `/cancel`). The ledger is the source of truth; `recoverOpenAttempt`
 * (core) decides the charge and the effects, this function carries them out.
 */
async function recoverCrashedRun(deps: EngineDeps, req: SessionRequest, writer: SessionWriter): Promise<void> {
  const entries = openAttempt(writer.state) ? await deps.ledger.read(req.sessionId) : [];
  const input: RecoveryInput = {
    state: writer.state,
    entries,
    nowMs: deps.clock.now(),
    assumedAttemptUsd: req.config.budget.assumed_attempt_usd,
  };
  let recovery = recoverOpenAttempt(input);
  if (recovery.kind !== "no_open_attempt") {
    // The dead run's agent or gate may still be running in the worktree: stop it first.
    for (const handle of recovery.stopOrphans) {
      if (await deps.runner.stopOrphan(handle)) {
        deps.onProgress?.({ type: "note", message: `Stopped a process of attempt ${recovery.n} that the dead run left running.` });
      }
    }
  }
  if (recovery.kind === "interrupted" && recovery.append !== null) {
    // An agent that outlived its run may have said what it spent: that counts (the larger of it and the assumed cost).
    const reported = await orphanReportedCost(deps, req, recovery.n);
    if (reported !== undefined) recovery = recoverOpenAttempt({ ...input, orphanReport: { costUsd: reported } });
  }
  if (recovery.kind === "interrupted") {
    // A run that died while the gates ran may have left their output in the working copy: put
    // back the tree the agent left, so the next attempt starts from it (and nothing of the
    // gates is ever published).
    if (recovery.restoreTree !== null && !(await req.workspace.isClean(recovery.restoreTree))) {
      await req.workspace.restore(recovery.restoreTree);
      deps.onProgress?.({
        type: "note",
        message: `Put back the tree attempt ${recovery.n} left before its gates ran (the dead run's gates had written to it).`,
      });
    }
    if (recovery.append !== null) await deps.ledger.append(recovery.append);
  }
  for (const event of recovery.events) await writer.apply(event);
  if (recovery.kind === "interrupted") {
    deps.onProgress?.({ type: "note", message: `Attempt ${recovery.n} was interrupted by a run that died; it counts against the budget.` });
  }
}

/** The cost the agent of attempt `n` reported in its result file, read with its preset (undefined: none). */
async function orphanReportedCost(deps: EngineDeps, req: SessionRequest, n: number): Promise<number | undefined> {
  const resultFile = deps.files.path(n, "result.json");
  const resultFileText = await deps.files.read(resultFile);
  if (resultFileText === null) return undefined;
  const ctx = {
    attempt: n,
    worktree: req.workspace.dir,
    taskFile: deps.files.path(n, "task.md"),
    feedbackFile: deps.files.path(n, "feedback.md"),
    promptFile: deps.files.path(n, "prompt.md"),
    resultFile,
    repoRoot: req.repoRoot,
    agent: req.config.agent,
  };
  return req.preset.parse({ exitCode: null, timedOut: false, stdout: "", stderr: "", resultFileText }, ctx).costUsd;
}

async function attemptLoop(deps: EngineDeps, req: SessionRequest, writer: SessionWriter): Promise<SessionOutcome> {
  let feedback = await previousFeedback(deps, writer.state);
  // Dependencies are installed once per run, and again only when an attempt changes a manifest or lockfile.
  let logAttempt = nextAttemptNumber(writer.state);
  const setup = new DependencySetup({
    workspace: req.workspace,
    runner: deps.runner,
    clock: deps.clock,
    env: scrubEnvironment(deps.hostEnv),
    config: req.config,
    ...(deps.onOutput === undefined ? {} : { onOutput: deps.onOutput }),
    keepOutput: (step, output) => keepLog(deps.files, logAttempt, `setup-${gateLogName(0, `${step.root} ${step.name}`).slice(7)}`, output),
  });
  const before = checkBudget({ budget: writer.state.budget, spent: writer.state.spent, nextAttemptAssumedUsd: 0 });
  // Before the first paid attempt: install, then run the gates on the unchanged base (a budget
  // already used up is the loop's to report).
  if (nextAttemptNumber(writer.state) === 1 && nextStep(writer.state).kind === "attempt" && before.ok) {
    const budget = before;
    const started = deps.clock.now();
    const base = await prepareBase({
      workspace: req.workspace,
      runner: deps.runner,
      files: deps.files,
      env: scrubEnvironment(deps.hostEnv),
      config: req.config,
      setup,
      signal: req.signal,
      remainingMs: () => budget.remainingMs - (deps.clock.now() - started),
      onStart: async () => {},
      ...(deps.onOutput === undefined ? {} : { onOutput: deps.onOutput }),
    });
    await saveSetupRecord(deps, writer, setup, base.kind === "ready" ? base.baseline : undefined);
    if (base.kind === "aborted") return interrupt(deps, req, writer, undefined);
    if (base.kind === "ended") return endSession(deps, writer, "setup_failed", base.message);
    if (feedback === "") feedback = base.feedback;
  }
  for (;;) {
    // The core decides from the state alone, so a resumed run continues exactly where the
    // last one stopped: a passed attempt is published, a terminal one ends the session.
    const step = nextStep(writer.state);
    if (step.kind === "publish") return succeed(deps, req, writer, step.attempt);
    if (step.kind === "end") return endSession(deps, writer, step.reason, step.note);

    const state = writer.state;
    // An attempt's cost is known only once it ends: do not start one that is assumed to go over.
    const budget = checkBudget({ budget: state.budget, spent: state.spent, nextAttemptAssumedUsd: req.config.budget.assumed_attempt_usd });
    if (!budget.ok) {
      const last = lastVerdict(state);
      const reason = reasonWhenBudgetRunsOut(budget, last?.outcome);
      // Attempts used up while the change is still refused: say what the policy refused last.
      const note = reason === "policy_violation" && last?.error !== undefined ? `${budget.message} ${last.error}` : budget.message;
      return endSession(deps, writer, reason, note);
    }
    if (req.signal.aborted) return interrupt(deps, req, writer, undefined);

    const n = nextAttemptNumber(state);
    const at = iso(deps);
    // Durable before the agent is spawned: a crash from here on leaves an open attempt.
    await deps.ledger.append({ type: "attempt_started", sessionId: req.sessionId, n, at });
    await writer.apply({ type: "attempt_started", at, n });
    deps.onProgress?.({ type: "attempt_started", n, maxAttempts: state.budget.attempts });

    logAttempt = n;
    let keptBeforeGates: { hash: string; ref: string | undefined } | undefined;
    const report = await runAttempt(
      {
        setup,
        workspace: req.workspace,
        runner: deps.runner,
        files: deps.files,
        clock: deps.clock,
        hostEnv: deps.hostEnv,
        ...(deps.onOutput === undefined ? {} : { onOutput: deps.onOutput }),
        recordProcess: (handle) => deps.ledger.append({ type: "process_started", sessionId: req.sessionId, n, handle }),
        // The agent's tree is kept (pushed, on GitHub) before the gates run and its ref recorded with
        // it: a runner killed outright during the gates loses nothing the next run cannot resume from.
        recordTree: async (hash, cost) => {
          const ref = await keepTree(deps, req, n, () => Promise.resolve(hash));
          // Tried once per tree: a failed keep is noted once, and the attempt is recorded without a ref.
          keptBeforeGates = { hash, ref };
          await deps.ledger.append({
            type: "attempt_diffed",
            sessionId: req.sessionId,
            n,
            hash,
            costUsd: cost.costUsd,
            costAssumed: cost.assumed,
            ...(ref === undefined ? {} : { keptRef: ref }),
          });
        },
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
    const backoffMs = await backOff(deps, req, writer.state, n, report, budget.remainingMs);

    await saveSetupRecord(deps, writer, setup, undefined);
    // Kept before it is recorded, so the record (ledger and state, one write each) carries the ref.
    const diff = report.diff;
    const keptRef =
      diff === undefined
        ? undefined
        : keptBeforeGates?.hash === diff.hash
          ? keptBeforeGates.ref
          : await keepTree(deps, req, n, () => Promise.resolve(diff.hash));
    const attempt = toAttempt(n, at, iso(deps), { ...report, durationMs: report.durationMs + backoffMs }, keptRef, backoffMs);
    await deps.ledger.append({ type: "attempt_finished", sessionId: req.sessionId, attempt });
    await writer.apply({ type: "attempt_finished", at: attempt.finishedAt!, attempt });
    // Kept beside the attempt so that a resumed run feeds the same failures to the next attempt.
    await deps.files.write(n, "next-feedback.md", report.nextFeedback);
    deps.onProgress?.({ type: "attempt_finished", attempt, notes: report.notes });
    feedback = report.nextFeedback;
  }
}

/**
 * After a transient agent error, pauses before the next attempt (`agentBackoffMs`, core:
 * exponential with jitter, cut to the wall clock left) when there will be a next attempt. The
 * wait counts as time, in the failed attempt's duration, never as money. Returns the ms waited.
 */
async function backOff(
  deps: EngineDeps,
  req: SessionRequest,
  state: SessionState,
  n: number,
  report: Extract<AttemptReport, { aborted: false }>,
  remainingMs: number,
): Promise<number> {
  const sleep = deps.clock.sleep?.bind(deps.clock);
  if (sleep === undefined || report.outcome !== "agent_error" || !report.transient || req.signal.aborted) return 0;
  const after = {
    attempts: state.spent.attempts + 1,
    costUsd: state.spent.costUsd + report.costUsd,
    durationMs: state.spent.durationMs + report.durationMs,
  };
  // No next attempt, no reason to wait.
  if (!checkBudget({ budget: state.budget, spent: after, nextAttemptAssumedUsd: req.config.budget.assumed_attempt_usd }).ok) return 0;
  const streak = transientStreak(state.attempts.filter((a) => a.n !== n)) + 1;
  const jitter = Math.min(1, Math.max(0, deps.clock.random?.() ?? 0.5));
  const waitMs = agentBackoffMs({ streak, jitter, remainingMs: remainingMs - report.durationMs });
  if (waitMs <= 0) return 0;
  deps.onProgress?.({
    type: "note",
    message: `Attempt ${n} ended on a transient agent error; waiting ${(waitMs / 1000).toFixed(1)} s before the next attempt (counted as time, not money).`,
  });
  const before = deps.clock.now();
  await sleep(waitMs, req.signal);
  return Math.max(0, Math.min(waitMs, deps.clock.now() - before));
}

/** Records setup (time, outcome) in the state, apart from the attempts, when it ran since the last save. */
async function saveSetupRecord(deps: EngineDeps, writer: SessionWriter, setup: DependencySetup, baseline: GateResult[] | undefined): Promise<void> {
  const before = writer.state.setup;
  const record = setup.record(before) ?? (baseline === undefined ? undefined : { runs: 0, durationMs: 0, ok: true, steps: [] });
  const next = record === undefined ? undefined : baseline === undefined ? record : { ...record, baseline: baseline.slice(0, TEXT_CAPS.gates) };
  if (next === undefined || JSON.stringify(next) === JSON.stringify(before)) return;
  await writer.save({ ...writer.state, setup: next });
  if (next.runs === (before?.runs ?? 0)) return;
  const steps = next.steps.map((s) => `${s.command} in ${s.root} ${s.ok ? "ok" : `failed (exit ${s.exitCode ?? "none"})`}`).join(", ");
  deps.onProgress?.({
    type: "note",
    message: `Dependency setup: ${steps} (${(next.durationMs / 1000).toFixed(1)} s in all, not counted as an attempt).`,
  });
}

/** Gates passed: stage exactly the tree that passed, then publish it or wait for a person's approval. */
async function succeed(deps: EngineDeps, req: SessionRequest, writer: SessionWriter, passed: Attempt): Promise<SessionOutcome> {
  let diff = await req.workspace.diff();
  if (passed.diffHash !== undefined && diff.hash !== passed.diffHash) {
    // Something wrote to the working copy after the gates judged it (a run that died there).
    await req.workspace.restore(passed.diffHash);
    diff = await req.workspace.diff();
  }
  const state = writer.state;
  const publishReq = publishRequest(req, state);
  // Nothing that breaks the path policy is ever staged or published, whatever happened since the gates.
  const policy = checkPaths(diff.files, req.config.paths);
  if (!policy.ok) return endSession(deps, writer, "policy_violation", policy.violations.map((v) => v.message).join("\n"));
  const staged = await deps.publisher.stage(publishReq);
  const { protectedTouched } = policy;
  const reasons = approvalReasons(req.config.approval, { protectedTouched, costUsd: state.spent.costUsd });
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
  return publish(deps, writer, { ...publishReq, sha: staged.sha }, passed.diffStats);
}

/** `/approve` was given: publish exactly the approved commit, without running the agent again. */
async function publishApproved(deps: EngineDeps, req: SessionRequest, writer: SessionWriter): Promise<SessionOutcome> {
  const state = writer.state;
  const sha = state.approval?.headSha ?? state.headSha;
  if (!sha) return endSession(deps, writer, "policy_violation", "The approved session has no staged commit to publish.");
  // What was approved is the tree that passed: put it back if the working copy changed since.
  const passed = lastVerdict(state)?.diffHash;
  if (passed !== undefined && !(await req.workspace.isClean(passed))) await req.workspace.restore(passed);
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

/** This run is being stopped: its open attempt, if any, is accounted by the same rule as a dead run's. */
async function interrupt(
  deps: EngineDeps,
  req: SessionRequest,
  writer: SessionWriter,
  report: Extract<AttemptReport, { aborted: true }> | undefined,
): Promise<SessionOutcome> {
  const live: LiveInterruption =
    report === undefined ? {} : { durationMs: report.durationMs, ...(report.cost === undefined ? {} : { cost: report.cost }) };
  const open = openAttempt(writer.state);
  // The work in progress outlives the runner: a run on a fresh runner resumes from it.
  const keptRef =
    report === undefined || open === undefined ? undefined : await keepTree(deps, req, open.n, async () => (await req.workspace.diff()).hash);
  const recovery = recoverOpenAttempt({
    state: writer.state,
    entries: open ? await deps.ledger.read(req.sessionId) : [],
    nowMs: deps.clock.now(),
    assumedAttemptUsd: req.config.budget.assumed_attempt_usd,
    live,
  });
  if (recovery.kind === "interrupted" && recovery.append !== null) await deps.ledger.append(recovery.append);
  for (const event of recovery.events) await writer.apply(withKeptRef(event, keptRef));
  return { state: writer.state };
}

/** The interruption of the open attempt, with where its work in progress was kept. */
function withKeptRef(event: SessionEvent, keptRef: string | undefined): SessionEvent {
  if (keptRef === undefined || event.type !== "run_interrupted" || event.openAttempt === undefined) return event;
  return { ...event, openAttempt: { ...event.openAttempt, keptRef } };
}

/**
 * Keeps attempt `n`'s tree where it outlives the run (`Publisher.keep`, when the publisher has
 * it) and returns the ref. A failure is noted and never fatal: the attempt's record matters more.
 */
async function keepTree(deps: EngineDeps, req: SessionRequest, n: number, tree: () => Promise<string>): Promise<string | undefined> {
  const publisher = deps.publisher;
  if (publisher.keep === undefined) return undefined;
  try {
    const hash = await tree();
    const kept = await publisher.keep({ sessionId: req.sessionId, attempt: n, workspace: req.workspace, hash, baseSha: req.workspace.baseSha });
    return kept.ref;
  } catch (error) {
    deps.onProgress?.({
      type: "note",
      message: `Attempt ${n}'s tree could not be kept (${error instanceof Error ? error.message : String(error)}); the attempt is recorded without it.`,
    });
    return undefined;
  }
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
  const stats = diffStats ?? [...state.attempts].reverse().find((a) => a.diffStats)?.diffStats;
  const report = renderTerminalReport(state, { surface: deps.surface, ...(stats ? { diffStats: stats } : {}) });
  // Marked before it is shown or logged: a crash in between loses a report (the status still
  // shows it) rather than producing a second one.
  await writer.apply({ type: "report_posted", at: iso(deps) });
  await deps.ledger.append({ type: "session_ended", sessionId: state.sessionId, reason: state.reason, at: iso(deps) });
  return { state: writer.state, report };
}

/** On resume, the failures of the last finished attempt feed the next one. */
async function previousFeedback(deps: EngineDeps, state: SessionState): Promise<string> {
  const last = [...state.attempts].reverse().find((a) => a.finishedAt !== undefined && a.outcome !== "interrupted");
  if (!last) return "";
  const text = await deps.files.read(deps.files.path(last.n, "next-feedback.md"));
  if (text) return text;
  const failed = (last.gates ?? []).filter((g) => !g.ok).map((g) => `gate "${g.name}" in ${g.root} failed (exit ${g.exitCode ?? "killed"})`);
  return failed.length > 0 ? `# Feedback from attempt ${last.n}\n\n${failed.map((f) => `- ${f}`).join("\n")}\n` : "";
}

function toAttempt(
  n: number,
  startedAt: string,
  finishedAt: string,
  r: Extract<AttemptReport, { aborted: false }>,
  keptRef?: string,
  backoffMs = 0,
): Attempt {
  return {
    n,
    startedAt,
    finishedAt,
    outcome: r.outcome,
    durationMs: Math.round(r.durationMs),
    costUsd: r.costUsd,
    ...(r.costAssumed ? { costAssumed: true } : {}),
    costBasis: r.costBasis,
    ...(r.deniedTools === undefined
      ? {}
      : { deniedTools: r.deniedTools.slice(0, TEXT_CAPS.deniedTools).map((t) => capText(t, TEXT_CAPS.deniedTool)) }),
    ...(backoffMs > 0 ? { backoffMs: Math.round(backoffMs) } : {}),
    ...(r.tokens === undefined ? {} : { tokens: r.tokens }),
    ...(r.diff === undefined ? {} : { diffHash: r.diff.hash }),
    ...(r.diffStats === undefined ? {} : { diffStats: r.diffStats }),
    ...(r.gates.length === 0 ? {} : { gates: r.gates.slice(0, TEXT_CAPS.gates) }),
    ...(r.summary ? { summary: capText(r.summary, TEXT_CAPS.summary) } : {}),
    ...(r.error ? { error: capText(r.error, TEXT_CAPS.error) } : {}),
    ...(r.outcome === "agent_error" ? { transient: r.transient } : {}),
    ...(r.refused === true ? { refused: true } : {}),
    ...(keptRef === undefined ? {} : { keptRef }),
  };
}

function publishRequest(req: SessionRequest, state: SessionState): PublishRequest {
  return {
    sessionId: state.sessionId,
    branch: state.branch ?? branchName(state.sessionId),
    baseSha: req.workspace.baseSha,
    workspace: req.workspace,
    title: formatPullRequestTitle(state.task.title),
    body: formatPullRequestBody({
      sessionId: state.sessionId,
      ...(state.task.issue === undefined ? {} : { issue: state.task.issue }),
      attempts: state.spent.attempts,
      costUsd: state.spent.costUsd,
    }),
  };
}

/** The session branch, `foreman/<sessionId>` (`formatSessionBranch`, core/names). */
export const branchName = formatSessionBranch;

function iso(deps: Pick<EngineDeps, "clock">): string {
  return new Date(deps.clock.now()).toISOString();
}
