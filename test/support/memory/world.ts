/**
 * One session's world in memory, wired for the engine (`runSession(world.deps(), world.request())`):
 * a manual clock, the memory adapters, the real `claude` preset reading a scripted agent, and a
 * gate (`node check.mjs`) that passes when `value.txt` says `good`. Each `run` is one run of the
 * engine; the adapters (state, ledger, workspace, branches, processes) persist between runs.
 */
import { getPreset } from "../../../src/agents/index.js";
import { parseConfig, type Config } from "../../../src/core/config.js";
import type { SessionState } from "../../../src/core/state.js";
import type { TaskInput } from "../../../src/core/task.js";
import { runSession, type EngineDeps, type ProgressEvent, type SessionOutcome, type SessionRequest } from "../../../src/loop/engine.js";
import type { LedgerEntry } from "../../../src/loop/ports.js";
import { MemoryAttemptFiles } from "./attempt-files.js";
import { ManualClock } from "./clock.js";
import { dyingLedger, dyingRunner, guarded, Lifeline, SimulatedCrash } from "./crash.js";
import { MemoryLedger } from "./ledger.js";
import { MemoryProcessRunner } from "./process-runner.js";
import { claudeAgent, gateProgram, type AgentTurn, type GateVerdict } from "./programs.js";
import { MemoryPublisher, type MemoryPublisherOptions } from "./publisher.js";
import { MemoryStateStore } from "./state-store.js";
import { MemoryWorkspace, type Tree } from "./workspace.js";

export const WORLD_BASE_FILES: Readonly<Record<string, string>> = {
  "README.md": "# sample\n",
  "package.json": '{ "name": "sample", "private": true }\n',
  "check.mjs": "// the gate\n",
  "value.txt": "start\n",
  ".github/workflows/ci.yml": "on: push\n",
};

export const WORLD_TASK: TaskInput = { title: "Make value.txt good", body: "The file `value.txt` must say good.\n" };

/** The default gate: passes when `value.txt` says `good`, with the failure on stderr otherwise. */
export function valueIsGood(tree: Tree): GateVerdict {
  const value = tree.get("value.txt")?.trim() ?? "(missing)";
  return value === "good" ? { exitCode: 0, stdout: "GATE-OK" } : { exitCode: 1, stderr: `GATE-FAIL: expected "good", got "${value}"` };
}

export interface MemoryWorldOptions {
  /** The agent's turn for each attempt number. */
  turns: (attempt: number) => AgentTurn;
  gate?: (tree: Tree) => GateVerdict;
  /** Raw configuration overrides, merged over the world's defaults key by key (as `.github/foreman.yml`). */
  config?: {
    budget?: { attempts?: number; minutes?: number; usd?: number; dailyUsd?: number; assumedAttemptUsd?: number };
    approval?: Record<string, unknown>;
    paths?: Record<string, unknown>;
    gates?: unknown;
    limits?: Record<string, unknown>;
    /**
     * Run the gates on the base before attempt 1 (the product's default is true). Off unless a
     * test asks: the tests of attempt sequencing count gate runs and agent prompts from attempt 1.
     */
    baseline?: boolean;
    setup?: unknown;
  };
  base?: Readonly<Record<string, string>>;
  sessionId?: string;
  publisher?: MemoryPublisherOptions;
}

export interface RunOptions {
  signal?: AbortSignal;
  resumeAuthor?: string;
  command?: SessionRequest["command"];
  dailySpentUsd?: number;
  labels?: readonly string[];
  task?: TaskInput;
}

export class MemoryWorld {
  readonly sessionId: string;
  readonly clock = new ManualClock();
  readonly store = new MemoryStateStore();
  readonly ledger = new MemoryLedger();
  readonly files = new MemoryAttemptFiles();
  readonly workspace: MemoryWorkspace;
  readonly runner: MemoryProcessRunner;
  readonly publisher: MemoryPublisher;
  readonly config: Config;
  /** Progress events of every run, in order. */
  readonly events: ProgressEvent[] = [];
  /** Attempt numbers the agent was started for, in order, over all runs. */
  readonly agentStarts: number[] = [];
  /** Gate runs (argv), over all runs. */
  readonly gateRuns: string[][] = [];

