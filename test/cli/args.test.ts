import { describe, expect, it } from "vitest";
import { parseCli, UsageError } from "../../src/cli/args.js";
import { exitCodeFor, jsonError, jsonSummary } from "../../src/cli/exit-codes.js";
import { newSession } from "../../src/core/state.js";

const usage = (argv: string[]) => {
  try {
    parseCli(argv, "/repo");
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error("expected a UsageError");
};

describe("parseCli", () => {
  it("reads run with its flags; --repo defaults to the current directory", () => {
    expect(parseCli(["run", "--task", "t.md"], "/repo")).toEqual({ kind: "run", repo: "/repo", task: "t.md", json: false });
    expect(parseCli(["run", "--repo", "r", "--task", "t.md", "--agent", "codex", "--config", "c.yml", "--session", "s", "--json"], "/x")).toEqual({
      kind: "run",
      repo: "r",
      task: "t.md",
      agent: "codex",
      config: "c.yml",
      session: "s",
      json: true,
    });
    expect(parseCli(["run", "--task", "t.md", "--agent-command", "node agent.mjs"], "/repo")).toMatchObject({ agentCommand: "node agent.mjs" });
  });

  it("reads resume / approve / reject / status with an optional SESSION", () => {
    expect(parseCli(["resume"], "/repo")).toEqual({ kind: "resume", repo: "/repo", json: false });
    expect(parseCli(["approve", "s1", "--json"], "/repo")).toEqual({ kind: "approve", repo: "/repo", session: "s1", json: true });
    expect(parseCli(["reject", "s1", "--reason", "wrong file"], "/repo")).toEqual({
      kind: "reject",
      repo: "/repo",
      session: "s1",
      reason: "wrong file",
      json: false,
    });
    expect(parseCli(["status", "--repo", "r"], "/repo")).toEqual({ kind: "status", repo: "r", json: false });
  });

  it("treats no arguments and help as help", () => {
    expect(parseCli([], "/repo")).toEqual({ kind: "help" });
    expect(parseCli(["--help"], "/repo")).toEqual({ kind: "help" });
  });

  it("reads <command> --help, help <command> and --version", () => {
    expect(parseCli(["run", "--help"], "/repo")).toEqual({ kind: "help", command: "run" });
    expect(parseCli(["clean", "-h"], "/repo")).toEqual({ kind: "help", command: "clean" });
    expect(parseCli(["help", "log"], "/repo")).toEqual({ kind: "help", command: "log" });
    expect(parseCli(["help", "nope"], "/repo")).toEqual({ kind: "help" });
    expect(parseCli(["--version"], "/repo")).toEqual({ kind: "version" });
    expect(parseCli(["-V"], "/repo")).toEqual({ kind: "version" });
  });

  it("reads list, log and clean", () => {
    expect(parseCli(["list", "--json"], "/repo")).toEqual({ kind: "list", repo: "/repo", json: true });
    expect(parseCli(["log", "s1", "--attempt", "2"], "/repo")).toEqual({ kind: "log", repo: "/repo", session: "s1", attempt: 2 });
    expect(parseCli(["log", "s1"], "/repo")).toEqual({ kind: "log", repo: "/repo", session: "s1" });
    expect(parseCli(["clean", "s1"], "/repo")).toEqual({ kind: "clean", repo: "/repo", session: "s1", all: false, json: false });
    expect(parseCli(["clean", "--all", "--repo", "r"], "/x")).toEqual({ kind: "clean", repo: "r", all: true, json: false });
    expect(parseCli(["run", "--task", "t", "--progress"], "/repo")).toMatchObject({ progress: true });
    expect(usage(["log"])).toMatch(/takes exactly one SESSION/);
    expect(usage(["log", "s1", "--attempt", "0"])).toMatch(/--attempt "0" is not an attempt number/);
    expect(usage(["log", "s1", "--attempt", "2x"])).toMatch(/--attempt "2x"/);
    expect(usage(["clean"])).toMatch(/either one SESSION or --all/);
    expect(usage(["clean", "s1", "--all"])).toMatch(/either one SESSION or --all/);
    expect(usage(["clean", "a", "b"])).toMatch(/at most one SESSION/);
    expect(usage(["list", "s1"])).toMatch(/takes no SESSION/);
    expect(usage(["list", "--all"])).toMatch(/--all does not apply to "foreman list"/);
    expect(usage(["log", "s1", "--json"])).toMatch(/--json does not apply to "foreman log"/);
    expect(usage(["status", "--attempt", "1"])).toMatch(/--attempt does not apply/);
  });

  it("names the problem and shows the usage for bad command lines", () => {
    expect(usage(["run"])).toMatch(/^foreman run needs --task FILE/);
    expect(usage(["run", "--task", "t", "--agent", "gpt"])).toMatch(
      /^Unknown --agent "gpt". Expected one of claude, codex, aider, pi, gemini, copilot, custom, replay/,
    );
    expect(usage(["run", "--task", "t", "--agent", "claude", "--agent-command", "x"])).toMatch(/cannot be combined with --agent claude/);
    expect(usage(["run", "--task", "t", "extra"])).toMatch(/^Unexpected argument "extra"/);
    expect(usage(["run", "--tsak", "t"])).toMatch(/Unknown option '--tsak'/);
    expect(usage(["approve", "a", "b"])).toMatch(/takes at most one SESSION/);
    expect(usage(["status", "--task", "t"])).toMatch(/--task does not apply to "foreman status"/);
    expect(usage(["approve", "--reason", "x"])).toMatch(/--reason does not apply/);
    expect(usage(["launch"])).toMatch(/^Unknown command "launch"[\s\S]*Usage:/);
  });
});

describe("exit codes and --json", () => {
  const base = newSession({ sessionId: "s", now: "2026-11-21T10:00:00.000Z", title: "t", budget: { attempts: 5, minutes: 30, usd: 2 } });

  it("maps every status to the documented code", () => {
    expect(exitCodeFor({ status: "ended", reason: "succeeded" })).toBe(0);
    for (const reason of [
      "gates_failed",
      "budget_exhausted",
      "oscillation_detected",
      "policy_violation",
      "agent_error",
      "cancelled",
      "rejected",
      "approval_expired",
    ] as const) {
      expect(exitCodeFor({ status: "ended", reason }), reason).toBe(1);
    }
    expect(exitCodeFor({ status: "awaiting_approval", reason: null })).toBe(3);
    expect(exitCodeFor({ status: "interrupted", reason: null })).toBe(4);
    expect(exitCodeFor({ status: "pending", reason: null })).toBe(0);
  });

  it("prints exactly the seven documented fields", () => {
    const state = {
      ...base,
      status: "ended" as const,
      reason: "succeeded" as const,
      branch: "foreman/s",
      headSha: "a".repeat(40),
      spent: { costUsd: 0.75, durationMs: 1234, attempts: 2 },
    };
    expect(jsonSummary(state)).toEqual({
      sessionId: "s",
      status: "ended",
      reason: "succeeded",
      attempts: 2,
      costUsd: 0.75,
      branch: "foreman/s",
      durationMs: 1234,
    });
    expect(jsonSummary(base)).toEqual({ sessionId: "s", status: "pending", reason: null, attempts: 0, costUsd: 0, branch: null, durationMs: 0 });
  });

  it("names a branch only once it exists (staged or published)", () => {
    // The branch name is chosen when the session is created, but the branch appears only with its commit.
    const failed = { ...base, status: "ended" as const, reason: "gates_failed" as const, branch: "foreman/s" };
    expect(jsonSummary(failed).branch).toBeNull();
    expect(jsonSummary({ ...failed, headSha: "b".repeat(40) }).branch).toBe("foreman/s");
  });

  it("prints one error object for a failure with --json", () => {
    expect(jsonError("usage", "bad", { sessionId: "s1" })).toEqual({ error: { kind: "usage", message: "bad" }, sessionId: "s1" });
    expect(jsonError("corrupt", "torn")).toEqual({ error: { kind: "corrupt", message: "torn" } });
  });
});
