/**
 * Wires local mode: the repository's git dir holds Foreman's state (`<git-common-dir>/foreman`),
 * a git worktree holds the agent's work, and the engine runs through the local adapters.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { z } from "zod";
import { getPreset } from "../agents/index.js";
import { ConfigError } from "../core/errors.js";
import { reservedByLiveSessions, spentOnDay } from "../core/budget.js";
import { parseConfig, type AgentPreset, type Config } from "../core/config.js";
import type { SessionCommand } from "../core/state-machine.js";
import type { SessionState } from "../core/state.js";
import { parseTaskFile, type TaskInput } from "../core/task.js";
import { LocalAttemptFiles } from "../local/attempt-files.js";
import { FileStateStore, StateFileError } from "../local/file-state-store.js";
import { GitWorkspace } from "../local/git-workspace.js";
import { git } from "../local/git.js";
import { JsonlLedger } from "../local/jsonl-ledger.js";
import { LocalPublisher } from "../local/local-publisher.js";
import { ExecaProcessRunner } from "../local/process-runner.js";
import { sessionDir, stateRootFor, validateSessionId } from "../local/session-paths.js";
import { runSession, SessionNotFoundError, type ProgressEvent, type SessionOutcome } from "../loop/engine.js";
import type { Clock } from "../loop/ports.js";
import { UsageError } from "./args.js";

export interface LocalEnv {
  clock: Clock;
  hostEnv: Readonly<Record<string, string | undefined>>;
  signal: AbortSignal;
  onProgress: (event: ProgressEvent) => void;
  onNotice: (message: string) => void;
}

interface Repo {
  root: string;
  stateRoot: string;
}

/** Files kept beside a session so that resume/approve use what the run started with. */
const SESSION_TASK = "task.json";
const SESSION_CONFIG = "config.json";

async function openRepo(dir: string): Promise<Repo> {
  let root: string;
  let common: string;
  try {
    root = (await git(["rev-parse", "--show-toplevel"], { cwd: dir })).stdout.trim();
    common = (await git(["rev-parse", "--path-format=absolute", "--git-common-dir"], { cwd: dir })).stdout.trim();
  } catch (e) {
    throw new UsageError(`"${dir}" is not inside a git repository. Pass --repo DIR pointing at one (git init && git commit first).`, { cause: e });
  }
  return { root, stateRoot: stateRootFor(common) };
}

function adapters(repo: Repo, env: LocalEnv) {
  return {
    store: new FileStateStore({ root: repo.stateRoot, now: () => env.clock.now(), onNotice: env.onNotice }),
    ledger: new JsonlLedger({ root: repo.stateRoot, onNotice: env.onNotice }),
    runner: new ExecaProcessRunner(),
    publisher: new LocalPublisher({ repo: repo.root }),
  };
}

/** Reads and validates a configuration file; every problem becomes a ConfigError naming the file. */
export async function loadConfig(file: string | undefined, repoRoot: string): Promise<{ config: Config; raw: unknown; source: string }> {
  const candidates = file ? [path.resolve(file)] : [path.join(repoRoot, ".github", "foreman.yml"), path.join(repoRoot, ".github", "foreman.yaml")];
  for (const candidate of candidates) {
    let text: string;
    try {
      text = await readFile(candidate, "utf8");
    } catch (e) {
      if (file === undefined && isNotFound(e)) continue;
      throw new ConfigError([{ path: "(file)", message: `cannot read ${candidate}: ${e instanceof Error ? e.message : String(e)}` }]);
    }
    let raw: unknown;
    try {
      raw = parseYaml(text);
    } catch (e) {
      const where = e instanceof YAMLParseError && e.linePos ? ` at line ${e.linePos[0].line}` : "";
      throw new ConfigError([
        { path: "(file)", message: `${candidate} is not valid YAML${where}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}` },
      ]);
    }
    try {
      return { config: parseConfig(raw), raw: raw ?? {}, source: candidate };
    } catch (e) {
      if (e instanceof ConfigError) {
        throw new ConfigError(e.problems.map((p) => ({ ...p, path: `${path.relative(repoRoot, candidate) || candidate}: ${p.path}` })));
      }
      throw e;
    }
  }
  return { config: parseConfig({}), raw: {}, source: "(defaults)" };
}

