import nock from "nock";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../src/core/errors.js";
import { DailyLedger, DailyLedgerUnavailableError, type IgnoredComment } from "../../src/github/daily-ledger.js";
import { deriveSigningKey, signBody, type SigningKey } from "../../src/github/signature.js";
import { API, useGitHubMocks } from "../support/github/http.js";

const BOT = "foreman-app[bot]";
const KEY = deriveSigningKey({ stateKey: "a-state-key-of-at-least-thirty-two-characters" });
const OTHER_KEY = deriveSigningKey({ stateKey: "another-key-nobody-trusts-0123456789abcdef" });
const REPO = { owner: "o", repo: "r" };
const LEDGER = 5;
const NOW = Date.parse("2026-05-01T10:00:00Z");
const TODAY = "2026-05-01";

type Payload =
  | { type: "reserve"; sessionKey: string; usd: number; day: string }
  | { type: "settle"; sessionKey: string; reservationId: number; usd: number; day: string }
  | { type: "withdraw"; sessionKey: string; reservationId: number; day: string };

/** A ledger comment body exactly as Foreman writes it: one visible line, the block, its signature. */
function ledgerBody(line: string, payload: Payload, key: SigningKey = KEY, issue = LEDGER): string {
  const block = `<!-- foreman:daily-ledger v1 ${JSON.stringify(payload)} -->`;
  return signBody(key, { kind: "daily-ledger", owner: "o", repo: "r", issue }, `${line}\n\n${block}`, block);
}

function user(login: string) {
  return { login, id: 1, node_id: "U_1", type: login.endsWith("[bot]") ? "Bot" : "User", site_admin: false };
}

function comment(id: number, body: string, createdAt: string, login = BOT) {
  return {
    id,
    node_id: `IC_${id}`,
    url: `${API}/repos/o/r/issues/comments/${id}`,
    html_url: `https://github.com/o/r/issues/${LEDGER}#issuecomment-${id}`,
    issue_url: `${API}/repos/o/r/issues/${LEDGER}`,
    body,
    user: user(login),
    created_at: createdAt,
    updated_at: createdAt,
    author_association: login === BOT ? "NONE" : "OWNER",
  };
}

function issue(number: number, login = BOT) {
  return {
    id: 9000 + number,
    node_id: `I_${number}`,
    number,
    title: "Foreman daily ledger",
    state: "open",
    user: user(login),
    labels: [{ id: 1, name: "foreman:ledger", color: "ededed" }],
    html_url: `https://github.com/o/r/issues/${number}`,
    created_at: "2026-04-01T00:00:00Z",
    updated_at: "2026-04-01T00:00:00Z",
  };
}

const reserveBody = (sessionKey: string, usd: number, issueNo = 12, day = TODAY) =>
  ledgerBody(`Foreman reserved ${usd.toFixed(2)} USD for \`#${issueNo}\` (${day}, UTC).`, { type: "reserve", sessionKey, usd, day });
const settleBody = (sessionKey: string, reservationId: number, usd: number, issueNo: number) =>
  ledgerBody(`Foreman settled ${usd.toFixed(2)} USD spent by \`#${issueNo}\` (reservation ${reservationId}).`, {
    type: "settle",
    sessionKey,
    reservationId,
    usd,
    day: TODAY,
  });
const withdrawBody = (sessionKey: string, reservationId: number, issueNo: number) =>
  ledgerBody(`Foreman withdrew reservation ${reservationId} of \`#${issueNo}\`: the daily cap is reached.`, {
    type: "withdraw",
    sessionKey,
    reservationId,
    day: TODAY,
  });

const listLedgerIssues = () => nock(API).get("/repos/o/r/issues").query({ labels: "foreman:ledger", state: "all" });
const postComment = (body: string, id: number, createdAt = "2026-05-01T10:00:01Z", issueNo = LEDGER) =>
  nock(API)
    .post(`/repos/o/r/issues/${issueNo}/comments`, { body })
    .reply(201, comment(id, body, createdAt));
