import { describe, expect, it } from "vitest";
import { refusalText } from "../../src/core/refusal-text.js";
import { newSession, type SessionState } from "../../src/core/state.js";
import { transition, type SessionCommand } from "../../src/core/state-machine.js";

const base = newSession({ sessionId: "s", now: "2026-11-21T10:00:00.000Z", title: "t", budget: { attempts: 3, minutes: 30, usd: 2 } });
const ended: SessionState = { ...base, status: "ended", reason: "gates_failed", endedAt: "2026-11-21T10:05:00.000Z" };

function refusal(state: SessionState, command: SessionCommand): string {
  const r = transition(state, { type: "command", at: "2026-11-21T11:00:00.000Z", id: 1, author: "me", command });
  if (r.ok) throw new Error("expected a refusal");
  return r.refusal.message;
}

describe("refusalText", () => {
  it("keeps GitHub's words on GitHub", () => {
    const message = refusal(ended, { kind: "cancel" });
    expect(refusalText(message, "github")).toBe(message);
  });

  it("locally names foreman commands instead of slash commands and the trigger label", () => {
    expect(refusalText(refusal(ended, { kind: "cancel" }), "local")).toBe(
      "foreman cancel has no effect: the session has ended (gates_failed). Start a new session with foreman run --task FILE.",
    );
    expect(refusalText(refusal(base, { kind: "approve" }), "local")).toMatch(/^foreman approve has no effect: the session is /);
    expect(refusalText(refusal(base, { kind: "reject", reason: "" }), "local")).toMatch(
      /^foreman reject applies to a session awaiting approval; this one is .*\. Use foreman cancel to stop it\.$/,
    );
    expect(refusalText(refusal(base, { kind: "retry" }), "local")).toMatch(/^foreman resume resumes an interrupted session/);
  });

  it("maps every slash command, at the start or after a space, quote or bracket, and nothing else", () => {
    expect(refusalText('/status and (/help) `/budget` "/retry"', "local")).toBe(
      'foreman status and (foreman --help) `budget.per_run in the configuration` "foreman resume"',
    );
    // Paths and words that merely contain a slash stay as they are.
    expect(refusalText("see src/approve.ts and a/cancel", "local")).toBe("see src/approve.ts and a/cancel");
    expect(refusalText("/approved is not a command", "local")).toBe("/approved is not a command");
  });
});
