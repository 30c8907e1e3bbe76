/**
 * Budget math: the effective per-run budget, the cost an attempt counts for, whether another
 * attempt may start, and admission against the daily ledger. Pure and fail-closed: a figure
 * that is missing or not a number never lets more work through.
 */
import type { Config, RunBudget } from "./config.js";

/** Amounts closer than this are equal (sums of float dollars drift by far less). */
const USD_EPSILON = 1e-9;

/** The effective budget, ready to store in the session state (`usd` is positive). */
export interface EffectiveBudgetOk {
  exhausted: false;
  budget: RunBudget;
  /** One sentence per change made to the configured per-run budget, in the order applied. */
  notes: string[];
  /** USD left under today's cap before this run (already applied to `budget.usd`). */
  dailyRemainingUsd: number;
}

/**
 * Nothing remains of today's cap: the session cannot run. `budget.usd` is `0`, which the state
 * schema refuses, so this budget can be reported but never stored.
 */
export interface EffectiveBudgetExhausted {
  exhausted: true;
  budget: Omit<RunBudget, "usd"> & { usd: 0 };
  notes: string[];
  dailyRemainingUsd: 0;
}

export type EffectiveBudget = EffectiveBudgetOk | EffectiveBudgetExhausted;

export interface EffectiveBudgetInput {
  config: Config;
  /** Labels on the issue; matched against `budget.labels` ignoring case, as GitHub does. */
  labels: readonly string[];
  /** USD set with `/budget`, or null. Not a positive finite number: ignored (with a note). */
  budgetOverrideUsd: number | null;
  /** USD already used today (settled spend plus open reservations). Not a number: the cap counts as used. */
  dailySpentUsd: number;
}

/**
 * The per-run budget for a session, in this order:
 * 1. `budget.per_run`;
 * 2. each issue label found in `budget.labels` raises it: per field, the largest of `per_run`
 *    and every matching label (a label never lowers a field);
 * 3. a `/budget` override sets `usd`, up or down;
 * 4. every field is lowered to the org ceiling `limits.per_run.*` when one is set;
 * 5. `usd` is lowered to what remains of the daily cap (`budget.daily.usd`, itself under
 *    `limits.daily.usd`) after `dailySpentUsd`. When nothing remains the result is `exhausted`.
 */
export function effectiveRunBudget(input: EffectiveBudgetInput): EffectiveBudget {
  const { config } = input;
  const notes: string[] = [];
  const budget: RunBudget = { ...config.budget.per_run };

  const wanted = new Set(input.labels.map((l) => l.toLowerCase()));
  const matching = Object.entries(config.budget.labels)
    .filter(([label]) => wanted.has(label.toLowerCase()))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [label, raise] of matching) {
    const changes: string[] = [];
    for (const field of FIELDS) {
      if (raise[field] > budget[field]) {
        changes.push(`${FIELD_NAMES[field]} from ${fmt(field, budget[field])} to ${fmt(field, raise[field])}`);
        budget[field] = raise[field];
      }
    }
    if (changes.length > 0) notes.push(`Label "${label}" raises ${changes.join(", ")}.`);
  }

  const override = input.budgetOverrideUsd;
  if (override !== null) {
    if (Number.isFinite(override) && override > 0) {
      if (override !== budget.usd) notes.push(`USD set from ${usd(budget.usd)} to ${usd(override)} by /budget.`);
      budget.usd = override;
    } else {
      notes.push(`The /budget amount ${String(override)} is not a positive USD amount and was ignored.`);
    }
  }

  for (const field of FIELDS) {
    const ceiling = config.limits.per_run[field];
    if (ceiling !== undefined && budget[field] > ceiling) {
      notes.push(
        `${capitalize(FIELD_NAMES[field])} lowered from ${fmt(field, budget[field])} to ${fmt(field, ceiling)}: ` +
          `that is the org limit limits.per_run.${field}.`,
      );
      budget[field] = ceiling;
    }
  }

  const cap = Math.min(config.budget.daily.usd, config.limits.daily.usd ?? Number.POSITIVE_INFINITY);
  const spent = input.dailySpentUsd;
  const remaining = Number.isNaN(spent) ? 0 : roundUsd(Math.max(0, cap - Math.max(0, spent)));
  if (!(remaining > USD_EPSILON)) {
    notes.push(
      Number.isNaN(spent)
        ? `Today's spend is unknown, so today's ${usd(cap)} USD cap counts as used up.`
        : `Today's ${usd(cap)} USD cap is used up (${usd(Math.max(0, spent))} USD spent): nothing remains for this run.`,
    );
    return { exhausted: true, budget: { attempts: budget.attempts, minutes: budget.minutes, usd: 0 }, notes, dailyRemainingUsd: 0 };
  }
  if (budget.usd > remaining) {
    notes.push(`USD lowered from ${usd(budget.usd)} to ${usd(remaining)}: that is what remains of today's ${usd(cap)} USD cap.`);
    budget.usd = remaining;
  }
  return { exhausted: false, budget, notes, dailyRemainingUsd: remaining };
}

