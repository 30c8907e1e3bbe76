import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, realpath, rm, stat, symlink, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { git, GitError } from "../../src/local/git.js";
import { GitWorkspace, parseChanges, WorkspaceError } from "../../src/local/git-workspace.js";
import { countGitCalls } from "../support/git-calls.js";
import { tempDirIn, userGit } from "../support/git-fixture.js";

const cleanup: string[] = [];
const workspaces: GitWorkspace[] = [];

afterEach(async () => {
  vi.unstubAllEnvs();
  for (const ws of workspaces.splice(0)) await ws.dispose();
  for (const dir of cleanup.splice(0)) await rm(dir, { recursive: true, force: true });
});

const tempDir = (prefix: string): Promise<string> => tempDirIn(cleanup, prefix);
const sh = userGit;

async function writeFiles(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), content);
  }
}

async function makeRepo(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await tempDir("repo");
  await sh(dir, "init", "-q", "-b", "main");
  await writeFiles(dir, files);
  await sh(dir, "add", "-A");
  await sh(dir, "commit", "-q", "-m", "base");
  return dir;
}

const BASE_FILES = {
  "README.md": "# demo\n",
  "src/a.ts": "export const a = 1;\n",
  "src/b.ts": "line 1\nline 2\nline 3\n",
  ".gitignore": "dist/\n*.log\n",
};

async function workspace(repo: string, extra: { baseRef?: string; maxPatchChars?: number; scratch?: string[] } = {}): Promise<GitWorkspace> {
  const stateRoot = path.join(await tempDir("state"), "s1");
  const ws = await GitWorkspace.create({ repo, sessionId: "s1", stateRoot, ...extra });
  workspaces.push(ws);
  return ws;
}

async function expectWorkspaceError(promise: Promise<unknown>, code: WorkspaceError["code"]): Promise<WorkspaceError> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkspaceError);
  if (!(error instanceof WorkspaceError)) throw new Error("unreachable");
  expect(error.code).toBe(code);
  return error;
}

