import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JsonlLedger, LedgerCorruptError, LedgerNotAFileError, ledgerEntrySchema } from "../../src/local/jsonl-ledger.js";
import { InvalidSessionIdError } from "../../src/local/session-paths.js";
import type { LedgerEntry } from "../../src/loop/ports.js";
import { caught } from "../support/caught.js";
import { InvalidArgumentError } from "../../src/core/errors.js";
import { bundlePath } from "../support/entry-points.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
/** The module a child process imports: its test bundle (see test/support/entry-points.ts), no tsx. */
const ledgerModule = bundlePath("jsonlLedger");

let root: string;
let notices: string[];

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "foreman-ledger-"));
  notices = [];
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function ledger(): JsonlLedger {
  return new JsonlLedger({ root, onNotice: (m) => notices.push(m) });
}

function file(id = "issue-1"): string {
  return path.join(root, "sessions", id, "ledger.jsonl");
}

const started: LedgerEntry = { type: "attempt_started", sessionId: "issue-1", n: 1, at: "2026-11-21T10:00:00Z" };
const finished: LedgerEntry = {
  type: "attempt_finished",
  sessionId: "issue-1",
  attempt: {
    n: 1,
    startedAt: "2026-11-21T10:00:00Z",
    finishedAt: "2026-11-21T10:05:00Z",
    outcome: "gates_failed",
    durationMs: 300000,
    costUsd: 0.42,
    gates: [{ name: "npm test", root: ".", ok: false, exitCode: 1, durationMs: 1200 }],
  },
};
const interrupted: LedgerEntry = {
  type: "attempt_interrupted",
  sessionId: "issue-1",
  n: 2,
  at: "2026-11-21T10:09:00Z",
  durationMs: 60000,
  costUsd: 0.1,
};
const ended: LedgerEntry = { type: "session_ended", sessionId: "issue-1", reason: "cancelled", at: "2026-11-21T10:10:00Z" };

describe("JsonlLedger append/read", () => {
  it("reads nothing for a session without a ledger", async () => {
    expect(await ledger().read("issue-1")).toEqual([]);
  });

  it("appends one JSON line per entry and reads every kind back in order", async () => {
    const l = ledger();
    for (const entry of [started, finished, interrupted, ended]) await l.append(entry);
    expect(await l.read("issue-1")).toEqual([started, finished, interrupted, ended]);
    const text = await readFile(file(), "utf8");
    expect(text.split("\n")).toEqual([JSON.stringify(started), JSON.stringify(finished), JSON.stringify(interrupted), JSON.stringify(ended), ""]);
    expect(notices).toEqual([]);
  });

  it("keeps sessions apart", async () => {
    const l = ledger();
    await l.append(started);
    await l.append({ ...started, sessionId: "issue-2", n: 5 });
    expect(await l.read("issue-1")).toEqual([started]);
    expect(await l.read("issue-2")).toEqual([{ ...started, sessionId: "issue-2", n: 5 }]);
  });

  it("keeps every entry of concurrent appends, each on its own line", async () => {
    const l = ledger();
    const entries = Array.from({ length: 50 }, (_, i): LedgerEntry => ({ ...started, n: i + 1 }));
    await Promise.all(entries.map((e) => l.append(e)));
    const read = await l.read("issue-1");
    expect(read.map((e) => (e.type === "attempt_started" ? e.n : 0)).sort((a, b) => a - b)).toEqual(entries.map((_, i) => i + 1));
  });

  it("has written the entry when append resolves: a process killed right after keeps it", async () => {
    const script = `
      import { JsonlLedger } from ${JSON.stringify(ledgerModule)};
      await new JsonlLedger({ root: ${JSON.stringify(root)} }).append(${JSON.stringify(started)});
      process.kill(process.pid, "SIGKILL");`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      cwd: repoRoot,
      stdio: "inherit",
    });
    const [, signal] = await once(child, "exit");
    expect(signal).toBe("SIGKILL");
    expect(await ledger().read("issue-1")).toEqual([started]);
  });

  it("refuses to append an invalid entry and writes nothing", async () => {
    const bad = { ...started, n: 0 };
    const error = await caught(ledger().append(bad));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(String(error)).toContain("Refusing to append an invalid ledger entry for session issue-1: n:");
    expect(await readdir(root)).toEqual([]);
  });

  it("refuses a session id that could escape the state root", async () => {
    await expect(ledger().append({ ...started, sessionId: "../x" })).rejects.toThrow(InvalidSessionIdError);
    await expect(ledger().read("a/../../b")).rejects.toThrow(InvalidSessionIdError);
  });
});

