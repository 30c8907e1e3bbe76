import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
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

  it("writes one more folder, a dot-folder too, inside the agent home only (gemini's .gemini/settings.json)", async () => {
    const files = new LocalAttemptFiles(dir);
    const file = await files.write(1, "agent-home/.gemini/settings.json", "{}\n");
    expect(file).toBe(path.join(dir, "attempts", "1", "agent-home", ".gemini", "settings.json"));
    expect(await readFile(file, "utf8")).toBe("{}\n");
    expect(files.path(1, "agent-home/conf/a.toml")).toBe(path.join(dir, "attempts", "1", "agent-home", "conf", "a.toml"));
  });

  it("refuses anything that could leave the agent home or hide a file", () => {
    const files = new LocalAttemptFiles(dir);
    const bad = [
      "agent-home/../state.json",
      "agent-home/../../x/y",
      "agent-home/./settings.json",
      "agent-home/.gemini/../../x",
      "agent-home/../x",
      "agent-home/.gemini/.env",
      "agent-home/.gemini/",
      "agent-home//settings.json",
      "agent-home/.gemini/a/b",
      "agent-home/a\\b/c",
      "agent-home/a/b\u0000",
      "agent-home/../../..",
      "other/.gemini/settings.json",
      "other/b/c",
      "/agent-home/.gemini/settings.json",
      "/etc/passwd",
    ];
    for (const name of bad) expect(() => files.path(1, name), name).toThrow(InvalidArgumentError);
  });

  it("writes an executable file with mode 0755, others not executable", async () => {
    const files = new LocalAttemptFiles(dir);
    const script = await files.write(1, "agent-home/gates/check", "#!/bin/sh\n", { executable: true });
    expect((await stat(script)).mode & 0o777).toBe(0o755);
    const plain = await files.write(1, "agent-home/settings.json", "{}");
    expect((await stat(plain)).mode & 0o111).toBe(0);
  });
});
