/** Reports show the tool calls an agent's CLI refused and where each attempt's cost comes from (issue 12). */
import { describe, expect, it } from "vitest";
import { renderCheckRunSummary, renderStatusComment } from "../../src/core/render.js";
import type { Attempt } from "../../src/core/state.js";
import { sampleSession } from "../support/session.js";

const T0 = "2026-01-05T09:00:00.000Z";
const finished = (a: Partial<Attempt>): Attempt => ({ n: 1, startedAt: T0, finishedAt: T0, outcome: "agent_error", durationMs: 1000, ...a });

describe("reports: refused tool calls", () => {
  it("lists them under the last attempt, as code, the rest counted", () => {
    const denied = ["Bash(npm test)", "Write(/etc/hosts)", "a`b\nc", "4", "5", "6", "7"];
    const text = renderStatusComment(
      sampleSession({ status: "running", attempts: [finished({ outcome: "passed", costUsd: 0.1, deniedTools: denied })] }),
    );
    expect(text).toContain("**Tool calls the agent's CLI refused:** `Bash(npm test)`, `Write(/etc/hosts)`, `a'b c`, `4`, `5` and 2 more");
  });

  it("says nothing when none was refused", () => {
    const text = renderStatusComment(
      sampleSession({ status: "running", attempts: [finished({ outcome: "passed", costUsd: 0.1, deniedTools: [] })] }),
    );
    expect(text).not.toContain("refused");
  });
});

describe("reports: the cost basis", () => {
  it("marks a not-billed attempt in the ledger and explains it under the last attempt", () => {
    const state = sampleSession({ status: "running", attempts: [finished({ costUsd: 0, costBasis: "not_billed" })] });
    expect(renderCheckRunSummary(state).summary).toContain("| $0.00 (not billed) |");
    expect(renderStatusComment(state)).toContain("**Cost of this attempt:** $0.00: the agent's output shows no model response was billed.");
  });

  it("explains an assumed cost, whether the basis or only the old flag says so", () => {
    for (const a of [
      finished({ costUsd: 0.5, costBasis: "assumed", costAssumed: true }),
      finished({ costUsd: 0.5, costAssumed: true }),
      finished({ costUsd: 0.5, costBasis: "assumed" }),
    ]) {
      const state = sampleSession({ status: "running", attempts: [a] });
      expect(renderCheckRunSummary(state).summary).toContain("| $0.50 (assumed) |");
      expect(renderStatusComment(state)).toContain("**Cost of this attempt:** $0.50 assumed: the agent reported no cost");
    }
  });

  it("adds nothing for a reported cost or an attempt without cost", () => {
    for (const a of [finished({ costUsd: 0.2, costBasis: "reported" }), finished({ costUsd: 0.2 }), finished({})]) {
      const state = sampleSession({ status: "running", attempts: [a] });
      expect(renderStatusComment(state)).not.toContain("Cost of this attempt");
      expect(renderCheckRunSummary(state).summary).not.toMatch(/\((?:assumed|not billed)\)/);
    }
  });
});
