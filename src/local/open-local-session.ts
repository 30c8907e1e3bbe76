/**
 * Local mode's one way into a session: the repository's git dir holds Foreman's state
 * (`<git-common-dir>/foreman`), a clone with its own `.git` in the user's cache holds the agent's work, and
 * the engine runs through the local adapters. `run` starts a session; `resume`, `approve`,
 * `reject` and `cancel` continue one. The decisions (which session, whether an id may be
 * taken, today's usage, whether the workspace goes) are the core's; this file carries them out.
 */
import { existsSync } from "node:fs";
import { readFile, rmdir } from "node:fs/promises";
import path from "node:path";
import { getPreset } from "../agents/index.js";
import type { AgentPreset, Config } from "../core/config.js";
import { parseConfig } from "../core/config.js";
import { effectiveRunBudget } from "../core/budget.js";
import { utcDay } from "../core/daily-usage.js";
import { commandForm, PreflightError, preflightProblems } from "../core/preflight.js";
import { sanitizeUntrusted } from "../core/sanitize.js";
import { transition } from "../core/state-machine.js";
import { newSession } from "../core/state.js";
import { TEXT_CAPS } from "../core/text-caps.js";
import { failureMessage, ForemanError, UsageError } from "../core/errors.js";
import { SnapshotMismatchError } from "../core/reconcile.js";
import { InvalidSessionIdError, slugify, validateSessionId } from "../core/session-id.js";
import { candidateSessionId, idReuse, implicitSession, MAX_ID_CANDIDATES, shouldRemoveWorkspace, type SessionVerb } from "../core/sessions.js";
import type { SessionCommand } from "../core/state-machine.js";
import type { SessionState } from "../core/state.js";
import { parseTaskFile, type TaskInput } from "../core/task.js";
import { runSession, type ProgressEvent, type SessionOutcome } from "../loop/engine.js";
import { SessionNotFoundError } from "../loop/errors.js";
import type { Clock } from "../loop/ports.js";
import { LocalAttemptFiles } from "./attempt-files.js";
import { loadConfig, loadYaml, withAgent } from "./config-file.js";
import { errnoCode, errorMessage } from "./error-details.js";
import { FileStateStore } from "./file-state-store.js";
import { GitRepository, NotAGitRepositoryError } from "./git-repository.js";
import { GitWorkspace } from "./git-workspace.js";
import { JsonlLedger, LEDGER_FILE } from "./jsonl-ledger.js";
import { LocalPublisher } from "./local-publisher.js";
import { LazyProcessRunner } from "./lazy-process-runner.js";
import { probeBwrap, resolveSandbox, type BwrapProbeResult } from "./sandbox.js";
import { readSessionInputs, writeSessionInputs } from "./session-inputs.js";
import { underAdmissionLock, todaysUsage, type AdmissionOptions } from "./admission.js";
import { readAdmissionRecord, writeAdmissionRecord } from "./admission-record.js";
import { lookupCommand } from "./command-lookup.js";
import { sessionSummaries } from "./session-list.js";
import { sessionDir, stateRootFor } from "./session-paths.js";
import { cacheDir, repoId, worktreeRoot } from "./worktree-root.js";

/** What local mode takes from its host: injected, never read from the process. */
export interface LocalEnv {
  clock: Clock;
  hostEnv: Readonly<Record<string, string | undefined>>;
  signal: AbortSignal;
  onProgress: (event: ProgressEvent) => void;
  onNotice: (message: string) => void;
  /** Each chunk of output of the agent or a gate as it arrives, with its source (progress). */
  onOutput?: (source: string, text: string) => void;
}

