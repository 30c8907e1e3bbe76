/**
 * Where a session's workspace (the agent's clone and Foreman's files about it) lives: outside
 * the repository, in the user's cache, so that tools the agent and the gates run never walk up
 * into the user's checkout (node_modules, configs). The folder is keyed by an id kept in the
 * repository's git dir: a repository deleted and created again at the same path gets fresh
 * workspaces. (The folder is still called `worktrees`, as before clones replaced linked
 * worktrees, so that sessions started earlier are found.) There is no shared fallback (another
 * local user could prepare the path): without a cache directory, Foreman says how to set one.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "../core/errors.js";
import { slugify, validateSessionId } from "../core/session-id.js";
import { errnoCode } from "./error-details.js";
import { userCacheDir } from "./user-cache-dir.js";

/** The cache directory from `XDG_CACHE_HOME`, else `$HOME/.cache`; only absolute paths count. */
export function cacheDir(hostEnv: Readonly<Record<string, string | undefined>>): string {
  const cache = userCacheDir(hostEnv);
  if (cache === undefined) {
    throw new UsageError("Foreman keeps session worktrees in your cache directory: set HOME or XDG_CACHE_HOME to an absolute path.");
  }
  return cache;
}

/** `<cache>/foreman/worktrees/<repo name>-<repo id>/<session id>`. */
export function worktreeRoot(cache: string, repo: { root: string; id: string }, sessionId: string): string {
  return path.join(cache, "foreman", "worktrees", `${slugify(path.basename(repo.root))}-${repo.id}`, validateSessionId(sessionId));
}

/** A random id for this repository's Foreman state (`<stateRoot>/repo-id`), created once. */
export async function repoId(stateRoot: string): Promise<string> {
  const file = path.join(stateRoot, "repo-id");
  try {
    const id = (await readFile(file, "utf8")).trim();
    if (/^[0-9a-f]{16}$/.test(id)) return id;
  } catch (e) {
    if (errnoCode(e) !== "ENOENT") throw e;
  }
  await mkdir(stateRoot, { recursive: true });
  const id = randomBytes(8).toString("hex");
  try {
    await writeFile(file, `${id}\n`, { flag: "wx" });
    return id;
  } catch (e) {
    // Another run created it first: use theirs.
    if (errnoCode(e) === "EEXIST") return (await readFile(file, "utf8")).trim();
    throw e;
  }
}
