import { describe, expect, it } from "vitest";
import {
  candidateSessionId,
  idReuse,
  implicitSession,
  MAX_ID_CANDIDATES,
  shouldRemoveWorkspace,
  statusForVerb,
  type SessionSummary,
} from "../../src/core/sessions.js";
import { SESSION_STATUSES, TERMINAL_REASONS } from "../../src/core/state.js";
import { isSessionId } from "../../src/core/session-id.js";

const s = (sessionId: string, status: SessionSummary["status"], updatedAt: string): SessionSummary => ({ sessionId, status, updatedAt });

describe("implicitSession", () => {
  const sessions = [
    s("a", "ended", "2026-11-21T10:00:00.000Z"),
    s("b", "awaiting_approval", "2026-11-21T09:00:00.000Z"),
    s("c", "interrupted", "2026-11-21T11:00:00.000Z"),
    s("d", "awaiting_approval", "2026-11-21T08:00:00.000Z"),
  ];

  it.each(["resume", "cancel", "status"] as const)("a bare %s means the most recently updated session", (verb) => {
    expect(implicitSession(sessions, verb)).toEqual({ kind: "found", sessionId: "c" });
  });

  it.each(["approve", "reject"] as const)("a bare %s means the latest session awaiting approval", (verb) => {
    expect(implicitSession(sessions, verb)).toEqual({ kind: "found", sessionId: "b" });
  });

  it("keeps the first of equally recent sessions", () => {
    const tie = [s("x", "ended", "2026-11-21T10:00:00.000Z"), s("y", "ended", "2026-11-21T10:00:00.000Z")];
    expect(implicitSession(tie, "status")).toEqual({ kind: "found", sessionId: "x" });
    expect(implicitSession([...tie].reverse(), "status")).toEqual({ kind: "found", sessionId: "y" });
  });

  it("says when there is no session, or none in the status the verb needs", () => {
    expect(implicitSession([], "resume")).toEqual({ kind: "none" });
    expect(implicitSession([], "approve")).toEqual({ kind: "none" });
    expect(implicitSession([s("a", "ended", "2026-11-21T10:00:00.000Z")], "approve")).toEqual({
      kind: "none_in_status",
      status: "awaiting_approval",
    });
  });

  it("names the status each verb needs", () => {
    expect(statusForVerb("approve")).toBe("awaiting_approval");
    expect(statusForVerb("reject")).toBe("awaiting_approval");
    for (const verb of ["resume", "cancel", "status"] as const) expect(statusForVerb(verb)).toBeUndefined();
  });
});

describe("idReuse", () => {
  it("takes a free id", () => {
    expect(idReuse(null, false)).toEqual({ kind: "free" });
    expect(idReuse(null, true)).toEqual({ kind: "free" });
  });

  it("moves past an ended session's derived id, refuses an asked-for one", () => {
    expect(idReuse({ status: "ended", reason: "gates_failed" }, false)).toEqual({ kind: "next" });
    expect(idReuse({ status: "ended", reason: "gates_failed" }, true)).toEqual({ kind: "ended", reason: "gates_failed" });
  });

  it("never starts a session that is not over again", () => {
    expect(idReuse({ status: "running", reason: null }, false)).toEqual({ kind: "running" });
    expect(idReuse({ status: "running", reason: null }, true)).toEqual({ kind: "running" });
    for (const status of ["pending", "awaiting_approval", "approved", "interrupted"] as const) {
      expect(idReuse({ status, reason: null }, false)).toEqual({ kind: "paused", status });
      expect(idReuse({ status, reason: null }, true)).toEqual({ kind: "paused", status });
    }
  });
});

describe("candidateSessionId", () => {
  it("is the base, then base-2, base-3 …", () => {
    expect(candidateSessionId("fix-bug", 1)).toBe("fix-bug");
    expect(candidateSessionId("fix-bug", 2)).toBe("fix-bug-2");
    expect(candidateSessionId("fix-bug", 17)).toBe("fix-bug-17");
  });

  it("cuts a long base so every candidate keeps to the session-id rule", () => {
    const base = "a".repeat(100);
    expect(candidateSessionId(base, 1)).toBe(base);
    expect(candidateSessionId(base, MAX_ID_CANDIDATES)).toBe(`${"a".repeat(90)}-999`);
    expect(isSessionId(candidateSessionId(base, MAX_ID_CANDIDATES))).toBe(true);
  });
});

describe("shouldRemoveWorkspace", () => {
  it("removes only a published (succeeded) session's workspace", () => {
    expect(shouldRemoveWorkspace({ status: "ended", reason: "succeeded" })).toBe(true);
    for (const reason of TERMINAL_REASONS.filter((r) => r !== "succeeded")) expect(shouldRemoveWorkspace({ status: "ended", reason })).toBe(false);
    for (const status of SESSION_STATUSES.filter((x) => x !== "ended")) {
      expect(shouldRemoveWorkspace({ status, reason: null })).toBe(false);
      expect(shouldRemoveWorkspace({ status, reason: "succeeded" })).toBe(false);
    }
  });
});
