/**
 * `StateStore` on local files: one `state.json` per session directory (see session-paths.ts),
 * written atomically with compare-and-write, plus a pid lock file that keeps two runs off the
 * same session.
 *
 * Lock files are created complete or not at all (content written to a temporary file, then
 * hard-linked to the lock name: `link` fails when the name exists, exactly like `open(…, 'wx')`,
 * but a reader can never see a half-written lock). A lock whose holder ran on this host and is
 * no longer running is stale and is taken over; a lock from another host, or one that cannot
 * be read, is never taken over (liveness cannot be checked), the error names the file to remove.
 */
import { randomUUID } from "node:crypto";
import { hostname as osHostname } from "node:os";
import { link, mkdir, open, readFile, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ForemanError, InvalidArgumentError } from "../core/errors.js";
import { sessionStateSchema, type SessionState } from "../core/state.js";
import { SessionLockedError, StaleStateError } from "../loop/errors.js";
import type { SessionLock, StateStore } from "../loop/ports.js";
import { sessionDir, validateSessionId } from "./session-paths.js";
import { errnoCode, errorMessage, formatIssues } from "./error-details.js";

export interface FileStateStoreOptions {
  /** State root, absolute (`<git-common-dir>/foreman`, see `stateRootFor`). */
  root: string;
  /** Host name recorded in lock files; default `os.hostname()`. */
  hostname?: string;
  /** Process id recorded in lock files; default `process.pid`. */
  pid?: number;
  /** Milliseconds since the epoch; used for the lock's `startedAt`. */
  now: () => number;
  /** Told about repairs it made, e.g. a stale lock taken over. Default: nothing. */
  onNotice?: (message: string) => void;
  /**
   * How long `save` waits for another writer's short write lock (`save.lock`) before giving up
   * with `SessionLockedError`. Default 5000 ms.
   */
  saveLockWaitMs?: number;
}

