/**
 * A `/cancel` written between the trigger label and the session's first run (issue 9), with the
 * production adapters over the stateful fake GitHub (github-harness.ts), every request
 * contract-checked: the label's run finds no session, reads when the label was added (the
 * issue's events) and takes the commands written since as the new session's. An authorized
 * `/cancel` among them ends the session before anything starts; the run woken for it then has
 * nothing left to do. The whole on the stand-in is test/e2e/cancel-before-start.test.ts.
 */
import { existsSync } from "node:fs";
import { chmod } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseReplyMarkers } from "../../src/github/reply-marker.js";
import { removeTempDirs, tempDir } from "../loop/helpers.js";
import { useGitHubMocks } from "../support/github/http.js";
import type { FakeRepo } from "../support/github/fake-repo.js";
import { ISSUE, makeCheckout } from "./harness.js";
import { fakeRepoFor, runReal } from "./github-harness.js";

const EVENTS = new RegExp(`/issues/${ISSUE}/events$`);
const MAYA = { login: "maya", type: "User" as const };
const READER = { login: "reader", type: "User" as const };

/** A checkout whose agent leaves `marker` when it runs at all, then succeeds at attempt 1. */
async function checkoutWithMarker(): Promise<{ c: Awaited<ReturnType<typeof makeCheckout>>; marker: string }> {
  const work = await tempDir("action-early-cancel");
  await chmod(work, 0o777);
  const marker = path.join(work, "agent-ran");
  const c = await makeCheckout({
    "*": [{ write: { path: marker, content: "ran" } }, { write: { path: "value.txt", content: "good\n" } }, { result: { costUsd: 0.2 } }],
  });
  return { c, marker };
}

/** Whether the daily ledger holds anything (its issue is made by the first reservation). */
function dailyLedgerUsed(fake: FakeRepo): boolean {
  return [...fake.issues.values()].some((i) => i.labels.includes("foreman:ledger"));
}

