/**
 * The ports of the attempt engine: everything it needs from the world, and nothing more.
 * `src/local` implements them on files and git; `src/github` on comments, check runs and
 * pushes. The engine never imports an adapter.
 */
import type { PathPolicyFile } from "../core/path-policy.js";
import type { LedgerEntry } from "../core/ledger-entry.js";
import type { SessionState } from "../core/state.js";

/** Time, injected so that tests and the core never read the real clock. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Waits `ms` milliseconds, or less when `signal` aborts (it then resolves, never rejects). The
   * engine's pause after a transient agent error; without it the engine does not pause.
   */
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
  /** A number in [0, 1): the jitter of that pause (0.5, the middle, when absent). */
  random?(): number;
}

/** Exclusive ownership of one session by one run; released when the run ends. */
export interface SessionLock {
  release(): Promise<void>;
}

/** Where session snapshots live (a file locally, a hidden comment on GitHub). */
export interface StateStore {
  /** The current snapshot, or null when the session does not exist yet. */
  load(sessionId: string): Promise<SessionState | null>;
  /**
   * Compare-and-write: stores `next` (whose `version` must be `expectedVersion + 1`) only if
   * the stored snapshot still has `expectedVersion`; otherwise throws `StaleStateError`.
   * A session never saved counts as version 0 (what `newSession` gives): the first save is `save({ ...s, version: 1 }, 0)`.
   */
  save(next: SessionState, expectedVersion: number): Promise<void>;
  /** Takes the session for this run, or throws `SessionLockedError` naming the holder. */
  lock(sessionId: string): Promise<SessionLock>;
}

/** One append-only ledger line (defined in the core, which reads it to recover a dead run). */
export type { LedgerEntry } from "../core/ledger-entry.js";

export interface Ledger {
  /** Appends and makes the entry durable before returning (flushed before an agent is spawned). */
  append(entry: LedgerEntry): Promise<void>;
  /** Every entry of the session, in order. */
  read(sessionId: string): Promise<LedgerEntry[]>;
}

/**
 * A file changed by the agent, relative to the repository root: the shape the core's path
 * policy judges (`previousPath` is the old name of a rename, so moving a forbidden file out is seen).
 */
export type ChangedFile = PathPolicyFile;

export interface WorkspaceDiff {
  /** Content hash of the whole tree after the agent's changes (equal trees, equal hashes). */
  hash: string;
  files: ChangedFile[];
}

/** The git side: an isolated working copy at the session's base, never the user's checkout. */
export interface Workspace {
  /** Directory the agent and the gates run in. */
  readonly dir: string;
  /** Commit the session started from. */
  readonly baseSha: string;
  /** Everything that differs from the base, untracked files included, ignored files excluded. */
  diff(): Promise<WorkspaceDiff>;
  /** True when nothing but what `diff()` reports changed (gates must leave the tree as they found it). */
  isClean(expectedHash: string): Promise<boolean>;
  /** Puts the working copy back to exactly the tree with this hash (after a gate dirtied it). */
  restore(hash: string): Promise<void>;
  /**
   * Puts each of `paths` back as it is in the base: a file the base has gets its base content
   * (a deleted one comes back), a file the base lacks is removed. Other files are left as they
   * are. For a change the path policy refused; paths are repository-relative, `/`-separated.
   */
  revertPaths(paths: readonly string[]): Promise<void>;
  /** Every path in the tree `hash` (a hash returned by `diff()`), for gate planning. */
  paths(hash: string): Promise<string[]>;
  /** Unified diff from the base to the tree `hash` (bounded), for reviewers and reports. */
  patch(hash: string): Promise<string>;
  readFile(path: string): Promise<string | null>;
  /**
   * Leaves paths matching these `.gitignore`-style patterns (`node_modules/`, `.venv/`) out of
   * every later `diff()`, `isClean()` and `restore()`: what dependency setup installs is never
   * part of the change, whatever the repository's own `.gitignore` says. Optional: a workspace
   * without it relies on the repository's `.gitignore`.
   */
  ignore?(patterns: readonly string[]): Promise<void>;
}

