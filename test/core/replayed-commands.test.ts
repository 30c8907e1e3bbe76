import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/core/config.js";
import {
  actsOnSession,
  applyReplayedCommands,
  beforeFirstRun,
  firstCancel,
  type AuthorizedCommand,
  type ReplayInput,
} from "../../src/core/replayed-commands.js";
import { newSession, type SessionState } from "../../src/core/state.js";

const AT = "2026-03-02T10:00:00.000Z";
const config = parseConfig({ budget: { per_run: { attempts: 3, minutes: 10, usd: 2 }, daily: { usd: 10 } } });

function session(over: Partial<SessionState> = {}): SessionState {
  return {
    ...newSession({ sessionId: "issue-7", now: "2026-03-02T09:00:00.000Z", title: "t", issue: 7, budget: { attempts: 3, minutes: 10, usd: 2 } }),
    ...over,
  };
}

function awaiting(): SessionState {
  return session({
    status: "awaiting_approval",
    lastCommandId: 100,
    approval: { requestedAt: "2026-03-02T09:30:00.000Z", expiresAt: "2026-03-05T09:30:00.000Z", reasons: ["policy"] },
  });
}

function input(accepted: AuthorizedCommand[], lastCommandId: number, over: Partial<ReplayInput> = {}): ReplayInput {
  return { accepted, lastCommandId, at: AT, config, labels: [], dailySpentUsd: 0, ...over };
}

describe("applyReplayedCommands", () => {
  it("applies commands in comment-id order, whatever order they come in, with the comment id as the command id", () => {
    const r = applyReplayedCommands(
      awaiting(),
      input(
        [
          { commentId: 130, author: "b", command: { kind: "cancel" } },
          { commentId: 120, author: "a", command: { kind: "approve" } },
        ],
        140,
      ),
    );
    // /approve first (id 120), then /cancel (130) ends the approved session.
    expect(r.state.status).toBe("ended");
    expect(r.state.reason).toBe("cancelled");
    expect(r.state.approval?.approvedBy).toBe("a");
    expect(r.state.lastCommandId).toBe(140);
    expect(r.effects).toEqual([
      { commentId: 120, author: "a" },
      { commentId: 130, author: "b" },
    ]);
    expect(r.changed).toBe(true);
  });

  it("never applies a command at or below the watermark (exactly once across runs)", () => {
    const r = applyReplayedCommands(awaiting(), input([{ commentId: 100, author: "a", command: { kind: "approve" } }], 100));
    expect(r.state).toEqual(awaiting());
    expect(r.effects).toEqual([]);
    expect(r.changed).toBe(false);
  });

  it("consumes a refused command and reports why", () => {
    const r = applyReplayedCommands(session({ lastCommandId: 5 }), input([{ commentId: 9, author: "a", command: { kind: "approve" } }], 9));
    expect(r.state.status).toBe("pending");
    expect(r.state.lastCommandId).toBe(9);
    expect(r.effects).toHaveLength(1);
    expect(r.effects[0]?.refusal).toContain("not awaiting approval");
  });

  it("moves the watermark past comments without commands, and over invalid or unknown words without effects", () => {
    const r = applyReplayedCommands(
      session({ lastCommandId: 5 }),
      input(
        [
          { commentId: 6, author: "a", command: { kind: "unknown", name: "aprove", suggestion: "approve" } },
          { commentId: 7, author: "a", command: { kind: "invalid", name: "budget", problem: "not a number" } },
        ],
        12,
      ),
    );
    expect(r.state.lastCommandId).toBe(12);
    expect(r.state.updatedAt).toBe(AT);
    expect(r.effects).toEqual([]);
    expect(r.changed).toBe(true);
  });

  it("never moves the watermark back", () => {
    const r = applyReplayedCommands(session({ lastCommandId: 50 }), input([], 20));
    expect(r.state.lastCommandId).toBe(50);
    expect(r.changed).toBe(false);
  });

  it("/budget sets the per-run budget through effectiveRunBudget, still clamped by today's cap", () => {
    const r = applyReplayedCommands(
      session(),
      input([{ commentId: 3, author: "admin", command: { kind: "budget", usd: 50 } }], 3, { dailySpentUsd: 4 }),
    );
    expect(r.state.budgetOverrideUsd).toBe(50);
    expect(r.state.budget).toEqual({ attempts: 3, minutes: 10, usd: 6 });
    expect(r.effects).toEqual([{ commentId: 3, author: "admin" }]);
  });

  it("/budget when today's cap is used up has no effect, is consumed and says why", () => {
    const r = applyReplayedCommands(
      session({ lastCommandId: 1 }),
      input([{ commentId: 3, author: "admin", command: { kind: "budget", usd: 5 } }], 3, { dailySpentUsd: 10 }),
    );
    expect(r.state.budget.usd).toBe(2);
    expect(r.state.budgetOverrideUsd).toBeNull();
    expect(r.state.lastCommandId).toBe(3);
    expect(r.effects).toEqual([{ commentId: 3, author: "admin", refusal: "/budget 5 has no effect: today's USD cap is used up." }]);
  });

  it("a /budget refusal below the watermark does not move it back", () => {
    const r = applyReplayedCommands(
      session({ lastCommandId: 9 }),
      input([{ commentId: 3, author: "admin", command: { kind: "budget", usd: 5 } }], 3, { dailySpentUsd: 10 }),
    );
    expect(r.state.lastCommandId).toBe(9);
    expect(r.changed).toBe(false);
  });

  it("a /budget refusal at the watermark itself (already consumed) leaves the state unchanged", () => {
    const before = session({ lastCommandId: 3 });
    const r = applyReplayedCommands(
      before,
      input([{ commentId: 3, author: "admin", command: { kind: "budget", usd: 5 } }], 3, { dailySpentUsd: 10 }),
    );
    expect(r.state).toBe(before);
    expect(r.state.updatedAt).toBe(before.updatedAt);
    expect(r.changed).toBe(false);
  });

  it("/reject carries its reason; /retry resumes an interrupted session; /status and /help only consume", () => {
    const rejected = applyReplayedCommands(awaiting(), input([{ commentId: 101, author: "a", command: { kind: "reject", reason: "too big" } }], 101));
    expect(rejected.state.reason).toBe("rejected");
    expect(rejected.state.note).toBe("Rejected by a: too big");
    const retried = applyReplayedCommands(session({ status: "interrupted" }), input([{ commentId: 4, author: "a", command: { kind: "retry" } }], 4));
    expect(retried.state.status).toBe("pending");
    const status = applyReplayedCommands(
      session(),
      input(
        [
          { commentId: 4, author: "a", command: { kind: "status" } },
          { commentId: 5, author: "a", command: { kind: "help" } },
        ],
        5,
      ),
    );
    expect(status.state.status).toBe("pending");
    expect(status.effects).toEqual([
      { commentId: 4, author: "a" },
      { commentId: 5, author: "a" },
    ]);
  });
});

