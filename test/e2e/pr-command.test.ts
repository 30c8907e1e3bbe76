/**
 * End to end on the stand-in: a command written on the session's Foreman PR. The App reacts 👀
 * on the PR comment and wakes a run, and writes nothing on the issue; the woken run reads the
 * PR's conversation itself (the PR its signed state names) and applies the command there, once.
 * The session has ended (a PR exists only once it has), so `/retry` is consumed without effect.
 */
import { expect, it } from "vitest";
import { useScriptedStage } from "./harness.js";
import { planBody, runsReport, until } from "./scripted-repo.js";

const scripted = useScriptedStage();

it("/retry on the Foreman PR: 👀 there, nothing on the issue, and the woken run replays it from the PR's conversation", async () => {
  const { stage } = scripted;
  const issue = stage.openIssue({ title: "Fix the answer", body: planBody("pass", 0.1, "p") });
  stage.label(issue);
  await until(stage, "the session to end", () => stage.session(issue)?.status === "ended", 60_000, issue);
  await stage.settle();
  const pr = stage.session(issue)?.pullRequest;
  expect(pr, runsReport(stage, issue)).toBeDefined();
  const issueComments = stage.comments(issue).length;

  const retry = stage.comment(pr!, stage.maintainer, "/retry");
  await until(
    stage,
    "the /retry run to finish",
    () => stage.runs(issue).find((r) => r.inputs["reason"] === "retry" && r.state === "completed"),
    60_000,
    issue,
  );
  await stage.settle();

  expect(stage.standIn.reactions(stage.repo, { comment: retry })).toEqual([{ user: stage.app.botLogin, content: "eyes" }]);
  // No record comment: the issue's thread is as the session left it.
  expect(stage.comments(issue)).toHaveLength(issueComments);
  const session = stage.session(issue)!;
  expect(session.lastCommandId, runsReport(stage, issue)).toBe(retry);
  expect(session.reason).toBe("succeeded");
  const woken = stage.runs(issue).find((r) => r.inputs["reason"] === "retry");
  expect(woken?.conclusion, runsReport(stage, issue)).toBe("success");
  expect(woken?.summary).toContain(`Command in comment ${retry} by ${stage.maintainer} had no effect`);
}, 180_000);