describe("git()", () => {
  it("returns stdout untouched and feeds standard input", async () => {
    const dir = await makeRepo({ "x.txt": "x\n" });
    const out = await git(["hash-object", "--stdin"], { cwd: dir, input: "hello\n" });
    expect(out).toEqual({ stdout: "ce013625030ba8dba906f756967f9e9ca394464a\n", stderr: "", exitCode: 0, truncated: false });
  });

  it("throws GitError with args, exit code and stderr", async () => {
    const dir = await makeRepo({ "x.txt": "x\n" });
    const error: unknown = await git(["rev-parse", "--verify", "no-such-ref"], { cwd: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    if (!(error instanceof GitError)) throw new Error("unreachable");
    expect(error.args).toEqual(["rev-parse", "--verify", "no-such-ref"]);
    expect(error.exitCode).toBe(128);
    expect(error.stderr).toBe("fatal: Needed a single revision");
  });

  it("throws GitError with a null exit code when git cannot start in the directory", async () => {
    const missing = path.join(await tempDir("missing"), "nope");
    const error: unknown = await git(["status"], { cwd: missing }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    if (!(error instanceof GitError)) throw new Error("unreachable");
    expect(error.exitCode).toBeNull();
  });

  it("accepts listed exit codes", async () => {
    const dir = await makeRepo({ "x.txt": "x\n" });
    await writeFile(path.join(dir, "x.txt"), "changed\n");
    const out = await git(["diff", "--quiet"], { cwd: dir, okExitCodes: [0, 1] });
    expect(out.exitCode).toBe(1);
  });

  it("cuts output at maxOutput and says so", async () => {
    const dir = await makeRepo({ "big.txt": "0123456789\n".repeat(100_000) });
    const out = await git(["cat-file", "-p", "HEAD:big.txt"], { cwd: dir, maxOutput: 25 });
    expect(out.truncated).toBe(true);
    expect(out.stdout).toBe("0123456789\n0123456789\n012");
  });

  it("ignores inherited GIT_* variables and sets prompt, locale and identity", async () => {
    const dir = await makeRepo({ "x.txt": "x\n" });
    vi.stubEnv("GIT_DIR", "/nonexistent/.git");
    vi.stubEnv("GIT_INDEX_FILE", "/nonexistent/index");
    vi.stubEnv("GIT_AUTHOR_NAME", "Mallory");
    const top = await git(["rev-parse", "--show-toplevel"], { cwd: dir });
    expect(top.stdout.trim()).toBe(dir);
    const env = await git(["-c", "alias.dumpenv=!env", "dumpenv"], { cwd: dir });
    const vars = new Map(env.stdout.split("\n").map((line) => [line.split("=")[0], line.slice(line.indexOf("=") + 1)]));
    expect(vars.get("GIT_TERMINAL_PROMPT")).toBe("0");
    expect(vars.get("LC_ALL")).toBe("C");
    expect(vars.get("GIT_AUTHOR_NAME")).toBe("Foreman");
    expect(vars.get("GIT_COMMITTER_EMAIL")).toBe("foreman@localhost");
    expect(vars.has("GIT_INDEX_FILE")).toBe(false);
    const ident = await git(["var", "GIT_COMMITTER_IDENT"], { cwd: dir });
    expect(ident.stdout).toMatch(/^Foreman <foreman@localhost> \d+ [+-]\d{4}\n$/);
  });

  it("applies opts.env last", async () => {
    const dir = await makeRepo({ "x.txt": "x\n" });
    const ident = await git(["var", "GIT_AUTHOR_IDENT"], { cwd: dir, env: { GIT_AUTHOR_NAME: "Someone" } });
    expect(ident.stdout).toMatch(/^Someone <foreman@localhost> /);
  });
});

describe("GitWorkspace.create", () => {
  it("makes a clone with its own .git, detached at the resolved base, borrowing the repository's objects", async () => {
    const repo = await makeRepo(BASE_FILES);
    const head = await sh(repo, "rev-parse", "HEAD");
    const ws = await workspace(repo);
    expect(ws.baseSha).toBe(head);
    expect(await readFile(path.join(ws.dir, "src/a.ts"), "utf8")).toBe("export const a = 1;\n");
    expect(await sh(ws.dir, "rev-parse", "HEAD")).toBe(head);
    expect(await sh(ws.dir, "status", "--porcelain=v2", "--branch")).toContain("# branch.head (detached)");
    expect(await sh(ws.dir, "status", "--porcelain")).toBe("");
    // Not a linked worktree: its git directory is its own, not the repository's.
    expect((await stat(path.join(ws.dir, ".git"))).isDirectory()).toBe(true);
    expect(await sh(ws.dir, "rev-parse", "--path-format=absolute", "--git-common-dir")).toBe(path.join(ws.dir, ".git"));
    expect(await sh(repo, "worktree", "list", "--porcelain")).not.toContain(ws.dir);
    // No remote to push to: the user's repository is not named in the clone's config.
    expect(await sh(ws.dir, "remote")).toBe("");
    expect(await readFile(path.join(ws.dir, ".git", "config"), "utf8")).not.toContain(repo);
    expect(await readFile(path.join(ws.dir, ".git", "objects", "info", "alternates"), "utf8")).toBe(`${path.join(repo, ".git", "objects")}\n`);
    // Foreman measures with a git directory of its own, outside the clone.
    expect(ws.gitDir).toBe(path.join(ws.stateRoot, "foreman.git"));
  });

  it("resolves baseRef to a commit", async () => {
    const repo = await makeRepo(BASE_FILES);
    const first = await sh(repo, "rev-parse", "HEAD");
    await sh(repo, "tag", "v1");
    await writeFile(path.join(repo, "README.md"), "# later\n");
    await sh(repo, "commit", "-q", "-am", "later");
    const ws = await workspace(repo, { baseRef: "v1" });
    expect(ws.baseSha).toBe(first);
    expect(await readFile(path.join(ws.dir, "README.md"), "utf8")).toBe("# demo\n");
  });

  it("works with the state root inside the repository's git directory", async () => {
    const repo = await makeRepo(BASE_FILES);
    const before = await sh(repo, "status", "--porcelain=v2", "--branch", "--untracked-files=all");
    const ws = await GitWorkspace.create({ repo, sessionId: "s1", stateRoot: path.join(repo, ".git", "foreman", "s1") });
    workspaces.push(ws);
    await writeFile(path.join(ws.dir, "new.txt"), "new\n");
    const diff = await ws.diff();
    expect(diff.files).toEqual([{ path: "new.txt", additions: 1, deletions: 0, binary: false, change: "A", bytes: 4 }]);
    expect(await sh(repo, "status", "--porcelain=v2", "--branch", "--untracked-files=all")).toBe(before);
  });

  it("does not run the repository's hooks", async () => {
    const repo = await makeRepo(BASE_FILES);
    const marker = path.join(await tempDir("marker"), "ran");
    const hook = path.join(repo, ".git", "hooks", "post-checkout");
    await writeFile(hook, `#!/bin/sh\necho ran > '${marker}'\n`);
    await chmod(hook, 0o755);
    await workspace(repo);
    expect(existsSync(marker)).toBe(false);
  });

  it("refuses a repository without commits", async () => {
    const repo = await tempDir("empty");
    await sh(repo, "init", "-q", "-b", "main");
    const error = await expectWorkspaceError(
      GitWorkspace.create({ repo, sessionId: "s1", stateRoot: path.join(await tempDir("state"), "s1") }),
      "no_commits",
    );
    expect(error.message).toContain("make a first commit");
  });

  it("with the repository already discovered, does not look for it again (the repo path is not read)", async () => {
    const repo = await makeRepo(BASE_FILES);
    const commonDir = await realpath(path.join(repo, ".git"));
    const ws = await GitWorkspace.create({
      repo: path.join(repo, "no-such-dir"),
      sessionId: "s1",
      stateRoot: path.join(await tempDir("state"), "s1"),
      discovered: { commonDir, toplevel: await realpath(repo) },
    });
    workspaces.push(ws);
    expect(ws.baseSha).toBe((await sh(repo, "rev-parse", "HEAD")).trim());
  });

  it("refuses a directory that is not a repository", async () => {
    const dir = await tempDir("plain");
    await expectWorkspaceError(
      GitWorkspace.create({ repo: dir, sessionId: "s1", stateRoot: path.join(await tempDir("state"), "s1") }),
      "not_a_repository",
    );
    await expectWorkspaceError(
      GitWorkspace.create({ repo: path.join(dir, "missing"), sessionId: "s1", stateRoot: path.join(dir, "state") }),
      "not_a_repository",
    );
  });

  it("refuses an unknown base", async () => {
    const repo = await makeRepo(BASE_FILES);
    const error = await expectWorkspaceError(workspace(repo, { baseRef: "no-such-branch" }), "unknown_base");
    expect(error.message).toContain("'no-such-branch'");
  });

  it.each(["", "-x", "--output=/tmp/x", "main branch", "a\nb"])("refuses baseRef %j", async (baseRef) => {
    const repo = await makeRepo(BASE_FILES);
    await expectWorkspaceError(workspace(repo, { baseRef }), "invalid_input");
  });

  it.each(["", "a\nb", "x".repeat(201), "tab\there"])("refuses sessionId %j", async (sessionId) => {
    const repo = await makeRepo(BASE_FILES);
    await expectWorkspaceError(GitWorkspace.create({ repo, sessionId, stateRoot: path.join(await tempDir("state"), "s1") }), "invalid_input");
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses maxPatchChars %s", async (maxPatchChars) => {
    const repo = await makeRepo(BASE_FILES);
    await expectWorkspaceError(workspace(repo, { maxPatchChars }), "invalid_input");
  });

  it("refuses a state root inside the user's working tree", async () => {
    const repo = await makeRepo(BASE_FILES);
    const error = await expectWorkspaceError(
      GitWorkspace.create({ repo, sessionId: "s1", stateRoot: path.join(repo, ".foreman", "s1") }),
      "invalid_input",
    );
    expect(error.message).toContain("inside the working tree");
    expect(existsSync(path.join(repo, ".foreman"))).toBe(false);
  });

  it("refuses to create over an existing workspace", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    await expectWorkspaceError(GitWorkspace.create({ repo, sessionId: "s1", stateRoot: ws.stateRoot }), "already_exists");
  });
});

describe("GitWorkspace.diff", () => {
  it("is empty with the base tree's hash on a fresh worktree", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    const diff = await ws.diff();
    expect(await ws.patch(diff.hash)).toBe("");
    expect(await ws.paths(diff.hash)).toEqual([".gitignore", "README.md", "src/a.ts", "src/b.ts"]);
    expect({ hash: diff.hash, files: diff.files }).toEqual({ hash: await sh(repo, "rev-parse", "HEAD^{tree}"), files: [] });
  });

  it("gives equal hashes to equal content however it was reached (A -> B -> A)", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    const file = path.join(ws.dir, "src/a.ts");
    await writeFile(file, "export const a = 2;\n");
    await writeFile(path.join(ws.dir, "notes.txt"), "n\n");
    const a = await ws.diff();
    await writeFile(file, "export const a = 3;\n");
    await rm(path.join(ws.dir, "notes.txt"));
    const b = await ws.diff();
    expect(b.hash).not.toBe(a.hash);
    await writeFile(path.join(ws.dir, "notes.txt"), "n\n");
    await writeFile(file, "export const a = 2;\n");
    const again = await ws.diff();
    expect(again.hash).toBe(a.hash);
    expect(again.files).toEqual(a.files);

    // A second workspace reaching the same content by other edits has the same hash too.
    const other = await GitWorkspace.create({ repo, sessionId: "s2", stateRoot: path.join(await tempDir("state"), "s2") });
    workspaces.push(other);
    await writeFile(path.join(other.dir, "notes.txt"), "draft\n");
    await writeFile(path.join(other.dir, "notes.txt"), "n\n");
    await writeFile(path.join(other.dir, "src/a.ts"), "export const a = 2;\n");
    expect((await other.diff()).hash).toBe(a.hash);
  });

  it("counts untracked files and skips ignored ones", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    const clean = await ws.diff();
    await writeFiles(ws.dir, { "dist/out.js": "built\n", "debug.log": "log\n" });
    const ignoredOnly = await ws.diff();
    expect(ignoredOnly.hash).toBe(clean.hash);
    expect(ignoredOnly.files).toEqual([]);
    await writeFiles(ws.dir, { "src/new/c.ts": "one\ntwo\n" });
    const diff = await ws.diff();
    expect(diff.files).toEqual([{ path: "src/new/c.ts", additions: 2, deletions: 0, binary: false, change: "A", bytes: 8 }]);
    expect(await ws.patch(diff.hash)).toContain("+++ b/src/new/c.ts\n@@ -0,0 +1,2 @@\n+one\n+two\n");
  });

  it("reports modifications, deletions, renames and binary files", async () => {
    const repo = await makeRepo({ ...BASE_FILES, "docs/guide.md": "alpha\nbeta\ngamma\ndelta\nepsilon\n" });
    const ws = await workspace(repo);
    await writeFile(path.join(ws.dir, "src/b.ts"), "line 1\nline two\nline 3\nline 4\n");
    await rm(path.join(ws.dir, "README.md"));
    await mkdir(path.join(ws.dir, "manual"));
    await writeFile(path.join(ws.dir, "manual/guide.md"), "alpha\nbeta\ngamma\ndelta\nepsilon\nzeta\n");
    await rm(path.join(ws.dir, "docs"), { recursive: true });
    await writeFile(path.join(ws.dir, "logo.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02, 0x00, 0xff]));
    const diff = await ws.diff();
    expect(diff.files).toEqual([
      { path: "README.md", additions: 0, deletions: 1, binary: false, change: "D" },
      { path: "logo.png", additions: 0, deletions: 0, binary: true, change: "A", bytes: 9 },
      { path: "manual/guide.md", additions: 1, deletions: 0, binary: false, change: "R", previousPath: "docs/guide.md", bytes: 36 },
      { path: "src/b.ts", additions: 2, deletions: 1, binary: false, change: "M", bytes: 30 },
    ]);
    expect(await ws.patch(diff.hash)).toContain("rename from docs/guide.md\nrename to manual/guide.md\n");
    expect(await ws.patch(diff.hash)).toContain("Binary files /dev/null and b/logo.png differ\n");
    expect(await ws.patch(diff.hash)).toContain("-line 2\n+line two\n");
  });

  it("reports a change of file mode as a modification", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    await chmod(path.join(ws.dir, "src/a.ts"), 0o755);
    const diff = await ws.diff();
    expect(diff.files).toEqual([{ path: "src/a.ts", additions: 0, deletions: 0, binary: false, change: "M", bytes: 20 }]);
    expect(await ws.patch(diff.hash)).toContain("old mode 100644\nnew mode 100755\n");
  });

  it("keeps paths with spaces, quotes and non-ASCII characters verbatim", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    const name = 'dir with space/"quoted" café\ttab.txt';
    await writeFiles(ws.dir, { [name]: "x\n" });
    expect((await ws.diff()).files.map((f) => f.path)).toEqual([name]);
  });

  it("cuts a long patch at a line boundary with a marker", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo, { maxPatchChars: 300 });
    await writeFile(path.join(ws.dir, "big.txt"), Array.from({ length: 200 }, (_, i) => `line ${i}\n`).join(""));
    const diff = await ws.diff();
    const [head, marker] = (await ws.patch(diff.hash)).split("[foreman: patch truncated");
    expect(head!.length).toBeLessThanOrEqual(300);
    expect(head!.endsWith("\n")).toBe(true);
    expect(marker).toContain(`git diff ${ws.baseSha} ${diff.hash}`);
    expect(diff.files).toEqual([{ path: "big.txt", additions: 200, deletions: 0, binary: false, change: "A", bytes: 1690 }]);
  });

  it("leaves the worktree's own index and HEAD alone", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    await writeFile(path.join(ws.dir, "src/a.ts"), "changed\n");
    await writeFile(path.join(ws.dir, "new.txt"), "new\n");
    await sh(ws.dir, "add", "src/a.ts");
    const stage = await sh(ws.dir, "ls-files", "--stage");
    const status = await sh(ws.dir, "status", "--porcelain=v2", "--untracked-files=all");
    await ws.diff();
    await ws.patch((await ws.diff()).hash);
    expect(await sh(ws.dir, "ls-files", "--stage")).toBe(stage);
    expect(await sh(ws.dir, "status", "--porcelain=v2", "--untracked-files=all")).toBe(status);
    expect(await sh(ws.dir, "rev-parse", "HEAD")).toBe(ws.baseSha);
  });

  it("counts what the agent committed in the worktree as changes against the base", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    await writeFile(path.join(ws.dir, "src/a.ts"), "committed\n");
    await sh(ws.dir, "commit", "-q", "-am", "agent commit");
    const diff = await ws.diff();
    expect(diff.files).toEqual([{ path: "src/a.ts", additions: 1, deletions: 1, binary: false, change: "M", bytes: 10 }]);
  });

  it("still measures the right tree when the agent replaces the clone's .git with a pointer elsewhere", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    const decoy = await makeRepo({ "other.txt": "other\n" });
    await rm(path.join(ws.dir, ".git"), { recursive: true });
    await writeFile(path.join(ws.dir, ".git"), `gitdir: ${path.join(decoy, ".git")}\n`);
    await writeFile(path.join(ws.dir, "new.txt"), "new\n");
    const diff = await ws.diff();
    expect(diff.files.map((f) => f.path)).toEqual(["new.txt"]);
  });
});

