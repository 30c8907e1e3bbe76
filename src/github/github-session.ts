/**
 * Everything between the Action's settings and the engine, for the three modes:
 *
 * - **run**: config from the checkout, the issue as the task, the session from its comment; a run
 *   that died is accounted first (the engine's recovery); then every command after the
 *   watermark, on the issue and on the session's Foreman PR, is applied in comment-id order
 *   (`applyReplayedCommands`, core). A session that does not exist yet has no watermark: the
 *   commands written after its trigger (the trigger label's last addition, `trigger-time.ts`:
 *   one events listing, only then and only when the thread holds a command that would act on
 *   a session) are for it, the older ones are not; an authorized `/cancel` among them ends it
 *   before anything starts (`beforeFirstRun`, core: no reservation, no workspace, no agent;
 *   the session is recorded ended `cancelled`, its watermark past the comments read). Then a
 *   run that will start attempts reserves its USD on the daily ledger (refused: the session ends `budget_exhausted` before any agent runs); the
 *   engine runs in a clone of the checkout that resumes from the last kept attempt, while a
 *   `/cancel` written meanwhile stops it (`cancel-watch.ts`); the reservation is settled with
 *   what was really spent; the check run is reported on the PR head.
 * - **recover**: the open attempt of a dead run is marked `interrupted` (engine, core
 *   `recovery.ts`), comment and check run updated; nothing runs.
 * - **sweep**: sessions are found by listing the open issues with the trigger label (one paged
 *   call, 100 issues a page) and the Foreman runs in progress (two calls: `in_progress`,
 *   `queued`; a run's `display_title` is its `run-name`, `foreman #<issue> …`). Approvals past
 *   their deadline end `approval_expired`; sessions marked running with no live run are
 *   recovered. Each session found costs its state read plus the writes it needs.
 *
 * Adapters are injected (`GitHubSessionDeps`): `src/action/main.ts` wires the real ones, tests
 * wire fakes. Decisions stay in core; this file only sequences them.
 */
import { getPreset } from "../agents/index.js";
import { isApprovalExpired } from "../core/approval.js";
import { effectiveRunBudget } from "../core/budget.js";
import type { Config } from "../core/config.js";
import { nextRunAction } from "../core/decide.js";
import { ForemanError } from "../core/errors.js";
import { nextStepsForReason } from "../core/render.js";
import { actsOnSession, applyReplayedCommands, beforeFirstRun, type AuthorizedCommand, type CommandEffect } from "../core/replayed-commands.js";
import type { SessionState } from "../core/state.js";
import { runSession, type EngineDeps, type ProgressEvent } from "../loop/engine.js";
import type { AttemptFiles, Clock, Ledger, ProcessRunner, Publisher, StateStore, Workspace } from "../loop/ports.js";
import { SessionWriter } from "../loop/session-writer.js";
import type { ActionSettings } from "../action/settings.js";
import type { GitHubClient } from "./client.js";
import { git } from "../local/git.js";
import { readIssueTask, type IssueTask } from "./issue-task.js";
import { repoSlug } from "./repo.js";
import { lastLabeledAt } from "./trigger-time.js";
import { renderJobSummary } from "../core/job-summary.js";

/** A comment carrying a Foreman marker that an adapter ignored (forged, unsigned, edited), for the job summary. */
export interface IgnoredCommentNote {
  commentId: number;
  author: string;
  reason: string;
  kind: string;
}

/** One line per ignored comment, for the summary. */
function describeIgnored(c: IgnoredCommentNote): string {
  return `comment ${c.commentId} by ${c.author}: a ${c.kind} marker, ${c.reason.replace(/_/g, " ")}`;
}

/** What the command replay (`command-replay.ts`) returns, as this file uses it. */
export interface ReplayOutcome {
  accepted: readonly AuthorizedCommand[];
  refused: readonly { commentId: number; author: string; reason: string; alreadyAnswered: boolean }[];
  lastCommandId: number;
}