function withAgent(raw: unknown, agent: AgentPreset | undefined, agentCommand: string | undefined): unknown {
  if (agent === undefined && agentCommand === undefined) return raw;
  const base = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const block = typeof base["agent"] === "object" && base["agent"] !== null ? (base["agent"] as Record<string, unknown>) : {};
  return {
    ...base,
    agent: {
      ...block,
      preset: agentCommand !== undefined ? "custom" : agent,
      ...(agentCommand === undefined ? {} : { command: agentCommand }),
    },
  };
}

export async function startRun(
  opts: { repo: string; task: string; agent?: AgentPreset; agentCommand?: string; config?: string; session?: string },
  env: LocalEnv,
): Promise<SessionOutcome> {
  const repo = await openRepo(opts.repo);
  let taskText: string;
  try {
    taskText = await readFile(path.resolve(opts.task), "utf8");
  } catch (e) {
    throw new UsageError(`Cannot read the task file "${opts.task}": ${e instanceof Error ? e.message : String(e)}`);
  }
  const task = parseTaskFile(taskText);
  if (!task.title) throw new UsageError(`The task file "${opts.task}" is empty: write a "# Title" line and a description.`);
  const loaded = await loadConfig(opts.config, repo.root);
  const raw = withAgent(loaded.raw, opts.agent, opts.agentCommand);
  const config = raw === loaded.raw ? loaded.config : parseConfig(raw);
  const a = adapters(repo, env);
  const sessionId = await pickSessionId(a.store, opts.session ?? slug(path.basename(opts.task).replace(/\.[^.]*$/, "")), opts.session !== undefined);

  const lock = await a.store.lock(sessionId);
  try {
    // Checked again under the lock: another run may have created it in between.
    if (await a.store.load(sessionId)) await pickSessionId(a.store, sessionId, true);
    const dir = sessionDir(repo.stateRoot, sessionId);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, SESSION_TASK), JSON.stringify(task), "utf8");
    await writeFile(path.join(dir, SESSION_CONFIG), JSON.stringify(raw), "utf8");
    const workspace = await GitWorkspace.create({
      repo: repo.root,
      sessionId,
      stateRoot: await workspaceRoot(repo, sessionId, env),
      scratch: getPreset(config.agent.preset).scratchPaths ?? [],
    });
    const today = new Date(env.clock.now()).toISOString().slice(0, 10);
    const sessions = await allSessions(repo, a.store);
    const dailySpentUsd = spentOnDay(sessions, today) + reservedByLiveSessions(sessions, sessionId);
    const outcome = await runSession(
      { ...a, files: new LocalAttemptFiles(dir), clock: env.clock, hostEnv: env.hostEnv, onProgress: env.onProgress, surface: "local" },
      { sessionId, config, task, preset: getPreset(config.agent.preset), repoRoot: repo.root, workspace, signal: env.signal, dailySpentUsd },
    );
    await cleanUp(workspace, outcome.state);
    return outcome;
  } finally {
    await lock.release();
  }
}

/**
 * `resume`, `approve`, `reject`, `cancel`: the engine recovers the session, applies the
 * person's command, and takes the session as far as it goes.
 */