export type LocalSessionRequest =
  | {
      kind: "run";
      /** Any directory of the repository. */
      repo: string;
      /** Markdown task file: its first `# ` heading is the title. */
      task: string;
      agent?: AgentPreset;
      agentCommand?: string;
      /** Configuration file; default `.github/foreman.yml` of the repository. */
      config?: string;
      session?: string;
    }
  | {
      kind: "continue";
      repo: string;
      verb: Exclude<SessionVerb, "status">;
      /** The session; default: the one {@link implicitSession} picks for `verb`. */
      session?: string;
      /** The person's command (`approve`, `reject`, `cancel`); none for a plain resume. */
      command?: SessionCommand;
    };

export interface LocalRepo {
  root: string;
  stateRoot: string;
  /** The common git dir, real path, when discovered here: the workspace and the publisher reuse it. */
  commonDir?: string;
}

/** Runs or continues a session, and returns where it stopped. */
export async function openLocalSession(req: LocalSessionRequest, env: LocalEnv): Promise<SessionOutcome> {
  // A run's task file is read while the repository is discovered; a failure of either is
  // reported in the same order as before (the repository first).
  const taskText = req.kind === "run" ? settledLater(readTaskText(req.task)) : undefined;
  // The configuration's parser loads while git looks for the repository (a failure to load is
  // met again where the configuration is read).
  if (req.kind === "run") void settledLater(loadYaml());
  const repo = await openRepo(req.repo);
  const a = adapters(repo, env);
  const admission: AdmissionOptions = { stateRoot: repo.stateRoot, store: a.store, now: () => env.clock.now(), onNotice: env.onNotice };
  let prepared: Prepared;
  let dailySpentUsd: number | undefined;
  let bwrap: string | null = null;
  /** `sandbox: auto`'s verdict, taken only when the runner is built (the probe goes on meanwhile). */
  let autoSandbox: Promise<string | null> | undefined;
  if (req.kind === "run") {
    const input = await readRunInput(req, repo, await (taskText ?? readTaskText(req.task)));
    // The sandbox probe (a bwrap run) goes on while the commands are looked up, the run is
    // admitted and its workspace is made.
    const probing = earlyProbe(input.config, env);
    // Before anything is created or counted: a run that cannot start costs nothing (a missing
    // agent or gate command, or `sandbox: required` without bubblewrap).
    await preflight(input.config, env.hostEnv);
    if (input.config.sandbox === "required") bwrap = await resolveSandbox(input.config.sandbox, { ...env, probe: () => probing });
    else autoSandbox = laterVerdict(input.config.sandbox, probing, env);
    const admitted = await admitRun(req, repo, a.store, input, admission);
    if (admitted.kind === "refused") {
      // Its notice (no sandbox here) is said as before, though nothing will run.
      await autoSandbox?.catch(() => null);
      for (const note of admitted.notes) env.onNotice(note);
      return { state: admitted.state };
    }
    prepared = admitted.prepared;
    dailySpentUsd = admitted.dailySpentUsd;
  } else {
    prepared = await prepareContinue(req, repo, a.store, env);
  }
  const { sessionId } = prepared;
  const lock = await a.store.lock(sessionId);
  try {
    const dir = sessionDir(repo.stateRoot, sessionId);
    let inputs: { task: TaskInput; config: Config };
    let workspace: GitWorkspace;
    const root = worktreeRoot(cacheDir(env.hostEnv), { root: repo.root, id: await repoId(repo.stateRoot) }, sessionId);
    let state: SessionState | null = await a.store.load(sessionId);
    if (prepared.kind === "new") {
      // Checked again under the lock: another run may have created it in between.
      if (state) refuseId(sessionId, state, true);
      inputs = { task: prepared.task, config: prepared.config };
      await writeSessionInputs(dir, prepared.task, prepared.rawConfig);
      // No saved session owns this id (checked under the lock): a workspace there is what a
      // start that died before its first save left. Remove it and start afresh.
      if (await GitWorkspace.discardLeftover({ repo: repo.root, stateRoot: root })) {
        env.onNotice(`Removed the workspace a run that stopped before saving session "${sessionId}" left at ${root}.`);
      }
      workspace = await GitWorkspace.create({
        repo: repo.root,
        sessionId,
        stateRoot: root,
        scratch: scratchOf(inputs.config),
        ...(repo.commonDir === undefined ? {} : { discovered: { commonDir: repo.commonDir, toplevel: repo.root } }),
      });
    } else {
      inputs = await readSessionInputs(dir);
      if (!state) throw new SessionNotFoundError(sessionId);
      // A resume starts the agent again: the same checks as a run, before any cost.
      if (req.kind === "continue" && req.verb === "resume") await preflight(inputs.config, env.hostEnv);
      bwrap = await resolveSandbox(inputs.config.sandbox, env);
      workspace = await GitWorkspace.open({
        repo: repo.root,
        sessionId,
        stateRoot: root,
        scratch: scratchOf(inputs.config),
        ...(state.baseSha ? { baseSha: state.baseSha } : {}),
      });
      dailySpentUsd = await readmitExisting(req, sessionId, state, inputs.config, admission);
    }
    if (autoSandbox !== undefined) {
      bwrap = await autoSandbox.catch(async (error: unknown) => {
        // Nothing was saved yet: the workspace goes, as when the engine refuses a new session.
        await discardUnsaved(a.store, sessionId, workspace);
        throw error;
      });
    }
    // A new session's first attempt begins by measuring the unchanged base: taken here, while the
    // engine checks the branch and saves the new session (which touch the clone not at all). The
    // workspace remembers the answers and serializes its operations; it never fails (a problem is
    // met again, and reported, where the engine asks).
    const measuring = prepared.kind === "new" ? workspace.measureBase() : Promise.resolve();
    const author = env.hostEnv["USER"] ?? "local user";
    const outcome = await runSession(
      {
        ...a,
        // The agent and the gates may write their clone and the attempt files (LocalAttemptFiles' layout), nothing else.
        ...(bwrap === null ? {} : { runner: new LazyProcessRunner({ sandbox: { bwrap, writable: [workspace.dir, path.join(dir, "attempts")] } }) }),
        files: new LocalAttemptFiles(dir),
        clock: env.clock,
        hostEnv: env.hostEnv,
        onProgress: env.onProgress,
        surface: "local",
        ...(env.onOutput === undefined ? {} : { onOutput: env.onOutput }),
      },
      {
        sessionId,
        config: inputs.config,
        task: inputs.task,
        preset: getPreset(inputs.config.agent.preset),
        repoRoot: repo.root,
        workspace,
        signal: env.signal,
        // Unknown (never here: both paths set it) counts as the whole cap used.
        dailySpentUsd: dailySpentUsd ?? Number.NaN,
        ...(req.kind === "continue" && req.command === undefined ? { resumeAuthor: author } : {}),
        ...(req.kind === "continue" && req.command !== undefined ? { command: { author, command: req.command } } : {}),
      },
    ).catch(async (error: unknown) => {
      await measuring;
      if (prepared.kind === "new") await discardUnsaved(a.store, sessionId, workspace);
      // The engine does not know file names: say which of this session's files to restore.
      if (error instanceof SnapshotMismatchError) throw new LocalSnapshotMismatchError(error, path.join(dir, LEDGER_FILE));
      throw error;
    });
    await measuring;
    state = outcome.state;
    if (shouldRemoveWorkspace(state)) await removeWorkspace(workspace, root, env.onNotice);
    return outcome;
  } finally {
    // A lock that cannot be removed must not hide the run's own error or outcome: once this
    // process exits the lock is stale, and the session's next run takes it over.
    await lock.release().catch((error: unknown) => {
      env.onNotice(`Could not remove the lock of session ${sessionId}: ${failureMessage(error)} The next run of the session removes it.`);
    });
  }
}

