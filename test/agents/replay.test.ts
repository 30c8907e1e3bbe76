import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replay } from "../../src/agents/replay.js";
import type { AgentContext, AgentOutput } from "../../src/loop/agent-preset.js";
import { ConfigError } from "../../src/core/errors.js";
import { FIXTURES, makeCtx, makeOutput } from "./helpers.js";

let root: string;
let repo: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "foreman-replay-"));
  repo = join(root, "repo");
  cpSync(join(FIXTURES, "replay"), join(repo, "patches"), { recursive: true });
  execFileSync("git", ["init", "-q", repo]);
  writeFileSync(join(repo, "greeting.txt"), "hello world\n");
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const ctxFor = (attempt: number): AgentContext => makeCtx({ attempt, repoRoot: repo, worktree: repo }, { preset: "replay", replay_dir: "patches" });

/** Runs the invocation the way the engine does: argv, no shell, cwd = worktree. */
function run(ctx: AgentContext): AgentOutput {
  const inv = replay.invocation(ctx);
  const p = spawnSync(inv.argv[0]!, inv.argv.slice(1), { cwd: ctx.worktree, encoding: "utf8" });
  return makeOutput({ exitCode: p.status, stdout: p.stdout, stderr: p.stderr });
}

describe("replay", () => {
  it("applies <replay_dir>/<attempt>.patch resolved against the repository root, at no cost", () => {
    const ctx = ctxFor(1);
    expect(replay.invocation(ctx).argv).toEqual(["git", "apply", "--whitespace=nowarn", join(repo, "patches", "1.patch")]);
    expect(replay.envAllowlist).toEqual([]);
    const r = replay.parse(run(ctx), ctx);
    expect(r).toEqual({ ok: true, costUsd: 0, summary: "applied 1.patch" });
    expect(readFileSync(join(repo, "greeting.txt"), "utf8")).toBe("Hello, World!\n");
  });

  it("reports git's error when the patch does not apply", () => {
    const ctx = ctxFor(2);
    const r = replay.parse(run(ctx), ctx);
    expect(r.ok).toBe(false);
    expect(r.costUsd).toBe(0);
    expect(r.failure?.message).toMatch(/^git apply 2\.patch exited with code 1: .*patch does not apply/s);
  });

  it("says clearly when there is no patch for the attempt", () => {
    const ctx = ctxFor(7);
    const r = replay.parse(run(ctx), ctx);
    expect(r).toEqual({
      ok: false,
      costUsd: 0,
      summary: "",
      failure: { message: `no patch for attempt 7 in ${join(repo, "patches")}` },
    });
  });

  it("reports git's fatal error when it is not about opening the patch", () => {
    const ctx = ctxFor(1);
    const r = replay.parse(makeOutput({ exitCode: 128, stderr: "error: corrupt patch at line 3\n" }), ctx);
    expect(r.failure).toEqual({ message: "git apply 1.patch exited with code 128: error: corrupt patch at line 3" });
    const other = replay.parse(makeOutput({ exitCode: 1, stderr: `error: ${join(repo, "patches", "1.patch")}: patch does not apply` }), ctx);
    expect(other.failure?.message).toMatch(/^git apply 1\.patch exited with code 1/);
  });

  it("accepts an absolute replay_dir", () => {
    const ctx = makeCtx({ attempt: 1 }, { preset: "replay", replay_dir: "/srv/patches" });
    expect(replay.invocation(ctx).argv.at(-1)).toBe("/srv/patches/1.patch");
  });

  it("throws a ConfigError naming agent.replay_dir when it is missing, and parses without throwing", () => {
    const ctx = makeCtx({}, { preset: "replay" });
    expect(() => replay.invocation(ctx)).toThrow(ConfigError);
    expect(replay.parse(makeOutput({ exitCode: 128 }), ctx).failure?.message).toMatch(/agent\.replay_dir is not set/);
  });

  it("fails a timed-out apply as transient, at no cost", () => {
    expect(replay.parse(makeOutput({ timedOut: true, exitCode: null }), ctxFor(1))).toMatchObject({
      ok: false,
      costUsd: 0,
      failure: { timedOut: true },
    });
  });
});
