import nock from "nock";
import { describe, expect, it } from "vitest";
import type { Command } from "../../src/core/commands.js";
import { formatButtonRecord } from "../../src/github/button-record.js";
import { replayCommands } from "../../src/github/command-replay.js";
import { IssueComments } from "../../src/github/issue-comments.js";
import type { Permission } from "../../src/github/permissions.js";
import { replyMarker } from "../../src/github/reply-marker.js";
import { deriveSigningKey, signBody, verifyBody } from "../../src/github/signature.js";
import { comment, commentJson, OWNER, REPO, type FakeComment } from "../support/github/fake-issue.js";
import { API, useGitHubMocks } from "../support/github/http.js";

const key = deriveSigningKey({ stateKey: "k".repeat(40) });
const ctx = { kind: "reply" as const, owner: OWNER, repo: REPO, issue: 1 };
const LIST = `/repos/${OWNER}/${REPO}/issues/1/comments`;
/** The session's Foreman PR and its conversation. */
const PR = 17;
const PR_LIST = `/repos/${OWNER}/${REPO}/issues/${PR}/comments`;
const prCtx = { kind: "reply" as const, owner: OWNER, repo: REPO, issue: PR };
const T0 = Date.parse("2026-03-02T09:00:00Z");
/** When `comment(id)` was written (fake-issue.ts: T0 + id seconds). */
const at = (id: number) => new Date(T0 + id * 1000).toISOString();
const APP = "foreman-app[bot]";
const perm = (login: string) => `/repos/${OWNER}/${REPO}/collaborators/${encodeURIComponent(login)}/permission`;
const minimum = (c: Command): Permission => (c.kind === "budget" ? "admin" : c.kind === "status" || c.kind === "help" ? "read" : "write");

function grants(login: string, permission: Permission): void {
  nock(API)
    .get(perm(login))
    .reply(200, { permission, role_name: permission, user: { login, type: login.endsWith("[bot]") ? "Bot" : "User" } });
}

/** A listing of `path` (one page), optionally with GitHub's `Date` header. */
function lists(path: string, comments: FakeComment[], thread: number, date?: number): void {
  nock(API)
    .get(path)
    .query({ per_page: "100" })
    .reply(
      200,
      comments.map((c) => commentJson(c, thread)),
      date === undefined ? {} : { date: new Date(date).toUTCString() },
    );
}

/**
 * The record an older App wrote on the issue for a command written on the Foreman PR: its exact
 * format then (button-record.ts no longer writes it), signed as a button record of the issue.
 */
function legacyPrRecord(p: { command: string; actor: string; pullRequest: number; commentId: number; reason?: string }): string {
  const json = JSON.stringify(p).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
  const block = `<!-- foreman:button ${json} -->`;
  const visible = `@${p.actor} wrote \`/${p.command}\` on #${p.pullRequest}; recorded here, where Foreman reads its commands.`;
  return signBody(key, { kind: "button", owner: OWNER, repo: REPO, issue: 1 }, `${visible}\n\n${block}`, block);
}

