/**
 * `foreman list`, `foreman log` and `foreman clean` on a repository's local state: every
 * session with whether a run holds it right now, an attempt's kept files, and removal of what
 * a session that is over left behind. Decisions (live or not, how to show it) are the core's.
 */
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { isLiveSession } from "../core/run-liveness.js";
import type { SessionState } from "../core/state.js";
import { SessionLockedError } from "../loop/errors.js";
import { ATTEMPT_LOG_FILES } from "../loop/attempt-logs.js";
import { errnoCode, errorMessage } from "./error-details.js";
import type { FileStateStore } from "./file-state-store.js";
import { git } from "./git.js";
import { sessionDir } from "./session-paths.js";

export interface CatalogEntry {
  state: SessionState;
  /** A live run holds the session's lock. */
  runHeld: boolean;
}

/**
 * Whether a run holds the session now: taking the lock and giving it back at once (a stale lock
 * of a dead process is taken over on the way, which is what a later run would do anyway).
 */
export async function runHolds(store: FileStateStore, sessionId: string): Promise<boolean> {
  try {
    const lock = await store.lock(sessionId);
    await lock.release();
    return false;
  } catch (e) {
    if (e instanceof SessionLockedError) return true;
    throw e;
  }
}

/** Every readable session, oldest first; one that cannot be read is skipped with a warning naming it. */
export async function listSessions(stateRoot: string, store: FileStateStore, warn: (message: string) => void): Promise<CatalogEntry[]> {
  let names: string[];
  try {
    names = await readdir(path.join(stateRoot, "sessions"));
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return [];
    throw e;
  }
  const out: CatalogEntry[] = [];
  for (const name of names.sort()) {
    try {
      const state = await store.load(name);
      if (state === null) continue;
      // Only where it changes the answer (a dead run's `running`, an `ended` one still being
      // finished): probing takes the lock for an instant, which a starting run would see.
      const probe = state.status === "running" || state.status === "ended";
      out.push({ state, runHeld: probe && (await runHolds(store, name)) });
    } catch (e) {
      warn(`Skipped "${path.join(stateRoot, "sessions", name)}": ${errorMessage(e)}`);
    }
  }
  return out.sort((a, b) => a.state.createdAt.localeCompare(b.state.createdAt));
}

/** The files kept for attempt `n` of a session, in a fixed order (agent, gates, diff). */
export async function attemptLogFiles(stateRoot: string, sessionId: string, n: number): Promise<string[]> {
  const dir = path.join(sessionDir(stateRoot, sessionId), "attempts", String(n));
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return [];
    throw e;
  }
  // The agent's output, then the gates (in the order they ran), then the diff.
  const rank = (name: string) => (name === "diff.patch" ? 3 : name.startsWith("gate-") ? 2 : Math.max(0, ATTEMPT_LOG_FILES.indexOf(name)));
  return names
    .filter((name) => name.endsWith(".log") || name === "diff.patch")
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b, "en", { numeric: true }))
    .map((name) => path.join(dir, name));
}

/**
 * Removes a session that is over: its workspace (under `workspaceRoot`) and its files. Returns
 * false, removing nothing, when the session is live.
 */
export async function removeSession(repo: { root: string; stateRoot: string }, entry: CatalogEntry, workspaceRoot: string): Promise<boolean> {
  if (isLiveSession(entry.state, entry.runHeld)) return false;
  await rm(workspaceRoot, { recursive: true, force: true });
  // A linked worktree leaves an entry in the repository's git dir: forget it now that it is gone.
  await git(["worktree", "prune"], { cwd: repo.root });
  await rm(sessionDir(repo.stateRoot, entry.state.sessionId), { recursive: true, force: true });
  return true;
}
