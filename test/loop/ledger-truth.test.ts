/**
 * The ledger is the truth (issue 7): a snapshot restored from an older copy or edited by hand is
 * checked against the ledger before anything runs; a torn or damaged ledger line never drops a
 * counted cost nor wedges a session that `cancel` cannot end; an agent that outlived its run is
 * charged what it reported. Memory ports, except the JSONL ledger where its lines matter.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getPreset } from "../../src/agents/index.js";
import { ForemanError } from "../../src/core/errors.js";
import { SnapshotMismatchError } from "../../src/core/reconcile.js";
import type { SessionState } from "../../src/core/state.js";
import { JsonlLedger, LedgerCorruptError } from "../../src/local/jsonl-ledger.js";
import { runSession } from "../../src/loop/engine.js";
import type { LedgerEntry } from "../../src/loop/ports.js";
import { caught } from "../support/caught.js";
import { MemoryStateStore, MemoryWorld, type AgentTurn } from "../support/memory/index.js";

const GAP = 10 * 60_000;
const writes = (content: string, extra: Partial<AgentTurn> = {}): AgentTurn => ({ edits: { "value.txt": `${content}\n` }, costUsd: 0.25, ...extra });
const cancel = { author: "me", command: { kind: "cancel" } } as const;

/** A store that holds exactly `state` (as if its file were replaced by a copy), for one run. */
async function storeHolding(state: SessionState): Promise<MemoryStateStore> {
  const store = new MemoryStateStore();
  await store.save({ ...state, version: 1 }, 0);
  return store;
}

/** Sum of the attempts' costs, in micro-dollars (exact). */
const microOf = (s: SessionState) => s.attempts.reduce((t, a) => t + Math.round((a.costUsd ?? 0) * 1e6), 0);

/** A world whose agent fails attempts 1–6 (each with its own diff) and passes from 7; attempt 7 is stopped by a signal. */
async function sixFailedThenStopped(): Promise<MemoryWorld> {
  const controller = new AbortController();
  const w = new MemoryWorld({
    turns: (n) => (n <= 6 ? writes(`bad-${n}`) : writes("good", n === 7 ? { during: () => controller.abort() } : {})),
    config: { budget: { attempts: 10, usd: 20 } },
  });
  const out = await w.run({ signal: controller.signal });
  expect(out.state).toMatchObject({ status: "interrupted", spent: { attempts: 7 } });
  return w;
}

describe("a state.json restored from an older copy", () => {
  it("is rebuilt from the ledger: attempts 3–6 are never run again nor paid twice, the next attempt is 8", async () => {
    const w = await sixFailedThenStopped();
    const spentBefore = (await w.state()).spent;
    const older = w.store.history(w.sessionId).find((s) => s.attempts.length === 2 && s.attempts[1]!.finishedAt !== undefined);
    expect(older).toMatchObject({ status: "running", spent: { attempts: 2, costUsd: 0.5 } });
    const restored = await storeHolding(older!);

    const out = await w.run({ resumeAuthor: "me" }, { store: restored });
    expect(w.agentStarts).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(out.state).toMatchObject({ status: "ended", reason: "succeeded" });
    expect(out.state.attempts.map((a) => [a.n, a.outcome])).toEqual([
      ...[1, 2, 3, 4, 5, 6].map((n) => [n, "gates_failed"]),
      [7, "interrupted"],
      [8, "passed"],
    ]);
    expect(out.state.spent.attempts).toBe(spentBefore.attempts + 1);
    expect(Math.round(out.state.spent.costUsd * 1e6)).toBe(microOf(out.state));
    expect(w.notes().some((m) => m.includes("rebuilt it from the ledger") && m.includes("3, 4, 5, 6"))).toBe(true);
  });
});

