/**
 * GitHub calls of one Action run, per endpoint (issue 8's figure: a one-attempt successful
 * session ≤ 15 calls in all, ≤ 4 more per further attempt). The Action runs in process with the
 * production adapters (`realAdapters`: session comment, attempt ledger, replay, daily ledger,
 * check run, publisher) against a real checkout with a bare origin and the scripted agent;
 * GitHub is the tests' stateful fake repository (`FakeRepo`) served on 127.0.0.1, which counts
 * every request by method and path with numbers as `{n}`.
 *
 * Two figures: the steady state (the daily ledger issue exists, as it does after the first
 * session of a repository) and the very first session of a repository (it creates the ledger
 * issue: 2 calls more). Both without an App; with one, minting the installation token adds 2.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { realAdapters, run, type ActionIo } from "../src/action/main.js";
import { BOT_LOGIN, FakeRepo, serveOnLoopback } from "../test/support/github/fake-repo.js";

const AGENT = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "test", "fixtures", "scripted-agent.mjs");

function sh(cwd: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.name=Bench", "-c", "user.email=bench@example.com", ...args], { cwd, stdio: "ignore" });
}

/** Calls per endpoint for a session that succeeds at attempt `attempts`. */
async function callsFor(attempts: number, ledgerExists = true): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "foreman-bench-action-"));
  try {
    const script = path.join(dir, "script.json");
    const steps: Record<string, unknown[]> = {};
    for (let n = 1; n <= attempts; n++)
      steps[String(n)] = [{ write: { path: "value.txt", content: n === attempts ? "good\n" : "bad\n" } }, { result: { costUsd: 0.1 } }];
    writeFileSync(script, JSON.stringify(steps));
    const seed = path.join(dir, "seed");
    mkdirSync(path.join(seed, ".github"), { recursive: true });
    writeFileSync(path.join(seed, "value.txt"), "start\n");
    writeFileSync(
      path.join(seed, "check.mjs"),
      `import fs from "node:fs"; process.exit(fs.readFileSync("value.txt", "utf8").trim() === "good" ? 0 : 1);\n`,
    );
    writeFileSync(
      path.join(seed, ".github", "foreman.yml"),
      stringify({
        budget: { per_run: { attempts: 5, minutes: 5, usd: 10 }, daily: { usd: 100 } },
        agent: { preset: "custom", command: [process.execPath, AGENT, script] },
        gates: [{ name: "check", run: ["node", "check.mjs"] }],
        sandbox: "off",
      }),
    );
    sh(seed, "init", "-q", "-b", "main");
    sh(seed, "add", "-A");
    sh(seed, "commit", "-q", "-m", "base");
    sh(dir, "clone", "-q", "--bare", seed, "origin.git");
    sh(dir, "clone", "-q", "origin.git", "checkout");
    const checkout = path.join(dir, "checkout");

    const fake = new FakeRepo("o", "r");
    fake.addIssue({ number: 1 });
    fake.files.set(".github/foreman.yml", readFileSync(path.join(checkout, ".github", "foreman.yml"), "utf8"));
    if (ledgerExists)
      fake.addIssue({ number: 90, title: "Foreman daily ledger", labels: ["foreman:ledger"], user: { login: BOT_LOGIN, type: "Bot" } });
    const { url, server } = await serveOnLoopback(fake);
    mkdirSync(path.join(dir, "temp"), { recursive: true });
    const io: ActionIo = {
      setOutput: () => {},
      setSecret: () => {},
      setFailed: (m) => console.error(`bench: the Action failed: ${m}`),
      warning: () => {},
      info: () => {},
      writeSummary: () => Promise.resolve(),
      fetch: globalThis.fetch,
      now: () => Date.now(),
      clientOptions: { retryAfterBaseMs: 1, paceWrites: false },
      adapters: realAdapters,
    };
    await run(
      {
        PATH: process.env["PATH"],
        HOME: dir,
        GITHUB_REPOSITORY: "o/r",
        GITHUB_API_URL: url,
        GITHUB_WORKSPACE: checkout,
        RUNNER_TEMP: path.join(dir, "temp"),
        INPUT_ISSUE: "1",
        "INPUT_GITHUB-TOKEN": "ghs_bench",
        "INPUT_STATE-KEY": "bench-state-key-0123456789abcdefghij",
      },
      io,
    );
    const counts = fake.countByEndpoint();
    await new Promise((resolve) => server.close(resolve));
    return counts;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchActionCalls(): Promise<string[]> {
  const one = await callsFor(1);
  const two = await callsFor(2);
  const first = await callsFor(1, false);
  const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
  const lines = [
    "## GitHub calls per Action run (production adapters, no App; the ledger issue exists unless said)",
    "",
    "| endpoint | 1 attempt | 2 attempts | 1 attempt, first session of the repository |",
    "| --- | ---: | ---: | ---: |",
  ];
  for (const key of [...new Set([...Object.keys(one), ...Object.keys(two), ...Object.keys(first)])].sort()) {
    lines.push(`| ${key} | ${one[key] ?? 0} | ${two[key] ?? 0} | ${first[key] ?? 0} |`);
  }
  lines.push(`| **total** | ${total(one)} (target ≤ 15) | ${total(two)} (+${total(two) - total(one)}, target ≤ +4) | ${total(first)} |`);
  return lines;
}
