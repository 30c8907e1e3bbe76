/**
 * The session state machine: `transition(state, event)` is total. It returns the next state,
 * or a typed refusal together with the state to keep — it never throws for any event in any
 * state. Terminal states absorb: status and reason never change once `ended` (an attempt that
 * was open when a `/cancel` arrived is still accounted, so spend is never lost).
 *
 * Commands are authorized by the caller (collaborator permission API) before they get here;
 * the machine enforces ordering and idempotence: a command id at or below `lastCommandId`
 * changes nothing, and a refused command is still consumed so it can never apply later.
 */
import { isApprovalExpired } from "./approval.js";
import { lastVerdict } from "./decide.js";
import { capText, TEXT_CAPS } from "./text-caps.js";
import type { Attempt, RunBudgetState, SessionState, TerminalReason } from "./state.js";

/** What an interrupted attempt counts for (computed by `recoverOpenAttempt`). */
export interface AttemptCharge {
  durationMs: number;
  costUsd: number;
  /** True when `costUsd` is the assumed cost (nothing says what the agent spent). */
  costAssumed: boolean;
  /** Where the work in progress of the attempt was kept (the stopping run pushed it), if anywhere. */
  keptRef?: string;
}

export type { RunBudgetState };

/** A slash command or button press, already parsed and authorized. */
export type SessionCommand =
  | { kind: "approve"; headSha?: string }
  | { kind: "reject"; reason: string }
  | { kind: "retry" }
  | { kind: "cancel" }
  /** `budget` is the new effective per-run budget, computed by the caller with `effectiveRunBudget`. */
  | { kind: "budget"; usd: number; budget: RunBudgetState }
  | { kind: "status" }
  | { kind: "help" };

export type SessionEvent =
  /** A run takes the session (after admission). */
  | { type: "run_started"; at: string }
  /** A resumed session admitted again against today's cap: its budget may only go down. */
  | { type: "readmitted"; at: string; budget: RunBudgetState }
  | { type: "attempt_started"; at: string; n: number }
  /** `attempt` is complete: finishedAt, outcome, durationMs and costUsd are required. */
  | { type: "attempt_finished"; at: string; attempt: Attempt }
  /**
   * The run stops mid-way (signal, lost runner, crash found later). An open attempt is closed
   * with `openAttempt`, the charge `recoverOpenAttempt` computed; it is required then (an
   * attempt is never closed for free).
   */
  | { type: "run_interrupted"; at: string; openAttempt?: AttemptCharge }
  | { type: "await_approval"; at: string; expiresAt: string; reasons: string[]; headSha?: string; branch?: string }
  | { type: "published"; at: string; branch: string; headSha?: string; pullRequest?: number }
  /** The run ends the session unsuccessfully (or the admission refused it). Not `succeeded`: that is `published`. */
  | { type: "ended"; at: string; reason: Exclude<TerminalReason, "succeeded">; note?: string }
  | { type: "command"; at: string; id: number; author: string; command: SessionCommand }
  | { type: "approval_expired"; at: string }
  | { type: "report_posted"; at: string };

export type RefusalCode =
  | "terminal"
  | "not_allowed_in_status"
  | "attempt_open"
  | "no_open_attempt"
  | "wrong_attempt_number"
  | "stale_approval"
  | "not_expired"
  | "already_reported"
  | "invalid_event";

export interface Refusal {
  code: RefusalCode;
  /** For a person: what was refused, why, and what to do instead. */
  message: string;
}

export type TransitionResult =
  | { ok: true; state: SessionState; duplicate?: true }
  /** `state` is what to keep: the input state, with a refused command's id consumed. */
  | { ok: false; refusal: Refusal; state: SessionState };

/** The number the next attempt gets: one past every attempt ever started, compacted ones included. */
export function nextAttemptNumber(state: SessionState): number {
  const last = state.attempts.at(-1)?.n ?? state.compacted?.lastN ?? 0;
  return last + 1;
}

/** The attempt that was started and not finished, if any (a crash leaves one). */
export function openAttempt(state: SessionState): Attempt | undefined {
  const last = state.attempts.at(-1);
  return last && last.finishedAt === undefined ? last : undefined;
}

