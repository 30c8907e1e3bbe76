/**
 * GitHubPublisher against a real runner checkout whose `origin` is a local bare repository,
 * and GitHub's pulls API on nock (every body asserted, contract-checked, no pending mocks).
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import nock from "nock";
import { execa } from "execa";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatPullRequestBody, formatPullRequestTitle } from "../../src/core/names.js";
import { credentialForms } from "../../src/github/git-credentials.js";
import { GitHubPublisher, GitHubPublishError, NO_CI_WARNING, withCloses } from "../../src/github/publisher.js";
import { staticTokenSource, type TokenSource } from "../../src/github/token-source.js";
import { GitWorkspace } from "../../src/local/git-workspace.js";
import type { PublishRequest } from "../../src/loop/ports.js";
import { caught } from "../support/caught.js";
import { tempDirIn, userGit } from "../support/git-fixture.js";
import { API, useGitHubMocks } from "../support/github/http.js";

const PUSH_TOKEN = "ghs_pushSecret0123456789abcdefXYZ";
const REPO = { owner: "octo", repo: "widgets" };
const dirs: string[] = [];
const workspaces: GitWorkspace[] = [];

afterEach(async () => {
  await Promise.all(workspaces.splice(0).map((w) => w.dispose().catch(() => undefined)));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A bare `origin` with one commit on main, a runner checkout of it, and a workspace of the checkout. */
async function world() {
  const origin = await tempDirIn(dirs, "origin");
  const seed = await tempDirIn(dirs, "seed");
  await userGit(origin, "init", "-q", "--bare", "-b", "main");
  await userGit(seed, "init", "-q", "-b", "main");
  await writeFile(path.join(seed, "value.txt"), "start\n");
  await userGit(seed, "add", "value.txt");
  await userGit(seed, "commit", "-q", "-m", "base");
  await userGit(seed, "push", "-q", origin, "main");
  const checkout = path.join(await tempDirIn(dirs, "runner"), "checkout");
  await userGit(path.dirname(checkout), "clone", "-q", origin, checkout);
  const baseSha = (await userGit(checkout, "rev-parse", "HEAD")).trim();
  const ws = await GitWorkspace.create({ repo: checkout, sessionId: "issue-7", stateRoot: path.join(await tempDirIn(dirs, "state"), "s") });
  workspaces.push(ws);
  return { origin, checkout, baseSha, ws };
}

function publisher(w: { origin: string; checkout: string }, client: ReturnType<ReturnType<typeof useGitHubMocks>["client"]>, tokens?: TokenSource) {
  return new GitHubPublisher({
    client,
    repo: REPO,
    issue: 7,
    repoDir: w.checkout,
    remoteUrl: w.origin,
    tokens: tokens ?? staticTokenSource(PUSH_TOKEN),
    baseBranch: "main",
    draft: true,
  });
}

function request(ws: GitWorkspace, attempts = 2): PublishRequest {
  return {
    sessionId: "issue-7",
    branch: "foreman/issue-7",
    baseSha: ws.baseSha,
    workspace: ws,
    title: formatPullRequestTitle("Make value good"),
    body: formatPullRequestBody({ sessionId: "issue-7", issue: 7, attempts, costUsd: 0.2 }),
  };
}

const PR = (number: number, title: string, body: string) => ({
  number,
  html_url: `https://github.com/octo/widgets/pull/${number}`,
  title,
  body,
  state: "open",
  draft: true,
  head: { ref: "foreman/issue-7", sha: "0".repeat(40) },
  base: { ref: "main" },
});

/** GitHub's 422 when the branch already has an open pull request. */
const PR_EXISTS = {
  message: "Validation Failed",
  errors: [{ resource: "PullRequest", code: "custom", message: "A pull request already exists for octo:foreman/issue-7." }],
  documentation_url: "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
};

