import nock from "nock";
import { describe, expect, it } from "vitest";
import { decodeStateComment, encodeStateComment } from "../../src/core/state-codec.js";
import { newSession, type SessionState } from "../../src/core/state.js";
import { CommentStateStore, TamperedStateError, type IgnoredComment } from "../../src/github/comment-state-store.js";
import { IssueComments } from "../../src/github/issue-comments.js";
import { deriveSigningKey, signBody, verifyBody } from "../../src/github/signature.js";
import { StaleStateError } from "../../src/loop/errors.js";
import { caught } from "../support/caught.js";
import { BOT, comment, commentJson, fakeIssue, OWNER, REPO } from "../support/github/fake-issue.js";
import { API, useGitHubMocks } from "../support/github/http.js";
import { describeStateStoreContract } from "../support/state-store-contract.js";

const key = deriveSigningKey({ stateKey: "k".repeat(40) });
const ctx = { kind: "state" as const, owner: OWNER, repo: REPO, issue: 1 };
const LIST = `/repos/${OWNER}/${REPO}/issues/1/comments`;
const T0 = "2026-03-02T09:00:00.000Z";

function session(version: number, extra: Partial<SessionState> = {}): SessionState {
  return {
    ...newSession({ sessionId: "issue-1", issue: 1, now: T0, title: "Fix it", budget: { attempts: 3, minutes: 30, usd: 2 } }),
    version,
    ...extra,
  };
}

/** A body exactly as Foreman writes it for `state`. */
function signed(state: SessionState): string {
  const body = encodeStateComment(state, { maxChars: 64_536 });
  const block = /<!-- foreman:state v1 [A-Za-z0-9+/=]* -->/.exec(body)![0];
  return signBody(key, ctx, body, block);
}

function blockOf(body: string): string {
  return /<!-- foreman:state v1 [A-Za-z0-9+/=]* -->/.exec(body)![0];
}

describe("CommentStateStore over a fake issue thread", () => {
  const gh = useGitHubMocks();
  describeStateStoreContract("CommentStateStore", () => {
    fakeIssue(1);
    return Promise.resolve(new CommentStateStore({ client: gh.client(), repo: { owner: OWNER, repo: REPO }, issue: 1, key, trustedAuthors: [BOT] }));
  });
});

