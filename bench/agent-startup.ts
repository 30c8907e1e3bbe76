/**
 * Figure (issue 12): per agent preset, milliseconds from `foreman run` starting to the CLI's
 * first model request (the scripted model server's log), against the same CLI started alone on
 * the same task (the same repository, copied). Target: Foreman adds at most 300 ms.
 *
 * "Through Foreman" is the real command as a user runs it: `node dist/cli/index.js run --repo
 * <repo> --task <file> --config <file>` spawned as its own process, so node's start and the
 * loading of the bundle count (build it first: `npm run build`). A stub agent (a `custom` agent:
 * a few lines of node that send one model request and say when their process started) gives the
 * figure without any real CLI, and splits it: Foreman's own part (spawn of `foreman run` to the
 * agent's process start) and the rest. CLIs come from the conformance cache (`npm run
 * test:agents` installs them); one not installed is skipped with a line saying so.
 * `FOREMAN_AGENTS` picks presets (default all); `FOREMAN_BENCH_ROUNDS` the rounds per row
 * (default 3 for the CLIs, 4× that for the stub); `FOREMAN_BENCH_BUNDLE` another build of the
 * CLI to time. Each row gives the median and the minimum.
 *
 * A user's machine keeps the CLI's compile cache between runs (`~/.cache/foreman/compile-cache`,
 * src/cli/compile-cache.ts); each run here has a fresh HOME, so the runs share one cache folder
 * through `FOREMAN_COMPILE_CACHE` (made by the warm-up round), and one stub row runs without it
 * (`off`), as a first run does.
 *
 * The runs set `baseline: false`: the baseline runs the repository's own gates before attempt
 * 1 (as long as the repository's tests take), which is not Foreman's startup and which the CLI
 * alone does not do. A second stub row keeps every default, baseline included, to show it.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PRESETS } from "../src/agents/index.js";
import { parseConfig } from "../src/core/config.js";
import { binDir, isInstalled, selectedClis, type PinnedCli } from "../test/agents-conformance/cli-cache.js";
import { providerSetup, type ProviderSetup } from "../test/agents-conformance/providers.js";
import { hasPreset } from "../test/agents-conformance/run-foreman.js";
import { makeRepo, removeTempDirs, tempDir } from "../test/loop/helpers.js";
import { startModelServer, type Script } from "../test/support/model-server/server.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** The bundle `foreman run` is: `FOREMAN_BENCH_BUNDLE` (another build, to compare two) or `dist/cli/index.js`. */
const BUNDLE = process.env["FOREMAN_BENCH_BUNDLE"] ? path.resolve(process.env["FOREMAN_BENCH_BUNDLE"]) : path.join(ROOT, "dist/cli/index.js");
const TARGET_MS = 300;
/** The compile cache the through-Foreman runs share, as the runs of one user do. */
const COMPILE_CACHE = path.join(tmpdir(), `foreman-bench-compile-cache-${process.pid}`);

const TASK: Script = {
  conversations: [
    [
      { write: { path: "value.txt", content: "good\n" }, usage: { input: 10, output: 1 } },
      { final: "done", usage: { input: 10, output: 1 } },
    ],
  ],
};

/**
 * The stub agent: its process start time (ms since the epoch) goes in a header of one model
 * request; then it does the task (the repository's gate passes) and exits 0.
 */
const STUB_AGENT = `import { request } from "node:http";
import { writeFileSync } from "node:fs";
const started = performance.timeOrigin;
const body = JSON.stringify({ model: "stub", max_tokens: 16, messages: [{ role: "user", content: "hello" }] });
await new Promise((resolve, reject) => {
  const req = request(new URL("/v1/messages", process.env.BENCH_STUB_URL), {
    method: "POST",
    headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-stub-started": String(started) },
  }, (res) => { res.resume(); res.on("end", resolve); });
  req.on("error", reject);
  req.end(body);
});
writeFileSync("value.txt", "good\\n");
`;