/**
 * The session is over: its workspace and the folder it lived in go. The outcome is saved
 * already, so a failure here is told, not thrown: the next `resume` of the session (or
 * `foreman clean`) removes what is left.
 */
async function removeWorkspace(workspace: GitWorkspace, root: string, notice: (message: string) => void): Promise<void> {
  try {
    await workspace.dispose();
    await rmdir(root).catch((error: unknown) => {
      // Something other than the workspace lives there: it is not Foreman's to delete.
      if (errnoCode(error) !== "ENOENT" && errnoCode(error) !== "ENOTEMPTY") throw error;
    });
  } catch (error) {
    notice(`Could not remove the workspace ${root}: ${failureMessage(error)} Run "foreman resume" on the session again to remove it.`);
  }
}

/**
 * The agent's command and the configured gates, checked before a session is created or any cost
 * counted (`core/preflight.ts` decides, `command-lookup.ts` looks). The agent is started with the
 * host's PATH (the scrubbed environment keeps it), so that is the PATH searched.
 */
async function preflight(config: Config, hostEnv: LocalEnv["hostEnv"]): Promise<void> {
  const preset = getPreset(config.agent.preset);
  // Presets are pure: placeholder paths give the same argv[0] as a real attempt.
  const placeholder = "/nonexistent/foreman-preflight";
  const argv0 = preset.invocation({
    attempt: 1,
    worktree: placeholder,
    taskFile: placeholder,
    feedbackFile: placeholder,
    resultFile: placeholder,
    promptFile: placeholder,
    repoRoot: placeholder,
    agent: config.agent,
  }).argv[0];
  const form = commandForm(argv0);
  const problems = preflightProblems({
    agent: { preset: config.agent.preset, form, lookup: await lookupCommand(form, hostEnv["PATH"]) },
    gates: config.gates,
    allowlist: config.gate_allowlist,
  });
  if (problems.length > 0) throw new PreflightError(problems);
}