  constructor(opts: MemoryWorldOptions) {
    this.sessionId = opts.sessionId ?? "s1";
    this.workspace = new MemoryWorkspace({ base: opts.base ?? WORLD_BASE_FILES });
    this.publisher = new MemoryPublisher(opts.publisher);
    const c = opts.config ?? {};
    this.config = parseConfig({
      budget: {
        per_run: { attempts: c.budget?.attempts ?? 5, minutes: c.budget?.minutes ?? 30, usd: c.budget?.usd ?? 10 },
        daily: { usd: c.budget?.dailyUsd ?? 1000 },
        assumed_attempt_usd: c.budget?.assumedAttemptUsd ?? 0.5,
      },
      agent: { preset: "claude" },
      gates: c.gates ?? [{ name: "check", run: ["node", "check.mjs"] }],
      approval: { policy: "never", ...c.approval },
      ...(c.paths === undefined ? {} : { paths: c.paths }),
      ...(c.limits === undefined ? {} : { limits: c.limits }),
      baseline: c.baseline ?? false,
      ...(c.setup === undefined ? {} : { setup: c.setup }),
    });
    this.runner = new MemoryProcessRunner({
      clock: this.clock,
      programs: {
        claude: claudeAgent({ workspace: this.workspace, files: this.files, turns: opts.turns, log: this.agentStarts }),
        node: gateProgram(this.workspace, opts.gate ?? valueIsGood, this.gateRuns),
      },
    });
  }

  deps(): EngineDeps {
    return {
      store: this.store,
      ledger: this.ledger,
      runner: this.runner,
      publisher: this.publisher,
      files: this.files,
      clock: this.clock,
      hostEnv: { PATH: "/usr/bin:/bin", HOME: "/home/test", GITHUB_TOKEN: "ghs_secret" },
      surface: "local",
      onProgress: (e) => this.events.push(e),
    };
  }

  request(opts: RunOptions = {}): SessionRequest {
    return {
      sessionId: this.sessionId,
      config: this.config,
      task: opts.task ?? WORLD_TASK,
      preset: getPreset("claude"),
      repoRoot: "/memory/repo",
      workspace: this.workspace,
      signal: opts.signal ?? new AbortController().signal,
      ...(opts.labels === undefined ? {} : { labels: opts.labels }),
      ...(opts.resumeAuthor === undefined ? {} : { resumeAuthor: opts.resumeAuthor }),
      ...(opts.command === undefined ? {} : { command: opts.command }),
      ...(opts.dailySpentUsd === undefined ? {} : { dailySpentUsd: opts.dailySpentUsd }),
    };
  }

  /** One run of the engine, holding the session's lock as the CLI does; `overrides` swap ports for this run. */
  async run(opts: RunOptions = {}, overrides: Partial<EngineDeps> = {}): Promise<SessionOutcome> {
    const lock = await this.store.lock(this.sessionId);
    try {
      return await runSession({ ...this.deps(), ...overrides }, this.request(opts));
    } finally {
      await lock.release();
    }
  }

  /**
   * One run that dies: right after the ledger appends the first entry `afterEntry` matches, or
   * when `lifeline` is killed (by a program). Returns the crash; fails when the run does not die.
   * The lock is not released (a dead process releases nothing): the world forgets it, as a lock
   * of a dead process is taken over.
   */
  async runDying(afterEntry: ((e: LedgerEntry) => boolean) | null, opts: RunOptions = {}, lifeline = new Lifeline()): Promise<SimulatedCrash> {
    const deps = this.deps();
    const dying: EngineDeps = {
      ...deps,
      store: guarded(this.store, lifeline),
      ledger: dyingLedger(this.ledger, lifeline, afterEntry ?? (() => false)),
      runner: dyingRunner(this.runner, lifeline),
      publisher: guarded(this.publisher, lifeline),
      files: guarded(this.files, lifeline),
    };
    const req = { ...this.request(opts), workspace: guarded(this.workspace, lifeline) };
    try {
      await runSession(dying, req);
    } catch (error) {
      if (error instanceof SimulatedCrash) return error;
      throw error;
    }
    throw new Error(`The run was expected to die${afterEntry ? " after a matching ledger entry" : ""}, but it ended normally.`);
  }

  /** The stored snapshot (fails when there is none). */
  async state(): Promise<SessionState> {
    const s = await this.store.load(this.sessionId);
    if (s === null) throw new Error(`No state saved for session ${this.sessionId}.`);
    return s;
  }

  entries(): LedgerEntry[] {
    return this.ledger.entries(this.sessionId);
  }

  notes(): string[] {
    return this.events.flatMap((e) => (e.type === "note" ? [e.message] : []));
  }
}
