/**
 * End to end on the stand-in: every webhook is delivered twice (same `X-GitHub-Delivery`, the
 * stand-in's duplicate-delivery fault) over the whole demo lifecycle (label → attempt 1 fails →
 * attempt 2 waits for approval → a reader's /approve refused → the maintainer's /approve → draft
 * PR, green check). No comment, reaction, dispatch or pull request is made twice.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { runLifecycle } from "../../src/sandbox/demo/lifecycle.js";
import { Stage } from "../../src/sandbox/demo/stage.js";
import { sourceAction } from "./harness.js";

let stage: Stage;

beforeAll(async () => {
  stage = await Stage.start({ ...sourceAction(), faults: { duplicateWebhooks: true } });
});

afterAll(async () => {
  await stage?.stop();
});

it("with every webhook delivered twice, the lifecycle makes no duplicate comment, dispatch or pull request", async () => {
  const result = await runLifecycle(stage);
  expect(result.problems).toEqual([]);

  // Every delivery really went out twice, under one id.
  const perId = new Map<string, number>();
  for (const d of stage.standIn.deliveries) perId.set(d.id, (perId.get(d.id) ?? 0) + 1);
  expect(perId.size).toBeGreaterThan(5);
  expect([...perId.values()].every((n) => n === 2)).toBe(true);

  // One dispatch per wake-up: the label and the maintainer's /approve (the reader's was refused).
  expect(stage.standIn.callCounts()["POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches"]).toBe(2);
  expect(stage.runs(result.issue).map((r) => [r.inputs["reason"], r.conclusion])).toEqual([
    ["label", "success"],
    ["approve", "success"],
  ]);
  expect(stage.standIn.pulls(stage.repo)).toHaveLength(1);

  // No comment twice (by body), one refusal reply for the reader, one reaction per person and kind.
  const comments = stage.comments(result.issue);
  const bodies = comments.filter((c) => c.author === stage.app.botLogin).map((c) => c.body);
  expect(new Set(bodies).size).toBe(bodies.length);
  expect(bodies.filter((b) => b.includes(`@${stage.reader}`))).toHaveLength(1);
  const subjects = [{ issue: result.issue }, ...comments.map((c) => ({ comment: c.id }))];
  for (const subject of subjects) {
    const reactions = stage.standIn.reactions(stage.repo, subject).map((r) => `${r.user} ${r.content}`);
    expect(new Set(reactions).size, JSON.stringify(subject)).toBe(reactions.length);
  }
  // The Foreman check runs: one per head SHA the session reported on.
  const checks = stage.standIn.checkRuns(stage.repo).filter((c) => c["name"] === "Foreman");
  expect(new Set(checks.map((c) => c["head_sha"])).size).toBe(checks.length);
}, 180_000);
