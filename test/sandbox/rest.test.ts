import { RequestError } from "@octokit/request-error";
import { describe, expect, it } from "vitest";
import { loopbackFetch } from "../../src/sandbox/index.js";
import { caught } from "../support/caught.js";
import { BOT, NAME, OWNER, startSandbox, useSandboxes } from "./kit.js";

const R = { owner: OWNER, repo: NAME };

async function status(p: Promise<unknown>): Promise<number> {
  const error = await caught(p);
  if (!(error instanceof RequestError)) throw new Error(`expected a RequestError, got ${String(error)}`);
  return error.status;
}

async function requestError(p: Promise<unknown>): Promise<RequestError> {
  const error = await caught(p);
  if (!(error instanceof RequestError)) throw new Error(`expected a RequestError, got ${String(error)}`);
  return error;
}

describe("the stand-in's REST subset, checked against GitHub's description both ways", () => {
  useSandboxes();

  it("issues: create, get, list by label and since, update and close", async () => {
    const box = await startSandbox();
    const gh = box.client(box.tokens.maintainer);
    const created = await gh.request("POST /repos/{owner}/{repo}/issues", { ...R, title: "Ledger", body: "b", labels: ["foreman:ledger"] });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      number: 1,
      title: "Ledger",
      state: "open",
      user: { login: "maintainer" },
      labels: [{ name: "foreman:ledger" }],
    });
    await gh.request("POST /repos/{owner}/{repo}/issues", { ...R, title: "Other" });
    const got = await gh.request("GET /repos/{owner}/{repo}/issues/{issue_number}", { ...R, issue_number: 1 });
    expect(got.data.title).toBe("Ledger");
    const labelled = await gh.paginate("GET /repos/{owner}/{repo}/issues", { ...R, labels: "foreman:ledger", state: "all", per_page: 100 });
    expect(labelled.map((i) => i.number)).toEqual([1]);
    const future = await gh.request("GET /repos/{owner}/{repo}/issues", { ...R, since: "2999-01-01T00:00:00Z" });
    expect(future.data).toEqual([]);
    const closed = await gh.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
      ...R,
      issue_number: 2,
      state: "closed",
      state_reason: "not_planned",
    });
    expect(closed.data).toMatchObject({ state: "closed", state_reason: "not_planned" });
    expect(closed.data.closed_at).not.toBeNull();
    const open = await gh.request("GET /repos/{owner}/{repo}/issues", { ...R });
    expect(open.data.map((i) => i.number)).toEqual([1]);
    expect(await status(gh.request("GET /repos/{owner}/{repo}/issues/{issue_number}", { ...R, issue_number: 99 }))).toBe(404);
  });

  it("issues: a missing title, a body over 65,536 characters and a read-only close are refused as GitHub does", async () => {
    const box = await startSandbox();
    const reader = box.client(box.tokens.reader);
    const noTitle = await requestError(reader.request("POST /repos/{owner}/{repo}/issues", { ...R, title: "" }));
    expect(noTitle.status).toBe(422);
    expect(noTitle.response?.data).toMatchObject({
      message: "Validation Failed",
      errors: [{ resource: "Issue", field: "title", code: "missing_field" }],
    });
    expect(await status(reader.request("POST /repos/{owner}/{repo}/issues", { ...R, title: "t", body: "x".repeat(65_537) }))).toBe(422);
    const mine = await reader.request("POST /repos/{owner}/{repo}/issues", { ...R, title: "t", body: "x".repeat(65_536) });
    expect(mine.status).toBe(201);
    const other = await box.client(box.tokens.maintainer).request("POST /repos/{owner}/{repo}/issues", { ...R, title: "theirs" });
    expect(
      await status(reader.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...R, issue_number: other.data.number, state: "closed" })),
    ).toBe(403);
    expect(
      (await reader.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...R, issue_number: mine.data.number, state: "closed" })).status,
    ).toBe(200);
  });

  it("labels: add (once) and remove; a read-only user may not label", async () => {
    const box = await startSandbox();
    const gh = box.client(box.tokens.maintainer);
    await gh.request("POST /repos/{owner}/{repo}/issues", { ...R, title: "t" });
    const added = await gh.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", {
      ...R,
      issue_number: 1,
      labels: ["foreman", "foreman"],
    });
    expect(added.data.map((l) => l.name)).toEqual(["foreman"]);
    expect(box.standIn.deliveries.filter((d) => d.action === "labeled")).toHaveLength(1);
    expect(
      await status(
        box.client(box.tokens.reader).request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", { ...R, issue_number: 1, labels: ["x"] }),
      ),
    ).toBe(403);
    const removed = await gh.request("DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", { ...R, issue_number: 1, name: "foreman" });
    expect(removed.data).toEqual([]);
    expect(
      await status(gh.request("DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", { ...R, issue_number: 1, name: "foreman" })),
    ).toBe(404);
  });

  it("comments: list, get, create, update with updated_at moving, ETag and 304", async () => {
    let now = Date.parse("2026-05-01T10:00:00Z");
    const box = await startSandbox({ now: () => now });
    const bot = box.client(box.tokens.bot);
    box.standIn.openIssue(box.repo, "maintainer", { title: "t" });
    const created = await bot.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...R, issue_number: 1, body: "state" });
    expect(created.data).toMatchObject({
      body: "state",
      user: { login: BOT, type: "Bot" },
      created_at: "2026-05-01T10:00:00Z",
      updated_at: "2026-05-01T10:00:00Z",
    });
    const etag = created.headers.etag;
    expect(etag).toMatch(/^W\/"[0-9a-f]{40}"$/);
    const unchanged = await requestError(
      bot.request("GET /repos/{owner}/{repo}/issues/comments/{comment_id}", {
        ...R,
        comment_id: created.data.id,
        headers: { "if-none-match": etag },
      }),
    );
    expect(unchanged.status).toBe(304);
    now += 5000;
    const edited = await bot.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
      ...R,
      comment_id: created.data.id,
      body: "state v2",
    });
    expect(edited.data).toMatchObject({ body: "state v2", created_at: "2026-05-01T10:00:00Z", updated_at: "2026-05-01T10:00:05Z" });
    expect(edited.headers.etag).not.toBe(etag);
    const fresh = await bot.request("GET /repos/{owner}/{repo}/issues/comments/{comment_id}", {
      ...R,
      comment_id: created.data.id,
      headers: { "if-none-match": etag },
    });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.etag).toBe(edited.headers.etag);
    const since = await bot.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      ...R,
      issue_number: 1,
      since: "2026-05-01T10:00:01Z",
    });
    expect(since.data.map((c) => c.body)).toEqual(["state v2"]);
    for (let i = 0; i < 120; i++) box.standIn.comment(box.repo, 1, "reader", `c${i}`);
    const all = await bot.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...R, issue_number: 1, per_page: 100 });
    expect(all).toHaveLength(121);
    expect(all.map((c) => Number(c.id))).toEqual([...all.map((c) => Number(c.id))].sort((a, b) => a - b));
  });

  it("comments: 65,536 characters pass, one more is 422 'Body is too long'; editing another's comment needs write", async () => {
    const box = await startSandbox();
    const bot = box.client(box.tokens.bot);
    box.standIn.openIssue(box.repo, "maintainer", { title: "t" });
    expect(
      (await bot.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...R, issue_number: 1, body: "x".repeat(65_536) })).status,
    ).toBe(201);
    const tooLong = await requestError(
      bot.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...R, issue_number: 1, body: "x".repeat(65_537) }),
    );
    expect(tooLong.status).toBe(422);
    expect(tooLong.response?.data).toMatchObject({
      errors: [{ resource: "IssueComment", message: "Body is too long (maximum is 65536 characters)" }],
    });
    const id = box.standIn.comment(box.repo, 1, "maintainer", "mine");
    expect(
      await status(
        box.client(box.tokens.reader).request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", { ...R, comment_id: id, body: "x" }),
      ),
    ).toBe(403);
    expect(
      (await box.client(box.tokens.admin).request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", { ...R, comment_id: id, body: "x" }))
        .status,
    ).toBe(200);
  });

  it("reactions: 201 when new, 200 for the same one again, 422 for an unknown content", async () => {
    const box = await startSandbox();
    const bot = box.client(box.tokens.bot);
    box.standIn.openIssue(box.repo, "maintainer", { title: "t" });
    const id = box.standIn.comment(box.repo, 1, "maintainer", "/approve");
    const first = await bot.request("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", { ...R, comment_id: id, content: "eyes" });
    const again = await bot.request("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", { ...R, comment_id: id, content: "eyes" });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.data.id).toBe(first.data.id);
    expect(
      (await bot.request("POST /repos/{owner}/{repo}/issues/{issue_number}/reactions", { ...R, issue_number: 1, content: "confused" })).status,
    ).toBe(201);
    expect(box.standIn.reactions(box.repo, { comment: id })).toEqual([{ user: BOT, content: "eyes" }]);
    expect(box.standIn.reactions(box.repo, { issue: 1 })).toEqual([{ user: BOT, content: "confused" }]);
    // An invalid request on purpose: sent around the contract check, which would refuse it first.
    const unknown = await loopbackFetch(`${box.standIn.url}/repos/${OWNER}/${NAME}/issues/1/reactions`, {
      method: "POST",
      headers: { authorization: `token ${box.tokens.bot}` },
      body: JSON.stringify({ content: "party" }),
    });
    expect(unknown.status).toBe(422);
  });

  it("collaborator permission: role_name as granted, permission folded, 404 for non-collaborators", async () => {
    const box = await startSandbox();
    const bot = box.client(box.tokens.bot);
    const maintain = await bot.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", { ...R, username: "maintainer" });
    expect(maintain.data).toMatchObject({ permission: "write", role_name: "maintain", user: { login: "maintainer" } });
    const read = await bot.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", { ...R, username: "reader" });
    expect(read.data).toMatchObject({ permission: "read", role_name: "read" });
    const owner = await bot.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", { ...R, username: OWNER });
    expect(owner.data.permission).toBe("admin");
    expect(await status(bot.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", { ...R, username: "outsider" }))).toBe(404);
    expect(await status(bot.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", { ...R, username: "ghost" }))).toBe(404);
  });

  it("no Authorization is 401, an unknown token is 401, another owner's repository is 404 for the installation", async () => {
    const box = await startSandbox();
    const anonymous = await requestError(box.client("").request("GET /repos/{owner}/{repo}/issues", { ...R }));
    expect(anonymous.status).toBe(401);
    expect(anonymous.message).toContain("Requires authentication");
    expect(await status(box.client("ghp_nobody000000000000000000000000").request("GET /repos/{owner}/{repo}/issues", { ...R }))).toBe(401);
    await box.standIn.createRepo("someone", "else");
    expect(await status(box.client(box.tokens.bot).request("GET /repos/{owner}/{repo}/issues", { owner: "someone", repo: "else" }))).toBe(404);
    expect(await status(box.client(box.tokens.bot).request("GET /repos/{owner}/{repo}/issues", { owner: "someone", repo: "missing" }))).toBe(404);
  });

  it("answers carry rate-limit headers; a 304 costs nothing", async () => {
    const box = await startSandbox();
    const bot = box.client(box.tokens.bot);
    box.standIn.openIssue(box.repo, "maintainer", { title: "t" });
    const first = await bot.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...R, issue_number: 1 });
    expect(first.headers["x-ratelimit-limit"]).toBe("5000");
    expect(first.headers["x-ratelimit-remaining"]).toBe("4999");
    await caught(
      bot.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        ...R,
        issue_number: 1,
        headers: { "if-none-match": first.headers.etag },
      }),
    );
    const third = await bot.request("GET /repos/{owner}/{repo}/issues/{issue_number}", { ...R, issue_number: 1 });
    expect(third.headers["x-ratelimit-remaining"]).toBe("4998");
    expect(third.headers["x-github-request-id"]).toMatch(/^STANDIN:/);
  });

  it("an unknown route is 404 with GitHub's error body; a malformed JSON body is 400", async () => {
    const box = await startSandbox();
    const res = await loopbackFetch(`${box.standIn.url}/repos/${OWNER}/${NAME}/nothing-here`, {
      headers: { authorization: `token ${box.tokens.bot}` },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ message: "Not Found", documentation_url: expect.stringContaining("docs.github.com") });
    const bad = await loopbackFetch(`${box.standIn.url}/repos/${OWNER}/${NAME}/issues`, {
      method: "POST",
      headers: { authorization: `token ${box.tokens.bot}` },
      body: "{",
    });
    expect(bad.status).toBe(400);
    expect(box.standIn.calls.map((c) => `${c.method} ${c.route} ${c.status}`)).toEqual([
      `GET /repos/${OWNER}/${NAME}/nothing-here 404`,
      "POST /repos/{owner}/{repo}/issues 400",
    ]);
  });
});