describe("GitWorkspace remembers what it measured, by tree", () => {
  it("diff() of a tree it measured already is one status call, and still sees every later change", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    await writeFile(path.join(ws.dir, "src/a.ts"), "export const a = 2;\n");
    const counter = await countGitCalls(await tempDir("git-shim"));
    const first = await ws.diff();
    expect((await counter.take()).sort()).toEqual(["add", "cat-file", "diff", "read-tree", "write-tree"]);
    const again = await ws.diff();
    expect(again).toEqual(first);
    expect(await counter.take()).toEqual(["status"]);

    // The same size, the same second: still a change.
    await writeFile(path.join(ws.dir, "src/a.ts"), "export const a = 3;\n");
    const changed = await ws.diff();
    expect(changed.hash).not.toBe(first.hash);
    expect(changed.files.map((f) => f.path)).toEqual(["src/a.ts"]);
    // A new file is a change too.
    await writeFile(path.join(ws.dir, "new.txt"), "x\n");
    expect((await ws.diff()).files.map((f) => f.path).sort()).toEqual(["new.txt", "src/a.ts"]);
    // Back to the first tree: its answer is known, one status call confirms it.
    await ws.restore(first.hash);
    await counter.take();
    expect(await ws.diff()).toEqual(first);
    expect(await counter.take()).toEqual(["status"]);
  });

  it("a caller that changes a diff it was given does not change the next answer", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    await writeFile(path.join(ws.dir, "README.md"), "# changed\n");
    const first = await ws.diff();
    const copy = structuredClone(first);
    first.files.push({ path: "forged", change: "A", additions: 1, deletions: 0, binary: false });
    first.files[0]!.path = "renamed";
    expect(await ws.diff()).toEqual(copy);
  });

  it("paths() of a tree lists it once; callers get their own copy", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    const { hash } = await ws.diff();
    const counter = await countGitCalls(await tempDir("git-shim"));
    const listed = await ws.paths(hash);
    listed.push("forged");
    expect(await ws.paths(hash)).toEqual([".gitignore", "README.md", "src/a.ts", "src/b.ts"]);
    expect(await counter.take()).toEqual(["ls-tree"]);
  });

  it("discardLeftover asks git nothing when nothing is left", async () => {
    const repo = await makeRepo(BASE_FILES);
    const stateRoot = path.join(await tempDir("state"), "s1");
    const counter = await countGitCalls(await tempDir("git-shim"));
    expect(await GitWorkspace.discardLeftover({ repo, stateRoot })).toBe(false);
    expect(await counter.take()).toEqual([]);
  });
});

