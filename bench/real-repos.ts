/**
 * Real-repository benchmark: small repositories of our own making (generated here, nothing
 * copied from elsewhere), each with a failing test and a two-attempt scripted agent (a wrong
 * edit, then the fix), run with no configuration (`gates: auto`, `setup: auto`,
 * `baseline: true`). Per fixture it prints Foreman's wall time against a plain shell loop that
 * runs the same agent and the same commands the way a person would script it (install and test
 * on every attempt), and Foreman's setup time apart. Target: Foreman ≤ 1.0× the loop, because
 * it installs once.
 *
 * Fixtures: an npm package with a devDependency, a lockfile and no node_modules (the
 * devDependency is a `file:` folder, so nothing is downloaded; Foreman and the loop both run
 * `npm ci`), an npm workspace monorepo (the change is in a
 * package without a test script: the root's `npm test` checks it), a Python package (skipped
 * without pytest), a Cargo crate without external crates (skipped without cargo) and a Go
 * module (skipped without go).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getPreset } from "../src/agents/index.js";
import { parseConfig } from "../src/core/config.js";
import { CACHE_NEUTRAL_ENV } from "../src/core/gate-plan.js";
import type { SessionState } from "../src/core/state.js";
import { LocalAttemptFiles } from "../src/local/attempt-files.js";
import { FileStateStore } from "../src/local/file-state-store.js";
import { GitRepository } from "../src/local/git-repository.js";
import { GitWorkspace } from "../src/local/git-workspace.js";
import { JsonlLedger } from "../src/local/jsonl-ledger.js";
import { LocalPublisher } from "../src/local/local-publisher.js";
import { ExecaProcessRunner } from "../src/local/process-runner.js";
import { sessionDir, stateRootFor } from "../src/local/session-paths.js";
import { runSession } from "../src/loop/engine.js";

const SCRIPTED_AGENT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "test", "fixtures", "scripted-agent.mjs");

interface Fixture {
  name: string;
  /** Why it cannot run on this machine, or null. */
  skip: () => string | null;
  files: Record<string, string>;
  /** Runs in the fixture before its first commit (not timed): packs the devDependency, writes the lockfile. */
  prepare?: (repo: string) => void;
  /** The file the agent edits, and its content on attempt 1 (wrong) and 2 (the fix). */
  edit: { path: string; wrong: string; right: string };
  /** What a person's loop runs after the agent on every attempt: install (if any), then test. */
  shell: { cwd: string; install: string[] | null; test: string[] };
}

const has = (cmd: string, ...args: string[]) => spawnSync(cmd, args.length > 0 ? args : ["--version"], { stdio: "ignore" }).status === 0;

/** A tiny test runner of our own, installed as a devDependency from a folder. */
const MINITEST_BIN = `#!/usr/bin/env node
const path = require("path");
let failed = 0;
for (const file of process.argv.slice(2)) {
  try { require(path.resolve(file)); console.log("ok - " + file); }
  catch (e) { failed++; console.log("not ok - " + file + ": " + e.message); }
}
process.exit(failed ? 1 : 0);
`;
/**
 * The devDependency as a tarball in the repository (`vendor/minitest-1.0.0.tgz`): `npm ci`
 * unpacks it like a registry package, without the network. Its payload (`PAYLOAD_FILES` files
 * of 2 KB, generated) stands for the transitive dependencies a real test runner brings, so an
 * install costs what it costs in a real repository (a few seconds), not nothing. Then the
 * lockfile is written.
 */
const PAYLOAD_FILES = 1500;
function packMinitest(repo: string): void {
  const src = path.join(path.dirname(repo), "minitest-src");
  mkdirSync(path.join(src, "lib"), { recursive: true });
  writeFileSync(path.join(src, "package.json"), JSON.stringify({ name: "minitest", version: "1.0.0", bin: { minitest: "cli.cjs" } }));
  writeFileSync(path.join(src, "cli.cjs"), MINITEST_BIN);
  chmodSync(path.join(src, "cli.cjs"), 0o755);
  for (let i = 0; i < PAYLOAD_FILES; i++) {
    writeFileSync(path.join(src, "lib", `part-${i}.js`), `// generated payload ${i}\nmodule.exports = ${JSON.stringify("x".repeat(2000))};\n`);
  }
  mkdirSync(path.join(repo, "vendor"), { recursive: true });
  execFileSync("npm", ["pack", "--silent", "--pack-destination", path.join(repo, "vendor")], { cwd: src, stdio: "ignore" });
  rmSync(src, { recursive: true, force: true });
  execFileSync("npm", ["install", "--package-lock-only", "--no-audit", "--no-fund"], { cwd: repo, stdio: "ignore" });
}

