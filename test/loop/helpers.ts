/**
 * Shared set-up for the loop and CLI tests: real git repositories in temp dirs, the real local
 * adapters, and the scripted test agent (`test/fixtures/scripted-agent.mjs`) run through the
 * `custom` preset as a real child process.
 */
import { execFile } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { getPreset } from "../../src/agents/index.js";
import { parseConfig, type Config } from "../../src/core/config.js";
import type { SessionState } from "../../src/core/state.js";
import type { TaskInput } from "../../src/core/task.js";
import { LocalAttemptFiles } from "../../src/local/attempt-files.js";
import { FileStateStore } from "../../src/local/file-state-store.js";
import { GitWorkspace } from "../../src/local/git-workspace.js";
import { JsonlLedger } from "../../src/local/jsonl-ledger.js";
import { LocalPublisher } from "../../src/local/local-publisher.js";
import { ExecaProcessRunner } from "../../src/local/process-runner.js";
import { sessionDir, stateRootFor } from "../../src/local/session-paths.js";
import type { EngineDeps, ProgressEvent, SessionRequest } from "../../src/loop/engine.js";
import type { LedgerEntry } from "../../src/loop/ports.js";

const run = promisify(execFile);

/** The project root (where `src/cli/main.ts` lives). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SCRIPTED_AGENT = path.join(PROJECT_ROOT, "test", "fixtures", "scripted-agent.mjs");

/** A hostile host environment: every child must get none of these secrets. */
export const SECRETS: Readonly<Record<string, string>> = {
  GITHUB_TOKEN: "ghs_secret",
  GH_TOKEN: "gho_secret",
  ACTIONS_RUNTIME_TOKEN: "x-actions-runtime",
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: "x-actions-id",
  FOREMAN_APP_KEY: "y-app-key",
  FOREMAN_PRIVATE_KEY: "-----BEGIN RSA PRIVATE KEY-----",
};

/** What the scripted agent can do (see the fixture for the meaning of each action). */
export type AgentAction =
  | { write: { path: string; content: string } }
  | { append: { path: string; content: string } }
  | { delete: string }
  | { sleep: number }
  | { exit: number }
  | { stderr: string }
  | { stdout: string }
  | { result: Record<string, unknown> }
  | { dumpEnv: string }
  | { copyTask: string }
  | { copyFeedback: string }
  | { copy: { from: string; to: string } }
  | { ignoreSignals: true }
  | { spawnGrandchildSleep: number; pidFile: string };

/** Attempt number (as a string) or `*` → actions. */
export type AgentScript = Record<string, AgentAction[]>;

// ---------------------------------------------------------------------------------------------
// Temp dirs

const temps: string[] = [];

export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(await realpath(tmpdir()), `foreman-${prefix}-`));
  temps.push(dir);
  return dir;
}

