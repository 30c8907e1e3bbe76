/**
 * Local mode's one way into a session: the repository's git dir holds Foreman's state
 * (`<git-common-dir>/foreman`), a git worktree in the user's cache holds the agent's work, and
 * the engine runs through the local adapters. `run` starts a session; `resume`, `approve`,
 * `reject` and `cancel` continue one. The decisions (which session, whether an id may be
 * taken, today's usage, whether the workspace goes) are the core's; this file carries them out.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { getPreset } from "../agents/index.js";
import type { AgentPreset, Config } from "../core/config.js";
import { parseConfig } from "../core/config.js";
import { todaysUsageUsd } from "../core/daily-usage.js";
import { UsageError } from "../core/errors.js";
import { InvalidSessionIdError, slugify, validateSessionId } from "../core/session-id.js";
import { candidateSessionId, idReuse, implicitSession, MAX_ID_CANDIDATES, shouldRemoveWorkspace, type SessionVerb } from "../core/sessions.js";
import type { SessionCommand } from "../core/state-machine.js";
import type { SessionState } from "../core/state.js";
import { parseTaskFile, type TaskInput } from "../core/task.js";
import { runSession, type ProgressEvent, type SessionOutcome } from "../loop/engine.js";
import { SessionNotFoundError } from "../loop/errors.js";
import type { Clock } from "../loop/ports.js";
import { LocalAttemptFiles } from "./attempt-files.js";
import { loadConfig, withAgent } from "./config-file.js";
import { errorMessage } from "./error-details.js";
import { FileStateStore } from "./file-state-store.js";
import { GitRepository, NotAGitRepositoryError } from "./git-repository.js";
import { GitWorkspace } from "./git-workspace.js";
import { JsonlLedger } from "./jsonl-ledger.js";
import { LocalPublisher } from "./local-publisher.js";
import { ExecaProcessRunner } from "./process-runner.js";
import { readSessionInputs, writeSessionInputs } from "./session-inputs.js";
import { allSessions, sessionSummaries } from "./session-list.js";
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
}

/** Runs or continues a session, and returns where it stopped. */
export async function openLocalSession(req: LocalSessionRequest, env: LocalEnv): Promise<SessionOutcome> {
  const repo = await openRepo(req.repo);
  const a = adapters(repo, env);
  const prepared = req.kind === "run" ? await prepareRun(req, repo, a.store) : await prepareContinue(req, repo, a.store);
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
      workspace = await GitWorkspace.create({ repo: repo.root, sessionId, stateRoot: root, scratch: scratchOf(inputs.config) });
    } else {
      inputs = await readSessionInputs(dir);
      if (!state) throw new SessionNotFoundError(sessionId);
      workspace = await GitWorkspace.open({
        repo: repo.root,
        sessionId,
        stateRoot: root,
        scratch: scratchOf(inputs.config),
        ...(state.baseSha ? { baseSha: state.baseSha } : {}),
      });
    }
    const dailySpentUsd = todaysUsageUsd(await allSessions(repo.stateRoot, a.store), { sessionId, nowMs: env.clock.now() });
    const author = env.hostEnv["USER"] ?? "local user";
    const outcome = await runSession(
      {
        ...a,
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
        dailySpentUsd,
        ...(req.kind === "continue" && req.command === undefined ? { resumeAuthor: author } : {}),
        ...(req.kind === "continue" && req.command !== undefined ? { command: { author, command: req.command } } : {}),
      },
    );
    state = outcome.state;
    if (shouldRemoveWorkspace(state)) await workspace.dispose();
    return outcome;
  } finally {
    await lock.release();
  }
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
    return { root: found.topLevel, stateRoot: stateRootFor(found.commonDir) };
  } catch (e) {
    if (!(e instanceof NotAGitRepositoryError)) throw e;
    throw new UsageError(`"${dir}" is not inside a git repository. Pass --repo DIR pointing at one (git init && git commit first).`, { cause: e });
  }
}

function adapters(repo: LocalRepo, env: LocalEnv) {
  return {
    store: new FileStateStore({ root: repo.stateRoot, now: () => env.clock.now(), onNotice: env.onNotice }),
    ledger: new JsonlLedger({ root: repo.stateRoot, onNotice: env.onNotice }),
    runner: new ExecaProcessRunner(),
    publisher: new LocalPublisher({ repo: repo.root }),
  };
}

function scratchOf(config: Config): readonly string[] {
  return getPreset(config.agent.preset).scratchPaths ?? [];
}

type Prepared = { kind: "new"; sessionId: string; task: TaskInput; config: Config; rawConfig: unknown } | { kind: "existing"; sessionId: string };

async function prepareRun(req: Extract<LocalSessionRequest, { kind: "run" }>, repo: LocalRepo, store: FileStateStore): Promise<Prepared> {
  let taskText: string;
  try {
    taskText = await readFile(path.resolve(req.task), "utf8");
  } catch (e) {
    throw new UsageError(`Cannot read the task file "${req.task}": ${errorMessage(e)}`);
  }
  const task = parseTaskFile(taskText);
  if (!task.title) throw new UsageError(`The task file "${req.task}" is empty: write a "# Title" line and a description.`);
  const loaded = await loadConfig(req.config, repo.root);
  const rawConfig = withAgent(loaded.raw, req.agent, req.agentCommand);
  const config = rawConfig === loaded.raw ? loaded.config : parseConfig(rawConfig);
  const explicit = req.session !== undefined;
  const base = userSessionId(req.session ?? slugify(path.basename(req.task).replace(/\.[^.]*$/, "")));
  for (let i = 1; i <= MAX_ID_CANDIDATES; i++) {
    const id = candidateSessionId(base, i);
    const existing = await store.load(id);
    const verdict = idReuse(existing, explicit);
    if (verdict.kind === "free") return { kind: "new", sessionId: id, task, config, rawConfig };
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

async function prepareContinue(req: Extract<LocalSessionRequest, { kind: "continue" }>, repo: LocalRepo, store: FileStateStore): Promise<Prepared> {
  const sessionId = req.session !== undefined ? userSessionId(req.session) : await pickImplicit(repo, req.verb);
  // Checked before taking the lock, so an unknown id leaves nothing behind.
  if (!(await store.load(sessionId))) throw new SessionNotFoundError(sessionId);
  return { kind: "existing", sessionId };
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