const FIXTURES: Fixture[] = [
  {
    name: "npm package, devDependency, no node_modules",
    skip: () => (has("npm") ? null : "npm is not installed"),
    files: {
      ".gitignore": "node_modules/\n",
      "package.json": JSON.stringify(
        {
          name: "adder",
          version: "1.0.0",
          private: true,
          scripts: { test: "minitest test.cjs" },
          devDependencies: { minitest: "file:vendor/minitest-1.0.0.tgz" },
        },
        null,
        2,
      ),
      "index.cjs": "module.exports = (a, b) => a - b;\n",
      "test.cjs": 'const add = require("./index.cjs");\nif (add(2, 3) !== 5) throw new Error("add(2, 3) should be 5");\n',
    },
    prepare: packMinitest,
    edit: { path: "index.cjs", wrong: "module.exports = (a, b) => a * b;\n", right: "module.exports = (a, b) => a + b;\n" },
    shell: { cwd: ".", install: ["npm", "ci", "--no-audit", "--no-fund"], test: ["npm", "test"] },
  },
  {
    name: "npm workspace monorepo (change in a package without a test script)",
    skip: () => (has("npm") ? null : "npm is not installed"),
    files: {
      ".gitignore": "node_modules/\n",
      "package.json": JSON.stringify(
        {
          name: "mono",
          private: true,
          workspaces: ["packages/*"],
          scripts: { test: "minitest packages/add/test.cjs packages/fmt/test.cjs" },
          devDependencies: { minitest: "file:vendor/minitest-1.0.0.tgz" },
        },
        null,
        2,
      ),
      "packages/add/package.json": JSON.stringify({ name: "@mono/add", version: "1.0.0", main: "index.cjs" }),
      "packages/add/index.cjs": "module.exports = (a, b) => a - b;\n",
      "packages/add/test.cjs": 'if (require("./index.cjs")(2, 3) !== 5) throw new Error("add(2, 3) should be 5");\n',
      "packages/fmt/package.json": JSON.stringify({ name: "@mono/fmt", version: "1.0.0", main: "index.cjs" }),
      "packages/fmt/index.cjs": "module.exports = (n) => `#${n}`;\n",
      "packages/fmt/test.cjs": 'if (require("./index.cjs")(1) !== "#1") throw new Error("fmt");\n',
    },
    prepare: packMinitest,
    edit: { path: "packages/add/index.cjs", wrong: "module.exports = (a, b) => a * b;\n", right: "module.exports = (a, b) => a + b;\n" },
    shell: { cwd: ".", install: ["npm", "ci", "--no-audit", "--no-fund"], test: ["npm", "test"] },
  },
  {
    name: "Python package (pytest)",
    skip: () => (has("python3", "-m", "pytest", "--version") ? null : "pytest is not installed for python3"),
    files: {
      ".gitignore": "__pycache__/\n",
      "pyproject.toml": '[project]\nname = "adder"\nversion = "1.0.0"\n',
      "adder/__init__.py": "def add(a, b):\n    return a - b\n",
      "tests/test_add.py": "from adder import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n",
      "conftest.py": "",
    },
    edit: { path: "adder/__init__.py", wrong: "def add(a, b):\n    return a * b\n", right: "def add(a, b):\n    return a + b\n" },
    shell: { cwd: ".", install: null, test: ["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider"] },
  },
  {
    name: "Cargo crate (no external crates)",
    skip: () => (has("cargo") ? null : "cargo is not installed"),
    files: {
      ".gitignore": "target/\n",
      "Cargo.toml": '[package]\nname = "adder"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n',
      "Cargo.lock":
        '# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\nversion = 3\n\n[[package]]\nname = "adder"\nversion = "0.1.0"\n',
      "src/lib.rs":
        "pub fn add(a: i32, b: i32) -> i32 {\n    a - b\n}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn adds() {\n        assert_eq!(super::add(2, 3), 5);\n    }\n}\n",
    },
    edit: {
      path: "src/lib.rs",
      wrong:
        "pub fn add(a: i32, b: i32) -> i32 {\n    a * b\n}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn adds() {\n        assert_eq!(super::add(2, 3), 5);\n    }\n}\n",
      right:
        "pub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn adds() {\n        assert_eq!(super::add(2, 3), 5);\n    }\n}\n",
    },
    shell: { cwd: ".", install: null, test: ["cargo", "test", "--locked"] },
  },
  {
    name: "Go module",
    skip: () => (has("go", "version") ? null : "go is not installed"),
    files: {
      "go.mod": "module example.com/adder\n\ngo 1.21\n",
      "adder.go": "package adder\n\nfunc Add(a, b int) int { return a - b }\n",
      "adder_test.go":
        'package adder\n\nimport "testing"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(2, 3) != 5 {\n\t\tt.Fatal("Add(2, 3) should be 5")\n\t}\n}\n',
    },
    edit: {
      path: "adder.go",
      wrong: "package adder\n\nfunc Add(a, b int) int { return a * b }\n",
      right: "package adder\n\nfunc Add(a, b int) int { return a + b }\n",
    },
    shell: { cwd: ".", install: null, test: ["go", "test", "./..."] },
  },
];

