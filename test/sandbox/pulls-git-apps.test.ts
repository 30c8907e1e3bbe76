import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/core";
import { RequestError } from "@octokit/request-error";
import { describe, expect, it } from "vitest";
import { appTokenSource } from "../../src/github/app-token.js";
import { readRawConfig } from "../../src/github/repo-config.js";
import { loopbackFetch, type RepoHandle } from "../../src/sandbox/index.js";
import { caught } from "../support/caught.js";
import { APP_ID, BOT, NAME, OWNER, appKeys, startSandbox, useSandboxes } from "./kit.js";

const R = { owner: OWNER, repo: NAME };

async function requestError(p: Promise<unknown>): Promise<RequestError> {
  const error = await caught(p);
  if (!(error instanceof RequestError)) throw new Error(`expected a RequestError, got ${String(error)}`);
  return error;
}

/** Clones the stand-in's bare repository, commits a file on `branch`, pushes it for real. */
function pushBranch(repo: RepoHandle, branch: string, file: string, content: string, ref = `refs/heads/${branch}`): string {
  const work = mkdtempSync(path.join(tmpdir(), "stand-in-push-"));
  try {
    const git = (...args: string[]) =>
      execFileSync("git", args, {
        cwd: work,
        encoding: "utf8",
        env: {
          PATH: process.env["PATH"] ?? "",
          HOME: work,
          GIT_AUTHOR_NAME: "a",
          GIT_AUTHOR_EMAIL: "a@x",
          GIT_COMMITTER_NAME: "a",
          GIT_COMMITTER_EMAIL: "a@x",
        },
      }).trim();
    git("clone", "--quiet", repo.gitDir, ".");
    git("checkout", "--quiet", "-b", branch);
    writeFileSync(path.join(work, file), content);
    git("add", file);
    git("commit", "--quiet", "-m", `change ${file}`);
    git("push", "--quiet", "--force", "origin", `HEAD:${ref}`);
    return git("rev-parse", "HEAD");
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

describe("pull requests, git refs and contents on the stand-in", () => {
  useSandboxes();

  it("a pushed branch opens a draft PR; a second one for the same head is 422; list by head; close sends pull_request.closed", async () => {
    const box = await startSandbox();
    const bot = box.client(box.tokens.bot);
    const sha = pushBranch(box.repo, "foreman/issue-7", "fix.txt", "fixed\n");
    const created = await bot.request("POST /repos/{owner}/{repo}/pulls", {
      ...R,
      title: "Fix #7",
      head: "foreman/issue-7",
      base: "main",
      body: "Closes #7",
      draft: true,
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      number: 1,
      draft: true,
      state: "open",
      head: { ref: "foreman/issue-7", sha },
      base: { ref: "main" },
      user: { login: BOT },
    });
    const again = await requestError(
      bot.request("POST /repos/{owner}/{repo}/pulls", { ...R, title: "Fix #7", head: "foreman/issue-7", base: "main" }),
    );
    expect(again.status).toBe(422);
    expect(again.response?.data).toMatchObject({ errors: [{ message: `A pull request already exists for ${OWNER}:foreman/issue-7.` }] });
    const found = await bot.request("GET /repos/{owner}/{repo}/pulls", { ...R, head: `${OWNER}:foreman/issue-7`, state: "open" });
    expect(found.data.map((p) => p.number)).toEqual([1]);
    const none = await bot.request("GET /repos/{owner}/{repo}/pulls", { ...R, head: `${OWNER}:other`, state: "all" });
    expect(none.data).toEqual([]);
    const newer = pushBranch(box.repo, "foreman/issue-7", "more.txt", "more\n");
    const updated = await bot.request("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", {
      ...R,
      pull_number: 1,
      body: "Closes #7 (updated)",
      state: "closed",
    });
    expect(updated.data).toMatchObject({ body: "Closes #7 (updated)", state: "closed", head: { sha: newer } });
    expect(box.standIn.deliveries.filter((d) => d.event === "pull_request").map((d) => d.action)).toEqual(["opened", "closed"]);
    // The PR's conversation is an issue: comments on it work as on any issue.
    expect((await bot.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...R, issue_number: 1, body: "note" })).status).toBe(
      201,
    );
  });

  it("a PR from a branch that does not exist, or with no commits, is 422; a read-only user may not open one", async () => {
    const box = await startSandbox();
    const bot = box.client(box.tokens.bot);
    expect((await requestError(bot.request("POST /repos/{owner}/{repo}/pulls", { ...R, title: "t", head: "nope", base: "main" }))).status).toBe(422);
    expect((await requestError(bot.request("POST /repos/{owner}/{repo}/pulls", { ...R, title: "t", head: "main", base: "main" }))).status).toBe(422);
    pushBranch(box.repo, "feature", "f.txt", "f");
    expect(
      (
        await requestError(
          box.client(box.tokens.reader).request("POST /repos/{owner}/{repo}/pulls", { ...R, title: "t", head: "feature", base: "main" }),
        )
      ).status,
    ).toBe(403);
  });

  it("git refs: get, match, create an attempt ref (refs/foreman/...), fast-forward update, delete", async () => {
    const box = await startSandbox();
    const bot = box.client(box.tokens.bot);
    const first = pushBranch(box.repo, "work", "a.txt", "a");
    const created = await bot.request("POST /repos/{owner}/{repo}/git/refs", { ...R, ref: "refs/foreman/issue-7/attempt-1", sha: first });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ ref: "refs/foreman/issue-7/attempt-1", object: { sha: first, type: "commit" } });
    box.allowUndocumented(422, "POST", "/git/refs");
    expect(
      (await requestError(bot.request("POST /repos/{owner}/{repo}/git/refs", { ...R, ref: "refs/foreman/issue-7/attempt-1", sha: first }))).status,
    ).toBe(422);
    expect(
      (await requestError(bot.request("POST /repos/{owner}/{repo}/git/refs", { ...R, ref: "refs/foreman/x", sha: "f".repeat(40) }))).status,
    ).toBe(422);
    expect((await requestError(bot.request("POST /repos/{owner}/{repo}/git/refs", { ...R, ref: "bad", sha: first }))).status).toBe(422);
    const matching = await bot.request("GET /repos/{owner}/{repo}/git/matching-refs/{ref}", { ...R, ref: "foreman/issue-7" });
    expect(matching.data.map((r) => r.ref)).toEqual(["refs/foreman/issue-7/attempt-1"]);
    const { data: main } = await bot.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { ...R, ref: "heads/main" });
    expect(
      (
        await requestError(
          bot.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", { ...R, ref: "foreman/issue-7/attempt-1", sha: main.object.sha }),
        )
      ).status,
    ).toBe(422);
    const forced = await bot.request("PATCH /repos/{owner}/{repo}/git/refs/{ref}", {
      ...R,
      ref: "foreman/issue-7/attempt-1",
      sha: main.object.sha,
      force: true,
    });
    expect(forced.data.object.sha).toBe(main.object.sha);
    expect((await bot.request("DELETE /repos/{owner}/{repo}/git/refs/{ref}", { ...R, ref: "foreman/issue-7/attempt-1" })).status).toBe(204);
    expect((await requestError(bot.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { ...R, ref: "foreman/issue-7/attempt-1" }))).status).toBe(404);
  });

  it("contents: JSON with base64 content, raw with the raw media type, 404 when missing; Probot's config reader merges the org .github file", async () => {
    const box = await startSandbox();
    const bot = box.client(box.tokens.bot);
    const json = await bot.request("GET /repos/{owner}/{repo}/contents/{path}", { ...R, path: ".github/foreman.yml" });
    const data: unknown = json.data;
    const content = typeof data === "object" && data !== null && !Array.isArray(data) ? Reflect.get(data, "content") : undefined;
    expect(Buffer.from(String(content), "base64").toString()).toContain("usd: 8");
    const raw = await bot.request("GET /repos/{owner}/{repo}/contents/{path}", { ...R, path: "README.md", mediaType: { format: "raw" } });
    expect(raw.data).toBe("# widgets\n");
    expect((await requestError(bot.request("GET /repos/{owner}/{repo}/contents/{path}", { ...R, path: "missing.md" }))).status).toBe(404);
    const config = await readRawConfig(bot, R);
    expect(config.merged).toMatchObject({ budget: { daily: { usd: 8 } }, limits: { daily: { usd: 5 } } });
    expect(config.orgLimits).toEqual({ daily: { usd: 5 } });
    expect(config.sources).toEqual([`${OWNER}/${NAME}:.github/foreman.yml`, `${OWNER}/.github:.github/foreman.yml`]);
  });
});