describe("a forged state.json", () => {
  it("ended/succeeded with spent.costUsd 0 is not believed: the spend is the ledger's and the session resumes", async () => {
    const w = await sixFailedThenStopped();
    const real = await w.state();
    const forged = await storeHolding({
      ...real,
      status: "ended",
      reason: "succeeded",
      endedAt: real.updatedAt,
      spent: { ...real.spent, costUsd: 0 },
    });

    const out = await w.run({ resumeAuthor: "me" }, { store: forged });
    expect(out.state).toMatchObject({ status: "ended", reason: "succeeded" });
    expect(w.agentStarts).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(out.state.spent.costUsd).toBeCloseTo(real.spent.costUsd + 0.25, 6);
    expect(w.publisher.callsOf("publish")).toHaveLength(1);
  });

  it("with attempts the ledger lacks is refused (restore the ledger) — and cancel still ends it", async () => {
    const w = await sixFailedThenStopped();
    const real = await w.state();
    const extra = { n: 8, startedAt: real.updatedAt, finishedAt: real.updatedAt, outcome: "passed" as const, durationMs: 1, costUsd: 0 };
    const store = await storeHolding({ ...real, attempts: [...real.attempts, extra] });

    const refused = await caught(w.run({ resumeAuthor: "me" }, { store }));
    expect(refused).toBeInstanceOf(SnapshotMismatchError);
    expect(refused).toMatchObject({ kind: "corrupt", restore: "ledger", sessionId: w.sessionId });
    expect(w.agentStarts).toHaveLength(7);

    const cancelled = await w.run({ command: cancel }, { store });
    expect(cancelled.state).toMatchObject({ status: "ended", reason: "cancelled" });
    expect(w.entries().filter((e) => e.type === "session_ended")).toHaveLength(1);
  });
});

describe("an agent that outlives its killed run", () => {
  it("is stopped, and what it reported in its result file counts when more than the assumed cost (1.70, not 0.50)", async () => {
    const w = new MemoryWorld({ turns: () => writes("bad"), config: { budget: { assumedAttemptUsd: 0.5 } } });
    await w.runDying((e) => e.type === "process_started");
    // The orphan finishes on its own and writes its result file after the run died.
    w.files.put(w.files.path(1, "result.json"), JSON.stringify({ costUsd: 1.7 }));
    w.clock.advance(GAP);

    const out = await runSession(w.deps(), { ...w.request({ command: cancel }), preset: getPreset("custom") });
    expect(w.runner.stopCalls).toEqual([{ handle: "memory-process-1", stopped: true }]);
    expect(out.state).toMatchObject({ status: "ended", reason: "cancelled", spent: { costUsd: 1.7, attempts: 1 } });
    expect(out.state.attempts[0]).toMatchObject({ outcome: "interrupted", costUsd: 1.7 });
    expect(out.state.attempts[0]).not.toHaveProperty("costAssumed");
    expect(w.entries().find((e) => e.type === "attempt_interrupted")).toMatchObject({ costUsd: 1.7, costAssumed: false });
  });

  it("a report below the assumed cost still counts the assumed cost", async () => {
    const w = new MemoryWorld({ turns: () => writes("bad"), config: { budget: { assumedAttemptUsd: 0.5 } } });
    await w.runDying((e) => e.type === "process_started");
    w.files.put(w.files.path(1, "result.json"), JSON.stringify({ costUsd: 0.2 }));
    const out = await runSession(w.deps(), { ...w.request({ command: cancel }), preset: getPreset("custom") });
    expect(out.state.attempts[0]).toMatchObject({ outcome: "interrupted", costUsd: 0.5, costAssumed: true });
  });
});