export function transition(state: SessionState, event: SessionEvent): TransitionResult {
  if (event.type === "command") return applyCommand(state, event);
  if (state.status === "ended") return absorb(state, event);

  const s = state.status;
  switch (event.type) {
    case "run_started":
      if (s !== "pending" && s !== "approved") {
        return refuse(state, "not_allowed_in_status", `A run cannot start a session that is ${describeStatus(state)}.`);
      }
      return ok({ ...touch(state, event.at), status: "running" });

    case "readmitted":
      if (s !== "pending")
        return refuse(state, "not_allowed_in_status", `Only a session waiting for a run is admitted again; this one is ${describeStatus(state)}.`);
      if (event.budget.usd > state.budget.usd || event.budget.attempts > state.budget.attempts || event.budget.minutes > state.budget.minutes) {
        return refuse(state, "invalid_event", "Admitting a session again never raises its budget.");
      }
      return ok({ ...touch(state, event.at), budget: event.budget });

    case "attempt_started": {
      if (s !== "running") return refuse(state, "not_allowed_in_status", `No attempt can start while the session is ${describeStatus(state)}.`);
      const open = openAttempt(state);
      if (open) return refuse(state, "attempt_open", `Attempt ${open.n} is still open; finish or interrupt it first.`);
      const expected = nextAttemptNumber(state);
      if (event.n !== expected) {
        return refuse(state, "wrong_attempt_number", `The next attempt is number ${expected}, not ${event.n}: finished attempts are never re-run.`);
      }
      return ok({ ...touch(state, event.at), attempts: [...state.attempts, { n: event.n, startedAt: event.at }] });
    }

    case "attempt_finished":
      return finishAttempt(state, event.attempt, event.at);

    case "run_interrupted": {
      if (s !== "running")
        return refuse(state, "not_allowed_in_status", `Only a running session can be interrupted; this one is ${describeStatus(state)}.`);
      const closed = closeOpenAttempt(state, event.at, event.openAttempt);
      if (closed === undefined) return refuseUncharged(state);
      // A run that dies while publishing an approved result keeps the approval: the next run
      // publishes it, without running the agent again and without asking again.
      const approved = state.approval?.approvedAt !== undefined;
      return ok({ ...touch(closed, event.at), status: approved ? "approved" : "interrupted" });
    }

    case "await_approval": {
      if (s !== "running")
        return refuse(state, "not_allowed_in_status", `Approval can only be requested by a running session; this one is ${describeStatus(state)}.`);
      const open = openAttempt(state);
      if (open) return refuse(state, "attempt_open", `Attempt ${open.n} is still open; finish it before asking for approval.`);
      if (lastVerdict(state)?.outcome !== "passed") {
        return refuse(state, "invalid_event", "Approval can only be asked for a result whose last attempt passed the gates.");
      }
      return ok({
        ...touch(state, event.at),
        status: "awaiting_approval",
        ...(event.branch === undefined ? {} : { branch: event.branch }),
        ...(event.headSha === undefined ? {} : { headSha: event.headSha }),
        approval: {
          requestedAt: event.at,
          expiresAt: event.expiresAt,
          reasons: event.reasons.slice(0, TEXT_CAPS.approvalReasons).map((r) => capText(r, TEXT_CAPS.approvalReason)),
          ...(event.headSha === undefined ? {} : { headSha: event.headSha }),
        },
      });
    }

    case "published": {
      if (s !== "running" && s !== "approved") {
        return refuse(state, "not_allowed_in_status", `Nothing can be published while the session is ${describeStatus(state)}.`);
      }
      const open = openAttempt(state);
      if (open) return refuse(state, "attempt_open", `Attempt ${open.n} is still open; finish it before publishing.`);
      if (s === "running" && state.approval?.approvedAt === undefined && lastVerdict(state)?.outcome !== "passed") {
        return refuse(state, "invalid_event", "Only a result whose last attempt passed the gates (or an approved one) can be published.");
      }
      return ok({
        ...end(state, event.at, "succeeded"),
        branch: event.branch,
        ...(event.headSha === undefined ? {} : { headSha: event.headSha }),
        ...(event.pullRequest === undefined ? {} : { pullRequest: event.pullRequest }),
      });
    }

    case "ended": {
      const open = openAttempt(state);
      if (open) return refuse(state, "attempt_open", `Attempt ${open.n} is still open; finish or interrupt it before ending the session.`);
      if ((event.reason as TerminalReason) === "succeeded") {
        return refuse(state, "invalid_event", "A session succeeds only by publishing its result.");
      }
      const next = end(state, event.at, event.reason);
      return ok(event.note === undefined ? next : { ...next, note: capText(event.note, TEXT_CAPS.note) });
    }

    case "approval_expired": {
      if (s !== "awaiting_approval" || !state.approval) {
        return refuse(state, "not_allowed_in_status", `Only a session awaiting approval can expire; this one is ${describeStatus(state)}.`);
      }
      if (!isApprovalExpired(state, Date.parse(event.at))) {
        return refuse(state, "not_expired", `The approval request is valid until ${state.approval.expiresAt}.`);
      }
      return ok(end(state, event.at, "approval_expired"));
    }

    case "report_posted":
      return refuse(state, "not_allowed_in_status", "A terminal report is posted only once the session has ended.");
  }
}

