/**
 * End to end on the stand-in with 5 % of API requests failing (seeded: 2 % 502, 1.5 % 429 with
 * `retry-after`, 1.5 % secondary-limit 403 with `retry-after`), for the App and the Action alike:
 * three sessions whose scripted agent reports a cost per attempt (one passes at once, one on
 * its second attempt, one never) each reach their terminal state, and the daily ledger's
 * settlements equal the sum of the attempts' costs, session by session.
 */
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Stage } from "../../src/sandbox/demo/stage.js";
import { sourceAction } from "./harness.js";
import { dailyLedger, planBody, scriptedRepoFiles, until, markerDir } from "./scripted-repo.js";

let stage: Stage;
let markers: string;

beforeAll(async () => {
  markers = await markerDir();
  stage = await Stage.start({
    ...sourceAction(),
    files: await scriptedRepoFiles({ markerDir: markers }),
    faults: { seed: 5, serverErrorRate: 0.02, tooManyRequestsRate: 0.015, secondaryLimitRate: 0.015, retryAfterSeconds: 1 },
  });
});

afterAll(async () => {
  await stage?.stop();
  await rm(markers, { recursive: true, force: true });
});

const SESSIONS = [
  { plan: "pass", cost: 0.11, reason: "succeeded", attempts: 1 },
  { plan: "fail,pass", cost: 0.23, reason: "succeeded", attempts: 2 },
  { plan: "fail", cost: 0.07, reason: "gates_failed", attempts: 3 },
] as const;

it("with 5 % faults every session reaches its terminal state and the ledger totals equal the attempts' costs", async () => {
  const issues = SESSIONS.map((s, i) => stage.openIssue({ title: `Task ${i + 1}`, body: planBody(s.plan, s.cost) }));
  for (const issue of issues) stage.label(issue);
  for (const issue of issues)
    await until(stage, `session #${issue} to end`, () => stage.session(issue)?.status === "ended" && stage.session(issue), 100_000, issue);
  await stage.settle();

  const injected = stage.standIn.faults.injected;
  expect(injected.serverError + injected.tooManyRequests + injected.secondaryLimit).toBeGreaterThanOrEqual(3);

  const ledger = dailyLedger(stage);
  let attemptsTotal = 0;
  SESSIONS.forEach((expected, i) => {
    const issue = issues[i]!;
    const session = stage.session(issue)!;
    expect([session.status, session.reason]).toEqual(["ended", expected.reason]);
    expect(session.attempts.map((a) => a.costUsd)).toEqual(Array.from({ length: expected.attempts }, () => expected.cost));
    const sum = session.attempts.reduce((s, a) => s + (a.costUsd ?? 0), 0);
    expect(session.spent.costUsd).toBeCloseTo(sum, 9);
    const settled = ledger.filter((e) => e.type === "settle" && e.sessionKey === `issue-${issue}`);
    expect(settled).toHaveLength(1);
    expect(settled.reduce((s, e) => s + (e.type === "settle" ? e.usd : 0), 0)).toBeCloseTo(sum, 9);
    attemptsTotal += sum;
  });
  const settledTotal = ledger.reduce((s, e) => s + (e.type === "settle" ? e.usd : 0), 0);
  expect(settledTotal).toBeCloseTo(attemptsTotal, 9);
  expect(ledger.filter((e) => e.type === "reserve")).toHaveLength(SESSIONS.length);
  expect(stage.standIn.pulls(stage.repo)).toHaveLength(2);
}, 180_000);
