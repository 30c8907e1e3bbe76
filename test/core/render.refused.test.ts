/** Reports show a change the path policy refused (and put back) apart from a violation that ended the session. */
import { describe, expect, it } from "vitest";
import { renderCheckRunSummary, renderTerminalReport } from "../../src/core/render.js";
import type { Attempt } from "../../src/core/state.js";
import { sampleSession } from "../support/session.js";

const T0 = "2026-01-05T09:00:00.000Z";
const attempt = (n: number, extra: Partial<Attempt>): Attempt => ({
  n,
  startedAt: T0,
  finishedAt: T0,
  outcome: "policy_violation",
  durationMs: 1_000,
  costUsd: 0.1,
  ...extra,
});

describe("render: a refused attempt", () => {
  it("labels a refused attempt in the check-run ledger, and a plain violation as before", () => {
    const state = sampleSession({
      status: "ended",
      reason: "policy_violation",
      spent: { costUsd: 0.2, durationMs: 2_000, attempts: 2 },
      attempts: [attempt(1, { refused: true, error: '"app.bin" is a new binary file' }), attempt(2, { error: "no gate applies" })],
    });
    const { summary } = renderCheckRunSummary(state);
    const rows = summary.split("\n").filter((l) => l.startsWith("| 1 ") || l.startsWith("| 2 "));
    expect(rows[0]).toContain("🚫 refused by the path policy (put back, next attempt told why)");
    expect(rows[1]).toContain("🚫 policy violation");
    expect(rows[1]).not.toContain("refused");
  });

  it("shows the last refused attempt's reasons as Refused in the terminal report", () => {
    const state = sampleSession({
      status: "ended",
      reason: "policy_violation",
      spent: { costUsd: 0.1, durationMs: 1_000, attempts: 1 },
      attempts: [attempt(1, { refused: true, error: '"pixi.lock" is a lockfile' })],
    });
    const report = renderTerminalReport(state, { surface: "local" });
    expect(report).toContain("**Last attempt (1):** 🚫 refused by the path policy");
    expect(report).toContain('**Refused:** "pixi.lock" is a lockfile');
    expect(report).not.toContain("**Error:**");
    expect(report).toContain("Nothing that breaks it was published.");
  });
});