/** Events on an ended session: only late accounting of an attempt and the single report are accepted. */
function absorb(state: SessionState, event: Exclude<SessionEvent, { type: "command" }>): TransitionResult {
  if (event.type === "attempt_finished" && openAttempt(state)) return finishAttempt(state, event.attempt, event.at);
  if (event.type === "run_interrupted" && openAttempt(state)) {
    const closed = closeOpenAttempt(state, event.at, event.openAttempt);
    return closed === undefined ? refuseUncharged(state) : ok(touch(closed, event.at));
  }
  if (event.type === "report_posted") {
    if (state.reportedAt !== undefined) {
      return refuse(state, "already_reported", `The terminal report was already posted at ${state.reportedAt}.`);
    }
    return ok({ ...touch(state, event.at), reportedAt: event.at });
  }
  return refuse(state, "terminal", `The session has ended (${state.reason ?? "unknown"}); it does not change any more.`);
}

function finishAttempt(state: SessionState, attempt: Attempt, at: string): TransitionResult {
  const open = openAttempt(state);
  if (!open) return refuse(state, "no_open_attempt", `No attempt is open, so attempt ${attempt.n} cannot finish.`);
  if (open.n !== attempt.n) {
    return refuse(state, "wrong_attempt_number", `Attempt ${open.n} is open; attempt ${attempt.n} cannot finish.`);
  }
  if (attempt.finishedAt === undefined || attempt.outcome === undefined || attempt.durationMs === undefined || attempt.costUsd === undefined) {
    return refuse(state, "invalid_event", `Attempt ${attempt.n} is incomplete: finishedAt, outcome, durationMs and costUsd are required.`);
  }
  const finished: Attempt = capAttemptText({ ...attempt, startedAt: open.startedAt });
  return ok({
    ...touch(state, at),
    attempts: [...state.attempts.slice(0, -1), finished],
    spent: addSpend(state.spent, attempt.costUsd, attempt.durationMs),
  });
}

/** The state with its open attempt closed as interrupted and charged; undefined when an open attempt comes without a charge. */
function closeOpenAttempt(state: SessionState, at: string, charge: AttemptCharge | undefined): SessionState | undefined {
  const open = openAttempt(state);
  if (!open) return state;
  if (charge === undefined) return undefined;
  const { durationMs, costUsd } = charge;
  const closed: Attempt = {
    ...open,
    finishedAt: at,
    outcome: "interrupted",
    durationMs,
    costUsd,
    ...(charge.costAssumed ? { costAssumed: true } : {}),
    ...(charge.keptRef === undefined ? {} : { keptRef: charge.keptRef }),
  };
  return { ...state, attempts: [...state.attempts.slice(0, -1), closed], spent: addSpend(state.spent, costUsd, durationMs) };
}

function refuseUncharged(state: SessionState): TransitionResult {
  const n = openAttempt(state)?.n ?? 0;
  return refuse(state, "invalid_event", `Attempt ${n} is open: interrupting the run needs its charge (duration and cost, see recoverOpenAttempt).`);
}

/** Free text and lists of a finished attempt cut to what the state schema accepts. */
function capAttemptText(attempt: Attempt): Attempt {
  return {
    ...attempt,
    ...(attempt.summary === undefined ? {} : { summary: capText(attempt.summary, TEXT_CAPS.summary) }),
    ...(attempt.error === undefined ? {} : { error: capText(attempt.error, TEXT_CAPS.error) }),
    ...(attempt.gates === undefined
      ? {}
      : {
          gates: attempt.gates
            .slice(0, TEXT_CAPS.gates)
            .map((g) => ({ ...g, name: capText(g.name, TEXT_CAPS.gateName), root: capText(g.root, TEXT_CAPS.gateRoot) })),
        }),
  };
}

