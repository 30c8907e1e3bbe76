/**
 * The commands people expect, in-process through `main(io)`: help and version, `list`, `log`,
 * `clean`, `--json` errors, and local wording of refusals.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { VERSION } from "../../src/cli/version.js";
import { removeTempDirs } from "../loop/helpers.js";
import { count, fm, resetHome, setup, value } from "./cli-harness.js";

afterEach(async () => {
  await removeTempDirs();
  resetHome();
});

describe("foreman --help, <command> --help, --version", () => {
  it("prints the usage, each command's help and the version, exit 0", async () => {
    const help = await fm(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npx foreman <command>/);
    for (const command of ["list", "log", "clean", "--version"]) expect(help.stdout).toContain(`foreman ${command}`);

    const runHelp = await fm(["run", "--help"]);
    expect(runHelp.code).toBe(0);
    expect(runHelp.stdout).toMatch(/^Usage: foreman run --task FILE/);
    expect(runHelp.stdout).toContain("--agent-command CMD");
    expect((await fm(["log", "-h"])).stdout).toMatch(/^Usage: foreman log SESSION \[--attempt N\]/);

    const version = await fm(["--version"]);
    expect(version).toMatchObject({ code: 0, stdout: `foreman ${VERSION}\n`, stderr: "" });
  });
});

describe("foreman list / log / clean", () => {
  it("lists sessions, shows each attempt's agent output, gate output and diff, and cleans an ended session", async () => {
    const s = await setup((out) => ({
      "1": [count(out), value("bad"), { stdout: "AGENT-SAID-ONE\n" }, { stderr: "AGENT-WARNED\n" }, { result: { costUsd: 0.25 } }],
      "*": [count(out), value("good"), { stdout: "AGENT-SAID-TWO\n" }, { result: { costUsd: 0.5 } }],
    }));
    const run = await fm(["run", "--repo", s.repo, "--task", s.task, "--config", s.configFile, "--session", "logs", "--json"]);
    expect(run.code).toBe(0);

    const log1 = await fm(["log", "logs", "--attempt", "1", "--repo", s.repo]);
    expect(log1.code).toBe(0);
    expect(log1.stdout).toContain("==> attempt 1 · agent.stdout.log <==\nAGENT-SAID-ONE");
    expect(log1.stdout).toContain("==> attempt 1 · agent.stderr.log <==\nAGENT-WARNED");
    expect(log1.stdout).toMatch(/==> attempt 1 · gate-1-check\.log <==\n\$ node check\.mjs {2}\(in \.\)\n[\s\S]*GATE-FAIL/);
    expect(log1.stdout).toMatch(/==> attempt 1 · diff\.patch <==[\s\S]*\+bad/);
    expect(log1.stdout).not.toContain("AGENT-SAID-TWO");
    // The order: agent, gates, diff.
    expect(log1.stdout.indexOf("agent.stdout.log")).toBeLessThan(log1.stdout.indexOf("gate-1-check.log"));
    expect(log1.stdout.indexOf("gate-1-check.log")).toBeLessThan(log1.stdout.indexOf("diff.patch"));

    // Without --attempt: the last attempt.
    const last = await fm(["log", "logs", "--repo", s.repo]);
    expect(last.stdout).toContain("AGENT-SAID-TWO");
    expect(last.stdout).toContain("GATE-OK");

    const missing = await fm(["log", "logs", "--attempt", "7", "--repo", s.repo]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/has no attempt 7: its attempts are numbered 1 to 2/);

    const list = await fm(["list", "--repo", s.repo]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^SESSION +STATUS +ATTEMPTS +COST +AGE\n/);
    expect(list.stdout).toMatch(/\nlogs +ended \(succeeded\) +2 +\$?0\.75/);
    const listJson = await fm(["list", "--repo", s.repo, "--json"]);
    expect(JSON.parse(listJson.stdout)).toEqual([
      { sessionId: "logs", status: "ended", reason: "succeeded", attempts: 2, costUsd: 0.75, ageMs: expect.any(Number) },
    ]);

    const sessionFiles = path.join(s.repo, ".git", "foreman", "sessions", "logs");
    expect(existsSync(sessionFiles)).toBe(true);
    const clean = await fm(["clean", "logs", "--repo", s.repo, "--json"]);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout)).toEqual({ removed: ["logs"], kept: [] });
    expect(existsSync(sessionFiles)).toBe(false);
    expect(JSON.parse((await fm(["list", "--repo", s.repo, "--json"])).stdout)).toEqual([]);
    // The published branch is the user's: clean never touches it.
    expect((await fm(["status", "logs", "--repo", s.repo])).code).toBe(2);
  });

  it("never cleans a live session: --all keeps one awaiting approval and removes the ended one", async () => {
    const s = await setup((out) => ({ "*": [count(out), value("good")] }), { approval: "before_pr" });
    expect((await fm(["run", "--repo", s.repo, "--task", s.task, "--config", s.configFile, "--session", "waits"])).code).toBe(3);
    const ended = await fm(["run", "--repo", s.repo, "--task", s.task, "--config", s.configFile, "--session", "gone"]);
    expect(ended.code).toBe(3);
    expect((await fm(["cancel", "gone", "--repo", s.repo])).code).toBe(1);

    const named = await fm(["clean", "waits", "--repo", s.repo]);
    expect(named.code).toBe(2);
    expect(named.stdout).toMatch(/Kept "waits": it is live \(awaiting approval\)/);

    const all = await fm(["clean", "--all", "--repo", s.repo, "--json"]);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toEqual({ removed: ["gone"], kept: [{ sessionId: "waits", status: "awaiting approval" }] });
    expect(existsSync(path.join(s.repo, ".git", "foreman", "sessions", "waits"))).toBe(true);
    expect((await fm(["approve", "waits", "--repo", s.repo])).code).toBe(0);
  });
});

describe("progress while the agent runs", () => {
  /** A timer that really ticks, fast (the interval asked for is recorded). */
  const fastEvery = (asked: number[]) => (ms: number, tick: () => void) => {
    asked.push(ms);
    const id = setInterval(tick, 20);
    return () => clearInterval(id);
  };

  it("with --progress (or on a terminal) shows elapsed time and the agent's last line; not otherwise", async () => {
    const s = await setup((out) => ({ "*": [count(out), { stdout: "AGENT-IS-THINKING\n" }, { sleep: 600 }, value("good")] }));
    const asked: number[] = [];
    const args = ["run", "--repo", s.repo, "--task", s.task, "--config", s.configFile, "--json"];
    const shown = await fm([...args, "--session", "p1", "--progress"], { every: fastEvery(asked) });
    expect(shown.code).toBe(0);
    expect(asked).toEqual([10_000]);
    expect(shown.stderr).toMatch(/attempt 1: agent running · \d+m?s · AGENT-IS-THINKING\n/);
    expect(shown.stdout.trim().split("\n")).toHaveLength(1);

    const tty = await fm([...args, "--session", "p2"], { every: fastEvery(asked), isTTY: true });
    expect(tty.stderr).toContain("agent running");

    const quiet = await fm([...args, "--session", "p3"], { every: fastEvery(asked), isTTY: false });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toContain("agent running");
    expect(asked).toHaveLength(2);
  });
});

