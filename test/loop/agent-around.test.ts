/**
 * The engine's behaviour around agents (issue 12), end to end with the real local adapters and
 * the scripted agent as a real child process: the pause after a transient agent error (counted
 * as time, not money), the idle limit, the gate commands a preset is told about, the files and
 * provider variables a preset asks for, and where an attempt's cost comes from.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { custom } from "../../src/agents/custom.js";
import { parseConfig } from "../../src/core/config.js";
import type { TaskInput } from "../../src/core/task.js";
import type { AgentContext, AgentPresetDefinition } from "../../src/loop/agent-preset.js";
import { runSession } from "../../src/loop/engine.js";
import type { Clock } from "../../src/loop/ports.js";
import { attemptSummary, harness, hostEnv, makeRepo, rawConfig, removeTempDirs, request, tempDir, writeScript, type AgentScript } from "./helpers.js";

const TASK: TaskInput = { title: "Make value.txt good", body: "The file `value.txt` must say good.\n" };
const good = { write: { path: "value.txt", content: "good\n" } };
const overloaded = [{ stderr: "529 overloaded\n" }, { exit: 1 }];

afterEach(removeTempDirs);

/** A real clock whose `sleep` moves time forward at once and records what was asked. */
class SkippingClock implements Clock {
  offset = 0;
  readonly sleeps: number[] = [];
  constructor(readonly jitter: number) {}
  now(): number {
    return Date.now() + this.offset;
  }
  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.offset += ms;
    return Promise.resolve();
  }
  random(): number {
    return this.jitter;
  }
}

async function session(
  script: AgentScript,
  opts: {
    attempts?: number;
    minutes?: number;
    agent?: Record<string, unknown>;
    preset?: (base: AgentPresetDefinition) => AgentPresetDefinition;
    env?: Record<string, string>;
    clock?: Clock;
  } = {},
) {
  const repo = await makeRepo();
  const out = await tempDir("out");
  const scriptFile = await writeScript(out, script);
  const raw = rawConfig({ script: scriptFile, budget: { attempts: opts.attempts ?? 4, minutes: opts.minutes ?? 5 } });
  raw["agent"] = { ...(raw["agent"] as Record<string, unknown>), ...opts.agent };
  const h = await harness(repo, raw, { env: hostEnv(opts.env) });
  const clock = opts.clock ?? new SkippingClock(0);
  const deps = { ...h.deps, clock };
  const req = await request(h, TASK);
  const outcome = await runSession(deps, { ...req, preset: opts.preset ? opts.preset(req.preset) : req.preset });
  return { ...outcome, events: h.events, out, clock };
}

describe("pause after a transient agent error", () => {
  it("waits 1 s then 2 s (jitter 0) before attempts 2 and 3, counted in the failed attempts' time, not their cost", async () => {
    const clock = new SkippingClock(0);
    const { state, events } = await session({ "1": overloaded, "2": overloaded, "3": [good] }, { clock });

    expect(attemptSummary(state)).toEqual([
      { n: 1, outcome: "agent_error" },
      { n: 2, outcome: "agent_error" },
      { n: 3, outcome: "passed" },
    ]);
    expect(state.reason).toBe("succeeded");
    expect(clock.sleeps).toEqual([1_000, 2_000]);
    expect(state.attempts.map((a) => a.backoffMs)).toEqual([1_000, 2_000, undefined]);
    expect(state.attempts[0]!.durationMs).toBeGreaterThanOrEqual(1_000);
    expect(state.attempts[1]!.durationMs).toBeGreaterThanOrEqual(2_000);
    // Money: the assumed cost of each failed attempt, nothing for the wait.
    expect(state.attempts.map((a) => a.costUsd)).toEqual([0.01, 0.01, 0.01]);
    expect(events.some((e) => e.type === "note" && e.message.includes("waiting 1.0 s"))).toBe(true);
  });

  it("uses the full backoff with jitter 1 (2 s, then 4 s)", async () => {
    const clock = new SkippingClock(1);
    await session({ "1": overloaded, "2": overloaded, "3": [good] }, { clock });
    expect(clock.sleeps).toEqual([2_000, 4_000]);
  });

  it("does not wait after a permanent error, nor when no attempt is left", async () => {
    const permanent = new SkippingClock(0);
    const a = await session({ "*": [{ stderr: "401 invalid api key\n" }, { exit: 1 }] }, { clock: permanent });
    expect(a.state.reason).toBe("agent_error");
    expect(permanent.sleeps).toEqual([]);

    const last = new SkippingClock(0);
    const b = await session({ "*": overloaded }, { clock: last, attempts: 2 });
    expect(attemptSummary(b.state).map((x) => x.outcome)).toEqual(["agent_error", "agent_error"]);
    expect(last.sleeps).toEqual([1_000]);
  });

  it("does not pause when the clock cannot sleep (the engine never reaches for a timer itself)", async () => {
    const { state } = await session({ "1": overloaded, "2": [good] }, { clock: { now: () => Date.now() } });
    expect(state.reason).toBe("succeeded");
    expect(state.attempts[0]!.backoffMs).toBeUndefined();
  });
});

