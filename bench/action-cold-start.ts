/**
 * Cold start of the bundled Action: milliseconds from spawning `node dist/action/index.js` to its
 * first GitHub request (answered by a stub on 127.0.0.1), as a ratio to `node -e 0` on the same
 * machine. Target ≤ 3. Median of several runs, after one warm-up of each.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BUNDLE = path.join(ROOT, "dist/action/index.js");
const RUNS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Spawn-to-exit of a process that does nothing. */
function nodeNoop(): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, ["-e", "0"], { stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", () => resolve(performance.now() - start));
  });
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)));
}

/** Spawn of the bundle to the first request it sends; then it is stopped. */
async function actionToFirstRequest(): Promise<number> {
  let first: (() => void) | undefined;
  const seen = new Promise<void>((resolve) => (first = resolve));
  const server = createServer((req, res) => {
    first?.();
    res.writeHead(503, { "content-type": "application/json" });
    res.end(JSON.stringify({ message: "bench stub" }));
  });
  const port = await listen(server);
  const temp = mkdtempSync(path.join(os.tmpdir(), "foreman-cold-"));
  const start = performance.now();
  const child = spawn(process.execPath, [BUNDLE], {
    stdio: "ignore",
    cwd: temp,
    env: {
      PATH: process.env.PATH ?? "",
      "INPUT_GITHUB-TOKEN": "ghs_bench",
      "INPUT_STATE-KEY": "b".repeat(40),
      INPUT_ISSUE: "1",
      INPUT_MODE: "run",
      GITHUB_REPOSITORY: "bench/repo",
      GITHUB_API_URL: `http://127.0.0.1:${port}`,
      GITHUB_WORKSPACE: temp,
      RUNNER_TEMP: temp,
      GITHUB_OUTPUT: path.join(temp, "output"),
      GITHUB_STEP_SUMMARY: path.join(temp, "summary"),
    },
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const outcome = await Promise.race([seen.then(() => "request" as const), exited.then(() => "exit" as const)]);
  const elapsed = performance.now() - start;
  child.kill("SIGKILL");
  await exited;
  server.close();
  if (outcome === "exit") throw new Error("the Action exited before sending any GitHub request");
  return elapsed;
}

export async function benchActionColdStart(): Promise<string[]> {
  if (!existsSync(BUNDLE)) return ["## Action cold start", "", "skipped: dist/action/index.js is missing (run `npm run build`)."];
  await nodeNoop();
  await actionToFirstRequest();
  const noop: number[] = [];
  const action: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    noop.push(await nodeNoop());
    action.push(await actionToFirstRequest());
  }
  const ratio = median(action) / median(noop);
  return [
    "## Action cold start (spawn to first GitHub request)",
    "",
    `| | median of ${RUNS} |`,
    "| --- | ---: |",
    `| node -e 0 | ${median(noop).toFixed(0)} ms |`,
    `| node dist/action/index.js → first request | ${median(action).toFixed(0)} ms |`,
    `| ratio (target ≤ 3) | ${ratio.toFixed(2)} ${ratio <= 3 ? "✅" : "❌"} |`,
  ];
}
