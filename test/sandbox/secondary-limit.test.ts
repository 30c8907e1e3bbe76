import { RequestError } from "@octokit/request-error";
import { describe, expect, it } from "vitest";
import { SECONDARY_LIMIT_DOCS, SECONDARY_LIMIT_MESSAGE, SecondaryLimit, SecondaryLimitError, limitIdentity } from "../../src/sandbox/index.js";
import { caught } from "../support/caught.js";
import { BOT, NAME, OWNER, startSandbox, useSandboxes, type Sandbox } from "./kit.js";

const R = { owner: OWNER, repo: NAME };
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

/** What `run` throws; fails the test when it returns. */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("SecondaryLimit (the window alone)", () => {
  it("lets the limit's worth through in 60 s, refuses the next with retry-after until the oldest leaves, and counts refusals", () => {
    const limit = new SecondaryLimit({ contentPerMinute: 3 });
    limit.admit("a", T0);
    limit.admit("a", T0 + 10_000);
    limit.admit("a", T0 + 20_000);
    const refused = thrown(() => limit.admit("a", T0 + 30_000));
    expect(refused).toBeInstanceOf(SecondaryLimitError);
    expect(refused instanceof SecondaryLimitError && [refused.status, refused.retryAfterSeconds, refused.headers["retry-after"]]).toEqual([
      403,
      30,
      "30",
    ]);
    expect(limit.refused).toBe(1);
    // A refused request is not counted: at T0+60 s the first left, one slot is free.
    limit.admit("a", T0 + 60_000);
    const next = thrown(() => limit.admit("a", T0 + 60_500));
    expect(next instanceof SecondaryLimitError && next.retryAfterSeconds).toBe(10);
    expect(limit.refused).toBe(2);
  });

  it("counts each identity apart", () => {
    const limit = new SecondaryLimit({ contentPerMinute: 1 });
    limit.admit("a", T0);
    limit.admit("b", T0);
    expect(thrown(() => limit.admit("a", T0 + 59_999))).toBeInstanceOf(SecondaryLimitError);
    expect(thrown(() => limit.admit("a", T0 + 59_999)) instanceof SecondaryLimitError && limit.refused).toBe(2);
  });

  it("retry-after is whole seconds, at least 1, rounded up", () => {
    const limit = new SecondaryLimit({ contentPerMinute: 1 });
    limit.admit("a", T0);
    const almost = thrown(() => limit.admit("a", T0 + 59_999));
    expect(almost instanceof SecondaryLimitError && almost.retryAfterSeconds).toBe(1);
    const early = thrown(() => limit.admit("a", T0 + 1));
    expect(early instanceof SecondaryLimitError && early.retryAfterSeconds).toBe(60);
    expect(early instanceof SecondaryLimitError && early.body()).toEqual({
      message: SECONDARY_LIMIT_MESSAGE,
      documentation_url: SECONDARY_LIMIT_DOCS,
      status: "403",
    });
  });

  it("rejects a limit that is not a whole number of 1 or more, naming the value", () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      const error = thrown(() => new SecondaryLimit({ contentPerMinute: bad }));
      expect(error).toBeInstanceOf(RangeError);
      expect(error instanceof RangeError && error.message).toContain(String(bad));
    }
  });

  it("names the user or the installation the request counts against", () => {
    expect(limitIdentity({ kind: "user", login: "Maya" })).toBe("user:maya");
    expect(limitIdentity({ kind: "installation", login: "x[bot]", installationId: 7, appId: 1, repos: undefined })).toBe("installation:7");
    expect(limitIdentity({ kind: "app", appId: 9 })).toBe("app:9");
    expect(limitIdentity({ kind: "anonymous" })).toBe("anonymous");
  });
});

