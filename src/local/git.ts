/**
 * One way to run git: no shell, a controlled environment, typed failures.
 *
 * Every invocation:
 * - starts from the caller's environment minus every `GIT_*` variable (a Foreman started from
 *   a git hook or an IDE would otherwise inherit `GIT_DIR`, `GIT_INDEX_FILE`, … and act on the
 *   wrong repository or index), then adds `GIT_TERMINAL_PROMPT=0`, `LC_ALL=C` and the neutral
 *   identity `Foreman <foreman@localhost>` for author and committer, then `opts.env`;
 * - reads no global or system configuration (`GIT_CONFIG_GLOBAL=/dev/null`,
 *   `GIT_CONFIG_NOSYSTEM=1`): filters, `core.fsmonitor`, `core.hooksPath`, aliases and
 *   credential helpers set there are commands, and Foreman's git calls run none of them. The
 *   repository's own config still applies where git runs in the user's repository; in a
 *   workspace, Foreman's calls use a git directory whose config only Foreman writes;
 * - runs with `-c core.hooksPath=/dev/null -c core.fsmonitor=false`: Foreman's own git
 *   operations never run repository hooks. Not only commits: `checkout` runs
 *   `post-checkout` and `update-ref` runs `reference-transaction`. Hooks and fsmonitor
 *   commands are code from a `.git/`; git's own plumbing does not need them.
 *
 * git runs through {@link spawnCollect} (a bare `child_process.spawn`), not execa: Foreman runs
 * many short git processes before the agent starts, and each one through execa cost about twice
 * as long.
 */
import { isNeverPassed } from "../core/environment.js";
import { ForemanError } from "../core/errors.js";
import { spawnCollect } from "./lean-spawn.js";

/** A git command failed (non-zero exit, could not start, or was killed). */
export class GitError extends ForemanError {
  override readonly name = "GitError";
  readonly kind = "internal";
  constructor(
    /** The arguments after `git` (without Foreman's `-c` prefix). */
    readonly args: readonly string[],
    /** Exit code, or null when git could not start or was killed by a signal. */
    readonly exitCode: number | null,
    /** git's standard error, trimmed and capped at 4,000 characters. */
    readonly stderr: string,
    options?: { cause?: unknown },
  ) {
    super(`git ${args.join(" ")} failed` + (exitCode === null ? "" : ` with exit code ${exitCode}`) + (stderr ? `: ${stderr}` : ""), options);
  }
}

export interface GitOptions {
  /** Directory git runs in. */
  cwd: string;
  /** Extra variables, applied last (e.g. `GIT_INDEX_FILE`). */
  env?: Record<string, string>;
  /** Standard input (e.g. a commit message for `commit-tree -F -`). */
  input?: string;
  /**
   * Largest standard output kept, in characters. When reached, git is stopped and the result
   * has `truncated: true` and the first `maxOutput` characters, instead of failing.
   */
  maxOutput?: number;
  /** Exit codes that are not failures (e.g. `[0, 1]` for `git diff --quiet`). Default `[0]`. */
  okExitCodes?: readonly number[];
}

export interface GitResult {
  /** Standard output, untouched (not trimmed: `-z` output and patches need every byte). */
  stdout: string;
  stderr: string;
  exitCode: number;
  /** True when `maxOutput` was reached and `stdout` is only its beginning. */
  truncated: boolean;
}

/** The identity of commits Foreman creates. */
export const FOREMAN_IDENTITY = { name: "Foreman", email: "foreman@localhost" } as const;

const SAFETY_CONFIG = ["-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false"] as const;
const STDERR_CAP = 4000;
const DEFAULT_MAX_OUTPUT = 200_000_000;
/** Most characters of standard error read before git is stopped (only the first `STDERR_CAP` are kept). */
const STDERR_LIMIT = 1_000_000;

/** Runs `git <args>` and returns its output; throws `GitError` on failure. */
export async function git(args: readonly string[], opts: GitOptions): Promise<GitResult> {
  const maxOutput = opts.maxOutput ?? DEFAULT_MAX_OUTPUT;
  const result = await spawnCollect("git", [...SAFETY_CONFIG, ...args], {
    cwd: opts.cwd,
    env: gitEnv(opts.env),
    maxStdout: maxOutput,
    maxStderr: STDERR_LIMIT,
    ...(opts.input === undefined ? {} : { input: opts.input }),
  });
  const stderr = capStderr(result.stderr);
  if (result.overflow === "stdout" && opts.maxOutput !== undefined) {
    return { stdout: result.stdout, stderr, exitCode: 0, truncated: true };
  }
  const ok = opts.okExitCodes ?? [0];
  // Exit code 0 is always success, whatever `okExitCodes` lists.
  if (result.exitCode === null || result.overflow !== null || (result.exitCode !== 0 && !ok.includes(result.exitCode))) {
    const exitCode = result.overflow === null ? result.exitCode : null;
    throw new GitError(args, exitCode, stderr || failureDetail(result), result.error === null ? undefined : { cause: result.error });
  }
  return { stdout: result.stdout, stderr, exitCode: result.exitCode, truncated: false };
}

/** What went wrong when git said nothing on standard error. */
function failureDetail(result: Awaited<ReturnType<typeof spawnCollect>>): string {
  if (result.error !== null) return `git could not be started: ${result.error.message}`;
  if (result.overflow !== null) return `git's ${result.overflow} was larger than the limit, so git was stopped`;
  if (result.signal !== null) return `git was killed by ${result.signal}`;
  return "";
}

function gitEnv(extra: Record<string, string> | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Git runs filters, hooks and credential helpers that the worktree's content can influence:
    // it gets no token or key either.
    if (value !== undefined && !key.startsWith("GIT_") && !isNeverPassed(key)) env[key] = value;
  }
  env.GIT_TERMINAL_PROMPT = "0";
  env.GIT_CONFIG_GLOBAL = "/dev/null";
  env.GIT_CONFIG_NOSYSTEM = "1";
  env.LC_ALL = "C";
  env.GIT_AUTHOR_NAME = FOREMAN_IDENTITY.name;
  env.GIT_AUTHOR_EMAIL = FOREMAN_IDENTITY.email;
  env.GIT_COMMITTER_NAME = FOREMAN_IDENTITY.name;
  env.GIT_COMMITTER_EMAIL = FOREMAN_IDENTITY.email;
  return { ...env, ...extra };
}

function capStderr(stderr: string): string {
  const trimmed = stderr.trim();
  return trimmed.length > STDERR_CAP ? `${trimmed.slice(0, STDERR_CAP)}…` : trimmed;
}

/** An object id: 40 hex digits (SHA-1) or 64 (SHA-256). */
export function isObjectId(value: string): boolean {
  return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(value);
}