/** `state.json` exists but cannot be used: corrupt JSON, or content that is not a valid snapshot. */
export class StateFileError extends ForemanError {
  override readonly name = "StateFileError";
  readonly kind = "corrupt";
  constructor(
    /** Absolute path of the file. */
    readonly filePath: string,
    /** What is wrong with it. */
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Session state file ${filePath} is unusable: ${problem}. Foreman does not start over on a damaged ` +
        `state file: restore it, or delete ${path.dirname(filePath)} to forget the session.`,
      options,
    );
  }
}

export const STATE_FILE = "state.json";
export const LOCK_FILE = "lock";
/** Held only for the few milliseconds of a `save`, so that compare-and-write is exact across processes. */
export const SAVE_LOCK_FILE = "save.lock";

const lockRecordSchema = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  startedAt: z.string(),
  /** Unique per acquisition, so a release never removes someone else's lock. */
  token: z.string().optional(),
});
type LockRecord = z.infer<typeof lockRecordSchema>;

export class FileStateStore implements StateStore {
  readonly #root: string;
  readonly #hostname: string;
  readonly #pid: number;
  readonly #now: () => number;
  readonly #notice: (message: string) => void;
  readonly #saveLockWaitMs: number;

  constructor(options: FileStateStoreOptions) {
    this.#root = options.root;
    this.#hostname = options.hostname ?? osHostname();
    this.#pid = options.pid ?? process.pid;
    this.#now = options.now;
    this.#notice = options.onNotice ?? (() => {});
    this.#saveLockWaitMs = options.saveLockWaitMs ?? 5000;
  }

  /** Path of a session's `state.json` (the id is validated). */
  statePath(sessionId: string): string {
    return path.join(sessionDir(this.#root, sessionId), STATE_FILE);
  }

  /** Path of a session's run lock (the id is validated). */
  lockPath(sessionId: string): string {
    return path.join(sessionDir(this.#root, sessionId), LOCK_FILE);
  }

  async load(sessionId: string): Promise<SessionState | null> {
    const file = this.statePath(sessionId);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if (errnoCode(error) === "ENOENT") return null;
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new StateFileError(file, `not valid JSON (${errorMessage(error)})`, { cause: error });
    }
    const parsed = sessionStateSchema.safeParse(json);
    if (!parsed.success) {
      throw new StateFileError(file, `not a valid session snapshot (${formatIssues(parsed.error)})`, {
        cause: parsed.error,
      });
    }
    if (parsed.data.sessionId !== sessionId) {
      throw new StateFileError(file, `it belongs to session ${JSON.stringify(parsed.data.sessionId)}, not ${JSON.stringify(sessionId)}`);
    }
    return parsed.data;
  }

  /**
   * Compare-and-write. A session that was never saved counts as version 0 (the version of
   * `newSession`), so the first save is `save({ ...fresh, version: 1 }, 0)`.
   */
  async save(next: SessionState, expectedVersion: number): Promise<void> {
    const sessionId = validateSessionId(next.sessionId);
    if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
      throw new InvalidArgumentError(
        "expectedVersion",
        `Session ${sessionId}: expectedVersion must be an integer >= 0, got ${expectedVersion} ` + "(a session never saved has version 0).",
      );
    }
    if (next.version !== expectedVersion + 1) {
      throw new InvalidArgumentError(
        "next",
        `Session ${sessionId}: the new snapshot must have version ${expectedVersion + 1} ` + `(expectedVersion + 1), got ${next.version}.`,
      );
    }
    const parsed = sessionStateSchema.safeParse(next);
    if (!parsed.success) {
      throw new InvalidArgumentError("next", `Session ${sessionId}: refusing to save an invalid snapshot (${formatIssues(parsed.error)}).`);
    }
    const dir = sessionDir(this.#root, sessionId);
    await mkdir(dir, { recursive: true });
    const release = await this.#acquireSaveLock(sessionId, path.join(dir, SAVE_LOCK_FILE));
    try {
      const current = await this.load(sessionId);
      const actual = current === null ? null : current.version;
      if ((actual ?? 0) !== expectedVersion) {
        throw new StaleStateError(sessionId, expectedVersion, actual);
      }
      await writeFileAtomic(path.join(dir, STATE_FILE), `${JSON.stringify(parsed.data, null, 2)}\n`);
    } finally {
      await release();
    }
  }

  async lock(sessionId: string): Promise<SessionLock> {
    const dir = sessionDir(this.#root, sessionId);
    await mkdir(dir, { recursive: true });
    const lockFile = path.join(dir, LOCK_FILE);
    const result = await this.#tryAcquire(lockFile);
    if (!result.ok) throw new SessionLockedError(sessionId, result.holder, lockFile);
    return { release: result.release };
  }

  async #acquireSaveLock(sessionId: string, lockFile: string): Promise<() => Promise<void>> {
    const pollMs = 10;
    for (let waited = 0; ; waited += pollMs) {
      const result = await this.#tryAcquire(lockFile);
      if (result.ok) return result.release;
      if (waited >= this.#saveLockWaitMs) throw new SessionLockedError(sessionId, result.holder, lockFile);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  /** One attempt to take `lockFile`, taking over a stale lock of a dead process on this host. */
  async #tryAcquire(lockFile: string): Promise<{ ok: true; release: () => Promise<void> } | { ok: false; holder: string }> {
    const record: LockRecord = {
      pid: this.#pid,
      hostname: this.#hostname,
      startedAt: new Date(this.#now()).toISOString(),
      token: randomUUID(),
    };
    const text = `${JSON.stringify(record)}\n`;
    // Rounds: each lost race (a takeover under way, the lock removed or replaced under us)
    // waits a moment and starts over; a takeover takes microseconds.
    for (let round = 0; round < 50; round++) {
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, 2));
      if (await createExclusive(lockFile, text)) {
        return { ok: true, release: onceOnly(() => releaseIfOurs(lockFile, text, this.#notice)) };
      }
      const seen = await readLock(lockFile);
      if (seen === "gone") continue;
      if (seen.record === null) {
        return { ok: false, holder: `an unreadable lock file (${seen.problem})` };
      }
      const holder = describeHolder(seen.record);
      if (seen.record.hostname !== this.#hostname) return { ok: false, holder };
      if (pidAlive(seen.record.pid)) return { ok: false, holder };
      // Stale: its holder crashed.
      if (await removeLockIfUnchanged(lockFile, seen)) {
        this.#notice(`Removed stale lock ${lockFile} left by ${holder}: that process is no longer running (a crashed run).`);
      }
    }
    const last = await readLock(lockFile);
    return {
      ok: false,
      holder: last === "gone" || last.record === null ? "another process (lock kept changing)" : describeHolder(last.record),
    };
  }
}

function describeHolder(record: LockRecord): string {
  return `pid ${record.pid} on ${record.hostname} since ${record.startedAt}`;
}

/** True when a process with this pid exists on this host (EPERM: it exists, owned by someone else). */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) !== "ESRCH";
  }
}

/** Creates `file` with `text` unless it exists; never visible half-written. */
async function createExclusive(file: string, text: string): Promise<boolean> {
  const tmp = `${file}.${randomUUID()}.tmp`;
  try {
    const handle = await open(tmp, "wx");
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(tmp, file);
      return true;
    } catch (error) {
      if (errnoCode(error) === "EEXIST") return false;
      throw error;
    }
  } finally {
    await unlinkIfExists(tmp);
  }
}

type SeenLock = { ino: number; text: string; record: LockRecord | null; problem: string };

async function readLock(file: string): Promise<SeenLock | "gone"> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return "gone";
    throw error;
  }
  try {
    const { ino } = await handle.stat();
    const text = await handle.readFile("utf8");
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return { ino, text, record: null, problem: `not valid JSON: ${errorMessage(error)}` };
    }
    const parsed = lockRecordSchema.safeParse(json);
    return parsed.success ? { ino, text, record: parsed.data, problem: "" } : { ino, text, record: null, problem: formatIssues(parsed.error) };
  } finally {
    await handle.close();
  }
}

/** What was read from a lock file: enough to recognise that very file again. */
export interface ObservedLock {
  ino: number;
  text: string;
}

/** A takeover holds this beside the lock for the few microseconds it takes; older means its holder crashed. */
const TAKEOVER_STALE_MS = 10_000;

/**
 * Removes `lockFile` only if it is still the file observed (same inode and content). Takeovers
 * are serialized by a second lock, `<lockFile>.takeover`: under it, the check and the unlink
 * cannot interleave with another takeover, and no new lock can appear while the stale one is
 * still there (locks are created exclusively). Returns true when it removed the lock; false
 * when the lock changed, vanished, or another takeover is under way (the caller tries again).
 */
export async function removeLockIfUnchanged(lockFile: string, observed: ObservedLock): Promise<boolean> {
  const mutex = `${lockFile}.takeover`;
  if (!(await createExclusive(mutex, `${process.pid}\n`))) {
    await removeAbandonedMutex(mutex);
    return false;
  }
  try {
    const now = await readLock(lockFile);
    if (now === "gone" || now.ino !== observed.ino || now.text !== observed.text) return false;
    await unlinkIfExists(lockFile);
    return true;
  } finally {
    await unlinkIfExists(mutex);
  }
}

/** A takeover lock older than any takeover takes was left by a crash: move it aside and drop it if unchanged. */
async function removeAbandonedMutex(mutex: string): Promise<void> {
  let before;
  try {
    before = await stat(mutex);
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return;
    throw error;
  }
  if (Date.now() - before.mtimeMs < TAKEOVER_STALE_MS) return;
  const aside = `${mutex}.${randomUUID()}`;
  try {
    await rename(mutex, aside);
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return;
    throw error;
  }
  const moved = await stat(aside).catch(() => null);
  // Not the abandoned one after all (a fresh takeover replaced it): put it back.
  if (moved !== null && moved.ino !== before.ino) await link(aside, mutex).catch(() => undefined);
  await unlinkIfExists(aside);
}

/** Reads a lock file as {@link removeLockIfUnchanged} needs it; null when there is none. */
export async function observeLock(lockFile: string): Promise<ObservedLock | null> {
  const seen = await readLock(lockFile);
  return seen === "gone" ? null : { ino: seen.ino, text: seen.text };
}

async function releaseIfOurs(lockFile: string, text: string, notice: (message: string) => void): Promise<void> {
  const seen = await readLock(lockFile);
  if (seen !== "gone" && seen.text === text) {
    await unlinkIfExists(lockFile);
    return;
  }
  notice(`Lock ${lockFile} was no longer ours when releasing it; left it alone.`);
}

/** Writes `file` atomically: temporary file in the same directory, fsync, rename, fsync the directory. */
async function writeFileAtomic(file: string, text: string): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${randomUUID()}.tmp`);
  try {
    const handle = await open(tmp, "wx", 0o644);
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (error) {
    await unlinkIfExists(tmp);
    throw error;
  }
  const dirHandle = await open(dir, "r");
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
}

async function unlinkIfExists(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (error) {
    if (errnoCode(error) !== "ENOENT") throw error;
  }
}

function onceOnly(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}
