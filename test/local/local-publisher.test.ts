import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { GitWorkspace } from "../../src/local/git-workspace.js";
import { commitMessage, LocalPublisher, PublishError } from "../../src/local/local-publisher.js";
import type { PublishRequest } from "../../src/loop/ports.js";
import { tempDirIn, userGit } from "../support/git-fixture.js";

const cleanup: string[] = [];
const workspaces: GitWorkspace[] = [];

afterEach(async () => {
  for (const ws of workspaces.splice(0)) await ws.dispose();
  for (const dir of cleanup.splice(0)) await rm(dir, { recursive: true, force: true });
});

const tempDir = (prefix: string): Promise<string> => tempDirIn(cleanup, prefix);
const sh = userGit;

async function makeRepo(): Promise<string> {
  const dir = await tempDir("repo");
  await sh(dir, "init", "-q", "-b", "main");
  await writeFile(path.join(dir, "README.md"), "# demo\n");
  await mkdir(path.join(dir, "src"));
  await writeFile(path.join(dir, "src/a.ts"), "export const a = 1;\n");
  await sh(dir, "add", "-A");
  await sh(dir, "commit", "-q", "-m", "base");
  return dir;
}

async function setup(): Promise<{ repo: string; ws: GitWorkspace; publisher: LocalPublisher; req: PublishRequest }> {
  const repo = await makeRepo();
  const ws = await GitWorkspace.create({ repo, sessionId: "s1", stateRoot: path.join(repo, ".git", "foreman", "s1") });
  workspaces.push(ws);
  await writeFile(path.join(ws.dir, "src/a.ts"), "export const a = 2;\n");
  await writeFile(path.join(ws.dir, "NEW.md"), "new\n");
  const req: PublishRequest = {
    sessionId: "s1",
    branch: "foreman/s1",
    baseSha: ws.baseSha,
    workspace: ws,
    title: "Fix the answer",
    body: "Closes #12.",
  };
  return { repo, ws, publisher: new LocalPublisher({ repo }), req };
}

async function expectPublishError(promise: Promise<unknown>, code: PublishError["code"]): Promise<PublishError> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PublishError);
  if (!(error instanceof PublishError)) throw new Error("unreachable");
  expect(error.code).toBe(code);
  return error;
}

async function refExists(repo: string, ref: string): Promise<boolean> {
  const out = await execa("git", ["rev-parse", "--verify", "--quiet", ref], { cwd: repo, reject: false });
  return out.exitCode === 0;
}

