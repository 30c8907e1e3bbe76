/**
 * `ActionsEmulator`: what GitHub Actions does with a dispatch of `examples/workflows/foreman.yml`,
 * as a `Runner` for the stand-in, so the shipped Action runs for real on one machine:
 *
 * - the concurrency group `foreman-<issue>` (`foreman-sweep` without an issue): one run running
 *   and one pending per group; a newer queued run cancels the pending one (`cancelled`);
 * - the job: a fresh `GITHUB_WORKSPACE` cloned from the bare remote at the dispatched ref
 *   (`actions/checkout` with `persist-credentials: false`, `fetch-depth: 0`), then
 *   `node <actionEntry>` with the environment the runner gives a step — `INPUT_*` from the
 *   workflow's `with:`, `GITHUB_EVENT_PATH`, `GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY`, the
 *   `GITHUB_*` and `RUNNER_*` variables — and nothing of the parent's environment but `PATH`
 *   and `HOME` (no secret leaks in from whoever started the emulator);
 * - `startRun` when the job starts, `finishRun(success | failure | cancelled)` when it ends
 *   (the stand-in sends `workflow_run.completed`);
 * - cancel: SIGINT, SIGTERM 7.5 s later, SIGKILL of the whole tree 2.5 s after that (timings
 *   injectable); `kill(runId)` is the runner dying mid-step (SIGKILL now: `failure`);
 * - at the end of every job, the runner's orphan-process cleanup: whatever still carries the
 *   job's `RUNNER_TRACKING_ID` (a gate or agent the killed step started in its own process
 *   group) is ended (`orphan-processes.ts`).
 *
 * Each run's outputs and job summary are parsed and kept (`run(id)`) for the demo's timeline
 * and for tests; `idle()` resolves when nothing runs and nothing waits.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { git, readFileAt } from "./git-remote.js";
import { terminateOrphans, TRACKING_VARIABLE } from "./orphan-processes.js";
import { repositoryJson } from "./shapes.js";
import { actionBundle } from "./shipped-paths.js";
import type { QueuedRun, Runner, StandIn } from "./stand-in.js";

/** GitHub's cancellation: SIGINT, then SIGTERM this long after, then SIGKILL this long after that. */
export const CANCEL_TIMINGS = { sigtermAfterMs: 7_500, sigkillAfterMs: 2_500 } as const;

/** The shipped Action bundle (`dist/action/index.js`). */
export function defaultActionEntry(): string {
  return actionBundle();
}

/** The secrets and variables the workflow's `with:` passes (`vars.FOREMAN_APP_ID`, `secrets.*`). */
export interface WorkflowCredentials {
  appId?: string;
  appPrivateKey?: string;
  stateKey?: string;
}

export interface ActionsEmulatorOptions {
  standIn: StandIn;
  credentials: WorkflowCredentials;
  /** The script the step runs with `node` (default {@link defaultActionEntry}). */
  actionEntry?: string;
  /** Arguments for `node` before the entry (a test running TypeScript passes `--import tsx`). */
  nodeArgs?: readonly string[];
  /** The step's `env:` (an agent's model key, say): added to the child's environment. */
  stepEnv?: Readonly<Record<string, string>>;
  /** Where each run's workspace and temp directory go (default a fresh temporary directory, removed by `close`). */
  workDir?: string;
  timings?: { sigtermAfterMs: number; sigkillAfterMs: number };
  /** Each line the step prints, as it comes. */
  onLog?: (runId: number, line: string) => void;
  /**
   * Runners available at once (default unlimited). GitHub runs at most 20 jobs of an account at a
   * time on the free plan (more on paid plans): a run past that waits for a runner, queued, before
   * its step starts (the bench's 200-session figure).
   */
  maxConcurrentRuns?: number;
}

export type EmulatedRunState = "pending" | "running" | "completed";
export type RunConclusion = "success" | "failure" | "cancelled";

