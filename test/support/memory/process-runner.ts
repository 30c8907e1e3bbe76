/**
 * `ProcessRunner` in memory: each program (looked up by `argv[0]`) is a function that does its
 * work on the memory world (edits a `MemoryWorkspace`, aborts the run…) and says what the
 * process printed and how long it took. Time is the `ManualClock`'s: the runner advances it by
 * the time the program takes, and a program that takes longer than `timeoutMs` is stopped at
 * the timeout (`timedOut`, no exit code), as the real runner does.
 *
 * The life of a process is explicit (`spawn`, then `complete`) so that a test can stop a run
 * between the two: the process then stays running, an orphan that `stopOrphan` can stop later.
 * `run` is `spawn` + `onStart` + `complete`; like the real runner, a failing `onStart` does not
 * stop the work. A program that throws makes `run` reject and leaves its process running.
 */
import type { ProcessResult, ProcessRunner, ProcessSpec } from "../../../src/loop/ports.js";
import type { ManualClock } from "./clock.js";

/** What a program reports; everything is optional. */
export interface ProgramResult {
  exitCode?: number;
  stdout?: string;
  stderr?: string;
  /** How long the process runs, in ms of the manual clock. Default 0. */
  takesMs?: number;
  /**
   * The process stalls (prints nothing more) after this many ms: with `spec.idleTimeoutMs` it is
   * stopped `idleTimeoutMs` later (`idle`), as the real runner stops a silent child.
   */
  stallsAfterMs?: number;
}

export interface ProgramCall {
  spec: ProcessSpec;
  /** The handle `onStart` got. */
  handle: string;
}

export type Program = (call: ProgramCall) => ProgramResult | Promise<ProgramResult>;

export type ProcessState = "running" | "exited" | "timed_out" | "aborted" | "stopped_as_orphan";

export interface MemoryProcess {
  handle: string;
  argv: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string>>;
  timeoutMs: number;
  stdinFile?: string;
  state: ProcessState;
}

/** `argv[0]` names no program of this runner (a typo in a test, or a command that should not run). */
export class UnknownProgramError extends Error {
  override readonly name = "UnknownProgramError";
  constructor(readonly command: string) {
    super(`No program "${command}" in this MemoryProcessRunner. Register it in \`programs\`.`);
  }
}

export class MemoryProcessRunner implements ProcessRunner {
  readonly #clock: ManualClock;
  readonly #programs: Readonly<Record<string, Program>>;
  readonly #processes: MemoryProcess[] = [];
  /** Every `stopOrphan` call and its answer, in order. */
  readonly stopCalls: Array<{ handle: string; stopped: boolean }> = [];

  constructor(opts: { clock: ManualClock; programs: Readonly<Record<string, Program>> }) {
    this.#clock = opts.clock;
    this.#programs = opts.programs;
  }

  async run(spec: ProcessSpec): Promise<ProcessResult> {
    if (spec.signal?.aborted) return result({ aborted: true });
    const proc = this.spawn(spec);
    // Recorded while the child runs; a failure to record does not stop the work (as in the real runner).
    await spec.onStart?.(proc.handle).catch(() => undefined);
    return this.complete(proc, spec);
  }

  /** Starts a process: it is `running` until `complete` (or `stopOrphan`). */
  spawn(spec: ProcessSpec): MemoryProcess {
    const command = spec.argv[0];
    if (command === undefined || command === "") throw new RangeError("ProcessSpec.argv is empty: expected the command followed by its arguments.");
    if (!Number.isFinite(spec.timeoutMs) || spec.timeoutMs <= 0)
      throw new RangeError(`ProcessSpec.timeoutMs must be a positive number, got ${spec.timeoutMs}.`);
    if (this.#programs[command] === undefined) throw new UnknownProgramError(command);
    const proc: MemoryProcess = {
      handle: `memory-process-${this.#processes.length + 1}`,
      argv: [...spec.argv],
      cwd: spec.cwd,
      env: { ...spec.env },
      timeoutMs: spec.timeoutMs,
      ...(spec.stdinFile === undefined ? {} : { stdinFile: spec.stdinFile }),
      state: "running",
    };
    this.#processes.push(proc);
    return proc;
  }

  /** Runs the program of a spawned process to its end. */
  async complete(proc: MemoryProcess, spec: ProcessSpec): Promise<ProcessResult> {
    const program = this.#programs[proc.argv[0]!]!;
    const out = await program({ spec, handle: proc.handle });
    const stalledAt = out.stallsAfterMs === undefined || spec.idleTimeoutMs === undefined ? undefined : out.stallsAfterMs + spec.idleTimeoutMs;
    const idle = stalledAt !== undefined && stalledAt < (out.takesMs ?? Number.POSITIVE_INFINITY) && stalledAt <= spec.timeoutMs;
    const takes = idle ? stalledAt : (out.takesMs ?? 0);
    const timedOut = takes > spec.timeoutMs;
    const durationMs = Math.min(takes, spec.timeoutMs);
    this.#clock.advance(durationMs);
    if (spec.signal?.aborted) {
      proc.state = "aborted";
      return result({ aborted: true, signal: "SIGTERM", durationMs, stdout: out.stdout ?? "", stderr: out.stderr ?? "" });
    }
    if (idle) {
      proc.state = "timed_out";
      return result({ idle: true, signal: "SIGTERM", durationMs, stdout: out.stdout ?? "", stderr: out.stderr ?? "" });
    }
    if (timedOut) {
      proc.state = "timed_out";
      return result({ timedOut: true, signal: "SIGTERM", durationMs, stdout: out.stdout ?? "", stderr: out.stderr ?? "" });
    }
    proc.state = "exited";
    return result({ exitCode: out.exitCode ?? 0, durationMs, stdout: out.stdout ?? "", stderr: out.stderr ?? "" });
  }

  stopOrphan(handle: string): Promise<boolean> {
    const proc = this.#processes.find((p) => p.handle === handle);
    const stopped = proc?.state === "running";
    if (proc && stopped) proc.state = "stopped_as_orphan";
    this.stopCalls.push({ handle, stopped });
    return Promise.resolve(stopped);
  }

  /** Every process started, in order (copies). */
  processes(): MemoryProcess[] {
    return this.#processes.map((p) => ({ ...p }));
  }

  /** Processes of `command` started so far. */
  started(command: string): MemoryProcess[] {
    return this.processes().filter((p) => p.argv[0] === command);
  }
}

function result(r: Partial<ProcessResult>): ProcessResult {
  return { exitCode: null, signal: null, timedOut: false, aborted: false, stdout: "", stderr: "", durationMs: 0, ...r };
}