/** The bubblewrap probe, started now (never for `sandbox: off`); a failure is the awaiting caller's to see. */
function earlyProbe(config: Config, env: LocalEnv): Promise<BwrapProbeResult> {
  if (config.sandbox === "off") return Promise.resolve({ available: false, reason: "sandbox: off" });
  // Handled where it is awaited; marked here so that a failure while preflight runs is not reported as unhandled.
  return settledLater(probeBwrap(env.hostEnv));
}

/**
 * The verdict of `sandbox: auto` or `off`, taken once the probe is done but awaited later; its
 * notice (no working bwrap here) is said when the verdict is awaited, not in the middle of
 * whatever runs meanwhile.
 */
function laterVerdict(mode: Config["sandbox"], probing: Promise<BwrapProbeResult>, env: LocalEnv): Promise<string | null> {
  const notices: string[] = [];
  const verdict = resolveSandbox(mode, { hostEnv: env.hostEnv, onNotice: (message) => notices.push(message), probe: () => probing });
  return settledLater(
    verdict.then((bwrap) => {
      for (const message of notices.splice(0)) env.onNotice(message);
      return bwrap;
    }),
  );
}

/** A whole per-run budget: what a session that cannot be read counts for today (fail closed). */
function perRunUsd(config: Config): number {
  return Math.min(config.budget.per_run.usd, config.limits.per_run.usd ?? Number.POSITIVE_INFINITY);
}

type RunInput = { task: TaskInput; config: Config; rawConfig: unknown };

type Admitted =
  | { kind: "admitted"; prepared: Prepared; dailySpentUsd: number }
  /** Refused by the daily cap: nothing was created; `state` is what the run reports (never saved). */
  | { kind: "refused"; state: SessionState; notes: string[] };

/**
 * Picks the new session's id, counts today's usage and records the reservation, as one step
 * under the repository's admission lock: two runs can never be admitted the same remainder.
 * A run the cap refuses creates nothing.
 */
