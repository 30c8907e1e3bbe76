/**
 * Issue 10's figures, on the GitHub stand-in with the real App and the shipped Action bundle:
 * - GitHub calls of one whole session by endpoint (the demo lifecycle: label → attempt 1 fails
 *   → attempt 2 waits for approval → a reader's /approve refused → the maintainer's /approve →
 *   draft PR), App and Action together, from the stand-in's call log;
 * - demo wall time: `runLifecycle` from the label to the end, and the whole `foreman demo`
 *   command spawned (stand-in, App, emulator, repository, lifecycle, timeline);
 * - throughput: `FOREMAN_BENCH_SESSIONS` issues (default 200) labelled at once, each a one-attempt
 *   session that opens a PR, with the emulator holding `FOREMAN_BENCH_RUNNERS` runners (default
 *   20, GitHub's free-plan job concurrency): sessions completed per minute, and the busiest
 *   minute of content-creating requests against GitHub's secondary limit (about 80 a minute).
 *   The stand-in enforces that limit per user or installation (`FOREMAN_BENCH_SECONDARY_LIMIT`,
 *   default 80; 0 turns it off): over it, 403 with `retry-after`, which Foreman must wait out.
 */
import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import { runLifecycle } from "../src/sandbox/demo/lifecycle.js";
import { Stage } from "../src/sandbox/demo/stage.js";
import { projectRoot } from "../src/sandbox/shipped-paths.js";
import { CONTENT_CREATING } from "../src/sandbox/stand-in.js";
import { markerDir, planBody, scriptedRepoFiles } from "../test/e2e/scripted-repo.js";

/** GitHub's secondary limit on content-creating requests, per minute. */
const SECONDARY_LIMIT_PER_MINUTE = 80;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function callsAndLifecycle(): Promise<string[]> {
  const stage = await Stage.start();
  try {
    const result = await runLifecycle(stage);
    const counts = Object.entries(stage.standIn.callCounts()).sort(([a], [b]) => a.localeCompare(b));
    const total = counts.reduce((s, [, n]) => s + n, 0);
    const webhooks = stage.standIn.deliveries.length;
    return [
      "## GitHub calls of one session, by endpoint (stand-in, demo lifecycle: label → approve → PR)",
      result.problems.length === 0 ? "" : `The lifecycle did not end as expected: ${result.problems.join("; ")}`,
      "| endpoint | calls |",
      "| --- | ---: |",
      ...counts.map(([endpoint, n]) => `| \`${endpoint}\` | ${n} |`),
      `| **total** (App and Action, ${result.runs.length} workflow runs, ${webhooks} webhook deliveries) | **${total}** |`,
      "",
      `Demo lifecycle wall time (\`runLifecycle\`, label to draft PR): ${seconds(result.wallMs)}`,
    ];
  } finally {
    await stage.stop();
  }
}

async function demoCommand(): Promise<string[]> {
  const started = Date.now();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ["dist/cli/index.js", "demo"], { cwd: projectRoot(), stdio: "ignore" });
    child.on("close", (c) => resolve(c));
    child.on("error", () => resolve(null));
  });
  return [`\`foreman demo\` spawned, start to exit: ${seconds(Date.now() - started)} (exit ${String(code)})`];
}

