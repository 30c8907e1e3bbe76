/**
 * Signals and a dead run, with a spawned `foreman` (the only CLI tests that spawn): SIGHUP stops
 * like SIGTERM, repeated SIGINTs never exit before the state is saved, and `status` / `list` /
 * `clean` tell a dead run from a live one.
 */
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { RUN_DIED_NOTICE } from "../../src/core/run-liveness.js";
import { killPids, removeTempDirs, waitFor, within, type AgentScript } from "../loop/helpers.js";
import { count, fm, resetHome, setup, start, value } from "./cli-harness.js";

const children: ChildProcess[] = [];
const strays: number[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  killPids(strays.splice(0));
  await removeTempDirs();
  resetHome();
});

/** Attempt 1 ignores SIGTERM (stopping it takes the runner's 2 s grace), marks that it started, sleeps. */
const sleeper = (out: string): AgentScript => ({
  "1": [
    count(out),
    { ignoreSignals: true },
    { spawnGrandchildSleep: 60_000, pidFile: path.join(out, "grandchild.pid") },
    { write: { path: path.join(out, "started"), content: "{{pid}}" } },
    { sleep: 60_000 },
  ],
  "*": [count(out), value("good")],
});

async function startedAgent(out: string): Promise<void> {
  expect(await waitFor(() => existsSync(path.join(out, "started")), 20_000)).toBe(true);
  strays.push(Number(await readFile(path.join(out, "started"), "utf8")), Number(await readFile(path.join(out, "grandchild.pid"), "utf8")));
}

async function savedStatus(repo: string, session: string): Promise<string> {
  const state = JSON.parse(await readFile(path.join(repo, ".git", "foreman", "sessions", session, "state.json"), "utf8")) as { status: string };
  return state.status;
}

describe("foreman: signals", () => {
  it("SIGHUP (terminal closed) stops the run like SIGTERM: exit 4, the session saved as interrupted", async () => {
    const s = await setup(sleeper, { assumedAttemptUsd: 0.2 });
    const run = await start(["run", "--repo", s.repo, "--task", s.task, "--config", s.configFile, "--session", "hup", "--json"], children);
    await startedAgent(s.out);
    run.child.kill("SIGHUP");
    const stopped = await within(run.exited, 8_000);
    if (stopped === "timeout") throw new Error("foreman did not exit within 8 s of SIGHUP");
    expect(stopped).toMatchObject({ code: 4, signal: null });
    expect(stopped.stderr).toMatch(/SIGHUP received; stopping the agent and saving the session/);
    expect(JSON.parse(stopped.stdout)).toMatchObject({ sessionId: "hup", status: "interrupted" });
    expect(await savedStatus(s.repo, "hup")).toBe("interrupted");
  });

  it("a second and third SIGINT during the stop never exit before the state is saved", async () => {
    const s = await setup(sleeper, { assumedAttemptUsd: 0.2 });
    const run = await start(["run", "--repo", s.repo, "--task", s.task, "--config", s.configFile, "--session", "int", "--json"], children);
    await startedAgent(s.out);
    run.child.kill("SIGINT");
    expect(await waitFor(() => run.output().stderr.includes("SIGINT received"), 5_000)).toBe(true);
    run.child.kill("SIGINT");
    expect(await waitFor(() => run.output().stderr.includes("still saving the session"), 5_000)).toBe(true);
    run.child.kill("SIGINT");
    const stopped = await within(run.exited, 8_000);
    if (stopped === "timeout") throw new Error("foreman did not exit within 8 s of SIGINT");
    expect(stopped.code).toBe(4);
    // The one object of --json was printed: the run finished its stop, it was not cut short.
    expect(JSON.parse(stopped.stdout)).toMatchObject({ sessionId: "int", status: "interrupted", attempts: 1 });
    expect(await savedStatus(s.repo, "int")).toBe("interrupted");
  });
});

describe("foreman: a run that died", () => {
  it("status says interrupted (not Running), list says so, clean keeps it, resume continues", async () => {
    const s = await setup(sleeper, { assumedAttemptUsd: 0.2 });
    const run = await start(["run", "--repo", s.repo, "--task", s.task, "--config", s.configFile, "--session", "dead"], children);
    await startedAgent(s.out);
    run.child.kill("SIGKILL");
    await run.exited;
    expect(await savedStatus(s.repo, "dead")).toBe("running");

    const status = await fm(["status", "dead", "--repo", s.repo]);
    expect(status.code).toBe(4);
    expect(status.stdout).toContain(`Session "dead": ${RUN_DIED_NOTICE}.`);
    expect(status.stdout).not.toContain("🔄 Running");
    const json = await fm(["status", "dead", "--repo", s.repo, "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ sessionId: "dead", status: "interrupted" });

    expect((await fm(["list", "--repo", s.repo])).stdout).toMatch(/\ndead +interrupted: its run stopped; `foreman resume` continues +1 /);
    const clean = await fm(["clean", "--all", "--repo", s.repo, "--json"]);
    expect(JSON.parse(clean.stdout)).toEqual({ removed: [], kept: [{ sessionId: "dead", status: RUN_DIED_NOTICE }] });

    const resumed = await fm(["resume", "dead", "--repo", s.repo, "--json"]);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ status: "ended", reason: "succeeded", attempts: 2 });
  });

  it("status of a session a live run holds still says running", async () => {
    const s = await setup(sleeper, { assumedAttemptUsd: 0.2 });
    const run = await start(["run", "--repo", s.repo, "--task", s.task, "--config", s.configFile, "--session", "live"], children);
    await startedAgent(s.out);
    const status = await fm(["status", "live", "--repo", s.repo, "--json"]);
    expect(JSON.parse(status.stdout)).toMatchObject({ sessionId: "live", status: "running" });
    expect(JSON.parse((await fm(["clean", "live", "--repo", s.repo, "--json"])).stdout)).toEqual({
      removed: [],
      kept: [{ sessionId: "live", status: "running" }],
    });
    run.child.kill("SIGTERM");
    const stopped = await within(run.exited, 8_000);
    expect(stopped === "timeout" ? "timeout" : stopped.code).toBe(4);
  });
});
