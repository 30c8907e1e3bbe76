/**
 * The hand-made clone (src/local/shared-clone.ts) against what it stands for: `git clone
 * --shared --no-checkout` + `git remote remove origin` + a detached checkout of the base. The
 * real clone is the oracle: same refs, same files, same borrowed objects, no remote.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { refsToCopy, sharedClone } from "../../src/local/shared-clone.js";
import { makeRepo, removeTempDirs, tempDir } from "../loop/helpers.js";

afterEach(removeTempDirs);

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd, encoding: "utf8" });
}

/** A repository with history, tags (light and annotated), a second branch and HEAD on `main`. */
async function richRepo(): Promise<{ repo: string; base: string }> {
  const repo = await makeRepo();
  git(repo, "checkout", "-q", "-B", "main");
  git(repo, "tag", "v1");
  writeFileSync(path.join(repo, "value.txt"), "two\n");
  git(repo, "commit", "-q", "-am", "two");
  git(repo, "tag", "-a", "v2", "-m", "release 2");
  git(repo, "branch", "feature");
  return { repo, base: git(repo, "rev-parse", "HEAD").trim() };
}

function refs(gitDir: string): string {
  return git(gitDir, "--git-dir", gitDir, "for-each-ref", "--format=%(objectname) %(refname)");
}

describe("sharedClone", () => {
  it("gives the refs, files and borrowed objects `git clone --shared` gives, without a remote, detached at the base", async () => {
    const { repo, base } = await richRepo();
    const dir = await tempDir("shared-clone");
    const made = path.join(dir, "made");
    await sharedClone(path.join(repo, ".git"), made, base);

    const real = path.join(dir, "real");
    git(dir, "clone", "-q", "--shared", "--no-checkout", "--", path.join(repo, ".git"), real);
    git(real, "remote", "remove", "origin");
    git(real, "checkout", "-q", "--detach", base);

    expect(refs(path.join(made, ".git"))).toBe(refs(path.join(real, ".git")));
    expect(refs(path.join(made, ".git"))).toContain("refs/tags/v2");
    expect(refs(path.join(made, ".git"))).not.toContain("refs/heads/feature");
    expect(git(made, "rev-parse", "HEAD").trim()).toBe(base);
    expect(git(made, "rev-parse", "--abbrev-ref", "HEAD").trim()).toBe("HEAD");
    expect(git(made, "remote").trim()).toBe("");
    expect(git(made, "status", "--porcelain")).toBe("");
    expect(readFileSync(path.join(made, "value.txt"), "utf8")).toBe("two\n");
    expect(readFileSync(path.join(made, ".git", "objects", "info", "alternates"), "utf8").trim()).toBe(path.join(repo, ".git", "objects"));
    // Borrowed, not copied: the clone's own object store is empty.
    expect(git(made, "count-objects", "-v")).toMatch(/^count: 0$/m);
    expect(git(made, "describe", "--tags").trim()).toBe("v2");
    // No hooks: the clone is made without git's templates.
    expect(existsSync(path.join(made, ".git", "hooks"))).toBe(false);
  });

  it("keeps a shallow repository's boundary, so history reads stop where the repository's do", async () => {
    const { repo } = await richRepo();
    const dir = await tempDir("shared-clone-shallow");
    const shallow = path.join(dir, "shallow");
    git(dir, "clone", "-q", "--depth", "1", `file://${repo}`, shallow);
    const base = git(shallow, "rev-parse", "HEAD").trim();
    const made = path.join(dir, "made");
    await sharedClone(path.join(shallow, ".git"), made, base);
    expect(readFileSync(path.join(made, ".git", "shallow"), "utf8")).toBe(readFileSync(path.join(shallow, ".git", "shallow"), "utf8"));
    expect(git(made, "log", "--oneline").trim().split("\n")).toHaveLength(1);
  });

  it("fails with git's error when the base is not in the repository, and a repository without tags is fine", async () => {
    const repo = await makeRepo();
    const dir = await tempDir("shared-clone-errors");
    const base = git(repo, "rev-parse", "HEAD").trim();
    await sharedClone(path.join(repo, ".git"), path.join(dir, "ok"), base);
    expect(git(path.join(dir, "ok"), "rev-parse", "HEAD").trim()).toBe(base);
    await expect(sharedClone(path.join(repo, ".git"), path.join(dir, "bad"), "0".repeat(40))).rejects.toThrow(/git .*checkout/);
  });
});

describe("refsToCopy", () => {
  it("keeps the branch HEAD names and every tag, nothing else", () => {
    const out = ["a1 refs/heads/feature ", "b2 refs/heads/main *", "c3 refs/tags/v1 ", "d4 refs/tags/v2 ", "e5 refs/notes/x ", ""].join("\n");
    expect(refsToCopy(out)).toEqual([
      { name: "refs/heads/main", id: "b2" },
      { name: "refs/tags/v1", id: "c3" },
      { name: "refs/tags/v2", id: "d4" },
    ]);
    expect(refsToCopy("")).toEqual([]);
  });
});
