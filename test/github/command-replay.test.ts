import nock from "nock";
import { describe, expect, it } from "vitest";
import type { Command } from "../../src/core/commands.js";
import { replayCommands } from "../../src/github/command-replay.js";
import { IssueComments } from "../../src/github/issue-comments.js";
import type { Permission } from "../../src/github/permissions.js";
import { replyMarker } from "../../src/github/reply-marker.js";
import { deriveSigningKey, signBody, verifyBody } from "../../src/github/signature.js";
import { comment, commentJson, OWNER, REPO } from "../support/github/fake-issue.js";
import { API, useGitHubMocks } from "../support/github/http.js";

const key = deriveSigningKey({ stateKey: "k".repeat(40) });
const ctx = { kind: "reply" as const, owner: OWNER, repo: REPO, issue: 1 };
const LIST = `/repos/${OWNER}/${REPO}/issues/1/comments`;
const perm = (login: string) => `/repos/${OWNER}/${REPO}/collaborators/${encodeURIComponent(login)}/permission`;
const minimum = (c: Command): Permission => (c.kind === "budget" ? "admin" : c.kind === "status" || c.kind === "help" ? "read" : "write");

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
      { commentId: 13, author: "ci-helper[bot]", command: { kind: "retry" } },
      { commentId: 14, author: "maint", command: { kind: "status" } },
      { commentId: 15, author: "maint", command: { kind: "cancel" } },
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
});