describe("LocalPublisher.stage", () => {
  it("commits the workspace's tree on the base and points the branch at it", async () => {
    const { repo, ws, publisher, req } = await setup();
    const { hash } = await ws.diff();
    const staged = await publisher.stage(req);
    expect(staged.branch).toBe("foreman/s1");
    expect(staged.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(await sh(repo, "rev-parse", "refs/heads/foreman/s1")).toBe(staged.sha);
    expect(await sh(repo, "show", "-s", "--format=%T%n%P%n%an <%ae>%n%cn <%ce>", staged.sha)).toBe(
      `${hash}\n${ws.baseSha}\nForeman <foreman@localhost>\nForeman <foreman@localhost>`,
    );
    expect(await sh(repo, "cat-file", "-p", `${staged.sha}:src/a.ts`)).toBe("export const a = 2;");
    expect(await sh(repo, "show", "-s", "--format=%B", staged.sha)).toBe("Fix the answer\n\nCloses #12.\n\nForeman-Session: s1\n");
  });

  it("passes the message verbatim, however hostile", async () => {
    const { repo, publisher, req } = await setup();
    const title = "-m $(touch /tmp/pwned) `id` \"quoted\" 'single'";
    const body = "--amend\n\n; rm -rf / #\n$HOME \\n\n\nline after blanks";
    const staged = await publisher.stage({ ...req, title, body });
    expect(await sh(repo, "cat-file", "commit", staged.sha)).toContain(`\n\n${title}\n\n${body}\n\nForeman-Session: s1`);
  });

  it("is idempotent: staging the same tree again reuses the commit", async () => {
    const { repo, publisher, req } = await setup();
    const first = await publisher.stage(req);
    const second = await publisher.stage({ ...req, body: "A different body after a crash." });
    expect(second).toEqual(first);
    expect(await sh(repo, "rev-parse", "refs/heads/foreman/s1")).toBe(first.sha);
  });

  it("moves its own branch when the work changed", async () => {
    const { repo, ws, publisher, req } = await setup();
    const first = await publisher.stage(req);
    await writeFile(path.join(ws.dir, "src/a.ts"), "export const a = 3;\n");
    const second = await publisher.stage(req);
    expect(second.sha).not.toBe(first.sha);
    expect(await sh(repo, "rev-parse", "refs/heads/foreman/s1")).toBe(second.sha);
    expect(await sh(repo, "rev-parse", `${second.sha}^`)).toBe(ws.baseSha);
  });

  it("refuses to overwrite an existing branch that is not this session's", async () => {
    const { repo, publisher, req } = await setup();
    await sh(repo, "branch", "foreman/s1");
    const users = await sh(repo, "rev-parse", "refs/heads/foreman/s1");
    const error = await expectPublishError(publisher.stage(req), "branch_exists");
    expect(error.message).toContain("'foreman/s1'");
    expect(await sh(repo, "rev-parse", "refs/heads/foreman/s1")).toBe(users);

    // Nor the branch of another session.
    await publisher.stage({ ...req, branch: "foreman/shared" });
    await expectPublishError(publisher.stage({ ...req, sessionId: "s2", branch: "foreman/shared" }), "branch_exists");
  });

  it.each([
    "",
    "HEAD",
    "-b",
    "--force",
    "a..b",
    "a b",
    "tab\tbranch",
    "new\nline",
    "x.lock",
    "ends/",
    "/starts",
    "a//b",
    "tilde~1",
    "caret^",
    "colon:x",
    "what?",
    "star*",
    "[bracket",
    "back\\slash",
    "@{-1}",
    "@",
    "dot/.hidden",
    "trailing.",
  ])("refuses branch %j", async (branch) => {
    const { repo, publisher, req } = await setup();
    const refsBefore = await sh(repo, "for-each-ref");
    await expectPublishError(publisher.stage({ ...req, branch }), "invalid_branch");
    await expectPublishError(publisher.publish({ ...req, branch, sha: "a".repeat(40) }), "invalid_branch");
    expect(await sh(repo, "for-each-ref")).toBe(refsBefore);
  });

  it("refuses the branch checked out in the user's worktree", async () => {
    const { repo, publisher, req } = await setup();
    const main = await sh(repo, "rev-parse", "main");
    const error = await expectPublishError(publisher.stage({ ...req, branch: "main" }), "branch_checked_out");
    expect(error.message).toContain("'main'");
    expect(await sh(repo, "rev-parse", "main")).toBe(main);
    expect(await sh(repo, "status", "--porcelain")).toBe("");
  });

  it("refuses a branch checked out in another worktree of the repository", async () => {
    const { repo, publisher, req } = await setup();
    const other = path.join(await tempDir("other"), "wt");
    await sh(repo, "worktree", "add", "-q", "-b", "topic", other);
    await expectPublishError(publisher.stage({ ...req, branch: "topic" }), "branch_checked_out");
  });

  it("refuses bad session ids, titles and bases", async () => {
    const { publisher, req } = await setup();
    await expectPublishError(publisher.stage({ ...req, sessionId: "" }), "invalid_input");
    await expectPublishError(publisher.stage({ ...req, sessionId: "s1\nForeman-Session: s2" }), "invalid_input");
    await expectPublishError(publisher.stage({ ...req, title: "  \n " }), "invalid_input");
    await expectPublishError(publisher.stage({ ...req, baseSha: "main" }), "invalid_input");
    await expectPublishError(publisher.stage({ ...req, baseSha: "f".repeat(40) }), "base_mismatch");
  });

  it("refuses a repository path that is not a repository", async () => {
    const { req } = await setup();
    const publisher = new LocalPublisher({ repo: await tempDir("plain") });
    await expectPublishError(publisher.stage(req), "not_a_repository");
  });

  it("refuses a workspace of another repository", async () => {
    const { req } = await setup();
    const otherRepo = await makeRepo();
    const publisher = new LocalPublisher({ repo: otherRepo });
    await expectPublishError(publisher.stage(req), "foreign_workspace");
    expect(await refExists(otherRepo, "refs/heads/foreman/s1")).toBe(false);
  });

  it("does not run the repository's hooks", async () => {
    const { repo, publisher, req } = await setup();
    const marker = path.join(await tempDir("marker"), "ran");
    for (const hook of ["reference-transaction", "post-commit", "pre-commit", "commit-msg"]) {
      const file = path.join(repo, ".git", "hooks", hook);
      await writeFile(file, `#!/bin/sh\necho ${hook} >> '${marker}'\n`);
      await chmod(file, 0o755);
    }
    const staged = await publisher.stage(req);
    await publisher.publish({ ...req, sha: staged.sha });
    expect(existsSync(marker)).toBe(false);
    // The hook is live for the user's own commands: the test would see it run.
    await sh(repo, "update-ref", "refs/heads/probe", staged.sha);
    expect(await readFile(marker, "utf8")).toContain("reference-transaction");
  });
});

describe("LocalPublisher.preflight", () => {
  it("accepts a new branch and the session's own branch, and changes nothing", async () => {
    const { repo, publisher, req } = await setup();
    await publisher.preflight(req);
    expect(await sh(repo, "branch", "--list", "foreman/*")).toBe("");
    await publisher.stage(req);
    await publisher.preflight(req);
  });

  it("refuses, before any work, a branch that is someone else's, checked out, or invalid", async () => {
    const { repo, publisher, req } = await setup();
    await sh(repo, "branch", "foreman/s1");
    await expectPublishError(publisher.preflight(req), "branch_exists");
    await sh(repo, "branch", "-D", "foreman/s1");
    await sh(repo, "checkout", "-q", "-b", "foreman/s1");
    await expectPublishError(publisher.preflight(req), "branch_checked_out");
    await expectPublishError(publisher.preflight({ ...req, branch: "bad..name" }), "invalid_branch");
  });
});

describe("LocalPublisher with the repository already discovered (commonDir)", () => {
  it("asks git nothing to find it (the repo path is not read), and still refuses what it must", async () => {
    const { repo, req } = await setup();
    const publisher = new LocalPublisher({ repo: path.join(repo, "no-such-dir"), commonDir: path.join(repo, ".git") });
    await publisher.preflight(req);
    await publisher.preflight(req);
    await expectPublishError(publisher.preflight({ ...req, branch: "bad..name" }), "invalid_branch");
    await sh(repo, "branch", "foreman/s1");
    await expectPublishError(publisher.preflight(req), "branch_exists");
    // Without it, the same path is no repository.
    await expectPublishError(new LocalPublisher({ repo: path.join(repo, "no-such-dir") }).preflight(req), "not_a_repository");
  });
});

describe("LocalPublisher.publish", () => {
  it("points the branch at the staged commit, idempotently", async () => {
    const { repo, publisher, req } = await setup();
    const staged = await publisher.stage(req);
    const published = await publisher.publish({ ...req, sha: staged.sha });
    expect(published).toEqual({ branch: "foreman/s1", sha: staged.sha });
    expect(await publisher.publish({ ...req, sha: staged.sha })).toEqual(published);
    expect(await sh(repo, "rev-parse", "refs/heads/foreman/s1")).toBe(staged.sha);
  });

  it("recreates the branch if it was deleted after staging", async () => {
    const { repo, publisher, req } = await setup();
    const staged = await publisher.stage(req);
    await sh(repo, "branch", "-D", "foreman/s1");
    expect(await publisher.publish({ ...req, sha: staged.sha })).toEqual({ branch: "foreman/s1", sha: staged.sha });
    expect(await sh(repo, "rev-parse", "refs/heads/foreman/s1")).toBe(staged.sha);
  });

  it("refuses a malformed or unknown sha", async () => {
    const { publisher, req } = await setup();
    await publisher.stage(req);
    for (const sha of ["", "HEAD", "abc123", "Z".repeat(40)]) {
      await expectPublishError(publisher.publish({ ...req, sha }), "invalid_input");
    }
    await expectPublishError(publisher.publish({ ...req, sha: "1".repeat(40) }), "unknown_commit");
  });

  it("refuses a commit whose tree is not the workspace's", async () => {
    const { repo, ws, publisher, req } = await setup();
    const staged = await publisher.stage(req);
    await writeFile(path.join(ws.dir, "later.txt"), "changed after staging\n");
    await expectPublishError(publisher.publish({ ...req, sha: staged.sha }), "tree_mismatch");
    await rm(path.join(ws.dir, "later.txt"));
    await sh(repo, "branch", "-D", "foreman/s1");
    await expectPublishError(publisher.publish({ ...req, sha: ws.baseSha }), "base_mismatch");
    expect(await refExists(repo, "refs/heads/foreman/s1")).toBe(false);
  });

  it("refuses to move a branch someone else created meanwhile", async () => {
    const { repo, publisher, req } = await setup();
    const staged = await publisher.stage(req);
    await sh(repo, "branch", "-f", "foreman/s1", "main");
    await expectPublishError(publisher.publish({ ...req, sha: staged.sha }), "branch_exists");
    expect(await sh(repo, "rev-parse", "refs/heads/foreman/s1")).toBe(await sh(repo, "rev-parse", "main"));
  });
});

describe("a whole local session", () => {
  it("never touches the user's branch, index or working files", async () => {
    const repo = await makeRepo();
    await sh(repo, "checkout", "-q", "-b", "feature");
    await writeFile(path.join(repo, "README.md"), "# user's unsaved edit\n");
    await writeFile(path.join(repo, "staged.txt"), "staged by the user\n");
    await sh(repo, "add", "staged.txt");
    await writeFile(path.join(repo, "scratch.txt"), "untracked\n");
    const snapshot = async (): Promise<string[]> => [
      await sh(repo, "status", "--porcelain=v2", "--branch", "--untracked-files=all"),
      await sh(repo, "symbolic-ref", "HEAD"),
      await sh(repo, "rev-parse", "HEAD"),
      await sh(repo, "diff"),
      await sh(repo, "diff", "--cached"),
      await sh(repo, "ls-files", "--stage"),
      await readFile(path.join(repo, "README.md"), "utf8"),
      await readFile(path.join(repo, "scratch.txt"), "utf8"),
    ];
    const before = await snapshot();

    const ws = await GitWorkspace.create({ repo, sessionId: "local-1", stateRoot: path.join(repo, ".git", "foreman", "local-1") });
    workspaces.push(ws);
    await writeFile(path.join(ws.dir, "src/a.ts"), "export const a = 99;\n");
    const { hash } = await ws.diff();
    await writeFile(path.join(ws.dir, "gate-output.txt"), "dirt\n");
    await ws.restore(hash);
    const publisher = new LocalPublisher({ repo });
    const req: PublishRequest = {
      sessionId: "local-1",
      branch: "foreman/local-1",
      baseSha: ws.baseSha,
      workspace: ws,
      title: "Change a",
      body: "",
    };
    const staged = await publisher.stage(req);
    await publisher.publish({ ...req, sha: staged.sha });
    await ws.dispose();

    expect(await snapshot()).toEqual(before);
    expect(await sh(repo, "branch", "--format=%(refname:short)")).toBe("feature\nforeman/local-1\nmain");
    expect(await sh(repo, "show", "-s", "--format=%B", "foreman/local-1")).toBe("Change a\n\nForeman-Session: local-1\n");
    expect(await sh(repo, "cat-file", "-p", "foreman/local-1:src/a.ts")).toBe("export const a = 99;");
    expect(await sh(repo, "worktree", "list", "--porcelain")).not.toContain("local-1");
  });
});

describe("commitMessage", () => {
  it("keeps the subject on one line and ends with the session trailer", () => {
    expect(commitMessage({ title: "Fix\r\nthe  bug\n", body: "Body\r\nline\n\n", sessionId: "o/r#3" })).toBe(
      "Fix the  bug\n\nBody\nline\n\nForeman-Session: o/r#3\n",
    );
    expect(commitMessage({ title: "Only a title", body: "  ", sessionId: "s" })).toBe("Only a title\n\nForeman-Session: s\n");
  });
});