/** The adapters of one issue's session. */
export interface IssueAdapters {
  /** `CommentStateStore`; `sessionUrl()` is the state comment's `html_url` once known. */
  store: StateStore & { sessionUrl?(): string | undefined };
  /** `CommentLedger`. */
  ledger: Ledger;
  /** `GitHubPublisher`. */
  publisher: Publisher;
  /**
   * `replayCommands` bound to this issue; `pullRequest`, the session's Foreman PR from its signed
   * state, whose conversation is read too.
   */
  replay(sinceCommentId: number, pullRequest?: number): Promise<ReplayOutcome>;
  /** `CheckRunReporter`. */
  checkRun: { report(state: SessionState, headSha: string): Promise<{ checkRunId: number }> };
  /** Writes what the store and the ledger hold back (at the end of a run, and when it is stopped). */
  flush?(): Promise<void>;
  /**
   * `watchForCancel` (`cancel-watch.ts`) bound to this issue: from the session's start to its end,
   * an authorized `/cancel` after the watermark stops the run. Absent: nothing is watched.
   */
  watchForCancel?(from: { sinceCommentId: number; notBefore: number; pullRequest?: number }): { stop(): Promise<void> };
}

/** `DailyLedger`, as this file uses it. */
export interface DailyBudget {
  reserve(req: { sessionKey: string; usd: number; capUsd: number }): Promise<{ admitted: boolean; reservationId: number; usedBeforeUsd: number }>;
  settle(req: { sessionKey: string; reservationId: number; actualUsd: number }): Promise<void>;
}

export interface GitHubSessionDeps {
  client: GitHubClient;
  clock: Clock;
  /** The environment scrubbed child environments are built from. */
  hostEnv: Readonly<Record<string, string | undefined>>;
  forIssue(issue: number): IssueAdapters;
  dailyBudget: DailyBudget;
  /** The process runner of agent and gates (already wrapped by `isolatedRunner`). */
  runner: ProcessRunner;
  /** The agent's working copy at `baseSha` (default HEAD), with the tree of `keptRef` when given. */
  openWorkspace(req: { sessionId: string; baseSha?: string; keptRef?: string; scratch: readonly string[] }): Promise<Workspace>;
  attemptFiles(sessionId: string): AttemptFiles;
  /** The raw configuration (parsed YAML, `{}` when the file is absent) and where it came from. */
  readConfig(): Promise<Config>;
  /** Comments with Foreman's markers the adapters ignored (filled through their `onIgnored`). */
  ignored: readonly IgnoredCommentNote[];
  /** Warnings found while wiring (no isolation, no App). */
  warnings: readonly string[];
  /** Issues (numbers) of Foreman runs queued or in progress, excluding this run (sweep). */
  activeRunIssues(): Promise<Set<number>>;
  /** Open issues carrying the trigger label (sweep). */
  labelledIssues(label: string): Promise<number[]>;
  onProgress?: (event: ProgressEvent) => void;
}

export interface ActionOutcome {
  status: string;
  reason?: string;
  attempts: number;
  costUsd: number;
  prNumber?: number;
  sessionUrl?: string;
  summaryMarkdown: string;
  /** The `setFailed` message, when the run failed. */
  failure?: string;
  warnings: string[];
}

/** GitHub sessions are `issue-<n>` (core/session-id.ts). */
export function sessionKey(issue: number): string {
  return `issue-${issue}`;
}

export async function runGitHubSession(settings: ActionSettings, deps: GitHubSessionDeps, signal: AbortSignal): Promise<ActionOutcome> {
  switch (settings.mode) {
    case "run":
      return runMode(settings, requireIssue(settings), deps, signal);
    case "recover":
      return recoverMode(settings, requireIssue(settings), deps);
    case "sweep":
      return sweepMode(settings, deps);
  }
}

function requireIssue(settings: ActionSettings): number {
  if (settings.issue === undefined) throw new MissingIssueError(settings.mode);
  return settings.issue;
}

