/**
 * Foreman's own files on a machine that fails: a full disk (ENOSPC injected through the store's
 * `fs` seam), a read-only state directory (EROFS injected: tests run as root, so `chmod -w` would
 * not stop them), a file where a directory belongs (real). Each failure is a `FileSystemError`
 * that names the path and the fix, the CLI prints it in one line without a stack, and a failing
 * clean-up never replaces the failure it follows.
 */
import type { MakeDirectoryOptions } from "node:fs";
import * as nodeFs from "node:fs/promises";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { newSession, type SessionState } from "../../src/core/state.js";
import { FileSystemError } from "../../src/local/error-details.js";
import { afterwards, FileStateStore, type StateFs } from "../../src/local/file-state-store.js";
import { makeRepo, PROJECT_ROOT, rawConfig, removeTempDirs, tempDir, writeScript } from "../loop/helpers.js";
import { caught } from "../support/caught.js";

let root: string;
let notices: string[];

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "foreman-io-"));
  notices = [];
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
  await removeTempDirs();
});

function systemError(code: string, syscall: string, file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated, ${syscall} '${file}'`), { code, syscall, path: file });
}

/**
 * `node:fs/promises` with one kind of failure: `fail(op, file)` returns the code to fail with,
 * or undefined to let the call through. Handles opened for writing fail their `writeFile` when
 * `fail("write", file)` says so (a full disk fails the write, not the open).
 */
function failingFs(fail: (op: string, file: string) => string | undefined): StateFs {
  const check = (op: string, file: unknown): void => {
    const code = fail(op, String(file));
    if (code !== undefined) throw systemError(code, op, String(file));
  };
  return {
    ...nodeFs,
    mkdir: (async (dir: string, options?: MakeDirectoryOptions) => {
      check("mkdir", dir);
      return nodeFs.mkdir(dir, options);
    }) as StateFs["mkdir"],
    unlink: async (file) => {
      check("unlink", file);
      return nodeFs.unlink(file);
    },
    rename: async (from, to) => {
      check("rename", to);
      return nodeFs.rename(from, to);
    },
    open: async (file, flags, mode) => {
      check("open", file);
      const handle = await nodeFs.open(file, flags, mode);
      const code = fail("write", String(file));
      if (code === undefined) return handle;
      handle.writeFile = () => Promise.reject(systemError(code, "write", String(file)));
      return handle;
    },
  };
}

function store(fs?: StateFs): FileStateStore {
  return new FileStateStore({ root, now: () => Date.parse("2026-11-21T10:00:00.000Z"), onNotice: (m) => notices.push(m), ...(fs ? { fs } : {}) });
}

function session(id: string, version: number): SessionState {
  return {
    ...newSession({ sessionId: id, now: "2026-11-21T10:00:00Z", title: "Fix the parser", budget: { attempts: 3, minutes: 30, usd: 5 } }),
    version,
  };
}

const dir = (id: string) => path.join(root, "sessions", id);

describe("a full disk", () => {
  it("fails a save with a FileSystemError naming the file and the fix; state.json and the directory are as before", async () => {
    await store().save(session("s1", 1), 0);
    const before = await readFile(path.join(dir("s1"), "state.json"), "utf8");
    const full = store(failingFs((op, file) => (op === "write" && path.basename(file).startsWith(".state.json.") ? "ENOSPC" : undefined)));

    const error = await caught(full.save(session("s1", 2), 1));
    expect(error).toBeInstanceOf(FileSystemError);
    if (!(error instanceof FileSystemError)) return;
    expect(error.code).toBe("ENOSPC");
    expect(error.kind).toBe("internal");
    expect(path.dirname(error.filePath)).toBe(dir("s1"));
    expect(error.message).toContain("no space left on the device");
    expect(error.message).toContain(`Free some space on the file system that holds ${dir("s1")}`);
    expect(await readFile(path.join(dir("s1"), "state.json"), "utf8")).toBe(before);
    // Neither the temporary file nor the write lock is left behind.
    expect(await readdir(dir("s1"))).toEqual(["state.json"]);
  });

  it("reports the save's own failure when removing the write lock fails too (the clean-up does not mask it)", async () => {
    await store().save(session("s1", 1), 0);
    const failing = store(
      failingFs((op, file) => {
        if (op === "write" && path.basename(file).startsWith(".state.json.")) return "ENOSPC";
        if (op === "unlink" && path.basename(file) === "save.lock") return "EROFS";
        return undefined;
      }),
    );
    const error = await caught(failing.save(session("s1", 2), 1));
    expect(error).toBeInstanceOf(FileSystemError);
    if (!(error instanceof FileSystemError)) return;
    expect(error.code).toBe("ENOSPC");
    // The clean-up's failure is told, not lost.
    expect(notices.join("\n")).toContain("EROFS");
  });
});

describe("a read-only or blocked state directory", () => {
  it("fails lock() with a FileSystemError naming the directory it could not create", async () => {
    const readOnly = store(failingFs((op) => (op === "mkdir" ? "EROFS" : undefined)));
    const error = await caught(readOnly.lock("s1"));
    expect(error).toBeInstanceOf(FileSystemError);
    if (!(error instanceof FileSystemError)) return;
    expect([error.code, error.filePath, error.operation]).toEqual(["EROFS", dir("s1"), "create the directory"]);
    expect(error.message).toContain("read-only");
  });

  it("fails a save whose state.json cannot be replaced (EACCES) with the path and the chmod fix", async () => {
    await store().save(session("s1", 1), 0);
    const error = await caught(store(failingFs((op) => (op === "rename" ? "EACCES" : undefined))).save(session("s1", 2), 1));
    expect(error).toBeInstanceOf(FileSystemError);
    if (!(error instanceof FileSystemError)) return;
    expect(error.filePath).toBe(path.join(dir("s1"), "state.json"));
    expect(error.message).toContain(`Make ${dir("s1")} writable for this user`);
  });

  it("names the file that stands where the sessions directory belongs (ENOTDIR), on load and on lock", async () => {
    await writeFile(path.join(root, "sessions"), "not a directory\n");
    for (const op of [() => store().load("s1"), () => store().lock("s1")]) {
      const error = await caught(op());
      expect(error).toBeInstanceOf(FileSystemError);
      if (!(error instanceof FileSystemError)) return;
      expect(["ENOTDIR", "EEXIST"]).toContain(error.code);
      expect(error.filePath.startsWith(path.join(root, "sessions"))).toBe(true);
    }
  });
});

describe("afterwards (clean-up after work)", () => {
  it("throws the work's error, not the clean-up's, and tells the clean-up's", async () => {
    const told: string[] = [];
    const workError = new Error("work failed");
    const error = await caught(
      afterwards(
        () => Promise.reject(workError),
        () => Promise.reject(new Error("cleanup failed")),
        (m) => told.push(m),
      ),
    );
    expect(error).toBe(workError);
    expect(told).toEqual(["Also failed while cleaning up after that error: cleanup failed"]);
  });

  it("runs the clean-up after success and throws its error then", async () => {
    let cleaned = 0;
    expect(
      await afterwards(
        async () => 7,
        async () => void cleaned++,
        () => {},
      ),
    ).toBe(7);
    expect(cleaned).toBe(1);
    const cleanupError = new Error("cleanup failed");
    expect(
      await caught(
        afterwards(
          async () => 7,
          () => Promise.reject(cleanupError),
          () => {},
        ),
      ),
    ).toBe(cleanupError);
  });
});

describe("foreman on a blocked state directory", () => {
  it("prints one line naming the path and the fix, no stack, exit 1", async () => {
    const repo = await makeRepo();
    const out = await tempDir("out");
    const task = path.join(out, "task.md");
    await writeFile(task, "# Make value good\n\nThe file must say good.\n");
    const configFile = path.join(out, "foreman.json");
    await writeFile(configFile, JSON.stringify(rawConfig({ script: await writeScript(out, { "*": [] }) })));
    // A file where Foreman's state directory belongs.
    await mkdir(path.join(repo, ".git", "foreman"), { recursive: true });
    await writeFile(path.join(repo, ".git", "foreman", "sessions"), "in the way\n");
    let stdout = "";
    let stderr = "";
    const code = await main({
      argv: ["run", "--repo", repo, "--task", task, "--config", configFile, "--session", "blocked"],
      cwd: PROJECT_ROOT,
      env: { PATH: process.env["PATH"], HOME: out, USER: "tester" },
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      signal: new AbortController().signal,
      now: () => Date.now(),
    });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain(path.join(repo, ".git", "foreman", "sessions"));
    expect(stderr).toContain("a file stands where a directory is expected");
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
