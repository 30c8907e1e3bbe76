/**
 * End to end on the stand-in: the runner is killed with SIGKILL during attempt 2 (in its gates,
 * after the agent finished) → the App's watchdog (`workflow_run.completed`, failure) dispatches
 * a `recover` run, which marks attempt 2 `interrupted` → the maintainer's `/retry` resumes at
 * attempt 3 from attempt 2's pushed tree (`refs/foreman/issue-<n>/attempt-2` in the bare
 * repository, pushed before the gates ran), and exactly one PR exists.
 */
import { expect, it } from "vitest";
import { useScriptedStage } from "./harness.js";
import { listRefs, readFileAt } from "../../src/sandbox/git-remote.js";
import { markerExists, planBody, runsReport, until } from "./scripted-repo.js";

const scripted = useScriptedStage();

it("a runner killed in attempt 2 is recovered by the watchdog, and /retry resumes at attempt 3 from attempt 2's pushed tree: one PR", async () => {
  const issue = scripted.stage.openIssue({ title: "Fix the answer", body: planBody("fail,gatehang,pass", 0.1, "k") });
  scripted.stage.label(issue);

  await until(scripted.stage, "attempt 2's gate to start", () => markerExists(scripted.markers, "k", 2, "gate"), 50_000, issue);
  const first = scripted.stage.runs(issue).find((r) => r.state === "running");
  expect(first, runsReport(scripted.stage, issue)).toBeDefined();
  scripted.stage.killRun(first!.runId);

  const recovered = await until(
    scripted.stage,
    "the watchdog's recover run to mark the session interrupted",
    () => {
      const recover = scripted.stage.runs(issue).find((r) => r.inputs["mode"] === "recover" && r.state === "completed");
      return recover !== undefined && scripted.stage.session(issue)?.status === "interrupted" ? recover : undefined;
    },
    40_000,
    issue,
  );
  expect(scripted.stage.runs(issue).find((r) => r.runId === first!.runId)?.conclusion).toBe("failure");
  // The recover run fails on purpose: its error tells people to /retry.
  expect(recovered.conclusion, runsReport(scripted.stage, issue)).toBe("failure");
  expect(recovered.log).toContain(`Foreman session issue-${issue} (#${issue}) was interrupted. Comment /retry on the issue`);
  const interrupted = scripted.stage.session(issue)!;
  expect(interrupted.attempts.map((a) => [a.n, a.outcome])).toEqual([
    [1, "gates_failed"],
    [2, "interrupted"],
  ]);
  expect(interrupted.attempts[0]!.keptRef).toBe(`refs/foreman/issue-${issue}/attempt-1`);
  // Attempt 2's tree was pushed before its gates ran: the dead runner's work outlives it.
  const kept = interrupted.attempts[1]!.keptRef!;
  expect(kept).toBe(`refs/foreman/issue-${issue}/attempt-2`);

  scripted.stage.comment(issue, scripted.stage.maintainer, "/retry");
  await until(scripted.stage, "the session to end", () => scripted.stage.session(issue)?.status === "ended", 40_000, issue);
  await scripted.stage.settle();

  const session = scripted.stage.session(issue)!;
  expect(session.reason, runsReport(scripted.stage, issue)).toBe("succeeded");
  expect(session.attempts.map((a) => [a.n, a.outcome])).toEqual([
    [1, "gates_failed"],
    [2, "interrupted"],
    [3, "passed"],
  ]);
  // Attempt 3 started from attempt 2's pushed tree, not from attempt 1's nor from the base.
  const keptAnswer = (await readFileAt(scripted.stage.repo.gitDir, kept, "answer.txt"))?.trim();
  expect(keptAnswer).toBe("hang k 2");
  expect(session.attempts[2]!.summary).toBe(`started from ${keptAnswer}`);
  const refs = (await listRefs(scripted.stage.repo.gitDir, `refs/foreman/issue-${issue}/`)).map((r) => r.ref);
  expect(refs).toEqual(expect.arrayContaining([1, 2, 3].map((k) => `refs/foreman/issue-${issue}/attempt-${k}`)));

  const pulls = scripted.stage.standIn.pulls(scripted.stage.repo);
  expect(pulls).toHaveLength(1);
  expect(pulls[0]!["number"]).toBe(session.pullRequest);
  // The runs: the killed one, the watchdog's recover, the /retry.
  expect(scripted.stage.runs(issue).map((r) => [r.inputs["reason"], r.conclusion])).toEqual([
    ["label", "failure"],
    ["recover", "failure"],
    ["retry", "success"],
  ]);
}, 180_000);
