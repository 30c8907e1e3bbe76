import { describe, expect, it } from "vitest";
import { parseCommands, type Command } from "../../src/core/commands.js";
import { parseConfig } from "../../src/core/config.js";
import type { SessionState } from "../../src/core/state.js";
import {
  decideClosed,
  decideCommand,
  decideRunCompleted,
  decideTriggerLabel,
  hasAccess,
  requiredPermission,
  type Access,
  type CommandFacts,
} from "../../src/core/wake.js";
import { sampleSession, SAMPLE_T0 } from "../support/session.js";

const config = parseConfig({});
const awaiting = sampleSession({
  status: "awaiting_approval",
  approval: { requestedAt: SAMPLE_T0, expiresAt: "2026-01-08T09:00:00.000Z", reasons: ["touches a protected path"] },
});
const running = sampleSession({ status: "running" });
const ended = sampleSession({ status: "ended", reason: "gates_failed" });

function cmd(text: string): Command {
  const [c] = parseCommands(text);
  if (c === undefined) throw new Error(`no command in ${text}`);
  return c;
}

function facts(command: string, access: Access, state: SessionState | null | undefined, extra: Partial<CommandFacts> = {}): CommandFacts {
  return { command: cmd(command), commentId: 50, author: "alice", access, config, state, nowIso: "2026-01-05T10:00:00.000Z", ...extra };
}

describe("permissions", () => {
  it("ranks none < read < triage < write < maintain < admin", () => {
    const order: Access[] = ["none", "read", "triage", "write", "maintain", "admin"];
    for (const [i, has] of order.entries()) {
      for (const [j, needs] of order.entries()) {
        if (needs === "none") continue;
        expect(hasAccess(has, needs), `${has} vs ${needs}`).toBe(i >= j);
      }
    }
  });

  it("maps each command to the configured permission; status, help and unknown words need none", () => {
    const perms = { trigger: "triage", approve: "maintain", budget: "admin" } as const;
    expect(["/approve", "/reject no", "/retry", "/cancel"].map((c) => requiredPermission(cmd(c), perms))).toEqual([
      "maintain",
      "maintain",
      "maintain",
      "maintain",
    ]);
    expect(requiredPermission(cmd("/budget 5"), perms)).toBe("admin");
    expect(["/status", "/help", "/budget ten", "/aprove"].map((c) => requiredPermission(cmd(c), perms))).toEqual([null, null, null, null]);
  });
});

describe("decideCommand", () => {
  it("wakes the runner for a maintainer's /approve while approval is pending", () => {
    expect(decideCommand(facts("/approve", "maintain", awaiting))).toEqual({ kind: "wake", reason: "approve", reaction: "eyes", cancelRun: false });
  });

  it("refuses a read-only user's /approve, saying who may and how to change it", () => {
    const d = decideCommand(facts("/approve", "read", awaiting));
    expect(d).toMatchObject({ kind: "reply", reaction: "confused", refused: true });
    expect(d.kind === "reply" && d.body).toBe(
      "@alice `/approve` needs **write** permission on this repository (yours: read). Ask someone with write access, or change `permissions.approve` in `.github/foreman.yml`.",
    );
    expect(decideCommand(facts("/approve", "none", awaiting))).toMatchObject({
      kind: "reply",
      refused: true,
      body: expect.stringContaining("(yours: none)"),
    });
  });

  it("needs admin for /budget by default", () => {
    expect(decideCommand(facts("/budget 5", "write", running))).toMatchObject({
      kind: "reply",
      refused: true,
      body: expect.stringContaining("permissions.budget"),
    });
    expect(decideCommand(facts("/budget 5", "admin", running))).toMatchObject({ kind: "wake", reason: "budget" });
  });

  it("refuses what the session cannot do now with the state machine's own words", () => {
    const d = decideCommand(facts("/approve", "admin", running));
    expect(d).toMatchObject({ kind: "reply", refused: true, body: expect.stringContaining("not awaiting approval") });
    expect(decideCommand(facts("/retry", "admin", ended))).toMatchObject({
      kind: "reply",
      refused: true,
      body: expect.stringContaining("has ended"),
    });
  });

  it("/cancel wakes the runner, running or not, and cancels no run (the run in progress notices the /cancel itself)", () => {
    expect(decideCommand(facts("/cancel", "write", running))).toEqual({ kind: "wake", reason: "cancel", reaction: "eyes", cancelRun: false });
    expect(decideCommand(facts("/cancel", "write", awaiting))).toEqual({ kind: "wake", reason: "cancel", reaction: "eyes", cancelRun: false });
  });

  it("answers /status and /help for anyone, read-only", () => {
    expect(decideCommand(facts("/status", "none", running))).toMatchObject({
      kind: "reply",
      refused: false,
      reaction: "eyes",
      body: expect.stringContaining("Foreman"),
    });
    expect(decideCommand(facts("/status", "none", null))).toMatchObject({ kind: "reply", body: expect.stringContaining("No Foreman session") });
    expect(decideCommand(facts("/help", "none", null))).toMatchObject({ kind: "reply", body: expect.stringContaining("/approve") });
  });

  it("answers an unknown or malformed command with a hint, not a refusal", () => {
    expect(decideCommand(facts("/aprove", "admin", awaiting))).toMatchObject({
      kind: "reply",
      refused: false,
      reaction: "confused",
      body: expect.stringContaining("Did you mean `/approve`?"),
    });
    expect(decideCommand(facts("/budget ten", "admin", awaiting))).toMatchObject({
      kind: "reply",
      refused: false,
      body: expect.stringContaining("`/budget`:"),
    });
  });

  it("wakes after the permission check when the App did not read the state (cancel too, cancelling no run)", () => {
    expect(decideCommand(facts("/approve", "write", undefined))).toEqual({ kind: "wake", reason: "approve", reaction: "eyes", cancelRun: false });
    expect(decideCommand(facts("/cancel", "write", undefined))).toEqual({ kind: "wake", reason: "cancel", reaction: "eyes", cancelRun: false });
    expect(decideCommand(facts("/approve", "read", undefined))).toMatchObject({ kind: "reply", refused: true });
    expect(decideCommand(facts("/status", "read", undefined))).toMatchObject({ kind: "reply", body: expect.stringContaining("No Foreman session") });
  });

  it("refuses a command on an issue with no session, and ignores one already applied", () => {
    expect(decideCommand(facts("/approve", "admin", null))).toMatchObject({
      kind: "reply",
      refused: true,
      body: expect.stringContaining("`foreman` label"),
    });
    expect(decideCommand(facts("/approve", "admin", { ...awaiting, lastCommandId: 50 }))).toMatchObject({ kind: "ignore" });
  });
});