async function admitRun(
  req: Extract<LocalSessionRequest, { kind: "run" }>,
  repo: LocalRepo,
  store: FileStateStore,
  input: RunInput,
  admission: AdmissionOptions,
): Promise<Admitted> {
  return underAdmissionLock(admission, async () => {
    const sessionId = await pickRunId(req, repo, store);
    const dailySpentUsd = await todaysUsage(admission, { sessionId, unreadableUsd: perRunUsd(input.config) });
    const effective = effectiveRunBudget({ config: input.config, labels: [], budgetOverrideUsd: null, dailySpentUsd });
    const nowMs = admission.now();
    if (effective.exhausted) {
      return { kind: "refused", state: refusedByDailyCap(sessionId, input, nowMs, effective.notes), notes: effective.notes };
    }
    await writeAdmissionRecord(sessionDir(repo.stateRoot, sessionId), {
      day: utcDay(nowMs),
      usd: effective.budget.usd,
      at: new Date(nowMs).toISOString(),
    });
    return { kind: "admitted", prepared: { kind: "new", sessionId, ...input }, dailySpentUsd };
  });
}

/** The state a run refused by the daily cap reports: ended `budget_exhausted`, no attempt, nothing spent. */
function refusedByDailyCap(sessionId: string, input: RunInput, nowMs: number, notes: readonly string[]): SessionState {
  const at = new Date(nowMs).toISOString();
  const title = sanitizeUntrusted(input.task.title, { maxLength: TEXT_CAPS.title }).replace(/\s+/g, " ").trim();
  const fresh = newSession({
    sessionId,
    now: at,
    title,
    ...(input.task.issue === undefined ? {} : { issue: input.task.issue }),
    budget: input.config.budget.per_run,
  });
  const note = notes.at(-1) ?? "Today's USD cap is used up.";
  return transition(fresh, { type: "ended", at, reason: "budget_exhausted", note: `${note} The run was refused; nothing was created.` }).state;
}

/**
 * Today's usage for a session that already exists. A resume is admitted again (under the
 * admission lock, with its admission record renewed): from then on it reserves today, even when
 * its run died on an earlier day.
 */
async function readmitExisting(
  req: LocalSessionRequest,
  sessionId: string,
  state: SessionState,
  config: Config,
  admission: AdmissionOptions,
): Promise<number> {
  const at = { sessionId, unreadableUsd: perRunUsd(config) };
  if (!(req.kind === "continue" && req.verb === "resume")) return todaysUsage(admission, at);
  return underAdmissionLock(admission, async () => {
    const usage = await todaysUsage(admission, at);
    const nowMs = admission.now();
    const remaining = Math.max(0, Math.round((state.budget.usd - state.spent.costUsd) * 1e6) / 1e6);
    await writeAdmissionRecord(sessionDir(admission.stateRoot, sessionId), {
      day: utcDay(nowMs),
      usd: remaining,
      at: new Date(nowMs).toISOString(),
    });
    return usage;
  });
}

/**
 * A new session refused before its first save (its branch is taken, …) keeps no workspace: a
 * workspace without a session would only be in the next run's way. Best effort: the refusal
 * is what the person needs to see, never a failing cleanup.
 */
async function discardUnsaved(store: FileStateStore, sessionId: string, workspace: GitWorkspace): Promise<void> {
  const saved = await store.load(sessionId).then(
    (state) => state !== null,
    () => true,
  );
  if (!saved) await workspace.dispose().catch(() => undefined);
}

/** The state of a session (`status`), the latest one when none is named. */
export async function readLocalSession(req: { repo: string; session?: string }, env: LocalEnv): Promise<SessionState> {
  const repo = await openRepo(req.repo);
  const sessionId = req.session === undefined ? await pickImplicit(repo, "status") : userSessionId(req.session);
  const state = await adapters(repo, env).store.load(sessionId);
  if (!state) throw new SessionNotFoundError(sessionId);
  return state;
}