/** The run went ahead as if no command had been written: one attempt, succeeded, the agent ran. */
function expectRanOneAttempt(r: Awaited<ReturnType<typeof runReal>>, marker: string): void {
  expect(r.failures).toEqual([]);
  expect(r.outputs).toMatchObject({ status: "ended", reason: "succeeded", attempts: "1" });
  expect(existsSync(marker)).toBe(true);
}
describe("foreman action: a /cancel between the trigger label and the session's first run", () => {
  const gh = useGitHubMocks();
  afterEach(removeTempDirs);

  it("by a write user: the session ends cancelled before anything starts; the woken cancel run applies nothing", async () => {
    const { c, marker } = await checkoutWithMarker();
    const fake = await fakeRepoFor(c);
    fake.permissions.set("maya", "write");
    fake.addComment(ISSUE, "Please fix this soon.", MAYA);
    fake.labelIssue(ISSUE, "foreman", MAYA);
    const cancel = fake.addComment(ISSUE, "/cancel", MAYA);

    const r = await runReal(gh, c, { reason: "label" });
    expect(r.failures).toEqual([]);
    expect(r.outputs).toMatchObject({ status: "ended", reason: "cancelled", attempts: "0", "cost-usd": "0.0000", "pr-number": "" });
    const state = fake.sessionState(ISSUE);
    expect(state).toMatchObject({ status: "ended", reason: "cancelled", spent: { attempts: 0, costUsd: 0 } });
    expect(state?.note).toBe(`Cancelled by @maya in comment ${cancel.id}.`);
    expect(state?.reportedAt).toBeDefined();
    // The watermark is past the consumed comment: no run applies it again.
    expect(state?.lastCommandId).toBeGreaterThanOrEqual(cancel.id);
    // Nothing started: no agent, no working copy, no reservation, nothing pushed or opened.
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(path.join(c.runnerTemp, "foreman"))).toBe(false);
    expect(dailyLedgerUsed(fake)).toBe(false);
    expect(fake.pulls).toEqual([]);
    expect(fake.checkRuns).toEqual([]);
    expect(r.summaries[0]).toContain("cancelled");
    // One events listing, one permission read; the App answered the comment, the run posts no reply.
    expect(fake.requests("GET", EVENTS)).toHaveLength(1);
    expect(fake.requests("GET", /\/collaborators\/maya\/permission$/)).toHaveLength(1);
    expect(fake.commentsOf(ISSUE).filter((x) => parseReplyMarkers(x.body).includes(cancel.id))).toEqual([]);

    // The run the App woke for the /cancel: the session has ended, nothing is applied twice or started.
    const commentsBefore = fake.comments.length;
    const woken = await runReal(gh, c, { reason: "cancel" });
    expect(woken.failures).toEqual([]);
    expect(woken.outputs).toMatchObject({ status: "ended", reason: "cancelled", attempts: "0" });
    // Only the watermark moves on, past Foreman's own comments written since (as after any run).
    const after = fake.sessionState(ISSUE);
    const unchanged = (s: typeof state) => ({ ...s, version: 0, lastCommandId: 0, updatedAt: "" });
    expect(unchanged(after)).toEqual(unchanged(state));
    expect(after?.lastCommandId).toBe(Math.max(...fake.commentsOf(ISSUE).map((x) => x.id)));
    expect(fake.comments.length).toBe(commentsBefore);
    expect(existsSync(marker)).toBe(false);
    expect(dailyLedgerUsed(fake)).toBe(false);
    // The session exists now: its watermark, not the label, says which commands are new.
    expect(fake.requests("GET", EVENTS)).toHaveLength(1);
  }, 60_000);

  it("by a read-only user: refused and answered as before, and the session runs; a /budget there is reported unapplied", async () => {
    const { c, marker } = await checkoutWithMarker();
    const fake = await fakeRepoFor(c);
    fake.permissions.set("reader", "read");
    fake.permissions.set("maya", "admin");
    fake.labelIssue(ISSUE, "foreman", MAYA);
    const cancel = fake.addComment(ISSUE, "/cancel", READER);
    const budget = fake.addComment(ISSUE, "/budget 3", MAYA);

    const r = await runReal(gh, c, { reason: "label" });
    expectRanOneAttempt(r, marker);
    const replies = fake.commentsOf(ISSUE).filter((x) => parseReplyMarkers(x.body).includes(cancel.id));
    expect(replies).toHaveLength(1);
    expect(replies[0]?.body).toContain("@reader has read");
    expect(r.summaries[0]).toContain(`Command in comment ${cancel.id} by reader refused:`);
    expect(r.summaries[0]).toContain(`Command in comment ${budget.id} by maya had no effect: /budget was written before the session's first run`);
    const state = fake.sessionState(ISSUE);
    // Not applied: the session keeps the configured budget; consumed all the same.
    expect(state?.budgetOverrideUsd).toBeNull();
    expect(state?.lastCommandId).toBeGreaterThanOrEqual(budget.id);
  }, 60_000);

  it("written before the label (an old comment): skipped as before, the session runs", async () => {
    const { c, marker } = await checkoutWithMarker();
    const fake = await fakeRepoFor(c);
    fake.permissions.set("maya", "write");
    const old = fake.addComment(ISSUE, "/cancel", MAYA);
    fake.labelIssue(ISSUE, "foreman", MAYA);

    const r = await runReal(gh, c, { reason: "label" });
    expectRanOneAttempt(r, marker);
    expect(fake.sessionState(ISSUE)?.lastCommandId).toBeGreaterThanOrEqual(old.id);
  }, 60_000);

  it("no labeled event (a manual dispatch): the rule before issue 9, every earlier command skipped", async () => {
    const { c, marker } = await checkoutWithMarker();
    const fake = await fakeRepoFor(c);
    fake.permissions.set("maya", "write");
    // The issue carries the label (set when it was opened, say) but the events record no labeling.
    fake.addComment(ISSUE, "/cancel", MAYA);
    const r = await runReal(gh, c, { reason: "manual" });
    expectRanOneAttempt(r, marker);
    expect(fake.requests("GET", EVENTS)).toHaveLength(1);
  }, 60_000);

  it("a thread with no command that acts on a session (a /status): the events are not read, no call more", async () => {
    const { c, marker } = await checkoutWithMarker();
    const fake = await fakeRepoFor(c);
    fake.permissions.set("maya", "write");
    fake.labelIssue(ISSUE, "foreman", MAYA);
    fake.addComment(ISSUE, "/status", MAYA);
    const r = await runReal(gh, c, { reason: "label" });
    expectRanOneAttempt(r, marker);
    expect(fake.requests("GET", EVENTS)).toHaveLength(0);
  }, 60_000);

  it("an issue without the trigger label (a manual dispatch): its events are not read, the rule before issue 9", async () => {
    const { c, marker } = await checkoutWithMarker();
    const fake = await fakeRepoFor(c, { labels: [] });
    fake.permissions.set("maya", "write");
    fake.addComment(ISSUE, "/cancel", MAYA);
    const r = await runReal(gh, c, { reason: "manual" });
    expectRanOneAttempt(r, marker);
    expect(fake.requests("GET", EVENTS)).toHaveLength(0);
  }, 60_000);
});