describe("CommentStateStore", () => {
  const gh = useGitHubMocks();
  const store = (onIgnored?: (c: IgnoredComment) => void, comments?: IssueComments) =>
    new CommentStateStore({
      client: gh.client(),
      repo: { owner: OWNER, repo: REPO },
      issue: 1,
      key,
      trustedAuthors: [BOT],
      ...(onIgnored ? { onIgnored } : {}),
      ...(comments ? { comments } : {}),
    });

  it("a new session's pending snapshot is held; flush creates one signed comment whose block decodes to the state", async () => {
    const v1 = session(1);
    let posted = "";
    nock(API).get(LIST).query({ per_page: "100" }).reply(200, []);
    nock(API)
      .post(LIST, (b: { body: string }) => {
        posted = b.body;
        return (
          Object.keys(b).join() === "body" && decodeStateComment(b.body).version === 1 && verifyBody(key, ctx, b.body, blockOf(b.body)) === "valid"
        );
      })
      .reply(201, () => commentJson(comment(77, posted)));
    const s = store();
    expect(await s.load("issue-1")).toBeNull();
    await s.save(v1, 0);
    expect(s.hasHeldChanges()).toBe(true);
    expect(posted).toBe("");
    expect(await s.load("issue-1")).toEqual(v1);
    await s.flush();
    expect(posted).toBe(signed(v1));
    expect(posted).toContain("Foreman · ⏳ Pending");
    expect(s.hasHeldChanges()).toBe(false);
    expect(await s.load("issue-1")).toEqual(v1);
    expect(s.sessionUrl()).toBe(`https://github.com/${OWNER}/${REPO}/issues/1#issuecomment-77`);
    expect(gh.countByEndpoint()).toEqual({
      "GET /repos/octo-org/widgets/issues/{n}/comments": 1,
      "POST /repos/octo-org/widgets/issues/{n}/comments": 1,
    });
  });

  it("a held pending creation is written with the next save: one POST of the running snapshot", async () => {
    const v1 = session(1);
    const v2 = { ...v1, version: 2, status: "running" as const };
    nock(API).get(LIST).query({ per_page: "100" }).reply(200, []);
    nock(API)
      .post(LIST, (b: { body: string }) => b.body === signed(v2))
      .reply(201, () => commentJson(comment(78, signed(v2))));
    const s = store();
    await s.load("issue-1");
    await s.save(v1, 0);
    await s.save(v2, 1);
    expect(s.hasHeldChanges()).toBe(false);
    expect(gh.countByEndpoint()).toEqual({
      "GET /repos/octo-org/widgets/issues/{n}/comments": 1,
      "POST /repos/octo-org/widgets/issues/{n}/comments": 1,
    });
  });

  it("ignores a forged state comment by a user (reported) (signed or not)", async () => {
    const forgedBody = encodeStateComment(session(9, { status: "approved" }));
    const forgedByUser = signed(session(9, { status: "approved" }));
    nock(API)
      .get(LIST)
      .query({ per_page: "100" })
      .reply(200, [commentJson(comment(10, forgedByUser, "mallory")), commentJson(comment(11, forgedBody, "eve"))]);
    const ignored: IgnoredComment[] = [];
    expect(await store((c) => ignored.push(c)).load("issue-1")).toBeNull();
    expect(ignored).toEqual([
      { commentId: 10, author: "mallory", reason: "untrusted_author", kind: "state" },
      { commentId: 11, author: "eve", reason: "untrusted_author", kind: "state" },
    ]);
  });

  it("an admin-edited bot comment is flagged once, fails with TamperedStateError, and a later run fails again without editing", async () => {
    const original = signed(session(3, { status: "awaiting_approval", approval: undefined }));
    const edited = original.replace(blockOf(original), blockOf(signed(session(3, { status: "approved" }))));
    let flaggedBody = "";
    nock(API)
      .get(LIST)
      .query({ per_page: "100" })
      .reply(200, [commentJson(comment(20, edited))]);
    nock(API)
      .patch(`/repos/${OWNER}/${REPO}/issues/comments/20`, (b: { body: string }) => {
        flaggedBody = b.body;
        return b.body.endsWith(edited) && b.body.includes("<!-- foreman:flagged bad_signature -->") && b.body.includes("edit history");
      })
      .reply(200, () => commentJson(comment(20, flaggedBody)));
    const ignored: IgnoredComment[] = [];
    const first = await caught(store((c) => ignored.push(c)).load("issue-1"));
    expect(first).toBeInstanceOf(TamperedStateError);
    expect(first).toMatchObject({ commentId: 20, reason: "bad_signature", flaggedNow: true, kind: "corrupt" });
    expect(ignored).toEqual([{ commentId: 20, author: BOT, reason: "bad_signature", kind: "state" }]);

    // The next run lists the flagged comment: same error, no PATCH (nock would refuse it).
    nock(API)
      .get(LIST)
      .query({ per_page: "100" })
      .reply(200, [commentJson(comment(20, flaggedBody))]);
    const second = await caught(store().load("issue-1"));
    expect(second).toBeInstanceOf(TamperedStateError);
    expect(second).toMatchObject({ commentId: 20, reason: "bad_signature", flaggedNow: false });
  });

  it("a cut block is undecodable: flagged as such", async () => {
    const cut = signed(session(1)).replace(/ -->\n<!-- foreman:sig/, "\n<!-- foreman:sig");
    nock(API)
      .get(LIST)
      .query({ per_page: "100" })
      .reply(200, [commentJson(comment(21, cut))]);
    nock(API)
      .patch(`/repos/${OWNER}/${REPO}/issues/comments/21`, (b: { body: string }) => b.body.includes("<!-- foreman:flagged undecodable -->"))
      .reply(200, commentJson(comment(21, "flagged")));
    expect(await caught(store().load("issue-1"))).toMatchObject({ reason: "undecodable", flaggedNow: true });
  });

  it("compare-and-write: a save against another version than the one read is stale, and nothing is written", async () => {
    const v1 = session(1);
    nock(API)
      .get(LIST)
      .query({ per_page: "100" })
      .reply(200, [commentJson(comment(30, signed(v1)))]);
    const s = store();
    const loaded = await s.load("issue-1");
    const error = await caught(s.save({ ...loaded!, version: 3, status: "running" }, 2));
    expect(error).toBeInstanceOf(StaleStateError);
    expect(error).toMatchObject({ sessionId: "issue-1", expectedVersion: 2, actualVersion: 1 });
  });

  it("holds saves that change only what the ledger rebuilds, and ended snapshots; writes them with the next visible change or flush", async () => {
    const comments = new IssueComments(gh.client(), { owner: OWNER, repo: REPO }, 1);
    const v1 = session(1);
    const v2 = { ...v1, version: 2, status: "running" as const, updatedAt: "2026-03-02T09:01:00.000Z" };
    const v3 = { ...v2, version: 3, attempts: [{ n: 1, startedAt: T0 }], spent: { ...v2.spent, attempts: 1 } };
    const v4 = { ...v3, version: 4, note: "Paused by the maintainer." };
    const v5 = { ...v4, version: 5, status: "ended" as const, reason: "cancelled" as const, endedAt: T0 };
    const v6 = { ...v5, version: 6, reportedAt: T0 };
    const bodies: string[] = [];
    nock(API)
      .get(LIST)
      .query({ per_page: "100" })
      .reply(200, [commentJson(comment(40, signed(v1)))]);
    nock(API)
      .patch(`/repos/${OWNER}/${REPO}/issues/comments/40`, (b: { body: string }) => b.body === signed(v2))
      .reply(200, commentJson(comment(40, signed(v2))));
    nock(API)
      .patch(`/repos/${OWNER}/${REPO}/issues/comments/40`, (b: { body: string }) => {
        bodies.push(b.body);
        return b.body === signed(v4);
      })
      .reply(200, commentJson(comment(40, signed(v4))));
    nock(API)
      .patch(`/repos/${OWNER}/${REPO}/issues/comments/40`, (b: { body: string }) => {
        bodies.push(b.body);
        return b.body === signed(v6);
      })
      .reply(200, commentJson(comment(40, signed(v6))));
    const s = store(undefined, comments);
    await s.load("issue-1");
    await s.save(v2, 1);
    await s.save(v3, 2);
    expect(s.hasHeldChanges()).toBe(true);
    expect(await s.load("issue-1")).toEqual(v3);
    await s.save(v4, 3);
    expect(s.hasHeldChanges()).toBe(false);
    expect(bodies).toHaveLength(1);
    // The shared listing sees this run's own writes without listing again.
    expect((await comments.list()).map((c) => c.body)).toEqual([signed(v4)]);
    // Ended, then its report mark: both held, one write on flush.
    await s.save(v5, 4);
    await s.save(v6, 5);
    expect(s.hasHeldChanges()).toBe(true);
    expect(bodies).toHaveLength(1);
    await s.flush();
    expect(bodies).toHaveLength(2);
    expect(s.hasHeldChanges()).toBe(false);
    expect(gh.countByEndpoint()).toEqual({
      "GET /repos/octo-org/widgets/issues/{n}/comments": 1,
      "PATCH /repos/octo-org/widgets/issues/comments/{n}": 3,
    });
  });

  it("flush writes a held snapshot", async () => {
    const v1 = session(1);
    const v2 = { ...v1, version: 2, attempts: [{ n: 1, startedAt: T0 }] };
    nock(API)
      .get(LIST)
      .query({ per_page: "100" })
      .reply(200, [commentJson(comment(50, signed(v1)))]);
    nock(API)
      .patch(`/repos/${OWNER}/${REPO}/issues/comments/50`, (b: { body: string }) => b.body === signed(v2))
      .reply(200, commentJson(comment(50, signed(v2))));
    const s = store();
    await s.load("issue-1");
    await s.save(v2, 1);
    await s.flush();
    await s.flush();
    expect(s.hasHeldChanges()).toBe(false);
  });

  it("a read-back that differs from what was sent is a stale write", async () => {
    const v1 = session(1);
    const v2 = { ...v1, version: 2, status: "running" as const };
    nock(API)
      .get(LIST)
      .query({ per_page: "100" })
      .reply(200, [commentJson(comment(60, signed(v1)))]);
    nock(API)
      .patch(`/repos/${OWNER}/${REPO}/issues/comments/60`, (b: { body: string }) => b.body === signed(v2))
      .reply(200, commentJson(comment(60, signed(session(7)))));
    const s = store();
    await s.load("issue-1");
    expect(await caught(s.save(v2, 1))).toMatchObject({ expectedVersion: 1, actualVersion: 7 });
  });
});
