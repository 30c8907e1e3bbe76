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
import { InvalidArgumentError } from "../core/errors.js";
import { InvalidSessionIdError, validateSessionId } from "../core/session-id.js";

/** The one session-id rule lives in core; re-exported for the local adapters that import it from here. */
export { InvalidSessionIdError, validateSessionId };

/** Name of Foreman's folder inside the git common dir. */
export const STATE_DIR_NAME = "foreman";

/** The local-mode state root for a repository, given its absolute git common dir. */
export function stateRootFor(gitCommonDir: string): string {
  if (!path.isAbsolute(gitCommonDir)) {
    throw new InvalidArgumentError(
      "gitCommonDir",
      `Git common dir '${gitCommonDir}' is not an absolute path. Resolve it with ` + "`git rev-parse --path-format=absolute --git-common-dir`.",
    );
  }
  return path.join(gitCommonDir, STATE_DIR_NAME);
}

/** Directory holding one session's files; validates the id first. */
export function sessionDir(stateRoot: string, id: string): string {
  return path.join(stateRoot, "sessions", validateSessionId(id));
}