/** `run` and `recover` need the issue input. */
export class MissingIssueError extends ForemanError {
  override readonly name = "MissingIssueError";
  readonly kind = "usage";
  constructor(readonly mode: string) {
    super(`Input 'issue' is required in mode '${mode}'. Pass the issue number, e.g. \`issue: \${{ inputs.issue }}\`.`);
  }
}

// ---------------------------------------------------------------------------------------------
// run

async function runMode(settings: ActionSettings, issue: number, deps: GitHubSessionDeps, signal: AbortSignal): Promise<ActionOutcome> {
  const sessionId = sessionKey(issue);
  const startedAt = deps.clock.now();
  const config = await deps.readConfig();
  const preset = getPreset(config.agent.preset);
  const issueTask = await readIssueTask(deps.client, settings.repo, issue);
  const a = deps.forIssue(issue);
  const notes: string[] = [];
  const iso = () => new Date(deps.clock.now()).toISOString();

  let state = await a.store.load(sessionId);
  // A run that died is accounted first, so the commands see the session as it really is.
  if (state !== null && needsRecovery(state, deps)) state = await recoverOnly(deps, a, config, issueTask.task, sessionId, state);

  // Every command after the watermark, in comment-id order, exactly once: on the issue, and on
  // the session's own PR (the number its signed state holds; no other PR is read).
  let effects: CommandEffect[] = [];
  let commandFloor = 0;
  let cancelledBy: AuthorizedCommand | undefined;
  const replay = await a.replay(state?.lastCommandId ?? 0, state?.pullRequest);
  if (state === null) {
    // The new session starts past every comment read. Those written before its trigger (when
    // the label was last added) are not for it; of those after it, a `/cancel` ends it below
    // and the others are consumed unapplied (`beforeFirstRun`: a `/budget` cannot be applied
    // before the session exists, its reservation being taken first). No trigger time (a manual
    // dispatch, the label removed): none is for it. The time is read only when a command could
    // act on a session: a new session whose thread holds none (nearly all) costs no call more.
    commandFloor = replay.lastCommandId;
    const triggerAt =
      replay.accepted.some(actsOnSession) && hasLabel(issueTask.labels, config.trigger_label)
        ? await lastLabeledAt(deps.client, settings.repo, issue, config.trigger_label)
        : undefined;
    if (triggerAt !== undefined) {
      const before = beforeFirstRun(replay.accepted, triggerAt);
      cancelledBy = before.cancel;
      effects = before.unapplied;
    }
  } else {
    const applied = applyReplayedCommands(state, {
      accepted: replay.accepted,
      lastCommandId: replay.lastCommandId,
      at: iso(),
      config,
      labels: issueTask.labels,
      dailySpentUsd: 0,
    });
    effects = applied.effects;
    if (applied.changed) {
      const writer = new SessionWriter(a.store, state);
      await writer.save(applied.state);
      state = writer.state;
    }
  }
  for (const r of replay.refused) notes.push(`Command in comment ${r.commentId} by ${r.author} refused: ${r.reason}`);
  for (const e of effects) if (e.refusal !== undefined) notes.push(`Command in comment ${e.commentId} by ${e.author} had no effect: ${e.refusal}`);

  // A closed issue (or its PR closed unmerged, which the App turns into a close) ends a live session.
  const closed = issueTask.state === "closed";
  if (closed && (state === null || state.status === "ended")) {
    // A command replayed above may have ended the session: the store holds ended snapshots until a flush.
    await a.flush?.();
    return outcome(settings, deps, issue, state, a, [...notes, `Issue #${issue} is closed: nothing to run.`]);
  }
  if (state === null && cancelledBy !== undefined) {
    return cancelBeforeFirstRun(settings, deps, a, { issue, config, issueTask, floor: commandFloor, cancel: cancelledBy, signal }, notes);
  }
  // A run that will start attempts holds its USD on the daily ledger first (DESIGN.md, "Daily ledger").
  const resume = state !== null && state.status === "interrupted" && !signal.aborted && !closed;
  const willRun = !closed && (state === null || state.status === "pending" || resume);
  let reservation: { id: number; usd: number } | undefined;
  let dailySpentUsd: number | undefined;
  if (willRun) {
    const capUsd = Math.min(config.budget.daily.usd, config.limits.daily.usd ?? Number.POSITIVE_INFINITY);
    const usd = reservationUsd(state, config, issueTask.labels);
    if (usd > 0) {
      const r = await deps.dailyBudget.reserve({ sessionKey: sessionId, usd, capUsd });
      if (r.admitted) {
        reservation = { id: r.reservationId, usd };
        dailySpentUsd = r.usedBeforeUsd;
      } else {
        // The engine ends the session `budget_exhausted` before any agent runs.
        dailySpentUsd = capUsd;
        notes.push(`Today's USD cap (${capUsd}) cannot hold this run's ${usd} USD: ${r.usedBeforeUsd} USD is already used or reserved.`);
      }
    }
  }
  const spentBefore = state?.spent.costUsd ?? 0;

  const workspace = await deps.openWorkspace({
    sessionId,
    ...(state?.baseSha === undefined ? {} : { baseSha: state.baseSha }),
    ...(keptRefOf(state) === undefined ? {} : { keptRef: keptRefOf(state) }),
    scratch: preset.scratchPaths ?? [],
  });
  let finalState: SessionState | null = state;
  let report: string | undefined;
  // A `/cancel` written while the session runs stops this run (the App cancels no runs). It
  // watches past every comment the replay read, a new session's too: a `/cancel` among them
  // (after the trigger) ended the session above, so only a later one can still stop it.
  const cancelWatch = a.watchForCancel?.({
    sinceCommentId: replay.lastCommandId,
    notBefore: startedAt,
    ...(state?.pullRequest === undefined ? {} : { pullRequest: state.pullRequest }),
  });
  try {
    const outcome = await runSession(
      engineDeps(deps, a, sessionId, {
        store: commandFloor > 0 ? withCommandFloor(a.store, commandFloor) : a.store,
        publisher: a.publisher,
      }),
      {
        sessionId,
        config,
        task: issueTask.task,
        preset,
        repoRoot: settings.workspace,
        workspace,
        labels: issueTask.labels,
        ...(dailySpentUsd === undefined ? {} : { dailySpentUsd }),
        signal,
        ...(resume ? { resumeAuthor: `the ${settings.reason} dispatch` } : {}),
        ...(closed ? { command: { author: "the issue's closing", command: { kind: "cancel" as const } } } : {}),
      },
    );
    // What the store holds: the floor applied on every save.
    finalState = { ...outcome.state, lastCommandId: Math.max(outcome.state.lastCommandId, commandFloor) };
    report = outcome.report;
    // Before the flush: the check run's id joins the held final snapshot (one write, not two).
    finalState = await reportCheckRun(a, finalState, { flush: false });
  } finally {
    await cancelWatch?.stop();
    await a.flush?.();
    if (reservation !== undefined) {
      // Unknown (the engine threw): the whole reservation counts, never less (fail closed).
      const actualUsd = finalState === state ? reservation.usd : Math.max(0, round6((finalState?.spent.costUsd ?? 0) - spentBefore));
      await deps.dailyBudget.settle({ sessionKey: sessionId, reservationId: reservation.id, actualUsd });
    }
  }
  if (report !== undefined) notes.push(report);
  return outcome(
    settings,
    deps,
    issue,
    finalState,
    a,
    notes.filter((n) => n !== report),
  );
}