/** One workflow run as the emulator saw it. */
export interface EmulatedRun {
  runId: number;
  owner: string;
  repo: string;
  /** `inputs.issue`, when dispatched with one. */
  issue: string | undefined;
  /** The run's title (the workflow's `run-name`). */
  title: string;
  /** The concurrency group (`foreman-<issue>`). */
  group: string;
  inputs: Readonly<Record<string, string>>;
  state: EmulatedRunState;
  conclusion?: RunConclusion;
  /** Why a run ended the way it did when the step did not decide it (cancelled while pending, killed…). */
  note?: string;
  /** `GITHUB_OUTPUT` after the step, parsed. */
  outputs: Record<string, string>;
  /** `GITHUB_STEP_SUMMARY` after the step. */
  summary: string;
  /** What the step printed (stdout and stderr, interleaved). */
  log: string;
  /** Signals sent to the step, in order. */
  signals: NodeJS.Signals[];
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  /** Wall-clock milliseconds (the emulator's own bookkeeping). */
  queuedAt: number;
  startedAt?: number;
  endedAt?: number;
}

interface Slot {
  record: EmulatedRun;
  queued: QueuedRun;
  child?: ChildProcess;
  /** Cancel asked while the job was being set up (clone): honoured before the step starts. */
  cancelRequested: boolean;
  killed: boolean;
  timers: NodeJS.Timeout[];
}

interface Group {
  running?: Slot;
  pending?: Slot;
}

/** The concurrency group of the shipped workflow: `foreman-${{ inputs.issue || 'sweep' }}`. */
export function concurrencyGroup(inputs: Readonly<Record<string, string>>): string {
  return `foreman-${inputs["issue"] || "sweep"}`;
}

/**
 * `GITHUB_OUTPUT` as `@actions/core` writes it: `name<<DELIMITER` … `DELIMITER` blocks, or
 * `name=value` lines.
 */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc !== null) {
      const [, name = "", delimiter = ""] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? "");
      out[name] = value.join("\n");
      continue;
    }
    const eq = line.indexOf("=");
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

/** The dispatch inputs with the workflow's declared defaults filled in (as GitHub does). */
export function withInputDefaults(workflowText: string | undefined, inputs: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  let doc: unknown;
  try {
    doc = workflowText === undefined ? undefined : parse(workflowText);
  } catch {
    doc = undefined;
  }
  const on: unknown = isRecord(doc) ? doc["on"] : undefined;
  const dispatch: unknown = isRecord(on) ? on["workflow_dispatch"] : undefined;
  const declared: unknown = isRecord(dispatch) ? dispatch["inputs"] : undefined;
  if (isRecord(declared))
    for (const [name, spec] of Object.entries(declared)) {
      const d: unknown = isRecord(spec) ? spec["default"] : undefined;
      if (d !== undefined && d !== null) out[name] = String(d);
    }
  return { ...out, ...inputs };
}

/**
 * The step's `with:` of the shipped workflow, evaluated for a `workflow_dispatch` event, plus
 * the Action's declared defaults (`github-token: ${{ github.token }}`, …): what becomes `INPUT_*`.
 */
export function stepInputs(inputs: Readonly<Record<string, string>>, credentials: WorkflowCredentials, githubToken: string): Record<string, string> {
  return {
    "github-token": githubToken,
    "app-id": credentials.appId ?? "",
    "app-private-key": credentials.appPrivateKey ?? "",
    "state-key": credentials.stateKey ?? "",
    issue: inputs["issue"] ?? "",
    reason: inputs["reason"] || "sweep",
    mode: inputs["mode"] ?? "run",
    agent: "",
    "agent-command": "",
    "config-path": ".github/foreman.yml",
  };
}

