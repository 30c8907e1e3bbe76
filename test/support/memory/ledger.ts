/** `Ledger` in memory: append-only, per session, in order; entries are copied in and out. */
import type { Ledger, LedgerEntry } from "../../../src/loop/ports.js";

export class MemoryLedger implements Ledger {
  readonly #entries = new Map<string, LedgerEntry[]>();

  append(entry: LedgerEntry): Promise<void> {
    const list = this.#entries.get(entry.sessionId) ?? [];
    list.push(structuredClone(entry));
    this.#entries.set(entry.sessionId, list);
    return Promise.resolve();
  }

  read(sessionId: string): Promise<LedgerEntry[]> {
    return Promise.resolve(this.entries(sessionId));
  }

  /** The session's entries, synchronously (for assertions). */
  entries(sessionId: string): LedgerEntry[] {
    return structuredClone(this.#entries.get(sessionId) ?? []);
  }
}