describe("GitWorkspace does not trust the clone's .git", () => {
  it("runs no filter, fsmonitor or hook the agent configured in its clone while measuring and restoring", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    const markers = await tempDir("markers");
    const script = (name: string): string => `sh -c 'echo ran > ${path.join(markers, name)}; cat'`;
    await sh(ws.dir, "config", "filter.evil.clean", script("clean"));
    await sh(ws.dir, "config", "filter.evil.smudge", script("smudge"));
    await sh(ws.dir, "config", "core.fsmonitor", script("fsmonitor"));
    await sh(ws.dir, "config", "core.hooksPath", markers);
    await writeFiles(ws.dir, {
      ".gitattributes": "* filter=evil\n",
      "src/a.ts": "changed\n",
      ".git/hooks/post-checkout": `#!/bin/sh\necho ran > ${path.join(markers, "hook")}\n`,
    });
    await chmod(path.join(ws.dir, ".git/hooks/post-checkout"), 0o755);
    const diff = await ws.diff();
    expect(diff.files.map((f) => f.path)).toEqual([".gitattributes", "src/a.ts"]);
    await writeFile(path.join(ws.dir, "src/b.ts"), "dirty\n");
    expect(await ws.isClean(diff.hash)).toBe(false);
    await ws.restore(diff.hash);
    await ws.patch(diff.hash);
    expect(await readFile(path.join(ws.dir, "src/b.ts"), "utf8")).toBe("line 1\nline 2\nline 3\n");
    expect(existsSync(path.join(markers, "clean"))).toBe(false);
    expect(existsSync(path.join(markers, "smudge"))).toBe(false);
    expect(existsSync(path.join(markers, "fsmonitor"))).toBe(false);
    expect(existsSync(path.join(markers, "hook"))).toBe(false);
  });
});

