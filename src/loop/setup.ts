/**
 * Dependency setup, run by the loop: installs what the gates need (the core's `planSetup`)
 * before attempt 1, and again only when an attempt changed a manifest or a lockfile. It is
 * Foreman's work, not the agent's: what it installs is kept out of the diff (`Workspace.ignore`),
 * anything else it writes (a rewritten lockfile) is put back before the diff is judged, and it
 * is reported apart from the attempts (time, outcome), never as a cost.
 *
 * Steps run through the same ProcessRunner, scrubbed environment and sandbox as the gates. The
 * sandbox shares the network (`src/local/sandbox.ts`), which installs need.
 */
import path from "node:path";
import type { Config } from "../core/config.js";
import type { PlannedGate } from "../core/gate-plan.js";
import { planSetup, stepsForGate, type SetupStep } from "../core/setup-plan.js";
import type { SetupRecord, SetupStepResult } from "../core/state.js";
import type { GateFailure } from "../core/task.js";
import { TEXT_CAPS } from "../core/text-caps.js";
import type { PlanFiles } from "./attempt-plan-gates.js";
import type { Clock, ProcessRunner, Workspace } from "./ports.js";

export interface SetupDeps {
  workspace: Workspace;
  runner: ProcessRunner;
  clock: Clock;
  /** The scrubbed environment every gate gets. */
  env: Readonly<Record<string, string>>;
  config: Config;
  onStart?: (handle: string) => Promise<void>;
  onOutput?: (source: string, text: string) => void;
  /** Keeps a step's whole (bounded) output beside the attempt files. */
  keepOutput?: (step: SetupStep, output: string) => Promise<void>;
}

export interface SetupStepRun {
  step: SetupStep;
  ok: boolean;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  output: string;
}

export interface SetupRun {
  /** Steps that ran this time (empty: nothing needed to run). */
  ran: SetupStepRun[];
  /** Steps that failed, this time or still (their inputs did not change since). */
  failed: SetupStepRun[];
  durationMs: number;
  aborted: boolean;
  /** True when setup wrote to the tracked tree and it was put back. */
  restored: boolean;
}

/** Command availability Foreman probes itself (`uv`, which changes the plan). */
const PROBED = ["uv"] as const;

export class DependencySetup {
  /** Step key → fingerprint of its inputs when it last succeeded. */
  private readonly installed = new Map<string, string>();
  /** Step key → its last failed run, with the fingerprint it failed on. */
  private readonly failures = new Map<string, { fingerprint: string; run: SetupStepRun }>();
  private readonly availability = new Map<string, boolean>();
  private totalMs = 0;
  private runs = 0;
  private lastSteps: SetupStepResult[] = [];
  private lastOk = true;

  constructor(private readonly deps: SetupDeps) {}

  /** Whether a probed command is installed (answers only after `probe`; unknown counts as installed). */
  available = (command: string): boolean => this.availability.get(command) ?? true;

  /** Finds out whether the commands that change plans exist (once per run), when the tree could use them. */
  async probe(files: readonly string[]): Promise<void> {
    if (!files.some((f) => path.posix.basename(f) === "uv.lock")) return;
    for (const command of PROBED) {
      if (this.availability.has(command)) continue;
      const r = await this.deps.runner.run({ argv: [command, "--version"], cwd: this.deps.workspace.dir, env: this.deps.env, timeoutMs: 15_000 });
      this.availability.set(command, r.exitCode === 0);
    }
  }

