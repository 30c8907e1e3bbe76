/**
 * GitHub calls of one Action run, per endpoint (issue 8's figure: a one-attempt successful
 * session ≤ 15 calls in all, ≤ 4 more per further attempt). The Action runs in process against a
 * real checkout with a bare origin and the scripted agent; GitHub is a server on 127.0.0.1 that
 * answers what is asked and counts every request, by method and path with numbers as `{n}`.
 *
 * Until the lead wires the adapters of the other parts of issue 8 into `src/action/main.ts`
 * (`productionAdapters`), the session comment, ledgers, replay, check run and publisher are
 * in-memory stand-ins here and only the calls this part makes itself are counted; the figure
 * says so in its label.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { run, type ActionIo } from "../src/action/main.js";
import { LocalPublisher } from "../src/local/local-publisher.js";
import { ExecaProcessRunner } from "../src/local/process-runner.js";
import { MemoryLedger, MemoryStateStore } from "../test/support/memory/index.js";

const AGENT = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "test", "fixtures", "scripted-agent.mjs");

function sh(cwd: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.name=Bench", "-c", "user.email=bench@example.com", ...args], { cwd, stdio: "ignore" });
}

/** Calls per endpoint for a session that succeeds at attempt `attempts`. */
async function callsFor(attempts: number): Promise<Record<string, number>> {
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

    const counts: Record<string, number> = {};
    const server = createServer((req, res) => {
      const key = `${req.method ?? "?"} ${(req.url ?? "").split("?")[0]?.replace(/\/\d+(?=\/|$)/g, "/{n}")}`;
      counts[key] = (counts[key] ?? 0) + 1;
      const body = {
        number: 1,
        title: "Make value.txt good",
        body: "",
        state: "open",
        labels: [{ name: "foreman" }],
        html_url: "https://github.com/o/r/issues/1",
      };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const store = new MemoryStateStore();
    const ledger = new MemoryLedger();
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
      adapters: () =>
        Promise.resolve({
          forIssue: () => ({
            store,
            ledger,
            publisher: new LocalPublisher({ repo: checkout }),
            replay: () => Promise.resolve({ accepted: [], refused: [], lastCommandId: 0 }),
            checkRun: { report: () => Promise.resolve({ checkRunId: 1 }) },
          }),
          dailyBudget: { reserve: () => Promise.resolve({ admitted: true, reservationId: 1, usedBeforeUsd: 0 }), settle: () => Promise.resolve() },
          runner: new ExecaProcessRunner(),
          warnings: [],
        }),
    };
    await run(
      {
        PATH: process.env["PATH"],
        HOME: dir,
        GITHUB_REPOSITORY: "o/r",
        GITHUB_API_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        GITHUB_WORKSPACE: checkout,
        RUNNER_TEMP: path.join(dir, "temp"),
        INPUT_ISSUE: "1",
        "INPUT_GITHUB-TOKEN": "ghs_bench",
        "INPUT_STATE-KEY": "bench-state-key-0123456789",
      },
      io,
    );
    await new Promise((resolve) => server.close(resolve));
    return counts;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchActionCalls(): Promise<string[]> {
  const one = await callsFor(1);
  const two = await callsFor(2);
  const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
  const lines = [
    "## GitHub calls per Action run (this part's own calls; adapters not wired yet)",
    "",
    "| endpoint | 1 attempt | 2 attempts |",
    "| --- | ---: | ---: |",
  ];
  for (const key of [...new Set([...Object.keys(one), ...Object.keys(two)])].sort()) lines.push(`| ${key} | ${one[key] ?? 0} | ${two[key] ?? 0} |`);
  lines.push(`| **total** | ${total(one)} (target ≤ 15) | ${total(two)} (+${total(two) - total(one)}, target ≤ +4) |`);
  return lines;
}