export async function continueSession(
  opts: { repo: string; session?: string; command?: SessionCommand; resume?: boolean },
  env: LocalEnv,
): Promise<SessionOutcome> {
  const repo = await openRepo(opts.repo);
  const a = adapters(repo, env);
  const sessionId =
    opts.session !== undefined
      ? validateUserSessionId(opts.session)
      : await latestSession(repo, opts.command?.kind === "approve" || opts.command?.kind === "reject" ? "awaiting_approval" : undefined);
  // Checked before taking the lock, so an unknown id leaves nothing behind.
  if (!(await a.store.load(sessionId))) throw new SessionNotFoundError(sessionId);
  const dir = sessionDir(repo.stateRoot, sessionId);
  const lock = await a.store.lock(sessionId);
  try {
    const { task, config } = await readSessionInputs(dir);
    const state = await a.store.load(sessionId);
    if (!state) throw new SessionNotFoundError(sessionId);
    const workspace = await GitWorkspace.open({
      repo: repo.root,
      sessionId,
      stateRoot: await workspaceRoot(repo, sessionId, env),
      scratch: getPreset(config.agent.preset).scratchPaths ?? [],
      ...(state.baseSha ? { baseSha: state.baseSha } : {}),
    });
    const author = env.hostEnv["USER"] ?? "local user";
    const sessions = await allSessions(repo, a.store);
    const today = new Date(env.clock.now()).toISOString().slice(0, 10);
    const dailySpentUsd = spentOnDay(sessions, today) + reservedByLiveSessions(sessions, sessionId);
    const outcome = await runSession(
      { ...a, files: new LocalAttemptFiles(dir), clock: env.clock, hostEnv: env.hostEnv, onProgress: env.onProgress, surface: "local" },
      {
        sessionId,
        config,
        task,
        preset: getPreset(config.agent.preset),
        repoRoot: repo.root,
        workspace,
        signal: env.signal,
        dailySpentUsd,
        ...(opts.resume ? { resumeAuthor: author } : {}),
        ...(opts.command ? { command: { author, command: opts.command } } : {}),
      },
    );
    await cleanUp(workspace, outcome.state);
    return outcome;
  } finally {
    await lock.release();
  }
}

const storedTask = z.object({ title: z.string(), body: z.string(), issue: z.number().int().positive().optional() });

/** The task and configuration the session started with, validated (they are files a person could edit). */
async function readSessionInputs(dir: string): Promise<{ task: TaskInput; config: Config }> {
  const read = async (name: string): Promise<unknown> => {
    const file = path.join(dir, name);
    try {
      return JSON.parse(await readFile(file, "utf8"));
    } catch (e) {
      throw new StateFileError(file, `cannot be read as JSON (${e instanceof Error ? e.message : String(e)})`);
    }
  };
  const taskFile = path.join(dir, SESSION_TASK);
  const task = storedTask.safeParse(await read(SESSION_TASK));
  if (!task.success) throw new StateFileError(taskFile, `is not a task (${task.error.issues[0]?.message ?? "invalid"})`);
  try {
    return {
      task: task.data.issue === undefined ? { title: task.data.title, body: task.data.body } : task.data,
      config: parseConfig(await read(SESSION_CONFIG)),
    };
  } catch (e) {
    if (e instanceof ConfigError) throw new StateFileError(path.join(dir, SESSION_CONFIG), e.message);
    throw e;
  }
}

/**
 * The session's worktree lives outside the repository (in the user's cache), so that tools the
 * agent and the gates run never walk up into the user's checkout (node_modules, configs). The
 * folder is keyed by an id kept in the repository's git dir: a repository deleted and created
 * again at the same path gets fresh worktrees. There is no shared fallback (another local user
 * could prepare the path): without a cache directory, Foreman says how to set one.
 */
async function workspaceRoot(repo: Repo, sessionId: string, env: LocalEnv): Promise<string> {
  const xdg = env.hostEnv["XDG_CACHE_HOME"];
  const home = env.hostEnv["HOME"];
  const cache = xdg && path.isAbsolute(xdg) ? xdg : home && path.isAbsolute(home) ? path.join(home, ".cache") : undefined;
  if (cache === undefined) {
    throw new UsageError("Foreman keeps session worktrees in your cache directory: set HOME or XDG_CACHE_HOME to an absolute path.");
  }
  const key = `${slug(path.basename(repo.root))}-${await repoId(repo)}`;
  return path.join(cache, "foreman", "worktrees", key, validateSessionId(sessionId));
}