describe("GitWorkspace.discardLeftover", () => {
  it("removes what a start that died left, so the id can be created afresh", async () => {
    const repo = await makeRepo(BASE_FILES);
    const stateRoot = path.join(await tempDir("state"), "s1");
    const ws = await GitWorkspace.create({ repo, sessionId: "s1", stateRoot });
    await writeFile(path.join(ws.dir, "half-done.txt"), "x\n");
    await writeFile(path.join(stateRoot, "keep.txt"), "not Foreman's\n");
    // Killed before the record was written: only the clone and Foreman's git dir are there.
    await rm(path.join(stateRoot, "workspace.json"));
    await expectWorkspaceError(GitWorkspace.create({ repo, sessionId: "s1", stateRoot }), "already_exists");

    expect(await GitWorkspace.discardLeftover({ repo, stateRoot })).toBe(true);
    expect(existsSync(ws.dir)).toBe(false);
    expect(existsSync(ws.gitDir)).toBe(false);
    expect(await readFile(path.join(stateRoot, "keep.txt"), "utf8")).toBe("not Foreman's\n");
    expect(await GitWorkspace.discardLeftover({ repo, stateRoot })).toBe(false);

    const again = await GitWorkspace.create({ repo, sessionId: "s1", stateRoot });
    workspaces.push(again);
    expect((await again.diff()).files).toEqual([]);
  });

  it("unregisters a linked worktree an older Foreman left", async () => {
    const repo = await makeRepo(BASE_FILES);
    const stateRoot = path.join(await tempDir("state"), "s1");
    const worktree = path.join(stateRoot, "worktree");
    await sh(repo, "worktree", "add", "-q", "--detach", "--lock", worktree, "HEAD");
    expect(await sh(repo, "worktree", "list", "--porcelain")).toContain(worktree);
    expect(await GitWorkspace.discardLeftover({ repo, stateRoot })).toBe(true);
    expect(existsSync(worktree)).toBe(false);
    expect(await sh(repo, "worktree", "list", "--porcelain")).not.toContain(worktree);
  });
});