function makeRepo(fixture: Fixture): { dir: string; repo: string; script: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "foreman-bench-real-"));
  const repo = path.join(dir, "repo");
  for (const [name, content] of Object.entries(fixture.files)) {
    mkdirSync(path.dirname(path.join(repo, name)), { recursive: true });
    writeFileSync(path.join(repo, name), content);
  }
  fixture.prepare?.(repo);
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=bench", "-c", "user.email=bench@localhost", ...args], { cwd: repo });
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  const script = path.join(dir, "agent.json");
  writeFileSync(
    script,
    JSON.stringify({
      "1": [{ write: { path: fixture.edit.path, content: fixture.edit.wrong } }],
      "2": [{ write: { path: fixture.edit.path, content: fixture.edit.right } }],
    }),
  );
  return { dir, repo, script };
}

async function foremanRun(fixture: Fixture): Promise<{ ms: number; state: SessionState }> {
  const { dir, repo, script } = makeRepo(fixture);
  try {
    const sessionId = "bench";
    const config = parseConfig({
      agent: { preset: "custom", command: [process.execPath, SCRIPTED_AGENT, script] },
      budget: { per_run: { attempts: 3, minutes: 30, usd: 1000 }, daily: { usd: 1000 }, assumed_attempt_usd: 0 },
      sandbox: "off",
    });
    const now = () => Date.now();
    const started = performance.now();
    // As `foreman run` wires it: the repository discovered once, its answer reused.
    const found = await GitRepository.discover(repo);
    const common = found.commonDir;
    const root = stateRootFor(common);
    const workspace = await GitWorkspace.create({
      repo,
      sessionId,
      stateRoot: path.join(sessionDir(root, sessionId), "workspace"),
      discovered: { commonDir: common, toplevel: found.topLevel },
    });
    const outcome = await runSession(
      {
        store: new FileStateStore({ root, now }),
        ledger: new JsonlLedger({ root }),
        runner: new ExecaProcessRunner(),
        // As `foreman run` wires it: the repository discovered once.
        publisher: new LocalPublisher({ repo, commonDir: common }),
        files: new LocalAttemptFiles(sessionDir(root, sessionId)),
        clock: { now },
        hostEnv: process.env,
        surface: "local",
      },
      {
        sessionId,
        config,
        task: { title: "Fix add", body: "add(2, 3) must be 5." },
        preset: getPreset("custom"),
        repoRoot: repo,
        workspace,
        signal: new AbortController().signal,
      },
    );
    return { ms: performance.now() - started, state: outcome.state };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The loop a person would script: agent, install, test, until the test passes (at most 3 attempts). */
function shellRun(fixture: Fixture): { ms: number; attempts: number } {
  const { dir, repo, script } = makeRepo(fixture);
  try {
    const q = (argv: readonly string[]) => argv.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
    const install = fixture.shell.install === null ? "" : `${q(fixture.shell.install)} >/dev/null 2>&1;`;
    const loop =
      `for i in 1 2 3; do FOREMAN_ATTEMPT=$i ${q([process.execPath, SCRIPTED_AGENT, script])};` +
      ` (cd ${q([fixture.shell.cwd])} && ${install} ${q(fixture.shell.test)} >/dev/null 2>&1) && { echo $i; exit 0; }; done; echo 0`;
    const started = performance.now();
    const out = execFileSync("sh", ["-c", loop], {
      cwd: repo,
      // The environment Foreman's gates get (CACHE_NEUTRAL_ENV). Without PYTHONDONTWRITEBYTECODE the
      // loop never passes the Python fixture: the scripted agent's fix has the wrong edit's size and
      // is written in the same second, so Python runs attempt 1's stale `__pycache__` again.
      env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "", ...CACHE_NEUTRAL_ENV },
    });
    return { ms: performance.now() - started, attempts: Number(out.toString().trim()) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Where Foreman's time went: setup, the baseline gates, the attempts, and the rest (clone, git, state, publishing). */
function breakdown(state: SessionState, totalMs: number): string {
  const setupMs = state.setup?.durationMs ?? 0;
  const baselineMs = (state.setup?.baseline ?? []).reduce((sum, g) => sum + g.durationMs, 0);
  const attemptsMs = state.spent.durationMs;
  const rest = totalMs - setupMs - baselineMs - attemptsMs;
  return `setup ${setupMs.toFixed(0)} ms · baseline gates ${baselineMs.toFixed(0)} ms · attempts ${attemptsMs.toFixed(0)} ms · rest ${rest.toFixed(0)} ms`;
}

export async function benchRealRepos(rounds = Number(process.env["BENCH_ROUNDS"] ?? 1)): Promise<string[]> {
  const lines = [
    `real repositories: a wrong edit, then the fix; Foreman with no configuration vs a shell loop that installs and tests on every attempt (median of ${rounds} round${rounds === 1 ? "" : "s"}; BENCH_ROUNDS sets it)`,
  ];
  // BENCH_FIXTURES picks fixtures by a word of their name (comma-separated; default all).
  const wanted = (process.env["BENCH_FIXTURES"] ?? "")
    .split(",")
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w !== "");
  for (const fixture of FIXTURES) {
    if (wanted.length > 0 && !wanted.some((w) => fixture.name.toLowerCase().includes(w))) continue;
    const skip = fixture.skip();
    if (skip !== null) {
      lines.push(`  ${fixture.name}: skipped (${skip})`);
      continue;
    }
    const ours: Array<{ ms: number; state: SessionState }> = [];
    const plain: Array<{ ms: number; attempts: number }> = [];
    for (let i = 0; i < rounds; i++) {
      ours.push(await foremanRun(fixture));
      plain.push(shellRun(fixture));
    }
    const median = <T>(xs: T[], by: (x: T) => number) => [...xs].sort((a, b) => by(a) - by(b))[Math.floor(xs.length / 2)]!;
    const f = median(ours, (x) => x.ms);
    const s = median(plain, (x) => x.ms);
    const setup = f.state.setup;
    const setupText =
      setup === undefined || setup.runs === 0
        ? "none needed"
        : `${setup.steps.map((st) => `${st.command} in ${st.root}`).join(", ")}: ${setup.durationMs.toFixed(0)} ms, ran ${setup.runs}×`;
    lines.push(
      `  ${fixture.name}`,
      `    foreman    : ${f.ms.toFixed(0)} ms, ${f.state.reason ?? f.state.status} at attempt ${f.state.spent.attempts}`,
      `    shell loop : ${s.ms.toFixed(0)} ms, ${s.attempts === 0 ? "never passed" : `passed at attempt ${s.attempts}`}`,
      `    setup      : ${setupText}`,
      `    breakdown  : ${breakdown(f.state, f.ms)}`,
      `    ratio      : ${(f.ms / s.ms).toFixed(2)}× (target ≤ 1.0×)`,
    );
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await benchRealRepos()) console.log(line);
}
