/**
 * Decisions about sessions as a set, for the entry points: which session a command without an
 * id means, whether a new run may take an id, and when a session's workspace is thrown away.
 * Pure: the adapters read the sessions and carry out the answer.
 */
import type { SessionState, SessionStatus } from "./state.js";

/** The commands that may name a session, or leave it out and mean the latest one. */
export type SessionVerb = "resume" | "approve" | "reject" | "cancel" | "status";

/** What a session list entry needs for {@link implicitSession}. */
export interface SessionSummary {
  sessionId: string;
  status: SessionStatus;
  /** ISO-8601 time of the last write; compared as text (ISO times sort as text). */
  updatedAt: string;
}

export type ImplicitSession =
  | { kind: "found"; sessionId: string }
  /** There is no session at all. */
  | { kind: "none" }
  /** There are sessions, but none in the status the verb needs. */
  | { kind: "none_in_status"; status: SessionStatus };

/** The status a verb's implicit session must be in; undefined when any status will do. */
export function statusForVerb(verb: SessionVerb): SessionStatus | undefined {
  return verb === "approve" || verb === "reject" ? "awaiting_approval" : undefined;
}

/**
 * The session a bare `resume` / `approve` / `reject` / `cancel` / `status` means: the most
 * recently updated one, among those awaiting approval for `approve` and `reject`. On equal
 * times the first listed wins.
 */
export function implicitSession(sessions: readonly SessionSummary[], verb: SessionVerb): ImplicitSession {
  const status = statusForVerb(verb);
  let best: SessionSummary | undefined;
  for (const s of sessions) {
    if (status !== undefined && s.status !== status) continue;
    if (best === undefined || s.updatedAt > best.updatedAt) best = s;
  }
  if (best !== undefined) return { kind: "found", sessionId: best.sessionId };
  return status === undefined || sessions.length === 0 ? { kind: "none" } : { kind: "none_in_status", status };
}

export type IdReuse =
  /** No session has this id: take it. */
  | { kind: "free" }
  /** An ended session has it and the id was derived (not asked for): try the next candidate. */
  | { kind: "next" }
  /** An ended session has it and the person asked for this id: refuse, naming the reason it ended. */
  | { kind: "ended"; reason: SessionState["reason"] }
  /** A session is still running under this id (a live run holds it, or its run died: resume it). */
  | { kind: "running" }
  /** A session waits under this id (for approval, a resume, or its first run): continue it instead. */
  | { kind: "paused"; status: Exclude<SessionStatus, "running" | "ended"> };

/**
 * Whether a new run may take an id that `existing` (or nobody) has. A session that is not over
 * is never started again under the same id: it is continued.
 */
export function idReuse(existing: Pick<SessionState, "status" | "reason"> | null, explicit: boolean): IdReuse {
  if (existing === null) return { kind: "free" };
  switch (existing.status) {
    case "running":
      return { kind: "running" };
    case "ended":
      return explicit ? { kind: "ended", reason: existing.reason } : { kind: "next" };
    case "pending":
    case "awaiting_approval":
    case "approved":
    case "interrupted":
      return { kind: "paused", status: existing.status };
  }
}

/** How many ids {@link candidateSessionId} offers for one base before giving up. */
export const MAX_ID_CANDIDATES = 999;

/**
 * The `i`-th id a run derived from `base` tries (1-based): `base`, then `base-2`, `base-3` …,
 * with `base` cut to 90 characters so the suffix fits within the 100 of the session-id rule.
 */
export function candidateSessionId(base: string, i: number): string {
  return i === 1 ? base : `${base.slice(0, 90)}-${i}`;
}

/**
 * Whether the session's workspace is thrown away when a run ends: a published session's result
 * is on its branch, so its worktree goes; any other keeps its worktree, so a person can look at
 * what the last attempt left (and a resume continues from it).
 */
export function shouldRemoveWorkspace(state: Pick<SessionState, "status" | "reason">): boolean {
  return state.status === "ended" && state.reason === "succeeded";
}