describe("firstCancel", () => {
  it("finds the earliest authorized /cancel by comment id, whatever order they come in; none without one", () => {
    const cmd = (commentId: number, kind: "cancel" | "approve" | "retry"): AuthorizedCommand => ({
      commentId,
      author: `u${commentId}`,
      command: { kind },
    });
    expect(firstCancel([cmd(9, "cancel"), cmd(3, "approve"), cmd(5, "cancel")])).toEqual(cmd(5, "cancel"));
    expect(firstCancel([cmd(3, "approve"), cmd(4, "retry")])).toBeUndefined();
    expect(firstCancel([])).toBeUndefined();
  });
});

describe("beforeFirstRun", () => {
  const TRIGGER = Date.parse("2026-03-02T09:00:10Z");
  /** A command written `offset` seconds after the trigger label (negative: before it). */
  const cmd = (commentId: number, offset: number | undefined, command: AuthorizedCommand["command"]): AuthorizedCommand => ({
    commentId,
    author: `u${commentId}`,
    command,
    ...(offset === undefined ? {} : { createdAt: new Date(TRIGGER + offset * 1000).toISOString() }),
  });

  it("a /cancel written after the trigger ends the session before it starts: the first one by comment id", () => {
    const r = beforeFirstRun([cmd(30, 20, { kind: "cancel" }), cmd(20, 5, { kind: "budget", usd: 3 }), cmd(25, 9, { kind: "cancel" })], TRIGGER);
    expect(r).toEqual({ cancel: cmd(25, 9, { kind: "cancel" }), unapplied: [] });
  });

  it("a /cancel in the trigger's own second counts (GitHub's clock has whole seconds); one before it, or of unknown time, does not", () => {
    expect(beforeFirstRun([cmd(7, 0, { kind: "cancel" })], TRIGGER).cancel?.commentId).toBe(7);
    expect(beforeFirstRun([cmd(6, -1, { kind: "cancel" }), cmd(8, undefined, { kind: "cancel" })], TRIGGER)).toEqual({ unapplied: [] });
  });

  it("without a /cancel, the commands with a session effect written after the trigger are reported unapplied, in comment-id order", () => {
    const r = beforeFirstRun(
      [
        cmd(40, 30, { kind: "retry" }),
        cmd(31, 2, { kind: "budget", usd: 3 }),
        cmd(32, 3, { kind: "status" }),
        cmd(33, 4, { kind: "help" }),
        cmd(5, -60, { kind: "approve" }),
      ],
      TRIGGER,
    );
    expect(r.cancel).toBeUndefined();
    expect(r.unapplied).toEqual([
      {
        commentId: 31,
        author: "u31",
        refusal: "/budget was written before the session's first run, which applies only /cancel. Write it again now that the session exists.",
      },
      {
        commentId: 40,
        author: "u40",
        refusal: "/retry was written before the session's first run, which applies only /cancel. Write it again now that the session exists.",
      },
    ]);
  });
});

describe("actsOnSession", () => {
  it("every command but the ones that only answer (/status, /help)", () => {
    const acts = (command: AuthorizedCommand["command"]) => actsOnSession({ commentId: 1, author: "u", command });
    const acting: AuthorizedCommand["command"][] = [
      { kind: "cancel" },
      { kind: "approve" },
      { kind: "retry" },
      { kind: "reject", reason: "" },
      { kind: "budget", usd: 2 },
    ];
    expect(acting.map(acts)).toEqual([true, true, true, true, true]);
    expect(acts({ kind: "status" })).toBe(false);
    expect(acts({ kind: "help" })).toBe(false);
  });
});