/** Result of one child process. Output is already bounded by the runner. */
export interface ProcessResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Stopped because the run was asked to stop (SIGINT / SIGTERM). */
  aborted: boolean;
  /** Stopped because it printed nothing for `ProcessSpec.idleTimeoutMs` (a stall; `timedOut` stays false). */
  idle?: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface ProcessSpec {
  argv: readonly string[];
  cwd: string;
  /** The complete environment of the child: nothing is inherited implicitly. */
  env: Readonly<Record<string, string>>;
  timeoutMs: number;
  /**
   * Stop the child (as on a timeout) when it prints nothing on stdout or stderr for this many
   * milliseconds; any output restarts the count. Absent: no idle limit.
   */
  idleTimeoutMs?: number;
  /** A file whose content is the child's standard input, if any. */
  stdinFile?: string;
  signal?: AbortSignal;
  /**
   * Called once the child runs, with an opaque handle for `stopOrphan` (recorded so that a run
   * taking over after this one died can stop what it left running).
   */
  onStart?: (handle: string) => Promise<void>;
  /**
   * Called with each chunk of output as it arrives (for progress: the last thing the child
   * said). Untrusted text; the result's `stdout`/`stderr` stay the record.
   */
  onOutput?: (stream: "stdout" | "stderr", text: string) => void;
}

/** Runs a child process tree without a shell; kills the whole tree on timeout or abort. */
export interface ProcessRunner {
  /**
   * True when every command runs inside Foreman's own OS sandbox (bubblewrap): a preset may then
   * turn off its CLI's inner sandbox, which would be redundant (and cannot nest everywhere).
   */
  readonly sandboxed?: boolean;
  run(spec: ProcessSpec): Promise<ProcessResult>;
  /**
   * Stops the process tree of a handle from `onStart` if it is still running and still the same
   * tree (never a process that merely reuses the id). Returns whether anything was stopped.
   */
  stopOrphan(handle: string): Promise<boolean>;
}

export interface PublishRequest {
  sessionId: string;
  branch: string;
  baseSha: string;
  workspace: Workspace;
  title: string;
  body: string;
}

export interface Published {
  branch: string;
  /** Commit the branch points at. */
  sha: string;
  /** PR number, where the publisher opens one. */
  pullRequest?: number;
  url?: string;
}

/** An attempt's tree kept outside the runner: the ref it was pushed to and the commit there. */
export interface KeptAttempt {
  ref: string;
  sha: string;
}

/** What `Publisher.keep` needs: the attempt, and the tree (a hash from `Workspace.diff()`) to keep. */
export interface KeepRequest {
  sessionId: string;
  attempt: number;
  workspace: Workspace;
  hash: string;
  baseSha: string;
}

/** Makes a result visible: a local branch, or a pushed branch and a draft PR. */
export interface Publisher {
  /**
   * Refuses early, before any paid work, when a result could not be published for this
   * session: an invalid branch name, a branch checked out by someone, or one that is not
   * this session's. Throws an error that names the branch and the fix.
   */
  preflight(req: Pick<PublishRequest, "sessionId" | "branch" | "baseSha" | "workspace" | "title">): Promise<void>;
  /** Records the work on the session branch without opening anything (kept while approval is pending). */
  stage(req: PublishRequest): Promise<Published>;
  /** Publishes the staged commit `sha` (idempotent: publishing twice opens nothing new). */
  publish(req: PublishRequest & { sha: string }): Promise<Published>;
  /**
   * Optional: keeps an attempt's tree where it outlives the run (GitHub: a commit on the base
   * pushed to `refs/foreman/<session>/attempt-<n>`), without touching the working copy. Called
   * after each finished attempt that has a tree, and for the work in progress of an attempt the
   * run is stopping (keep it fast: GitHub kills a cancelled job 10 s after SIGINT).
   */
  keep?(req: KeepRequest): Promise<KeptAttempt>;
}

/**
 * Files handed to the agent for one attempt (task, feedback, prompt, result). They live
 * outside the working copy so that they never show up in the diff.
 */
export interface AttemptFiles {
  /** Writes `name` for attempt `n` and returns its absolute path (`executable`: mode 0755, a script a preset writes). */
  write(n: number, name: string, content: string, options?: { executable?: boolean }): Promise<string>;
  /** Absolute path of `name` for attempt `n` (for files the agent may write). */
  path(n: number, name: string): string;
  /** Content of a file at an absolute path returned above, or null when absent. */
  read(path: string): Promise<string | null>;
}