describe("GitWorkspace.isClean and restore", () => {
  it("isClean is true for the current hash only", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    await writeFile(path.join(ws.dir, "src/a.ts"), "agent\n");
    const { hash } = await ws.diff();
    expect(await ws.isClean(hash)).toBe(true);
    await writeFiles(ws.dir, { "coverage/lcov.info": "x\n" });
    expect(await ws.isClean(hash)).toBe(false);
  });

  it("ignored files written by a gate keep the tree clean", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    const { hash } = await ws.diff();
    await writeFiles(ws.dir, { "dist/bundle.js": "x\n", "npm-debug.log": "x\n" });
    expect(await ws.isClean(hash)).toBe(true);
  });

  it.each(["", "abc", "HEAD", "0".repeat(39), "G".repeat(40), "A".repeat(40)])("isClean and restore refuse hash %j", async (hash) => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    await expectWorkspaceError(ws.isClean(hash), "invalid_input");
    await expectWorkspaceError(ws.restore(hash), "invalid_input");
  });

  it("restore puts back exactly the tree after a gate dirtied it", async () => {
    const repo = await makeRepo({ ...BASE_FILES, "src/dir-later.txt": "file\n" });
    const ws = await workspace(repo);
    await writeFile(path.join(ws.dir, "src/a.ts"), "export const a = 42;\n");
    await writeFiles(ws.dir, { "src/agent.ts": "agent\n" });
    const before = await ws.diff();
    const listing = await ws.paths(before.hash);
    const patchBefore = await ws.patch(before.hash);

    // The gate: modifies a tracked file, deletes one, adds files and directories, turns a
    // file into a directory, writes ignored output.
    await writeFile(path.join(ws.dir, "src/a.ts"), "export const a = 0; // formatted\n");
    await writeFile(path.join(ws.dir, "src/b.ts"), "rewritten\n");
    await rm(path.join(ws.dir, "README.md"));
    await rm(path.join(ws.dir, "src/agent.ts"));
    await writeFiles(ws.dir, { "snapshot.txt": "s\n", "tmp/cache/x.json": "{}\n", "dist/out.js": "out\n" });
    await rm(path.join(ws.dir, "src/dir-later.txt"));
    await writeFiles(ws.dir, { "src/dir-later.txt/inner.txt": "inner\n" });
    expect(await ws.isClean(before.hash)).toBe(false);

    await ws.restore(before.hash);
    expect(await ws.isClean(before.hash)).toBe(true);
    expect(await ws.diff()).toEqual(before);
    expect(await ws.paths((await ws.diff()).hash)).toEqual(listing);
    expect(await ws.patch(before.hash)).toBe(patchBefore);
    expect(await readFile(path.join(ws.dir, "src/a.ts"), "utf8")).toBe("export const a = 42;\n");
    expect(await readFile(path.join(ws.dir, "src/b.ts"), "utf8")).toBe("line 1\nline 2\nline 3\n");
    expect(await readFile(path.join(ws.dir, "README.md"), "utf8")).toBe("# demo\n");
    expect(await readFile(path.join(ws.dir, "src/dir-later.txt"), "utf8")).toBe("file\n");
    expect(existsSync(path.join(ws.dir, "snapshot.txt"))).toBe(false);
    expect(existsSync(path.join(ws.dir, "tmp"))).toBe(false);
    // Ignored files are not part of the tree: restore leaves them.
    expect(await readFile(path.join(ws.dir, "dist/out.js"), "utf8")).toBe("out\n");
  });

  it("restore does not rewrite files the gate left alone", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    const readme = path.join(ws.dir, "README.md");
    const old = new Date("2020-01-01T00:00:00Z");
    await utimes(readme, old, old);
    const before = await ws.diff();
    const { ino, mtimeMs } = await stat(readme);
    await writeFile(path.join(ws.dir, "src/a.ts"), "dirty\n");
    await ws.restore(before.hash);
    expect(await readFile(path.join(ws.dir, "src/a.ts"), "utf8")).toBe("export const a = 1;\n");
    expect(await stat(readme)).toMatchObject({ ino, mtimeMs });
  });

  it("restore can go back to the base tree", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    const base = await ws.diff();
    await writeFiles(ws.dir, { "src/a.ts": "x\n", "new.txt": "n\n" });
    await ws.restore(base.hash);
    expect(await ws.diff()).toEqual(base);
  });

  it("restore refuses a hash that is not a tree of the repository", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    await expectWorkspaceError(ws.restore("1".repeat(40)), "unknown_tree");
    // A commit id is not a tree id.
    await expectWorkspaceError(ws.restore(ws.baseSha), "unknown_tree");
    expect((await ws.diff()).files).toEqual([]);
  });
});