interface Timing {
  /** Spawn of the command to the model server's first model request. */
  firstRequestMs: number;
  /** Spawn of the command to the agent's process start (stub only). */
  agentStartMs?: number;
}

/** A child run to its end; the time it was spawned. */
async function spawned(argv: readonly string[], options: { cwd: string; env: Record<string, string>; stdin?: string }): Promise<number> {
  const [cmd, ...args] = argv;
  const started = Date.now();
  const child = spawn(cmd ?? "", args, {
    cwd: options.cwd,
    env: options.env,
    stdio: [options.stdin === undefined ? "ignore" : "pipe", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0 && process.env["FOREMAN_BENCH_VERBOSE"]) process.stderr.write(`bench: ${argv.join(" ")} exited ${code}: ${stderr}\n`);
  return started;
}

/** The CLI alone, as the preset would start it, in a plain directory: ms to its first model request. */
async function aloneMs(cli: PinnedCli): Promise<Timing> {
  const server = await startModelServer(TASK);
  const dir = await mkdtemp(path.join(await realpath(tmpdir()), "foreman-bench-alone-"));
  try {
    const home = path.join(dir, "home");
    const work = path.join(dir, "work");
    await mkdir(home);
    // The same task: a copy of the repository the through-Foreman run gets (a git repository,
    // as Foreman's working copy is). A CLI that reads the project at start (its files, git's
    // status and log) does that work in both runs; it is the CLI's, not Foreman's.
    await cp(await makeRepo(), work, { recursive: true, verbatimSymlinks: true });
    const provider = providerSetup(cli, server.url);
    const prompt = path.join(dir, "prompt.md");
    await writeFile(prompt, "# Make value.txt say good\n");
    const agent = parseConfig({
      agent: {
        preset: cli.preset,
        args: provider.args,
        ...(provider.prices ? { prices: provider.prices } : {}),
        ...(provider.provider ? { provider: provider.provider } : {}),
      },
    }).agent;
    const files = { taskFile: prompt, feedbackFile: prompt, resultFile: path.join(dir, "result.json"), promptFile: prompt };
    const agentHome = path.join(dir, "agent-home");
    const inv = PRESETS[cli.preset as keyof typeof PRESETS].invocation({ attempt: 1, worktree: work, repoRoot: work, agent, agentHome, ...files });
    // What Foreman does before the agent starts, here done by hand: the preset's home files and
    // the variables it takes from the host.
    await mkdir(agentHome);
    for (const f of inv.files ?? []) {
      // A name may hold one folder (gemini's `.gemini/settings.json`).
      await mkdir(path.dirname(path.join(agentHome, f.name)), { recursive: true });
      await writeFile(path.join(agentHome, f.name), f.content);
    }
    const fromHost = Object.fromEntries(Object.entries(inv.envFrom ?? {}).map(([to, from]) => [to, provider.env[from] ?? ""]));
    const [cmd, ...args] = inv.argv;
    const started = await spawned([path.join(binDir(cli), cmd ?? cli.bin), ...args], {
      cwd: work,
      env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: home, LANG: "C.UTF-8", ...provider.env, ...fromHost, ...inv.env },
      ...(inv.stdinFile === undefined ? {} : { stdin: "Make value.txt say good.\n" }),
    });
    const first = server.modelRequests()[0];
    return { firstRequestMs: first === undefined ? Number.NaN : first.at - started };
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * `foreman run` spawned as a user runs it, on a fresh repository whose gate passes when
 * `value.txt` says `good`, to its end; returns when it was spawned (ms since the epoch).
 */
async function foremanRun(config: Record<string, unknown>, env: Record<string, string>, compileCache = COMPILE_CACHE): Promise<number> {
  const repo = await makeRepo();
  const out = await tempDir("bench-startup");
  const task = path.join(out, "task.md");
  await writeFile(task, "# Make value.txt say good\n\nThe gate `node check.mjs` passes only when `value.txt` holds `good`.\n");
  const configFile = path.join(out, "foreman.json");
  await writeFile(configFile, JSON.stringify(config));
  return spawned([process.execPath, BUNDLE, "run", "--repo", repo, "--task", task, "--config", configFile, "--json"], {
    cwd: repo,
    env: { ...env, FOREMAN_COMPILE_CACHE: compileCache },
  });
}

/** The settings every through-Foreman run shares: one attempt, the gate, no approval pause, no baseline (unless asked). */
function baseConfig(agent: Record<string, unknown>, baseline = false): Record<string, unknown> {
  return {
    budget: { per_run: { attempts: 1, minutes: 5, usd: 10 }, daily: { usd: 100 }, assumed_attempt_usd: 0.5 },
    agent,
    gates: [{ name: "check", run: ["node", "check.mjs"] }],
    approval: { policy: "never" },
    baseline,
  };
}

async function throughForemanMs(cli: PinnedCli): Promise<Timing> {
  const server = await startModelServer(TASK);
  try {
    const provider: ProviderSetup = providerSetup(cli, server.url);
    const home = await tempDir("home");
    const config = {
      ...baseConfig({
        preset: cli.preset,
        args: provider.args,
        env: provider.agentEnv,
        ...(provider.prices ? { prices: provider.prices } : {}),
        ...(provider.provider ? { provider: provider.provider } : {}),
      }),
      sandbox: provider.sandbox ?? "off",
    };
    const env = {
      PATH: `${binDir(cli)}:${process.env["PATH"] ?? "/usr/bin:/bin"}`,
      HOME: home,
      LANG: "C.UTF-8",
      USER: "tester",
      ...provider.env,
    };
    const started = await foremanRun(config, env);
    const first = server.modelRequests()[0];
    return { firstRequestMs: first === undefined ? Number.NaN : first.at - started };
  } finally {
    await server.close();
    await removeTempDirs();
  }
}

/** Where the stub agent's script is written (outside every repository). */
async function stubFile(): Promise<string> {
  const dir = await tempDir("bench-stub");
  const file = path.join(dir, "stub-agent.mjs");
  await writeFile(file, STUB_AGENT);
  return file;
}

function stubTiming(server: Awaited<ReturnType<typeof startModelServer>>, started: number): Timing {
  const first = server.modelRequests()[0];
  const agentStart = Number(first?.headers["x-stub-started"]);
  return { firstRequestMs: first === undefined ? Number.NaN : first.at - started, agentStartMs: agentStart - started };
}

/** The stub agent alone (`node stub-agent.mjs`). */
async function stubAloneMs(): Promise<Timing> {
  const server = await startModelServer(TASK);
  try {
    const file = await stubFile();
    const work = await makeRepo();
    const started = await spawned([process.execPath, file], {
      cwd: work,
      env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: work, LANG: "C.UTF-8", BENCH_STUB_URL: server.url },
    });
    return stubTiming(server, started);
  } finally {
    await server.close();
    await removeTempDirs();
  }
}

/** The stub agent as a `custom` agent through `foreman run`, with the default `sandbox: auto` (and the baseline when asked). */
async function stubThroughForemanMs(baseline = false, compileCache = COMPILE_CACHE): Promise<Timing> {
  const server = await startModelServer(TASK);
  try {
    const file = await stubFile();
    const home = await tempDir("home");
    const config = baseConfig({ preset: "custom", command: [process.execPath, file], env: ["BENCH_STUB_URL"] }, baseline);
    const env = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: home, LANG: "C.UTF-8", USER: "tester", BENCH_STUB_URL: server.url };
    return stubTiming(server, await foremanRun(config, env, compileCache));
  } finally {
    await server.close();
    await removeTempDirs();
  }
}

function median(values: readonly number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function min(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  return finite.length === 0 ? Number.NaN : Math.min(...finite);
}

/** `median (min)` in whole ms; failed rounds (no request seen) are left out and counted. */
function figure(values: readonly number[]): string {
  const failed = values.filter((v) => !Number.isFinite(v)).length;
  return `${median(values).toFixed(0)} (${min(values).toFixed(0)})${failed > 0 ? ` [${failed} failed]` : ""}`;
}

/** Alternates the two sides round by round, so a change in the machine's load hits both alike. */
async function rounds(n: number, alone: () => Promise<Timing>, through: () => Promise<Timing>): Promise<{ alone: Timing[]; through: Timing[] }> {
  const out = { alone: [] as Timing[], through: [] as Timing[] };
  // One warm-up of each (file cache, node's own start), not counted.
  await alone();
  await through();
  for (let i = 0; i < n; i++) {
    out.alone.push(await alone());
    out.through.push(await through());
  }
  return out;
}

function addedLine(alone: readonly Timing[], through: readonly Timing[]): { added: number; text: string } {
  const added = median(through.map((t) => t.firstRequestMs)) - median(alone.map((t) => t.firstRequestMs));
  return { added, text: `${added.toFixed(0)}${added > TARGET_MS ? " (over target)" : ""}` };
}

export async function benchAgentStartup(): Promise<string[]> {
  try {
    return await startupRows();
  } finally {
    await rm(COMPILE_CACHE, { recursive: true, force: true });
  }
}

async function startupRows(): Promise<string[]> {
  const roundsPerCli = Number(process.env["FOREMAN_BENCH_ROUNDS"] ?? "3") || 3;
  const lines = [
    `## Agent startup: \`foreman run\` start → first model request, vs the CLI alone (target: +≤ ${TARGET_MS} ms)`,
    "",
    `\`node dist/cli/index.js run …\` spawned as its own process. Figures are median (min) ms; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(", ")} on ${cpus().length} CPUs.`,
    "",
  ];
  if (!existsSync(BUNDLE)) return [...lines, `Skipped: ${path.relative(ROOT, BUNDLE)} is missing; run "npm run build" first.`];

  // The stub agent: measurable without any real CLI.
  const stubRow = async (name: string, baseline: boolean, compileCache = COMPILE_CACHE): Promise<string> => {
    const stub = await rounds(roundsPerCli * 4, stubAloneMs, () => stubThroughForemanMs(baseline, compileCache));
    return `| ${name} | ${stub.through.length} | ${figure(stub.alone.map((t) => t.firstRequestMs))} | ${figure(
      stub.through.map((t) => t.firstRequestMs),
    )} | ${addedLine(stub.alone, stub.through).text} | ${figure(stub.through.map((t) => t.agentStartMs ?? Number.NaN))} |`;
  };
  lines.push(
    "| agent | rounds | alone ms | through foreman ms | added ms | foreman run start → agent process start ms |",
    "| --- | --- | --- | --- | --- | --- |",
    await stubRow("stub (custom, sandbox: auto)", false),
    await stubRow("stub, a first run (no compile cache)", false, "off"),
    await stubRow("stub, every default (the baseline runs the gate first)", true),
    "",
    "| preset | version | rounds | alone ms | through foreman ms | added ms |",
    "| --- | --- | --- | --- | --- | --- |",
  );
  const skipped: string[] = [];
  // FOREMAN_AGENTS picks presets, as in npm run test:agents (default all).
  for (const cli of selectedClis()) {
    if (!isInstalled(cli)) {
      skipped.push(
        `- ${cli.preset}: skipped, ${cli.package}@${cli.version} is not installed (FOREMAN_AGENTS=${cli.preset} npm run test:agents installs it)`,
      );
      continue;
    }
    if (!hasPreset(cli)) {
      skipped.push(`- ${cli.preset}: skipped, Foreman has no "${cli.preset}" preset`);
      continue;
    }
    const measured = await rounds(
      roundsPerCli,
      () => aloneMs(cli),
      () => throughForemanMs(cli),
    );
    lines.push(
      `| ${cli.preset} | ${cli.version} | ${roundsPerCli} | ${figure(measured.alone.map((t) => t.firstRequestMs))} | ${figure(
        measured.through.map((t) => t.firstRequestMs),
      )} | ${addedLine(measured.alone, measured.through).text} |`,
    );
  }
  return [...lines, ...(skipped.length > 0 ? ["", ...skipped] : [])];
}
