/**
 * The engine's `Publisher.keep` hook, on the in-memory ports: each finished attempt's tree is
 * kept (and the ref recorded on the attempt, in the state and the ledger), an interrupted
 * attempt's work in progress too, and a failing `keep` never costs the attempt's record.
 */
import { describe, expect, it } from "vitest";
import type { LedgerEntry } from "../../src/loop/ports.js";
import { ForemanError } from "../../src/core/errors.js";
import { MemoryWorld, type AgentTurn, type MemoryWorldOptions } from "../support/memory/index.js";

const writes = (content: string, extra: Partial<AgentTurn> = {}): AgentTurn => ({ edits: { "value.txt": `${content}\n` }, costUsd: 0.1, ...extra });

function world(turns: MemoryWorldOptions["turns"], opts: Omit<MemoryWorldOptions, "turns"> = {}): MemoryWorld {
  return new MemoryWorld({ turns, sessionId: "issue-7", ...opts });
}

class PushRefused extends ForemanError {
  override readonly name = "PushRefused";
  readonly kind = "internal";
}

const finishedRefs = (entries: LedgerEntry[]) => entries.flatMap((e) => (e.type === "attempt_finished" ? [[e.attempt.n, e.attempt.keptRef]] : []));

describe("runSession with a publisher that keeps attempts", () => {
  it("keeps every finished attempt's tree and records the ref on the attempt, in the state and in the ledger", async () => {
    const w = world((n) => writes(n === 1 ? "bad" : "good"), { publisher: { keep: true } });
    const out = await w.run();
    expect(out.state.reason).toBe("succeeded");
    expect(out.state.attempts.map((a) => [a.n, a.keptRef])).toEqual([
      [1, "refs/foreman/issue-7/attempt-1"],
      [2, "refs/foreman/issue-7/attempt-2"],
    ]);
    expect(finishedRefs(w.entries())).toEqual([
      [1, "refs/foreman/issue-7/attempt-1"],
      [2, "refs/foreman/issue-7/attempt-2"],
    ]);
    // The kept tree is the one the attempt was judged on (attempt 1: "bad", attempt 2: "good").
    const keeps = w.publisher.callsOf("keep");
    expect(keeps.map((k) => k.attempt)).toEqual([1, 2]);
    expect(keeps.map((k) => k.tree)).toEqual(out.state.attempts.map((a) => a.diffHash));
    expect(new Set(keeps.map((k) => k.tree)).size).toBe(2);
    // Kept before the attempt is recorded: the record carries the ref in one write.
    const order = w.publisher.calls.map((c) => c.op);
    // A new session's publishing is checked once, when it is created.
    expect(order).toEqual(["preflight", "keep", "keep", "stage", "publish"]);
  });

  it("keeps the agent's tree before the gates run, once per attempt: the ledger's attempt_diffed carries the ref", async () => {
    const w = world((n) => writes(n === 1 ? "bad" : "good"), { publisher: { keep: true } });
    await w.run();
    const entries = w.entries();
    const diffed = entries.flatMap((e) => (e.type === "attempt_diffed" ? [[e.n, e.keptRef]] : []));
    expect(diffed).toEqual([
      [1, "refs/foreman/issue-7/attempt-1"],
      [2, "refs/foreman/issue-7/attempt-2"],
    ]);
    // Recorded before the attempt finished (that is, before its gates' verdict)…
    const firstDiffed = entries.findIndex((e) => e.type === "attempt_diffed");
    const firstFinished = entries.findIndex((e) => e.type === "attempt_finished");
    expect(firstDiffed).toBeGreaterThanOrEqual(0);
    expect(firstDiffed).toBeLessThan(firstFinished);
    // …and the same tree is not pushed a second time when the attempt is recorded.
    expect(w.publisher.callsOf("keep").map((k) => k.attempt)).toEqual([1, 2]);
  });

  it("keeps nothing and records no ref with a publisher without keep (local mode)", async () => {
    const w = world(() => writes("good"));
    const out = await w.run();
    expect(out.state.attempts.map((a) => a.keptRef)).toEqual([undefined]);
    expect(w.publisher.callsOf("keep")).toEqual([]);
  });

  it("keeps the work in progress of an attempt stopped by the run's signal and records the ref on the interrupted attempt", async () => {
    const controller = new AbortController();
    const w = world((n) => writes(n === 1 ? "halfway" : "good", n === 1 ? { during: () => controller.abort() } : {}), { publisher: { keep: true } });
    const first = await w.run({ signal: controller.signal });
    expect(first.state.status).toBe("interrupted");
    expect(first.state.attempts).toEqual([expect.objectContaining({ n: 1, outcome: "interrupted", keptRef: "refs/foreman/issue-7/attempt-1" })]);
    const kept = w.publisher.kept.get("refs/foreman/issue-7/attempt-1");
    // The tree kept is what the agent left when it was stopped.
    expect(kept?.tree).toBe((await w.workspace.diff()).hash);
    expect(w.workspace.files()["value.txt"]).toBe("halfway\n");

    const resumed = await w.run({ resumeAuthor: "me" });
    expect(resumed.state.reason).toBe("succeeded");
    expect(resumed.state.attempts.map((a) => [a.n, a.outcome, a.keptRef])).toEqual([
      [1, "interrupted", "refs/foreman/issue-7/attempt-1"],
      [2, "passed", "refs/foreman/issue-7/attempt-2"],
    ]);
  });

  it("a failing keep is noted and the attempt is recorded without a ref; the session carries on", async () => {
    const w = world((n) => writes(n === 1 ? "bad" : "good"), {
      publisher: { keep: (req) => (req.attempt === 1 ? new PushRefused("push of refs/foreman/issue-7/attempt-1 refused") : undefined) },
    });
    const out = await w.run();
    expect(out.state.reason).toBe("succeeded");
    expect(out.state.attempts.map((a) => [a.n, a.outcome, a.keptRef])).toEqual([
      [1, "gates_failed", undefined],
      [2, "passed", "refs/foreman/issue-7/attempt-2"],
    ]);
    expect(finishedRefs(w.entries())).toEqual([
      [1, undefined],
      [2, "refs/foreman/issue-7/attempt-2"],
    ]);
    expect(w.notes().filter((n) => n.includes("could not be kept"))).toEqual([
      "Attempt 1's tree could not be kept (push of refs/foreman/issue-7/attempt-1 refused); the attempt is recorded without it.",
    ]);
  });

  it("a failing keep of interrupted work still records the interruption", async () => {
    const controller = new AbortController();
    const w = world(() => writes("halfway", { during: () => controller.abort() }), { publisher: { keep: () => new PushRefused("no network") } });
    const first = await w.run({ signal: controller.signal });
    expect(first.state.status).toBe("interrupted");
    expect(first.state.attempts).toEqual([expect.objectContaining({ n: 1, outcome: "interrupted" })]);
    expect(first.state.attempts[0]?.keptRef).toBeUndefined();
    expect(w.notes().some((n) => n.startsWith("Attempt 1's tree could not be kept (no network)"))).toBe(true);
  });
});
