/**
 * Loop overhead per attempt: N attempts of a no-op agent and a trivial gate through the real
 * engine and local adapters, against the same two commands run N times by a plain shell loop.
 * Prints the ratio (target ≤ 1.10).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { getPreset } from "../src/agents/index.js";
import { parseConfig } from "../src/core/config.js";
import { LocalAttemptFiles } from "../src/local/attempt-files.js";
import { FileStateStore } from "../src/local/file-state-store.js";
import { GitWorkspace } from "../src/local/git-workspace.js";
import { JsonlLedger } from "../src/local/jsonl-ledger.js";
import { LocalPublisher } from "../src/local/local-publisher.js";
import { ExecaProcessRunner } from "../src/local/process-runner.js";
import { sessionDir, stateRootFor } from "../src/local/session-paths.js";
import { runSession } from "../src/loop/engine.js";

/** The agent writes a new file each attempt (a new diff, so no oscillation); the gate always fails. */
const AGENT = `import { writeFileSync } from "node:fs"; writeFileSync("out.txt", String(process.env.FOREMAN_ATTEMPT ?? process.argv[2]) + "\\n");`;
const GATE = `process.exit(1);`;

function makeRepo(): { repo: string; tools: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "foreman-bench-"));
  const repo = path.join(dir, "repo");
  const tools = path.join(dir, "tools");
  mkdirSync(repo);
  mkdirSync(tools);
  writeFileSync(path.join(tools, "agent.mjs"), AGENT);
  writeFileSync(path.join(tools, "gate.mjs"), GATE);
  writeFileSync(path.join(repo, "README.md"), "bench\n");
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@localhost", ...args], { cwd: repo });
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  return { repo, tools };
}

async function foremanRun(n: number): Promise<number> {
  const { repo, tools } = makeRepo();
  const common = execFileSync("git", ["rev-parse", "--path-format=absolute", "--git-common-dir"], { cwd: repo }).toString().trim();
  const root = stateRootFor(common);
  const sessionId = "bench";
  const config = parseConfig({
    agent: { preset: "custom", command: ["node", path.join(tools, "agent.mjs")] },
    gates: [{ name: "gate", run: ["node", path.join(tools, "gate.mjs")] }],
    budget: { per_run: { attempts: n, minutes: 60, usd: 1000 }, daily: { usd: 1000 }, assumed_attempt_usd: 0 },
  });
  const now = () => Date.now();
  const started = performance.now();
  const workspace = await GitWorkspace.create({ repo, sessionId, stateRoot: path.join(sessionDir(root, sessionId), "workspace") });
  const outcome = await runSession(
    {
      store: new FileStateStore({ root, now }),
      ledger: new JsonlLedger({ root }),
      runner: new ExecaProcessRunner(),
      publisher: new LocalPublisher({ repo }),
      files: new LocalAttemptFiles(sessionDir(root, sessionId)),
      clock: { now },
      hostEnv: process.env,
      surface: "local",
    },
    {
      sessionId,
      config,
      task: { title: "bench", body: "" },
      preset: getPreset("custom"),
      repoRoot: repo,
      workspace,
      signal: new AbortController().signal,
    },
  );
  const elapsed = performance.now() - started;
  if (outcome.state.spent.attempts !== n) throw new Error(`expected ${n} attempts, got ${outcome.state.spent.attempts} (${outcome.state.reason})`);
  return elapsed;
}

function shellRun(n: number): number {
  const { repo, tools } = makeRepo();
  const script = `for i in $(seq 1 ${n}); do node "${tools}/agent.mjs" "$i"; node "${tools}/gate.mjs" || true; done`;
  const started = performance.now();
  execFileSync("sh", ["-c", script], { cwd: repo, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" } });
  return performance.now() - started;
}

export async function benchLoop(n = 20, rounds = 3): Promise<string[]> {
  await foremanRun(2); // warm-up: module loading, git's caches
  shellRun(2);
  const ours: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < rounds; i++) {
    ours.push(await foremanRun(n));
    plain.push(shellRun(n));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const f = median(ours);
  const s = median(plain);
  return [
    `loop overhead: ${n} attempts of a no-op agent and a trivial gate, median of ${rounds} rounds`,
    `  foreman run : ${f.toFixed(0)} ms (${(f / n).toFixed(1)} ms per attempt)`,
    `  shell loop  : ${s.toFixed(0)} ms (${(s / n).toFixed(1)} ms per attempt)`,
    `  overhead    : ${((f - s) / n).toFixed(1)} ms per attempt; ratio ${(f / s).toFixed(3)} (target ≤ 1.10)`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await benchLoop()) console.log(line);
}
