/**
 * `StateStore` in memory, with the port's contract: compare-and-write on `version` (a session
 * never saved is version 0), snapshots validated like any store would before writing them, and
 * a lock that refuses a second holder. Loads and saves copy, so nobody shares a mutable state.
 */
import { sessionStateSchema, type SessionState } from "../../../src/core/state.js";
import { SessionLockedError, StaleStateError } from "../../../src/loop/errors.js";
import type { SessionLock, StateStore } from "../../../src/loop/ports.js";

/** `save` was handed a snapshot that no store may hold (the schema refuses it, or its version is not expected + 1). */
export class InvalidSnapshotError extends Error {
  override readonly name = "InvalidSnapshotError";
  constructor(
    readonly sessionId: string,
    readonly problem: string,
  ) {
    super(`Session ${sessionId}: refusing to save the snapshot: ${problem}.`);
  }
}

export class MemoryStateStore implements StateStore {
  readonly #states = new Map<string, SessionState>();
  readonly #history = new Map<string, SessionState[]>();
  readonly #locks = new Map<string, string>();
  #lockCount = 0;

  load(sessionId: string): Promise<SessionState | null> {
    const s = this.#states.get(sessionId);
    return Promise.resolve(s === undefined ? null : structuredClone(s));
  }

  save(next: SessionState, expectedVersion: number): Promise<void> {
    const id = next.sessionId;
    if (next.version !== expectedVersion + 1) {
      return Promise.reject(new InvalidSnapshotError(id, `its version must be ${expectedVersion + 1} (expectedVersion + 1), got ${next.version}`));
    }
    const parsed = sessionStateSchema.safeParse(next);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
      return Promise.reject(new InvalidSnapshotError(id, issues));
    }
    const actual = this.#states.get(id)?.version ?? null;
    if ((actual ?? 0) !== expectedVersion) return Promise.reject(new StaleStateError(id, expectedVersion, actual));
    const copy = structuredClone(parsed.data);
    this.#states.set(id, copy);
    this.#history.set(id, [...(this.#history.get(id) ?? []), copy]);
    return Promise.resolve();
  }

  lock(sessionId: string): Promise<SessionLock> {
    const holder = this.#locks.get(sessionId);
    if (holder !== undefined) return Promise.reject(new SessionLockedError(sessionId, holder));
    const me = `memory lock #${++this.#lockCount}`;
    this.#locks.set(sessionId, me);
    return Promise.resolve({
      release: () => {
        // Releasing twice, or after someone else took the lock over, leaves their lock alone.
        if (this.#locks.get(sessionId) === me) this.#locks.delete(sessionId);
        return Promise.resolve();
      },
    });
  }

  /** Every snapshot saved for the session, oldest first (what a person could have seen). */
  history(sessionId: string): SessionState[] {
    return structuredClone(this.#history.get(sessionId) ?? []);
  }

  /** Whether a run holds the session now. */
  isLocked(sessionId: string): boolean {
    return this.#locks.has(sessionId);
  }
}
