import { describe, expect, it } from "vitest";
import { isLiveSession, RUN_DIED_NOTICE, shownStatus, stateAsShown, statusCell } from "../../src/core/run-liveness.js";
import { SESSION_STATUSES } from "../../src/core/state.js";

describe("run liveness", () => {
  it("a running session no run holds reads as a dead run; every other status reads as itself", () => {
    expect(shownStatus({ status: "running" }, false)).toBe("run_died");
    expect(shownStatus({ status: "running" }, true)).toBe("running");
    for (const status of SESSION_STATUSES.filter((s) => s !== "running")) {
      expect(shownStatus({ status }, false)).toBe(status);
      expect(shownStatus({ status }, true)).toBe(status);
    }
  });

  it("shows a dead run's state as interrupted, and leaves any other state untouched (same object)", () => {
    const dead = { status: "running" as const, sessionId: "s" };
    expect(stateAsShown(dead, false)).toEqual({ status: "interrupted", sessionId: "s" });
    expect(dead.status).toBe("running");
    expect(stateAsShown(dead, true)).toBe(dead);
    const paused = { status: "awaiting_approval" as const };
    expect(stateAsShown(paused, false)).toBe(paused);
  });

  it("only an ended session no run holds may be cleaned", () => {
    for (const status of SESSION_STATUSES) {
      expect(isLiveSession({ status }, false)).toBe(status !== "ended");
      expect(isLiveSession({ status }, true)).toBe(true);
    }
  });

  it("words each status for the list", () => {
    expect(statusCell({ status: "running", reason: null }, false)).toBe(RUN_DIED_NOTICE);
    expect(RUN_DIED_NOTICE).toBe("interrupted: its run stopped; `foreman resume` continues");
    expect(statusCell({ status: "running", reason: null }, true)).toBe("running");
    expect(statusCell({ status: "awaiting_approval", reason: null }, false)).toBe("awaiting approval");
    expect(statusCell({ status: "pending", reason: null }, false)).toBe("pending");
    expect(statusCell({ status: "approved", reason: null }, false)).toBe("approved");
    expect(statusCell({ status: "interrupted", reason: null }, false)).toBe("interrupted");
    expect(statusCell({ status: "ended", reason: "budget_exhausted" }, false)).toBe("ended (budget exhausted)");
    expect(statusCell({ status: "ended", reason: null }, false)).toBe("ended (unknown)");
  });
});