describe("the App on the stand-in: installation lookup and access tokens with a verified JWT", () => {
  useSandboxes();

  it("Foreman's appTokenSource mints a token acting as the App's bot, scoped to the repository, expiring in an hour", async () => {
    const now = Date.parse("2026-05-01T10:00:00Z");
    const box = await startSandbox({ now: () => now });
    const source = appTokenSource({
      appId: String(APP_ID),
      privateKey: appKeys().privateKey,
      repo: R,
      baseUrl: box.standIn.url,
      fetch: box.checked.fetch,
      now: () => now,
    });
    const token = await source.token();
    expect(token).toMatch(/^ghs_/);
    const gh = box.client(token);
    const comment = await gh.request("POST /repos/{owner}/{repo}/issues", { ...R, title: "by the App" });
    expect(comment.data.user?.login).toBe(BOT);
    // Scoped to widgets: the org's .github repository is out of reach with this token.
    expect((await requestError(gh.request("GET /repos/{owner}/{repo}/issues", { owner: OWNER, repo: ".github" }))).status).toBe(404);
    expect(await source.token()).toBe(token);
  });

  it("a JWT signed with another key, or an expired one, is 401; a repository the App is not on is 404", async () => {
    const box = await startSandbox();
    const other = (await import("node:crypto")).generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const forged = new Octokit({
      authStrategy: createAppAuth,
      auth: { appId: APP_ID, privateKey: other.privateKey },
      baseUrl: box.standIn.url,
      request: { fetch: box.checked.fetch },
    });
    expect((await requestError(forged.request("GET /repos/{owner}/{repo}/installation", R))).status).toBe(401);
    const late = await startSandbox({ jwtNow: () => Date.now() + 3_600_000 });
    const stale = new Octokit({
      authStrategy: createAppAuth,
      auth: { appId: APP_ID, privateKey: appKeys().privateKey },
      baseUrl: late.standIn.url,
      request: { fetch: late.checked.fetch },
    });
    expect((await requestError(stale.request("GET /repos/{owner}/{repo}/installation", R))).status).toBe(401);
    await box.standIn.createRepo(OWNER, "elsewhere");
    const app = new Octokit({
      authStrategy: createAppAuth,
      auth: { appId: APP_ID, privateKey: appKeys().privateKey },
      baseUrl: box.standIn.url,
      request: { fetch: box.checked.fetch },
    });
    expect((await app.request("GET /repos/{owner}/{repo}/installation", R)).data.id).toBe(box.installationId);
    expect((await requestError(app.request("GET /repos/{owner}/{repo}/installation", { owner: OWNER, repo: "elsewhere" }))).status).toBe(404);
    expect((await app.request("GET /app")).data?.slug).toBe("foreman-app");
    // A personal token cannot mint installation tokens.
    const res = await loopbackFetch(`${box.standIn.url}/app/installations/${box.installationId}/access_tokens`, {
      method: "POST",
      headers: { authorization: `token ${box.tokens.admin}` },
    });
    expect(res.status).toBe(401);
  });
});

