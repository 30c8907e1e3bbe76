/**
 * The git side of a stand-in repository: a bare repository on disk is the remote the Action
 * clones and pushes to for real, and the source of truth for branches, refs, commits and file
 * contents the REST routes report. Git runs as a child process with fixed author identity and
 * no system or global configuration, so a developer's settings never change what it answers.
 */
import { execFile } from "node:child_process";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

const IDENTITY = {
  GIT_AUTHOR_NAME: "Stand-in",
  GIT_AUTHOR_EMAIL: "stand-in@127.0.0.1",
  GIT_COMMITTER_NAME: "Stand-in",
  GIT_COMMITTER_EMAIL: "stand-in@127.0.0.1",
};

export class GitCommandError extends Error {
  override readonly name = "GitCommandError";
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | string | undefined,
    readonly stderr: string,
  ) {
    super(`git ${args.join(" ")} failed (${String(exitCode)}): ${stderr.trim()}`);
  }
}

/** Runs git; resolves with stdout, rejects with `GitCommandError`. */
export function git(args: readonly string[], options: { cwd?: string; input?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "git",
      [...args],
      {
        cwd: options.cwd,
        maxBuffer: 64 * 1024 * 1024,
        env: { PATH: process.env["PATH"] ?? "", HOME: tmpdir(), GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", ...IDENTITY },
      },
      (error, stdout, stderr) => {
        if (error) reject(new GitCommandError(args, error.code ?? undefined, stderr));
        else resolve(stdout);
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Creates the bare repository at `gitDir` with one commit of `files` on `branch`. */
export async function createBareRepo(gitDir: string, branch: string, files: Readonly<Record<string, string>>): Promise<void> {
  await mkdir(gitDir, { recursive: true });
  await git(["init", "--bare", "--quiet", `--initial-branch=${branch}`, gitDir]);
  await commitFiles(gitDir, branch, files, "Initial commit");
}

/** Commits `files` (path → content) on top of `branch` (created when absent); returns the new SHA. */
export async function commitFiles(gitDir: string, branch: string, files: Readonly<Record<string, string>>, message: string): Promise<string> {
  const work = await mkdtemp(path.join(tmpdir(), "stand-in-commit-"));
  try {
    await git(["init", "--quiet", `--initial-branch=${branch}`, work]);
    const parent = await resolveRef(gitDir, `refs/heads/${branch}`);
    if (parent !== undefined) {
      await git(["fetch", "--quiet", gitDir, `refs/heads/${branch}`], { cwd: work });
      await git(["reset", "--quiet", "--hard", "FETCH_HEAD"], { cwd: work });
    }
    for (const [file, content] of Object.entries(files)) {
      const target = path.join(work, file);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, content);
    }
    await git(["add", "--all"], { cwd: work });
    await git(["commit", "--quiet", "--allow-empty", "-m", message], { cwd: work });
    await git(["push", "--quiet", gitDir, `HEAD:refs/heads/${branch}`], { cwd: work });
    return (await git(["rev-parse", "HEAD"], { cwd: work })).trim();
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The commit SHA `ref` (a SHA, a branch name or a full ref) points at, or undefined. */
export async function resolveRef(gitDir: string, ref: string): Promise<string | undefined> {
  if (ref.startsWith("-")) return undefined;
  try {
    return (await git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd: gitDir })).trim() || undefined;
  } catch (error) {
    if (error instanceof GitCommandError) return undefined;
    throw error;
  }
}

/** The text of `file` at `ref`, or undefined when either does not exist. */
export async function readFileAt(gitDir: string, ref: string, file: string): Promise<string | undefined> {
  const sha = await resolveRef(gitDir, ref);
  if (sha === undefined || file.split("/").includes("..")) return undefined;
  try {
    return await git(["cat-file", "blob", `${sha}:${file}`], { cwd: gitDir });
  } catch (error) {
    if (error instanceof GitCommandError) return undefined;
    throw error;
  }
}

/** The blob SHA of `file` at `ref`, or undefined. */
export async function blobSha(gitDir: string, ref: string, file: string): Promise<string | undefined> {
  try {
    return (await git(["rev-parse", "--verify", "--quiet", `${ref}:${file}`], { cwd: gitDir })).trim() || undefined;
  } catch (error) {
    if (error instanceof GitCommandError) return undefined;
    throw error;
  }
}

/** Refs under `prefix` (a full ref name or its start, like `refs/heads/`), with their SHAs. */
export async function listRefs(gitDir: string, prefix: string): Promise<{ ref: string; sha: string }[]> {
  const out = await git(["for-each-ref", "--format=%(refname) %(objectname)"], { cwd: gitDir });
  return out
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const [ref = "", sha = ""] = line.split(" ");
      return { ref, sha };
    })
    .filter((r) => r.ref.startsWith(prefix));
}

/** Points `ref` at `sha` (which must be a commit in the repository). */
export async function updateRef(gitDir: string, ref: string, sha: string): Promise<void> {
  await git(["update-ref", ref, sha], { cwd: gitDir });
}

export async function deleteRef(gitDir: string, ref: string): Promise<void> {
  await git(["update-ref", "-d", ref], { cwd: gitDir });
}

/** Whether `ref` is a name git accepts for a ref (`git check-ref-format`). */
export async function validRefName(ref: string): Promise<boolean> {
  try {
    await git(["check-ref-format", ref]);
    return true;
  } catch (error) {
    if (error instanceof GitCommandError) return false;
    throw error;
  }
}

/** Whether commit `ancestor` is reachable from `descendant` (a fast-forward from one to the other). */
export async function isAncestor(gitDir: string, ancestor: string, descendant: string): Promise<boolean> {
  try {
    await git(["merge-base", "--is-ancestor", ancestor, descendant], { cwd: gitDir });
    return true;
  } catch (error) {
    if (error instanceof GitCommandError) return false;
    throw error;
  }
}
