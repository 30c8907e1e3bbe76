/**
 * Figure (issue 12): per agent preset, milliseconds from `foreman run` starting to the CLI's
 * first model request (the scripted model server's log), against the same CLI started alone on
 * the same task. Target: Foreman adds at most 300 ms. CLIs come from the conformance cache
 * (`npm run test:agents` installs them); one not installed is skipped with a line saying so.
 * `FOREMAN_AGENTS` picks presets (default all).
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PRESETS } from "../src/agents/index.js";
import { parseConfig } from "../src/core/config.js";
import { binDir, isInstalled, selectedClis, type PinnedCli } from "../test/agents-conformance/cli-cache.js";
import { providerSetup } from "../test/agents-conformance/providers.js";
import { hasPreset, runForeman } from "../test/agents-conformance/run-foreman.js";
import { removeTempDirs } from "../test/loop/helpers.js";
import { startModelServer, type Script } from "../test/support/model-server/server.js";

const TASK: Script = {
  conversations: [
    [
      { write: { path: "value.txt", content: "good\n" }, usage: { input: 10, output: 1 } },
      { final: "done", usage: { input: 10, output: 1 } },
    ],
  ],
};

/** The CLI alone, as the preset would start it, in a plain directory: ms to its first model request. */
async function aloneMs(cli: PinnedCli): Promise<number> {
  const server = await startModelServer(TASK);
  const dir = await mkdtemp(path.join(await realpath(tmpdir()), "foreman-bench-alone-"));
  try {
    const home = path.join(dir, "home");
    const work = path.join(dir, "work");
    await mkdir(home);
    await mkdir(work);
    // A git repository, as Foreman's worktree is: codex exec refuses to start outside one.
    spawnSync("git", ["init", "-q"], { cwd: work });
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
    const started = Date.now();
    const child = spawn(path.join(binDir(cli), cmd ?? cli.bin), args, {
      cwd: work,
      env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: home, LANG: "C.UTF-8", ...provider.env, ...fromHost, ...inv.env },
      stdio: [inv.stdinFile === undefined ? "ignore" : "pipe", "ignore", "ignore"],
    });
    if (inv.stdinFile !== undefined) child.stdin?.end("Make value.txt say good.\n");
    await new Promise((resolve) => child.on("close", resolve));
    const first = server.modelRequests()[0];
    return first === undefined ? Number.NaN : first.at - started;
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function throughForemanMs(cli: PinnedCli): Promise<number> {
  const server = await startModelServer(TASK);
  try {
    const run = await runForeman(cli, server.url, { attempts: 1, minutes: 5 });
    const first = server.modelRequests()[0];
    return first === undefined ? Number.NaN : first.at - run.startedAt;
  } finally {
    await server.close();
    await removeTempDirs();
  }
}

export async function benchAgentStartup(): Promise<string[]> {
  const lines = [
    "## Agent startup: `foreman run` start → first model request, vs the CLI alone (target: +≤ 300 ms)",
    "",
    "| preset | version | alone ms | through foreman ms | added ms |",
    "| --- | --- | --- | --- | --- |",
  ];
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
    const alone = await aloneMs(cli);
    const foreman = await throughForemanMs(cli);
    const added = foreman - alone;
    lines.push(
      `| ${cli.preset} | ${cli.version} | ${alone.toFixed(0)} | ${foreman.toFixed(0)} | ${added.toFixed(0)}${added > 300 ? " (over target)" : ""} |`,
    );
  }
  return [...lines, ...(skipped.length > 0 ? ["", ...skipped] : [])];
}