/** USD the run may spend: the session's per-run budget (labels, ceilings) or what remains of it. */
function reservationUsd(state: SessionState | null, config: Config, labels: readonly string[]): number {
  if (state === null) {
    const e = effectiveRunBudget({ config, labels, budgetOverrideUsd: null, dailySpentUsd: 0 });
    return e.exhausted ? 0 : e.budget.usd;
  }
  return Math.max(0, round6(state.budget.usd - state.spent.costUsd));
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** The ref the last attempt's tree was pushed to (`Attempt.keptRef`, recorded by the engine's keep hook). */
export function keptRefOf(state: SessionState | null): string | undefined {
  if (state === null) return undefined;
  for (const a of [...state.attempts].reverse()) {
    if ("keptRef" in a && typeof a.keptRef === "string") return a.keptRef;
  }
  return undefined;
}

/** Whether the issue carries `label` (GitHub matches label names without case). */
function hasLabel(labels: readonly string[], label: string): boolean {
  return labels.some((l) => l.toLowerCase() === label.toLowerCase());
}

/**
 * A `/cancel` written after the trigger, before the session's first run: the session is
 * created and ended `cancelled` through the engine's own path (`runSession` with the command,
 * applied right after the session is opened), so it has its one terminal report and ledger
 * record like any cancelled session, and a later run finds it ended. Nothing else happens: no
 * daily reservation, no working copy (the engine reads only its base, the checkout's HEAD, as
 * the working copy would have been made from it), no agent, nothing published. The watermark
 * ends past every comment read (`floor`), so the run woken for the `/cancel` applies nothing.
 */
