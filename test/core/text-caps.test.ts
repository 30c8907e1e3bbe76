import { describe, expect, it } from "vitest";
import { transition } from "../../src/core/state-machine.js";
import { SESSION_ID_MAX_LENGTH } from "../../src/core/session-id.js";
import { newSession, sessionStateSchema, type Attempt, type SessionState } from "../../src/core/state.js";
import { capText, TEXT_CAPS } from "../../src/core/text-caps.js";

const T = "2026-11-21T10:00:00.000Z";
const SHA = "a".repeat(40);
const text = (n: number) => "x".repeat(n);

/** A state with every capped field filled exactly to its cap. */
function atEveryCap(): SessionState {
  const attempt: Attempt = {
    n: 1,
    startedAt: T,
    finishedAt: T,
    outcome: "gates_failed",
    durationMs: 1,
    costUsd: 0,
    diffHash: text(TEXT_CAPS.diffHash),
    summary: text(TEXT_CAPS.summary),
    error: text(TEXT_CAPS.error),
    gates: Array.from({ length: TEXT_CAPS.gates }, () => ({
      name: text(TEXT_CAPS.gateName),
      root: text(TEXT_CAPS.gateRoot),
      ok: false,
      exitCode: 1,
      durationMs: 1,
    })),
  };
  return {
    ...newSession({
      sessionId: "s".repeat(SESSION_ID_MAX_LENGTH),
      now: T,
      title: text(TEXT_CAPS.title),
      issue: 1,
      budget: { attempts: 5, minutes: 30, usd: 2 },
    }),
    status: "awaiting_approval",
    attempts: [attempt],
    spent: { costUsd: 0, durationMs: 1, attempts: 1 },
    compacted: {
      count: 1,
      firstN: 1,
      lastN: 1,
      costUsd: 0,
      durationMs: 0,
      tokens: 0,
      outcomes: {},
      diffHashes: Array.from({ length: TEXT_CAPS.compactedDiffHashes }, () => text(TEXT_CAPS.diffHash)),
    },
    baseRef: text(TEXT_CAPS.ref),
    branch: text(TEXT_CAPS.ref),
    approval: {
      requestedAt: T,
      expiresAt: T,
      reasons: Array.from({ length: TEXT_CAPS.approvalReasons }, () => text(TEXT_CAPS.approvalReason)),
      headSha: SHA,
      approvedBy: text(TEXT_CAPS.author),
    },
    reservation: { id: text(TEXT_CAPS.reservationId), usd: 1 },
    note: text(TEXT_CAPS.note),
  };
}

describe("TEXT_CAPS", () => {
  it("a state filled to every cap still validates, and one character more does not", () => {
    const full = atEveryCap();
    expect(sessionStateSchema.safeParse(full).success).toBe(true);
    const over: [string, SessionState][] = [
      ["sessionId", { ...full, sessionId: "s".repeat(SESSION_ID_MAX_LENGTH + 1) }],
      ["sessionId (the one id rule)", { ...full, sessionId: "acme/widgets#7" }],
      ["title", { ...full, task: { title: text(TEXT_CAPS.title + 1) } }],
      ["note", { ...full, note: text(TEXT_CAPS.note + 1) }],
      ["branch", { ...full, branch: text(TEXT_CAPS.ref + 1) }],
      ["baseRef", { ...full, baseRef: text(TEXT_CAPS.ref + 1) }],
      ["reservation", { ...full, reservation: { id: text(TEXT_CAPS.reservationId + 1), usd: 1 } }],
      ["summary", { ...full, attempts: [{ ...full.attempts[0]!, summary: text(TEXT_CAPS.summary + 1) }] }],
      ["error", { ...full, attempts: [{ ...full.attempts[0]!, error: text(TEXT_CAPS.error + 1) }] }],
      ["diffHash", { ...full, attempts: [{ ...full.attempts[0]!, diffHash: text(TEXT_CAPS.diffHash + 1) }] }],
      ["gates", { ...full, attempts: [{ ...full.attempts[0]!, gates: [...full.attempts[0]!.gates!, full.attempts[0]!.gates![0]!] }] }],
      [
        "gateName",
        { ...full, attempts: [{ ...full.attempts[0]!, gates: [{ ...full.attempts[0]!.gates![0]!, name: text(TEXT_CAPS.gateName + 1) }] }] },
      ],
      [
        "gateRoot",
        { ...full, attempts: [{ ...full.attempts[0]!, gates: [{ ...full.attempts[0]!.gates![0]!, root: text(TEXT_CAPS.gateRoot + 1) }] }] },
      ],
      ["reasons", { ...full, approval: { ...full.approval!, reasons: [...full.approval!.reasons, "x"] } }],
      ["reason", { ...full, approval: { ...full.approval!, reasons: [text(TEXT_CAPS.approvalReason + 1)] } }],
      ["approvedBy", { ...full, approval: { ...full.approval!, approvedBy: text(TEXT_CAPS.author + 1) } }],
      ["diffHashes", { ...full, compacted: { ...full.compacted!, diffHashes: [...full.compacted!.diffHashes, "x"] } }],
    ];
    for (const [field, state] of over) expect([field, sessionStateSchema.safeParse(state).success]).toEqual([field, false]);
  });

  it("a run that hands over text past every cap still produces a state that saves", () => {
    const base = { ...newSession({ sessionId: "s", now: T, title: "t", budget: { attempts: 5, minutes: 30, usd: 2 } }), status: "running" as const };
    const started = transition(base, { type: "attempt_started", at: T, n: 1 }).state;
    const long = text(10_000);
    const gate = { name: long, root: long, ok: true, exitCode: 0, durationMs: 1 };
    const finished = transition(started, {
      type: "attempt_finished",
      at: T,
      attempt: {
        n: 1,
        startedAt: T,
        finishedAt: T,
        outcome: "passed",
        durationMs: 1,
        costUsd: 0,
        summary: long,
        error: long,
        gates: Array(80).fill(gate),
      },
    }).state;
    const awaiting = transition(finished, { type: "await_approval", at: T, expiresAt: T, reasons: Array(30).fill(long), headSha: SHA }).state;
    expect(awaiting.status).toBe("awaiting_approval");
    expect(sessionStateSchema.safeParse(awaiting).success).toBe(true);
    const ended = transition(finished, { type: "ended", at: T, reason: "agent_error", note: long }).state;
    expect(sessionStateSchema.safeParse(ended).success).toBe(true);
  });
});

describe("capText", () => {
  it("keeps text within the cap and cuts longer text to it", () => {
    expect(capText("abc", 3)).toBe("abc");
    expect(capText("abcd", 3)).toBe("abc");
    expect(capText("", 3)).toBe("");
  });
});
