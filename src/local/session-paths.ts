/**
 * Where local-mode session files live, and the check that keeps a session id from escaping
 * that place or making a bad git ref.
 *
 * Layout (decided here, used by `FileStateStore` and `JsonlLedger`):
 *
 * ```
 * <git-common-dir>/foreman/            the state root, passed in as `stateRoot`
 *   sessions/<sessionId>/state.json    the snapshot (FileStateStore)
 *   sessions/<sessionId>/ledger.jsonl  the append-only ledger (JsonlLedger)
 *   sessions/<sessionId>/lock          the run lock (FileStateStore.lock)
 * ```
 *
 * The state root sits inside the git directory, not in the working tree: the user's checkout
 * is never touched, nothing shows up in `git status`, no `.gitignore` needs editing, and every
 * linked worktree of the repository sees the same sessions (the *common* dir, not the
 * per-worktree one). The caller resolves it once, e.g. with
 * `git rev-parse --path-format=absolute --git-common-dir`, and hands the absolute path to
 * {@link stateRootFor}; nothing here runs git or reads the environment.
 */
import path from "node:path";

/** Name of Foreman's folder inside the git common dir. */
export const STATE_DIR_NAME = "foreman";

/** The local-mode state root for a repository, given its absolute git common dir. */
export function stateRootFor(gitCommonDir: string): string {
  if (!path.isAbsolute(gitCommonDir)) {
    throw new TypeError(
      `Git common dir '${gitCommonDir}' is not an absolute path. Resolve it with ` + "`git rev-parse --path-format=absolute --git-common-dir`.",
    );
  }
  return path.join(gitCommonDir, STATE_DIR_NAME);
}

/** A session id that could escape a directory or make an invalid git ref. */
export class InvalidSessionIdError extends Error {
  override readonly name = "InvalidSessionIdError";
  constructor(
    /** The rejected id, as given. */
    readonly sessionId: string,
    /** What is wrong with it. */
    readonly problem: string,
  ) {
    super(
      `Invalid session id ${JSON.stringify(sessionId)}: ${problem}. Expected 1 to 100 characters: ` +
        "letters, digits, '.', '_' or '-', starting with a letter or digit, without '..', " +
        "and not ending in '.' or '.lock'.",
    );
  }
}

const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * Returns `id` unchanged when it is safe as one path segment and inside a git ref name
 * (e.g. `foreman/<id>`); throws {@link InvalidSessionIdError} otherwise.
 */
export function validateSessionId(id: string): string {
  if (id.length === 0) throw new InvalidSessionIdError(id, "it is empty");
  if (id.length > 100) throw new InvalidSessionIdError(id, `it is ${id.length} characters long`);
  if (!SESSION_ID.test(id)) {
    const first = id[0] ?? "";
    if (!/^[A-Za-z0-9]$/.test(first)) throw new InvalidSessionIdError(id, `it starts with ${JSON.stringify(first)}`);
    const bad = [...id].find((c) => !/^[A-Za-z0-9._-]$/.test(c)) ?? "";
    throw new InvalidSessionIdError(id, `it contains ${JSON.stringify(bad)}`);
  }
  if (id.includes("..")) throw new InvalidSessionIdError(id, "it contains '..'");
  if (id.endsWith(".lock")) throw new InvalidSessionIdError(id, "it ends in '.lock'");
  if (id.endsWith(".")) throw new InvalidSessionIdError(id, "it ends in '.'");
  return id;
}

/** Directory holding one session's files; validates the id first. */
export function sessionDir(stateRoot: string, id: string): string {
  return path.join(stateRoot, "sessions", validateSessionId(id));
}