describe("the stand-in enforcing the secondary limit", () => {
  useSandboxes();

  const post = (box: Sandbox, token: string, body: string): Promise<Response> =>
    box.checked.fetch(`${box.standIn.url}/repos/${OWNER}/${NAME}/issues/1/comments`, {
      method: "POST",
      headers: { authorization: `token ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ body }),
    });

  it("answers GitHub's 403 with retry-after over the limit, performs nothing, counts per token identity; reads are not limited", async () => {
    let now = T0;
    const box = await startSandbox({ now: () => now, secondaryLimit: { contentPerMinute: 2 } });
    box.standIn.openIssue(box.repo, "maintainer", { title: "t" });
    expect((await post(box, box.tokens.bot, "one")).status).toBe(201);
    now += 20_000;
    expect((await post(box, box.tokens.bot, "two")).status).toBe(201);
    now += 10_000;
    const over = await post(box, box.tokens.bot, "three");
    expect([over.status, over.headers.get("retry-after"), over.headers.get("content-type")]).toEqual([403, "30", "application/json; charset=utf-8"]);
    expect(await over.json()).toEqual({ message: SECONDARY_LIMIT_MESSAGE, documentation_url: SECONDARY_LIMIT_DOCS, status: "403" });
    expect(box.standIn.comments(box.repo, 1).map((c) => c["body"])).toEqual(["one", "two"]);
    // Another token of the same installation shares the count; a user has their own.
    expect((await post(box, box.standIn.installationToken(box.installationId), "same installation")).status).toBe(403);
    expect((await post(box, box.tokens.maintainer, "a person")).status).toBe(201);
    const read = await box.checked.fetch(`${box.standIn.url}/repos/${OWNER}/${NAME}/issues/1/comments`, {
      headers: { authorization: `token ${box.tokens.bot}` },
    });
    expect(read.status).toBe(200);
    expect(box.standIn.secondaryLimit?.refused).toBe(2);
    // The window slides: at T0+60 s "one" left it, "two" (T0+20 s) is still in it.
    now = T0 + 60_000;
    expect((await post(box, box.tokens.bot, "four")).status).toBe(201);
    now = T0 + 61_000;
    const again = await post(box, box.tokens.bot, "five");
    expect([again.status, again.headers.get("retry-after")]).toEqual([403, "19"]);
    expect(box.standIn.calls.filter((c) => c.status === 403).map((c) => [c.caller, c.route])).toEqual([
      [BOT, "/repos/{owner}/{repo}/issues/{issue_number}/comments"],
      [BOT, "/repos/{owner}/{repo}/issues/{issue_number}/comments"],
      [BOT, "/repos/{owner}/{repo}/issues/{issue_number}/comments"],
    ]);
    expect(box.standIn.peakContentCreationsPerMinute(BOT)).toBe(2);
  });

  it("limits opening issues and pull requests too, and not at all when off", async () => {
    const box = await startSandbox({ now: () => T0, secondaryLimit: { contentPerMinute: 1 } });
    const bot = box.client(box.tokens.bot, { retries: 0 });
    await bot.request("POST /repos/{owner}/{repo}/issues", { ...R, title: "first" });
    const second = await caught(bot.request("POST /repos/{owner}/{repo}/issues", { ...R, title: "second" }));
    expect(second instanceof RequestError && [second.status, second.response?.headers["retry-after"]]).toEqual([403, "60"]);
    const pull = await caught(bot.request("POST /repos/{owner}/{repo}/pulls", { ...R, title: "p", head: "main", base: "main" }));
    expect(pull instanceof RequestError && pull.status).toBe(403);
    const off = await startSandbox({ now: () => T0 });
    const free = off.client(off.tokens.bot, { retries: 0 });
    for (let i = 0; i < 5; i++) await free.request("POST /repos/{owner}/{repo}/issues", { ...R, title: `t${i}` });
    expect(off.standIn.secondaryLimit).toBeUndefined();
  });

  it("Foreman's client waits out retry-after and retries: every comment written, never more than the limit in a minute", async () => {
    // The stand-in's clock moves a minute whenever the client says it waits out a limit.
    let now = T0;
    const box = await startSandbox({ now: () => now, secondaryLimit: { contentPerMinute: 3 } });
    const waits: string[] = [];
    const log = { debug() {}, info() {}, error() {}, warn: (m: string) => void (waits.push(m), (now += 60_000)) };
    box.standIn.openIssue(box.repo, "maintainer", { title: "t" });
    const bot = box.client(box.tokens.bot, { retries: 5, log });
    for (let i = 0; i < 7; i++)
      await bot.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...R, issue_number: 1, body: `c${i}` });
    expect(box.standIn.comments(box.repo, 1).map((c) => c["body"])).toEqual(["c0", "c1", "c2", "c3", "c4", "c5", "c6"]);
    expect(box.standIn.secondaryLimit?.refused).toBe(2);
    expect(waits).toHaveLength(2);
    expect(box.standIn.peakContentCreationsPerMinute(BOT)).toBe(3);
  });

  it("Foreman's client gives up after its bounded secondary-limit retries (10 by default, apart from `retries`), with GitHub's 403 and nothing written", async () => {
    const box = await startSandbox({ now: () => T0, secondaryLimit: { contentPerMinute: 1 } });
    box.standIn.openIssue(box.repo, "maintainer", { title: "t" });
    const bot = box.client(box.tokens.bot, { retries: 0 });
    await bot.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...R, issue_number: 1, body: "first" });
    const error = await caught(bot.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...R, issue_number: 1, body: "second" }));
    expect(error instanceof RequestError && [error.status, error.response?.headers["retry-after"]]).toEqual([403, "60"]);
    expect(box.standIn.secondaryLimit?.refused).toBe(11);
    expect(box.standIn.comments(box.repo, 1).map((c) => c["body"])).toEqual(["first"]);
    const fewer = box.client(box.tokens.bot, { secondaryRetries: 2 });
    expect(await caught(fewer.request("POST /repos/{owner}/{repo}/issues", { ...R, title: "x" }))).toBeInstanceOf(RequestError);
    expect(box.standIn.secondaryLimit?.refused).toBe(14);
  });
});
