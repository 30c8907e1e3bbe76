/** `GitWorkspace.ignore`: what dependency setup installs stays out of every diff, without touching the user's repository. */
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { GitWorkspace, WorkspaceError } from "../../src/local/git-workspace.js";
import { tempDirIn, userGit } from "../support/git-fixture.js";

const cleanup: string[] = [];
const workspaces: GitWorkspace[] = [];
afterEach(async () => {
  for (const ws of workspaces.splice(0)) await ws.dispose();
  for (const dir of cleanup.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function put(root: string, name: string, content: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, name)), { recursive: true });
  await writeFile(path.join(root, name), content);
}

async function setup(): Promise<{ repo: string; ws: GitWorkspace }> {
  const repo = await tempDirIn(cleanup, "repo");
  await userGit(repo, "init", "-q", "-b", "main");
  // No .gitignore: node_modules would be part of the change.
  await put(repo, "package.json", "{}\n");
  await userGit(repo, "add", "-A");
  await userGit(repo, "commit", "-q", "-m", "base");
  const ws = await GitWorkspace.create({ repo, sessionId: "s1", stateRoot: path.join(await tempDirIn(cleanup, "state"), "s1") });
  workspaces.push(ws);
  return { repo, ws };
}

describe("GitWorkspace.ignore", () => {
  it("keeps installed files out of diff, isClean and restore; the user's info/exclude is untouched", async () => {
    const { repo, ws } = await setup();
    const base = await ws.diff();
    await put(ws.dir, "node_modules/tapish/index.js", "x\n");
    await put(ws.dir, "packages/a/node_modules/b/index.js", "y\n");
    expect((await ws.diff()).files.map((f) => f.path)).toContain("node_modules/tapish/index.js");

    await ws.ignore(["node_modules/"]);
    await ws.ignore(["node_modules/"]); // idempotent
    expect((await ws.diff()).files).toEqual([]);
    expect(await ws.isClean(base.hash)).toBe(true);

    await put(ws.dir, "value.txt", "agent\n");
    expect((await ws.diff()).files.map((f) => f.path)).toEqual(["value.txt"]);
    await ws.restore(base.hash);
    expect(existsSync(path.join(ws.dir, "value.txt"))).toBe(false);
    expect(existsSync(path.join(ws.dir, "node_modules/tapish/index.js"))).toBe(true);
    expect(existsSync(path.join(ws.dir, "packages/a/node_modules/b/index.js"))).toBe(true);

    const userExclude = await readFile(path.join(repo, ".git", "info", "exclude"), "utf8").catch(() => "");
    expect(userExclude).not.toContain("node_modules/");
    expect(await readFile(path.join(ws.dir, ".git", "info", "exclude"), "utf8").catch(() => "")).not.toContain("node_modules/");
  });

  it("refuses a pattern that is not one .gitignore line", async () => {
    const { ws } = await setup();
    for (const bad of ["", "a\nb", "!keep"]) {
      const error: unknown = await ws.ignore([bad]).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WorkspaceError);
      expect(error instanceof WorkspaceError && error.code).toBe("invalid_input");
    }
  });
});