describe("GitHubPublisher", () => {
  const gh = useGitHubMocks();

  it("stage + publish pushes the branch and opens ONE draft PR that says Closes #7; publishing again opens nothing new", async () => {
    const w = await world();
    await writeFile(path.join(w.ws.dir, "value.txt"), "good\n");
    const p = publisher(w, gh.client());
    const req = request(w.ws);
    await p.preflight(req);
    const staged = await p.stage(req);
    // Staged on a Foreman ref (no push workflow), not yet on the branch.
    expect((await userGit(w.origin, "rev-parse", "refs/foreman/issue-7/staged")).trim()).toBe(staged.sha);
    expect(await userGit(w.origin, "branch", "--list")).not.toContain("foreman/issue-7");

    const created: unknown[] = [];
    nock(API)
      .post("/repos/octo/widgets/pulls", (b: unknown) => {
        created.push(b);
        return true;
      })
      .reply(201, PR(12, req.title, req.body));
    const published = await p.publish({ ...req, sha: staged.sha });
    expect(created).toEqual([{ title: "Foreman: Make value good", head: "foreman/issue-7", base: "main", body: req.body, draft: true }]);
    expect(req.body.startsWith("Closes #7.")).toBe(true);
    expect(published).toEqual({ branch: "foreman/issue-7", sha: staged.sha, pullRequest: 12, url: "https://github.com/octo/widgets/pull/12" });
    expect((await userGit(w.origin, "rev-parse", "refs/heads/foreman/issue-7")).trim()).toBe(staged.sha);
    expect((await userGit(w.origin, "show", `${staged.sha}:value.txt`)).trim()).toBe("good");
    expect((await userGit(w.origin, "rev-parse", `${staged.sha}^`)).trim()).toBe(w.baseSha);
    // With github-token alone, the caller is told CI will not run on the PR.
    expect(p.warnings).toEqual([NO_CI_WARNING]);

    // The same publish again (a second dispatch): GitHub says the PR exists; it is found, unchanged, nothing else is opened.
    nock(API)
      .post("/repos/octo/widgets/pulls")
      .reply(422, PR_EXISTS)
      .get("/repos/octo/widgets/pulls")
      .query({ head: "octo:foreman/issue-7", state: "open" })
      .reply(200, [PR(12, req.title, req.body)]);
    const again = await p.publish({ ...req, sha: staged.sha });
    expect(again.pullRequest).toBe(12);
    expect(p.warnings).toEqual([NO_CI_WARNING]);
    expect(gh.calls.map((c) => c.method)).toEqual(["POST", "POST", "GET"]);
  });

  it("a retried session (new commit, new body) force-updates the branch and PATCHes the open PR instead of opening another", async () => {
    const w = await world();
    await writeFile(path.join(w.ws.dir, "value.txt"), "better\n");
    const p = publisher(w, gh.client(), { token: () => Promise.resolve(PUSH_TOKEN), triggersWorkflows: true });
    // The branch already holds the first run's commit.
    await userGit(w.checkout, "push", "-q", w.origin, `${w.baseSha}:refs/heads/foreman/issue-7`);
    const req = request(w.ws, 4);
    const staged = await p.stage(req);
    const patched: unknown[] = [];
    const oldBody = formatPullRequestBody({ sessionId: "issue-7", issue: 7, attempts: 2, costUsd: 0.2 });
    nock(API)
      .post("/repos/octo/widgets/pulls")
      .reply(422, PR_EXISTS)
      .get("/repos/octo/widgets/pulls")
      .query({ head: "octo:foreman/issue-7", state: "open" })
      .reply(200, [PR(12, req.title, oldBody)])
      .patch("/repos/octo/widgets/pulls/12", (b: unknown) => {
        patched.push(b);
        return true;
      })
      .reply(200, PR(12, req.title, req.body));
    const published = await p.publish({ ...req, sha: staged.sha });
    expect(patched).toEqual([{ title: req.title, body: req.body }]);
    expect(published.pullRequest).toBe(12);
    expect((await userGit(w.origin, "rev-parse", "refs/heads/foreman/issue-7")).trim()).toBe(staged.sha);
    // An App token's PR starts workflows: no warning.
    expect(p.warnings).toEqual([]);
  });

  it("publishes after /approve on a fresh runner: the staged commit is fetched from the remote", async () => {
    const w = await world();
    await writeFile(path.join(w.ws.dir, "value.txt"), "good\n");
    const staged = await publisher(w, gh.client()).stage(request(w.ws));
    // A fresh runner: a new clone with a workspace restored to the approved tree.
    const fresh = path.join(await tempDirIn(dirs, "runner2"), "checkout");
    await userGit(path.dirname(fresh), "clone", "-q", w.origin, fresh);
    const ws2 = await GitWorkspace.create({ repo: fresh, sessionId: "issue-7", stateRoot: path.join(await tempDirIn(dirs, "state2"), "s") });
    workspaces.push(ws2);
    await writeFile(path.join(ws2.dir, "value.txt"), "good\n");
    nock(API)
      .post("/repos/octo/widgets/pulls", (b: { draft?: boolean; head?: string }) => b.draft === true && b.head === "foreman/issue-7")
      .reply(201, PR(13, "t", "b"));
    const p2 = new GitHubPublisher({
      client: gh.client(),
      repo: REPO,
      issue: 7,
      repoDir: fresh,
      remoteUrl: w.origin,
      tokens: staticTokenSource(PUSH_TOKEN),
      baseBranch: "main",
      draft: true,
    });
    const published = await p2.publish({ ...request(ws2), sha: staged.sha });
    expect(published).toMatchObject({ sha: staged.sha, pullRequest: 13 });
  });

  it("keep pushes refs/foreman/issue-7/attempt-2 without touching the working copy, and a fresh clone fetches the exact tree", async () => {
    const w = await world();
    await writeFile(path.join(w.ws.dir, "value.txt"), "attempt two\n");
    await writeFile(path.join(w.ws.dir, "new.txt"), "untracked counts\n");
    const statusBefore = await userGit(w.ws.dir, "status", "--porcelain");
    const { hash } = await w.ws.diff();
    const p = publisher(w, gh.client());
    const kept = await p.keep({ sessionId: "issue-7", attempt: 2, workspace: w.ws, hash, baseSha: w.baseSha });
    expect(kept.ref).toBe("refs/foreman/issue-7/attempt-2");
    expect(await userGit(w.ws.dir, "status", "--porcelain")).toBe(statusBefore);
    expect((await userGit(w.origin, "rev-parse", kept.ref)).trim()).toBe(kept.sha);

    const fresh = path.join(await tempDirIn(dirs, "fresh"), "clone");
    await userGit(path.dirname(fresh), "clone", "-q", w.origin, fresh);
    const p2 = new GitHubPublisher({
      client: gh.client(),
      repo: REPO,
      issue: 7,
      repoDir: fresh,
      remoteUrl: w.origin,
      tokens: staticTokenSource(PUSH_TOKEN),
      baseBranch: "main",
      draft: true,
    });
    const fetched = await p2.fetchKept(kept.ref);
    expect(fetched).toEqual({ ref: kept.ref, sha: kept.sha, tree: hash });
    expect(await userGit(fresh, "show", `${kept.sha}:new.txt`)).toBe("untracked counts");
    expect(gh.calls).toEqual([]);
  });

  it("never writes the token to .git/config or argv, and masks it in a failed push's message", async () => {
    const w = await world();
    const { hash } = await w.ws.diff();
    // Every git the publisher starts goes through a wrapper that records its argv.
    const bin = await tempDirIn(dirs, "bin");
    const argvLog = path.join(bin, "argv.log");
    const realGit = (await execa("sh", ["-c", "command -v git"])).stdout.trim();
    await writeFile(path.join(bin, "git"), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${argvLog}'\nexec '${realGit}' "$@"\n`, { mode: 0o755 });
    vi.stubEnv("PATH", `${bin}:${process.env.PATH ?? ""}`);
    // A remote that refuses and whose path quotes the token (git repeats it in its error): the
    // message must not carry the token, in any form.
    const p = new GitHubPublisher({
      client: gh.client(),
      repo: REPO,
      issue: 7,
      repoDir: w.checkout,
      remoteUrl: path.join(w.origin, `missing-${PUSH_TOKEN}.git`),
      tokens: staticTokenSource(PUSH_TOKEN),
      baseBranch: "main",
      draft: true,
    });
    const error = await caught(p.keep({ sessionId: "issue-7", attempt: 1, workspace: w.ws, hash, baseSha: w.baseSha }));
    expect(error).toBeInstanceOf(GitHubPublishError);
    const e = error as GitHubPublishError;
    expect(e.code).toBe("push_failed");
    expect(e.message).toContain("refs/foreman/issue-7/attempt-1");
    for (const form of credentialForms(PUSH_TOKEN)) {
      expect(e.message).not.toContain(form);
      expect(e.stack ?? "").not.toContain(form);
    }
    expect(e.cause).toBeUndefined();
    vi.unstubAllEnvs();
    const argv = await readFile(argvLog, "utf8");
    expect(argv).toContain("push");
    expect(argv).not.toContain(credentialForms(PUSH_TOKEN)[1]);
    expect(argv).not.toContain("extraheader");
    for (const file of [path.join(w.checkout, ".git", "config"), path.join(w.origin, "config")]) {
      const text = await readFile(file, "utf8");
      for (const form of credentialForms(PUSH_TOKEN)) expect(text).not.toContain(form);
    }
  });

  it("refuses a malformed request before any push", async () => {
    const w = await world();
    const p = publisher(w, gh.client());
    const bad = await caught(p.preflight({ ...request(w.ws), branch: "bad..branch" }));
    expect(bad).toMatchObject({ code: "invalid_input" });
    const base = await caught(p.preflight({ ...request(w.ws), baseSha: "a".repeat(40) }));
    expect(base).toMatchObject({ code: "base_mismatch" });
    const session = await caught(p.keep({ sessionId: "../x", attempt: 1, workspace: w.ws, hash: "a".repeat(40), baseSha: w.baseSha }));
    expect(session).toMatchObject({ code: "invalid_input" });
    const foreign = await caught(p.keep({ sessionId: "issue-7", attempt: 1, workspace: w.ws, hash: "b".repeat(40), baseSha: w.baseSha }));
    expect(foreign).toMatchObject({ code: "foreign_workspace" });
  });
});

describe("withCloses", () => {
  it("adds Closes #n first when the body lacks it, and only then", () => {
    expect(withCloses("Done.", 7)).toBe("Closes #7.\n\nDone.");
    expect(withCloses("Closes #7.\n\nDone.", 7)).toBe("Closes #7.\n\nDone.");
    expect(withCloses("Closes #70.", 7)).toBe("Closes #7.\n\nCloses #70.");
  });
});