/** A random id for this repository's Foreman state, created once. */
async function repoId(repo: Repo): Promise<string> {
  const file = path.join(repo.stateRoot, "repo-id");
  try {
    const id = (await readFile(file, "utf8")).trim();
    if (/^[0-9a-f]{16}$/.test(id)) return id;
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  await mkdir(repo.stateRoot, { recursive: true });
  const id = randomBytes(8).toString("hex");
  try {
    await writeFile(file, `${id}\n`, { flag: "wx" });
    return id;
  } catch (e) {
    // Another run created it first: use theirs.
    if (e instanceof Error && "code" in e && e.code === "EEXIST") return (await readFile(file, "utf8")).trim();
    throw e;
  }
}

export async function readSession(opts: { repo: string; session?: string }, env: LocalEnv): Promise<SessionState> {
  const repo = await openRepo(opts.repo);
  const sessionId = opts.session === undefined ? await latestSession(repo) : validateUserSessionId(opts.session);
  const state = await adapters(repo, env).store.load(sessionId);
  if (!state) throw new SessionNotFoundError(sessionId);
  return state;
}

/**
 * A published session's result is on its branch: its worktree is removed. An unsuccessful one
 * keeps its worktree, so a person can look at what the last attempt left.
 */
async function cleanUp(workspace: GitWorkspace, state: SessionState): Promise<void> {
  if (state.status === "ended" && state.reason === "succeeded") await workspace.dispose();
}

async function pickSessionId(store: FileStateStore, wanted: string, explicit: boolean): Promise<string> {
  const base = validateUserSessionId(wanted);
  for (let i = 1; i < 1000; i++) {
    const id = i === 1 ? base : `${base.slice(0, 90)}-${i}`;
    const existing = await store.load(id);
    if (!existing) return id;
    if (existing.status === "running") {
      // Running: either a live run holds it (say who), or its run died (then it can be resumed).
      const lock = await store.lock(id);
      await lock.release();
      throw new UsageError(`Session "${id}" was left running by a run that died. Continue it with "foreman resume ${id}".`);
    }
    if (existing.status !== "ended") {
      const next = existing.status === "awaiting_approval" ? `foreman approve ${id}" or "foreman reject ${id}` : `foreman resume ${id}`;
      throw new UsageError(`Session "${id}" is ${existing.status.replace("_", " ")}. Continue it with "${next}".`);
    }
    if (explicit) throw new UsageError(`Session "${id}" has already ended (${existing.reason ?? "unknown"}). Choose another --session.`);
  }
  throw new UsageError(`Too many sessions named "${base}". Pass --session ID.`);
}

/**
 * Every session of the repository (for today's spend). A state file that cannot be read stops
 * the run with its name (fail closed: unknown spend is never counted as none).
 */
async function allSessions(repo: Repo, store: FileStateStore): Promise<SessionState[]> {
  let names: string[];
  try {
    names = await readdir(path.join(repo.stateRoot, "sessions"));
  } catch (e) {
    if (isNotFound(e)) return [];
    throw e;
  }
  const states = await Promise.all(names.map((id) => store.load(id)));
  return states.filter((s): s is SessionState => s !== null);
}

/** The most recently updated session (with `status`, when given); unreadable ones are skipped. */
async function latestSession(repo: Repo, status?: SessionState["status"]): Promise<string> {
  let names: string[];
  try {
    names = await readdir(path.join(repo.stateRoot, "sessions"));
  } catch (e) {
    if (isNotFound(e)) throw new UsageError(`No Foreman session in ${repo.root} yet. Start one with "foreman run --task FILE".`);
    throw e;
  }
  let best: { id: string; updated: string } | undefined;
  for (const id of names) {
    try {
      const s = JSON.parse(await readFile(path.join(repo.stateRoot, "sessions", id, "state.json"), "utf8")) as {
        updatedAt?: unknown;
        status?: unknown;
      };
      if (status !== undefined && s.status !== status) continue;
      const updated = typeof s.updatedAt === "string" ? s.updatedAt : "";
      if (!best || updated > best.updated) best = { id, updated };
    } catch {
      // A session folder without a readable state is skipped here; naming it explicitly reports why.
    }
  }
  if (!best) {
    throw new UsageError(
      status === undefined
        ? `No Foreman session in ${repo.root} yet. Start one with "foreman run --task FILE".`
        : `No session in ${repo.root} is ${status.replace("_", " ")}. Name one: foreman status SESSION.`,
    );
  }
  return best.id;
}

function validateUserSessionId(id: string): string {
  try {
    return validateSessionId(id);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

export function slug(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return s || "session";
}

function isNotFound(e: unknown): boolean {
  return e instanceof Error && "code" in e && e.code === "ENOENT";
}