describe("GitWorkspace paths and readFile", () => {
  it("lists tracked and untracked files, not ignored or deleted ones", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    await writeFiles(ws.dir, { "pkg/package.json": "{}\n", "dist/x.js": "x\n", "a.log": "x\n" });
    await rm(path.join(ws.dir, "src/b.ts"));
    expect(await ws.paths((await ws.diff()).hash)).toEqual([".gitignore", "README.md", "pkg/package.json", "src/a.ts"]);
  });

  it("reads files, null for missing files and directories", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    await writeFiles(ws.dir, { "pkg/package.json": '{"name":"p"}\n' });
    await symlink("a.ts", path.join(ws.dir, "src/link.ts"));
    expect(await ws.readFile("pkg/package.json")).toBe('{"name":"p"}\n');
    expect(await ws.readFile("./src/a.ts")).toBe("export const a = 1;\n");
    expect(await ws.readFile("src/link.ts")).toBe("export const a = 1;\n");
    expect(await ws.readFile("missing.txt")).toBeNull();
    expect(await ws.readFile("src")).toBeNull();
  });

  it.each(["", "../outside.txt", "src/../../outside.txt", "/etc/passwd", "a\0b"])("readFile refuses %j", async (p) => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    await expectWorkspaceError(ws.readFile(p), "invalid_input");
  });

  it("readFile refuses a symbolic link that leads outside the worktree", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    const secret = path.join(await tempDir("secret"), "secret.txt");
    await writeFile(secret, "token\n");
    await symlink(secret, path.join(ws.dir, "leak.txt"));
    await symlink(path.dirname(secret), path.join(ws.dir, "leakdir"));
    await expectWorkspaceError(ws.readFile("leak.txt"), "invalid_input");
    await expectWorkspaceError(ws.readFile("leakdir/secret.txt"), "invalid_input");
  });
});

describe("GitWorkspace.open and dispose", () => {
  it("reopens a session's worktree with its work and base", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    await writeFile(path.join(ws.dir, "new.txt"), "n\n");
    const diff = await ws.diff();
    // HEAD moves on after the session started: the reopened workspace keeps its base.
    await writeFile(path.join(repo, "README.md"), "# moved\n");
    await sh(repo, "commit", "-q", "-am", "moved");
    await writeFile(path.join(ws.stateRoot, "index.tmp.lock"), "");
    const again = await GitWorkspace.open({ repo, sessionId: "s1", stateRoot: ws.stateRoot, baseSha: ws.baseSha });
    expect(again.dir).toBe(ws.dir);
    expect(again.baseSha).toBe(ws.baseSha);
    expect(await again.diff()).toEqual(diff);
  });

  it("open refuses a missing workspace, another session, another base or another repository", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    await expectWorkspaceError(GitWorkspace.open({ repo, sessionId: "s1", stateRoot: path.join(await tempDir("state"), "none") }), "not_found");
    await expectWorkspaceError(GitWorkspace.open({ repo, sessionId: "s2", stateRoot: ws.stateRoot }), "mismatch");
    await expectWorkspaceError(GitWorkspace.open({ repo, sessionId: "s1", stateRoot: ws.stateRoot, baseSha: "f".repeat(40) }), "mismatch");
    const other = await makeRepo(BASE_FILES);
    await expectWorkspaceError(GitWorkspace.open({ repo: other, sessionId: "s1", stateRoot: ws.stateRoot }), "mismatch");
  });

  it("open refuses a corrupt record and a removed worktree", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    const record = path.join(ws.stateRoot, "workspace.json");
    const saved = await readFile(record, "utf8");
    await writeFile(record, "{not json");
    await expectWorkspaceError(GitWorkspace.open({ repo, sessionId: "s1", stateRoot: ws.stateRoot }), "not_found");
    await writeFile(record, saved);
    await rm(ws.dir, { recursive: true, force: true });
    await expectWorkspaceError(GitWorkspace.open({ repo, sessionId: "s1", stateRoot: ws.stateRoot }), "not_found");
  });

  it("dispose removes the worktree and its administration, twice safely", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    await writeFiles(ws.dir, { "new.txt": "n\n", "dist/x.js": "x\n" });
    await ws.diff();
    await writeFile(path.join(ws.stateRoot, "state.json"), "{}\n");
    await ws.dispose();
    await ws.dispose();
    expect(existsSync(ws.dir)).toBe(false);
    expect(existsSync(ws.gitDir)).toBe(false);
    expect(existsSync(path.join(ws.stateRoot, "index.tmp"))).toBe(false);
    expect(existsSync(path.join(ws.stateRoot, "workspace.json"))).toBe(false);
    expect(await readFile(path.join(ws.stateRoot, "state.json"), "utf8")).toBe("{}\n");
    expect(await sh(repo, "worktree", "list", "--porcelain")).not.toContain(ws.dir);
    await expectWorkspaceError(ws.diff(), "not_found");
    await expectWorkspaceError(GitWorkspace.open({ repo, sessionId: "s1", stateRoot: ws.stateRoot }), "not_found");
  });

  it("dispose works after the worktree directory was deleted", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo);
    await rm(ws.dir, { recursive: true, force: true });
    await ws.dispose();
    expect(existsSync(ws.gitDir)).toBe(false);
    expect(await sh(repo, "worktree", "list", "--porcelain")).not.toContain(ws.dir);
    // The same state root can host a new workspace afterwards.
    const again = await GitWorkspace.create({ repo, sessionId: "s1", stateRoot: ws.stateRoot });
    workspaces.push(again);
    expect((await again.diff()).files).toEqual([]);
  });
});

