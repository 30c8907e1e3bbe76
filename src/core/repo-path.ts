/**
 * The one safety predicate for repository-relative paths, shared by the path policy (changed
 * files) and the gate planner (changed files, gate roots). A safe path is canonical: relative,
 * `/`-separated, no empty, `.` or `..` segment, no `.git` segment (in any case), no backslash
 * and no control character. Git never reports anything else; a path that is not canonical
 * could slip past a glob (`./.github/workflows/x.yml` is not matched by `.github/**`) or name a
 * directory outside the repository.
 */

/** Why a path is not a safe repository path. */
export type RepoPathProblem = "empty" | "control_character" | "backslash" | "absolute" | "parent_segment" | "not_canonical" | "inside_git";

/** The first reason `path` is not a safe, canonical repository-relative path, or null when it is one. */
export function repoPathProblem(path: string): RepoPathProblem | null {
  if (path.length === 0) return "empty";
  if (/[\u0000-\u001f\u007f]/.test(path)) return "control_character";
  if (path.includes("\\")) return "backslash";
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return "absolute";
  // The first bad segment decides, reading left to right.
  for (const segment of path.split("/")) {
    if (segment === "..") return "parent_segment";
    if (segment === "" || segment === ".") return "not_canonical";
    if (segment.toLowerCase() === ".git") return "inside_git";
  }
  return null;
}

/** True when `path` is a safe, canonical repository-relative path. */
export function isSafeRepoPath(path: string): boolean {
  return repoPathProblem(path) === null;
}