/** The repository-wide listing `usedToday` reads first (comments updated today, one page). */
const listRepoDay = (comments: object[], headers: Record<string, string> = {}) =>
  nock(API).get("/repos/o/r/issues/comments").query({ since: "2026-05-01T00:00:00Z", per_page: "100" }).reply(200, comments, headers);
const listDay = (comments: object[], since = "2026-05-01T00:00:00Z", issueNo = LEDGER) =>
  nock(API).get(`/repos/o/r/issues/${issueNo}/comments`).query({ since, per_page: "100" }).reply(200, comments);

describe("DailyLedger", () => {
  const gh = useGitHubMocks();
  const ledger = (ignored: IgnoredComment[] = [], now = NOW) =>
    new DailyLedger({ client: gh.client(), repo: REPO, key: KEY, trustedAuthors: [BOT], now: () => now, onIgnored: (c) => ignored.push(c) });

  it("creates the ledger issue on first use, then reserves: one comment, read back, admitted", async () => {
    listLedgerIssues().reply(200, []);
    nock(API)
      .post("/repos/o/r/issues", {
        title: "Foreman daily ledger",
        body: "Foreman keeps the daily budget of this repository here: one comment per reservation, settlement or withdrawal, appended and never edited.\n\nPlease do not edit or delete these comments, and keep this issue unlocked. Comments by anyone else count for nothing.",
        labels: ["foreman:ledger"],
      })
      .reply(201, issue(LEDGER));
    listLedgerIssues().reply(200, [issue(LEDGER)]);
    const mine = reserveBody("issue-12", 2);
    postComment(mine, 1001);
    listDay([comment(1001, mine, "2026-05-01T10:00:01Z")]);
    const ignored: IgnoredComment[] = [];
    await expect(ledger(ignored).reserve({ sessionKey: "issue-12", usd: 2, capUsd: 10 })).resolves.toEqual({
      admitted: true,
      reservationId: 1001,
      usedBeforeUsd: 0,
    });
    expect(ignored).toEqual([]);
    expect(gh.countByEndpoint()).toEqual({
      "GET /repos/o/r/issues": 2,
      "POST /repos/o/r/issues": 1,
      "POST /repos/o/r/issues/{n}/comments": 1,
      "GET /repos/o/r/issues/{n}/comments": 1,
    });
  });

  it("converges when two runners created the ledger issue at once: the lowest number wins, the other is closed", async () => {
    listLedgerIssues().reply(200, []);
    nock(API)
      .post(
        "/repos/o/r/issues",
        (b: { title: string; labels: string[] }) => b.title === "Foreman daily ledger" && b.labels.join() === "foreman:ledger",
      )
      .reply(201, issue(6));
    listLedgerIssues().reply(200, [issue(6), issue(LEDGER)]);
    nock(API)
      .patch("/repos/o/r/issues/6", { state: "closed", state_reason: "not_planned" })
      .reply(200, { ...issue(6), state: "closed" });
    const mine = reserveBody("issue-12", 2);
    postComment(mine, 1001);
    listDay([comment(1001, mine, "2026-05-01T10:00:01Z")]);
    await expect(ledger().reserve({ sessionKey: "issue-12", usd: 2, capUsd: 10 })).resolves.toMatchObject({ admitted: true });
  });

  it("uses the lowest-numbered ledger issue opened by a trusted author, once per object; pull requests and others' issues do not count", async () => {
    listLedgerIssues().reply(200, [issue(7), issue(3, "mallory"), { ...issue(2), pull_request: { url: `${API}/repos/o/r/pulls/2` } }, issue(LEDGER)]);
    const l = ledger();
    const first = reserveBody("issue-12", 1);
    postComment(first, 1001);
    listDay([comment(1001, first, "2026-05-01T10:00:01Z")]);
    await l.reserve({ sessionKey: "issue-12", usd: 1, capUsd: 10 });
    const settled = settleBody("issue-12", 1001, 0.5, 12);
    postComment(settled, 1002);
    await l.settle({ sessionKey: "issue-12", reservationId: 1001, actualUsd: 0.5 });
    expect(gh.countByEndpoint()["GET /repos/o/r/issues"]).toBe(1);
  });

  it("two reservations racing against the cap: the earlier by comment id is admitted, the later refused and withdrawn", async () => {
    const a = reserveBody("issue-11", 3, 11);
    const b = reserveBody("issue-12", 3, 12);
    const both = [comment(1000, a, "2026-05-01T10:00:01Z"), comment(1001, b, "2026-05-01T10:00:01Z")];
    // Runner B appended second (id 1001) but reads first; runner A reads after both appends too.
    listLedgerIssues().reply(200, [issue(LEDGER)]);
    postComment(b, 1001);
    listDay(both);
    postComment(withdrawBody("issue-12", 1001, 12), 1002);
    await expect(ledger().reserve({ sessionKey: "issue-12", usd: 3, capUsd: 5 })).resolves.toEqual({
      admitted: false,
      reservationId: 1001,
      usedBeforeUsd: 3,
    });
    listLedgerIssues().reply(200, [issue(LEDGER)]);
    postComment(a, 1000);
    listDay(both);
    await expect(ledger().reserve({ sessionKey: "issue-11", usd: 3, capUsd: 5 })).resolves.toEqual({
      admitted: true,
      reservationId: 1000,
      usedBeforeUsd: 0,
    });
  });

  it("settle records the actual cost, and the unused part of the reservation returns to the day", async () => {
    const earlier = reserveBody("issue-11", 3, 11);
    const earlierSettled = settleBody("issue-11", 1000, 1, 11);
    listLedgerIssues().reply(200, [issue(LEDGER)]);
    const l = ledger();
    postComment(earlierSettled, 1002);
    await l.settle({ sessionKey: "issue-11", reservationId: 1000, actualUsd: 1 });
    const mine = reserveBody("issue-12", 4);
    postComment(mine, 1003);
    listDay([
      comment(1000, earlier, "2026-05-01T09:00:00Z"),
      comment(1002, earlierSettled, "2026-05-01T09:30:00Z"),
      comment(1003, mine, "2026-05-01T10:00:01Z"),
    ]);
    await expect(l.reserve({ sessionKey: "issue-12", usd: 4, capUsd: 5 })).resolves.toEqual({
      admitted: true,
      reservationId: 1003,
      usedBeforeUsd: 1,
    });
  });

  it("a forged ledger comment by a user and a bot comment with a bad signature count for nothing, and are reported", async () => {
    const forgedByUser = comment(990, reserveBody("issue-9", 100, 9), "2026-05-01T08:00:00Z", "mallory");
    const badSignature = comment(991, reserveBody("issue-9", 100, 9).replace('"usd":100', '"usd":0'), "2026-05-01T08:00:00Z");
    const otherKey = comment(
      992,
      ledgerBody("x", { type: "reserve", sessionKey: "issue-9", usd: 50, day: TODAY }, OTHER_KEY),
      "2026-05-01T08:00:00Z",
    );
    const unsigned = comment(
      993,
      `x\n\n<!-- foreman:daily-ledger v1 {"type":"reserve","sessionKey":"issue-9","usd":50,"day":"${TODAY}"} -->`,
      "2026-05-01T08:00:00Z",
    );
    const otherIssue = comment(
      994,
      ledgerBody("x", { type: "reserve", sessionKey: "issue-9", usd: 50, day: TODAY }, KEY, 77),
      "2026-05-01T08:00:00Z",
    );
    const chatter = comment(995, "Why is the budget so low today?", "2026-05-01T08:00:00Z", "mallory");
    const mine = reserveBody("issue-12", 2);
    listLedgerIssues().reply(200, [issue(LEDGER)]);
    postComment(mine, 1001);
    listDay([forgedByUser, badSignature, otherKey, unsigned, otherIssue, chatter, comment(1001, mine, "2026-05-01T10:00:01Z")]);
    const ignored: IgnoredComment[] = [];
    await expect(ledger(ignored).reserve({ sessionKey: "issue-12", usd: 2, capUsd: 5 })).resolves.toEqual({
      admitted: true,
      reservationId: 1001,
      usedBeforeUsd: 0,
    });
    expect(ignored).toEqual([
      { commentId: 990, author: "mallory", reason: "untrusted_author", kind: "daily-ledger" },
      { commentId: 991, author: BOT, reason: "bad_signature", kind: "daily-ledger" },
      { commentId: 992, author: BOT, reason: "bad_signature", kind: "daily-ledger" },
      { commentId: 993, author: BOT, reason: "unsigned", kind: "daily-ledger" },
      { commentId: 994, author: BOT, reason: "bad_signature", kind: "daily-ledger" },
    ]);
  });

  it("reports a signed block that does not decode, or two blocks in one comment", async () => {
    const block = `<!-- foreman:daily-ledger v1 {"type":"reserve","sessionKey":"issue-9","usd":-1,"day":"${TODAY}"} -->`;
    const negative = signBody(KEY, { kind: "daily-ledger", owner: "o", repo: "r", issue: LEDGER }, `x\n\n${block}`, block);
    const twice = `${reserveBody("issue-9", 1, 9)}\n${block}`;
    const mine = reserveBody("issue-12", 2);
    listLedgerIssues().reply(200, [issue(LEDGER)]);
    postComment(mine, 1001);
    listDay([
      comment(980, negative, "2026-05-01T08:00:00Z"),
      comment(981, twice, "2026-05-01T08:00:00Z"),
      comment(1001, mine, "2026-05-01T10:00:01Z"),
    ]);
    const ignored: IgnoredComment[] = [];
    await ledger(ignored).reserve({ sessionKey: "issue-12", usd: 2, capUsd: 5 });
    expect(ignored.map((c) => [c.commentId, c.reason])).toEqual([
      [980, "undecodable"],
      [981, "undecodable"],
    ]);
  });

  it("days are UTC and GitHub's: a reservation created just after midnight reads from that midnight and ignores yesterday's", async () => {
    const lateRunner = Date.parse("2026-05-01T23:59:59Z");
    const yesterday = reserveBody("issue-11", 4, 11);
    const mine = reserveBody("issue-12", 4);
    listLedgerIssues().reply(200, [issue(LEDGER)]);
    postComment(mine, 1001, "2026-05-02T00:00:01Z");
    // Listed because it was updated today, but created yesterday: it counts for yesterday only.
    listDay(
      [{ ...comment(1000, yesterday, "2026-05-01T23:59:58Z"), updated_at: "2026-05-02T00:00:00Z" }, comment(1001, mine, "2026-05-02T00:00:01Z")],
      "2026-05-02T00:00:00Z",
    );
    await expect(ledger([], lateRunner).reserve({ sessionKey: "issue-12", usd: 4, capUsd: 5 })).resolves.toEqual({
      admitted: true,
      reservationId: 1001,
      usedBeforeUsd: 0,
    });
  });

  it("judges its own reservation when the listing does not show it yet", async () => {
    listLedgerIssues().reply(200, [issue(LEDGER)]);
    postComment(reserveBody("issue-12", 6), 1001);
    listDay([]);
    postComment(withdrawBody("issue-12", 1001, 12), 1002);
    await expect(ledger().reserve({ sessionKey: "issue-12", usd: 6, capUsd: 5 })).resolves.toEqual({
      admitted: false,
      reservationId: 1001,
      usedBeforeUsd: 0,
    });
  });

  it("usedToday: 0 without a ledger issue (nothing created); otherwise today's reservations as they count now", async () => {
    listRepoDay([]);
    await expect(ledger().usedToday()).resolves.toBe(0);
    expect(gh.calls.map((c) => c.method)).toEqual(["GET"]);
  });

  it("usedToday sums today's open and settled reservations, not withdrawn ones, in one call", async () => {
    const ignored: IgnoredComment[] = [];
    listRepoDay([
      comment(999, "an ordinary comment on another issue", "2026-05-01T07:00:00Z", "someone"),
      comment(1000, reserveBody("issue-11", 3, 11), "2026-05-01T08:00:00Z"),
      comment(1001, reserveBody("issue-12", 2), "2026-05-01T08:00:01Z"),
      comment(1002, settleBody("issue-11", 1000, 0.75, 11), "2026-05-01T09:00:00Z"),
      comment(1003, reserveBody("issue-13", 4, 13), "2026-05-01T09:00:01Z"),
      comment(1004, withdrawBody("issue-13", 1003, 13), "2026-05-01T09:00:02Z"),
      comment(1005, reserveBody("issue-14", 50), "2026-05-01T09:00:03Z", "mallory"),
    ]);
    await expect(ledger(ignored).usedToday()).resolves.toBe(2.75);
    expect(gh.calls).toHaveLength(1);
    expect(ignored).toEqual([{ commentId: 1005, author: "mallory", reason: "untrusted_author", kind: "daily-ledger" }]);
  });

  it("usedToday takes the exact path (ledger issue, then its comments) when the repository's day spans pages", async () => {
    listRepoDay([comment(1000, reserveBody("issue-11", 1, 11), "2026-05-01T08:00:00Z")], {
      link: `<${API}/repositories/1/issues/comments?since=2026-05-01T00%3A00%3A00Z&per_page=100&page=2>; rel="next"`,
    });
    listLedgerIssues().reply(200, [issue(LEDGER)]);
    listDay([
      comment(1000, reserveBody("issue-11", 3, 11), "2026-05-01T08:00:00Z"),
      comment(1001, reserveBody("issue-12", 2), "2026-05-01T08:00:01Z"),
      comment(1002, settleBody("issue-11", 1000, 0.75, 11), "2026-05-01T09:00:00Z"),
      comment(1003, reserveBody("issue-13", 4, 13), "2026-05-01T09:00:01Z"),
      comment(1004, withdrawBody("issue-13", 1003, 13), "2026-05-01T09:00:02Z"),
    ]);
    await expect(ledger().usedToday()).resolves.toBe(2.75);
  });

  it("names the permission to grant when the token may not create the ledger issue or comment on it", async () => {
    listLedgerIssues().reply(200, []);
    nock(API).post("/repos/o/r/issues").reply(403, { message: "Resource not accessible by integration" });
    const error = await ledger()
      .reserve({ sessionKey: "issue-12", usd: 1, capUsd: 5 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DailyLedgerUnavailableError);
    expect(error).toMatchObject({ status: 403, kind: "usage" });
    expect(String((error as Error).message)).toContain("issues: write");

    listLedgerIssues().reply(200, [issue(LEDGER)]);
    nock(API).post(`/repos/o/r/issues/${LEDGER}/comments`).reply(403, { message: "Resource not accessible by integration" });
    await expect(ledger().settle({ sessionKey: "issue-12", reservationId: 1001, actualUsd: 1 })).rejects.toBeInstanceOf(DailyLedgerUnavailableError);
  });

  it("refuses an amount that is not a finite number of 0 or more before calling GitHub", async () => {
    for (const bad of [Number.NaN, -1, Number.POSITIVE_INFINITY]) {
      await expect(ledger().reserve({ sessionKey: "issue-12", usd: bad, capUsd: 5 })).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(ledger().settle({ sessionKey: "issue-12", reservationId: 1001, actualUsd: bad })).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    expect(gh.calls).toEqual([]);
  });

  it("fails clearly when the created issue lost its label (the token may not set labels)", async () => {
    listLedgerIssues().reply(200, []);
    nock(API)
      .post("/repos/o/r/issues")
      .reply(201, { ...issue(8), labels: [] });
    listLedgerIssues().reply(200, []);
    await expect(ledger().reserve({ sessionKey: "issue-12", usd: 1, capUsd: 5 })).rejects.toBeInstanceOf(DailyLedgerUnavailableError);
  });
});
