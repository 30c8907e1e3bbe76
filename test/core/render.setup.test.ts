/** Dependency setup is reported apart from the attempts: steps, outcome, time; never a cost. */
import { describe, expect, it } from "vitest";
import { renderStatusComment, renderTerminalReport } from "../../src/core/render.js";
import { sessionStateSchema, type SessionState } from "../../src/core/state.js";
import { sampleSession } from "../support/session.js";

const withSetup = (setup: SessionState["setup"], over: Partial<SessionState> = {}): SessionState =>
  sampleSession({ ...(setup ? { setup } : {}), ...over });

describe("the Setup row", () => {
  it("shows each step of the last run, how often setup ran and its time", () => {
    const s = withSetup({
      runs: 2,
      durationMs: 12_000,
      ok: true,
      steps: [
        { root: ".", command: "npm ci", ok: true, exitCode: 0, durationMs: 9000 },
        { root: "py", command: "uv sync --locked", ok: true, exitCode: 0, durationMs: 3000 },
      ],
    });
    expect(renderStatusComment(s)).toContain("| Setup | ✅ npm ci, ✅ uv sync --locked in py · ran 2 times, 12s · not an attempt, no cost |");
  });

  it("a failed step shows its exit code, in the terminal report too", () => {
    const s = withSetup(
      { runs: 1, durationMs: 1000, ok: false, steps: [{ root: ".", command: "npm ci", ok: false, exitCode: 1, durationMs: 1000 }] },
      { status: "ended", reason: "setup_failed", note: "Setup step `npm ci` in `.` failed" },
    );
    const report = renderTerminalReport(s);
    expect(report).toContain("| Setup | ❌ npm ci (exit 1) · ran once, 1s · not an attempt, no cost |");
    expect(report).toContain("🧰 Setup failed");
    expect(report).toContain("no agent was started and nothing was spent");
  });

  it("no row when nothing was set up (older states have no record)", () => {
    expect(renderStatusComment(withSetup(undefined))).not.toContain("| Setup |");
    expect(renderStatusComment(withSetup({ runs: 0, durationMs: 0, ok: true, steps: [] }))).not.toContain("| Setup |");
  });

  it("a stored state without `setup` still parses, and one with it round-trips", () => {
    const plain = sampleSession();
    expect(sessionStateSchema.parse(plain)).toEqual(plain);
    const s = withSetup({
      runs: 1,
      durationMs: 5,
      ok: true,
      steps: [],
      baseline: [{ name: "npm test", root: ".", ok: false, exitCode: 1, durationMs: 3 }],
    });
    expect(sessionStateSchema.parse(s)).toEqual(s);
  });
});
