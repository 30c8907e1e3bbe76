#!/usr/bin/env node
/**
 * `foreman`: local mode. Reads the command line into one typed object, wires the local
 * adapters, runs the engine, prints, and exits with the documented code. Nothing happens on
 * import: `main()` is called only when this file is the entry point.
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { failureMessage, ForemanError } from "../core/errors.js";
import { renderStatusComment } from "../core/render.js";
import { RUN_DIED_NOTICE } from "../core/run-liveness.js";
import type { SessionState } from "../core/state.js";
import { openLocalSession, type LocalEnv } from "../local/open-local-session.js";
import { sleep } from "../local/sleep.js";
import type { ProgressEvent } from "../loop/engine.js";
import { commandHelp, parseCli, USAGE, UsageError, type CliCommand } from "./args.js";
import { EXIT, exitCodeFor, exitCodeForError, jsonError, jsonSummary } from "./exit-codes.js";
import { formatProgress } from "./progress.js";
import { ProgressTicker, type Every } from "./progress-ticker.js";
import { cleanCommand, listCommand, logCommand, readLocalStatus, shownState } from "./session-commands.js";
import { VERSION } from "./version.js";

export interface CliIo {
  argv: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  signal: AbortSignal;
  now: () => number;
  /** Whether stdout is a terminal: the progress ticker runs only there (or with --progress). */
  isTTY?: boolean;
  /** The ticker's repeating timer (default `setInterval`); injected by tests. */
  every?: Every;
  /** The pause after a transient agent error (`Clock.sleep`); absent: no pause (tests that do not wait). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The jitter source of that pause, in [0, 1). */
  random?: () => number;
}

const realEvery: Every = (ms, tick) => {
  const id = setInterval(tick, ms);
  id.unref();
  return () => clearInterval(id);
};