async function cancelBeforeFirstRun(
  settings: ActionSettings,
  deps: GitHubSessionDeps,
  a: IssueAdapters,
  ctx: { issue: number; config: Config; issueTask: IssueTask; floor: number; cancel: AuthorizedCommand; signal: AbortSignal },
  notes: string[],
): Promise<ActionOutcome> {
  const { config, issueTask, floor, cancel } = ctx;
  const sessionId = sessionKey(ctx.issue);
  const baseSha = await checkoutHead(settings.workspace);
  let finalState: SessionState;
  try {
    const ended = await runSession(
      engineDeps(deps, a, sessionId, {
        store: withCommandFloor(a.store, floor),
        // Checked by nobody: the session ends before any attempt, so nothing could be published.
        publisher: noPublisher({ preflight: "passes", why: "A session cancelled before its first run publishes nothing." }),
      }),
      {
        sessionId,
        config,
        task: issueTask.task,
        preset: getPreset(config.agent.preset),
        repoRoot: settings.workspace,
        workspace: noWorkspace(baseSha, "A session cancelled before its first run has no working copy."),
        labels: issueTask.labels,
        signal: ctx.signal,
        // The session's note names who cancelled and where: "Cancelled by @maya in comment 123."
        command: { author: `@${cancel.author} in comment ${cancel.commentId}`, command: { kind: "cancel" } },
      },
    );
    // What the store holds: the floor applied on every save.
    finalState = await reportCheckRun(a, { ...ended.state, lastCommandId: Math.max(ended.state.lastCommandId, floor) }, { flush: false });
  } finally {
    await a.flush?.();
  }
  return outcome(settings, deps, ctx.issue, finalState, a, notes);
}

/** The checkout's HEAD: what the session's working copy would have been made from (`openWorkspace`'s default). */
async function checkoutHead(checkout: string): Promise<string> {
  return (await git(["rev-parse", "--verify", "HEAD^{commit}"], { cwd: checkout })).stdout.trim();
}

/** A store whose sessions never carry a watermark below `floor` (commands older than the session). */
function withCommandFloor(store: IssueAdapters["store"], floor: number): StateStore {
  return {
    load: (id) => store.load(id),
    lock: (id) => store.lock(id),
    save: (next, expected) => store.save(next.lastCommandId >= floor ? next : { ...next, lastCommandId: floor }, expected),
  };
}

// ---------------------------------------------------------------------------------------------
// recover and sweep

function needsRecovery(state: SessionState, deps: GitHubSessionDeps): boolean {
  return nextRunAction(state, deps.clock.now()).kind === "recover";
}

/**
 * The engine's recovery path (core `recoverOpenAttempt`), run on a workspace that stands for the
 * dead runner's: that working copy is gone with its runner, so there is nothing of the gates to
 * clean out of it; its work is resumed from its kept ref by the next run. Also ends an expired
 * approval (the engine's `settle`). Nothing is published and no agent runs here.
 */