describe("torn and damaged lines of ledger.jsonl", () => {
  let root: string;
  let notices: string[];
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "foreman-ledger-truth-"));
    notices = [];
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** The memory ledger's entries written as ledger.jsonl; `damage` edits the lines. */
  async function jsonl(entries: LedgerEntry[], damage: (lines: string[]) => string): Promise<JsonlLedger> {
    const ledger = new JsonlLedger({ root, onNotice: (m) => notices.push(m) });
    const file = ledger.ledgerPath("s1");
    for (const e of entries) await ledger.append(e);
    const lines = (await readFile(file, "utf8")).split("\n").slice(0, -1);
    await writeFile(file, damage(lines));
    return ledger;
  }
  const tornLast = (lines: string[]) => [...lines.slice(0, -1), lines.at(-1)!.slice(0, 25)].join("\n");

  it("a torn attempt_finished (a crash mid-append) is dropped with a notice; the attempt counts the cost recorded before its gates", async () => {
    const w = new MemoryWorld({ turns: (n) => writes(n === 1 ? "bad" : "good") });
    await w.runDying((e) => e.type === "attempt_finished");
    const ledger = await jsonl(w.entries(), tornLast);

    const out = await w.run({ resumeAuthor: "me" }, { ledger });
    expect(notices.some((m) => m.includes("torn last line"))).toBe(true);
    expect(out.state.attempts.map((a) => [a.n, a.outcome, a.costUsd])).toEqual([
      [1, "interrupted", 0.25],
      [2, "passed", 0.25],
    ]);
    expect(out.state.spent.costUsd).toBe(0.5);
  });

  it("a torn attempt_diffed is dropped; the attempt is then charged the assumed cost", async () => {
    const w = new MemoryWorld({ turns: (n) => writes(n === 1 ? "bad" : "good"), config: { budget: { assumedAttemptUsd: 0.5 } } });
    await w.runDying((e) => e.type === "attempt_diffed");
    const ledger = await jsonl(w.entries(), tornLast);

    const out = await w.run({ resumeAuthor: "me" }, { ledger });
    expect(out.state.attempts[0]).toMatchObject({ n: 1, outcome: "interrupted", costUsd: 0.5, costAssumed: true });
    expect(out.state.attempts.map((a) => a.n)).toEqual([1, 2]);
  });

  it("a damaged middle line refuses the run with the file and the line, but cancel ends the session stuck in running", async () => {
    const w = new MemoryWorld({ turns: () => writes("good"), config: { budget: { assumedAttemptUsd: 0.5 } } });
    await w.runDying((e) => e.type === "process_started");
    expect((await w.state()).status).toBe("running");
    const ledger = await jsonl(w.entries(), (lines) => [lines[0]!.slice(0, 10) + "#", ...lines.slice(1)].join("\n") + "\n");

    const refused = await caught(w.run({ resumeAuthor: "me" }, { ledger }));
    expect(refused).toBeInstanceOf(LedgerCorruptError);
    expect(refused).toMatchObject({ kind: "corrupt", filePath: ledger.ledgerPath("s1"), line: 1 });
    // The dead run's agent never got to work; the refused run started none.
    expect(w.agentStarts).toEqual([]);

    const out = await w.run({ command: cancel }, { ledger });
    expect(out.state).toMatchObject({ status: "ended", reason: "cancelled", spent: { attempts: 1, costUsd: 0.5 } });
    expect(out.state.attempts[0]).toMatchObject({ outcome: "interrupted", costAssumed: true });
    expect(w.notes().some((m) => m.includes("cancelling without it"))).toBe(true);
    // What cancel appended went after the damage; the damaged line is kept for a person to see.
    const text = await readFile(ledger.ledgerPath("s1"), "utf8");
    expect(text).toContain('"type":"session_ended"');
  });

  it("an error that is not corruption is never swallowed by cancel", async () => {
    const w = new MemoryWorld({ turns: () => writes("good") });
    await w.runDying((e) => e.type === "process_started");
    const failing = {
      append: () => Promise.resolve(),
      read: () => Promise.reject(new TypeError("disk on fire")),
    };
    expect(await caught(w.run({ command: cancel }, { ledger: failing }))).toBeInstanceOf(TypeError);
    const corrupt = new (class extends ForemanError {
      readonly kind = "internal";
    })("not corruption");
    expect(await caught(w.run({ command: cancel }, { ledger: { ...failing, read: () => Promise.reject(corrupt) } }))).toBe(corrupt);
    expect(await caught(w.run({}, { ledger: { ...failing, read: () => Promise.reject(new LedgerCorruptError("f", 1, "x")) } }))).toBeInstanceOf(
      LedgerCorruptError,
    );
  });
});