/** Removes every temp dir made since the last call (call from `afterEach`). */
export async function removeTempDirs(): Promise<void> {
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// Git

/** Plain git as the user runs it, with an identity on the command line. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  const out = await run("git", ["-c", "user.name=Test User", "-c", "user.email=user@example.com", ...args], {
    cwd,
    env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: cwd, GIT_CONFIG_NOSYSTEM: "1" },
    maxBuffer: 16 * 1024 * 1024,
  });
  return out.stdout;
}

/** The commit a branch points at, or null when it does not exist (`git rev-parse --verify` fails). */
export async function branchSha(repo: string, branch: string): Promise<string | null> {
  try {
    return (await git(repo, "rev-parse", "--verify", "--quiet", `refs/heads/${branch}`)).trim();
  } catch {
    return null;
  }
}

/** A file's content at a revision, or null when it is not there. */
export async function showFile(repo: string, rev: string, file: string): Promise<string | null> {
  try {
    return await git(repo, "show", `${rev}:${file}`);
  } catch {
    return null;
  }
}

/**
 * The gate every test repository carries: `node check.mjs [LOG] [MODE]`. It appends one JSON
 * line (pid, cwd and environment) to LOG when given and passes only when `value.txt` holds `good`.
 * MODE `cache` dirties the tree after reading it (cache files, a rewrite of `value.txt`);
 * `noisy` prints 200,000 characters before its verdict; `slow` sleeps 60 s first.
 */
export const CHECK_MJS = `import fs from "node:fs";
const [log, mode] = process.argv.slice(2);
if (log) fs.appendFileSync(log, JSON.stringify({ pid: process.pid, cwd: process.cwd(), env: process.env }) + "\\n");
if (mode === "slow") await new Promise((resolve) => setTimeout(resolve, 60000));
if (mode === "junk-then-hang" && !fs.existsSync(log + ".hung")) {
  // Writes to the tree, then hangs (once): the run is killed while this gate runs.
  fs.writeFileSync("cache.tmp", "x");
  fs.writeFileSync("value.txt", "rewritten by the gate\\n");
  fs.writeFileSync(log + ".hung", "");
  await new Promise((resolve) => setTimeout(resolve, 60000));
}
const value = fs.existsSync("value.txt") ? fs.readFileSync("value.txt", "utf8").trim() : "(missing)";
if (mode === "cache") {
  fs.writeFileSync("cache.tmp", "x");
  fs.mkdirSync(".cache", { recursive: true });
  fs.writeFileSync(".cache/data.bin", "y");
  fs.writeFileSync("value.txt", "rewritten by the gate\\n");
}
if (mode === "noisy") console.error("NOISE-START " + "x".repeat(200000));
if (value !== "good") {
  console.error("GATE-FAIL: expected value.txt to be \\"good\\", got \\"" + value + "\\"");
  process.exit(1);
}
console.log("GATE-OK");
`;

export const BASE_FILES: Readonly<Record<string, string>> = {
  "README.md": "# sample\n",
  "package.json": `${JSON.stringify({ name: "sample", version: "1.0.0", private: true, type: "module", scripts: { test: "node --test" } }, null, 2)}\n`,
  "check.mjs": CHECK_MJS,
  "value.txt": "start\n",
  ".gitignore": "node_modules/\n",
  ".github/workflows/ci.yml": "on: push\njobs: {}\n",
};

/**
 * Each set of files is made into a repository once per worker (git init, add, commit: three
 * processes and an auto-maintenance one), then copied in-process for every test that asks.
 */
const repoTemplates = new Map<string, Promise<string>>();
const templateDirs: string[] = [];
process.once("exit", () => {
  for (const dir of templateDirs) rmSync(dir, { recursive: true, force: true });
});

async function buildTemplate(files: Readonly<Record<string, string>>): Promise<string> {
  const dir = await mkdtemp(path.join(await realpath(tmpdir()), "foreman-repo-template-"));
  templateDirs.push(dir);
  await git(dir, "init", "-q", "-b", "main");
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  await git(dir, "add", "-A");
  await git(dir, "commit", "-q", "-m", "base");
  return dir;
}

/** A repository on `main` with one commit of `files` (default: the sample package). */
export async function makeRepo(files: Readonly<Record<string, string>> = BASE_FILES): Promise<string> {
  const key = JSON.stringify(Object.entries(files));
  let template = repoTemplates.get(key);
  if (template === undefined) {
    template = buildTemplate(files);
    repoTemplates.set(key, template);
  }
  const dir = await tempDir("repo");
  await cp(await template, dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

/** What the user sees of their checkout: it must be the same before and after a session. */
export async function checkoutSnapshot(repo: string): Promise<{ head: string; branch: string; status: string; files: Record<string, string> }> {
  const files: Record<string, string> = {};
  for (const name of Object.keys(BASE_FILES))
    files[name] = existsSync(path.join(repo, name)) ? await readFile(path.join(repo, name), "utf8") : "(missing)";
  return {
    head: (await git(repo, "rev-parse", "HEAD")).trim(),
    branch: (await git(repo, "symbolic-ref", "--short", "HEAD")).trim(),
    status: await git(repo, "status", "--porcelain", "--untracked-files=all"),
    files,
  };
}

// ---------------------------------------------------------------------------------------------
// Configuration

export interface ConfigOptions {
  script: string;
  /** Gate log file (outside the repository); each gate run appends a line. */
  gateLog?: string;
  /** How the gate misbehaves (see CHECK_MJS); needs `gateLog`. */
  gateMode?: "cache" | "noisy" | "slow" | "junk-then-hang";
  budget?: { attempts?: number; minutes?: number; usd?: number };
  /** Today's USD cap (default 1000). */
  dailyUsd?: number;
  assumedAttemptUsd?: number;
  approval?: "never" | "before_pr";
  /** Extra variables the agent may see (`agent.env`). */
  agentEnv?: string[];
  /**
   * `sandbox` (default `off`: the scripted agent and the gate log what they did to files in the
   * test's own directory, outside the clone, which the sandbox rightly refuses).
   */
  sandbox?: "auto" | "required" | "off";
  /**
   * Run the gates on the base before attempt 1 (the product's default is true). Off unless a
   * test asks: the tests of attempt sequencing count gate runs and agent prompts from attempt 1.
   */
  baseline?: boolean;
}

/** A raw configuration (as `.github/foreman.yml` would hold it) for the scripted agent. */
export function rawConfig(o: ConfigOptions): Record<string, unknown> {
  const gateArgv = ["node", "check.mjs", ...(o.gateLog === undefined ? [] : [o.gateLog]), ...(o.gateMode ? [o.gateMode] : [])];
  if (o.gateMode && o.gateLog === undefined) throw new Error("gateMode needs gateLog");
  return {
    budget: {
      per_run: { attempts: o.budget?.attempts ?? 5, minutes: o.budget?.minutes ?? 5, usd: o.budget?.usd ?? 100 },
      daily: { usd: o.dailyUsd ?? 1000 },
      assumed_attempt_usd: o.assumedAttemptUsd ?? 0.01,
    },
    agent: { preset: "custom", command: [process.execPath, SCRIPTED_AGENT, o.script], ...(o.agentEnv ? { env: o.agentEnv } : {}) },
    gates: [{ name: "check", run: gateArgv }],
    approval: { policy: o.approval ?? "never" },
    sandbox: o.sandbox ?? "off",
    baseline: o.baseline ?? false,
  };
}

export async function writeScript(dir: string, script: AgentScript): Promise<string> {
  const file = path.join(dir, "script.json");
  await writeFile(file, JSON.stringify(script, null, 2));
  return file;
}

// ---------------------------------------------------------------------------------------------
// Engine wiring (the real local adapters)

export interface Harness {
  repo: string;
  sessionId: string;
  stateRoot: string;
  sessionDir: string;
  config: Config;
  deps: EngineDeps;
  events: ProgressEvent[];
  ledger: JsonlLedger;
  store: FileStateStore;
}

export function hostEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  return { PATH: process.env["PATH"], HOME: process.env["HOME"] ?? "/tmp", LANG: "C.UTF-8", ...SECRETS, ...extra };
}

export async function harness(
  repo: string,
  raw: unknown,
  opts: { sessionId?: string; env?: Record<string, string | undefined> } = {},
): Promise<Harness> {
  const common = (await git(repo, "rev-parse", "--path-format=absolute", "--git-common-dir")).trim();
  const stateRoot = stateRootFor(common);
  const sessionId = opts.sessionId ?? "s1";
  const events: ProgressEvent[] = [];
  const clock = { now: () => Date.now() };
  const store = new FileStateStore({ root: stateRoot, now: clock.now });
  const ledger = new JsonlLedger({ root: stateRoot });
  const dir = sessionDir(stateRoot, sessionId);
  return {
    repo,
    sessionId,
    stateRoot,
    sessionDir: dir,
    config: parseConfig(raw),
    events,
    ledger,
    store,
    deps: {
      store,
      ledger,
      runner: new ExecaProcessRunner({ killGraceMs: 300 }),
      publisher: new LocalPublisher({ repo }),
      files: new LocalAttemptFiles(dir),
      surface: "local",
      clock,
      hostEnv: opts.env ?? hostEnv(),
      onProgress: (e) => events.push(e),
    },
  };
}

/** A request for a first run (creates the worktree) or a later one (reopens it). */
export async function request(
  h: Harness,
  task: TaskInput,
  opts: { signal?: AbortSignal; resumeAuthor?: string; reopen?: boolean; command?: SessionRequest["command"]; dailySpentUsd?: number } = {},
): Promise<SessionRequest> {
  const wsRoot = path.join(h.sessionDir, "workspace");
  const workspace = opts.reopen
    ? await GitWorkspace.open({ repo: h.repo, sessionId: h.sessionId, stateRoot: wsRoot })
    : await GitWorkspace.create({ repo: h.repo, sessionId: h.sessionId, stateRoot: wsRoot });
  return {
    sessionId: h.sessionId,
    config: h.config,
    task,
    preset: getPreset(h.config.agent.preset),
    repoRoot: h.repo,
    workspace,
    signal: opts.signal ?? new AbortController().signal,
    ...(opts.resumeAuthor === undefined ? {} : { resumeAuthor: opts.resumeAuthor }),
    ...(opts.command === undefined ? {} : { command: opts.command }),
    ...(opts.dailySpentUsd === undefined ? {} : { dailySpentUsd: opts.dailySpentUsd }),
  };
}

export async function readLedger(h: Harness): Promise<LedgerEntry[]> {
  return h.ledger.read(h.sessionId);
}

export function attemptSummary(state: SessionState): Array<{ n: number; outcome: string | undefined }> {
  return state.attempts.map((a) => ({ n: a.n, outcome: a.outcome }));
}

/** Lines of a file (counter files the agent appends to); [] when absent. */
export async function lines(file: string): Promise<string[]> {
  if (!existsSync(file)) return [];
  return (await readFile(file, "utf8")).split("\n").filter((l) => l !== "");
}

export { isRunning } from "../support/processes.js";

/** Polls until `check` is true or `ms` pass; returns the last answer. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms: number, stepMs = 25): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

/** The promise's value, or "timeout" when it takes longer than `ms` (so a hang fails fast). */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Kills leftover test processes by pid (never by name). */
export function killPids(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}