async function recoverOnly(
  deps: GitHubSessionDeps,
  a: IssueAdapters,
  config: Config,
  task: { title: string; body: string; issue?: number },
  sessionId: string,
  state: SessionState,
): Promise<SessionState> {
  const outcome = await runSession(
    engineDeps(
      deps,
      a,
      sessionId,
      {
        store: a.store,
        publisher: noPublisher({ preflight: "refuses", why: "Recovery does not publish. Dispatch a `run` of Foreman for the issue." }),
      },
      { progress: false },
    ),
    {
      sessionId,
      config,
      task,
      preset: getPreset(config.agent.preset),
      repoRoot: "/nonexistent/foreman-recover",
      workspace: noWorkspace(state.baseSha ?? "0".repeat(40), "The dead run's working copy is gone with its runner; recovery does not read it."),
      signal: AbortSignal.abort(),
    },
  );
  return outcome.state;
}

/** Recovery, or a session cancelled before its first run, never publishes nor reads a working copy: one that would is a bug here. */
export class RecoveryOnlyError extends ForemanError {
  override readonly name = "RecoveryOnlyError";
  readonly kind = "internal";
}

/** A publisher for runs that publish nothing; its `preflight` passes only where no attempt can follow. */
function noPublisher(opts: { preflight: "passes" | "refuses"; why: string }): Publisher {
  const refuse = () => Promise.reject(new RecoveryOnlyError(opts.why));
  return { preflight: opts.preflight === "passes" ? () => Promise.resolve() : refuse, stage: refuse, publish: refuse };
}

/** A working copy that was never made (or is gone): only its base is known. */
function noWorkspace(baseSha: string, why: string): Workspace {
  const gone = () => Promise.reject(new RecoveryOnlyError(why));
  return {
    dir: "/nonexistent/foreman-working-copy",
    baseSha,
    diff: gone,
    isClean: () => Promise.resolve(true),
    restore: gone,
    revertPaths: gone,
    paths: gone,
    patch: gone,
    readFile: gone,
  };
}

async function recoverMode(settings: ActionSettings, issue: number, deps: GitHubSessionDeps): Promise<ActionOutcome> {
  const sessionId = sessionKey(issue);
  const a = deps.forIssue(issue);
  const state = await a.store.load(sessionId);
  if (state === null) return outcome(settings, deps, issue, null, a, [`Issue #${issue} has no Foreman session: nothing to recover.`]);
  if (!needsRecovery(state, deps)) {
    return outcome(settings, deps, issue, state, a, [`Session ${sessionId} is not running (${state.status}): nothing to recover.`]);
  }
  const config = await deps.readConfig();
  const recovered = await recoverOnly(deps, a, config, { title: state.task.title, body: "", issue }, sessionId, state);
  return outcome(settings, deps, issue, await reportCheckRun(a, recovered), a, []);
}

async function sweepMode(settings: ActionSettings, deps: GitHubSessionDeps): Promise<ActionOutcome> {
  const config = await deps.readConfig();
  const issues = await deps.labelledIssues(config.trigger_label);
  let active: Set<number> | undefined;
  const touched: { issue: number; state: SessionState | null; note?: string }[] = [];
  for (const issue of issues) {
    const a = deps.forIssue(issue);
    const sessionId = sessionKey(issue);
    const state = await a.store.load(sessionId);
    if (state === null) continue;
    const now = deps.clock.now();
    const expired = state.status === "awaiting_approval" && isApprovalExpired(state, now);
    let dead = false;
    if (!expired && nextRunAction(state, now).kind === "recover") {
      active ??= await deps.activeRunIssues();
      dead = !active.has(issue);
    }
    if (!expired && !dead) continue;
    const after = await recoverOnly(deps, a, config, { title: state.task.title, body: "", issue }, sessionId, state);
    touched.push({
      issue,
      state: await reportCheckRun(a, after),
      note: expired ? "Approval expired." : "Recovered a run that ended without saving.",
    });
  }
  const summaryMarkdown = renderJobSummary({
    state: null,
    mode: "sweep",
    reason: settings.reason,
    swept: touched.map((t) =>
      `#${t.issue}: ${t.note ?? ""} ${t.state === null ? "" : `(${t.state.status}${t.state.reason === null ? "" : `, ${t.state.reason}`})`}`.trim(),
    ),
    notes: [`${issues.length} open issue(s) carry the trigger label.`],
    ignored: deps.ignored.map(describeIgnored),
    warnings: deps.warnings,
  });
  return { status: "swept", attempts: 0, costUsd: 0, summaryMarkdown, warnings: [...deps.warnings] };
}