describe("idle limit", () => {
  it("stops an agent that prints nothing for agent.idle_timeout_minutes, as transient, and tries again", async () => {
    const started = Date.now();
    const { state } = await session(
      { "1": [{ stdout: "thinking\n" }, { sleep: 20_000 }, good], "2": [good] },
      { agent: { idle_timeout_minutes: 0.01 } }, // 600 ms
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(attemptSummary(state)).toEqual([
      { n: 1, outcome: "agent_error" },
      { n: 2, outcome: "passed" },
    ]);
    expect(state.attempts[0]!.transient).toBe(true);
    expect(state.attempts[0]!.error).toContain("agent.idle_timeout_minutes");
  });
});

describe("what a preset is told and what it may ask for", () => {
  it("gets the configured gate commands, planned before the agent runs", async () => {
    const seen: AgentContext[] = [];
    await session({ "*": [good] }, { preset: (base) => ({ ...base, invocation: (ctx) => (seen.push(ctx), base.invocation(ctx)) }) });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.gates).toEqual([{ name: "check", argv: ["node", "check.mjs"], root: "." }]);
  });

  it("writes the preset's files into a per-attempt agent home and passes provider variables only as asked", async () => {
    const out = await tempDir("env");
    const envFile = path.join(out, "env.json");
    let home = "";
    const { state } = await session(
      { "*": [{ dumpEnv: envFile }, good] },
      {
        env: { GATEWAY_TOKEN: "gw-secret", UNRELATED_TOKEN: "nope" },
        preset: (base) => ({
          ...base,
          invocation: (ctx) => {
            home = ctx.agentHome ?? "";
            return {
              ...base.invocation(ctx),
              env: { TOOL_HOME: home },
              envFrom: { ANTHROPIC_AUTH_TOKEN: "GATEWAY_TOKEN", STOLEN: "FOREMAN_PRIVATE_KEY", GITHUB_TOKEN: "GATEWAY_TOKEN" },
              files: [{ name: "models.json", content: '{"providers":{}}\n' }],
            };
          },
        }),
      },
    );
    expect(state.reason).toBe("succeeded");
    expect(home).not.toBe("");
    expect(readFileSync(path.join(home, "models.json"), "utf8")).toBe('{"providers":{}}\n');
    const env = JSON.parse(readFileSync(envFile, "utf8")) as Record<string, string>;
    expect(env["TOOL_HOME"]).toBe(home);
    expect(env["ANTHROPIC_AUTH_TOKEN"]).toBe("gw-secret");
    expect(env["GATEWAY_TOKEN"]).toBeUndefined();
    expect(env["UNRELATED_TOKEN"]).toBeUndefined();
    expect(env["STOLEN"]).toBeUndefined();
    expect(env["GITHUB_TOKEN"]).toBeUndefined();
  });

  it("writes no agent home when the preset asks for no file", async () => {
    let home: string | undefined;
    await session({ "*": [good] }, { preset: (base) => ({ ...base, invocation: (ctx) => ((home = ctx.agentHome), base.invocation(ctx)) }) });
    expect(home).toBeDefined();
    expect(existsSync(home!)).toBe(false);
  });
});

describe("cost basis and denied tools in the attempt", () => {
  const failingBeforeAnyResponse = (base: AgentPresetDefinition): AgentPresetDefinition => ({
    ...base,
    parse: (output, ctx) => {
      const r = base.parse(output, ctx);
      return r.ok ? { ...r, deniedTools: ["Bash(rm -rf /)"] } : { ...r, notBilled: true };
    },
  });

  it("counts 0 for an attempt whose output proves nothing was billed, and records a refused tool call", async () => {
    const { state } = await session({ "1": overloaded, "2": [good] }, { preset: failingBeforeAnyResponse });
    expect(state.attempts[0]).toMatchObject({ outcome: "agent_error", costUsd: 0, costBasis: "not_billed" });
    expect(state.attempts[0]!.costAssumed).toBeUndefined();
    expect(state.attempts[1]).toMatchObject({ outcome: "passed", costBasis: "assumed", costAssumed: true, deniedTools: ["Bash(rm -rf /)"] });
    expect(state.spent.costUsd).toBe(0.01);
  });

  it("keeps the reported cost as reported", async () => {
    const { state } = await session({ "*": [good, { result: { costUsd: 0.25 } }] });
    expect(state.attempts[0]).toMatchObject({ costUsd: 0.25, costBasis: "reported" });
  });
});

describe("configuration", () => {
  it("defaults agent.idle_timeout_minutes to 10 and refuses a provider base_url that is not a URL", () => {
    expect(parseConfig({}).agent.idle_timeout_minutes).toBe(10);
    expect(() => parseConfig({ agent: { provider: { base_url: "gateway.example.com" } } })).toThrow(/base_url/);
    expect(() => parseConfig({ agent: { provider: { auth_token_env: "not a name" } } })).toThrow(/auth_token_env/);
    expect(() => parseConfig({ agent: { provider: { home: "relative/dir" } } })).toThrow(/home/);
    expect(
      parseConfig({ agent: { preset: "gemini", provider: { base_url: "http://127.0.0.1:8080", auth_token_env: "GW" } } }).agent.provider,
    ).toEqual({
      base_url: "http://127.0.0.1:8080",
      auth_token_env: "GW",
    });
    expect(custom.name).toBe("custom");
  });
});
