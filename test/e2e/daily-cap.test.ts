/**
 * End to end on the stand-in: 20 sessions labelled at once share one daily cap. Each run reserves
 * its per-run budget (1 USD) on the daily ledger and settles what its attempt cost (0.25 USD);
 * the cap (3 USD) holds at most 12 such sessions, so at least 8 are refused. Read back from the
 * ledger issue's comments in comment-id order, the running total of what admitted reservations
 * count (whole while open, their cost once settled) never exceeds the cap, and every refused
 * session got a clear answer: the App's "today's budget is spent" reply, or the session ended
 * `budget_exhausted` with the cap named in its status comment.
 *
 * One session per issue (the Action keys sessions by issue), so 20 issues.
 */
import { expect, it } from "vitest";
import { useScriptedStage } from "./harness.js";
import { dailyLedger, planBody, until, type LedgerComment } from "./scripted-repo.js";

const SESSIONS = 20;
const CAP = 3;
const COST = 0.25;

const scripted = useScriptedStage({ budget: `  per_run:\n    attempts: 1\n    minutes: 5\n    usd: 1\n  daily:\n    usd: ${CAP}` });

/** The largest running total of what admitted reservations count, walking the ledger by comment id. */
function peakRunningTotal(entries: readonly LedgerComment[]): number {
  const refused = new Set(entries.flatMap((e) => (e.type === "withdraw" ? [e.reservationId] : [])));
  const counted = new Map<number, number>();
  let peak = 0;
  for (const e of entries) {
    if (e.type === "reserve" && !refused.has(e.commentId)) counted.set(e.commentId, e.usd);
    if (e.type === "settle" && counted.has(e.reservationId)) counted.set(e.reservationId, e.usd);
    const total = [...counted.values()].reduce((s, v) => s + v, 0);
    peak = Math.max(peak, total);
  }
  return peak;
}

it("20 sessions sharing a daily cap never reserve more than the cap together; the rest are refused with a clear answer", async () => {
  const issues = Array.from({ length: SESSIONS }, (_, i) => scripted.stage.openIssue({ title: `Task ${i + 1}`, body: planBody("pass", COST) }));
  for (const issue of issues) scripted.stage.label(issue);

  const bot = scripted.stage.app.botLogin;
  const appRefusal = (issue: number) => scripted.stage.comments(issue).find((c) => c.author === bot && c.body.includes("today's budget is spent"));
  const answered = (issue: number) => scripted.stage.session(issue)?.status === "ended" || appRefusal(issue) !== undefined;
  await until(scripted.stage, "every session to end or be refused", () => issues.every(answered), 170_000);
  await scripted.stage.settle(60_000);

  const ledger = dailyLedger(scripted.stage);
  const peak = peakRunningTotal(ledger);
  expect(peak).toBeGreaterThan(0);
  expect(peak).toBeLessThanOrEqual(CAP + 1e-9);

  const succeeded = issues.filter((i) => scripted.stage.session(i)?.reason === "succeeded");
  const exhausted = issues.filter((i) => scripted.stage.session(i)?.reason === "budget_exhausted");
  const refusedByApp = issues.filter((i) => scripted.stage.session(i) === undefined && appRefusal(i) !== undefined);
  expect(succeeded.length + exhausted.length + refusedByApp.length).toBe(SESSIONS);
  expect(succeeded.length).toBeGreaterThan(0);
  expect(succeeded.length).toBeLessThanOrEqual(CAP / COST);
  expect(exhausted.length + refusedByApp.length).toBeGreaterThanOrEqual(SESSIONS - CAP / COST);

  // Admitted sessions settled exactly their cost; every reservation of a refused one was withdrawn.
  const settled = ledger.filter((e) => e.type === "settle");
  expect(settled.map((e) => e.sessionKey).sort()).toEqual(succeeded.map((i) => `issue-${i}`).sort());
  expect(settled.every((e) => e.usd === COST)).toBe(true);
  for (const issue of exhausted) {
    const reserves = ledger.filter((e) => e.type === "reserve" && e.sessionKey === `issue-${issue}`);
    const withdrawn = new Set(ledger.flatMap((e) => (e.type === "withdraw" ? [e.reservationId] : [])));
    expect(reserves.every((r) => withdrawn.has(r.commentId))).toBe(true);
    const status = scripted.stage.comments(issue).find((c) => c.author === bot && c.body.includes("foreman:state"))!;
    expect(status.body).toMatch(/budget/i);
    expect(scripted.stage.session(issue)!.attempts).toHaveLength(0);
  }
  expect(scripted.stage.standIn.pulls(scripted.stage.repo)).toHaveLength(succeeded.length);
}, 300_000);