describe("decideCommand: the exact shapes (mutation survivors)", () => {
  it("/help answers with 👀 and is not a refusal; an invalid command gets 😕", () => {
    expect(decideCommand(facts("/help", "none", undefined))).toMatchObject({ kind: "reply", reaction: "eyes", refused: false });
    expect(decideCommand(facts("/budget lots", "admin", undefined))).toMatchObject({ kind: "reply", reaction: "confused", refused: false });
  });

  it("no command cancels a run: /cancel, /retry and /reject only wake", () => {
    expect(decideCommand(facts("/cancel", "write", running))).toMatchObject({ kind: "wake", reason: "cancel", cancelRun: false });
    expect(decideCommand(facts("/cancel", "write", awaiting))).toMatchObject({ kind: "wake", reason: "cancel", cancelRun: false });
    expect(decideCommand(facts("/reject no", "write", awaiting))).toMatchObject({ kind: "wake", reason: "reject", cancelRun: false });
  });
});

describe("decideTriggerLabel", () => {
  const base = { labeller: "bob", config, state: null, dailyUsedUsd: 0 };

  it("wakes for a write user when nothing is live and the day has budget", () => {
    expect(decideTriggerLabel({ ...base, access: "write" })).toEqual({ kind: "wake", reason: "label", reaction: "eyes", cancelRun: false });
    expect(decideTriggerLabel({ ...base, access: "write", state: ended })).toMatchObject({ kind: "wake" });
  });

  it("refuses a triage user under trigger: write", () => {
    expect(decideTriggerLabel({ ...base, access: "triage" })).toMatchObject({
      kind: "reply",
      refused: true,
      body: expect.stringContaining("permissions.trigger"),
    });
  });

  it("starts nothing new while a session is live", () => {
    for (const state of [running, awaiting, sampleSession({ status: "interrupted" }), sampleSession({ status: "pending" })]) {
      expect(decideTriggerLabel({ ...base, access: "admin", state })).toMatchObject({ kind: "ignore" });
    }
  });

  it("refuses once the daily cap is spent, naming the figures and the key", () => {
    const d = decideTriggerLabel({ ...base, access: "admin", dailyUsedUsd: 20 });
    expect(d).toMatchObject({ kind: "reply", refused: true, body: expect.stringContaining("$20.00 of $20.00") });
    expect(d.kind === "reply" && d.body).toContain("budget.daily.usd");
    expect(decideTriggerLabel({ ...base, access: "admin", dailyUsedUsd: 19.99 })).toMatchObject({ kind: "wake" });
  });
});

describe("decideClosed and decideRunCompleted", () => {
  it("wakes to cancel a live session when its issue or PR closes", () => {
    expect(decideClosed(null)).toMatchObject({ kind: "ignore" });
    expect(decideClosed(ended)).toMatchObject({ kind: "ignore" });
    expect(decideClosed(awaiting)).toEqual({ kind: "wake", reason: "closed", reaction: "eyes", cancelRun: false });
    expect(decideClosed(running)).toEqual({ kind: "wake", reason: "closed", reaction: "eyes", cancelRun: true });
  });

  it("recovers only a session its run left running", () => {
    expect(decideRunCompleted(running)).toEqual({ kind: "wake", reason: "recover", reaction: "eyes", cancelRun: false });
    for (const state of [null, awaiting, ended, sampleSession({ status: "interrupted" })])
      expect(decideRunCompleted(state)).toMatchObject({ kind: "ignore" });
  });
});
