/**
 * End to end on the stand-in (issue 9): `/cancel` written after the trigger label while the
 * label's run still waits for a runner (the emulator has one runner here, held by another
 * issue's session, as GitHub's queue holds a run before its Foreman step). The App answers the
 * `/cancel` as usual (permission, 👀, a `cancel` run queued behind the label's run). The label's
 * run then finds no session, reads when the label was added and ends the new session
 * `cancelled` before anything starts: no attempt, no reservation, no PR. The `cancel` run that
 * follows applies nothing. The other issue's session is stopped by its own `/cancel` (the
 * cancel watcher) to free the runner.
 */
import { rm } from "node:fs/promises";
import { afterEach, expect, it } from "vitest";
import { scriptedRepoFiles, markerDir, markerExists, planBody, runsReport, until, dailyLedger } from "./scripted-repo.js";
import { startStage, useStages } from "./harness.js";

useStages();
const markerDirs: string[] = [];
afterEach(async () => {
  await Promise.all(markerDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

it("/cancel while the label's run waits for a runner: the session ends cancelled before anything starts; the woken run applies nothing", async () => {
  const markers = await markerDir();
  markerDirs.push(markers);
  const stage = await startStage({
    files: await scriptedRepoFiles({ markerDir: markers }),
    maxConcurrentRuns: 1,
    stepEnv: { FOREMAN_CANCEL_POLL_SECONDS: "1" },
  });
  // Issue A's agent hangs: its run holds the only runner.
  const a = stage.openIssue({ title: "Hold the runner", body: planBody("hang", 0.1, "a") });
  stage.label(a);
  await until(stage, "issue A's agent to start", () => markerExists(markers, "a", 1), 50_000, a);

  // Issue B: its label run is queued behind A's, waiting for the runner.
  const b = stage.openIssue({ title: "Fix the answer", body: planBody("pass", 0.1, "b") });
  stage.label(b);
  await until(stage, "issue B's label run to be queued", () => stage.runs(b).length === 1, 20_000, b);
  const cancel = stage.comment(b, stage.maintainer, "/cancel");
  // The App acknowledged it (👀) and queued B's cancel run behind B's label run.
  await until(
    stage,
    "the App's 👀 on the /cancel and its cancel run",
    () =>
      stage.standIn.world.reactions.some((r) => r.subject === `comment:${cancel}` && r.content === "eyes") &&
      stage.runs(b).some((r) => r.inputs["reason"] === "cancel"),
    20_000,
    b,
  );
  expect(
    stage.runs(b).every((r) => r.log === ""),
    runsReport(stage, b),
  ).toBe(true);

  // Free the runner: A's own /cancel stops A's run.
  stage.comment(a, stage.maintainer, "/cancel");
  await until(stage, "issue B's session to end", () => stage.session(b)?.status === "ended", 90_000, b);
  await stage.settle(90_000);

  const session = stage.session(b)!;
  expect(session.reason, runsReport(stage, b)).toBe("cancelled");
  expect(session.note).toBe(`Cancelled by @${stage.maintainer} in comment ${cancel}.`);
  expect(session.attempts).toEqual([]);
  expect(session.lastCommandId).toBeGreaterThanOrEqual(cancel);
  expect(
    stage.runs(b).map((r) => [r.inputs["reason"], r.conclusion]),
    runsReport(stage, b),
  ).toEqual([
    ["label", "success"],
    ["cancel", "success"],
  ]);
  expect(stage.runs(b).map((r) => r.outputs["status"])).toEqual(["ended", "ended"]);
  // Nothing of B reserved, pushed or opened; A's session was the only one to spend.
  expect(dailyLedger(stage).filter((e) => e.sessionKey === `issue-${b}`)).toEqual([]);
  expect(stage.standIn.pulls(stage.repo)).toHaveLength(0);
  expect(stage.session(a)?.reason).toBe("cancelled");
}, 240_000);
