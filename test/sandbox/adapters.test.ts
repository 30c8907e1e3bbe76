/**
 * Foreman's real GitHub adapters against the stand-in, not against mocks: the state store (its
 * whole StateStore contract), tamper detection when an admin edits the state comment, the
 * daily ledger under concurrent reservations, the check run, command replay and dispatch.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECK_RUN_ACTIONS } from "../../src/core/check-run-view.js";
import type { Command } from "../../src/core/commands.js";
import { encodeStateComment } from "../../src/core/state-codec.js";
import type { Attempt } from "../../src/core/state.js";
import { CommentStateStore, TamperedStateError, type IgnoredComment } from "../../src/github/comment-state-store.js";
import { replayCommands } from "../../src/github/command-replay.js";
import { CheckRunReporter } from "../../src/github/check-run.js";
import { DailyLedger } from "../../src/github/daily-ledger.js";
import { cancelRunsFor, dispatchRun } from "../../src/github/dispatch.js";
import type { Permission } from "../../src/github/permissions.js";
import { deriveSigningKey } from "../../src/github/signature.js";
import type { QueuedRun } from "../../src/sandbox/index.js";
import { caught } from "../support/caught.js";
import { sampleSession } from "../support/session.js";
import { describeStateStoreContract } from "../support/state-store-contract.js";
import { BOT, NAME, OWNER, closeSandbox, startSandbox, useSandboxes, type Sandbox } from "./kit.js";

const R = { owner: OWNER, repo: NAME };
const key = deriveSigningKey({ stateKey: "a-state-key-of-at-least-thirty-two-characters" });
const minimum = (c: Command): Permission => (c.kind === "budget" ? "admin" : c.kind === "status" || c.kind === "help" ? "read" : "write");

describe("CommentStateStore on the stand-in", () => {
  let shared: Sandbox;
  beforeAll(async () => {
    shared = await startSandbox({}, {}, "manual");
  });
  afterAll(async () => {
    await closeSandbox(shared);
  });
  describeStateStoreContract("CommentStateStore (stand-in)", () => {
    const issue = shared.standIn.openIssue(shared.repo, "maintainer", { title: "contract" });
    return Promise.resolve(new CommentStateStore({ client: shared.client(shared.tokens.bot), repo: R, issue, key, trustedAuthors: [BOT] }));
  });
});

describe("Foreman's adapters on the stand-in", () => {
  useSandboxes();

  it("an admin edits the bot's state comment: the next reader flags it and obeys nothing", async () => {
    const box = await startSandbox();
    const issue = box.standIn.openIssue(box.repo, "maintainer", { title: "Fix it" });
    const writer = new CommentStateStore({ client: box.client(box.tokens.bot), repo: R, issue, key, trustedAuthors: [BOT] });
    const state = { ...sampleSession({ sessionId: `issue-${issue}`, task: { issue, title: "Fix the parser" } }), version: 1 };
    await writer.save(state, 0);
    await writer.flush(); // a new pending session is written with the next save or the flush
    const [stateComment] = box.standIn.comments(box.repo, issue);
    const body = String(stateComment?.body);
    // The admin raises the budget inside the hidden block, keeping Foreman's signature line.
    const forged =
      /<!-- foreman:state v1 [A-Za-z0-9+/=]* -->/.exec(encodeStateComment({ ...state, budget: { ...state.budget, usd: 500 } }))?.[0] ?? "";
    const edited = body.replace(/<!-- foreman:state v1 [A-Za-z0-9+/=]* -->/, forged);
    expect(edited).not.toBe(body);
    box.standIn.editComment(box.repo, Number(stateComment?.id), edited, "boss");
    expect(box.standIn.deliveries.at(-1)).toMatchObject({ event: "issue_comment", action: "edited", payload: { sender: { login: "boss" } } });
    const ignored: IgnoredComment[] = [];
    const reader = new CommentStateStore({
      client: box.client(box.tokens.bot),
      repo: R,
      issue,
      key,
      trustedAuthors: [BOT],
      onIgnored: (c) => ignored.push(c),
    });
    const error = await caught(reader.load(`issue-${issue}`));
    expect(error).toBeInstanceOf(TamperedStateError);
    expect(error instanceof TamperedStateError && error.reason).toBe("bad_signature");
    expect(ignored).toEqual([expect.objectContaining({ commentId: Number(stateComment?.id), reason: "bad_signature", kind: "state" })]);
    const flagged = box.standIn.comments(box.repo, issue)[0];
    expect(String(flagged?.body)).toContain("foreman:flagged bad_signature");
  });

  it("the daily ledger: 10 concurrent reservations of $1 against a $4 cap admit exactly 4", async () => {
    const now = () => Date.parse("2026-05-01T10:00:00Z");
    const box = await startSandbox({ now });
    const make = () => new DailyLedger({ client: box.client(box.tokens.bot), repo: R, key, trustedAuthors: [BOT], now });
    // The ledger issue exists before the race (created on first use, as the first session would).
    await make().reserve({ sessionKey: "s-first", usd: 0, capUsd: 4 });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => make().reserve({ sessionKey: `s${i}`, usd: 1, capUsd: 4 })));
    expect(results.filter((r) => r.admitted)).toHaveLength(4);
    expect(await make().usedToday()).toBe(4);
  });

  it("the check run: action_required with buttons while approval waits, success once approved", async () => {
    const box = await startSandbox();
    const bot = box.client(box.tokens.bot);
    const { data: main } = await bot.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { ...R, ref: "heads/main" });
    const sha = main.object.sha;
    const approval = { requestedAt: "2026-01-05T09:10:00.000Z", expiresAt: "2026-01-06T09:10:00.000Z", reasons: ["policy"], headSha: sha };
    const passed: Attempt = {
      n: 1,
      startedAt: "2026-01-05T09:00:00.000Z",
      finishedAt: "2026-01-05T09:10:00.000Z",
      outcome: "passed",
      durationMs: 600_000,
      costUsd: 0.42,
      gates: [{ name: "npm test", root: ".", ok: true, exitCode: 0, durationMs: 2_000 }],
    };
    const awaiting = sampleSession({ status: "awaiting_approval", headSha: sha, approval, attempts: [passed] });
    const reporter = new CheckRunReporter({ client: bot, repo: R });
    const { checkRunId } = await reporter.report(awaiting, sha);
    const [waiting] = box.standIn.checkRuns(box.repo);
    expect(waiting).toMatchObject({ id: checkRunId, name: "Foreman", status: "completed", conclusion: "action_required", external_id: "issue-7" });
    // Its buttons are there: a click on Approve becomes a check_run.requested_action delivery.
    box.standIn.clickCheckRunButton(box.repo, checkRunId, CHECK_RUN_ACTIONS.approve.identifier, "maintainer");
    expect(box.standIn.deliveries.at(-1)).toMatchObject({ event: "check_run", action: "requested_action" });
    const approved = {
      ...awaiting,
      status: "approved" as const,
      approval: { ...approval, approvedBy: "maintainer", approvedAt: "2026-01-05T09:20:00.000Z" },
    };
    const ended = { ...approved, status: "ended" as const, reason: "succeeded" as const, endedAt: "2026-01-05T09:21:00.000Z", pullRequest: 1 };
    await new CheckRunReporter({ client: bot, repo: R }).report(ended, sha);
    const runs = box.standIn.checkRuns(box.repo);
    expect(runs.at(-1)).toMatchObject({ head_sha: sha, status: "completed", conclusion: "success" });
  });

  it("command replay: a read-only /approve is refused with one signed reply, the maintainer's is accepted", async () => {
    const box = await startSandbox();
    const issue = box.standIn.openIssue(box.repo, "maintainer", { title: "Fix it" });
    const refused = box.standIn.comment(box.repo, issue, "reader", "/approve");
    const accepted = box.standIn.comment(box.repo, issue, "maintainer", "/approve");
    const deps = { client: box.client(box.tokens.bot), repo: R, issue, key, botAllowlist: [], minimumPermission: minimum };
    const result = await replayCommands(deps, 0);
    const createdAt = String(box.standIn.comments(box.repo, issue).find((c) => c["id"] === accepted)?.["created_at"]);
    expect(result.accepted).toEqual([{ commentId: accepted, author: "maintainer", command: { kind: "approve" }, createdAt }]);
    expect(result.refused).toEqual([expect.objectContaining({ commentId: refused, author: "reader", alreadyAnswered: false })]);
    expect(result.lastCommandId).toBe(accepted);
    const replies = box.standIn.comments(box.repo, issue).filter((c) => (c["user"] as { login: string }).login === BOT);
    expect(replies).toHaveLength(1);
    expect(String(replies[0]?.body)).toContain("@reader has read");
    // Replaying again answers nothing twice.
    const again = await replayCommands(deps, 0);
    expect(again.refused).toEqual([expect.objectContaining({ commentId: refused, alreadyAnswered: true })]);
    expect(box.standIn.comments(box.repo, issue).filter((c) => (c["user"] as { login: string }).login === BOT)).toHaveLength(1);
  });

  it("dispatch: dispatchRun returns the run id the runner got; cancelRunsFor cancels that issue's run in progress", async () => {
    const queued: QueuedRun[] = [];
    const cancelled: number[] = [];
    const box = await startSandbox({ runner: { queued: (run) => queued.push(run), cancel: (run) => cancelled.push(run.runId) } });
    const bot = box.client(box.tokens.bot);
    const { runId } = await dispatchRun(bot, R, { workflowFile: "foreman.yml", ref: "main", issue: 7, reason: "label" });
    expect(runId).toBe(queued[0]?.runId);
    expect(queued[0]?.displayTitle).toBe("foreman #7 label");
    await dispatchRun(bot, R, { workflowFile: "foreman.yml", ref: "main", issue: 8, reason: "approve", mode: "recover" });
    expect(queued[1]?.inputs).toEqual({ issue: "8", reason: "approve", mode: "recover" });
    for (const run of queued) box.standIn.startRun(box.repo, run.runId);
    expect(await cancelRunsFor(bot, R, "foreman.yml", 7)).toBe(1);
    expect(cancelled).toEqual([runId]);
  });
});
