/**
 * The session's clone of the user's repository, without a checkout: what `git clone --shared
 * --no-checkout` followed by `git remote remove origin` leaves, made by hand. A clone of a local
 * repository still runs an upload-pack process and negotiates refs with it (~15–20 ms, on the
 * way to the agent's start); here git writes a new repository and Foreman tells it where the
 * objects are.
 *
 * What the clone has, as `clone --shared` gives it: the repository's objects borrowed through
 * `objects/info/alternates` (nothing copied; alternates of the repository are followed by git),
 * its shallow boundary when it is shallow (a CI checkout usually is), the branch HEAD names and
 * every tag as refs (builds that ask `git describe` still work), the repository's object format;
 * and no remote, so a `git push` the agent tries has nowhere to go.
 */
import { copyFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { errnoCode } from "./error-details.js";
import { git } from "./git.js";

/** `git for-each-ref` fields: object id, ref name, `*` on the branch HEAD names. */
const REF_FORMAT = "%(objectname) %(refname) %(HEAD)";

/** What the new clone's HEAD names until the checkout detaches it: no ref is ever created under it. */
const UNBORN_BRANCH = "foreman-unborn";

/** The refs the clone gets: the branch HEAD names (clone's local branch) and the tags. */
export function refsToCopy(forEachRef: string): { name: string; id: string }[] {
  const refs: { name: string; id: string }[] = [];
  for (const line of forEachRef.split("\n")) {
    const [id, name, head] = line.split(" ");
    if (id === undefined || name === undefined || name === "") continue;
    if (name.startsWith("refs/tags/") || (name.startsWith("refs/heads/") && head === "*")) refs.push({ name, id });
  }
  return refs;
}

/**
 * Makes `worktree` a clone of the repository at `commonDir`, its working copy checked out
 * (detached, hooks off: the clone has none) at `baseSha`. Errors are git's (`GitError`).
 */
export async function sharedClone(commonDir: string, worktree: string, baseSha: string): Promise<void> {
  const [listed] = await Promise.all([
    git(["--git-dir", commonDir, "for-each-ref", `--format=${REF_FORMAT}`, "refs/heads", "refs/tags"], { cwd: commonDir }),
    // HEAD on a branch that never exists, so that creating the copied branch below does not
    // touch HEAD while the checkout detaches it. The object format only when it is not git's
    // default (older gits know no --object-format); a 64-digit id is a SHA-256 repository.
    git(
      [
        "init",
        "--quiet",
        "--template=",
        `--initial-branch=${UNBORN_BRANCH}`,
        ...(baseSha.length === 64 ? ["--object-format=sha256"] : []),
        "--",
        worktree,
      ],
      { cwd: path.dirname(worktree) },
    ),
  ]);
  const gitDir = path.join(worktree, ".git");
  await Promise.all([
    writeFile(path.join(gitDir, "objects", "info", "alternates"), `${path.join(commonDir, "objects")}\n`),
    copyFile(path.join(commonDir, "shallow"), path.join(gitDir, "shallow")).catch((error: unknown) => {
      if (errnoCode(error) !== "ENOENT") throw error;
    }),
  ]);
  // The refs and the checkout touch different files of the clone: at once, both settled before
  // any failure counts. Their objects are reachable through the alternates written above.
  const refs = refsToCopy(listed.stdout);
  const steps = await Promise.allSettled([
    refs.length === 0
      ? Promise.resolve()
      : git(["--git-dir", gitDir, "update-ref", "--stdin"], { cwd: worktree, input: refs.map((r) => `create ${r.name} ${r.id}\n`).join("") }),
    git(["--git-dir", gitDir, "--work-tree", worktree, "checkout", "--quiet", "--detach", baseSha], { cwd: worktree }),
  ]);
  for (const step of steps) if (step.status === "rejected") throw step.reason;
}
