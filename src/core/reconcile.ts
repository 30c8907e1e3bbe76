/**
 * The ledger is the truth: a session snapshot is checked against the session's ledger before a
 * run does anything with it. The snapshot is a materialized view (state.ts) and every engine
 * step appends to the ledger before it saves the snapshot, so a snapshot may lag the ledger (a
 * run died in between) but never lead it. A snapshot restored from an older copy, or edited
 * (`ended/succeeded`, `spent.costUsd: 0`), must never be believed: it would re-run finished
 * attempts and pay twice, or hide what was spent.
 *
 * `reconcile` decides, purely:
 * - `consistent`: the snapshot agrees with the ledger (or only lags it in the one way recovery
 *   handles: an open attempt the ledger saw finish);
 * - `rebuilt`: they disagree and the ledger alone determines the attempts, their outcomes and
 *   the spend: the returned state is the snapshot with those taken from the ledger;
 * - `refused`: the snapshot records attempts the ledger does not have. Either the ledger lost
 *   lines or the snapshot was forged: a person must restore one of them (`restore` says which).
 */
import { lastVerdict } from "./decide.js";
import { ForemanError } from "./errors.js";
import type { LedgerEntry } from "./ledger-entry.js";
import type { Attempt, SessionState } from "./state.js";

export type Reconciliation =
  | { kind: "consistent" }
  /** `problems` says what disagreed, one line each, for a notice. */
  | { kind: "rebuilt"; state: SessionState; problems: string[] }
  /** `restore` names what to restore from a backup: the ledger (it lacks what the snapshot records). */
  | { kind: "refused"; restore: "ledger"; problems: string[] };

/** An attempt as the ledger tells it: started, and closed (finished or interrupted) or still open. */
interface LedgerAttempt {
  n: number;
  startedAt: string;
  closed?: Attempt;
}

/** The snapshot disagrees with the ledger in a way only a person can settle: one of them must be restored. */
export class SnapshotMismatchError extends ForemanError {
  override readonly name = "SnapshotMismatchError";
  readonly kind = "corrupt";
  constructor(
    readonly sessionId: string,
    /** Which record to restore from a backup. The adapter knows its file (local: `ledger.jsonl`). */
    readonly restore: "ledger",
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(
      `Session ${sessionId}: its saved state disagrees with its ledger (${problems.join("; ")}). ` +
        `The ${restore} lacks what the state records: restore the session's ${restore} from a backup, or cancel the session.`,
      options,
    );
  }
}

/** The ledger's attempts, by number: the first `attempt_started` of a number counts, a finish wins over an interruption, the first interruption over later ones. */
export function ledgerAttempts(entries: readonly LedgerEntry[]): Map<number, LedgerAttempt> {
  const byN = new Map<number, LedgerAttempt>();
  const get = (n: number, startedAt: string): LedgerAttempt => {
    const found = byN.get(n);
    if (found !== undefined) return found;
    const made: LedgerAttempt = { n, startedAt };
    byN.set(n, made);
    return made;
  };
  for (const e of entries) {
    if (e.type === "attempt_started") get(e.n, e.at);
    else if (e.type === "attempt_finished") {
      const a = get(e.attempt.n, e.attempt.startedAt);
      a.closed = { ...e.attempt, startedAt: a.startedAt };
    } else if (e.type === "attempt_interrupted") {
      const a = get(e.n, e.at);
      // As recovery does: a finish wins, and the first interruption recorded is the one counted.
      if (a.closed !== undefined) continue;
      a.closed = {
        n: e.n,
        startedAt: a.startedAt,
        finishedAt: e.at,
        outcome: "interrupted",
        durationMs: e.durationMs,
        costUsd: e.costUsd,
        ...(e.costAssumed === false ? {} : { costAssumed: true }),
      };
    }
  }
  return byN;
}

