/**
 * Admission to the daily cap, exact under any concurrency: computing today's usage and
 * recording the new run's reservation are one step under a repository-wide lock.
 *
 * Why a lock and not an append-only admission log: local mode's usage is derived from the
 * session files (settled spend of attempts, remainders of live sessions), not from a log of
 * reservations, so a log would have to be reconciled with those files on every read. The lock
 * is held only for the milliseconds of reading the sessions and writing one small record, and
 * it is `FileStateStore`'s own lock (exclusive create, never visible half-written, a dead
 * holder's lock taken over), so a run killed while holding it wedges nothing.
 *
 * Lock file: `<stateRoot>/admission/sessions/repository/lock` (a `FileStateStore` rooted at
 * `<stateRoot>/admission`, so it is never listed among the sessions).
 */
import path from "node:path";
import { dailyUsageUsd } from "../core/daily-usage.js";
import { SessionLockedError } from "../loop/errors.js";
import type { SessionLock } from "../loop/ports.js";
import { FileStateStore } from "./file-state-store.js";
import { usageEntries } from "./session-list.js";

export interface AdmissionOptions {
  /** The repository's state root (`<git-common-dir>/foreman`). */
  stateRoot: string;
  /** Reads the sessions (for today's usage). */
  store: FileStateStore;
  now: () => number;
  onNotice: (message: string) => void;
  /** How long to wait for another run's admission step; default 60 s. */
  waitMs?: number;
}

/** The lock's session id inside its own store. */
const LOCK_ID = "repository";

/** The lock is held only for an admission step: the rest is waiting for other runs' steps. */
const POLL_MS = 5;

/** Runs `step` holding the repository's admission lock; waits for other runs' admission steps. */
export async function underAdmissionLock<T>(options: AdmissionOptions, step: () => Promise<T>): Promise<T> {
  const locks = new FileStateStore({ root: path.join(options.stateRoot, "admission"), now: options.now, onNotice: options.onNotice });
  const waitMs = options.waitMs ?? 60_000;
  const started = Date.now();
  let lock: SessionLock;
  for (;;) {
    try {
      lock = await locks.lock(LOCK_ID);
      break;
    } catch (e) {
      if (!(e instanceof SessionLockedError) || Date.now() - started >= waitMs) throw e;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS + Math.floor(Math.random() * POLL_MS)));
    }
  }
  try {
    return await step();
  } finally {
    await lock.release();
  }
}

/**
 * USD counted against today's cap for `sessionId`, from every session of the repository (see
 * `core/daily-usage.ts`). Call it under {@link underAdmissionLock} when the answer admits a run.
 * A session that cannot be read counts as `unreadableUsd` (fail closed) and is named through
 * `onNotice`; a stray file is named and ignored.
 */
export async function todaysUsage(options: AdmissionOptions, at: { sessionId: string; unreadableUsd: number }): Promise<number> {
  const entries = await usageEntries(options.stateRoot, options.store, { onNotice: options.onNotice, unreadableUsd: at.unreadableUsd });
  return dailyUsageUsd(entries, { sessionId: at.sessionId, nowMs: options.now() });
}