export async function main(io: CliIo): Promise<number> {
  let parsed: CliCommand;
  try {
    parsed = parseCli(io.argv, io.cwd);
  } catch (e) {
    if (e instanceof UsageError) {
      // --json asked for an object even when the command line is wrong.
      if (io.argv.includes("--json")) io.stdout(`${JSON.stringify(jsonError("usage", e.message))}\n`);
      io.stderr(`foreman: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
  if (parsed.kind === "help") {
    io.stdout(`${parsed.command === undefined ? USAGE : commandHelp(parsed.command)}\n`);
    return EXIT.succeeded;
  }
  if (parsed.kind === "version") {
    io.stdout(`foreman ${VERSION}\n`);
    return EXIT.succeeded;
  }
  const cmd: Exclude<CliCommand, { kind: "help" | "version" }> = parsed;
  const json = cmd.kind !== "log" && cmd.json;
  const out = json ? io.stderr : io.stdout;
  const ticking =
    cmd.kind !== "log" && cmd.kind !== "list" && cmd.kind !== "clean" && (io.isTTY === true || ("progress" in cmd && cmd.progress === true));
  const ticker = ticking
    ? new ProgressTicker({ now: io.now, every: io.every ?? realEvery, write: (line) => (json ? io.stderr : io.stdout)(`${line}\n`) })
    : undefined;
  const env: LocalEnv = {
    clock: { now: io.now, ...(io.sleep === undefined ? {} : { sleep: io.sleep }), ...(io.random === undefined ? {} : { random: io.random }) },
    hostEnv: io.env,
    signal: io.signal,
    onProgress: (event: ProgressEvent) => {
      ticker?.onProgress(event);
      // With --json, stdout carries exactly one object: progress goes to stderr.
      const line = formatProgress(event);
      if (line) out(`${line}\n`);
    },
    onNotice: (message) => io.stderr(`foreman: ${message}\n`),
    ...(ticker === undefined ? {} : { onOutput: (source: string, text: string) => ticker.onOutput(source, text) }),
  };
  const print = (state: SessionState, report: string | undefined, refusal?: string) => {
    if (refusal) io.stderr(`foreman: ${refusal}\n`);
    if (json) io.stdout(`${JSON.stringify(jsonSummary(state))}\n`);
    else io.stdout(`\n${report ?? renderStatusComment(state, { surface: "local" })}\n`);
    return exitCodeFor(state);
  };
  try {
    switch (cmd.kind) {
      case "run": {
        const { kind, repo, task, agent, agentCommand, config, session } = cmd;
        const done = await openLocalSession(
          {
            kind,
            repo,
            task,
            ...(agent === undefined ? {} : { agent }),
            ...(agentCommand === undefined ? {} : { agentCommand }),
            ...(config === undefined ? {} : { config }),
            ...(session === undefined ? {} : { session }),
          },
          env,
        );
        return print(done.state, done.report);
      }
      case "resume": {
        const done = await openLocalSession(
          { kind: "continue", verb: "resume", repo: cmd.repo, ...(cmd.session ? { session: cmd.session } : {}) },
          env,
        );
        return print(done.state, done.report);
      }
      case "approve":
      case "reject":
      case "cancel": {
        const command =
          cmd.kind === "approve"
            ? ({ kind: "approve" } as const)
            : cmd.kind === "cancel"
              ? ({ kind: "cancel" } as const)
              : ({ kind: "reject", reason: cmd.reason ?? "" } as const);
        const done = await openLocalSession(
          { kind: "continue", verb: cmd.kind, repo: cmd.repo, ...(cmd.session ? { session: cmd.session } : {}), command },
          env,
        );
        const code = print(done.state, done.report, done.refusal);
        // A command that had no effect is the caller's mistake (wrong session or state).
        return done.refusal ? EXIT.usage : code;
      }
      case "status": {
        const read = await readLocalStatus({ repo: cmd.repo, ...(cmd.session ? { session: cmd.session } : {}) }, env);
        const state = shownState(read.state, read.runHeld);
        if (state !== read.state && !json) io.stdout(`\nSession "${state.sessionId}": ${RUN_DIED_NOTICE}.\n`);
        return print(state, undefined);
      }
      case "list":
        return await listCommand(cmd, env, io);
      case "log":
        return await logCommand(cmd, env, io);
      case "clean":
        return await cleanCommand(cmd, env, io);
      case "demo": {
        // Loaded on demand: the demo brings the stand-in and Probot, which `run` never needs.
        const { runDemo, runStandInDemo } = await import("./demo.js");
        if (!cmd.local) return await runStandInDemo({ json, ...(cmd.keep === undefined ? {} : { keep: cmd.keep }) }, io);
        const done = await runDemo(env, out);
        return print(done.state, done.report);
      }
      default: {
        // Every command is handled above (TypeScript cannot see it through the `finally`).
        const unknown: never = cmd;
        throw new UsageError(`Unknown command ${JSON.stringify(unknown)}.`);
      }
    }
  } catch (e) {
    // Known failures carry a message that names the thing and the fix: print it, no stack.
    if (e instanceof ForemanError) {
      const message = failureMessage(e);
      if (json) io.stdout(`${JSON.stringify(jsonError(e.kind, message, sessionOf(cmd)))}\n`);
      io.stderr(`foreman: ${message}\n`);
      return exitCodeForError(e.kind);
    }
    if (json) io.stdout(`${JSON.stringify(jsonError("unexpected", e instanceof Error ? e.message : String(e)))}\n`);
    throw e;
  } finally {
    ticker?.close();
  }
}

/** The session a command named, for the `--json` error object. */
function sessionOf(cmd: Exclude<CliCommand, { kind: "help" | "version" }>): { sessionId?: string } {
  return cmd.kind !== "demo" && cmd.kind !== "list" && cmd.session !== undefined ? { sessionId: cmd.session } : {};
}

/** Process wiring: signals stop the run cleanly (the attempt is recorded as interrupted). */
export async function entry(): Promise<void> {
  const controller = new AbortController();
  const onSignal = stopOnSignal(controller, (text) => process.stderr.write(text));
  // SIGHUP is the terminal closing: the same orderly stop as SIGTERM (the state is saved).
  for (const name of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(name, () => onSignal(name));
  try {
    process.exitCode = await main({
      argv: process.argv.slice(2),
      cwd: process.cwd(),
      env: process.env,
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
      signal: controller.signal,
      now: () => Date.now(),
      sleep,
      random: () => Math.random(),
      isTTY: process.stdout.isTTY === true,
    });
  } catch (e) {
    process.stderr.write(`foreman: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = EXIT.unsuccessful;
  }
}

/**
 * The first signal stops the run (the open attempt is recorded, the state saved); later ones
 * never exit before that is done: they only say so. The runner's kill timeouts bound the wait.
 */
export function stopOnSignal(controller: AbortController, say: (text: string) => void): (name: string) => void {
  let signals = 0;
  return (name) => {
    signals += 1;
    if (signals === 1) {
      say(`foreman: ${name} received; stopping the agent and saving the session…\n`);
      controller.abort();
    } else if (signals === 2) {
      say(`foreman: ${name} received again; still saving the session… (it stops by itself in a few seconds)\n`);
    }
  };
}

/** True when this file is what node runs, also through the `foreman` bin symlink (`npm link`, `npx`). */
function isEntryPoint(): boolean {
  const argv1 = process.argv[1];
  if (!argv1) return false;
  try {
    return realpathSync(argv1) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) void entry();