// ---------------------------------------------------------------------------------------------
// reporting

/**
 * The check run on the PR head (created once per SHA, then updated); its id kept in the state.
 * Then what the store and the ledger hold is written (`flush`), unless the caller flushes itself.
 */
async function reportCheckRun(a: IssueAdapters, state: SessionState, opts: { flush: boolean } = { flush: true }): Promise<SessionState> {
  let reported = state;
  if (state.headSha !== undefined) {
    const { checkRunId } = await a.checkRun.report(state, state.headSha);
    if (state.checkRunId !== checkRunId) {
      const writer = new SessionWriter(a.store, state);
      await writer.save({ ...state, checkRunId });
      reported = writer.state;
    }
  }
  if (opts.flush) await a.flush?.();
  return reported;
}

/** Terminal reasons that are a person's decision or success: the Action step stays green. */
const NOT_FAILURES = new Set(["succeeded", "cancelled", "rejected"]);

function outcome(
  settings: ActionSettings,
  deps: GitHubSessionDeps,
  issue: number,
  state: SessionState | null,
  a: IssueAdapters,
  notes: string[],
): ActionOutcome {
  const sessionUrl = a.store.sessionUrl?.() ?? `${settings.serverUrl}/${repoSlug(settings.repo)}/issues/${issue}`;
  const summary = (failure: string | undefined) =>
    renderJobSummary({
      state,
      mode: settings.mode,
      reason: settings.reason,
      sessionUrl,
      ...(state?.pullRequest === undefined ? {} : { pullRequestUrl: `${settings.serverUrl}/${repoSlug(settings.repo)}/pull/${state.pullRequest}` }),
      ...(failure === undefined ? {} : { failure }),
      notes,
      ignored: deps.ignored.map(describeIgnored),
      warnings: deps.warnings,
    });
  const base = { warnings: [...deps.warnings], sessionUrl };
  if (state === null) return { ...base, summaryMarkdown: summary(undefined), status: "none", attempts: 0, costUsd: 0 };
  const failure =
    state.status === "ended" && state.reason !== null && !NOT_FAILURES.has(state.reason)
      ? `Foreman session ${state.sessionId} (#${issue}) ended ${state.reason}. ${nextStepsForReason(state.reason, state, "github")[0] ?? ""}`.trim()
      : state.status === "interrupted"
        ? `Foreman session ${state.sessionId} (#${issue}) was interrupted. Comment /retry on the issue to resume it from its kept work.`
        : undefined;
  return {
    ...base,
    summaryMarkdown: summary(failure),
    status: state.status,
    ...(state.reason === null ? {} : { reason: state.reason }),
    attempts: state.spent.attempts,
    costUsd: state.spent.costUsd,
    ...(state.pullRequest === undefined ? {} : { prNumber: state.pullRequest }),
    ...(failure === undefined ? {} : { failure }),
  };
}

/** The engine's ports for a run on `a`'s issue: the run's own, with the given store and publisher. */
function engineDeps(
  deps: GitHubSessionDeps,
  a: IssueAdapters,
  sessionId: string,
  chosen: Pick<EngineDeps, "store" | "publisher">,
  options: { progress: boolean } = { progress: true },
): EngineDeps {
  return {
    ...chosen,
    ledger: a.ledger,
    runner: deps.runner,
    files: deps.attemptFiles(sessionId),
    clock: deps.clock,
    hostEnv: deps.hostEnv,
    surface: "github",
    ...(options.progress && deps.onProgress !== undefined ? { onProgress: deps.onProgress } : {}),
  };
}