  /**
   * Runs the steps the gates in `roots` need whose inputs changed since they last succeeded
   * (all of them the first time), then puts back the tree `treeHash` if a step wrote to it.
   */
  async prepare(input: {
    treeHash: string;
    roots: readonly string[];
    planFiles: PlanFiles;
    signal: AbortSignal;
    remainingMs: number;
  }): Promise<SetupRun> {
    const started = this.deps.clock.now();
    await this.probe(input.planFiles.files);
    const steps = planSetup({
      files: input.planFiles.files,
      readFile: input.planFiles.readFile,
      roots: input.roots,
      setup: this.deps.config.setup,
      available: this.available,
    });
    const out: SetupRun = { ran: [], failed: [], durationMs: 0, aborted: false, restored: false };
    const todo = steps.filter((s) => this.installed.get(key(s)) !== fingerprint(s, input.planFiles));
    if (todo.length > 0 && this.deps.workspace.ignore !== undefined) {
      await this.deps.workspace.ignore([
        ...new Set([...todo.flatMap((s) => s.produces), ...(this.deps.config.sandbox === "off" ? [] : [`/${SANDBOX_CACHE_DIR}/`])]),
      ]);
    }
    try {
      for (const step of todo) {
        const print = fingerprint(step, input.planFiles);
        const timeoutMs = input.remainingMs - (this.deps.clock.now() - started);
        const r =
          timeoutMs <= 0
            ? {
                exitCode: null,
                signal: null,
                timedOut: true,
                aborted: false,
                stdout: "",
                stderr: "Not run: the wall-clock budget is used up.",
                durationMs: 0,
              }
            : await this.deps.runner.run({
                argv: step.argv,
                cwd: path.join(this.deps.workspace.dir, step.root),
                env: { ...this.deps.env, ...QUIET_INSTALL_ENV, ...cacheEnv(this.deps), CI: "true" },
                timeoutMs,
                signal: input.signal,
                ...(this.deps.onStart === undefined ? {} : { onStart: this.deps.onStart }),
                ...(this.deps.onOutput === undefined
                  ? {}
                  : { onOutput: (_stream: "stdout" | "stderr", text: string) => this.deps.onOutput?.(`setup ${step.name}`, text) }),
              });
        const output = [r.stdout, r.stderr].filter((s) => s.length > 0).join("\n");
        await this.deps.keepOutput?.(step, `$ ${step.argv.join(" ")}  (in ${step.root})\n${output}`);
        if (r.aborted) {
          out.aborted = true;
          break;
        }
        const run: SetupStepRun = {
          step,
          ok: r.exitCode === 0 && !r.timedOut,
          exitCode: r.exitCode,
          signal: r.signal,
          timedOut: r.timedOut,
          durationMs: Math.round(r.durationMs),
          output,
        };
        out.ran.push(run);
        if (run.ok) {
          this.installed.set(key(step), print);
          this.failures.delete(key(step));
        } else {
          this.installed.delete(key(step));
          this.failures.set(key(step), { fingerprint: print, run });
        }
      }
    } finally {
      if (todo.length > 0 && !(await this.deps.workspace.isClean(input.treeHash))) {
        await this.deps.workspace.restore(input.treeHash);
        out.restored = true;
      }
    }
    out.failed = steps.flatMap((s) => {
      const f = this.failures.get(key(s));
      return f === undefined ? [] : [f.run];
    });
    out.durationMs = Math.round(this.deps.clock.now() - started);
    if (out.ran.length > 0) {
      this.runs++;
      this.totalMs += out.durationMs;
      this.lastSteps = out.ran.map((r) => ({
        root: r.step.root.slice(0, TEXT_CAPS.gateRoot),
        command: r.step.name.slice(0, TEXT_CAPS.gateName),
        ok: r.ok,
        exitCode: r.exitCode,
        durationMs: r.durationMs,
      }));
      this.lastOk = out.ran.every((r) => r.ok);
    }
    return out;
  }

  /**
   * The record for the session state: what ran since the last call added to `previous` (what
   * was recorded so far, by this run or earlier ones); `previous` itself when nothing ran since.
   */
  record(previous: SetupRecord | undefined): SetupRecord | undefined {
    if (this.runs === 0) return previous;
    const next: SetupRecord = {
      ...(previous ?? {}),
      runs: (previous?.runs ?? 0) + this.runs,
      durationMs: (previous?.durationMs ?? 0) + this.totalMs,
      ok: this.lastOk,
      steps: this.lastSteps.slice(0, TEXT_CAPS.gates),
    };
    this.runs = 0;
    this.totalMs = 0;
    return next;
  }

  /** Gates that depend on a failed step are not run: they fail with the step's output instead. */
  static split(gates: readonly PlannedGate[], failed: readonly SetupStepRun[]): { run: PlannedGate[]; blocked: GateFailure[] } {
    const run: PlannedGate[] = [];
    const blocked: GateFailure[] = [];
    for (const gate of gates) {
      const cause = failed.find((f) => stepsForGate(gate.root, [f.step]).length > 0);
      if (cause === undefined) run.push(gate);
      else {
        blocked.push({
          name: gate.name,
          root: gate.root,
          exitCode: cause.exitCode,
          timedOut: cause.timedOut,
          output: `Not run: setup step \`${cause.step.name}\` in \`${cause.step.root}\` failed (exit ${cause.exitCode ?? "none"}).\n${cause.output}`,
        });
      }
    }
    return { run, blocked };
  }
}

/** An install asks the registry for nothing but packages: no audit report, no funding notice, no update check. */
const QUIET_INSTALL_ENV: Readonly<Record<string, string>> = {
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
};

/** Where package managers keep their download cache inside a sandbox, whose HOME is read-only (kept out of the diff). */
const SANDBOX_CACHE_DIR = ".foreman-cache";

/** In a sandbox the home directory cannot be written: the caches go to a directory of the working copy. */
function cacheEnv(deps: SetupDeps): Record<string, string> {
  if (deps.config.sandbox === "off") return {};
  const dir = path.join(deps.workspace.dir, SANDBOX_CACHE_DIR);
  return {
    npm_config_cache: path.join(dir, "npm"),
    YARN_CACHE_FOLDER: path.join(dir, "yarn"),
    npm_config_store_dir: path.join(dir, "pnpm"),
    BUN_INSTALL_CACHE_DIR: path.join(dir, "bun"),
    UV_CACHE_DIR: path.join(dir, "uv"),
  };
}

function key(step: SetupStep): string {
  return `${step.root}\0${step.argv.join("\0")}`;
}

/** The content of the step's inputs: equal contents, no need to install again. */
function fingerprint(step: SetupStep, files: PlanFiles): string {
  return step.inputs.map((p) => `${p}\0${files.readFile(p) ?? "\u0001missing"}`).join("\0");
}
