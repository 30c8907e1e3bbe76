/**
 * The Action's entry point, wiring only: inputs → one `ActionSettings`; secrets masked; one
 * GitHub client; the `src/github` adapters wired into `runGitHubSession`; the outcome reported
 * through outputs, the job summary, and `setFailed` with a message that names the fix.
 *
 * Cancellation (GitHub sends SIGINT, SIGTERM 7.5 s later, and kills the tree 2.5 s after that):
 * the first signal aborts the run: the engine stops the agent, the publisher's keep hook pushes
 * the work in progress, the attempt is recorded `interrupted`, comment and check run are
 * updated. If that has not finished when the kill is near (`exitBeforeKillMs` after SIGINT,
 * or 2 s after SIGTERM), the process exits by itself with what was saved.
 *
 * A `/cancel` written while the session runs takes the same path without a signal: the cancel
 * watcher (`src/github/cancel-watch.ts`, wired in `wiring.ts`) asks GitHub to cancel this run
 * and calls `stopRun`, which aborts the run's signal as SIGINT does (the SIGINT GitHub then
 * sends still arms the exit deadline).
 *
 * Nothing runs on import: the file's top level calls `run` only when executed as the entry.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as core from "@actions/core";
import { parseConfig, type Config } from "../core/config.js";
import { ConfigError, failureMessage, ForemanError } from "../core/errors.js";
import { createGitHubClient, type GitHubClient } from "../github/client.js";
import type { ActionOutcome, DailyBudget, GitHubSessionDeps, IgnoredCommentNote, IssueAdapters } from "../github/github-session.js";
import { readRawConfig } from "../github/repo-config.js";
import type { AttemptFiles, ProcessRunner } from "../loop/ports.js";
import { readActionSettings, type ActionSettings } from "./settings.js";
import { tokenSourceOf } from "./tokens.js";
import type { TokenSource } from "../github/app-token.js";
import { sleep } from "../local/sleep.js";

/** What the adapters built for one run give the session (built by {@link ActionIo.adapters}). */
export interface WiredAdapters {
  forIssue(issue: number): IssueAdapters;
  dailyBudget: DailyBudget;
  /** The runner of agent and gates, wrapped by `isolatedRunner`. */
  runner: ProcessRunner;
  /** Environment for the one `git fetch` of kept work (the credential for that command only). */
  fetchEnv?: Record<string, string>;
  /** Lets the agent's user work in a freshly opened working copy (isolation); absent: nothing to do. */
  prepareWorkspace?(dir: string): Promise<void>;
  warnings: string[];
}

export interface WiringContext {
  settings: ActionSettings;
  /** The client that reads and writes (with the installation token when there is an App). */
  client: GitHubClient;
  /** Where the writing token comes from (refreshed before it expires). */
  tokens: TokenSource;
  fetch: typeof globalThis.fetch;
  /** Adapters call it for each comment carrying a Foreman marker that they ignored. */
  onIgnored(c: IgnoredCommentNote): void;
  now(): number;
  /** The run's configuration (read from GitHub once per run, inputs applied). */
  runConfig(): Promise<Config>;
  /** Stops the run as a cancellation signal does (the cancel watcher, on an authorized `/cancel`). */
  stopRun(reason: string): void;
  /** The step's log (`info`) and its annotations (`warning`). */
  log: { info(message: string): void; warning(message: string): void };
}

