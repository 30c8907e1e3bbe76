import { existsSync } from "node:fs";
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { git } from "../../src/local/git.js";
import { GitWorkspace, WorkspaceError } from "../../src/local/git-workspace.js";
import { tempDirIn, userGit } from "../support/git-fixture.js";

const cleanup: string[] = [];
afterEach(async () => {
  for (const dir of cleanup.splice(0)) await rm(dir, { recursive: true, force: true });
});
const tempDir = (prefix: string): Promise<string> => tempDirIn(cleanup, prefix);

async function makeRepo(commit = true): Promise<string> {
  const dir = await tempDir("repo");
  await userGit(dir, "init", "-q", "-b", "main");
  await writeFile(path.join(dir, "a.txt"), "a\n");
  if (commit) {
    await userGit(dir, "add", "-A");
    await userGit(dir, "commit", "-q", "-m", "base");
  }
  return dir;
}

async function createError(opts: Parameters<typeof GitWorkspace.create>[0]): Promise<WorkspaceError> {
  const error: unknown = await GitWorkspace.create(opts).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkspaceError);
  if (!(error instanceof WorkspaceError)) throw new Error("unreachable");
  return error;
}

describe("GitWorkspace.create resolves the base while it clones", () => {
  it("an unknown base: unknown_base, and nothing of the workspace is left (its folders included)", async () => {
    const repo = await makeRepo();
    const parent = await tempDir("state");
    const stateRoot = path.join(parent, "deep", "s1");
    const error = await createError({ repo, sessionId: "s1", stateRoot, baseRef: "no-such-branch" });
    expect(error.code).toBe("unknown_base");
    expect(await readdir(parent)).toEqual([]);
  });

  it("no commit yet: no_commits, and an existing state root keeps only what was there", async () => {
    const repo = await makeRepo(false);
    const stateRoot = await tempDir("state");
    await writeFile(path.join(stateRoot, "mine.txt"), "kept\n");
    const error = await createError({ repo, sessionId: "s1", stateRoot });
    expect(error.code).toBe("no_commits");
    expect(await readdir(stateRoot)).toEqual(["mine.txt"]);
  });

  it("a base that cannot be resolved is reported before a workspace already there", async () => {
    const repo = await makeRepo();
    const stateRoot = await tempDir("state");
    await mkdir(path.join(stateRoot, "worktree"));
    expect((await createError({ repo, sessionId: "s1", stateRoot, baseRef: "nope" })).code).toBe("unknown_base");
    expect((await createError({ repo, sessionId: "s1", stateRoot })).code).toBe("already_exists");
    expect(existsSync(path.join(stateRoot, "worktree"))).toBe(true);
  });

  it("checks out the resolved base, detached, with no remote", async () => {
    const repo = await makeRepo();
    const first = (await userGit(repo, "rev-parse", "HEAD")).trim();
    await writeFile(path.join(repo, "a.txt"), "b\n");
    await userGit(repo, "commit", "-q", "-am", "second");
    const stateRoot = path.join(await tempDir("state"), "s1");
    const ws = await GitWorkspace.create({ repo, sessionId: "s1", stateRoot, baseRef: first });
    try {
      expect(ws.baseSha).toBe(first);
      const gitDir = path.join(ws.dir, ".git");
      expect((await git(["--git-dir", gitDir, "rev-parse", "HEAD"], { cwd: ws.dir })).stdout.trim()).toBe(first);
      expect((await git(["--git-dir", gitDir, "symbolic-ref", "-q", "HEAD"], { cwd: ws.dir, okExitCodes: [1] })).exitCode).toBe(1);
      expect((await git(["--git-dir", gitDir, "remote"], { cwd: ws.dir })).stdout).toBe("");
      expect((await git(["--git-dir", gitDir, "for-each-ref", "refs/remotes"], { cwd: ws.dir })).stdout).toBe("");
      expect((await ws.diff()).files).toEqual([]);
    } finally {
      await ws.dispose();
    }
  });
});