function applyCommand(state: SessionState, event: Extract<SessionEvent, { type: "command" }>): TransitionResult {
  if (!Number.isSafeInteger(event.id) || event.id <= 0) {
    return refuse(state, "invalid_event", `Command id ${event.id} is not a positive integer.`);
  }
  if (event.id <= state.lastCommandId) return { ok: true, state, duplicate: true };
  const consumed: SessionState = { ...touch(state, event.at), lastCommandId: event.id };
  const cmd = event.command;
  const s = state.status;

  if (cmd.kind === "status" || cmd.kind === "help") return ok(consumed);
  if (s === "ended") {
    return refuse(
      consumed,
      "terminal",
      `/${cmd.kind} has no effect: the session has ended (${state.reason ?? "unknown"}). Add the trigger label again to start a new session.`,
    );
  }

  switch (cmd.kind) {
    case "approve": {
      if (s !== "awaiting_approval" || !state.approval) {
        return refuse(consumed, "not_allowed_in_status", `/approve has no effect: the session is ${describeStatus(state)}, not awaiting approval.`);
      }
      if (cmd.headSha !== undefined && state.approval.headSha !== undefined && cmd.headSha !== state.approval.headSha) {
        return refuse(
          consumed,
          "stale_approval",
          `/approve refers to commit ${cmd.headSha.slice(0, 7)}, but approval is pending for ${state.approval.headSha.slice(0, 7)}. Review the current commit and approve again.`,
        );
      }
      if (isApprovalExpired(state, Date.parse(event.at))) {
        return refuse(consumed, "not_allowed_in_status", `/approve came after the approval request expired at ${state.approval.expiresAt}.`);
      }
      return ok({
        ...consumed,
        status: "approved",
        approval: { ...state.approval, approvedBy: capText(event.author, TEXT_CAPS.author), approvedAt: event.at },
      });
    }
    case "reject": {
      if (s !== "awaiting_approval") {
        return refuse(
          consumed,
          "not_allowed_in_status",
          `/reject applies to a session awaiting approval; this one is ${describeStatus(state)}. Use /cancel to stop it.`,
        );
      }
      const note = cmd.reason ? `Rejected by ${event.author}: ${cmd.reason}` : `Rejected by ${event.author}.`;
      return ok({ ...end(consumed, event.at, "rejected"), note: capText(note, TEXT_CAPS.note) });
    }
    case "retry": {
      if (s !== "interrupted") {
        return refuse(consumed, "not_allowed_in_status", `/retry resumes an interrupted session; this one is ${describeStatus(state)}.`);
      }
      return ok({ ...consumed, status: "pending" });
    }
    case "cancel":
      // A running attempt is still accounted when its run reports it (see `absorb`).
      return ok({ ...end(consumed, event.at, "cancelled"), note: `Cancelled by ${capText(event.author, TEXT_CAPS.author)}.` });
    case "budget":
      return ok({ ...consumed, budgetOverrideUsd: cmd.usd, budget: cmd.budget });
  }
}

function end(state: SessionState, at: string, reason: TerminalReason): SessionState {
  return { ...touch(state, at), status: "ended", reason, endedAt: at };
}

function touch(state: SessionState, at: string): SessionState {
  return { ...state, updatedAt: at };
}

function addSpend(spent: SessionState["spent"], costUsd: number, durationMs: number): SessionState["spent"] {
  // Cents are summed as integers of micro-dollars so that totals stay exact over many attempts.
  const micro = Math.round(spent.costUsd * 1e6) + Math.round(costUsd * 1e6);
  return { costUsd: micro / 1e6, durationMs: spent.durationMs + durationMs, attempts: spent.attempts + 1 };
}

function ok(state: SessionState): TransitionResult {
  return { ok: true, state };
}

function refuse(state: SessionState, code: RefusalCode, message: string): TransitionResult {
  return { ok: false, refusal: { code, message }, state };
}

function describeStatus(state: SessionState): string {
  switch (state.status) {
    case "pending":
      return "waiting for a run";
    case "running":
      return "running";
    case "awaiting_approval":
      return "awaiting approval";
    case "approved":
      return "approved and waiting to publish";
    case "interrupted":
      return "interrupted";
    case "ended":
      return `ended (${state.reason ?? "unknown"})`;
  }
}