/** Checks the snapshot against the ledger (every entry of the session, in order). */
export function reconcile(state: SessionState, entries: readonly LedgerEntry[]): Reconciliation {
  const ledger = ledgerAttempts(entries);
  const ahead: string[] = [];
  const problems: string[] = [];
  for (const a of state.attempts) {
    const l = ledger.get(a.n);
    if (l === undefined) ahead.push(`the state records attempt ${a.n}, the ledger has no such attempt`);
    else if (a.finishedAt !== undefined && l.closed === undefined) ahead.push(`the state records attempt ${a.n} as ended, the ledger has it open`);
    else if (a.finishedAt !== undefined && l.closed !== undefined && !sameAccount(a, l.closed)) {
      problems.push(`attempt ${a.n}: the state says ${describe(a)}, the ledger ${describe(l.closed)}`);
    }
  }
  if (ahead.length > 0) return { kind: "refused", restore: "ledger", problems: ahead };

  const known = new Set(state.attempts.map((a) => a.n));
  const folded = state.compacted;
  const inFolded = (n: number) => folded !== null && n >= folded.firstN && n <= folded.lastN;
  const missing = [...ledger.keys()].filter((n) => !known.has(n) && !inFolded(n)).sort((x, y) => x - y);
  if (missing.length > 0) problems.push(`the ledger has attempt${missing.length > 1 ? "s" : ""} ${missing.join(", ")} that the state lacks`);

  // Rebuilt attempts: every attempt of the ledger, each as the ledger closed it; an attempt the
  // state has open while the ledger closed it stays open (recovery keeps the ledger's verdict).
  const attempts = [...ledger.values()]
    .sort((x, y) => x.n - y.n)
    .map((l): Attempt => {
      const mine = state.attempts.find((a) => a.n === l.n);
      if (mine !== undefined && mine.finishedAt === undefined) return mine;
      return l.closed ?? { n: l.n, startedAt: l.startedAt };
    });
  const spent = spentOf(attempts);
  if (folded !== null) {
    const foldedLedger = attempts.filter((a) => inFolded(a.n));
    const foldedSpend = spentOf(foldedLedger);
    if (foldedLedger.length !== folded.count || micro(foldedSpend.costUsd) !== micro(folded.costUsd)) {
      problems.push(`the state's ${folded.count} compacted attempts disagree with the ledger's ${foldedLedger.length}`);
    }
  }
  if (problems.length === 0 && !sameSpend(state.spent, spent)) {
    problems.push(`the state counts ${formatSpend(state.spent)}, the ledger ${formatSpend(spent)}`);
  }

  const ended = entries.filter((e) => e.type === "session_ended").at(0);
  if (ended?.type === "session_ended" && (state.status !== "ended" || state.reason !== ended.reason)) {
    problems.push(`the state is ${state.status}${state.reason === null ? "" : ` (${state.reason})`}, the ledger ended it ${ended.reason}`);
  }
  const rebuiltBase: SessionState = problems.length === 0 ? state : { ...state, attempts, spent, compacted: null };
  if (ended === undefined && claimsPass(state) && lastVerdict(rebuiltBase)?.outcome !== "passed") {
    problems.push(`the state is ${state.status}${state.reason === null ? "" : ` (${state.reason})`} but no attempt in the ledger passed last`);
  }
  if (problems.length === 0) return { kind: "consistent" };
  return { kind: "rebuilt", state: withStatus(state, { ...state, attempts, spent, compacted: null }, ended), problems };
}

/** The status of the rebuilt state: the ledger's end if it recorded one, else the snapshot's where the attempts allow it. */
function withStatus(original: SessionState, rebuilt: SessionState, ended: Extract<LedgerEntry, { type: "session_ended" }> | undefined): SessionState {
  if (ended !== undefined) {
    // `session_ended` is appended after the single report was posted.
    return { ...rebuilt, status: "ended", reason: ended.reason, endedAt: ended.at, reportedAt: original.reportedAt ?? ended.at };
  }
  const last = rebuilt.attempts.at(-1);
  if (last !== undefined && last.finishedAt === undefined) {
    // An ended session (a `/cancel` while the attempt was open) only absorbs the attempt's charge;
    // any other one is running, so that recovery interrupts the attempt and charges it.
    if (original.status === "ended" && original.reason !== "succeeded") return rebuilt;
    return claimsPass(original) ? unended(rebuilt, "running") : { ...rebuilt, status: "running" };
  }
  // A pass the ledger does not show is not believed: the session waits for a person to resume or cancel it.
  if (claimsPass(original) && lastVerdict(rebuilt)?.outcome !== "passed") return unended(rebuilt, "interrupted");
  return rebuilt;
}

/** The snapshot says the last attempt passed: published, or waiting for or holding an approval. */
function claimsPass(state: SessionState): boolean {
  return (state.status === "ended" && state.reason === "succeeded") || state.status === "awaiting_approval" || state.status === "approved";
}

function unended(state: SessionState, status: "running" | "interrupted"): SessionState {
  const { endedAt: _endedAt, reportedAt: _reportedAt, approval: _approval, ...rest } = state;
  return { ...rest, status, reason: null };
}

function sameAccount(a: Attempt, b: Attempt): boolean {
  return (
    a.outcome === b.outcome &&
    micro(a.costUsd ?? 0) === micro(b.costUsd ?? 0) &&
    a.durationMs === b.durationMs &&
    (a.costAssumed === true) === (b.costAssumed === true)
  );
}

function spentOf(attempts: readonly Attempt[]): SessionState["spent"] {
  let costMicro = 0;
  let durationMs = 0;
  let count = 0;
  for (const a of attempts) {
    if (a.finishedAt === undefined) continue;
    costMicro += micro(a.costUsd ?? 0);
    durationMs += a.durationMs ?? 0;
    count += 1;
  }
  return { costUsd: costMicro / 1e6, durationMs, attempts: count };
}

function sameSpend(a: SessionState["spent"], b: SessionState["spent"]): boolean {
  return micro(a.costUsd) === micro(b.costUsd) && a.durationMs === b.durationMs && a.attempts === b.attempts;
}

function micro(usd: number): number {
  return Math.round(usd * 1e6);
}

function describe(a: Attempt): string {
  return `${a.outcome ?? "open"}, ${(a.costUsd ?? 0).toFixed(2)} USD${a.costAssumed === true ? " (assumed)" : ""}, ${a.durationMs ?? 0} ms`;
}

function formatSpend(s: SessionState["spent"]): string {
  return `${s.attempts} attempts, ${s.costUsd.toFixed(2)} USD, ${s.durationMs} ms`;
}
