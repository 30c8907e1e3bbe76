/**
 * Admission against the daily cap on GitHub (DESIGN.md, "Daily ledger"): the rule that decides,
 * from the append-only entries of the ledger issue, whether a reservation may run.
 *
 * A reservation is admitted when the entries of the same UTC day ordered before it by comment
 * id, plus itself, stay within the cap. An earlier reservation counts
 *  - its actual cost once it is settled,
 *  - nothing once it is withdrawn (refused, or released without spending),
 *  - its whole reserved amount while it is still open.
 * Settle and withdraw entries refer to a reservation by its comment id and apply to it whatever
 * their own id or day (a session settles after the others reserved, maybe after midnight); only
 * the first closing entry of a reservation counts, and only when it comes from the session that
 * reserved. Counting open (and not yet withdrawn) reservations whole is what makes concurrent
 * runners safe: whoever evaluates later sees every earlier admitted reservation at no less than
 * what it will spend, so admitted sessions never spend more than the cap together.
 *
 * Amounts are summed as integer micro-dollars (exact); a cap that is not a finite number of 0
 * or more admits nothing.
 */
import { InvalidArgumentError } from "./errors.js";

/** One signed entry of the daily ledger, as read from a trusted comment. */
export type DailyLedgerEntry = { commentId: number; day: string; sessionKey: string } & (
  { type: "reserve"; usd: number } | { type: "settle"; reservationId: number; usd: number /* actual */ } | { type: "withdraw"; reservationId: number }
);

type Reserve = Extract<DailyLedgerEntry, { type: "reserve" }>;

/** Integer micro-dollars; NaN for an amount that is not a finite number of 0 or more (it makes the day's usage unknown). */
function micro(usd: number): number {
  return Number.isFinite(usd) && usd >= 0 ? Math.round(usd * 1e6) : Number.NaN;
}

/** What each reservation of `day` counts now, in micro-dollars, by comment id (ascending). */
function countedOnDay(entries: readonly DailyLedgerEntry[], day: string): [number, number][] {
  const reserves = new Map<number, Reserve>();
  for (const e of entries) if (e.type === "reserve" && !reserves.has(e.commentId)) reserves.set(e.commentId, e);
  const counted = new Map<number, number>();
  for (const r of reserves.values()) counted.set(r.commentId, micro(r.usd));
  const closings = entries.filter((e) => e.type !== "reserve").sort((a, b) => a.commentId - b.commentId);
  const closed = new Set<number>();
  for (const e of closings) {
    const reservation = reserves.get(e.reservationId);
    if (reservation === undefined || closed.has(e.reservationId) || reservation.sessionKey !== e.sessionKey) continue;
    closed.add(e.reservationId);
    counted.set(e.reservationId, e.type === "settle" ? micro(e.usd) : 0);
  }
  return [...counted].filter(([id]) => reserves.get(id)!.day === day).sort(([a], [b]) => a - b);
}

/**
 * Whether the reservation `reservationCommentId` (which must be among `entries`) is admitted
 * against `capUsd` on `day`, and what the day's earlier entries count (`usedBeforeUsd`; NaN
 * when an earlier amount is not a valid number, which admits nothing).
 */
export function admitReservation(
  entries: readonly DailyLedgerEntry[],
  reservationCommentId: number,
  capUsd: number,
  day: string,
): { admitted: boolean; usedBeforeUsd: number } {
  const self = entries.find((e): e is Reserve => e.type === "reserve" && e.commentId === reservationCommentId);
  if (self === undefined) {
    throw new InvalidArgumentError(
      "reservationCommentId",
      `admitReservation: no reserve entry with comment id ${reservationCommentId} among the entries`,
    );
  }
  let used = 0;
  for (const [id, amount] of countedOnDay(entries, day)) if (id < reservationCommentId) used += amount;
  const admitted = used + micro(self.usd) <= micro(capUsd);
  return { admitted, usedBeforeUsd: used / 1e6 };
}

/** What the reservations of `day` count now (open ones whole, settled ones at their cost, withdrawn ones nothing), in USD. */
export function usedOnDay(entries: readonly DailyLedgerEntry[], day: string): number {
  let used = 0;
  for (const [, amount] of countedOnDay(entries, day)) used += amount;
  return used / 1e6;
}
