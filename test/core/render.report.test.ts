import { describe, expect, it } from "vitest";
import { renderCheckRunSummary, renderStatusComment, renderTerminalReport } from "../../src/core/render.js";
import { ATTEMPT_OUTCOMES, type Attempt, type SessionState } from "../../src/core/state.js";
import { sampleSession } from "../support/session.js";

const T0 = "2026-01-05T09:00:00.000Z";

/** Awaiting approval after an agent error (assumed cost) and a passing attempt; every section filled. */
function awaiting(overrides: Partial<SessionState> = {}): SessionState {
  return sampleSession({
    status: "awaiting_approval",
    updatedAt: "2026-01-05T10:02:03.000Z",
    branch: "foreman/7-fix",
    spent: { costUsd: 0.5, durationMs: 125_000, attempts: 2 },
    attempts: [
      {
        n: 1,
        startedAt: T0,
        finishedAt: "2026-01-05T09:01:00.000Z",
        outcome: "agent_error",
        durationMs: 60_000,
        costUsd: 0.5,
        costAssumed: true,
        error: "429 quota",
        summary: "tried",
      },
      {
        n: 2,
        startedAt: "2026-01-05T09:01:00.000Z",
        finishedAt: "2026-01-05T09:02:05.000Z",
        outcome: "passed",
        durationMs: 65_000,
        costUsd: 0,
        diffStats: { files: 1, additions: 2, deletions: 0 },
        gates: [{ name: "unit", root: "", ok: true, exitCode: 0, durationMs: 2000 }],
        summary: "did it",
        error: "old warning",
      },
    ],
    approval: { requestedAt: "2026-01-05T09:02:05.000Z", expiresAt: "2026-01-08T09:02:05.000Z", reasons: ["a", "b", "c", "d", "e", "f", "g"] },
    note: "  a note  ",
    ...overrides,
  });
}

const LEDGER_HEAD = "| # | Outcome | Gates | Cost | Time | Diff | Summary |\n| --- | --- | --- | ---: | ---: | --- | --- |";
const ROWS = "| 1 | 💥 agent error | — | $0.50 (assumed) | 1m | — | 429 quota |\n| 2 | ✅ passed | ✅ 1/1 | $0.00 | 1m 5s | 1 files +2 −0 | did it |";

