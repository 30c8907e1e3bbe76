/**
 * One `foreman run` in-process (`main(io)`) of a pinned CLI against the scripted model server,
 * on a real temporary git repository whose gate (`node check.mjs`) passes only when
 * `value.txt` says `good`. Returns the `--json` summary, the attempts as recorded, and timings.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { PRESETS } from "../../src/agents/index.js";
import { main } from "../../src/cli/main.js";
import { sessionDir, stateRootFor } from "../../src/local/session-paths.js";
import { sleep } from "../../src/local/sleep.js";
import { makeRepo, tempDir } from "../loop/helpers.js";
import { binDir, type PinnedCli } from "./cli-cache.js";
import { providerSetup, type ProviderSetup } from "./providers.js";

export interface AttemptRecord {
  number: number;
  outcome?: string;
  costUsd?: number;
  costAssumed?: boolean;
  tokens?: number;
  error?: string;
  transient?: boolean;
  /** The pause after this attempt's transient error, before the next attempt. */
  backoffMs?: number;
  [key: string]: unknown;
}

export interface ForemanRun {
  exitCode: number;
  summary: { status: string; reason: string | null; attempts: number; costUsd: number; sessionId: string };
  attempts: AttemptRecord[];
  stderr: string;
  startedAt: number;
  elapsedMs: number;
  repo: string;
}

/** Whether Foreman has a preset for this CLI yet (gemini and copilot arrive with issue 12). */
export function hasPreset(cli: PinnedCli): boolean {
  return Object.hasOwn(PRESETS, cli.preset);
}

export async function runForeman(
  cli: PinnedCli,
  url: string,
  budget: { attempts: number; minutes: number; usd?: number },
  extraAgent: Record<string, unknown> = {},
  signal: AbortSignal = new AbortController().signal,
  overrides: { sandbox?: "off" | "auto" | "required" } = {},
): Promise<ForemanRun> {
  return await runIn(cli, providerSetup(cli, url), budget, extraAgent, signal, overrides);
}

async function runIn(
  cli: PinnedCli,
  provider: ProviderSetup,
  budget: { attempts: number; minutes: number; usd?: number },
  extraAgent: Record<string, unknown>,
  signal: AbortSignal,
  overrides: { sandbox?: "off" | "auto" | "required" },
): Promise<ForemanRun> {
  const repo = await makeRepo();
  const out = await tempDir("conformance");
  const home = await tempDir("home");
  const task = path.join(out, "task.md");
  await writeFile(task, "# Make value.txt say good\n\nThe gate `node check.mjs` passes only when `value.txt` holds `good`.\n");
  const config = {
    budget: { per_run: { attempts: budget.attempts, minutes: budget.minutes, usd: budget.usd ?? 10 }, daily: { usd: 100 }, assumed_attempt_usd: 0.5 },
    agent: {
      preset: cli.preset,
      args: provider.args,
      env: provider.agentEnv,
      ...(provider.prices ? { prices: provider.prices } : {}),
      ...(provider.provider ? { provider: provider.provider } : {}),
      ...extraAgent,
    },
    gates: [{ name: "check", run: ["node", "check.mjs"] }],
    approval: { policy: "never" },
    sandbox: overrides.sandbox ?? provider.sandbox ?? "off",
  };
  const configFile = path.join(out, "foreman.json");
  await writeFile(configFile, JSON.stringify(config));
  let stdout = "";
  let stderr = "";
  const env = { PATH: `${binDir(cli)}:${process.env["PATH"] ?? "/usr/bin:/bin"}`, HOME: home, LANG: "C.UTF-8", USER: "tester", ...provider.env };
  const startedAt = Date.now();
  const exitCode = await main({
    argv: ["run", "--repo", repo, "--task", task, "--config", configFile, "--json"],
    cwd: repo,
    env,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    signal,
    now: () => Date.now(),
    // The real pause after a transient agent error, with a fixed jitter (the middle of the range).
    sleep,
    random: () => 0.5,
  });
  const elapsedMs = Date.now() - startedAt;
  const summary = JSON.parse(stdout) as ForemanRun["summary"];
  if (typeof summary.sessionId !== "string") throw new Error(`foreman run did not start a session (exit ${exitCode}): ${stdout}${stderr}`);
  const stateFile = path.join(sessionDir(stateRootFor(path.join(repo, ".git")), summary.sessionId), "state.json");
  const state = JSON.parse(await readFile(stateFile, "utf8")) as { attempts: AttemptRecord[] };
  return { exitCode, summary, attempts: state.attempts, stderr, startedAt, elapsedMs, repo };
}
