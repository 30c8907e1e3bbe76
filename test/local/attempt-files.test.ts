import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../src/core/errors.js";
import { LocalAttemptFiles } from "../../src/local/attempt-files.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "foreman-files-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("LocalAttemptFiles", () => {
  it("writes attempt files under attempts/<n>/ and reads them back", async () => {
    const files = new LocalAttemptFiles(dir);
    const file = await files.write(2, "task.md", "# Task\n");
    expect(file).toBe(path.join(dir, "attempts", "2", "task.md"));
    expect(await readFile(file, "utf8")).toBe("# Task\n");
    expect(await files.read(file)).toBe("# Task\n");
    expect(files.path(3, "result.json")).toBe(path.join(dir, "attempts", "3", "result.json"));
    expect(await files.read(files.path(3, "result.json"))).toBeNull();
  });

  it("refuses names and numbers that could escape the folder", () => {
    const files = new LocalAttemptFiles(dir);
    expect(() => files.path(1, "../state.json")).toThrow(/must be a plain file name/);
    expect(() => files.path(1, ".hidden")).toThrow(/must be a plain file name/);
    expect(() => files.path(0, "task.md")).toThrow(/positive integer/);
    expect(() => files.path(1.5, "task.md")).toThrow(/positive integer/);
    for (const bad of ["a/../b", "a/b/c", "/abs", "a/", "a/.hidden", ".dir/x", "a//b"]) {
      expect(() => files.path(1, bad), bad).toThrow(InvalidArgumentError);
    }
  });

  it("writes a file in one folder of the attempt (a preset's agent home)", async () => {
    const files = new LocalAttemptFiles(dir);
    const file = await files.write(2, "agent-home/models.json", "{}\n");
    expect(file).toBe(path.join(dir, "attempts", "2", "agent-home", "models.json"));
    expect(await readFile(file, "utf8")).toBe("{}\n");
  });
});
