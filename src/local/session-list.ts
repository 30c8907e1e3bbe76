/** The sessions of a repository's local state root, for the decisions that look at all of them. */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { SESSION_STATUSES, type SessionState } from "../core/state.js";
import type { SessionSummary } from "../core/sessions.js";
import { errnoCode } from "./error-details.js";
import type { FileStateStore } from "./file-state-store.js";
import { STATE_FILE } from "./file-state-store.js";

async function sessionNames(stateRoot: string): Promise<string[]> {
  try {
    return await readdir(path.join(stateRoot, "sessions"));
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return [];
    throw e;
  }
}

/**
 * Every session (for today's spend). A state file that cannot be read stops the run with its
 * name (fail closed: unknown spend is never counted as none).
 */
export async function allSessions(stateRoot: string, store: FileStateStore): Promise<SessionState[]> {
  const states = await Promise.all((await sessionNames(stateRoot)).map((id) => store.load(id)));
  return states.filter((s): s is SessionState => s !== null);
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