describe("replayCommands", () => {
  const gh = useGitHubMocks();
  const deps = (botAllowlist: string[] = []) => ({
    client: gh.client(),
    repo: { owner: OWNER, repo: REPO },
    issue: 1,
    key,
    botAllowlist,
    minimumPermission: minimum,
  });

  it("/approve by a read-only user is refused with one signed reply and consumed", async () => {
    nock(API)
      .get(LIST)
      .query({ per_page: "100" })
      .reply(200, [commentJson(comment(100, "/approve", "reader"))]);
    nock(API)
      .get(perm("reader"))
      .reply(200, { permission: "read", role_name: "read", user: { login: "reader", type: "User" } });
    nock(API)
      .post(
        LIST,
        (b: { body: string }) =>
          Object.keys(b).join() === "body" &&
          b.body.startsWith("`/approve` needs write permission on octo-org/widgets; @reader has read.") &&
          verifyBody(key, ctx, b.body, replyMarker(100)) === "valid",
      )
      .reply(201, commentJson(comment(101, "reply")));
    const r = await replayCommands(deps(), 0);
    expect(r).toEqual({
      accepted: [],
      refused: [
        {
          commentId: 100,
          author: "reader",
          command: { kind: "approve" },
          reason: "`/approve` needs write permission on octo-org/widgets; @reader has read.",
          alreadyAnswered: false,
        },
      ],
      lastCommandId: 100,
    });
  });

  it("a refusal the App already answered (signed marker) gets no second reply; a forged marker does not count", async () => {
    const answer = signBody(key, ctx, `no ${replyMarker(100)}`, replyMarker(100));
    nock(API)
      .get(LIST)
      .query({ per_page: "100" })
      .reply(200, [
        commentJson(comment(100, "/approve", "reader")),
        commentJson(comment(101, answer, "foreman-app[bot]")),
        commentJson(comment(102, "/retry", "outsider")),
        commentJson(comment(103, `answered ${replyMarker(102)}`, "outsider")),
      ]);
    nock(API)
      .get(perm("reader"))
      .reply(200, { permission: "read", role_name: "triage", user: { login: "reader", type: "User" } });
    nock(API).get(perm("outsider")).reply(404, { message: "Not Found" });
    nock(API)
      .post(LIST, (b: { body: string }) => b.body.includes("@outsider has none") && verifyBody(key, ctx, b.body, replyMarker(102)) === "valid")
      .reply(201, commentJson(comment(104, "reply")));
    const r = await replayCommands(deps(), 0);
    expect(r.refused.map((x) => [x.commentId, x.alreadyAnswered])).toEqual([
      [100, true],
      [102, false],
    ]);
    expect(r.lastCommandId).toBe(103);
  });

  it("ignores edited comments, quoted and fenced commands, and bots unless allowlisted; accepts in id order with one permission check per author", async () => {
    nock(API)
      .get(LIST)
      .query({ per_page: "100" })
      .reply(200, [
        commentJson(comment(5, "/cancel", "maint")), // at or below the watermark
        commentJson(comment(10, "/approve", "maint", { edited: true })),
        commentJson(comment(11, "> /approve\n```\n/approve\n```", "maint")),
        commentJson(comment(12, "/approve", "dependabot[bot]")),
        commentJson(comment(13, "/retry", "ci-helper[bot]")),
        commentJson(comment(14, "/budget 5\n/status", "maint")),
        commentJson(comment(15, "/cancel", "maint")),
      ]);
    nock(API)
      .get(perm("ci-helper[bot]"))
      .reply(200, { permission: "write", role_name: "write", user: { login: "ci-helper[bot]", type: "Bot" } });
    nock(API)
      .get(perm("maint"))
      .reply(200, { permission: "write", role_name: "maintain", user: { login: "maint", type: "User" } });
    nock(API)
      .post(
        LIST,
        (b: { body: string }) => b.body.startsWith("`/budget` needs admin permission") && verifyBody(key, ctx, b.body, replyMarker(14)) === "valid",
      )
      .reply(201, commentJson(comment(16, "reply")));
    const r = await replayCommands(deps(["CI-Helper[bot]"]), 5);
    expect(r.accepted).toEqual([
      { commentId: 13, author: "ci-helper[bot]", command: { kind: "retry" }, createdAt: at(13) },
      { commentId: 14, author: "maint", command: { kind: "status" }, createdAt: at(14) },
      { commentId: 15, author: "maint", command: { kind: "cancel" }, createdAt: at(15) },
    ]);
    expect(r.refused.map((x) => x.command)).toEqual([{ kind: "budget", usd: 5 }]);
    expect(r.lastCommandId).toBe(15);
  });

  it("exactly once across two replays: the watermark leaves nothing to apply or answer the second time", async () => {
    const comments = new IssueComments(gh.client(), { owner: OWNER, repo: REPO }, 1);
    nock(API)
      .get(LIST)
      .query({ per_page: "100" })
      .reply(200, [commentJson(comment(20, "/approve", "maint")), commentJson(comment(21, "/approve", "reader"))]);
    nock(API)
      .get(perm("maint"))
      .reply(200, { permission: "admin", role_name: "admin", user: { login: "maint", type: "User" } });
    nock(API)
      .get(perm("reader"))
      .reply(200, { permission: "read", role_name: "read", user: { login: "reader", type: "User" } });
    let reply = "";
    nock(API)
      .post(LIST, (b: { body: string }) => {
        reply = b.body;
        return verifyBody(key, ctx, b.body, replyMarker(21)) === "valid";
      })
      .reply(201, () => commentJson(comment(22, reply, "foreman-app[bot]")));
    const first = await replayCommands({ ...deps(), comments }, 0);
    expect(first.accepted.map((a) => a.commentId)).toEqual([20]);
    const again = await replayCommands({ ...deps(), comments }, first.lastCommandId);
    expect(again).toEqual({ accepted: [], refused: [], lastCommandId: 22 });
    // Replaying from the old watermark (a lost state write) still answers nothing twice.
    nock(API)
      .get(perm("maint"))
      .reply(200, { permission: "admin", role_name: "admin", user: { login: "maint", type: "User" } });
    nock(API)
      .get(perm("reader"))
      .reply(200, { permission: "read", role_name: "read", user: { login: "reader", type: "User" } });
    const replayed = await replayCommands({ ...deps(), comments }, 0);
    expect(replayed.refused.map((x) => x.alreadyAnswered)).toEqual([true]);
  });

  describe("on the session's Foreman PR", () => {
    const prDeps = () => ({ ...deps(["ci-helper[bot]"]), trustedAuthors: [APP] });

    it("the issue's and the PR's comments are read as one log: ascending ids, one watermark, the same rules, one listing each", async () => {
      lists(LIST, [comment(5, "/cancel", "maint"), comment(12, "/approve", "maint"), comment(30, "/retry", "maint")], 1);
      lists(
        PR_LIST,
        [
          comment(8, "/reject old", "maint"), // at or below the watermark
          comment(11, "/status", "reader"),
          comment(20, "/reject too broad", "maint"),
          comment(25, "/approve", "maint", { edited: true }),
          comment(26, "/approve", "dependabot[bot]"),
          comment(27, "/retry", "ci-helper[bot]"),
          // Button records are the App's on the issue only: a valid one on the PR is not a press.
          comment(28, formatButtonRecord(key, { owner: OWNER, repo: REPO }, 1, { command: "cancel", actor: "maint" }), APP),
          comment(31, "Looks good to me."),
        ],
        PR,
      );
      grants("reader", "read");
      grants("maint", "write");
      grants("ci-helper[bot]", "write");
      const r = await replayCommands(prDeps(), 10, PR);
      expect(r).toEqual({
        accepted: [
          { commentId: 11, author: "reader", command: { kind: "status" }, createdAt: at(11) },
          { commentId: 12, author: "maint", command: { kind: "approve" }, createdAt: at(12) },
          { commentId: 20, author: "maint", command: { kind: "reject", reason: "too broad" }, createdAt: at(20) },
          { commentId: 27, author: "ci-helper[bot]", command: { kind: "retry" }, createdAt: at(27) },
          { commentId: 30, author: "maint", command: { kind: "retry" }, createdAt: at(30) },
        ],
        refused: [],
        lastCommandId: 31,
      });
      expect(gh.calls.map((c) => new URL(c.url).pathname)).toEqual([LIST, PR_LIST, perm("reader"), perm("maint"), perm("ci-helper[bot]")]);
    });

    it("a refused PR command is answered once, on the PR: the App's signed reply there counts, a reply signed for another thread does not", async () => {
      const appAnswer = signBody(key, prCtx, `no ${replyMarker(40)}`, replyMarker(40));
      const wrongThread = signBody(key, ctx, `no ${replyMarker(42)}`, replyMarker(42));
      lists(LIST, [], 1);
      lists(
        PR_LIST,
        [comment(40, "/approve", "reader"), comment(41, appAnswer, APP), comment(42, "/retry", "outsider"), comment(43, wrongThread, APP)],
        PR,
      );
      grants("reader", "read");
      nock(API).get(perm("outsider")).reply(404, { message: "Not Found" });
      let posted = "";
      nock(API)
        .post(PR_LIST, (b: { body: string }) => {
          posted = b.body;
          return Object.keys(b).join() === "body" && b.body.startsWith("`/retry` needs write permission on octo-org/widgets; @outsider has none.");
        })
        .reply(201, () => commentJson(comment(44, posted, APP), PR));
      const r = await replayCommands(prDeps(), 0, PR);
      expect(r.refused.map((x) => [x.commentId, x.alreadyAnswered])).toEqual([
        [40, true],
        [42, false],
      ]);
      expect(r.lastCommandId).toBe(43);
      // Signed for the PR's thread, as the App signs its replies there.
      expect(verifyBody(key, prCtx, posted, replyMarker(42))).toBe("valid");
      expect(verifyBody(key, ctx, posted, replyMarker(42))).toBe("bad_signature");

      // A later run replaying from the old watermark (a lost state write) answers nothing again.
      lists(LIST, [], 1);
      lists(
        PR_LIST,
        [comment(40, "/approve", "reader"), comment(41, appAnswer, APP), comment(42, "/retry", "outsider"), comment(44, posted, APP)],
        PR,
      );
      grants("reader", "read");
      nock(API).get(perm("outsider")).reply(404, { message: "Not Found" });
      const again = await replayCommands(prDeps(), 0, PR);
      expect(again.refused.map((x) => [x.commentId, x.alreadyAnswered])).toEqual([
        [40, true],
        [42, true],
      ]);
    });

    it("only the PR the session names is read: without one nothing but the issue is listed", async () => {
      lists(LIST, [comment(50, "/approve", "maint")], 1);
      grants("maint", "write");
      const r = await replayCommands(prDeps(), 0);
      expect(r.accepted.map((a) => a.commentId)).toEqual([50]);
      expect(gh.calls.map((c) => new URL(c.url).pathname)).toEqual([LIST, perm("maint")]);
    });

    it("an older App's record of a PR command applies once: not again beside the PR comment it names, still when that comment is not read", async () => {
      lists(
        LIST,
        [
          // Records of PR comments 60 (read below), 55 (below the watermark) and 61 on PR 99 (not the session's).
          comment(62, legacyPrRecord({ command: "reject", actor: "maint", pullRequest: PR, commentId: 60, reason: "too broad" }), APP),
          comment(63, legacyPrRecord({ command: "retry", actor: "maint", pullRequest: PR, commentId: 55 }), APP),
          comment(64, legacyPrRecord({ command: "cancel", actor: "maint", pullRequest: 99, commentId: 61 }), APP),
        ],
        1,
      );
      lists(PR_LIST, [comment(55, "/retry", "maint"), comment(60, "/reject too broad", "maint")], PR);
      grants("maint", "write");
      const r = await replayCommands(prDeps(), 58, PR);
      expect(r.accepted).toEqual([
        { commentId: 60, author: "maint", command: { kind: "reject", reason: "too broad" }, createdAt: at(60) },
        { commentId: 63, author: "maint", command: { kind: "retry" }, createdAt: at(63) },
        { commentId: 64, author: "maint", command: { kind: "cancel" }, createdAt: at(64) },
      ]);
      expect(r.lastCommandId).toBe(64);

      // A session without a PR (an older Action's view): the record is the command.
      lists(LIST, [comment(62, legacyPrRecord({ command: "reject", actor: "maint", pullRequest: PR, commentId: 60, reason: "" }), APP)], 1);
      grants("maint", "write");
      const alone = await replayCommands(prDeps(), 58);
      expect(alone.accepted).toEqual([{ commentId: 62, author: "maint", command: { kind: "reject", reason: "" }, createdAt: at(62) }]);
    });

    it("comments written after the issue was listed wait for the next run, so a PR comment never carries the watermark past an unread issue comment", async () => {
      // GitHub served the issue's listing at T0+150 s; `comment(id)` is created at T0+id s.
      lists(LIST, [comment(100, "/approve", "maint")], 1, T0 + 150_500);
      lists(PR_LIST, [comment(120, "/status", "maint"), comment(160, "/retry", "maint")], PR);
      grants("maint", "write");
      const first = await replayCommands(prDeps(), 0, PR);
      expect(first.accepted.map((a) => a.commentId)).toEqual([100, 120]);
      expect(first.lastCommandId).toBe(120);

      // Comment 155 was written on the issue while the PR was being listed: the next run reads it, then 160.
      lists(LIST, [comment(100, "/approve", "maint"), comment(155, "/cancel", "maint")], 1, T0 + 200_000);
      lists(PR_LIST, [comment(120, "/status", "maint"), comment(160, "/retry", "maint")], PR);
      grants("maint", "write");
      const next = await replayCommands(prDeps(), first.lastCommandId, PR);
      expect(next.accepted.map((a) => a.commentId)).toEqual([155, 160]);
      expect(next.lastCommandId).toBe(160);
    });
  });
});
