/**
 * What every `Workspace` promises (src/loop/ports.ts): `diff()` names the tree by a hash that
 * depends only on content, `isClean` compares with it, `restore` puts a named tree back exactly.
 */
import { describe, expect, it } from "vitest";
import type { Workspace } from "../../src/loop/ports.js";

/** A workspace at a base holding `value.txt` = `start\n` and `README.md`, and how to change its files. */
export interface WorkspaceFixture {
  workspace: Workspace;
  write(path: string, content: string): Promise<void>;
  remove(path: string): Promise<void>;
}

export function describeWorkspaceContract(name: string, make: () => Promise<WorkspaceFixture>): void {
  describe(`${name} keeps the Workspace contract`, () => {
    it("an untouched workspace has no change and is clean at its own hash", async () => {
      const { workspace } = await make();
      const d = await workspace.diff();
      expect(d.files).toEqual([]);
      expect(d.hash).toMatch(/^[0-9a-f]{40,64}$/);
      expect(await workspace.isClean(d.hash)).toBe(true);
      expect(workspace.baseSha).toMatch(/^[0-9a-f]{40,64}$/);
    });

    it("reports added, modified and deleted files with line counts; equal trees have equal hashes", async () => {
      const { workspace, write, remove } = await make();
      const base = (await workspace.diff()).hash;
      await write("value.txt", "good\n");
      await write("src/new.txt", "one\ntwo\n");
      await remove("README.md");
      const changed = await workspace.diff();
      expect([...changed.files].sort((a, b) => a.path.localeCompare(b.path))).toEqual([
        { path: "README.md", change: "D", additions: 0, deletions: 1, binary: false },
        { path: "src/new.txt", change: "A", additions: 2, deletions: 0, binary: false, bytes: 8 },
        { path: "value.txt", change: "M", additions: 1, deletions: 1, binary: false, bytes: 5 },
      ]);
      expect(changed.hash).not.toBe(base);
      expect(await workspace.isClean(changed.hash)).toBe(true);
      expect(await workspace.isClean(base)).toBe(false);

      // Back to the base content: the same hash as the base, whatever the way there.
      await write("value.txt", "start\n");
      await remove("src/new.txt");
      await write("README.md", "# sample\n");
      expect((await workspace.diff()).hash).toBe(base);
    });

    it("restore puts back exactly a tree diff() named: edits undone, new files removed, deleted ones back", async () => {
      const { workspace, write, remove } = await make();
      await write("value.txt", "good\n");
      const agent = await workspace.diff();
      await write("value.txt", "rewritten by a gate\n");
      await write("cache.tmp", "junk\n");
      await remove("README.md");
      expect(await workspace.isClean(agent.hash)).toBe(false);

      await workspace.restore(agent.hash);
      expect(await workspace.isClean(agent.hash)).toBe(true);
      expect((await workspace.diff()).hash).toBe(agent.hash);
      expect(await workspace.readFile("value.txt")).toBe("good\n");
      expect(await workspace.readFile("cache.tmp")).toBeNull();
      expect(await workspace.readFile("README.md")).toBe("# sample\n");
    });

    it("revertPaths puts the named paths back as in the base and leaves every other change alone", async () => {
      const { workspace, write, remove } = await make();
      await write("value.txt", "good\n");
      await write("src/new.txt", "new\n");
      await write("build/out.bin", "\u0000\u0001binary");
      await remove("README.md");
      await workspace.revertPaths(["build/out.bin", "README.md", "src/new.txt"]);
      expect(await workspace.readFile("build/out.bin")).toBeNull();
      expect(await workspace.readFile("src/new.txt")).toBeNull();
      expect(await workspace.readFile("README.md")).toBe("# sample\n");
      expect(await workspace.readFile("value.txt")).toBe("good\n");
      const after = await workspace.diff();
      expect(after.files.map((f) => f.path)).toEqual(["value.txt"]);
      expect(await workspace.isClean(after.hash)).toBe(true);
      // A base file the agent edited goes back to its base content; nothing to revert is a no-op.
      await workspace.revertPaths(["value.txt"]);
      await workspace.revertPaths([]);
      expect(await workspace.readFile("value.txt")).toBe("start\n");
      expect((await workspace.diff()).files).toEqual([]);
    });

    it("revertPaths refuses a path out of the tree", async () => {
      const { workspace } = await make();
      await expect(workspace.revertPaths(["../outside.txt"])).rejects.toThrow();
    });

    it("reports a new binary file as binary, with its size in bytes", async () => {
      const { workspace, write } = await make();
      await write("dist/app.bin", "\u0000".repeat(3000));
      const d = await workspace.diff();
      expect(d.files).toEqual([{ path: "dist/app.bin", change: "A", additions: 0, deletions: 0, binary: true, bytes: 3000 }]);
    });

    it("lists the paths of a named tree and gives its patch from the base", async () => {
      const { workspace, write } = await make();
      await write("src/new.txt", "added\n");
      const d = await workspace.diff();
      expect(await workspace.paths(d.hash)).toEqual(expect.arrayContaining(["README.md", "src/new.txt", "value.txt"]));
      const patch = await workspace.patch(d.hash);
      expect(patch).toContain("src/new.txt");
      expect(patch).toContain("+added");
    });

    it("readFile: null for a file that is not there; a path out of the tree is refused", async () => {
      const { workspace } = await make();
      expect(await workspace.readFile("value.txt")).toBe("start\n");
      expect(await workspace.readFile("absent.txt")).toBeNull();
      await expect(workspace.readFile("../outside.txt")).rejects.toThrow();
    });
  });
}
