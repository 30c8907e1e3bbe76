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
 *
 * What a crash leaves (a lock's temporary file, a takeover lock, a half-written `state.json`
 * temporary) is removed by the next run of the session. Every file failure names the path and the
 * fix (`FileSystemError`); a failing clean-up never hides the failure it follows. A session folder,
 * `state.json` or lock that is a symbolic link is refused, never read or written through.
 */
import { randomUUID } from "node:crypto";
import { hostname as osHostname } from "node:os";
import { constants } from "node:fs";
import * as nodeFs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ForemanError, InvalidArgumentError } from "../core/errors.js";
import { sessionStateSchema, type SessionState } from "../core/state.js";
import { SessionLockedError, StaleStateError } from "../loop/errors.js";
import type { SessionLock, StateStore } from "../loop/ports.js";
import { sessionDir, validateSessionId } from "./session-paths.js";
import { errnoCode, errorMessage, fileOp, formatIssues, SymlinkRefusedError } from "./error-details.js";

/** The file operations the store uses: `node:fs/promises` by default; a test injects failures here. */
export type StateFs = Pick<typeof nodeFs, "link" | "lstat" | "mkdir" | "open" | "readdir" | "rename" | "stat" | "unlink">;

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
  /** File operations; default `node:fs/promises`. */
  fs?: StateFs;
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
  readonly #fs: StateFs;

  constructor(options: FileStateStoreOptions) {
    this.#root = options.root;
    this.#hostname = options.hostname ?? osHostname();
    this.#pid = options.pid ?? process.pid;
    this.#now = options.now;
    this.#notice = options.onNotice ?? (() => {});
    this.#saveLockWaitMs = options.saveLockWaitMs ?? 5000;
    this.#fs = options.fs ?? nodeFs;
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
    await this.#refuseLinkedDir(path.dirname(file));
    const text = await readNoFollow(this.#fs, file);
    if (text === null) return null;
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
    const dir = await this.#ensureDir(sessionId);
    const release = await this.#acquireSaveLock(sessionId, path.join(dir, SAVE_LOCK_FILE));
    await afterwards(
      async () => {
        // Under the save lock no other writer has a temporary state file open: any one here is a crash's.
        await this.#removeLeftovers(dir, (name) => STATE_TMP.test(name), 0);
        const current = await this.load(sessionId);
        const actual = current === null ? null : current.version;
        if ((actual ?? 0) !== expectedVersion) {
          throw new StaleStateError(sessionId, expectedVersion, actual);
        }
        await writeFileAtomic(this.#fs, path.join(dir, STATE_FILE), `${JSON.stringify(parsed.data, null, 2)}\n`);
      },
      release,
      this.#notice,
    );
  }

  async lock(sessionId: string): Promise<SessionLock> {
    const dir = await this.#ensureDir(sessionId);
    const lockFile = path.join(dir, LOCK_FILE);
    const result = await this.#tryAcquire(lockFile);
    if (!result.ok) throw new SessionLockedError(sessionId, result.holder, lockFile);
    // Holding the run lock: what a crashed run left around the locks can go (a live one's is younger).
    await this.#removeLeftovers(dir, (name) => LOCK_LEFTOVER.test(name), LEFTOVER_STALE_MS).catch((error: unknown) => {
      this.#notice(`Could not remove what a crashed run left in ${dir}: ${errorMessage(error)}`);
    });
    return { release: result.release };
  }

  /** Creates the session's folder (refusing one that is a symbolic link); returns its path. */
  async #ensureDir(sessionId: string): Promise<string> {
    const dir = sessionDir(this.#root, sessionId);
    await fileOp("create the directory", dir, () => this.#fs.mkdir(dir, { recursive: true }));
    await this.#refuseLinkedDir(dir);
    return dir;
  }

  async #refuseLinkedDir(dir: string): Promise<void> {
    const info = await fileOp("inspect", dir, () => this.#fs.lstat(dir)).catch((error: unknown) => {
      if (errnoCode(error) === "ENOENT") return null;
      throw error;
    });
    if (info?.isSymbolicLink()) throw new SymlinkRefusedError(dir);
  }

  /** Removes the files of `dir` that `matches` and that are older than `minAgeMs`, with a notice naming each. */
  async #removeLeftovers(dir: string, matches: (name: string) => boolean, minAgeMs: number): Promise<void> {
    const names = await fileOp("list", dir, () => this.#fs.readdir(dir));
    for (const name of names.filter(matches)) {
      const file = path.join(dir, name);
      const info = await fileOp("inspect", file, () => this.#fs.lstat(file)).catch((error: unknown) => {
        if (errnoCode(error) === "ENOENT") return null;
        throw error;
      });
      if (info === null || Date.now() - info.mtimeMs < minAgeMs) continue;
      await unlinkIfExists(this.#fs, file);
      this.#notice(`Removed ${file}, left by a run that crashed while writing it.`);
    }
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
    const fs = this.#fs;
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
      if (await createExclusive(fs, lockFile, text, this.#notice)) {
        return { ok: true, release: onceOnly(() => releaseIfOurs(fs, lockFile, text, this.#notice)) };
      }
      const seen = await readLock(fs, lockFile);
      if (seen === "gone") continue;
      if (seen.record === null) {
        return { ok: false, holder: `an unreadable lock file (${seen.problem})` };
      }
      const holder = describeHolder(seen.record);
      if (seen.record.hostname !== this.#hostname) return { ok: false, holder };
      if (pidAlive(seen.record.pid)) return { ok: false, holder };
      // Stale: its holder crashed.
      if (await removeLockIfUnchanged(lockFile, seen, fs)) {
        this.#notice(`Removed stale lock ${lockFile} left by ${holder}: that process is no longer running (a crashed run).`);
      }
    }
    const last = await readLock(fs, lockFile);
    return {
      ok: false,
      holder: last === "gone" || last.record === null ? "another process (lock kept changing)" : describeHolder(last.record),
    };
  }
}

/** A temporary `state.json` of {@link writeFileAtomic}. */
const STATE_TMP = /^\.state\.json\..+\.tmp$/;
/** A lock's temporary file (`lock.<uuid>.tmp`, `save.lock.<uuid>.tmp`), a takeover lock or one moved aside. */
const LOCK_LEFTOVER = /^(?:save\.)?lock\.(?:.+\.tmp|takeover(?:\..+)?)$/;
/** Older than any lock step takes (microseconds): left by a crash. */
const LEFTOVER_STALE_MS = 10_000;

/**
 * Runs `work`, then `cleanup`, whatever happens. When `work` failed, that failure is the one
 * thrown: a failing clean-up is only told to `notice` (a full disk that fails a save also fails
 * the lock's removal; the full disk is what the person must read). When `work` succeeded, a
 * failing clean-up is thrown.
 */
export async function afterwards<T>(work: () => Promise<T>, cleanup: () => Promise<void>, notice: (message: string) => void): Promise<T> {
  let result: T;
  try {
    result = await work();
  } catch (error) {
    try {
      await cleanup();
    } catch (cleanupError) {
      notice(`Also failed while cleaning up after that error: ${errorMessage(cleanupError)}`);
    }
    throw error;
  }
  await cleanup();
  return result;
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

/** Reads `file`, refusing a symbolic link; null when it does not exist. */
async function readNoFollow(fs: StateFs, file: string): Promise<string | null> {
  let handle;
  try {
    handle = await fs.open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = errnoCode(error);
    if (code === "ENOENT") return null;
    if (code === "ELOOP") throw new SymlinkRefusedError(file, { cause: error });
    return fileOp("read", file, () => Promise.reject(error));
  }
  try {
    return await fileOp("read", file, () => handle.readFile("utf8"));
  } finally {
    await handle.close();
  }
}

/** Creates `file` with `text` unless it exists; never visible half-written. */
async function createExclusive(fs: StateFs, file: string, text: string, notice: (message: string) => void = () => {}): Promise<boolean> {
  const tmp = `${file}.${randomUUID()}.tmp`;
  return afterwards(
    async () => {
      await fileOp("write", tmp, async () => {
        const handle = await fs.open(tmp, "wx");
        try {
          await handle.writeFile(text, "utf8");
          await handle.sync();
        } finally {
          await handle.close();
        }
      });
      try {
        await fs.link(tmp, file);
        return true;
      } catch (error) {
        if (errnoCode(error) === "EEXIST") return false;
        return fileOp("create", file, () => Promise.reject(error));
      }
    },
    () => unlinkIfExists(fs, tmp),
    notice,
  );
}

type SeenLock = { ino: number; text: string; record: LockRecord | null; problem: string };

async function readLock(fs: StateFs, file: string): Promise<SeenLock | "gone"> {
  let handle;
  try {
    handle = await fs.open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = errnoCode(error);
    if (code === "ENOENT") return "gone";
    if (code === "ELOOP") throw new SymlinkRefusedError(file, { cause: error });
    return fileOp("read", file, () => Promise.reject(error));
  }
  try {
    const { ino } = await fileOp("inspect", file, () => handle.stat());
    const text = await fileOp("read", file, () => handle.readFile("utf8"));
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
export async function removeLockIfUnchanged(lockFile: string, observed: ObservedLock, fs: StateFs = nodeFs): Promise<boolean> {
  const mutex = `${lockFile}.takeover`;
  if (!(await createExclusive(fs, mutex, `${process.pid}\n`))) {
    await removeAbandonedMutex(fs, mutex);
    return false;
  }
  return afterwards(
    async () => {
      const now = await readLock(fs, lockFile);
      if (now === "gone" || now.ino !== observed.ino || now.text !== observed.text) return false;
      await unlinkIfExists(fs, lockFile);
      return true;
    },
    () => unlinkIfExists(fs, mutex),
    () => {},
  );
}

/** A takeover lock older than any takeover takes was left by a crash: move it aside and drop it if unchanged. */
async function removeAbandonedMutex(fs: StateFs, mutex: string): Promise<void> {
  let before;
  try {
    before = await fs.stat(mutex);
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return;
    return fileOp("inspect", mutex, () => Promise.reject(error));
  }
  if (Date.now() - before.mtimeMs < TAKEOVER_STALE_MS) return;
  const aside = `${mutex}.${randomUUID()}`;
  try {
    await fs.rename(mutex, aside);
  } catch (error) {
    if (errnoCode(error) === "ENOENT") return;
    return fileOp("move aside", mutex, () => Promise.reject(error));
  }
  const moved = await fs.stat(aside).catch(() => null);
  // Not the abandoned one after all (a fresh takeover replaced it): put it back.
  if (moved !== null && moved.ino !== before.ino) await fs.link(aside, mutex).catch(() => undefined);
  await unlinkIfExists(fs, aside);
}

/** Reads a lock file as {@link removeLockIfUnchanged} needs it; null when there is none. */
export async function observeLock(lockFile: string, fs: StateFs = nodeFs): Promise<ObservedLock | null> {
  const seen = await readLock(fs, lockFile);
  return seen === "gone" ? null : { ino: seen.ino, text: seen.text };
}

async function releaseIfOurs(fs: StateFs, lockFile: string, text: string, notice: (message: string) => void): Promise<void> {
  const seen = await readLock(fs, lockFile);
  if (seen !== "gone" && seen.text === text) {
    await unlinkIfExists(fs, lockFile);
    return;
  }
  notice(`Lock ${lockFile} was no longer ours when releasing it; left it alone.`);
}

/** Writes `file` atomically: temporary file in the same directory, fsync, rename, fsync the directory. */
async function writeFileAtomic(fs: StateFs, file: string, text: string): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${randomUUID()}.tmp`);
  await afterwards(
    async () => {
      await fileOp("write", tmp, async () => {
        const handle = await fs.open(tmp, "wx", 0o644);
        try {
          await handle.writeFile(text, "utf8");
          await handle.sync();
        } finally {
          await handle.close();
        }
      });
      // rename replaces a link at `file` itself: nothing is ever written through one.
      await fileOp("replace", file, () => fs.rename(tmp, file));
    },
    // After a successful rename the temporary name is gone already.
    () => unlinkIfExists(fs, tmp),
    () => {},
  );
  await fileOp("flush the directory", dir, async () => {
    const dirHandle = await fs.open(dir, "r");
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
  });
}

async function unlinkIfExists(fs: StateFs, file: string): Promise<void> {
  try {
    await fs.unlink(file);
  } catch (error) {
    if (errnoCode(error) !== "ENOENT") await fileOp("remove", file, () => Promise.reject(error));
  }
}

function onceOnly(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}
