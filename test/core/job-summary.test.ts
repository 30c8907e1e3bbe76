import { describe, expect, it } from "vitest";
import { MAX_JOB_SUMMARY_CHARS, renderJobSummary } from "../../src/core/job-summary.js";
import type { Attempt } from "../../src/core/state.js";
import { sampleSession, SAMPLE_T0 } from "../support/session.js";

const attempt = (n: number, outcome: Attempt["outcome"], costUsd: number): Attempt => ({
  n,
  startedAt: SAMPLE_T0,
  finishedAt: SAMPLE_T0,
  outcome,
  costUsd,
  durationMs: 61_000,
  gates: [{ name: "npm test", root: ".", ok: outcome === "passed", exitCode: outcome === "passed" ? 0 : 1, durationMs: 5_000 }],
});

describe("renderJobSummary", () => {
  it("shows the issue, the mode and reason, links, the attempt ledger and what to do next", () => {
    const state = sampleSession({
      status: "ended",
      reason: "succeeded",
      attempts: [attempt(1, "gates_failed", 0.4), attempt(2, "passed", 0.6)],
      spent: { attempts: 2, costUsd: 1, durationMs: 122_000 },
    });
    const md = renderJobSummary({
      state,
      mode: "run",
      reason: "label",
      sessionUrl: "https://github.com/o/r/issues/7#issuecomment-1",
      pullRequestUrl: "https://github.com/o/r/pull/8",
      warnings: [],
      ignored: [],
    });
    expect(md).toContain("## 🤖 Foreman · issue #7");
    expect(md).toContain("Mode `run`, woken by `label`.");
    expect(md).toContain("[Session comment](https://github.com/o/r/issues/7#issuecomment-1) · [Pull request](https://github.com/o/r/pull/8)");
    expect(md).toMatch(/\| 1 \| .* \| ❌ 0\/1 \| \$0\.40 \|/);
    expect(md).toMatch(/\| 2 \| .* \| ✅ 1\/1 \| \$0\.60 \|/);
    expect(md).toContain("**What you can do next**");
    expect(md).not.toContain("[!WARNING]");
    expect(md).not.toContain("Ignored comments");
  });

  it("says the failure with its fix, each warning, and each ignored comment, escaping hostile text", () => {
    const md = renderJobSummary({
      state: null,
      mode: "recover",
      reason: "workflow_run",
      failure: "No signing key: pass state-key.",
      warnings: ["Agent and gates ran as the runner's user: sudo is not available."],
      ignored: ["comment 11 by mallory: state marker from an untrusted author <script>"],
    });
    expect(md).toContain("## 🤖 Foreman\n");
    expect(md).toContain("> [!CAUTION]\n> No signing key: pass state-key.");
    expect(md).toContain("> [!WARNING]\n> Agent and gates ran as the runner's user");
    expect(md).toContain("### Ignored comments");
    expect(md).not.toContain("<script>");
  });

  it("lists swept sessions, or says there was nothing to do", () => {
    expect(renderJobSummary({ state: null, mode: "sweep", reason: "sweep", warnings: [], ignored: [], swept: [] })).toContain("_Nothing to do._");
    expect(
      renderJobSummary({ state: null, mode: "sweep", reason: "sweep", warnings: [], ignored: [], swept: ["issue 3: approval expired"] }),
    ).toContain("- issue 3: approval expired");
  });

  it("caps the ignored list at 50 lines and the whole summary at its limit", () => {
    const ignored = Array.from({ length: 60 }, (_, i) => `comment ${i} ${"x".repeat(2_000)}`);
    const md = renderJobSummary({ state: null, mode: "run", reason: "label", warnings: [], ignored });
    expect(md).toContain("- … and 10 more");
    expect(md.length).toBeLessThanOrEqual(MAX_JOB_SUMMARY_CHARS);
  });

  it("writes each note as its own paragraph, escaped, after the ledger", () => {
    const md = renderJobSummary({
      state: sampleSession({ status: "awaiting_approval" }),
      mode: "run",
      reason: "command",
      warnings: [],
      ignored: [],
      notes: ["Command in comment 12 by @reader refused: needs write <b>", "Second note."],
    });
    const first = md.indexOf("Command in comment 12 by @&#8203;reader refused: needs write &lt;b&gt;");
    expect(first).toBeGreaterThan(md.indexOf("What you can do next"));
    expect(md.indexOf("\n\nSecond note.")).toBeGreaterThan(first);
    expect(renderJobSummary({ state: null, mode: "run", reason: "x", warnings: [], ignored: [] })).not.toContain("Second");
  });

  it("lays every part out in order, each a paragraph of its own (exact Markdown)", () => {
    const md = renderJobSummary({
      state: null,
      mode: "sweep",
      reason: "schedule",
      sessionUrl: "https://x/1",
      pullRequestUrl: "https://x/2",
      failure: "it failed",
      warnings: ["first warning"],
      notes: ["a note"],
      swept: ["issue one recovered"],
      ignored: ["comment 5 by eve"],
    });
    expect(md).toBe(
      [
        "## 🤖 Foreman",
        "",
        "Mode `sweep`, woken by `schedule`.",
        "",
        "[Session comment](https://x/1) · [Pull request](https://x/2)",
        "",
        "> [!CAUTION]",
        "> it failed",
        "",
        "> [!WARNING]",
        "> first warning",
        "",
        "a note",
        "",
        "### Sessions swept",
        "- issue one recovered",
        "",
        "### Ignored comments",
        "Comments that carry Foreman's markers but were not written and signed by Foreman had no effect:",
        "- comment 5 by eve",
      ].join("\n"),
    );
  });

  it("links only what it has, says an empty sweep did nothing, and lists exactly 50 ignored comments without a 'more' line", () => {
    const md = renderJobSummary({
      state: null,
      mode: "run",
      reason: "label",
      pullRequestUrl: "https://x/2",
      warnings: [],
      swept: [],
      ignored: Array.from({ length: 50 }, (_, i) => `c${i}`),
    });
    expect(md).toContain("\n\n[Pull request](https://x/2)\n\n### Sessions swept\n_Nothing to do._\n\n### Ignored comments\n");
    expect(md).not.toContain("Session comment");
    expect(md.endsWith("\n- c48\n- c49")).toBe(true);
    expect(renderJobSummary({ state: null, mode: "run", reason: "label", warnings: [], ignored: [] })).toBe(
      "## 🤖 Foreman\n\nMode `run`, woken by `label`.",
    );
  });
});