/** The Action's side effects, injectable so tests run `run()` in process. */
export interface ActionIo {
  setOutput(name: string, value: string): void;
  setSecret(secret: string): void;
  setFailed(message: string): void;
  warning(message: string): void;
  info(message: string): void;
  writeSummary(markdown: string): Promise<void>;
  fetch: typeof globalThis.fetch;
  now(): number;
  /** Builds the `src/github` adapters (state store, ledger, replay, check run, daily ledger, publisher, isolation). */
  adapters(ctx: WiringContext): Promise<WiredAdapters>;
  /** Client options tests override (fast retries, no write pacing). */
  clientOptions?: { retryAfterBaseMs?: number; paceWrites?: boolean };
  /** Stop request (signals); default: none. */
  signal?: AbortSignal;
  /** The pause between attempts after a transient agent error (tests pass an instant one). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

/** Runs the Action once. Never throws: every failure becomes `setFailed`. Returns the outcome when there is one. */
export async function run(env: Readonly<Record<string, string | undefined>>, io: ActionIo): Promise<ActionOutcome | undefined> {
  try {
    const settings = readActionSettings(env);
    for (const secret of [settings.githubToken, settings.app?.privateKey, settings.stateKey]) if (secret) io.setSecret(secret);
    const secrets = [settings.app?.privateKey, settings.stateKey].filter((s): s is string => s !== undefined);
    if (settings.app === undefined && settings.stateKey === undefined) throw new MissingStateKeyError();
    const tokens = tokenSourceOf(settings, io.fetch, io.now);
    const client = createGitHubClient({
      token: settings.githubToken,
      ...(settings.app === undefined ? {} : { tokens }),
      baseUrl: settings.apiUrl,
      fetch: io.fetch,
      secrets,
      log: { debug: () => {}, info: (m) => io.info(m), warn: (m) => io.warning(m), error: (m) => io.warning(m) },
      ...io.clientOptions,
    });
    const ignored: IgnoredCommentNote[] = [];
    let configRead: Promise<Config> | undefined;
    const config = () => (configRead ??= readConfig(settings, client));
    // The run's stop: a signal (io.signal) or the cancel watcher (`stopRun`), one abort for the session either way.
    const stopped = new AbortController();
    const signal = io.signal === undefined ? stopped.signal : AbortSignal.any([io.signal, stopped.signal]);
    const stopRun = (reason: string) => {
      if (signal.aborted) return;
      io.info(`Cancelled (${reason}): stopping the agent and saving the work in progress.`);
      stopped.abort();
    };
    const wired = await io.adapters({
      settings,
      client,
      tokens,
      fetch: io.fetch,
      onIgnored: (c) => ignored.push(c),
      now: io.now,
      runConfig: config,
      stopRun,
      log: { info: (m) => io.info(m), warning: (m) => io.warning(m) },
    });
    // Loaded after the first GitHub request (the configuration, in `adapters`), not at startup: cold start.
    const [{ runGitHubSession }, { openRunnerWorkspace }, { LocalAttemptFiles }, { activeRunIssues, labelledIssues }] = await Promise.all([
      import("../github/github-session.js"),
      import("../github/runner-workspace.js"),
      import("../local/attempt-files.js"),
      import("../github/sweep-queries.js"),
    ]);
    if (settings.app === undefined) wired.warnings.push(NO_APP_WARNING);
    for (const w of wired.warnings) io.warning(w);
    const deps: GitHubSessionDeps = {
      client,
      clock: { now: io.now, sleep: io.sleep ?? sleep, random: io.random ?? Math.random },
      hostEnv: env,
      forIssue: wired.forIssue,
      dailyBudget: wired.dailyBudget,
      runner: wired.runner,
      openWorkspace: async (req) => {
        const workspace = await openRunnerWorkspace({
          checkout: settings.workspace,
          runnerTemp: settings.runnerTemp,
          ...req,
          ...(wired.fetchEnv === undefined ? {} : { fetchEnv: wired.fetchEnv }),
        });
        await wired.prepareWorkspace?.(path.dirname(workspace.dir));
        return workspace;
      },
      attemptFiles: (sessionId) => {
        const files = new LocalAttemptFiles(path.join(settings.runnerTemp, "foreman-attempts", sessionId));
        return wired.prepareWorkspace === undefined ? files : openedToAgent(files, wired.prepareWorkspace);
      },
      readConfig: config,
      ignored,
      warnings: wired.warnings,
      activeRunIssues: () => activeRunIssues(client, settings.repo, settings.runId),
      labelledIssues: (label) => labelledIssues(client, settings.repo, label),
      onProgress: (e) => {
        if (e.type === "note") io.info(e.message);
        else if (e.type === "attempt_started") io.info(`Attempt ${e.n} of ${e.maxAttempts} started.`);
        else io.info(`Attempt ${e.attempt.n} finished: ${e.attempt.outcome ?? "unknown"}.`);
      },
    };
    const outcome = await runGitHubSession(settings, deps, signal);
    report(outcome, io);
    await io.writeSummary(outcome.summaryMarkdown);
    if (outcome.failure !== undefined) io.setFailed(outcome.failure);
    return outcome;
  } catch (error) {
    io.setFailed(failureMessage(error));
    return undefined;
  }
}

/** Attempt files whose directory the agent's user may write (its result file) once Foreman wrote its inputs there. */
function openedToAgent(files: AttemptFiles, open: (dir: string) => Promise<void>): AttemptFiles {
  return {
    write: async (n, name, content) => {
      const written = await files.write(n, name, content);
      await open(path.dirname(written));
      return written;
    },
    path: (n, name) => files.path(n, name),
    read: (p) => files.read(p),
  };
}

function report(outcome: ActionOutcome, io: ActionIo): void {
  io.setOutput("status", outcome.status);
  io.setOutput("reason", outcome.reason ?? "");
  io.setOutput("attempts", String(outcome.attempts));
  io.setOutput("cost-usd", outcome.costUsd.toFixed(4));
  io.setOutput("pr-number", outcome.prNumber === undefined ? "" : String(outcome.prNumber));
  io.setOutput("session-url", outcome.sessionUrl ?? "");
}

/**
 * `.github/foreman.yml` as GitHub serves it (`readRawConfig`, the App's reader: the repository's
 * file, else the owner's `.github` repository's, `_extends` followed, org `limits` kept as
 * ceilings), with the `agent` and `agent-command` inputs applied over its `agent` block. One
 * request when the repository has the file. The checkout's copy is not read: it is the same
 * file at the dispatched ref, but without the org defaults and ceilings.
 */
async function readConfig(settings: ActionSettings, client: GitHubClient): Promise<Config> {
  const raw = await readRawConfig(client, settings.repo, settings.configPath);
  const source = raw.sources[0] ?? `${settings.repo.owner}/${settings.repo.repo}:${settings.configPath} (absent: defaults)`;
  let merged = raw.merged;
  if (settings.agent !== undefined || settings.agentCommand !== undefined) {
    const block = isRecord(merged["agent"]) ? merged["agent"] : {};
    const agent =
      settings.agentCommand !== undefined
        ? { ...block, preset: "custom", command: settings.agentCommand }
        : { ...block, preset: settings.agent, command: undefined };
    merged = { ...merged, agent: Object.fromEntries(Object.entries(agent).filter(([, v]) => v !== undefined)) };
  }
  try {
    return parseConfig(merged, { limits: raw.orgLimits });
  } catch (error) {
    if (error instanceof ConfigError) {
      const over = settings.agent !== undefined || settings.agentCommand !== undefined ? "inputs 'agent' / 'agent-command' over " : "";
      throw new ConfigError(error.problems.map((p) => ({ ...p, path: `${over}${source}: ${p.path}` })));
    }
    throw error;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Without an App the pull request is opened with `GITHUB_TOKEN`, whose events start no workflows. */
export const NO_APP_WARNING =
  "Foreman runs without app-id / app-private-key: its pull request is opened with GITHUB_TOKEN, so the repository's CI will not run on it. Install the Foreman App and pass its credentials.";

/** Neither an App key nor a `state-key`: state could not be signed, so nothing runs. */
export class MissingStateKeyError extends ForemanError {
  override readonly name = "MissingStateKeyError";
  readonly kind = "usage";
  constructor() {
    super(
      "Foreman needs a key to sign its state: pass 'app-id' and 'app-private-key' (the App), or 'state-key' (a random secret, e.g. `state-key: ${{ secrets.FOREMAN_STATE_KEY }}`).",
    );
  }
}

/**
 * The real adapters (`wiring.ts`): comment state store, attempt ledger, replay, check run, daily
 * ledger, publisher, and the process runner wrapped by `isolatedRunner`.
 */
export async function realAdapters(ctx: WiringContext): Promise<WiredAdapters> {
  const config = await ctx.runConfig();
  const { productionAdapters } = await import("./wiring.js");
  return productionAdapters({ ...ctx, config, writer: ctx.client });
}

/** The process's side effects, through `@actions/core`. */
export function processIo(signal: AbortSignal): ActionIo {
  return {
    setOutput: (name, value) => core.setOutput(name, value),
    setSecret: (secret) => core.setSecret(secret),
    setFailed: (message) => core.setFailed(message),
    warning: (message) => core.warning(message),
    info: (message) => core.info(message),
    writeSummary: async (markdown) => {
      if (!process.env["GITHUB_STEP_SUMMARY"]) return;
      await core.summary.addRaw(markdown, true).write();
    },
    fetch: globalThis.fetch,
    now: () => Date.now(),
    adapters: realAdapters,
    signal,
  };
}

/** SIGINT (then SIGTERM 7.5 s later, kill 2.5 s after): abort the run, and exit before the kill. */
export function handleCancellation(proc: NodeJS.Process, opts: { exitBeforeKillMs: number; afterTermMs: number }): AbortController {
  const controller = new AbortController();
  let deadline: NodeJS.Timeout | undefined;
  const exitAt = (ms: number) => {
    if (deadline !== undefined) clearTimeout(deadline);
    deadline = setTimeout(() => {
      core.setFailed("Foreman was cancelled and its work could not all be saved in GitHub's grace period. Run it again in mode 'recover'.");
      proc.exit(1);
    }, ms);
    deadline.unref();
  };
  proc.on("SIGINT", () => {
    if (!controller.signal.aborted) {
      core.info("Cancelled (SIGINT): stopping the agent and saving the work in progress.");
      controller.abort();
      exitAt(opts.exitBeforeKillMs);
    }
  });
  proc.on("SIGTERM", () => {
    controller.abort();
    exitAt(opts.afterTermMs);
  });
  return controller;
}

async function main(): Promise<void> {
  const controller = handleCancellation(process, { exitBeforeKillMs: 9_000, afterTermMs: 2_000 });
  await run(process.env, processIo(controller.signal));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