/** The sustained-sessions figure alone (`node --import tsx -e "…benchThroughput()…"`). */
export async function benchThroughput(): Promise<string[]> {
  const sessions = Number(process.env["FOREMAN_BENCH_SESSIONS"] ?? 200);
  const runners = Number(process.env["FOREMAN_BENCH_RUNNERS"] ?? 20);
  const limit = Number(process.env["FOREMAN_BENCH_SECONDARY_LIMIT"] ?? SECONDARY_LIMIT_PER_MINUTE);
  /** How long to wait for every session to end before reporting what ended (a stuck session never does). */
  const waitMinutes = Number(process.env["FOREMAN_BENCH_WAIT_MINUTES"] ?? 60);
  const markers = await markerDir();
  const files = await scriptedRepoFiles({
    markerDir: markers,
    budget: `  per_run:\n    attempts: 1\n    minutes: 30\n    usd: 1\n  daily:\n    usd: ${sessions * 2}`,
  });
  const stage = await Stage.start({
    files,
    maxConcurrentRuns: runners,
    ...(limit > 0 ? { secondaryLimit: { contentPerMinute: limit } } : {}),
  });
  try {
    const issues = Array.from({ length: sessions }, (_, i) => stage.openIssue({ title: `Task ${i + 1}`, body: planBody("pass", 0.01) }));
    const started = Date.now();
    for (const issue of issues) stage.label(issue);
    const ended = () => issues.filter((i) => stage.session(i)?.status === "ended").length;
    let timedOut = false;
    const progress = setInterval(() => {
      const runs = stage.emulator.runs();
      process.stderr.write(
        `bench: ${ended()} of ${sessions} ended after ${seconds(Date.now() - started)}; runs ${runs.length} (${runs.filter((r) => r.conclusion !== undefined && r.conclusion !== "success").length} not successful); secondary-limit 403s ${stage.standIn.secondaryLimit?.refused ?? 0}\n`,
      );
    }, 30_000);
    try {
      await stage.waitFor("every session to end", () => ended() === sessions, waitMinutes * 60_000, 500);
    } catch {
      timedOut = true;
    } finally {
      clearInterval(progress);
    }
    const elapsedMs = Date.now() - started;
    const done = ended();
    const peak = stage.standIn.peakContentCreationsPerMinute();
    const perMinute = done / (elapsedMs / 60_000);
    const creations = stage.standIn.calls.filter((c) => c.status < 300 && CONTENT_CREATING.has(`${c.method} ${c.route}`)).length;
    const perSession = creations / Math.max(1, done);
    const creators = [...new Set(stage.standIn.calls.filter((c) => CONTENT_CREATING.has(`${c.method} ${c.route}`)).map((c) => c.caller))].sort();
    const peakBy = creators.map((who) => `${who} ${stage.standIn.peakContentCreationsPerMinute(who)}`).join(", ");
    const reasons = new Map<string, number>();
    for (const i of issues) {
      const s = stage.session(i);
      const key = s === undefined ? "no session" : `${s.status}${s.reason === null ? "" : `/${s.reason}`}`;
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
    const runs = stage.emulator.runs();
    const failedRuns = runs.filter((r) => r.conclusion !== undefined && r.conclusion !== "success").length;
    return [
      `## Sustained sessions: ${sessions} issues labelled at once, ${runners} runners, secondary limit ${limit > 0 ? `enforced by the stand-in at ${limit}/min per user or installation` : "not enforced"}`,
      `Sessions ended: ${done} of ${sessions}${timedOut ? ` (stopped waiting after ${waitMinutes} min)` : ""} in ${seconds(elapsedMs)}: ${perMinute.toFixed(1)} sessions/minute`,
      `Session states: ${[...reasons].map(([k, n]) => `${k} ${n}`).join(", ")}; workflow runs ${runs.length}, not successful ${failedRuns}`,
      `Secondary-limit 403s answered by the stand-in: ${stage.standIn.secondaryLimit?.refused ?? 0}`,
      `Busiest minute of content-creating requests (issues, comments, PRs): ${peak} in all; per caller: ${peakBy} (GitHub's secondary limit ≈ ${SECONDARY_LIMIT_PER_MINUTE}/min per user or installation: ${peak <= SECONDARY_LIMIT_PER_MINUTE ? "held" : "exceeded"})`,
      `Content-creating requests per session: ${perSession.toFixed(2)}, so at most ${Math.floor(SECONDARY_LIMIT_PER_MINUTE / perSession)} sessions/minute fit under the limit, whatever the runners`,
      "The Action paces its writes per process (`paceWrites`, src/github/client.ts); concurrent runs do not share that pacing.",
    ];
  } finally {
    await stage.stop();
    await rm(markers, { recursive: true, force: true });
  }
}

export async function benchLifecycle(): Promise<string[]> {
  return [...(await callsAndLifecycle()), ...(await demoCommand()), "", ...(await benchThroughput())];
}
