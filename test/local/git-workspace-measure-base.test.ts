import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { checkoutIsBase, GitWorkspace } from "../../src/local/git-workspace.js";
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

async function makeRepo(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await tempDir("repo");
  await userGit(dir, "init", "-q", "-b", "main");
  await userGit(dir, "config", "core.autocrlf", "false");
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  await userGit(dir, "add", "-A");
  await userGit(dir, "commit", "-q", "-m", "base");
  return dir;
}

async function workspace(repo: string, id = "s1"): Promise<GitWorkspace> {
  const stateRoot = path.join(await tempDir("state"), id);
  const ws = await GitWorkspace.create({ repo, sessionId: id, stateRoot });
  workspaces.push(ws);
  return ws;
}

const FILES = { "README.md": "# demo\n", "src/a.ts": "export const a = 1;\n", ".gitignore": "dist/\n" };

describe("GitWorkspace.measureBase", () => {
  it("after create(), learns the base from the checkout in three read-only git calls, and answers as a full measurement does", async () => {
    const repo = await makeRepo(FILES);
    const measured = await workspace(repo, "measured");
    const expected = await measured.diff();
    const expectedPaths = await measured.paths(expected.hash);

    const ws = await workspace(repo, "learned");
    // A second later, git's index holds the checkout's stat data as certainly clean (not "racily"
    // clean, as within the same second): a measure that kept it would not read a.txt again.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const counter = await countGitCalls(await tempDir("git-shim"));
    await ws.measureBase();
    expect((await counter.take()).sort()).toEqual(["ls-tree", "rev-parse", "write-tree"]);
    expect(await ws.diff()).toEqual(expected);
    expect(expected.files).toEqual([]);
    expect(await ws.paths(expected.hash)).toEqual(expectedPaths);
    // The engine's own questions: one status call, no staging of the working copy.
    expect(await counter.take()).toEqual(["status"]);
  });

  it("still sees what changes after it: the learned index holds the base with its stat data", async () => {
    const ws = await workspace(await makeRepo(FILES));
    await ws.measureBase();
    const base = await ws.diff();
    await writeFile(path.join(ws.dir, "src/a.ts"), "export const a = 2;\n");
    await writeFile(path.join(ws.dir, "new.txt"), "new\n");
    const changed = await ws.diff();
    expect(changed.hash).not.toBe(base.hash);
    expect(changed.files.map((f) => [f.path, f.change])).toEqual([
      ["new.txt", "A"],
      ["src/a.ts", "M"],
    ]);
    expect(await ws.isClean(changed.hash)).toBe(true);
  });

  it("measures in full where attributes could make the checkout differ (a CRLF file marked text)", async () => {
    // Committed with CRLF, then marked `text`: git would store it with LF, so the checkout is a change.
    const repo = await makeRepo({ "a.txt": "one\r\ntwo\r\n" });
    await writeFile(path.join(repo, ".gitattributes"), "*.txt text\n");
    await userGit(repo, "add", ".gitattributes");
    await userGit(repo, "commit", "-q", "-m", "attributes");
    const measured = await workspace(repo, "measured");
    const expected = await measured.diff();
    expect(expected.files.map((f) => f.path)).toEqual(["a.txt"]);

    const ws = await workspace(repo, "learned");
    // A second later, git's index holds the checkout's stat data as certainly clean (not "racily"
    // clean, as within the same second): a measure that kept it would not read a.txt again.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const counter = await countGitCalls(await tempDir("git-shim"));
    await ws.measureBase();
    expect(await counter.take()).toContain("add");
    expect(await ws.diff()).toEqual(expected);
  });

  it("measures in full when anything ran on the workspace before it", async () => {
    const ws = await workspace(await makeRepo(FILES));
    await writeFile(path.join(ws.dir, "extra.txt"), "x\n");
    await ws.isClean("4b825dc642cb6eb9a060e54bf8d69288fbee4904");
    const counter = await countGitCalls(await tempDir("git-shim"));
    await ws.measureBase();
    expect(await counter.take()).not.toContain("rev-parse");
    expect((await ws.diff()).files.map((f) => f.path)).toEqual(["extra.txt"]);
  });

  it("measures in full on a reopened workspace", async () => {
    const repo = await makeRepo(FILES);
    const created = await workspace(repo);
    const reopened = await GitWorkspace.open({ repo, sessionId: "s1", stateRoot: created.stateRoot });
    const counter = await countGitCalls(await tempDir("git-shim"));
    await reopened.measureBase();
    expect(await counter.take()).toContain("add");
  });

  it("never fails: a clone whose index is gone is measured in full", async () => {
    const ws = await workspace(await makeRepo(FILES));
    await rm(path.join(ws.dir, ".git", "index"));
    await expect(ws.measureBase()).resolves.toBeUndefined();
    expect((await ws.diff()).files).toEqual([]);
    expect(await readFile(path.join(ws.dir, "README.md"), "utf8")).toBe("# demo\n");
  });
});

describe("checkoutIsBase", () => {
  const entry = (mode: string, p: string): string => `${mode} blob 0123456789012345678901234567890123456789\t${p}`;
  const judge = (list: Array<[string, string]>): boolean =>
    checkoutIsBase(
      list.map(([m, p]) => entry(m, p)),
      list.map(([, p]) => p),
    );

  it.each<[string, Array<[string, string]>, boolean]>([
    [
      "plain files, executables and symbolic links",
      [
        ["100644", "a.txt"],
        ["100755", "bin/run"],
        ["120000", "link"],
      ],
      true,
    ],
    ["no file at all", [], true],
    ["a .gitattributes at the root", [["100644", ".gitattributes"]], false],
    ["a .gitattributes in a folder", [["100644", "docs/.gitattributes"]], false],
    ["a file whose name only ends like it", [["100644", "x.gitattributes"]], true],
    ["a submodule", [["160000", "vendor/lib"]], false],
    ["a non-ASCII path", [["100644", "café.txt"]], false],
    ["a path with a tab", [["100644", "a\tb"]], false],
    [
      "two paths equal but for case",
      [
        ["100644", "README.md"],
        ["100644", "readme.md"],
      ],
      false,
    ],
  ])("%s: %s", (_name, list, expected) => {
    expect(judge(list)).toBe(expected);
  });
});
