/**
 * One typed facade over the user's repository: discovery (where its git directory and working
 * tree are, whether it is bare) and the repository-wide commands Foreman runs on it. Callers
 * never build argv for these; every command names the common git directory explicitly.
 */
import { realpath } from "node:fs/promises";
import { ForemanError } from "../core/errors.js";
import { git, GitError, type GitOptions, type GitResult } from "./git.js";

/** `dir` is not inside a git repository (or does not exist). */
export class NotAGitRepositoryError extends ForemanError {
  override readonly name = "NotAGitRepositoryError";
  readonly kind = "usage";
  constructor(
    readonly dir: string,
    options?: { cause?: unknown },
  ) {
    super(`"${dir}" is not inside a git repository. Pass the path of a git checkout (git init && git commit first).`, options);
  }
}

/** One entry of `git worktree list --porcelain -z`. */
export interface WorktreeEntry {
  /** Absolute path of the worktree. */
  path: string;
  /** The commit checked out, when git reports one. */
  head?: string;
  /** The full ref checked out (`refs/heads/main`), absent when detached or bare. */
  branch?: string;
  bare: boolean;
  detached: boolean;
  locked: boolean;
}

/** Parses `git worktree list --porcelain -z`: records of NUL-terminated `key value` lines, ended by an empty line. */
export function parseWorktreeList(output: string): WorktreeEntry[] {
  const entries: WorktreeEntry[] = [];
  let current: WorktreeEntry | null = null;
  for (const line of output.split("\0")) {
    if (line.startsWith("worktree ")) {
      current = { path: line.slice("worktree ".length), bare: false, detached: false, locked: false };
      entries.push(current);
      continue;
    }
    if (current === null || line === "") continue;
    const space = line.indexOf(" ");
    const key = space === -1 ? line : line.slice(0, space);
    const value = space === -1 ? "" : line.slice(space + 1);
    if (key === "HEAD") current.head = value;
    else if (key === "branch") current.branch = value;
    else if (key === "bare") current.bare = true;
    else if (key === "detached") current.detached = true;
    else if (key === "locked") current.locked = true;
  }
  return entries;
}

export class GitRepository {
  private constructor(
    /** The common git directory, real path (`.git` of the main worktree, or the bare repository). */
    readonly commonDir: string,
    /** The working tree's top level, real path; null for a bare repository (or from inside `.git`). */
    readonly topLevel: string | null,
    readonly bare: boolean,
  ) {}

  /** The repository that `dir` is in; throws {@link NotAGitRepositoryError} when there is none. */
  static async discover(dir: string): Promise<GitRepository> {
    // The usual case, a directory of a working tree, in one call; git refuses `--show-toplevel`
    // outside a working tree (a bare repository, inside `.git`, no repository): then step by step.
    const inWorkTree = await GitRepository.discoverWorkTree(dir);
    if (inWorkTree !== null) return inWorkTree;
    let commonDir: string;
    let bare: boolean;
    try {
      const out = await git(["rev-parse", "--path-format=absolute", "--git-common-dir", "--is-bare-repository"], { cwd: dir });
      const [common = "", isBare = ""] = out.stdout.split("\n");
      commonDir = await realpath(common.trim());
      bare = isBare.trim() === "true";
    } catch (error) {
      if (!(error instanceof GitError) && !isSystemError(error)) throw error;
      throw new NotAGitRepositoryError(dir, { cause: error });
    }
    // Null for bare repositories (and when `dir` is inside a `.git` directory): no working tree.
    const topLevel = bare
      ? null
      : await git(["rev-parse", "--show-toplevel"], { cwd: dir }).then(
          (out) => realpath(out.stdout.trim()),
          (error: unknown) => {
            if (error instanceof GitError) return null;
            throw error;
          },
        );
    return new GitRepository(commonDir, topLevel, bare);
  }

  /** A directory of a working tree, discovered with one git call; null when it is not one (or anything failed). */
  private static async discoverWorkTree(dir: string): Promise<GitRepository | null> {
    try {
      const out = await git(["rev-parse", "--path-format=absolute", "--git-common-dir", "--is-bare-repository", "--show-toplevel"], { cwd: dir });
      const [common = "", isBare = "", top = ""] = out.stdout.split("\n").map((l) => l.trim());
      if (isBare !== "false" || common === "" || top === "") return null;
      return new GitRepository(await realpath(common), await realpath(top), false);
    } catch (error) {
      if (error instanceof GitError || isSystemError(error)) return null;
      throw error;
    }
  }

  /**
   * The repository whose common git directory is `commonDir`, already discovered (a path kept
   * in a workspace record): for running its commands, without asking git again.
   */
  static atCommonDir(commonDir: string): GitRepository {
    return new GitRepository(commonDir, null, false);
  }

  /** Every worktree of the repository (the main one first), as git lists them. */
  async worktrees(): Promise<WorktreeEntry[]> {
    return parseWorktreeList((await this.run(["worktree", "list", "--porcelain", "-z"])).stdout);
  }

  /** Whether `ref` (`refs/heads/x`) is checked out in any worktree. */
  async isCheckedOut(ref: string): Promise<boolean> {
    return (await this.worktrees()).some((w) => w.branch === ref);
  }

  /** Runs `git --git-dir <commonDir> <args>` in the common dir. */
  run(args: readonly string[], opts: Omit<GitOptions, "cwd"> = {}): Promise<GitResult> {
    return git(["--git-dir", this.commonDir, ...args], { ...opts, cwd: this.commonDir });
  }
}

function isSystemError(error: unknown): boolean {
  return error instanceof Error && "code" in error && typeof error.code === "string";
}
