/**
 * End to end on the stand-in: `/cancel` while attempt 1's agent is running. The App only wakes
 * a run (config, permission, 👀, dispatch: it lists and cancels no runs), which waits in the
 * issue's concurrency group (`cancel-in-progress: false`). The run in progress notices the
 * `/cancel` itself (its cancel watcher, polling every second here through the step's
 * `FOREMAN_CANCEL_POLL_SECONDS`), cancels its own workflow run and stops as on SIGINT: attempt 1
 * recorded `interrupted`. The woken run then replays the `/cancel` and ends the session
 * `cancelled`. Nothing is left running or resumable, and the watchdog adds no run (the cancelled
 * run left no `running` state).
 *
 * Why the App still dispatches: the stopped run leaves the session `interrupted`, which the
 * watchdog leaves alone, and a `recover` run does not replay commands; only a `run` woken for
 * the command applies it.
 */
import { expect, it } from "vitest";
import { useScriptedStage } from "./harness.js";
import { markerExists, planBody, runsReport, until } from "./scripted-repo.js";

const scripted = useScriptedStage({}, { stepEnv: { FOREMAN_CANCEL_POLL_SECONDS: "1" } });

it("/cancel during attempt 1: the run in progress cancels itself and the woken run ends the session cancelled, with no run left behind", async () => {
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
  // The label run cancelled itself (its watcher saw the /cancel), the run the App woke applied it; no recover run.
  expect(
    scripted.stage.runs(issue).map((r) => [r.inputs["reason"], r.conclusion]),
    runsReport(scripted.stage, issue),
  ).toEqual([
    ["label", "cancelled"],
    ["cancel", "success"],
  ]);
  // The label run's own watcher saw the /cancel (then GitHub's SIGINT for its self-cancel arrived).
  expect(scripted.stage.runs(issue)[0]?.log).toContain(`/cancel by @${scripted.stage.maintainer} (comment `);
  expect(scripted.stage.standIn.pulls(scripted.stage.repo)).toHaveLength(0);
}, 180_000);
