/**
 * `foreman status` (truthful about a dead run), `list`, `log` and `clean`: read the local
 * state through the adapters, let the core decide what is live and how it reads, print.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "../core/errors.js";
import { formatDuration, formatUsd } from "../core/render.js";
import { stateAsShown, statusCell } from "../core/run-liveness.js";
import { validateSessionId, InvalidSessionIdError } from "../core/session-id.js";
import type { SessionState } from "../core/state.js";
import { FileStateStore } from "../local/file-state-store.js";
import { openRepo, readLocalSession, type LocalEnv, type LocalRepo } from "../local/open-local-session.js";
import { attemptLogFiles, listSessions, removeSession, runHolds, type CatalogEntry } from "../local/session-catalog.js";
import { cacheDir, repoId, worktreeRoot } from "../local/worktree-root.js";
import { SessionNotFoundError } from "../loop/errors.js";
import { EXIT } from "./exit-codes.js";

export interface Printer {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** The state shown by `status`: a `running` session no run holds reads as interrupted. */
export function shownState(state: SessionState, runHeld: boolean): SessionState {
  return stateAsShown(state, runHeld);
}

function storeOf(repo: LocalRepo, env: LocalEnv): FileStateStore {
  return new FileStateStore({ root: repo.stateRoot, now: () => env.clock.now(), onNotice: env.onNotice });
}

export async function readLocalStatus(req: { repo: string; session?: string }, env: LocalEnv): Promise<{ state: SessionState; runHeld: boolean }> {
  const state = await readLocalSession(req, env);
  const runHeld = state.status === "running" ? await runHolds(storeOf(await openRepo(req.repo), env), state.sessionId) : false;
  return { state, runHeld };
}

async function catalog(repo: LocalRepo, env: LocalEnv): Promise<CatalogEntry[]> {
  return listSessions(repo.stateRoot, storeOf(repo, env), (message) => env.onNotice(message));
}

export async function listCommand(cmd: { repo: string; json: boolean }, env: LocalEnv, io: Printer): Promise<number> {
  const entries = await catalog(await openRepo(cmd.repo), env);
  const now = env.clock.now();
  const rows = entries.map(({ state, runHeld }) => ({
    sessionId: state.sessionId,
    status: stateAsShown(state, runHeld).status,
    reason: state.reason,
    shown: statusCell(state, runHeld),
    attempts: state.attempts.at(-1)?.n ?? state.compacted?.lastN ?? 0,
    costUsd: state.spent.costUsd,
    ageMs: Math.max(0, now - Date.parse(state.createdAt)),
  }));
  if (cmd.json) {
    io.stdout(`${JSON.stringify(rows.map(({ shown: _shown, ...row }) => row))}\n`);
    return EXIT.succeeded;
  }
  if (rows.length === 0) {
    io.stdout(`No Foreman session in this repository yet. Start one with "foreman run --task FILE".\n`);
    return EXIT.succeeded;
  }
  const table = [
    ["SESSION", "STATUS", "ATTEMPTS", "COST", "AGE"],
    ...rows.map((r) => [r.sessionId, r.shown, String(r.attempts), formatUsd(r.costUsd), formatDuration(r.ageMs)]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table) io.stdout(`${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ")}\n`);
  return EXIT.succeeded;
}

export async function logCommand(cmd: { repo: string; session: string; attempt?: number }, env: LocalEnv, io: Printer): Promise<number> {
  const repo = await openRepo(cmd.repo);
  const sessionId = userSessionId(cmd.session);
  const state = await storeOf(repo, env).load(sessionId);
  if (state === null) throw new SessionNotFoundError(sessionId);
  const n = cmd.attempt ?? state.attempts.at(-1)?.n;
  if (n === undefined) {
    io.stdout(`Session "${sessionId}" has no attempt yet: nothing to show.\n`);
    return EXIT.succeeded;
  }
  const known = state.attempts.some((a) => a.n === n) || (state.compacted != null && n <= state.compacted.lastN);
  if (!known) {
    const last = state.attempts.at(-1)?.n ?? 0;
    throw new UsageError(`Session "${sessionId}" has no attempt ${n}: its attempts are numbered 1 to ${last}. Pass --attempt N in that range.`);
  }
  const files = await attemptLogFiles(repo.stateRoot, sessionId, n);
  if (files.length === 0) {
    io.stdout(`Attempt ${n} of session "${sessionId}" kept no output (it stopped before the agent ran, or a Foreman without logs ran it).\n`);
    return EXIT.succeeded;
  }
  for (const file of files) {
    const text = await readFile(file, "utf8");
    io.stdout(`==> attempt ${n} · ${path.basename(file)} <==\n${text}${text.endsWith("\n") || text === "" ? "" : "\n"}\n`);
  }
  return EXIT.succeeded;
}

export async function cleanCommand(
  cmd: { repo: string; session?: string; all: boolean; json: boolean },
  env: LocalEnv,
  io: Printer,
): Promise<number> {
  const repo = await openRepo(cmd.repo);
  const entries = await catalog(repo, env);
  let targets = entries;
  if (cmd.session !== undefined) {
    const sessionId = userSessionId(cmd.session);
    targets = entries.filter((e) => e.state.sessionId === sessionId);
    if (targets.length === 0) throw new SessionNotFoundError(sessionId);
  }
  const id = await repoId(repo.stateRoot);
  const cache = cacheDir(env.hostEnv);
  const removed: string[] = [];
  const kept: { sessionId: string; status: string }[] = [];
  for (const entry of targets) {
    const sessionId = entry.state.sessionId;
    if (await removeSession(repo, entry, worktreeRoot(cache, { root: repo.root, id }, sessionId))) removed.push(sessionId);
    else kept.push({ sessionId, status: statusCell(entry.state, entry.runHeld) });
  }
  if (cmd.json) io.stdout(`${JSON.stringify({ removed, kept })}\n`);
  else {
    if (removed.length > 0) io.stdout(`Removed ${removed.length} session(s): ${removed.join(", ")}.\n`);
    for (const k of kept) io.stdout(`Kept "${k.sessionId}": it is live (${k.status}). End it first with "foreman cancel ${k.sessionId}".\n`);
    if (removed.length === 0 && kept.length === 0) io.stdout("Nothing to clean.\n");
  }
  // Naming one live session is the caller's mistake: nothing was removed.
  return cmd.session !== undefined && kept.length > 0 ? EXIT.usage : EXIT.succeeded;
}

function userSessionId(id: string): string {
  try {
    return validateSessionId(id);
  } catch (e) {
    if (e instanceof InvalidSessionIdError) throw new UsageError(e.message, { cause: e });
    throw e;
  }
}
