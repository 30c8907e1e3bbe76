/** What every `Ledger` promises (src/loop/ports.ts): append-only, per session, in order, entries kept whole. */
import { describe, expect, it } from "vitest";
import type { Ledger, LedgerEntry } from "../../src/loop/ports.js";

const AT = "2026-03-02T09:00:00.000Z";
const HASH = "a".repeat(40);

/** One entry of each type, for session `id`. */
export function sampleEntries(id: string): LedgerEntry[] {
  return [
    { type: "attempt_started", sessionId: id, n: 1, at: AT },
    { type: "process_started", sessionId: id, n: 1, handle: "pid 4242 on host since 1" },
    { type: "attempt_diffed", sessionId: id, n: 1, hash: HASH, costUsd: 0.12, costAssumed: false },
    {
      type: "attempt_finished",
      sessionId: id,
      attempt: { n: 1, startedAt: AT, finishedAt: AT, outcome: "gates_failed", durationMs: 65_000, costUsd: 0.12, diffHash: HASH },
    },
    { type: "attempt_started", sessionId: id, n: 2, at: AT },
    { type: "attempt_interrupted", sessionId: id, n: 2, at: AT, durationMs: 1_000, costUsd: 0.5 },
    { type: "session_ended", sessionId: id, reason: "cancelled", at: AT },
  ];
}

export function describeLedgerContract(name: string, make: () => Promise<Ledger>): void {
  describe(`${name} keeps the Ledger contract`, () => {
    it("reads [] for a session with no entry", async () => {
      const ledger = await make();
      expect(await ledger.read("s1")).toEqual([]);
    });

    it("reads back every entry whole, in the order appended", async () => {
      const ledger = await make();
      const entries = sampleEntries("s1");
      for (const e of entries) await ledger.append(e);
      expect(await ledger.read("s1")).toEqual(entries);
    });

    it("keeps sessions apart, interleaved appends included", async () => {
      const ledger = await make();
      const a = sampleEntries("s1");
      const b = sampleEntries("s2").slice(0, 3);
      for (let i = 0; i < a.length; i++) {
        await ledger.append(a[i]!);
        if (b[i]) await ledger.append(b[i]!);
      }
      expect(await ledger.read("s1")).toEqual(a);
      expect(await ledger.read("s2")).toEqual(b);
    });

    it("is append-only: what was read is not changed by changing the object appended or read", async () => {
      const ledger = await make();
      const entry: LedgerEntry = { type: "attempt_started", sessionId: "s1", n: 1, at: AT };
      await ledger.append(entry);
      entry.n = 7;
      const read = await ledger.read("s1");
      read.pop();
      expect(await ledger.read("s1")).toEqual([{ type: "attempt_started", sessionId: "s1", n: 1, at: AT }]);
    });
  });
}