/** `INPUT_<NAME>` as the runner names it: upper case, spaces as `_`, dashes kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}

export class ActionsEmulator implements Runner {
  readonly #options: ActionsEmulatorOptions;
  readonly #timings: { sigtermAfterMs: number; sigkillAfterMs: number };
  readonly #runs = new Map<number, Slot>();
  readonly #groups = new Map<string, Group>();
  readonly #waiters: (() => void)[] = [];
  readonly #jobs = new Set<Promise<void>>();
  #workDir: string | undefined;
  #closed = false;
  /** Runs holding a runner, and the runs waiting for one (first come, first served). */
  #onRunners = 0;
  readonly #waitingForRunner: (() => void)[] = [];

  constructor(options: ActionsEmulatorOptions) {
    this.#options = options;
    this.#timings = options.timings ?? CANCEL_TIMINGS;
    this.#workDir = options.workDir;
  }

  /** The stand-in's hook: a dispatched run is queued. */
  queued(run: QueuedRun): void {
    const inputs = { ...run.inputs };
    const record: EmulatedRun = {
      runId: run.runId,
      owner: run.owner,
      repo: run.repo,
      issue: inputs["issue"] || undefined,
      title: run.displayTitle,
      group: concurrencyGroup(inputs),
      inputs,
      state: "pending",
      outputs: {},
      summary: "",
      log: "",
      signals: [],
      exitCode: null,
      exitSignal: null,
      queuedAt: Date.now(),
    };
    const slot: Slot = { record, queued: run, cancelRequested: false, killed: false, timers: [] };
    this.#runs.set(run.runId, slot);
    if (this.#closed) {
      this.#conclude(slot, "cancelled", "the emulator was closed");
      return;
    }
    const group = this.#group(record.group);
    if (group.running === undefined) {
      this.#start(group, slot);
      return;
    }
    const older = group.pending;
    group.pending = slot;
    if (older !== undefined) this.#conclude(older, "cancelled", `a newer run (${run.runId}) was queued in concurrency group ${record.group}`);
  }

  /** The stand-in's hook: cancel asked (the API's `/cancel`). */
  cancel(run: QueuedRun): void {
    const slot = this.#runs.get(run.runId);
    if (slot === undefined || slot.record.state === "completed") return;
    if (slot.record.state === "pending") {
      const group = this.#group(slot.record.group);
      if (group.pending === slot) delete group.pending;
      this.#conclude(slot, "cancelled", "cancelled while pending");
      return;
    }
    slot.cancelRequested = true;
    const child = slot.child;
    if (child === undefined) return;
    this.#signal(slot, "SIGINT");
    slot.timers.push(
      setTimeout(() => {
        this.#signal(slot, "SIGTERM");
        slot.timers.push(setTimeout(() => this.#killTree(slot), this.#timings.sigkillAfterMs));
      }, this.#timings.sigtermAfterMs),
    );
  }

  /** The runner dies mid-step: SIGKILL to the step's whole process tree; the run concludes `failure`. */
  kill(runId: number): void {
    const slot = this.#runs.get(runId);
    if (slot === undefined || slot.record.state !== "running") throw new Error(`Run ${runId} is not running: nothing to kill (see runs()).`);
    slot.killed = true;
    if (slot.child !== undefined) this.#killTree(slot);
  }

  /** Every run seen, oldest first. */
  runs(): EmulatedRun[] {
    return [...this.#runs.values()].map((s) => s.record).sort((a, b) => a.runId - b.runId);
  }

  run(runId: number): EmulatedRun | undefined {
    return this.#runs.get(runId)?.record;
  }

  /** Resolves when no run is running or pending. */
  idle(): Promise<void> {
    if (this.#busy() === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Kills what still runs (SIGKILL), waits for the jobs to end, removes the work directory it made. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const group of this.#groups.values()) {
      if (group.pending !== undefined) this.#conclude(group.pending, "cancelled", "the emulator was closed");
      delete group.pending;
    }
    for (const slot of this.#runs.values())
      if (slot.record.state === "running") {
        slot.killed = true;
        if (slot.child !== undefined) this.#killTree(slot);
      }
    while (this.#jobs.size > 0) await Promise.all([...this.#jobs]);
    if (this.#options.workDir === undefined && this.#workDir !== undefined) await rm(this.#workDir, { recursive: true, force: true });
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────

  #group(name: string): Group {
    let group = this.#groups.get(name);
    if (group === undefined) {
      group = {};
      this.#groups.set(name, group);
    }
    return group;
  }

  #busy(): number {
    return [...this.#runs.values()].filter((s) => s.record.state !== "completed").length;
  }

  #start(group: Group, slot: Slot): void {
    group.running = slot;
    slot.record.state = "running";
    slot.record.startedAt = Date.now();
    const job = this.#job(slot)
      .catch((error: unknown) => {
        slot.record.log += `\n[emulator] the job could not run: ${error instanceof Error ? error.message : String(error)}\n`;
        return "failure" as const;
      })
      .then((conclusion) => {
        this.#conclude(slot, conclusion);
        if (group.running === slot) delete group.running;
        const next = group.pending;
        if (next !== undefined && !this.#closed) {
          delete group.pending;
          this.#start(group, next);
        }
        this.#wake();
      })
      .finally(() => this.#jobs.delete(job));
    this.#jobs.add(job);
  }

  async #job(slot: Slot): Promise<RunConclusion> {
    await this.#takeRunner();
    try {
      return await this.#step(slot);
    } finally {
      this.#onRunners--;
      this.#waitingForRunner.shift()?.();
    }
  }

  /** Resolves once a runner is free (`maxConcurrentRuns`), and holds it. */
  async #takeRunner(): Promise<void> {
    const max = this.#options.maxConcurrentRuns ?? Number.POSITIVE_INFINITY;
    while (this.#onRunners >= max) await new Promise<void>((resolve) => this.#waitingForRunner.push(resolve));
    this.#onRunners++;
  }

  async #step(slot: Slot): Promise<RunConclusion> {
    const { standIn } = this.#options;
    const q = slot.queued;
    const handle = { owner: q.owner, name: q.repo, gitDir: q.gitDir, defaultBranch: q.ref };
    standIn.startRun(handle, q.runId);
    this.#workDir ??= await mkdtemp(path.join(tmpdir(), "foreman-actions-"));
    const runDir = path.join(this.#workDir, `run-${q.runId}`);
    const workspace = path.join(runDir, "work", q.repo, q.repo);
    const runnerTemp = path.join(runDir, "_temp");
    const files = path.join(runDir, "_runner_file_commands");
    await mkdir(runnerTemp, { recursive: true });
    await mkdir(files, { recursive: true });
    // actions/checkout, persist-credentials: false, fetch-depth: 0: origin is the remote, no credential stored.
    await git(["clone", "--quiet", "--no-checkout", q.gitDir, workspace]);
    await git(["checkout", "--quiet", "--force", "-B", q.ref, q.headSha], { cwd: workspace });
    const workflowText = await readFileAt(q.gitDir, q.headSha, `.github/workflows/${q.workflowFile}`);
    const inputs = withInputDefaults(workflowText, q.inputs);
    slot.record.inputs = inputs;
    const eventPath = path.join(runDir, "event.json");
    const outputPath = path.join(files, "set_output");
    const summaryPath = path.join(files, "step_summary");
    const repo = standIn.world.repo(q.owner, q.repo);
    await writeFile(
      eventPath,
      JSON.stringify({
        inputs,
        ref: `refs/heads/${q.ref}`,
        repository: repositoryJson(standIn.world, repo),
        sender: { login: q.actor, type: "User" },
        workflow: `.github/workflows/${q.workflowFile}`,
      }),
    );
    await writeFile(outputPath, "");
    await writeFile(summaryPath, "");
    if (slot.cancelRequested || slot.killed) return slot.killed ? "failure" : "cancelled";
    const token = standIn.runToken(handle);
    const trackingId = `github_${randomUUID()}`;
    const env: Record<string, string> = {
      PATH: process.env["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
      HOME: process.env["HOME"] ?? tmpdir(),
      ...this.#options.stepEnv,
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_API_URL: standIn.url,
      GITHUB_GRAPHQL_URL: `${standIn.url}/graphql`,
      GITHUB_SERVER_URL: standIn.url,
      GITHUB_REPOSITORY: `${q.owner}/${q.repo}`,
      GITHUB_REPOSITORY_OWNER: q.owner,
      GITHUB_RUN_ID: String(q.runId),
      GITHUB_RUN_NUMBER: String(q.runNumber),
      GITHUB_RUN_ATTEMPT: "1",
      GITHUB_WORKFLOW: q.workflowFile.replace(/\.ya?ml$/, ""),
      GITHUB_WORKFLOW_REF: `${q.owner}/${q.repo}/.github/workflows/${q.workflowFile}@refs/heads/${q.ref}`,
      GITHUB_JOB: "foreman",
      GITHUB_EVENT_NAME: "workflow_dispatch",
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REF: `refs/heads/${q.ref}`,
      GITHUB_REF_NAME: q.ref,
      GITHUB_REF_TYPE: "branch",
      GITHUB_SHA: q.headSha,
      GITHUB_ACTOR: q.actor,
      GITHUB_TRIGGERING_ACTOR: q.actor,
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputPath,
      GITHUB_STEP_SUMMARY: summaryPath,
      RUNNER_TEMP: runnerTemp,
      RUNNER_OS: "Linux",
      RUNNER_ARCH: "X64",
      RUNNER_NAME: "foreman-stand-in-runner",
      [TRACKING_VARIABLE]: trackingId,
    };
    for (const [name, value] of Object.entries(stepInputs(inputs, this.#options.credentials, token))) env[inputVariable(name)] = value;
    const entry = this.#options.actionEntry ?? defaultActionEntry();
    const child = spawn(process.execPath, [...(this.#options.nodeArgs ?? []), entry], {
      cwd: workspace,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    slot.child = child;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.on("error", (error) => {
        slot.record.log += `[emulator] could not start node ${entry}: ${error.message}\n`;
        resolve({ code: null, signal: null });
      });
      child.on("close", (code, signal) => resolve({ code, signal }));
    });
    let partial = "";
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      slot.record.log += text;
      partial += text;
      const lines = partial.split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) this.#options.onLog?.(q.runId, line);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    // A cancel that came while the step was starting.
    if (slot.cancelRequested) this.cancel(q);
    if (slot.killed) this.#killTree(slot);
    const { code, signal } = await exited;
    if (partial !== "") this.#options.onLog?.(q.runId, partial);
    for (const pid of await terminateOrphans(trackingId)) slot.record.log += `[emulator] Terminate orphan process: pid (${pid})\n`;
    for (const t of slot.timers) clearTimeout(t);
    slot.record.exitCode = code;
    slot.record.exitSignal = signal;
    slot.record.outputs = parseOutputFile(await readFile(outputPath, "utf8").catch(() => ""));
    slot.record.summary = await readFile(summaryPath, "utf8").catch(() => "");
    if (slot.killed) return "failure";
    if (slot.cancelRequested) return "cancelled";
    return code === 0 ? "success" : "failure";
  }

  #signal(slot: Slot, signal: NodeJS.Signals): void {
    const child = slot.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    slot.record.signals.push(signal);
    child.kill(signal);
  }

  #killTree(slot: Slot): void {
    const child = slot.child;
    if (child?.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    slot.record.signals.push("SIGKILL");
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      child.kill("SIGKILL");
    }
  }

  #conclude(slot: Slot, conclusion: RunConclusion, note?: string): void {
    if (slot.record.state === "completed") return;
    slot.record.state = "completed";
    slot.record.conclusion = conclusion;
    slot.record.endedAt = Date.now();
    if (note !== undefined) slot.record.note = note;
    const q = slot.queued;
    this.#options.standIn.finishRun({ owner: q.owner, name: q.repo, gitDir: q.gitDir, defaultBranch: q.ref }, q.runId, conclusion);
    this.#wake();
  }

  #wake(): void {
    if (this.#busy() > 0) return;
    for (const resolve of this.#waiters.splice(0)) resolve();
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