describe("renderStatusComment: the whole comment", () => {
  it("awaiting approval: facts, at most five reasons, next steps, last attempt, summary, error and note", () => {
    expect(renderStatusComment(awaiting())).toBe(
      [
        "### 🤖 Foreman · ✋ Awaiting approval",
        "",
        "**Task:** issue #7 — Fix the parser",
        "",
        "| | |",
        "| --- | --- |",
        "| Attempts | 2 of 5 |",
        "| Cost | $0.50 of $2.00 |",
        "| Time | 1h 2m elapsed · 2m 5s in attempts · budget 30m |",
        "| Diff | 1 files, +2 −0 |",
        "| Branch | foreman/7-fix |",
        "",
        "**Approval needed** (expires 2026-01-08T09:02:05.000Z):",
        "- a",
        "- b",
        "- c",
        "- d",
        "- e",
        "- … and 2 more",
        "",
        "**What you can do next**",
        "- `/approve` publishes the change exactly as tested.",
        "- `/reject [reason]` ends the session without publishing.",
        "",
        "**Last attempt (2):** ✅ passed",
        "- ✅ unit (2s)",
        "",
        "**Agent's summary:** did it",
        "",
        "**Error:** old warning",
        "",
        "**Note:** a note",
      ].join("\n"),
    );
  });

  it("lists exactly five reasons without a remainder line", () => {
    const text = renderStatusComment(awaiting({ approval: { requestedAt: T0, expiresAt: T0, reasons: ["a", "b", "c", "d", "e"] } }));
    expect(text).toContain("- e\n\n**What you can do next**");
    expect(text).not.toContain("more\n");
  });

  it("shows approval reasons only while awaiting approval", () => {
    expect(renderStatusComment(awaiting({ status: "approved" }))).not.toContain("Approval needed");
    expect(renderStatusComment(awaiting({ approval: undefined }))).not.toContain("Approval needed");
  });

  it("leaves out blank summaries, errors and notes, and a task without an issue has no number", () => {
    const last = awaiting().attempts[1]!;
    const text = renderStatusComment(
      awaiting({ attempts: [{ ...last, summary: "  ", error: "\n" }], note: " ", task: { title: "Local task" }, branch: undefined }),
    );
    expect(text).not.toMatch(/Agent's summary|\*\*Error|\*\*Note/);
    expect(text).toContain("\n**Task:** Local task\n");
    expect(text).not.toContain("| Branch |");
    expect(text.endsWith("- ✅ unit (2s)")).toBe(true);
  });

  it("has no last-attempt section before the first attempt, and no diff row without diff stats", () => {
    const text = renderStatusComment(sampleSession({ status: "running" }));
    expect(text).not.toContain("Last attempt");
    expect(text).not.toContain("| Diff |");
    expect(text.endsWith("`/status` refreshes this comment.")).toBe(true);
  });

  it.each([
    ["pending", "⏳ Pending — waiting for a runner"],
    ["running", "🔄 Running"],
    ["approved", "👍 Approved — publishing"],
    ["interrupted", "⚠️ Interrupted — resumable"],
  ] as const)("%s has the header %s", (status, label) => {
    expect(renderStatusComment(sampleSession({ status })).split("\n")[0]).toBe(`### 🤖 Foreman · ${label}`);
  });
});

describe("renderStatusComment: attempts and time", () => {
  const base = (a: Partial<Attempt>): Attempt => ({ n: 3, startedAt: T0, ...a });

  it.each([
    [{ outcome: "passed" }, "✅ passed"],
    [{ outcome: "gates_failed" }, "❌ gates failed"],
    [{ outcome: "policy_violation" }, "🚫 policy violation"],
    [{ outcome: "agent_error" }, "💥 agent error"],
    [{ outcome: "empty_diff" }, "⚪ no change"],
    [{ outcome: "interrupted" }, "⚠️ interrupted"],
    [{}, "⏳ in progress"],
    [{ finishedAt: T0 }, "❔ unknown"],
  ] as const)("an attempt %j reads %s", (fields, label) => {
    expect(renderStatusComment(sampleSession({ status: "running", attempts: [base(fields)] }))).toContain(`**Last attempt (3):** ${label}`);
  });

  it("names a gate's root unless it is the repository root, and its exit code when it failed", () => {
    const gates = [
      { name: "a", root: ".", ok: false, exitCode: 2, durationMs: 500 },
      { name: "b", root: "web/@app", ok: true, exitCode: 0, durationMs: 1500 },
    ];
    const text = renderStatusComment(sampleSession({ status: "running", attempts: [base({ gates })] }));
    expect(text).toContain("- ❌ a (500ms) — exit 2\n- ✅ b in web/@&#8203;app (1s)");
  });

  it("lists fifteen gates in full, without a remainder line", () => {
    const gates = Array.from({ length: 15 }, (_, i) => ({ name: `g${i}`, root: ".", ok: true, exitCode: 0, durationMs: 0 }));
    const text = renderStatusComment(sampleSession({ status: "running", attempts: [base({ gates })] }));
    expect(text).toContain("- ✅ g14 (0ms)");
    expect(text).not.toContain("more gates");
  });

  it("measures elapsed time to the end of an ended session, and shows — when it cannot", () => {
    const ended = sampleSession({ status: "ended", reason: "cancelled", updatedAt: "2026-01-05T12:00:00.000Z", endedAt: "2026-01-05T09:00:45.000Z" });
    expect(renderTerminalReport(ended)).toContain("| Time | 45s elapsed · 0ms in attempts · budget 30m |");
    expect(renderStatusComment(sampleSession({ updatedAt: "2026-01-05T09:00:00.000Z" }))).toContain("| Time | 0ms elapsed ·");
    expect(renderStatusComment(sampleSession({ updatedAt: "2026-01-05T08:59:59.000Z" }))).toContain("| Time | — elapsed ·");
    expect(renderStatusComment(sampleSession({ updatedAt: "not a time" }))).toContain("| Time | — elapsed ·");
    expect(renderStatusComment(sampleSession({ createdAt: "not a time" }))).toContain("| Time | — elapsed ·");
  });
});

describe("renderTerminalReport: the whole report", () => {
  it("without a reason: says the session ended and that nothing more will run", () => {
    const state = awaiting({ status: "ended", reason: null, endedAt: "2026-01-05T09:30:00.000Z", task: { title: "no issue" } });
    const text = renderTerminalReport(state);
    expect(text.split("\n").slice(0, 5)).toEqual(["### 🤖 Foreman · 🏁 Ended", "", "The session ended.", "", "**Task:** no issue"]);
    expect(text).toContain("| Time | 30m elapsed · 2m 5s in attempts · budget 30m |");
    expect(text).toContain("**What you can do next**\n- Nothing more will run.\n\n**Last attempt (2):** ✅ passed");
    expect(text.endsWith("**Note:** a note")).toBe(true);
    expect(renderStatusComment(state)).toBe(text);
  });

  it("without any attempt: no diff row and no last attempt", () => {
    const text = renderTerminalReport(sampleSession({ status: "ended", reason: "cancelled" }));
    expect(text).not.toContain("| Diff |");
    expect(text).not.toContain("Last attempt");
  });
});

describe("renderCheckRunSummary", () => {
  it("awaiting approval: the whole summary and title", () => {
    expect(renderCheckRunSummary(awaiting())).toEqual({
      title: "Awaiting approval · 2 attempts · $0.50",
      summary: [
        "**✋ Awaiting approval** · 2 of 5 attempts · $0.50 of $2.00 · 2m 5s in attempts",
        "",
        LEDGER_HEAD,
        ROWS,
        "",
        "**What you can do next**",
        "- `/approve` publishes the change exactly as tested.",
        "- `/reject [reason]` ends the session without publishing.",
      ].join("\n"),
    });
  });

  it("ended: the reason in words under the head, and the reason's next steps", () => {
    const { title, summary } = renderCheckRunSummary(awaiting({ status: "ended", reason: "rejected" }));
    expect(title).toBe("Stopped: rejected after 2 attempts · $0.50");
    expect(
      summary.startsWith(
        "**🙅 Rejected** · 2 of 5 attempts · $0.50 of $2.00 · 2m 5s in attempts\n\nA reviewer rejected the change (`/reject`).\n\n| # |",
      ),
    ).toBe(true);
    expect(summary).toContain("- The work stays on branch foreman/7-fix for reference.");
    const noReason = renderCheckRunSummary(awaiting({ status: "ended", reason: null }));
    expect(noReason.title).toBe("Stopped: ended after 2 attempts · $0.50");
    expect(noReason.summary).toContain("2m 5s in attempts\n\n| # |");
  });

  it.each([
    [{ status: "ended", reason: "succeeded" }, "Succeeded after 2 attempts · $0.50"],
    [{ status: "ended", reason: "budget_exhausted" }, "Stopped: budget exhausted after 2 attempts · $0.50"],
    [{ status: "ended", reason: "succeeded", spent: { costUsd: 0.1, durationMs: 0, attempts: 1 } }, "Succeeded after 1 attempt · $0.10"],
    [{ status: "running" }, "Running · attempt 2 of 5 · $0.50 of $2.00"],
    [{ status: "approved" }, "Approved — publishing · attempt 2 of 5 · $0.50 of $2.00"],
    [{ status: "interrupted" }, "Interrupted — resumable · attempt 2 of 5 · $0.50 of $2.00"],
  ] as const)("title of %j is %s", (overrides, title) => {
    expect(renderCheckRunSummary(awaiting(overrides)).title).toBe(title);
  });

  it("a row shows the summary of a passed attempt even with an error, and the error of any other", () => {
    const rows = renderCheckRunSummary(awaiting())
      .summary.split("\n")
      .filter((l) => /^\| \d/.test(l));
    expect(rows).toEqual(ROWS.split("\n"));
  });

  it("a row with nothing known shows dashes, an open attempt, and no text", () => {
    const { summary } = renderCheckRunSummary(sampleSession({ status: "running", attempts: [{ n: 1, startedAt: T0 }] }));
    expect(summary).toContain("\n| 1 | ⏳ in progress | — | — | — | — |  |\n");
  });

  it("a gate cell counts passed gates and is ✅ only when all passed", () => {
    const gate = (ok: boolean) => ({ name: "g", root: ".", ok, exitCode: ok ? 0 : 1, durationMs: 0 });
    const { summary } = renderCheckRunSummary(
      sampleSession({
        status: "running",
        attempts: [
          { n: 1, startedAt: T0, gates: [gate(true), gate(false), gate(true)] },
          { n: 2, startedAt: T0, gates: [gate(true), gate(true)] },
        ],
      }),
    );
    expect(summary).toContain("| 1 | ⏳ in progress | ❌ 2/3 |");
    expect(summary).toContain("| 2 | ⏳ in progress | ✅ 2/2 |");
  });

  it("a cost not assumed is shown alone", () => {
    const { summary } = renderCheckRunSummary(
      sampleSession({ status: "running", attempts: [{ n: 1, startedAt: T0, costUsd: 1, costAssumed: false }] }),
    );
    expect(summary).toContain("| $1.00 |");
    expect(summary).not.toContain("(assumed)");
  });
});

describe("renderCheckRunSummary: the totals row", () => {
  const compacted = (over: Partial<NonNullable<SessionState["compacted"]>> = {}): NonNullable<SessionState["compacted"]> => ({
    count: 1,
    firstN: 1,
    lastN: 1,
    costUsd: 0.2,
    durationMs: 1000,
    tokens: 0,
    outcomes: { gates_failed: 1 },
    diffHashes: [],
    ...over,
  });

  it("one compacted attempt is a single number, not a range", () => {
    const { summary } = renderCheckRunSummary(sampleSession({ status: "running", compacted: compacted(), attempts: [{ n: 2, startedAt: T0 }] }));
    expect(summary).toContain(`${LEDGER_HEAD}\n| 1 | 1 earlier attempts (totals) | — | $0.20 | 1s | — | 1 gates failed |\n| 2 |`);
  });

  it("a compacted ledger with no kept attempt is its totals row alone", () => {
    const { summary } = renderCheckRunSummary(sampleSession({ status: "running", compacted: compacted() }));
    expect(summary).toContain(`${LEDGER_HEAD}\n| 1 | 1 earlier attempts (totals) |`);
    expect(summary).not.toContain("_No attempts yet._");
  });

  it("lists the commonest outcomes first, eight at most", () => {
    const outcomes = { passed: 1, gates_failed: 9, policy_violation: 2, agent_error: 8, empty_diff: 3, interrupted: 7, open: 4, unknown: 6 };
    const { summary } = renderCheckRunSummary(sampleSession({ status: "running", compacted: compacted({ count: 40, lastN: 40, outcomes }) }));
    expect(summary).toContain("| 9 gates failed, 8 agent error, 7 interrupted, 6 unknown, 4 open, 3 empty diff, 2 policy violation, 1 passed |");
  });

  it("folds the attempts that do not fit as rows into the totals, open and unknown ones included", () => {
    const attempts: Attempt[] = Array.from({ length: 103 }, (_, i) => ({
      n: i + 1,
      startedAt: T0,
      ...(i === 0 ? {} : i === 1 ? { finishedAt: T0 } : { finishedAt: T0, outcome: ATTEMPT_OUTCOMES[i % ATTEMPT_OUTCOMES.length]! }),
      costUsd: 0.5,
      durationMs: 1000,
    }));
    const rows = renderCheckRunSummary(sampleSession({ status: "running", attempts }))
      .summary.split("\n")
      .filter((l) => /^\| \d/.test(l));
    // The 100 newest attempts have a row each; the three oldest are one totals row, first.
    expect(rows).toHaveLength(101);
    expect(rows[0]).toBe("| 1–3 | 3 earlier attempts | — | $1.50 | 3s | — | 1 open, 1 unknown, 1 policy violation |");
    expect(rows[1]).toMatch(/^\| 4 \| /);
    expect(rows[100]).toMatch(/^\| 103 \| /);
  });

  it("adds kept attempts that do not fit to the compacted totals", () => {
    const attempts: Attempt[] = Array.from({ length: 101 }, (_, i) => ({
      n: i + 11,
      startedAt: T0,
      finishedAt: T0,
      outcome: "gates_failed",
      costUsd: 1,
      durationMs: 0,
    }));
    const rows = renderCheckRunSummary(
      sampleSession({
        status: "running",
        compacted: compacted({ count: 10, firstN: 1, lastN: 10, costUsd: 2, outcomes: { gates_failed: 10 } }),
        attempts,
      }),
    )
      .summary.split("\n")
      .filter((l) => /^\| \d/.test(l));
    expect(rows[0]).toBe("| 1–11 | 11 earlier attempts (totals) | — | $3.00 | 1s | — | 11 gates failed |");
    expect(rows).toHaveLength(101);
  });
});
