import { fc, test as propTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  escapeInline,
  formatDuration,
  formatUsd,
  MAX_CHECK_RUN_SUMMARY_CHARS,
  MAX_CHECK_RUN_TITLE_CHARS,
  MAX_STATUS_CHARS,
  renderCheckRunSummary,
  renderStatusComment,
  renderTerminalReport,
} from "../../src/core/render.js";
import { hasStateBlock } from "../../src/core/state-codec.js";
import { TERMINAL_REASONS, type Attempt, type SessionState, type TerminalReason } from "../../src/core/state.js";
import { sampleSession } from "../support/session.js";

const T0 = "2026-01-05T09:00:00.000Z";
const T1 = "2026-01-05T09:12:05.000Z";

const session = sampleSession;

function attempt(n: number, overrides: Partial<Attempt> = {}): Attempt {
  return {
    n,
    startedAt: T0,
    finishedAt: T1,
    outcome: "gates_failed",
    durationMs: 60_000,
    costUsd: 0.25,
    diffHash: `h${n}`,
    diffStats: { files: 2, additions: 30, deletions: 4 },
    gates: [
      { name: "npm test", root: ".", ok: false, exitCode: 1, durationMs: 12_000 },
      { name: "npm run lint", root: "packages/core", ok: true, exitCode: 0, durationMs: 3_000 },
    ],
    summary: `attempt ${n} summary`,
    ...overrides,
  };
}

/** A session after three attempts: 3 of 5 attempts, $0.75 of $2.00, 12m 5s elapsed. */
function afterThree(overrides: Partial<SessionState> = {}): SessionState {
  return session({
    status: "running",
    updatedAt: T1,
    attempts: [attempt(1), attempt(2), attempt(3)],
    spent: { costUsd: 0.75, durationMs: 180_000, attempts: 3 },
    branch: "foreman/7-fix-parser",
    ...overrides,
  });
}

function ended(reason: TerminalReason, overrides: Partial<SessionState> = {}): SessionState {
  return afterThree({ status: "ended", reason, endedAt: T1, ...overrides });
}

/** The "What you can do next" list of a rendered report. */
function nextSteps(markdown: string): string {
  const at = markdown.indexOf("**What you can do next**");
  expect(at).toBeGreaterThanOrEqual(0);
  return markdown.slice(at);
}