describe("what the stand-in reports about itself", () => {
  useSandboxes();

  it("calls per endpoint, the peak of content creation per minute, and the thread as Markdown", async () => {
    let now = Date.parse("2026-05-01T10:00:00Z");
    const box = await startSandbox({ now: () => now });
    const bot = box.client(box.tokens.bot);
    const issue = box.standIn.openIssue(box.repo, "maintainer", { title: "Fix it", body: "The parser fails." });
    for (let i = 0; i < 5; i++) {
      await bot.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...R, issue_number: issue, body: `update ${i}` });
      now += 20_000;
    }
    await bot.request("GET /repos/{owner}/{repo}/issues/{issue_number}", { ...R, issue_number: issue });
    expect(box.standIn.callCounts()).toEqual({
      "POST /repos/{owner}/{repo}/issues/{issue_number}/comments": 5,
      "GET /repos/{owner}/{repo}/issues/{issue_number}": 1,
    });
    expect(box.standIn.peakContentCreationsPerMinute()).toBe(3);
    const [first] = box.standIn.comments(box.repo, issue);
    box.standIn.editComment(box.repo, Number(first?.id), "update 0 (fixed)", "boss");
    const md = box.standIn.threadMarkdown(box.repo, issue);
    expect(md.startsWith("# Fix it (#1, open)\n\n_opened by @maintainer at 2026-05-01T10:00:00Z_\n\nThe parser fails.\n")).toBe(true);
    expect(md).toContain(`**@${BOT}** at 2026-05-01T10:00:00Z (edited `);
    expect(md).toContain("update 0 (fixed)");
    expect(md.match(/^---$/gm)).toHaveLength(5);
  });
});