describe("messages in local mode", () => {
  it("--json prints one error object with the kind and the same exit code", async () => {
    const s = await setup((out) => ({ "*": [count(out), value("good")] }));
    const unknown = await fm(["status", "nope", "--repo", s.repo, "--json"]);
    expect(unknown.code).toBe(2);
    const parsed = JSON.parse(unknown.stdout.trim()) as { error: { kind: string; message: string }; sessionId: string };
    expect(parsed.error.kind).toBe("usage");
    expect(parsed.error.message).toMatch(/No session "nope"/);
    expect(parsed.sessionId).toBe("nope");
    expect(unknown.stdout.trim().split("\n")).toHaveLength(1);

    const badLine = await fm(["run", "--json"]);
    expect(badLine.code).toBe(2);
    expect((JSON.parse(badLine.stdout) as { error: { kind: string } }).error.kind).toBe("usage");
  });

  it("a refused command names the foreman command, never a slash command or the trigger label", async () => {
    const s = await setup((out) => ({ "*": [count(out), value("bad")] }), { budget: { attempts: 1 } });
    const run = await fm(["run", "--repo", s.repo, "--task", s.task, "--config", s.configFile, "--session", "done", "--json"]);
    expect(run.code).toBe(1);
    // No branch was made for a session that failed: --json says so.
    expect(JSON.parse(run.stdout)).toMatchObject({ status: "ended", branch: null });
    const again = await fm(["cancel", "done", "--repo", s.repo]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/foreman cancel has no effect: the session has ended \(gates_failed\)\. Start a new session with foreman run/);
    expect(again.stderr).not.toMatch(/\/cancel|trigger label/);
  });
});