/** The repository around `dir` and its local state root; a usage error when `dir` is not in one. */
export async function openRepo(dir: string): Promise<LocalRepo> {
  try {
    const found = await GitRepository.discover(dir);
    if (found.topLevel === null) throw new NotAGitRepositoryError(dir);
    return { root: found.topLevel, stateRoot: stateRootFor(found.commonDir), commonDir: found.commonDir };
  } catch (e) {
    if (!(e instanceof NotAGitRepositoryError)) throw e;
    throw new UsageError(`"${dir}" is not inside a git repository. Pass --repo DIR pointing at one (git init && git commit first).`, { cause: e });
  }
}

function adapters(repo: LocalRepo, env: LocalEnv) {
  return {
    store: new FileStateStore({ root: repo.stateRoot, now: () => env.clock.now(), onNotice: env.onNotice }),
    ledger: new JsonlLedger({ root: repo.stateRoot, onNotice: env.onNotice }),
    runner: new LazyProcessRunner(),
    publisher: new LocalPublisher({ repo: repo.root, ...(repo.commonDir === undefined ? {} : { commonDir: repo.commonDir }) }),
  };
}

function scratchOf(config: Config): readonly string[] {
  return getPreset(config.agent.preset).scratchPaths ?? [];
}

type Prepared = ({ kind: "new"; sessionId: string } & RunInput) | { kind: "existing"; sessionId: string };

/** The task file's text; a usage error that names the file when it cannot be read. */
async function readTaskText(file: string): Promise<string> {
  try {
    return await readFile(path.resolve(file), "utf8");
  } catch (e) {
    throw new UsageError(`Cannot read the task file "${file}": ${errorMessage(e)}`);
  }
}

/**
 * A promise started now and awaited later: a rejection before then is not reported as
 * unhandled (it is still thrown where the promise is awaited).
 */
function settledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** The task and configuration of a new run, read and validated (nothing is created). */
async function readRunInput(req: Extract<LocalSessionRequest, { kind: "run" }>, repo: LocalRepo, taskText: string): Promise<RunInput> {
  const task = parseTaskFile(taskText);
  if (!task.title) throw new UsageError(`The task file "${req.task}" is empty: write a "# Title" line and a description.`);
  const loaded = await loadConfig(req.config, repo.root);
  const rawConfig = withAgent(loaded.raw, req.agent, req.agentCommand);
  const config = rawConfig === loaded.raw ? loaded.config : parseConfig(rawConfig);
  return { task, config, rawConfig };
}

/**
 * The id a new run takes: the one asked for, or the first free one derived from the task file's
 * name. A derived id another run was just admitted under (an admission record, no state yet) is
 * taken: the next one is tried, so concurrent runs of one task file get distinct ids.
 */
async function pickRunId(req: Extract<LocalSessionRequest, { kind: "run" }>, repo: LocalRepo, store: FileStateStore): Promise<string> {
  const explicit = req.session !== undefined;
  const base = userSessionId(req.session ?? slugify(path.basename(req.task).replace(/\.[^.]*$/, "")));
  for (let i = 1; i <= MAX_ID_CANDIDATES; i++) {
    const id = candidateSessionId(base, i);
    const existing = await store.load(id);
    const verdict = idReuse(existing, explicit);
    if (verdict.kind === "free") {
      if (!explicit && (await admittedWithoutState(sessionDir(repo.stateRoot, id)))) continue;
      return id;
    }
    if (verdict.kind === "next") continue;
    if (verdict.kind === "running") {
      // Running: either a live run holds it (its lock says who), or its run died (then it can be resumed).
      const lock = await store.lock(id);
      await lock.release();
    }
    refuseId(id, existing!, explicit);
  }
  throw new UsageError(`Too many sessions named "${base}". Pass --session ID.`);
}

/** Whether another run was admitted under this id (a damaged record counts as admitted). */
async function admittedWithoutState(dir: string): Promise<boolean> {
  try {
    return (await readAdmissionRecord(dir)) !== null;
  } catch {
    return true;
  }
}

