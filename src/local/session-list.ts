/**
 * The sessions of a repository's local state root, for the decisions that look at all of them.
 * One bad entry never blocks the others: a stray file (`.DS_Store`, `NOTES`) is skipped with a
 * notice that names it; a session whose files cannot be read is skipped with a notice too, and
 * for the daily cap it counts fail-closed (a whole per-run budget reserved) until it is fixed.
 */
import { lstat, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { DailyUsageEntry } from "../core/daily-usage.js";
import { SESSION_STATUSES } from "../core/state.js";
import type { SessionSummary } from "../core/sessions.js";
import { isSessionId } from "../core/session-id.js";
import { readAdmissionRecord } from "./admission-record.js";
import { errnoCode, errorMessage } from "./error-details.js";
import type { FileStateStore } from "./file-state-store.js";
import { STATE_FILE } from "./file-state-store.js";

async function sessionNames(stateRoot: string): Promise<string[]> {
  try {
    return (await readdir(path.join(stateRoot, "sessions"))).sort();
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return [];
    throw e;
  }
}

/**
 * The names under `sessions/` that can be sessions: directories with a valid session id. Any
 * other entry is reported through `onNotice` (once per call) and left alone.
 */
async function sessionDirs(stateRoot: string, onNotice: (message: string) => void): Promise<string[]> {
  const out: string[] = [];
  for (const name of await sessionNames(stateRoot)) {
    const full = path.join(stateRoot, "sessions", name);
    let isDir: boolean;
    try {
      isDir = (await lstat(full)).isDirectory();
    } catch (e) {
      if (errnoCode(e) === "ENOENT") continue; // removed since the listing
      throw e;
    }
    if (!isDir || !isSessionId(name)) {
      onNotice(`Ignoring ${full}: it is not a Foreman session (remove it if nothing needs it).`);
      continue;
    }
    out.push(name);
  }
  return out;
}

export interface UsageEntriesOptions {
  onNotice: (message: string) => void;
  /** USD an unreadable session counts for (fail closed): a whole per-run budget. */
  unreadableUsd: number;
}

/**
 * Every session as the daily cap counts it: its state (with the day of its last admission), an
 * admission without a state yet, or, when its files cannot be read, an unreadable entry
 * reported through `onNotice` with the file to fix.
 */
export async function usageEntries(stateRoot: string, store: FileStateStore, options: UsageEntriesOptions): Promise<DailyUsageEntry[]> {
  const entries: DailyUsageEntry[] = [];
  for (const id of await sessionDirs(stateRoot, options.onNotice)) {
    const dir = path.join(stateRoot, "sessions", id);
    try {
      const [state, admission] = await Promise.all([store.load(id), readAdmissionRecord(dir)]);
      if (state !== null) entries.push({ kind: "session", state, ...(admission === null ? {} : { admittedDay: admission.day }) });
      else if (admission !== null) entries.push({ kind: "admitted", sessionId: id, day: admission.day, usd: admission.usd });
    } catch (e) {
      options.onNotice(
        `Session ${id} cannot be read (${errorMessage(e)}); it counts as ${options.unreadableUsd} USD against today's cap until ${dir} is repaired or removed.`,
      );
      entries.push({ kind: "unreadable", sessionId: id, usd: options.unreadableUsd });
    }
  }
  return entries;
}

/**
 * Id, status and time of every session, read leniently (to pick the one a bare command means):
 * a folder without a readable state is skipped here; naming it explicitly reports why.
 */
export async function sessionSummaries(stateRoot: string): Promise<SessionSummary[]> {
  const out: SessionSummary[] = [];
  for (const id of await sessionNames(stateRoot)) {
    try {
      const s: unknown = JSON.parse(await readFile(path.join(stateRoot, "sessions", id, STATE_FILE), "utf8"));
      if (typeof s !== "object" || s === null) continue;
      const status = "status" in s ? s.status : undefined;
      const updatedAt = "updatedAt" in s && typeof s.updatedAt === "string" ? s.updatedAt : "";
      const known = SESSION_STATUSES.find((x) => x === status);
      if (known !== undefined) out.push({ sessionId: id, status: known, updatedAt });
    } catch {
      // Unreadable: skipped (see above).
    }
  }
  return out;
}