describe("formatUsd / formatDuration", () => {
  it.each([
    [0, "$0.00"],
    [0.004, "<$0.01"],
    [0.005, "$0.01"],
    [0.42, "$0.42"],
    [2, "$2.00"],
    [1234.5, "$1,234.50"],
    [1_000_000, "$1,000,000.00"],
    [Number.NaN, "—"],
  ])("formatUsd(%s) is %s", (n, expected) => {
    expect(formatUsd(n)).toBe(expected);
  });

  it.each([
    [0, "0ms"],
    [850, "850ms"],
    [45_000, "45s"],
    [720_000, "12m"],
    [725_000, "12m 5s"],
    [3 * 3_600_000 + 4 * 60_000 + 59_000, "3h 4m"],
    [2 * 86_400_000 + 3 * 3_600_000, "2d 3h"],
    [-1, "—"],
  ])("formatDuration(%s) is %s", (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe("renderTerminalReport", () => {
  const expectedNext: Record<TerminalReason, RegExp> = {
    succeeded: /Review and merge pull request #12\./,
    gates_failed: /failing gates of the last attempt/,
    budget_exhausted: /`\/budget <usd>`[\s\S]*00:00 UTC/,
    oscillation_detected: /repeating itself: add a hint to the issue/,
    policy_violation: /adjust `paths` or `gates` in `\.github\/foreman\.yml`/,
    agent_error: /model key secret/,
    cancelled: /Nothing more will run\./,
    rejected: /what the reviewer asked for/,
    approval_expired: /`\/approve` within the approval time/,
    setup_failed: /Install what is missing/,
  };

  it.each(TERMINAL_REASONS.map((r) => [r]))("%s: outcome, reason in words and its own next steps", (reason) => {
    const report = renderTerminalReport(ended(reason, { pullRequest: 12 }));
    expect(nextSteps(report)).toMatch(expectedNext[reason]);
    // Every other reason's specific advice is absent.
    for (const other of TERMINAL_REASONS) {
      if (other !== reason && !expectedNext[other].test("Nothing more will run.")) expect(nextSteps(report)).not.toMatch(expectedNext[other]);
    }
    expect(report).toContain("| Attempts | 3 of 5 |");
    expect(report).toContain("| Cost | $0.75 of $2.00 |");
    expect(report).toContain("12m 5s elapsed");
    expect(report).toContain("3m in attempts");
    expect(report).toContain("| Diff | 2 files, +30 −4 |");
  });

  it("gives a different outcome title and explanation for each reason", () => {
    const heads = TERMINAL_REASONS.map((r) => renderTerminalReport(ended(r)).split("\n").slice(0, 3).join("\n"));
    expect(new Set(heads).size).toBe(TERMINAL_REASONS.length);
    expect(heads[0]).toBe("### 🤖 Foreman · ✅ Succeeded\n\nThe gates passed and the change was published.");
  });

  it("uses diff stats it is given over the last attempt's", () => {
    const report = renderTerminalReport(ended("succeeded"), { diffStats: { files: 4, additions: 1234, deletions: 2 } });
    expect(report).toContain("| Diff | 4 files, +1,234 −2 |");
    expect(report).not.toContain("2 files, +30");
  });

  it("points at the branch when there is no pull request", () => {
    expect(nextSteps(renderTerminalReport(ended("succeeded")))).toContain("Review branch foreman/7-fix-parser and open a pull request.");
    expect(nextSteps(renderTerminalReport(ended("rejected")))).toContain("The work stays on branch foreman/7-fix-parser for reference.");
  });
});

describe("renderStatusComment", () => {
  it("shows status, attempt N of budget, cost of budget, elapsed, gates, branch and commands", () => {
    const text = renderStatusComment(afterThree({ pullRequest: 12 }));
    expect(text).toContain("### 🤖 Foreman · 🔄 Running");
    expect(text).toContain("**Task:** issue #7 — Fix the parser");
    expect(text).toContain("| Attempts | 3 of 5 |");
    expect(text).toContain("| Cost | $0.75 of $2.00 |");
    expect(text).toContain("12m 5s elapsed");
    expect(text).toContain("| Branch | foreman/7-fix-parser |");
    expect(text).toContain("| Pull request | #12 |");
    expect(text).toContain("**Last attempt (3):** ❌ gates failed");
    expect(text).toContain("- ❌ npm test (12s) — exit 1");
    expect(text).toContain("- ✅ npm run lint in packages/core (3s)");
    expect(nextSteps(text)).toContain("`/cancel`");
    expect(nextSteps(text)).not.toContain("/approve");
  });

  it("awaiting approval: /approve and /reject, with the reasons", () => {
    const text = renderStatusComment(
      afterThree({ status: "awaiting_approval", approval: { requestedAt: T0, expiresAt: T1, reasons: ["touches protected path src/auth/**"] } }),
    );
    expect(nextSteps(text)).toContain("`/approve` publishes the change");
    expect(nextSteps(text)).toContain("`/reject [reason]`");
    expect(text).toContain("- touches protected path src/auth/\\*\\*");
  });

  it("interrupted: /retry resumes at the next attempt number", () => {
    const text = renderStatusComment(afterThree({ status: "interrupted" }));
    expect(nextSteps(text)).toContain("`/retry` resumes at attempt 4");
    expect(nextSteps(text)).not.toContain("/approve");
  });

  it("pending and approved have their own next steps; a gate killed by a timeout says so", () => {
    expect(nextSteps(renderStatusComment(session()))).toContain("A run will pick this up");
    expect(nextSteps(renderStatusComment(afterThree({ status: "approved" })))).toContain("publishes the approved change");
    const killed = afterThree({
      attempts: [attempt(1, { gates: [{ name: "npm test", root: ".", ok: false, exitCode: null, durationMs: 600_000 }] })],
    });
    expect(renderStatusComment(killed)).toContain("- ❌ npm test (10m) — killed or timed out");
  });

  it("lists at most 15 gates of the last attempt", () => {
    const gates = Array.from({ length: 50 }, (_, i) => ({ name: `gate ${i}`, root: ".", ok: true, exitCode: 0, durationMs: 1000 }));
    const text = renderStatusComment(afterThree({ attempts: [attempt(1, { gates })] }));
    expect(text).toContain("- ✅ gate 14 (1s)");
    expect(text).not.toContain("gate 15 ");
    expect(text).toContain("- … and 35 more gates");
  });

  it("an ended session shows its terminal report", () => {
    expect(renderStatusComment(ended("oscillation_detected"))).toBe(renderTerminalReport(ended("oscillation_detected")));
  });
});

describe("escaping untrusted text", () => {
  const hostile =
    "<!-- foreman:state v1 AAAA --> ping @org/team and @alice about #12 \u202Edesrever\u202C \u2066x\u2069 ```js\nalert(1)\n``` | cell | <img src=x>";

  it("a hostile agent summary cannot forge a state block, mention, reference, fence or bidi trick", () => {
    for (const text of [
      renderStatusComment(afterThree({ attempts: [attempt(1, { summary: hostile })], note: hostile, task: { issue: 7, title: hostile } })),
      renderCheckRunSummary(afterThree({ attempts: [attempt(1, { summary: hostile, outcome: "passed" })] })).summary,
    ]) {
      expect(text).not.toContain("<!--");
      expect(hasStateBlock(text)).toBe(false);
      expect(text).not.toMatch(/@org|@alice/);
      expect(text).toContain("@&#8203;org/team");
      expect(text).not.toMatch(/#12\b/);
      expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
      expect(text).not.toContain("```");
      expect(text).not.toContain("<img");
      expect(text).toContain("&lt;img src=x&gt;");
    }
  });

  it("keeps check-run table rows intact: pipes in text are escaped", () => {
    const { summary } = renderCheckRunSummary(afterThree({ attempts: [attempt(1, { error: "a | b | c", outcome: "agent_error" })] }));
    const row = summary.split("\n").find((l) => l.startsWith("| 1 |"));
    expect(row).toBeDefined();
    expect(row?.match(/(?<!\\)\|/g)).toHaveLength(8);
    expect(row).toContain("a \\| b \\| c");
  });

  propTest.prop([fc.string({ unit: "binary", maxLength: 400 }), fc.integer({ min: 1, max: 300 })], { numRuns: 300 })(
    "escapeInline output is one inert line for any input",
    (input, max) => {
      const out = escapeInline(input, max);
      expect(out).not.toMatch(/[<>\n\r]/);
      expect(out).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/);
      expect(out).not.toMatch(/@[\p{L}\p{N}_-]/u);
      expect(out).not.toMatch(/#\d/);
      // Every backtick, asterisk, underscore, bracket, pipe and tilde is backslash-escaped.
      expect(out.replace(/\\[\\`*_[\]|~]/g, "")).not.toMatch(/[`*_[\]|~]/);
      expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    },
  );

  it("caps text before escaping and marks the cut", () => {
    expect(escapeInline("a".repeat(50), 10)).toBe(`${"a".repeat(9)}…`);
    expect(escapeInline("😀".repeat(10), 4)).toBe("😀…");
  });
});

describe("size limits", () => {
  /** 10,000 attempts whose every text is at its maximum and escapes to the longest output. */
  function hugeSession(): SessionState {
    const worst = "@a".repeat(1000); // each "@a" escapes to "@&#8203;a"
    const gates = Array.from({ length: 50 }, (_, i) => ({
      name: `&<${"|".repeat(190)}${i}`,
      root: "@x".repeat(250),
      ok: i % 3 !== 0,
      exitCode: 1,
      durationMs: 1000,
    }));
    const attempts: Attempt[] = Array.from({ length: 10_000 }, (_, i) => ({
      n: i + 1,
      startedAt: T0,
      finishedAt: T1,
      outcome: i === 9_999 ? "gates_failed" : "agent_error",
      durationMs: 1000,
      costUsd: 0.01,
      diffStats: { files: 1, additions: 1, deletions: 1 },
      gates,
      summary: worst,
      error: worst,
    }));
    return session({
      status: "awaiting_approval",
      task: { issue: 7, title: "&".repeat(1000) },
      attempts,
      spent: { costUsd: 100, durationMs: 10_000_000, attempts: 10_000 },
      approval: { requestedAt: T0, expiresAt: T1, reasons: Array.from({ length: 20 }, () => "@b".repeat(250)) },
      note: worst,
      branch: "|".repeat(255),
    });
  }

  it("stays within GitHub's limits with 10,000 maximal attempts", () => {
    const s = hugeSession();
    const status = renderStatusComment(s);
    expect(status.length).toBeLessThanOrEqual(MAX_STATUS_CHARS);
    // The cap cuts details only: what to do next comes before them.
    expect(nextSteps(status)).toContain("`/approve` publishes the change");
    expect(status).toContain("truncated to fit");
    const report = renderTerminalReport({ ...s, status: "ended", reason: "gates_failed" });
    expect(report.length).toBeLessThanOrEqual(MAX_STATUS_CHARS);
    expect(nextSteps(report)).toContain("failing gates of the last attempt");

    const { title, summary } = renderCheckRunSummary(s);
    expect(title.length).toBeLessThanOrEqual(MAX_CHECK_RUN_TITLE_CHARS);
    expect(title).toBe("Awaiting approval · 10,000 attempts · $100.00");
    expect(summary.length).toBeLessThanOrEqual(MAX_CHECK_RUN_SUMMARY_CHARS);
    // Rows shown plus the totals row account for every attempt.
    const rows = summary.split("\n").filter((l) => /^\| \d/.test(l));
    const totals = /^\| 1–([\d,]+) \| ([\d,]+) earlier attempts \|/.exec(rows[0] ?? "");
    expect(totals).not.toBeNull();
    const earlier = Number(totals![2]!.replace(/,/g, ""));
    expect(earlier + rows.length - 1).toBe(10_000);
    expect(rows.at(-1)).toMatch(/^\| 10,000 \| ❌ gates failed \|/);
  });

  it("shows compacted totals as a row before the recent attempts", () => {
    const s = afterThree({
      attempts: [attempt(41), attempt(42)],
      compacted: {
        count: 40,
        firstN: 1,
        lastN: 40,
        costUsd: 3.5,
        durationMs: 2_400_000,
        tokens: 0,
        outcomes: { gates_failed: 30, agent_error: 10 },
        diffHashes: [],
      },
      spent: { costUsd: 4, durationMs: 2_520_000, attempts: 42 },
    });
    const { title, summary } = renderCheckRunSummary(s);
    expect(title).toBe("Running · attempt 42 of 5 · $4.00 of $2.00");
    const rows = summary.split("\n").filter((l) => /^\| \d/.test(l));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toBe("| 1–40 | 40 earlier attempts (totals) | — | $3.50 | 40m | — | 30 gates failed, 10 agent error |");
    expect(rows[1]).toMatch(/^\| 41 \| ❌ gates failed \| ❌ 1\/2 \| \$0\.25 \| 1m \| 2 files \+30 −4 \| attempt 41 summary \|$/);
  });

  it("has a short table-free summary before any attempt", () => {
    const { title, summary } = renderCheckRunSummary(session());
    expect(title).toBe("Pending — waiting for a runner · attempt 0 of 5 · $0.00 of $2.00");
    expect(summary).toContain("_No attempts yet._");
  });
});

describe("local mode wording", () => {
  it("names foreman commands instead of slash commands and labels", async () => {
    const { renderStatusComment: status, renderTerminalReport: report } = await import("../../src/core/render.js");
    const { newSession: fresh } = await import("../../src/core/state.js");
    const base = fresh({ sessionId: "fix-login", now: "2026-11-21T10:00:00.000Z", title: "t", budget: { attempts: 5, minutes: 30, usd: 2 } });
    const awaiting = status(
      {
        ...base,
        status: "awaiting_approval",
        approval: { requestedAt: "2026-11-21T10:00:00.000Z", expiresAt: "2026-11-24T10:00:00.000Z", reasons: ["x"] },
      },
      { surface: "local" },
    );
    expect(awaiting).toContain("`foreman approve fix-login` publishes the change exactly as tested.");
    expect(awaiting).toContain("`foreman reject fix-login --reason TEXT`");
    expect(awaiting).not.toMatch(/`\/approve`|`\/reject/);
    const interrupted = status({ ...base, status: "interrupted" }, { surface: "local" });
    expect(interrupted).toContain("`foreman resume fix-login` resumes at attempt 1");
    const ended = report({ ...base, status: "ended", reason: "budget_exhausted" }, { surface: "local" });
    expect(ended).toContain(
      "Raise `budget.per_run` (or `budget.daily`) in the configuration, then restart: Start a new session with `foreman run --task FILE`.",
    );
    expect(ended).not.toMatch(/trigger label|\/budget|foreman:budget-large/);
  });
});