describe("JsonlLedger after a crash mid-append", () => {
  async function writeLedger(text: string): Promise<void> {
    await mkdir(path.dirname(file()), { recursive: true });
    await writeFile(file(), text);
  }

  it("ignores a torn last line, with a notice", async () => {
    await writeLedger(`${JSON.stringify(started)}\n{"type":"attempt_fini`);
    expect(await ledger().read("issue-1")).toEqual([started]);
    expect(notices).toEqual([
      `Ignored the torn last line 2 of ${file()} (21 characters, no newline): an append interrupted by a crash, never acknowledged.`,
    ]);
  });

  it("ignores a ledger that is only a torn line", async () => {
    await writeLedger('{"ty');
    expect(await ledger().read("issue-1")).toEqual([]);
    expect(notices).toHaveLength(1);
  });

  it("accepts a complete last entry that lacks only its newline", async () => {
    await writeLedger(`${JSON.stringify(started)}\n${JSON.stringify(ended)}`);
    expect(await ledger().read("issue-1")).toEqual([started, ended]);
    expect(notices).toEqual([]);
  });

  it("cuts the torn line off before the next append, so no line is glued to it", async () => {
    await writeLedger(`${JSON.stringify(started)}\n{"type":"attempt_fini`);
    await ledger().append(ended);
    expect(await readFile(file(), "utf8")).toBe(`${JSON.stringify(started)}\n${JSON.stringify(ended)}\n`);
    expect(await ledger().read("issue-1")).toEqual([started, ended]);
    expect(notices).toEqual([`Cut off a torn last line of ${file()} (21 bytes, no newline) left by an interrupted append.`]);
  });

  it("cuts a ledger that is only a torn line down to nothing before appending", async () => {
    await writeLedger("x".repeat(70_000));
    await ledger().append(started);
    expect(await readFile(file(), "utf8")).toBe(`${JSON.stringify(started)}\n`);
  });
});

