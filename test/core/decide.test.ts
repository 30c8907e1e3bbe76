import { describe, expect, it } from "vitest";
import { lastVerdict, nextRunAction, nextStep, reasonWhenBudgetRunsOut } from "../../src/core/decide.js";
import { newSession, type Attempt, type SessionState } from "../../src/core/state.js";

const T = "2026-11-21T10:00:00.000Z";
const done = (n: number, outcome: Attempt["outcome"], extra: Partial<Attempt> = {}): Attempt => ({
  n,
  startedAt: T,
  finishedAt: T,
  outcome,
  durationMs: 1,
  costUsd: 0,
  ...extra,
});
const withAttempts = (attempts: Attempt[]): SessionState => ({
  ...newSession({ sessionId: "s", now: T, title: "t", budget: { attempts: 5, minutes: 30, usd: 2 } }),
  status: "running",
  attempts,
});

describe("nextStep", () => {
  it("starts an attempt when there is no verdict yet, or the last attempt was interrupted", () => {
    expect(nextStep(withAttempts([]))).toEqual({ kind: "attempt" });
    expect(nextStep(withAttempts([done(1, "passed"), done(2, "interrupted")]))).toEqual({ kind: "attempt" });
    expect(nextStep(withAttempts([{ n: 1, startedAt: T }]))).toEqual({ kind: "attempt" });
  });

  it("publishes a passed attempt instead of running the agent again", () => {
    const passed = done(2, "passed", { diffHash: "b".repeat(40) });
    expect(nextStep(withAttempts([done(1, "gates_failed", { diffHash: "a".repeat(40) }), passed]))).toEqual({ kind: "publish", attempt: passed });
  });

  it("ends on a policy violation and on a permanent agent error, with the attempt's message", () => {
    expect(nextStep(withAttempts([done(1, "policy_violation", { error: "forbidden path" })]))).toEqual({
      kind: "end",
      reason: "policy_violation",
      note: "forbidden path",
    });
    expect(nextStep(withAttempts([done(1, "agent_error", { error: "bad key", transient: false })]))).toEqual({
      kind: "end",
      reason: "agent_error",
      note: "bad key",
    });
    expect(nextStep(withAttempts([done(1, "agent_error")]))).toMatchObject({ kind: "end", reason: "agent_error" });
  });

  it("tries again after a transient agent error or failing gates", () => {
    expect(nextStep(withAttempts([done(1, "agent_error", { transient: true })]))).toEqual({ kind: "attempt" });
    expect(nextStep(withAttempts([done(1, "gates_failed", { diffHash: "a".repeat(40) })]))).toEqual({ kind: "attempt" });
  });

  it("ends on oscillation A→B→A and on repeated empty diffs", () => {
    const [a, b] = ["a".repeat(40), "b".repeat(40)];
    const osc = nextStep(
      withAttempts([done(1, "gates_failed", { diffHash: a }), done(2, "gates_failed", { diffHash: b }), done(3, "gates_failed", { diffHash: a })]),
    );
    expect(osc).toMatchObject({ kind: "end", reason: "oscillation_detected" });
    expect(osc.kind === "end" ? osc.note : "").toMatch(/1/);
    expect(nextStep(withAttempts([done(1, "empty_diff", { diffHash: a }), done(2, "empty_diff", { diffHash: a })]))).toMatchObject({
      kind: "end",
      reason: "oscillation_detected",
    });
  });

  it("lastVerdict skips an open attempt and stops at an interrupted one", () => {
    expect(lastVerdict(withAttempts([done(1, "gates_failed"), { n: 2, startedAt: T }]))?.n).toBe(1);
    expect(lastVerdict(withAttempts([done(1, "passed"), done(2, "interrupted")]))).toBeUndefined();
  });
});

describe("reasonWhenBudgetRunsOut", () => {
  const attempts = { ok: false as const, exhausted: "attempts" as const, message: "" };
  it("is gates_failed when the attempts ran out on failing gates (DESIGN.md), agent_error on agent errors", () => {
    expect(reasonWhenBudgetRunsOut(attempts, "gates_failed")).toBe("gates_failed");
    expect(reasonWhenBudgetRunsOut(attempts, "empty_diff")).toBe("gates_failed");
    expect(reasonWhenBudgetRunsOut(attempts, "agent_error")).toBe("agent_error");
    expect(reasonWhenBudgetRunsOut(attempts, undefined)).toBe("budget_exhausted");
  });
  it("is budget_exhausted when time or money ran out", () => {
    expect(reasonWhenBudgetRunsOut({ ok: false, exhausted: "minutes", message: "" }, "gates_failed")).toBe("budget_exhausted");
    expect(reasonWhenBudgetRunsOut({ ok: false, exhausted: "usd", message: "" }, "gates_failed")).toBe("budget_exhausted");
  });
});

describe("nextRunAction", () => {
  const base = newSession({ sessionId: "s", now: T, title: "t", budget: { attempts: 5, minutes: 30, usd: 2 } });
  const NOW = Date.parse(T);
  const awaiting = (expiresAt: string): SessionState => ({
    ...base,
    status: "awaiting_approval",
    attempts: [done(1, "passed")],
    approval: { requestedAt: T, expiresAt, reasons: ["r"] },
  });

  it("says what a run does with a session in each status", () => {
    expect(nextRunAction(base, NOW)).toEqual({ kind: "run_attempts" });
    expect(nextRunAction({ ...base, status: "approved" }, NOW)).toEqual({ kind: "publish_approved" });
    expect(nextRunAction({ ...base, status: "running" }, NOW)).toEqual({ kind: "recover" });
    expect(nextRunAction({ ...base, status: "interrupted" }, NOW)).toEqual({ kind: "wait", for: "retry" });
    expect(nextRunAction({ ...base, status: "ended", reason: "cancelled" }, NOW)).toEqual({ kind: "report" });
    expect(nextRunAction({ ...base, status: "ended", reason: "cancelled", reportedAt: T }, NOW)).toEqual({ kind: "none" });
  });

  it("recovers first an attempt still open in any status (a /cancel that came during it)", () => {
    const open = [done(1, "gates_failed"), { n: 2, startedAt: T }];
    expect(nextRunAction({ ...base, status: "ended", reason: "cancelled", reportedAt: T, attempts: open }, NOW)).toEqual({ kind: "recover" });
    expect(nextRunAction({ ...base, attempts: [done(1, "gates_failed")] }, NOW)).toEqual({ kind: "run_attempts" });
  });

  it("waits for approval strictly before the deadline and expires exactly at it", () => {
    const deadline = "2026-11-21T12:00:00.000Z";
    expect(nextRunAction(awaiting(deadline), Date.parse(deadline) - 1)).toEqual({ kind: "wait", for: "approval" });
    expect(nextRunAction(awaiting(deadline), Date.parse(deadline))).toEqual({ kind: "expire" });
  });
});