const FIELDS = ["attempts", "minutes", "usd"] as const;
type Field = (typeof FIELDS)[number];
const FIELD_NAMES: Record<Field, string> = { attempts: "attempts", minutes: "minutes", usd: "USD" };

function fmt(field: Field, value: number): string {
  return field === "usd" ? usd(value) : String(value);
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Rounds away float noise (to a millionth of a dollar). */
function roundUsd(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * `10`, `4.50`, `0.0125`: whole dollars plain, cents with two decimals, finer amounts as needed
 * (for notes and messages; `render.ts` has the `$1,234.50` form for reports).
 */
function usd(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = roundUsd(value);
  if (Number.isInteger(rounded)) return String(rounded);
  const cents = rounded.toFixed(2);
  if (Math.abs(Number(cents) - rounded) < USD_EPSILON) return cents;
  return rounded.toFixed(6).replace(/0+$/, "");
}

/**
 * The cost an attempt counts for. Fail closed: a cost the agent did not report, or reported as
 * something other than a finite number of 0 or more, counts as `budget.assumed_attempt_usd`.
 */
export function attemptCost(reported: number | undefined, config: Config): { costUsd: number; assumed: boolean } {
  if (reported !== undefined && Number.isFinite(reported) && reported >= 0) return { costUsd: reported, assumed: false };
  return { costUsd: config.budget.assumed_attempt_usd, assumed: true };
}

export interface BudgetSpent {
  /** Attempts started so far (finished, failed and interrupted alike). */
  attempts: number;
  costUsd: number;
  durationMs: number;
}

export type BudgetCheck = { ok: true; remainingMs: number } | { ok: false; exhausted: "attempts" | "minutes" | "usd"; message: string };

/**
 * May attempt N+1 start? Checked in order: attempts (`spent.attempts >= budget.attempts`),
 * wall clock (`durationMs >= minutes`), USD (`costUsd >= usd`).
 *
 * USD is checked on money already spent only, unless `nextAttemptAssumedUsd` is given: then the
 * attempt is refused when `costUsd + nextAttemptAssumedUsd` would go over `usd` (landing exactly
 * on it is allowed). Callers pass it when the agent's cost is unknown until it ends (no
 * per-attempt cost cap), so an attempt that would certainly overspend is not started.
 *
 * Fail closed: a spent figure that is not a number (NaN) exhausts its budget.
 */
export function checkBudget(input: { budget: RunBudget; spent: BudgetSpent; nextAttemptAssumedUsd?: number }): BudgetCheck {
  const { budget, spent } = input;
  if (!(spent.attempts < budget.attempts)) {
    return {
      ok: false,
      exhausted: "attempts",
      message: `attempt budget used: ${spent.attempts} of ${budget.attempts} attempts`,
    };
  }
  const limitMs = budget.minutes * 60_000;
  if (!(spent.durationMs < limitMs)) {
    return {
      ok: false,
      exhausted: "minutes",
      message: `time budget used: ${minutes(spent.durationMs)} of ${budget.minutes} minutes`,
    };
  }
  if (!(spent.costUsd < budget.usd - USD_EPSILON)) {
    return {
      ok: false,
      exhausted: "usd",
      message: `USD budget used: ${usd(spent.costUsd)} of ${usd(budget.usd)} USD`,
    };
  }
  const next = input.nextAttemptAssumedUsd;
  if (next !== undefined && !(spent.costUsd + next <= budget.usd + USD_EPSILON)) {
    return {
      ok: false,
      exhausted: "usd",
      message:
        `USD budget would be exceeded: ${usd(spent.costUsd)} of ${usd(budget.usd)} USD used, ` +
        `and the next attempt is assumed to cost ${usd(next)} USD`,
    };
  }
  return { ok: true, remainingMs: limitMs - spent.durationMs };
}

function minutes(ms: number): string {
  const m = ms / 60_000;
  return Number.isInteger(m) ? String(m) : m.toFixed(1);
}

/** One comment of the daily ledger. */
export interface DailyLedgerEntry {
  /** Comment id: the order of the ledger. */
  id: number;
  /** UTC day the amount counts against, `YYYY-MM-DD`. */
  day: string;
  kind: "reserve" | "settle";
  sessionId: string;
  usd: number;
}

export interface DailyAdmission {
  admitted: boolean;
  /** USD counted against the day before the reservation (what the cap had to absorb already). */
  usedBeforeUsd: number;
}

/**
 * Is reservation `reservationId` admitted under the daily cap `capUsd`?
 *
 * Only entries of the reservation's `day` with a smaller id count; later entries never change
 * an earlier answer, so every reader of the ledger reaches the same verdict at any time.
 * Walking those entries in id order, the day's usage is:
 * - a `reserve` entry is admitted when usage + its `usd` <= cap; it then counts as an open
 *   reservation of its session. A reservation that does not fit is withdrawn (refused) and
 *   counts for nothing; so is one whose `usd` is not a positive finite number.
 * - a `settle` entry closes every open reservation of its session made before it: those stop
 *   counting and the settle's `usd` (what those runs really spent) counts instead. A settle
 *   always counts, even with nothing to close (money spent is spent). A settle whose `usd` is
 *   not a finite number of 0 or more is ignored, so the reservations it meant to close keep
 *   counting in full.
 * A settle must carry the day of the reservation it settles, so a run across midnight is
 * charged to the day that admitted it.
 *
 * `usedBeforeUsd` is the usage just before the reservation. The reservation itself is admitted
 * when `usedBeforeUsd + usd <= capUsd`. An id that is not a `reserve` entry is not admitted.
 */
export function dailyAdmission(entries: readonly DailyLedgerEntry[], reservationId: number, capUsd: number): DailyAdmission {
  const target = entries.find((e) => e.id === reservationId && e.kind === "reserve");
  if (!target) {
    return { admitted: false, usedBeforeUsd: 0 };
  }
  const day = entries.filter((e) => e.day === target.day && e.id < reservationId).sort((a, b) => a.id - b.id);
  const fits = (used: number, amount: number) => validReserve(amount) && used + amount <= capUsd + USD_EPSILON;

  /** Open (admitted, not yet settled) reservations per session. */
  const open = new Map<string, number>();
  let settled = 0;
  const used = () => settled + [...open.values()].reduce((a, b) => a + b, 0);
  for (const e of day) {
    if (e.kind === "reserve") {
      if (fits(used(), e.usd)) open.set(e.sessionId, (open.get(e.sessionId) ?? 0) + e.usd);
    } else if (Number.isFinite(e.usd) && e.usd >= 0) {
      open.delete(e.sessionId);
      settled += e.usd;
    }
  }
  const before = roundUsd(used());
  return { admitted: fits(before, target.usd), usedBeforeUsd: before };
}

function validReserve(amount: number): boolean {
  return Number.isFinite(amount) && amount > 0;
}

/**
 * USD that sessions spent on one UTC day (`YYYY-MM-DD`), from their attempts: local mode's
 * stand-in for the daily ledger. Compacted attempts carry no dates and are left out, so a
 * session with more than the kept window of attempts in one day is under-counted (the ledger
 * issue on GitHub is exact).
 */
export function spentOnDay(sessions: readonly { attempts: readonly { finishedAt?: string; costUsd?: number }[] }[], day: string): number {
  let micro = 0;
  for (const s of sessions) {
    for (const a of s.attempts) {
      if (a.finishedAt !== undefined && a.finishedAt.startsWith(day) && a.costUsd !== undefined && Number.isFinite(a.costUsd)) {
        micro += Math.round(a.costUsd * 1e6);
      }
    }
  }
  return micro / 1e6;
}

/**
 * USD that live sessions may still spend: for each session pending, running or interrupted, what is left of
 * its admitted budget. Local mode counts it as used today, so concurrent sessions can never
 * be admitted the same remainder twice (the ledger issue does this on GitHub).
 */
export function reservedByLiveSessions(
  sessions: readonly { sessionId: string; status: string; budget: { usd: number }; spent: { costUsd: number } }[],
  exceptSessionId: string,
): number {
  let micro = 0;
  for (const s of sessions) {
    // An interrupted session is resumable: what it may still spend stays reserved.
    if (s.sessionId === exceptSessionId || (s.status !== "pending" && s.status !== "running" && s.status !== "interrupted")) continue;
    micro += Math.max(0, Math.round(s.budget.usd * 1e6) - Math.round(s.spent.costUsd * 1e6));
  }
  return micro / 1e6;
}

export type Readmission =
  | { kind: "unchanged" }
  /** The session may still spend only what remains today: its USD budget becomes `usd`. */
  | { kind: "lowered"; usd: number }
  /** Nothing remains today: the session ends `budget_exhausted`. */
  | { kind: "exhausted" };

/**
 * A session that waited (resumed, or never started) is held to what remains of today's cap
 * when it runs: what it may still spend is lowered to that, never raised. `dailySpentUsd`
 * counts every session's spend today and what other live sessions may still spend.
 */
export function readmission(input: { budgetUsd: number; spentUsd: number; dailyCapUsd: number; dailySpentUsd: number }): Readmission {
  const today = Math.max(0, input.dailyCapUsd - input.dailySpentUsd);
  if (!Number.isFinite(today) || Number.isNaN(input.dailySpentUsd)) return { kind: "exhausted" };
  if (input.budgetUsd - input.spentUsd <= today + USD_EPSILON) return { kind: "unchanged" };
  const usd = Math.round((input.spentUsd + today) * 1e6) / 1e6;
  if (usd <= input.spentUsd || usd <= 0) return { kind: "exhausted" };
  return { kind: "lowered", usd };
}
