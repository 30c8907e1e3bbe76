/** The ledger and the session's inputs on a machine that fails: a message naming the path and the fix, never a bare errno. */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileSystemError } from "../../src/local/error-details.js";
import { JsonlLedger } from "../../src/local/jsonl-ledger.js";
import { writeSessionInputs } from "../../src/local/session-inputs.js";
import { caught } from "../support/caught.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "foreman-ledger-io-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const started = { type: "attempt_started", sessionId: "s1", n: 1, at: "2026-01-05T09:00:00.000Z" } as const;

describe("I/O failures of the ledger and the session inputs", () => {
  it("an append where a file stands in place of the session folder is a FileSystemError naming the ledger", async () => {
    await mkdir(path.join(root, "sessions"), { recursive: true });
    await writeFile(path.join(root, "sessions", "s1"), "not a folder");
    const ledger = new JsonlLedger({ root });
    const error = await caught(ledger.append(started));
    expect(error).toBeInstanceOf(FileSystemError);
    if (!(error instanceof FileSystemError)) return;
    expect(error.filePath).toBe(ledger.ledgerPath("s1"));
    expect(error.kind).toBe("internal");
    expect(error.message).toContain(ledger.ledgerPath("s1"));
  });

  it("a read that fails for another reason than a missing file is a FileSystemError naming the ledger", async () => {
    await mkdir(path.join(root, "sessions"), { recursive: true });
    await writeFile(path.join(root, "sessions", "s1"), "not a folder");
    const ledger = new JsonlLedger({ root });
    const error = await caught(ledger.read("s1"));
    expect(error).toBeInstanceOf(FileSystemError);
    if (error instanceof FileSystemError) expect(error.code).toBe("ENOTDIR");
  });

  it("writing the session's inputs where a file blocks the folder is a FileSystemError naming the folder", async () => {
    const dir = path.join(root, "blocked", "s1");
    await writeFile(path.join(root, "blocked"), "a file");
    const error = await caught(writeSessionInputs(dir, { title: "t", body: "" }, {}));
    expect(error).toBeInstanceOf(FileSystemError);
    if (error instanceof FileSystemError) expect(error.filePath).toBe(dir);
  });
});
