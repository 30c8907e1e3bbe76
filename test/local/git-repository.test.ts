import { mkdir, mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ForemanError } from "../../src/core/errors.js";
import { GitRepository, NotAGitRepositoryError, parseWorktreeList } from "../../src/local/git-repository.js";
import { git } from "../../src/local/git.js";
import { countGitCalls } from "../support/git-calls.js";

describe("parseWorktreeList", () => {
  it("reads every record of `git worktree list --porcelain -z`", () => {
    const out = [
      "worktree /repo",
      "HEAD " + "a".repeat(40),
      "branch refs/heads/main",
      "",
      "worktree /cache/s1/worktree",
      "HEAD " + "b".repeat(40),
      "detached",
      "locked foreman session s1",
      "",
      "worktree /bare.git",
      "bare",
      "",
      "",
    ].join("\0");
    expect(parseWorktreeList(out)).toEqual([
      { path: "/repo", head: "a".repeat(40), branch: "refs/heads/main", bare: false, detached: false, locked: false },
      { path: "/cache/s1/worktree", head: "b".repeat(40), bare: false, detached: true, locked: true },
      { path: "/bare.git", bare: true, detached: false, locked: false },
    ]);
  });

  it("is empty for no output, and ignores lines before the first record", () => {
    expect(parseWorktreeList("")).toEqual([]);
    expect(parseWorktreeList("branch refs/heads/x\0")).toEqual([]);
  });

  it("keeps a path with spaces whole", () => {
    expect(parseWorktreeList("worktree /a b/c\0\0").map((w) => w.path)).toEqual(["/a b/c"]);
  });
});

describe("GitRepository", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    vi.unstubAllEnvs();
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });
  const temp = async () => {
    const d = await realpath(await mkdtemp(path.join(tmpdir(), "foreman-gitrepo-")));
    dirs.push(d);
    return d;
  };

  it("discovers a working tree from a subdirectory: its top level, common dir, not bare; lists its worktrees", async () => {
    const repo = await temp();
    await git(["init", "-q", "-b", "main"], { cwd: repo });
    await git(["commit", "-q", "--allow-empty", "-m", "first"], { cwd: repo });
    await mkdir(path.join(repo, "sub"));
    const found = await GitRepository.discover(path.join(repo, "sub"));
    expect(found.topLevel).toBe(repo);
    expect(found.commonDir).toBe(path.join(repo, ".git"));
    expect(found.bare).toBe(false);
    const worktrees = await found.worktrees();
    expect(worktrees.map((w) => [w.path, w.branch])).toEqual([[repo, "refs/heads/main"]]);
    expect(await found.isCheckedOut("refs/heads/main")).toBe(true);
    expect(await found.isCheckedOut("refs/heads/other")).toBe(false);
  });

  it("discovers a working tree with one git call, and from inside its .git with no top level", async () => {
    const repo = await temp();
    await git(["init", "-q", "-b", "main"], { cwd: repo });
    await mkdir(path.join(repo, "sub"));
    const calls = await countGitCalls(await temp());
    const found = await GitRepository.discover(path.join(repo, "sub"));
    expect([found.topLevel, found.commonDir, found.bare]).toEqual([repo, path.join(repo, ".git"), false]);
    expect(await calls.take()).toEqual(["rev-parse"]);
    const inside = await GitRepository.discover(path.join(repo, ".git"));
    expect([inside.topLevel, inside.commonDir, inside.bare]).toEqual([null, path.join(repo, ".git"), false]);
  });

  it("discovers a bare repository: no top level", async () => {
    const bare = path.join(await temp(), "r.git");
    await git(["init", "-q", "--bare", bare], { cwd: path.dirname(bare) });
    const found = await GitRepository.discover(bare);
    expect(found.bare).toBe(true);
    expect(found.topLevel).toBeNull();
    expect(found.commonDir).toBe(bare);
  });

  it("names a directory that is not in a repository, or does not exist, as a usage error", async () => {
    const dir = await temp();
    for (const d of [dir, path.join(dir, "missing")]) {
      const error = await GitRepository.discover(d).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotAGitRepositoryError);
      expect(error).toBeInstanceOf(ForemanError);
      if (!(error instanceof NotAGitRepositoryError)) continue;
      expect(error.dir).toBe(d);
      expect(error.kind).toBe("usage");
    }
  });
});