describe("tokens that expire, and the workflow's own token", () => {
  useSandboxes();

  it("an installation token stops working after its hour", async () => {
    let now = Date.parse("2026-05-01T10:00:00Z");
    const box = await startSandbox({ now: () => now });
    const token = box.standIn.installationToken(box.installationId);
    const gh = box.client(token);
    expect((await gh.request("GET /repos/{owner}/{repo}/issues", R)).status).toBe(200);
    now += 60 * 60_000;
    expect((await requestError(gh.request("GET /repos/{owner}/{repo}/issues", R))).status).toBe(401);
  });

  it("runToken acts as github-actions[bot] on that repository only, and may write check runs", async () => {
    const box = await startSandbox();
    const gh = box.client(box.standIn.runToken(box.repo));
    const { data: main } = await gh.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { ...R, ref: "heads/main" });
    const run = await gh.request("POST /repos/{owner}/{repo}/check-runs", { ...R, name: "Foreman", head_sha: main.object.sha });
    expect(run.data.app?.slug).toBe("github-actions");
    const comment = await gh.request("POST /repos/{owner}/{repo}/issues", { ...R, title: "from a workflow" });
    expect(comment.data.user?.login).toBe("github-actions[bot]");
    expect((await requestError(gh.request("GET /repos/{owner}/{repo}/issues", { owner: OWNER, repo: ".github" }))).status).toBe(404);
    // The App's webhooks still name the App's installation, not GitHub Actions'.
    expect(box.standIn.deliveries.at(-1)?.payload["installation"]).toEqual(expect.objectContaining({ id: box.installationId }));
  });
});
