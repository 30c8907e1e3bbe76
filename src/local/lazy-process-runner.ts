/**
 * The process runner as `foreman run` wires it: the same `ExecaProcessRunner`, but its module
 * (and execa's, a fifth of the bundle) is loaded while git makes the workspace, not before
 * Foreman's first step. Node then has less to compile before it can start anything, and the
 * loading happens while the main thread would only wait for git.
 */
import type { ProcessResult, ProcessRunner, ProcessSpec } from "../loop/ports.js";
import type { ExecaProcessRunnerOptions } from "./process-runner.js";

type ProcessRunnerModule = typeof import("./process-runner.js");

let loading: Promise<ProcessRunnerModule> | undefined;

/** Starts loading the process runner's module (once); later calls return the same promise. */
export function loadProcessRunner(): Promise<ProcessRunnerModule> {
  loading ??= import("./process-runner.js");
  return loading;
}

/** An `ExecaProcessRunner` made with `options` once its module is loaded; the same behaviour. */
export class LazyProcessRunner implements ProcessRunner {
  readonly sandboxed: boolean;
  readonly #runner: Promise<ProcessRunner>;

  constructor(options: ExecaProcessRunnerOptions = {}) {
    this.sandboxed = options.sandbox !== undefined;
    this.#runner = loadProcessRunner().then(({ ExecaProcessRunner }) => new ExecaProcessRunner(options));
    // A failure (the module cannot load, invalid options) is met where the runner is used.
    this.#runner.catch(() => undefined);
  }

  async run(spec: ProcessSpec): Promise<ProcessResult> {
    return (await this.#runner).run(spec);
  }

  async stopOrphan(handle: string): Promise<boolean> {
    return (await this.#runner).stopOrphan(handle);
  }
}
