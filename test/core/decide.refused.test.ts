/** A refused change (issue 11): another attempt while attempts remain; `policy_violation` when they run out. */
import { describe, expect, it } from "vitest";
import type { BudgetCheck } from "../../src/core/budget.js";
import { nextStep, reasonWhenBudgetRunsOut } from "../../src/core/decide.js";
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
const running = (attempts: Attempt[]): SessionState => ({
  ...newSession({ sessionId: "s", now: T, title: "t", budget: { attempts: 5, minutes: 30, usd: 2 } }),
  status: "running",
  attempts,
});
const exhausted = (what: "attempts" | "minutes" | "usd"): Extract<BudgetCheck, { ok: false }> => ({
  ok: false,
  exhausted: what,
  message: `out of ${what}`,
});

describe("nextStep: a refused change", () => {
  it("starts another attempt after a refused policy violation, even twice in a row with the same tree", () => {
    expect(nextStep(running([done(1, "policy_violation", { refused: true, error: "x" })]))).toEqual({ kind: "attempt" });
    const h = "a".repeat(40);
    expect(
      nextStep(running([done(1, "policy_violation", { refused: true, diffHash: h }), done(2, "policy_violation", { refused: true, diffHash: h })])),
    ).toEqual({ kind: "attempt" });
  });

  it("still ends the session at once for a violation that was not refused (refused absent or false)", () => {
    expect(nextStep(running([done(1, "policy_violation", { error: "no gate applies" })]))).toEqual({
      kind: "end",
      reason: "policy_violation",
      note: "no gate applies",
    });
    expect(nextStep(running([done(1, "policy_violation", { refused: false })]))).toEqual({
      kind: "end",
      reason: "policy_violation",
      note: "Attempt 1 broke the path policy.",
    });
  });

  it("publishes a passing attempt that follows a refused one", () => {
    const passed = done(2, "passed", { diffHash: "b".repeat(40) });
    expect(nextStep(running([done(1, "policy_violation", { refused: true }), passed]))).toEqual({ kind: "publish", attempt: passed });
  });
});

describe("reasonWhenBudgetRunsOut: a change still refused", () => {
  it("is policy_violation when the attempts run out on a refused change, budget_exhausted for time or money", () => {
    expect(reasonWhenBudgetRunsOut(exhausted("attempts"), "policy_violation")).toBe("policy_violation");
    expect(reasonWhenBudgetRunsOut(exhausted("minutes"), "policy_violation")).toBe("budget_exhausted");
    expect(reasonWhenBudgetRunsOut(exhausted("usd"), "policy_violation")).toBe("budget_exhausted");
  });
});
