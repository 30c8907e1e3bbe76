/**
 * `foreman demo`: the whole product on GitHub, offline. Starts the GitHub stand-in, the Foreman
 * App and the Actions emulator on 127.0.0.1 and plays the lifecycle of `src/sandbox/demo`
 * (label → attempt 1 fails the gates → attempt 2 passes but touches a protected path →
 * a read-only `/approve` refused → the maintainer's `/approve` → draft PR with a green `Foreman`
 * check), then prints the timeline read back from the stand-in. `--keep DIR` writes the issue
 * thread and the repository out. Wiring only: the scenario lives in `src/sandbox/demo`.
 *
 * `foreman demo --local`: the loop alone, as `foreman run` runs it: the example repository
 * copied into a fresh temporary git repository, the `replay` agent (attempt 1 fails the tests,
 * attempt 2 passes). No GitHub account, no model, no network either way.
 */
import { cp, mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FOREMAN_IDENTITY, git } from "../local/git.js";
import type { SessionOutcome } from "../loop/engine.js";
import { openLocalSession, type LocalEnv } from "../local/open-local-session.js";
import { keepDemo } from "../sandbox/demo/keep.js";
import { runLifecycle, type LifecycleResult } from "../sandbox/demo/lifecycle.js";
import { Stage, StageTimeoutError } from "../sandbox/demo/stage.js";
import { buildTimeline, renderTimeline, type TimelineEntry } from "../sandbox/demo/timeline.js";

/** `src/cli/demo.ts` and the bundled `dist/cli/index.js` are both two levels below the project root. */
export function exampleRepoDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "examples", "greeter", "repo");
}

export async function runDemo(env: LocalEnv, say: (text: string) => void): Promise<SessionOutcome> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "foreman-demo-"));
  const repo = path.join(dir, "greeter");
  await cp(exampleRepoDir(), repo, { recursive: true });
  const identity = ["-c", `user.name=${FOREMAN_IDENTITY.name}`, "-c", `user.email=${FOREMAN_IDENTITY.email}`];
  await git(["init", "-q", "-b", "main"], { cwd: repo });
  await git(["add", "-A"], { cwd: repo });
  await git([...identity, "commit", "-q", "-m", "Example repository"], { cwd: repo });
  say(`Example repository: ${repo}\n`);
  say(`Running: foreman run --repo ${repo} --task ${path.join(repo, "TASK.md")}\n\n`);
  return openLocalSession({ kind: "run", repo, task: path.join(repo, "TASK.md") }, env);
}

export interface StandInDemoOptions {
  json: boolean;
  /** `--keep DIR`: write the issue thread and the repository there. */
  keep?: string;
}

export interface StandInDemoIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  signal: AbortSignal;
}

/** `foreman demo` on the stand-in; returns the exit code (0 only when the lifecycle reached its end as expected). */
export async function runStandInDemo(options: StandInDemoOptions, io: StandInDemoIo): Promise<number> {
  const say = options.json ? io.stderr : io.stdout;
  const started = Date.now();
  say("Starting an offline GitHub (the stand-in), the Foreman App and an Actions runner on 127.0.0.1…\n");
  const stage = await Stage.start();
  const stop = () => void stage.stop();
  io.signal.addEventListener("abort", stop, { once: true });
  let result: LifecycleResult | undefined;
  let failure: string | undefined;
  let timeline: TimelineEntry[] = [];
  let kept: { thread: string; repository: string } | undefined;
  try {
    say(`Repository ${stage.repo.owner}/${stage.repo.name}: @${stage.maintainer} can write, @${stage.reader} can only read.\n\n`);
    result = await runLifecycle(stage, (line) => say(`→ ${line}\n`));
    timeline = buildTimeline(stage, result.issue);
    if (options.keep !== undefined) kept = await keepDemo(stage, result.issue, options.keep);
  } catch (error) {
    if (!(error instanceof StageTimeoutError)) throw error;
    failure = error.message;
  } finally {
    io.signal.removeEventListener("abort", stop);
    await stage.stop();
  }
  const problems = [...(result?.problems ?? []), ...(failure === undefined ? [] : [failure])];
  const ok = problems.length === 0;
  const wallMs = Date.now() - started;
  if (timeline.length > 0) say(`\nTimeline (read back from the stand-in):\n${renderTimeline(timeline)}\n`);
  if (kept !== undefined) say(`\nKept: the issue thread in ${kept.thread}, the repository (with the PR branch) in ${kept.repository}.\n`);
  if (ok)
    say(`\nThe demo reached its end: draft PR #${result?.pull?.number ?? "?"} with a green Foreman check, in ${(wallMs / 1000).toFixed(1)} s.\n`);
  else say(`\nThe demo did not reach its end:\n${problems.map((p) => `  - ${p}`).join("\n")}\n`);
  if (options.json)
    io.stdout(
      `${JSON.stringify({
        ok,
        issue: result?.issue ?? null,
        pullRequest: result?.pull ?? null,
        checkRun: result?.checkRun ?? null,
        session:
          result?.session === undefined
            ? null
            : {
                status: result.session.status,
                reason: result.session.reason,
                attempts: result.session.spent.attempts,
                costUsd: result.session.spent.costUsd,
              },
        runs: (result?.runs ?? []).map((r) => ({ id: r.runId, title: r.title, conclusion: r.conclusion ?? null, outputs: r.outputs })),
        timeline,
        problems,
        wallMs,
        ...(kept === undefined ? {} : { kept }),
      })}\n`,
    );
  return ok ? 0 : 1;
}
