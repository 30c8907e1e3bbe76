import nock from "nock";
import { describe, expect, it } from "vitest";
import type { LedgerEntry } from "../../src/core/ledger-entry.js";
import { CommentLedger, TamperedLedgerError } from "../../src/github/comment-ledger.js";
import type { IgnoredComment } from "../../src/github/comment-state-store.js";
import { deriveSigningKey, verifyBody } from "../../src/github/signature.js";
import { caught } from "../support/caught.js";
import { noise, seeded } from "../support/seeded-noise.js";
import { BOT, comment, commentJson, fakeIssue, OWNER, REPO } from "../support/github/fake-issue.js";
import { API, useGitHubMocks } from "../support/github/http.js";
import { describeLedgerContract, sampleEntries } from "../support/ledger-contract.js";

const key = deriveSigningKey({ stateKey: "k".repeat(40) });
const ctx = { kind: "ledger" as const, owner: OWNER, repo: REPO, issue: 1 };
const LIST = `/repos/${OWNER}/${REPO}/issues/1/comments`;
const AT = "2026-03-02T09:00:00.000Z";
const blockOf = (body: string) => /<!-- foreman:ledger v1 [A-Za-z0-9+/=]* -->/.exec(body)![0];

describe("CommentLedger over a fake issue thread", () => {
  const gh = useGitHubMocks();
  describeLedgerContract("CommentLedger", () => {
    fakeIssue(1);
    return Promise.resolve(new CommentLedger({ client: gh.client(), repo: { owner: OWNER, repo: REPO }, issue: 1, key, trustedAuthors: [BOT] }));
  });

  it("entries survive the run: a new ledger (a fresh runner) reads them back from GitHub", async () => {
    const thread = fakeIssue(1);
    const deps = { client: gh.client(), repo: { owner: OWNER, repo: REPO }, issue: 1, key, trustedAuthors: [BOT] };
    const first = new CommentLedger(deps);
    const entries = sampleEntries("issue-1");
    for (const e of entries) await first.append(e);
    await first.flush();
    // One comment for the whole ledger, its block signed.
    expect(thread.comments).toHaveLength(1);
    expect(verifyBody(key, ctx, thread.comments[0]!.body, blockOf(thread.comments[0]!.body))).toBe("valid");
    expect(await new CommentLedger(deps).read("issue-1")).toEqual(entries);
  });
});

describe("CommentLedger", () => {
  const gh = useGitHubMocks();
  const ledger = (onIgnored?: (c: IgnoredComment) => void) =>
    new CommentLedger({
      client: gh.client(),
      repo: { owner: OWNER, repo: REPO },
      issue: 1,
      key,
      trustedAuthors: [BOT],
      ...(onIgnored ? { onIgnored } : {}),
    });
  const started: LedgerEntry = { type: "attempt_started", sessionId: "issue-1", n: 1, at: AT };
  const proc: LedgerEntry = { type: "process_started", sessionId: "issue-1", n: 1, handle: "pid 1 on runner since 1" };
  const diffed: LedgerEntry = { type: "attempt_diffed", sessionId: "issue-1", n: 1, hash: "a".repeat(40), costUsd: 0.1, costAssumed: false };

  it("posts the first entry, edits the same comment for the next, and holds process_started until then", async () => {
    const bodies: string[] = [];
    nock(API).get(LIST).query({ per_page: "100" }).reply(200, []);
    nock(API)
      .post(LIST, (b: { body: string }) => {
        bodies.push(b.body);
        return (
          Object.keys(b).join() === "body" &&
          b.body.startsWith("**Foreman attempt ledger**") &&
          verifyBody(key, ctx, b.body, blockOf(b.body)) === "valid"
        );
      })
      .reply(201, () => commentJson(comment(90, bodies[0]!)));
    nock(API)
      .patch(`/repos/${OWNER}/${REPO}/issues/comments/90`, (b: { body: string }) => {
        bodies.push(b.body);
        return verifyBody(key, ctx, b.body, blockOf(b.body)) === "valid";
      })
      .reply(200, () => commentJson(comment(90, bodies[1]!)));
    const l = ledger();
    await l.append(started);
    await l.append(proc);
    expect(bodies).toHaveLength(1);
    expect(await l.read("issue-1")).toEqual([started, proc]);
    await l.append(diffed);
    expect(bodies).toHaveLength(2);
    expect(gh.countByEndpoint()).toEqual({
      "GET /repos/octo-org/widgets/issues/{n}/comments": 1,
      "POST /repos/octo-org/widgets/issues/{n}/comments": 1,
      "PATCH /repos/octo-org/widgets/issues/comments/{n}": 1,
    });
  });

  it("a forged ledger comment by a user counts for nothing (reported); an edited one by the bot is refused", async () => {
    const thread = fakeIssue(1);
    const writer = ledger();
    await writer.append(started);
    const genuine = thread.comments[0]!;
    // Mallory copies the genuine body (signature included) and adds an entry of her own.
    const ignored: IgnoredComment[] = [];
    thread.comments.unshift(comment(10, genuine.body, "mallory"));
    expect(await ledger((c) => ignored.push(c)).read("issue-1")).toEqual([started]);
    expect(ignored).toEqual([{ commentId: 10, author: "mallory", reason: "untrusted_author", kind: "ledger" }]);

    genuine.body = genuine.body.replace(blockOf(genuine.body), blockOf(genuine.body).replace(/.{8} -->$/, "AAAAAAA= -->"));
    const error = await caught(ledger().read("issue-1"));
    expect(error).toBeInstanceOf(TamperedLedgerError);
    expect(error).toMatchObject({ commentId: genuine.id, reason: "bad_signature", kind: "corrupt" });
  });

  it("starts a new ledger comment when the block would pass the size limit, and reads both in order", async () => {
    const thread = fakeIssue(1);
    const l = ledger();
    const entries: LedgerEntry[] = [];
    // Incompressible summaries fill a comment after some dozens of attempts.
    const random = seeded(7);
    for (let n = 1; thread.comments.length < 2; n++) {
      const e: LedgerEntry = {
        type: "attempt_finished",
        sessionId: "issue-1",
        attempt: { n, startedAt: AT, finishedAt: AT, outcome: "gates_failed", summary: noise(random, 1500) },
      };
      entries.push(e);
      await l.append(e);
    }
    expect(thread.comments.every((c) => c.body.length <= 65_536)).toBe(true);
    expect(await ledger().read("issue-1")).toEqual(entries);
  });

  it("refuses an invalid entry without calling GitHub", async () => {
    const bad = { type: "attempt_started", sessionId: "issue-1", n: 0, at: AT } as const;
    expect(await caught(ledger().append(bad))).toMatchObject({ kind: "internal", argument: "entry" });
  });
});
