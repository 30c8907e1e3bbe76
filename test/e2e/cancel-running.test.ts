/**
 * End to end on the stand-in: `/cancel` while attempt 1's agent is running. The App cancels the
 * workflow run in progress (the workflow never cancels a run by itself: `cancel-in-progress:
 * false`) and wakes a run; the cancelled run gets SIGINT, records attempt 1 `interrupted` and
 * stops; the woken run replays the `/cancel` and ends the session `cancelled`. Nothing is left
 * running or resumable, and the watchdog adds no run (the cancelled run left no `running` state).
 *
 * Why the App still dispatches after cancelling (5 calls beside its config read, not 4): after
 * SIGINT the session is `interrupted`, which the watchdog leaves alone, and a `recover` run does
 * not replay commands; a run cancelled before its Foreman step starts records nothing at all.
 * Only a `run` woken for the command applies it, whatever point the cancelled run had reached.
 */
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Stage } from "../../src/sandbox/demo/stage.js";
import { sourceAction } from "./harness.js";
import { markerDir, markerExists, planBody, runsReport, scriptedRepoFiles, until } from "./scripted-repo.js";

let stage: Stage;
let markers: string;

beforeAll(async () => {
  markers = await markerDir();
  stage = await Stage.start({ ...sourceAction(), files: await scriptedRepoFiles({ markerDir: markers }) });
});

afterAll(async () => {
  await stage?.stop();
  await rm(markers, { recursive: true, force: true });
});

it("/cancel during attempt 1 cancels the run in progress and ends the session cancelled, with no run left behind", async () => {
  const issue = stage.openIssue({ title: "Fix the answer", body: planBody("hang", 0.1, "c") });
  stage.label(issue);
  await until(stage, "attempt 1's agent to start", () => markerExists(markers, "c", 1), 50_000, issue);
  const running = stage.runs(issue).find((r) => r.state === "running");
  expect(running, runsReport(stage, issue)).toBeDefined();

  stage.comment(issue, stage.maintainer, "/cancel");
  await until(stage, "the session to end", () => stage.session(issue)?.status === "ended", 60_000, issue);
  await stage.settle();

  const session = stage.session(issue)!;
  expect(session.reason, runsReport(stage, issue)).toBe("cancelled");
  expect(session.attempts.map((a) => [a.n, a.outcome])).toEqual([[1, "interrupted"]]);
  // The label run was cancelled by the App (SIGINT), the run it woke applied /cancel; no recover run.
  expect(
    stage.runs(issue).map((r) => [r.inputs["reason"], r.conclusion]),
    runsReport(stage, issue),
  ).toEqual([
    ["label", "cancelled"],
    ["cancel", "success"],
  ]);
  expect(stage.standIn.pulls(stage.repo)).toHaveLength(0);
}, 180_000);