describe("JsonlLedger with a damaged line", () => {
  async function damaged(lines: string[]): Promise<unknown> {
    await mkdir(path.dirname(file()), { recursive: true });
    await writeFile(file(), lines.map((l) => `${l}\n`).join(""));
    return caught(ledger().read("issue-1"));
  }

  it.each<[string, string, number, string]>([
    ["invalid JSON", "{not json", 2, "not valid JSON"],
    ["a blank line", "", 2, "not valid JSON"],
    ["an unknown entry type", JSON.stringify({ ...started, type: "attempt_paused" }), 2, "not a valid ledger entry (type:"],
    ["an unknown key", JSON.stringify({ ...started, extra: 1 }), 2, "not a valid ledger entry ((root): Unrecognized key"],
    ["a bad time", JSON.stringify({ ...started, at: "yesterday" }), 2, "not a valid ledger entry (at:"],
    ["a negative cost", JSON.stringify({ ...interrupted, costUsd: -1 }), 2, "not a valid ledger entry (costUsd:"],
    ["an invalid attempt", JSON.stringify({ ...finished, attempt: { n: 1 } }), 2, "not a valid ledger entry (attempt.startedAt:"],
    ["an unknown terminal reason", JSON.stringify({ ...ended, reason: "interrupted" }), 2, "not a valid ledger entry (reason:"],
    ["a JSON array", "[]", 2, "not a valid ledger entry"],
    ["another session's entry", JSON.stringify({ ...started, sessionId: "issue-2" }), 2, 'entry of session "issue-2" in the ledger of "issue-1"'],
  ])("throws on %s in the middle, naming file and line", async (_, bad, line, problem) => {
    const error = await damaged([JSON.stringify(started), bad, JSON.stringify(ended)]);
    expect(error).toBeInstanceOf(LedgerCorruptError);
    if (!(error instanceof LedgerCorruptError)) return;
    expect(error.filePath).toBe(file());
    expect(error.line).toBe(line);
    expect(error.message).toContain(`Ledger ${file()}, line ${line}: ${problem}`);
  });

  it("throws on a complete but invalid last line (not a torn one)", async () => {
    const error = await damaged([JSON.stringify(started), JSON.stringify({ ...ended, reason: "nope" })]);
    expect(error).toBeInstanceOf(LedgerCorruptError);
    if (!(error instanceof LedgerCorruptError)) return;
    expect(error.line).toBe(2);
  });

  it("throws on a valid JSON last line without newline that is not an entry", async () => {
    await mkdir(path.dirname(file()), { recursive: true });
    await writeFile(file(), `${JSON.stringify(started)}\n{"type":"x"}`);
    await expect(ledger().read("issue-1")).rejects.toThrow(`Ledger ${file()}, line 2: not a valid ledger entry`);
  });

  it("still throws when a good entry was appended after the damage", async () => {
    await mkdir(path.dirname(file()), { recursive: true });
    await writeFile(file(), "{broken\n");
    await ledger().append(started);
    await expect(ledger().read("issue-1")).rejects.toThrow(`Ledger ${file()}, line 1: not valid JSON`);
  });
});

describe("ledgerEntrySchema", () => {
  it("parses every port entry unchanged", () => {
    for (const entry of [started, finished, interrupted, ended]) expect(ledgerEntrySchema.parse(entry)).toEqual(entry);
  });
});

describe("JsonlLedger and a symbolic link in place of ledger.jsonl", () => {
  it("refuses to append through it, naming the path, and leaves its target untouched", async () => {
    const target = path.join(root, "elsewhere.txt");
    await writeFile(target, "precious\n");
    await mkdir(path.dirname(file()), { recursive: true });
    await symlink(target, file());
    const error = await caught(ledger().append(started));
    expect(error).toBeInstanceOf(LedgerNotAFileError);
    expect(error).toMatchObject({ kind: "corrupt", filePath: file() });
    expect(await readFile(target, "utf8")).toBe("precious\n");
  });

  it("refuses to read through it", async () => {
    const target = path.join(root, "elsewhere.jsonl");
    await writeFile(target, `${JSON.stringify(started)}\n`);
    await mkdir(path.dirname(file()), { recursive: true });
    await symlink(target, file());
    expect(await caught(ledger().read("issue-1"))).toBeInstanceOf(LedgerNotAFileError);
  });

  it("refuses a directory in its place", async () => {
    await mkdir(file(), { recursive: true });
    expect(await caught(ledger().read("issue-1"))).toMatchObject({ name: "LedgerNotAFileError", filePath: file() });
  });
});

describe("JsonlLedger attempt_interrupted and costAssumed", () => {
  it("keeps costAssumed, and reads a line written before the field existed without it (recovery counts it as assumed)", async () => {
    const known: LedgerEntry = { ...interrupted, costAssumed: false };
    await ledger().append(known);
    await mkdir(path.dirname(file()), { recursive: true });
    await writeFile(file(), `${await readFile(file(), "utf8")}${JSON.stringify(interrupted)}\n`);
    const read = await ledger().read("issue-1");
    expect(read).toEqual([known, interrupted]);
    expect(read[1]).not.toHaveProperty("costAssumed");
  });
});
