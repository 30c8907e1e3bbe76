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
import { expect, it } from "vitest";
import { useScriptedStage } from "./harness.js";
import { markerExists, planBody, runsReport, until } from "./scripted-repo.js";

const scripted = useScriptedStage();

it("/cancel during attempt 1 cancels the run in progress and ends the session cancelled, with no run left behind", async () => {
  const issue = scripted.stage.openIssue({ title: "Fix the answer", body: planBody("hang", 0.1, "c") });
  scripted.stage.label(issue);
  await until(scripted.stage, "attempt 1's agent to start", () => markerExists(scripted.markers, "c", 1), 50_000, issue);
  const running = scripted.stage.runs(issue).find((r) => r.state === "running");
  expect(running, runsReport(scripted.stage, issue)).toBeDefined();

  scripted.stage.comment(issue, scripted.stage.maintainer, "/cancel");
  await until(scripted.stage, "the session to end", () => scripted.stage.session(issue)?.status === "ended", 60_000, issue);
  await scripted.stage.settle();

  const session = scripted.stage.session(issue)!;
  expect(session.reason, runsReport(scripted.stage, issue)).toBe("cancelled");
  expect(session.attempts.map((a) => [a.n, a.outcome])).toEqual([[1, "interrupted"]]);
  // The label run was cancelled by the App (SIGINT), the run it woke applied /cancel; no recover run.
  expect(
    scripted.stage.runs(issue).map((r) => [r.inputs["reason"], r.conclusion]),
    runsReport(scripted.stage, issue),
  ).toEqual([
    ["label", "cancelled"],
    ["cancel", "success"],
  ]);
  expect(scripted.stage.standIn.pulls(scripted.stage.repo)).toHaveLength(0);
}, 180_000);