/** Throws the UsageError that says why a new run cannot take `id`, and what to do instead. */
function refuseId(id: string, existing: Pick<SessionState, "status" | "reason">, explicit: boolean): never {
  const verdict = idReuse(existing, explicit);
  switch (verdict.kind) {
    case "running":
      throw new UsageError(`Session "${id}" was left running by a run that died. Continue it with "foreman resume ${id}".`);
    case "paused": {
      const next = verdict.status === "awaiting_approval" ? `foreman approve ${id}" or "foreman reject ${id}` : `foreman resume ${id}`;
      throw new UsageError(`Session "${id}" is ${verdict.status.replace("_", " ")}. Continue it with "${next}".`);
    }
    case "free":
    case "next":
    case "ended":
      throw new UsageError(`Session "${id}" has already ended (${existing.reason ?? "unknown"}). Choose another --session.`);
  }
}

async function prepareContinue(
  req: Extract<LocalSessionRequest, { kind: "continue" }>,
  repo: LocalRepo,
  store: FileStateStore,
  env: LocalEnv,
): Promise<Prepared> {
  const sessionId = req.session !== undefined ? userSessionId(req.session) : await pickImplicit(repo, req.verb);
  if (!(await store.load(sessionId))) {
    await discardDeadStart(repo, store, sessionId, env);
    throw new SessionNotFoundError(sessionId);
  }
  return { kind: "existing", sessionId };
}

/**
 * No saved session has this id: a workspace under it is what a start that died before its
 * first save left. It is removed (under the session's lock, checked again there), so the id is
 * not wedged for a later `run`; nothing else is created.
 */
async function discardDeadStart(repo: LocalRepo, store: FileStateStore, sessionId: string, env: LocalEnv): Promise<void> {
  let cache: string;
  try {
    cache = cacheDir(env.hostEnv);
  } catch {
    return; // No cache directory: no workspace can have been made either.
  }
  const root = worktreeRoot(cache, { root: repo.root, id: await repoId(repo.stateRoot) }, sessionId);
  if (!existsSync(root)) return;
  const lock = await store.lock(sessionId);
  try {
    if ((await store.load(sessionId)) !== null) return;
    if (await GitWorkspace.discardLeftover({ repo: repo.root, stateRoot: root })) {
      env.onNotice(`Removed the workspace a run that stopped before saving session "${sessionId}" left at ${root}.`);
    }
  } finally {
    await lock.release();
  }
}

async function pickImplicit(repo: LocalRepo, verb: SessionVerb): Promise<string> {
  const picked = implicitSession(await sessionSummaries(repo.stateRoot), verb);
  switch (picked.kind) {
    case "found":
      return picked.sessionId;
    case "none":
      throw new UsageError(`No Foreman session in ${repo.root} yet. Start one with "foreman run --task FILE".`);
    case "none_in_status":
      throw new UsageError(`No session in ${repo.root} is ${picked.status.replace("_", " ")}. Name one: foreman status SESSION.`);
  }
}

/** A session id a person typed: the one rule, reported as a usage error. */
function userSessionId(id: string): string {
  try {
    return validateSessionId(id);
  } catch (e) {
    if (e instanceof InvalidSessionIdError) throw new UsageError(e.message, { cause: e });
    throw e;
  }
}

/** A session's `state.json` contradicts its `ledger.jsonl` in a way the ledger cannot settle: names the file to restore. */
export class LocalSnapshotMismatchError extends ForemanError {
  override readonly name = "LocalSnapshotMismatchError";
  readonly kind = "corrupt";
  constructor(
    readonly mismatch: SnapshotMismatchError,
    /** The ledger file to restore from a backup. */
    readonly ledgerPath: string,
  ) {
    super(
      `Session ${mismatch.sessionId}: its state.json disagrees with its ledger (${mismatch.problems.join("; ")}). ` +
        `The ledger lacks what the state records: restore ${ledgerPath} from a backup, or end the session with "foreman cancel ${mismatch.sessionId}".`,
      { cause: mismatch },
    );
  }
}
