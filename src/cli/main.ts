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
import type { SessionState } from "../core/state.js";
import { openLocalSession, readLocalSession, type LocalEnv } from "../local/open-local-session.js";
import type { ProgressEvent } from "../loop/engine.js";
import { parseCli, USAGE, UsageError } from "./args.js";
import { runDemo } from "./demo.js";
import { EXIT, exitCodeFor, exitCodeForError, jsonSummary } from "./exit-codes.js";
import { formatProgress } from "./progress.js";

export interface CliIo {
  argv: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  signal: AbortSignal;
  now: () => number;
}

export async function main(io: CliIo): Promise<number> {
  let cmd;
  try {
    cmd = parseCli(io.argv, io.cwd);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`foreman: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
  if (cmd.kind === "help") {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const json = cmd.json;
  const env: LocalEnv = {
    clock: { now: io.now },
    hostEnv: io.env,
    signal: io.signal,
    onProgress: (event: ProgressEvent) => {
      // With --json, stdout carries exactly one object: progress goes to stderr.
      const line = formatProgress(event);
      if (line) (json ? io.stderr : io.stdout)(`${line}\n`);
    },
    onNotice: (message) => io.stderr(`foreman: ${message}\n`),
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
        const out = await openLocalSession(
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
        return print(out.state, out.report);
      }
      case "resume": {
        const out = await openLocalSession(
          { kind: "continue", verb: "resume", repo: cmd.repo, ...(cmd.session ? { session: cmd.session } : {}) },
          env,
        );
        return print(out.state, out.report);
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
        const out = await openLocalSession(
          { kind: "continue", verb: cmd.kind, repo: cmd.repo, ...(cmd.session ? { session: cmd.session } : {}), command },
          env,
        );
        const code = print(out.state, out.report, out.refusal);
        // A command that had no effect is the caller's mistake (wrong session or state).
        return out.refusal ? EXIT.usage : code;
      }
      case "status": {
        const state = await readLocalSession({ repo: cmd.repo, ...(cmd.session ? { session: cmd.session } : {}) }, env);
        return print(state, undefined);
      }
      case "demo": {
        const out = await runDemo(env, json ? io.stderr : io.stdout);
        return print(out.state, out.report);
      }
    }
  } catch (e) {
    // Known failures carry a message that names the thing and the fix: print it, no stack.
    if (e instanceof ForemanError) {
      io.stderr(`foreman: ${failureMessage(e)}\n`);
      return exitCodeForError(e.kind);
    }
    throw e;
  }
}

/** Process wiring: signals stop the run cleanly (the attempt is recorded as interrupted). */
async function entry(): Promise<void> {
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (name: string) => {
    signals += 1;
    if (signals === 1) {
      process.stderr.write(`foreman: ${name} received; stopping the agent and saving the session…\n`);
      controller.abort();
    } else {
      process.stderr.write(`foreman: ${name} received again; exiting now.\n`);
      process.exit(EXIT.interrupted);
    }
  };
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("SIGTERM", () => onSignal("SIGTERM"));
  try {
    process.exitCode = await main({
      argv: process.argv.slice(2),
      cwd: process.cwd(),
      env: process.env,
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
      signal: controller.signal,
      now: () => Date.now(),
    });
  } catch (e) {
    process.stderr.write(`foreman: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = EXIT.unsuccessful;
  }
}

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