describe("GitWorkspace of an older Foreman (a linked worktree, record version 1)", () => {
  it("is reopened, measured and disposed of the old way", async () => {
    const repo = await makeRepo(BASE_FILES);
    const stateRoot = path.join(await tempDir("state"), "s1");
    const worktree = path.join(stateRoot, "worktree");
    await sh(repo, "worktree", "add", "-q", "--detach", "--lock", worktree, "HEAD");
    const gitDir = await sh(worktree, "rev-parse", "--absolute-git-dir");
    const baseSha = await sh(repo, "rev-parse", "HEAD");
    const record = { version: 1, sessionId: "s1", baseSha, commonDir: path.join(repo, ".git"), worktree, gitDir };
    await writeFile(path.join(stateRoot, "workspace.json"), JSON.stringify(record));
    const ws = await GitWorkspace.open({ repo, sessionId: "s1", stateRoot, baseSha });
    expect(ws.gitDir).toBe(gitDir);
    await writeFile(path.join(worktree, "new.txt"), "n\n");
    expect((await ws.diff()).files.map((f) => f.path)).toEqual(["new.txt"]);
    await ws.dispose();
    expect(existsSync(worktree)).toBe(false);
    expect(existsSync(gitDir)).toBe(false);
    expect(await sh(repo, "worktree", "list", "--porcelain")).not.toContain(worktree);
  });

  it("is not reopened once git no longer lists it", async () => {
    const repo = await makeRepo(BASE_FILES);
    const stateRoot = path.join(await tempDir("state"), "s1");
    const worktree = path.join(stateRoot, "worktree");
    await sh(repo, "worktree", "add", "-q", "--detach", worktree, "HEAD");
    const gitDir = await sh(worktree, "rev-parse", "--absolute-git-dir");
    const record = {
      version: 1,
      sessionId: "s1",
      baseSha: await sh(repo, "rev-parse", "HEAD"),
      commonDir: path.join(repo, ".git"),
      worktree,
      gitDir,
    };
    await writeFile(path.join(stateRoot, "workspace.json"), JSON.stringify(record));
    // Registered elsewhere: git lists another path for that administration directory.
    await writeFile(path.join(gitDir, "gitdir"), `${path.join(stateRoot, "elsewhere", ".git")}\n`);
    await expectWorkspaceError(GitWorkspace.open({ repo, sessionId: "s1", stateRoot }), "not_found");
  });
});

describe("parseChanges", () => {
  it("refuses a status it does not know", () => {
    expect(() => parseChanges("X\0file\0", "1\t0\tfile\0")).toThrow(GitError);
  });
});

describe("GitWorkspace scratch files of the agent", () => {
  it("leaves them out of the diff, the cleanliness check and the restore", async () => {
    const repo = await makeRepo(BASE_FILES);
    const ws = await workspace(repo, { scratch: [".aider*"] });
    const clean = await ws.diff();
    await writeFiles(ws.dir, { ".aider.tags.cache.v4/cache.db": "sqlite\n", ".aider.chat.history.md": "chat\n", "src/a.ts": "changed\n" });
    const diff = await ws.diff();
    expect(diff.files.map((f) => f.path)).toEqual(["src/a.ts"]);
    expect(diff.hash).not.toBe(clean.hash);
    // A gate that only touches scratch files leaves the tree clean; a real change does not.
    await writeFile(path.join(ws.dir, ".aider.chat.history.md"), "more chat\n");
    expect(await ws.isClean(diff.hash)).toBe(true);
    await writeFile(path.join(ws.dir, "gate-output.txt"), "x\n");
    expect(await ws.isClean(diff.hash)).toBe(false);
    await ws.restore(diff.hash);
    expect(existsSync(path.join(ws.dir, "gate-output.txt"))).toBe(false);
    expect(existsSync(path.join(ws.dir, ".aider.tags.cache.v4/cache.db"))).toBe(true);
  });

  it("refuses patterns that could reach outside the worktree or act as pathspec magic", async () => {
    const repo = await makeRepo(BASE_FILES);
    for (const bad of ["../x", "/etc/*", ":(top)x", ""]) {
      await expectWorkspaceError(workspace(repo, { scratch: [bad] }), "invalid_input");
    }
  });
});
