/**
 * The `Workspace` port on a git clone: the agent works in a clone of the user's repository
 * with its own `.git` (what `git clone --shared` makes, made by hand in shared-clone.ts: objects
 * borrowed read-only through an alternates file), detached at the session's base commit. Nothing is shared with the user's repository
 * but those objects: the agent may rewrite its clone's config, hooks, refs and index, and none
 * of it reaches the user's checkout (a linked worktree would share `config` and `hooks`).
 *
 * Foreman does not trust the clone's `.git` either. Every measure of the working copy runs
 * with Foreman's own git directory (`<stateRoot>/foreman.git`: bare, no hooks, a config only
 * Foreman writes) and a private index (`<stateRoot>/index.tmp`), naming the work tree
 * explicitly; objects are read from and written to the user's object store
 * (`GIT_OBJECT_DIRECTORY`), so the trees it names are the repository's and the publisher can
 * commit them there without touching the clone. The base tree is read into the private
 * index, `git add -A` brings in the working copy, `git write-tree` names the result. The tree
 * id is the diff hash (equal trees, equal hashes), untracked files count, ignored files do
 * not, and the clone's own index and HEAD stay as the agent left them. What `diff()` and
 * `paths()` answered is remembered by tree id: measuring a working copy that still holds a tree
 * already measured is one `git status` (the engine asks often, and each git process costs).
 *
 * Layout of `stateRoot`: `worktree/` (the clone), `foreman.git/`, `index.tmp`,
 * `workspace.json`. A record of version 1 is a linked worktree made by an older Foreman: it
 * is still opened, measured and removed the old way.
 */
import { existsSync } from "node:fs";
import { appendFile, copyFile, mkdir, readFile as readFileFs, realpath, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ForemanError, type ForemanErrorKind } from "../core/errors.js";
import { repoPathProblem } from "../core/repo-path.js";
import { SESSION_ID_RULE, sessionIdProblem } from "../core/session-id.js";
import type { ChangedFile, Workspace, WorkspaceDiff } from "../loop/ports.js";
import { GitRepository, NotAGitRepositoryError } from "./git-repository.js";
import { git, GitError, isObjectId, type GitOptions, type GitResult } from "./git.js";
import { sharedClone } from "./shared-clone.js";

export type WorkspaceErrorCode =
  /** An argument is malformed (session id, base ref, hash, path, state root). */
  | "invalid_input"
  /** `repo` is not a git repository. */
  | "not_a_repository"
  /** The repository (or its HEAD) has no commit to start from. */
  | "no_commits"
  /** `baseRef` does not name a commit. */
  | "unknown_base"
  /** `create()` found a workspace (or what a dead start left of one) already in `stateRoot`. */
  | "already_exists"
  /** `open()` found no workspace (never created, disposed, or the worktree was removed). */
  | "not_found"
  /** `open()` was asked for another base, session or repository than the workspace has. */
  | "mismatch"
  /** `restore()` was given a hash that is not a tree of this repository. */
  | "unknown_tree"
  /** `restore()` ran but the worktree still differs from the tree (e.g. an embedded repository). */
  | "restore_failed";

/** A workspace operation was refused or failed; branch on `code`. */
export class WorkspaceError extends ForemanError {
  override readonly name = "WorkspaceError";
  /** `conflict` when the workspace on disk is not the one asked for; `usage` otherwise. */
  readonly kind: ForemanErrorKind;
  constructor(
    readonly code: WorkspaceErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.kind = code === "already_exists" || code === "mismatch" || code === "restore_failed" ? "conflict" : "usage";
  }
}

export interface GitWorkspaceCreateOptions {
  /** The user's repository: any directory of its working tree, or a bare repository. */
  repo: string;
  /** Session key (a slug locally, `<owner>/<repo>#<issue>` on GitHub); used only as a label. */
  sessionId: string;
  /** Where the session starts; default `HEAD`. Resolved once to `baseSha`. */
  baseRef?: string;
  /**
   * Directory Foreman owns for this session, e.g. `<git-common-dir>/foreman/<session>`. The
   * worktree is `<stateRoot>/worktree`. Must not be inside the user's working tree (outside
   * its `.git`), or the user's `git status` would change.
   */
  stateRoot: string;
  /** Longest `patch` returned by `diff()`, in characters; longer ones are cut with a marker. Default 5,000,000. */
  maxPatchChars?: number;
  /**
   * Glob patterns (relative to the worktree root) of files the agent writes for itself, such as
   * aider's `.aider*` caches: never part of the change, never counted as the gates' doing.
   */
  scratch?: readonly string[];
  /**
   * `repo` as the caller already discovered it (`GitRepository.discover`): saves asking git
   * again on the way to the agent's start.
   */
  discovered?: DiscoveredRepository;
}

/** A repository already discovered: its common git dir and top level (real paths). */
export interface DiscoveredRepository {
  commonDir: string;
  toplevel: string | null;
}

export interface GitWorkspaceOpenOptions {
  repo: string;
  sessionId: string;
  stateRoot: string;
  /** When given, the workspace must have been created at exactly this commit. */
  baseSha?: string;
  maxPatchChars?: number;
  /**
   * Glob patterns (relative to the worktree root) of files the agent writes for itself, such as
   * aider's `.aider*` caches: never part of the change, never counted as the gates' doing.
   */
  scratch?: readonly string[];
}

const DEFAULT_MAX_PATCH_CHARS = 5_000_000;
const METADATA_FILE = "workspace.json";
const INDEX_FILE = "index.tmp";
const CLONE_DIR = "worktree";
const FOREMAN_GIT_DIR = "foreman.git";

const metadataSchema = z.object({
  /** 1: a linked worktree (older Foreman); 2: a clone with its own `.git`. */
  version: z.union([z.literal(1), z.literal(2)]),
  sessionId: z.string(),
  baseSha: z.string().refine(isObjectId),
  commonDir: z.string(),
  worktree: z.string(),
  gitDir: z.string(),
});
type Metadata = z.infer<typeof metadataSchema>;

export class GitWorkspace implements Workspace {
  readonly dir: string;
  readonly baseSha: string;
  readonly sessionId: string;
  /** The repository's common git directory (`.git` of the main worktree, or the bare repository). */
  readonly commonDir: string;
  /**
   * The git directory Foreman measures the working copy with: `<stateRoot>/foreman.git`
   * (never the clone's `.git`, which the agent controls). For a version 1 record, the linked
   * worktree's `<commonDir>/worktrees/<name>`.
   */
  readonly gitDir: string;
  readonly stateRoot: string;
  private readonly indexFile: string;
  private readonly maxPatchChars: number;
  /** A linked worktree of an older Foreman (record version 1). */
  private readonly legacy: boolean;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;
  /**
   * Set by `create()` and cleared by the first operation: nothing but the checkout has touched
   * the clone, its own index holds the base with fresh stat data (see {@link measureBase}).
   */
  private fresh = false;
  /** Whether the private index was loaded from the base in this process. */
  private indexReady = false;
  /** The tree the private index holds right now, when known (after write-tree or diff). */
  private indexTree: string | null = null;
  /**
   * What `diff()` and `paths()` answered, by tree id. Both are functions of the tree alone (the
   * base is fixed), and a tree id names its content: an answer never goes stale.
   */
  private readonly byTree = new TreeMemo<WorkspaceDiff>();
  private readonly pathsByTree = new TreeMemo<readonly string[]>();

  private readonly scratch: readonly string[];

  private constructor(meta: Metadata, stateRoot: string, maxPatchChars: number, scratch: readonly string[] = []) {
    this.scratch = checkScratch(scratch);
    this.dir = meta.worktree;
    this.baseSha = meta.baseSha;
    this.sessionId = meta.sessionId;
    this.commonDir = meta.commonDir;
    this.gitDir = meta.gitDir;
    this.legacy = meta.version === 1;
    this.stateRoot = stateRoot;
    this.indexFile = path.join(stateRoot, INDEX_FILE);
    this.maxPatchChars = maxPatchChars;
  }

  /** Clones the repository, detached at the resolved base, into `<stateRoot>/worktree`. */
  static async create(opts: GitWorkspaceCreateOptions): Promise<GitWorkspace> {
    checkSessionId(opts.sessionId);
    const maxPatchChars = checkMaxPatch(opts.maxPatchChars);
    const baseRef = opts.baseRef ?? "HEAD";
    if (baseRef === "" || baseRef.startsWith("-") || /[\0-\x20\x7f]/.test(baseRef)) {
      throw new WorkspaceError("invalid_input", `Invalid baseRef '${baseRef}'. Expected a branch, tag or commit such as 'HEAD' or 'main'.`);
    }
    const repo = opts.discovered ?? (await resolveRepository(opts.repo));
    const stateRoot = await looseRealpath(path.resolve(opts.stateRoot));
    if (repo.toplevel !== null && isInside(stateRoot, repo.toplevel) && !isInside(stateRoot, repo.commonDir)) {
      throw new WorkspaceError(
        "invalid_input",
        `Invalid stateRoot '${opts.stateRoot}': it is inside the working tree of ${repo.toplevel}, whose ` +
          `status would change. Use a directory under ${path.join(repo.commonDir, "foreman")} or outside the repository.`,
      );
    }
    // The base is resolved while the clone is made (only the checkout needs it); a base that
    // cannot be resolved is still the first error reported, and leaves nothing behind.
    const resolving = resolveBase(repo.commonDir, baseRef);
    resolving.catch(() => undefined);
    const worktree = path.join(stateRoot, CLONE_DIR);
    const gitDir = path.join(stateRoot, FOREMAN_GIT_DIR);
    if (workspacePaths(stateRoot).some((p) => existsSync(p))) {
      await resolving;
      throw new WorkspaceError(
        "already_exists",
        `A workspace already exists at ${stateRoot}. Resume its session, or remove that directory to start over.`,
      );
    }
    const createdDir = await mkdir(stateRoot, { recursive: true });
    await rm(path.join(stateRoot, INDEX_FILE), { force: true });
    await rm(path.join(stateRoot, `${INDEX_FILE}.lock`), { force: true });
    // The clone borrows the repository's objects (alternates) and has everything else of its
    // own (shared-clone.ts), then a detached checkout of the base run with hooks off (the clone
    // has no hooks: it is made without git's templates).
    // Foreman's own git directory does not depend on the clone: made at the same time.
    const foremanGit = git(["init", "--bare", "--quiet", "--template=", "--initial-branch=foreman", gitDir], { cwd: stateRoot });
    const clone = resolving.then((baseSha) => sharedClone(repo.commonDir, worktree, baseSha));
    // All settle before any failure is reported: nothing is left running behind the error.
    const [base, made, cloned] = await Promise.allSettled([resolving, foremanGit, clone]);
    if (base.status === "rejected") {
      // As when the base was resolved first: nothing of the workspace stays.
      await (createdDir === undefined ? removeOwned(stateRoot) : rm(createdDir, { recursive: true, force: true }));
      throw base.reason;
    }
    if (cloned.status === "rejected") throw cloned.reason;
    if (made.status === "rejected") throw made.reason;
    const baseSha = base.value;
    const meta: Metadata = { version: 2, sessionId: opts.sessionId, baseSha, commonDir: repo.commonDir, worktree, gitDir };
    await writeFile(path.join(stateRoot, METADATA_FILE), `${JSON.stringify(meta, null, 2)}\n`);
    const workspace = new GitWorkspace(meta, stateRoot, maxPatchChars, opts.scratch);
    workspace.fresh = true;
    return workspace;
  }

  /** Reopens the workspace a previous run created (resume), at the same base. */
  static async open(opts: GitWorkspaceOpenOptions): Promise<GitWorkspace> {
    checkSessionId(opts.sessionId);
    const maxPatchChars = checkMaxPatch(opts.maxPatchChars);
    const repo = await resolveRepository(opts.repo);
    const stateRoot = await looseRealpath(path.resolve(opts.stateRoot));
    const metaPath = path.join(stateRoot, METADATA_FILE);
    let raw: string;
    try {
      raw = await readFileFs(metaPath, "utf8");
    } catch (error) {
      throw new WorkspaceError(
        "not_found",
        `No workspace for session '${opts.sessionId}' at ${stateRoot} (${metaPath} is missing). Start the session again to create it.`,
        { cause: error },
      );
    }
    let meta: Metadata;
    try {
      meta = metadataSchema.parse(JSON.parse(raw));
    } catch (error) {
      throw new WorkspaceError("not_found", `Workspace record ${metaPath} is corrupt. Remove ${stateRoot} and start the session again.`, {
        cause: error,
      });
    }
    if (meta.sessionId !== opts.sessionId) {
      throw new WorkspaceError("mismatch", `Workspace at ${stateRoot} belongs to session '${meta.sessionId}', not '${opts.sessionId}'.`);
    }
    if (meta.commonDir !== repo.commonDir) {
      throw new WorkspaceError("mismatch", `Workspace at ${stateRoot} belongs to the repository at ${meta.commonDir}, not ${repo.commonDir}.`);
    }
    if (opts.baseSha !== undefined && opts.baseSha !== meta.baseSha) {
      throw new WorkspaceError("mismatch", `Workspace at ${stateRoot} starts from ${meta.baseSha}, not the requested base '${opts.baseSha}'.`);
    }
    const registered = meta.version === 2 || (await listWorktrees(meta.commonDir)).includes(meta.worktree);
    if (!existsSync(meta.worktree) || !existsSync(meta.gitDir) || !registered) {
      throw new WorkspaceError(
        "not_found",
        `The worktree of session '${opts.sessionId}' (${meta.worktree}) no longer exists. Create the workspace again.`,
      );
    }
    // A run that died mid-operation may have left git's lock on the private index.
    await rm(path.join(stateRoot, `${INDEX_FILE}.lock`), { force: true });
    return new GitWorkspace(meta, stateRoot, maxPatchChars, opts.scratch);
  }

  /**
   * Measures the unchanged base: afterwards `diff()` on an untouched working copy costs one
   * status call and `paths()` of the base none. Read-only, and never fails (a problem is met
   * again, and reported, by the next operation).
   *
   * Right after `create()` the base is known without staging the working copy (which reads
   * every file): the clone's checkout wrote exactly the base and its index says so, with stat
   * data. Three read-only git calls at once prove it (the base's tree, the tree of the clone's
   * index copied as the private index, the base's file list) where nothing could make the
   * checkout differ from the base in git's eyes: no `.gitattributes` (line endings, filters),
   * no submodule, only ASCII paths that differ in more than case. Otherwise, and on a reopened
   * workspace, it is measured as `diff()` and `paths()` do.
   */
  async measureBase(): Promise<void> {
    try {
      if (await this.exclusive(() => this.learnBaseFromCheckout(), false, true)) return;
      await this.paths((await this.diff()).hash);
    } catch {
      // The next operation asks again.
    }
  }

  /** See {@link measureBase}: true when the base's answers were learned from the fresh checkout. */
  private async learnBaseFromCheckout(): Promise<boolean> {
    if (!this.fresh || this.legacy) return false;
    this.fresh = false;
    const index = { env: { GIT_INDEX_FILE: this.indexFile } };
    const copied = copyFile(path.join(this.dir, ".git", "index"), this.indexFile);
    // All three settle before anything is judged: none is left running on the private index.
    const [baseTree, listing, indexTree] = await Promise.allSettled([
      this.inWorktree(["rev-parse", "--verify", "--quiet", `${this.baseSha}^{tree}`]),
      this.inWorktree(["ls-tree", "-r", "-z", "--full-tree", this.baseSha]),
      copied.then(() => this.inWorktree(["write-tree"], index)),
    ]);
    const learned = (): { hash: string; paths: string[] } | null => {
      if (baseTree.status === "rejected" || listing.status === "rejected" || indexTree.status === "rejected") return null;
      const hash = baseTree.value.stdout.trim();
      const entries = listing.value.stdout.split("\0").filter((e) => e !== "");
      const paths = entries.map((e) => e.slice(e.indexOf("\t") + 1));
      return isObjectId(hash) && indexTree.value.stdout.trim() === hash && checkoutIsBase(entries, paths) ? { hash, paths } : null;
    };
    const base = learned();
    if (base === null) {
      // Measured in full instead, from an index without the checkout's stat data: with it, git
      // would skip re-reading files whose stat matches, and whether a file that reads differently
      // (a CRLF file under a `text` attribute) counts as changed would depend on timestamps.
      await rm(this.indexFile, { force: true });
      return false;
    }
    const { hash, paths } = base;
    this.indexReady = true;
    this.indexTree = hash;
    this.byTree.set(hash, { hash, files: [] });
    this.pathsByTree.set(hash, paths);
    return true;
  }

  diff(): Promise<WorkspaceDiff> {
    return this.exclusive(async () => {
      // The tree the index holds was measured already: one status call says whether the working
      // copy still matches it, instead of staging, writing the tree and diffing again.
      const known = this.indexTree === null ? undefined : this.byTree.get(this.indexTree);
      if (known !== undefined && (await this.matchesIndex())) return copyDiff(known);
      await this.stageAll();
      const index = { env: { GIT_INDEX_FILE: this.indexFile } };
      // Two read-only questions about the staged index, asked at once: its tree, and what
      // differs from the base (status and line counts in one pass).
      const [tree, changes] = await Promise.all([
        this.inWorktree(["write-tree"], index),
        this.inWorktree(
          ["diff", "--cached", "-z", "-M", "--raw", "--no-abbrev", "--numstat", "--no-color", "--no-ext-diff", "--no-textconv", this.baseSha],
          index,
        ),
      ]);
      const hash = tree.stdout.trim();
      const diff = { hash, files: await this.withSizes(parseRawNumstat(changes.stdout), newBlobIds(changes.stdout)) };
      this.byTree.set(hash, copyDiff(diff));
      this.indexTree = hash;
      return diff;
    });
  }

  async revertPaths(paths: readonly string[]): Promise<void> {
    for (const p of paths) {
      const problem = repoPathProblem(p);
      if (problem !== null)
        throw new WorkspaceError(
          "invalid_input",
          `Invalid path ${JSON.stringify(p)} to revert (${problem}). Expected a path relative to the worktree, as diff() reports it.`,
        );
    }
    if (paths.length === 0) return;
    await this.exclusive(async () => {
      const index = { env: { GIT_INDEX_FILE: this.indexFile, GIT_LITERAL_PATHSPECS: "1" } };
      await this.stageAll();
      // In the private index: each path back to its base entry (or out of it when the base lacks it).
      await this.inWorktree(["reset", "--quiet", this.baseSha, "--", ...paths], index);
      const inBase = (await this.inWorktree(["ls-files", "-z", "--", ...paths], index)).stdout.split("\0").filter((p) => p !== "");
      // Base content into the working copy; what the base lacks is now untracked: removed.
      if (inBase.length > 0) await this.inWorktree(["checkout-index", "--force", "--", ...inBase], index);
      await this.inWorktree(["clean", "-d", "--force", "--quiet", "--", ...paths], index);
      this.indexTree = null;
    });
  }

  paths(hash: string): Promise<string[]> {
    checkHash(hash, "hash");
    return this.exclusive(async () => {
      const known = this.pathsByTree.get(hash);
      if (known !== undefined) return [...known];
      const out = await this.inWorktree(["ls-tree", "-r", "-z", "--name-only", "--full-tree", hash]);
      const paths = out.stdout.split("\0").filter((p) => p !== "");
      this.pathsByTree.set(hash, paths);
      return [...paths];
    });
  }

  patch(hash: string): Promise<string> {
    checkHash(hash, "hash");
    return this.exclusive(async () => {
      const out = await this.inWorktree(
        ["diff-tree", "-r", "-p", "-M", "--no-color", "--no-ext-diff", "--no-textconv", "--src-prefix=a/", "--dst-prefix=b/", this.baseSha, hash],
        { maxOutput: this.maxPatchChars },
      );
      return out.truncated ? truncatePatch(out.stdout, this.maxPatchChars, hash, this.baseSha) : out.stdout;
    });
  }

  async isClean(expectedHash: string): Promise<boolean> {
    checkHash(expectedHash, "expectedHash");
    return this.exclusive(async () => {
      if (this.indexTree !== expectedHash) {
        await this.stageAll();
        return (await this.writeTreeOfIndex()) === expectedHash;
      }
      // The private index holds exactly `expectedHash`: one status call says whether the
      // working copy still matches it (a modified, deleted or new non-ignored file).
      return this.matchesIndex();
    });
  }

  /** Whether the working copy matches the private index (nothing modified, deleted or new and not ignored): one status call. */
  private async matchesIndex(): Promise<boolean> {
    const out = await this.inWorktree(
      ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--ignore-submodules=none", "--", ...this.pathspec()],
      { env: { GIT_INDEX_FILE: this.indexFile } },
    );
    return !hasWorktreeChanges(out.stdout);
  }

  async restore(hash: string): Promise<void> {
    checkHash(hash, "hash");
    await this.exclusive(async () => {
      const type = await this.inWorktree(["cat-file", "-t", hash]).catch((error: unknown) => {
        if (error instanceof GitError) return null;
        throw error;
      });
      if (type === null || type.stdout.trim() !== "tree") {
        throw new WorkspaceError("unknown_tree", `Cannot restore '${hash}': it is not a tree of this repository. Pass a hash returned by diff().`);
      }
      const index = { env: { GIT_INDEX_FILE: this.indexFile } };
      // `--reset` keeps the stat data of unchanged entries, so untouched files are not rewritten.
      await this.inWorktree(["read-tree", "--reset", hash], index);
      await this.inWorktree(["checkout-index", "--all", "--force"], index);
      await this.inWorktree(["clean", "-d", "--force", "--quiet", ...this.scratch.flatMap((p) => ["-e", p])], index);
      await this.stageAll();
      const now = await this.writeTreeOfIndex();
      if (now !== hash) {
        throw new WorkspaceError(
          "restore_failed",
          `Restoring ${this.dir} to ${hash} left tree ${now}. Something in the worktree (an embedded repository?) cannot be reset.`,
        );
      }
    });
  }

  /**
   * Appends patterns to `info/exclude` of Foreman's own git directory (never the clone's `.git`,
   * never the user's repository): dependency installs stay out of every diff. An older
   * Foreman's linked worktree shares the user's `info/exclude`, so there it does nothing.
   */
  async ignore(patterns: readonly string[]): Promise<void> {
    for (const p of patterns) {
      if (p === "" || /[\0\n\r]/.test(p) || p.startsWith("!")) {
        throw new WorkspaceError("invalid_input", `Invalid ignore pattern ${JSON.stringify(p)}. Expected a .gitignore line such as 'node_modules/'.`);
      }
    }
    return this.exclusive(async () => {
      if (this.legacy) return;
      const file = path.join(this.gitDir, "info", "exclude");
      const present = new Set((await readFileFs(file, "utf8").catch(() => "")).split("\n"));
      const missing = [...new Set(patterns)].filter((p) => !present.has(p));
      if (missing.length === 0) return;
      await mkdir(path.dirname(file), { recursive: true });
      await appendFile(file, `${missing.join("\n")}\n`);
      // The private index may hold files that are ignored now: start it again from the base.
      this.indexReady = false;
      this.indexTree = null;
    });
  }

  async readFile(file: string): Promise<string | null> {
    if (file === "" || file.includes("\0") || path.isAbsolute(file) || file.split(/[\\/]/).includes("..")) {
      throw new WorkspaceError("invalid_input", `Invalid path '${file}'. Expected a path relative to the worktree, without '..'.`);
    }
    const root = await realpath(this.dir);
    let real: string;
    try {
      real = await realpath(path.join(root, file));
    } catch {
      return null;
    }
    if (!isInside(real, root) || real === root) {
      throw new WorkspaceError("invalid_input", `Invalid path '${file}': it resolves to ${real}, outside the worktree ${root} (a symbolic link?).`);
    }
    if (!(await stat(real)).isFile()) return null;
    return readFileFs(real, "utf8");
  }

  /**
   * Removes the clone, Foreman's git directory and Foreman's files in `stateRoot` (other files
   * there are left alone). Safe to call twice, and after the clone vanished.
   */
  dispose(): Promise<void> {
    return this.exclusive(async () => {
      if (this.legacy) await removeLinkedWorktree(this.commonDir, this.dir, this.gitDir);
      await removeOwned(this.stateRoot);
      this.disposed = true;
    }, true);
  }

  /**
   * Removes what a start that died before its session was saved left in `stateRoot` (a clone
   * half made or whole, Foreman's git directory, the private index, the record), so that the
   * session id can be started afresh. Only for a state root no saved session owns: the
   * caller decides that. Returns whether anything was there.
   */
  static async discardLeftover(opts: { repo: string; stateRoot: string }): Promise<boolean> {
    const stateRoot = await looseRealpath(path.resolve(opts.stateRoot));
    // Nothing there (every new session): git is not asked where the repository is.
    if (!ownedPaths(stateRoot).some((p) => existsSync(p))) return false;
    const repo = await resolveRepository(opts.repo);
    const worktree = path.join(stateRoot, CLONE_DIR);
    // An older Foreman's linked worktree (`.git` is a file) is registered in the repository.
    if ((await stat(path.join(worktree, ".git")).catch(() => null))?.isFile()) {
      await removeLinkedWorktree(repo.commonDir, worktree, null);
    }
    await removeOwned(stateRoot);
    return true;
  }

  /**
   * Makes the private index match the working copy (new, changed and deleted files; ignored
   * files left out). The index is kept between calls so git's stat cache skips unchanged
   * files; it starts from the base when the workspace is opened. Like any git index, a file
   * it already tracks stays tracked if it later matches a `.gitignore` pattern.
   */
  private async stageAll(): Promise<void> {
    const index = { env: { GIT_INDEX_FILE: this.indexFile } };
    if (!this.indexReady) {
      await this.inWorktree(["read-tree", "--reset", this.baseSha], index);
      this.indexReady = true;
    }
    this.indexTree = null;
    await this.inWorktree(["add", "--all", "--", ...this.pathspec()], index);
  }

  /** `files` with the size of each new content (`bytes`), read from the object store in one call. */
  private async withSizes(files: ChangedFile[], ids: ReadonlyMap<string, string>): Promise<ChangedFile[]> {
    const wanted = [...new Set(files.flatMap((f) => (f.change === "D" ? [] : [ids.get(f.path) ?? ""]).filter((id) => id !== "")))];
    if (wanted.length === 0) return files;
    const out = await this.inWorktree(["cat-file", "--batch-check=%(objectname) %(objectsize)"], { input: `${wanted.join("\n")}\n` });
    const sizes = new Map<string, number>();
    for (const line of out.stdout.split("\n")) {
      const [id = "", size = ""] = line.split(" ");
      if (/^\d+$/.test(size)) sizes.set(id, Number(size));
    }
    return files.map((f) => {
      const size = f.change === "D" ? undefined : sizes.get(ids.get(f.path) ?? "");
      return size === undefined ? f : { ...f, bytes: size };
    });
  }

  private async writeTreeOfIndex(): Promise<string> {
    const tree = (await this.inWorktree(["write-tree"], { env: { GIT_INDEX_FILE: this.indexFile } })).stdout.trim();
    this.indexTree = tree;
    return tree;
  }

  /** Everything but the agent's scratch files. */
  private pathspec(): string[] {
    // A pattern names files and, like a .gitignore line, everything below a matching directory.
    return [".", ...this.scratch.flatMap((p) => [`:(exclude,glob)${p}`, `:(exclude,glob)${p}/**`])];
  }

  private inWorktree(args: readonly string[], opts: Omit<GitOptions, "cwd"> = {}): Promise<GitResult> {
    // Objects live in the user's repository: the trees Foreman names are there for the publisher.
    const objects = { GIT_OBJECT_DIRECTORY: path.join(this.commonDir, "objects") };
    return git(["--git-dir", this.gitDir, "--work-tree", this.dir, ...args], { ...opts, cwd: this.dir, env: { ...objects, ...opts.env } });
  }

  /** Operations share the private index: one at a time. */
  private exclusive<T>(fn: () => Promise<T>, afterDispose = false, keepFresh = false): Promise<T> {
    const run = this.queue.then(async () => {
      if (this.disposed && !afterDispose) {
        throw new WorkspaceError("not_found", `The workspace of session '${this.sessionId}' was disposed.`);
      }
      if (!keepFresh) this.fresh = false;
      return fn();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/**
 * Whether a checkout of these `git ls-tree -r -z` entries (`<mode> <type> <id>\t<path>`) is
 * exactly the tree, byte for byte and in git's eyes: no attributes (line ending conversion,
 * filters, `ident`), no submodule (its directory stays empty), and no path a file system could
 * fold (non-ASCII, or two paths equal but for case).
 */
export function checkoutIsBase(entries: readonly string[], paths: readonly string[]): boolean {
  if (entries.some((e) => e.startsWith("160000 "))) return false;
  const folded = new Set<string>();
  for (const p of paths) {
    if (p === ".gitattributes" || p.endsWith("/.gitattributes") || /[^\x20-\x7e]/.test(p)) return false;
    const lower = p.toLowerCase();
    if (folded.has(lower)) return false;
    folded.add(lower);
  }
  return true;
}

/** A diff a caller may change without changing what is remembered. */
function copyDiff(diff: WorkspaceDiff): WorkspaceDiff {
  return { hash: diff.hash, files: diff.files.map((f) => ({ ...f })) };
}

/** A few answers by tree id, the most recent kept (a session measures a handful of trees at a time). */
class TreeMemo<T> {
  private readonly entries = new Map<string, T>();
  constructor(private readonly size = 8) {}
  get(tree: string): T | undefined {
    return this.entries.get(tree);
  }
  set(tree: string, value: T): void {
    this.entries.delete(tree);
    this.entries.set(tree, value);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.size) break;
      this.entries.delete(oldest);
    }
  }
}

function checkSessionId(sessionId: string): void {
  const problem = sessionIdProblem(sessionId);
  if (problem !== null) throw new WorkspaceError("invalid_input", `Invalid sessionId ${JSON.stringify(sessionId)}: ${problem}. ${SESSION_ID_RULE}`);
}

function checkScratch(patterns: readonly string[]): readonly string[] {
  for (const p of patterns) {
    if (p === "" || p.startsWith("/") || p.startsWith(":") || p.split("/").includes("..") || /[\0-\x1f\x7f]/.test(p)) {
      throw new WorkspaceError("invalid_input", `Invalid scratch pattern '${p}'. Expected a glob relative to the worktree, such as '.aider*'.`);
    }
  }
  return [...patterns];
}

function checkMaxPatch(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_PATCH_CHARS;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new WorkspaceError("invalid_input", `Invalid maxPatchChars '${value}'. Expected a positive integer.`);
  }
  return value;
}

function checkHash(hash: string, name: string): void {
  if (!isObjectId(hash)) {
    throw new WorkspaceError("invalid_input", `Invalid ${name} '${hash}'. Expected a tree id (40 or 64 lowercase hex digits) returned by diff().`);
  }
}

async function resolveRepository(repo: string): Promise<{ commonDir: string; toplevel: string | null }> {
  try {
    const found = await GitRepository.discover(repo);
    return { commonDir: found.commonDir, toplevel: found.topLevel };
  } catch (error) {
    if (!(error instanceof NotAGitRepositoryError)) throw error;
    throw new WorkspaceError(
      "not_a_repository",
      `Invalid repo '${repo}': not a git repository (or it does not exist). Pass the path of a git checkout.`,
      { cause: error },
    );
  }
}

async function resolveBase(commonDir: string, baseRef: string): Promise<string> {
  try {
    const out = await git(["--git-dir", commonDir, "rev-parse", "--verify", "--quiet", `${baseRef}^{commit}`], {
      cwd: commonDir,
    });
    return out.stdout.trim();
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    if (baseRef === "HEAD") {
      throw new WorkspaceError(
        "no_commits",
        `The repository at ${commonDir} has no commits on HEAD yet. Foreman starts from a commit: make a first commit, or pass baseRef.`,
        { cause: error },
      );
    }
    throw new WorkspaceError(
      "unknown_base",
      `Invalid baseRef '${baseRef}': no such commit in ${commonDir}. Pass an existing branch, tag or commit.`,
      { cause: error },
    );
  }
}

/** The record, the clone and Foreman's git dir: any of them means a workspace (or part of one) is there. */
function workspacePaths(stateRoot: string): string[] {
  return [path.join(stateRoot, METADATA_FILE), path.join(stateRoot, CLONE_DIR), path.join(stateRoot, FOREMAN_GIT_DIR)];
}

/** Everything Foreman keeps in a state root: the workspace and the private index. */
function ownedPaths(stateRoot: string): string[] {
  const index = path.join(stateRoot, INDEX_FILE);
  return [...workspacePaths(stateRoot), index, `${index}.lock`];
}

async function removeOwned(stateRoot: string): Promise<void> {
  // The record goes last: while it is there, a half-removed workspace is still recognised as one.
  const [record, ...rest] = ownedPaths(stateRoot);
  for (const p of rest) await rm(p, { recursive: true, force: true });
  await rm(record!, { force: true });
}

/** Unregisters and removes a linked worktree made by an older Foreman (record version 1). */
async function removeLinkedWorktree(commonDir: string, worktree: string, gitDir: string | null): Promise<void> {
  const repo = { cwd: commonDir };
  const ignore = (error: unknown): void => {
    if (!(error instanceof GitError)) throw error;
  };
  await git(["--git-dir", commonDir, "worktree", "unlock", worktree], repo).catch(ignore);
  await git(["--git-dir", commonDir, "worktree", "remove", "--force", "--force", worktree], repo).catch(ignore);
  await rm(worktree, { recursive: true, force: true });
  await git(["--git-dir", commonDir, "worktree", "prune"], repo);
  if (gitDir !== null && isInside(gitDir, path.join(commonDir, "worktrees")) && existsSync(gitDir)) {
    const listed = await listWorktrees(commonDir);
    if (!listed.includes(worktree)) await rm(gitDir, { recursive: true, force: true });
  }
}

async function listWorktrees(commonDir: string): Promise<string[]> {
  return (await GitRepository.atCommonDir(commonDir).worktrees()).map((w) => w.path);
}

/** `realpath` of the longest existing prefix, with the rest appended (the path may not exist yet). */
async function looseRealpath(p: string): Promise<string> {
  const rest: string[] = [];
  let current = p;
  for (;;) {
    try {
      return path.join(await realpath(current), ...rest.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return p;
      rest.push(path.basename(current));
      current = parent;
    }
  }
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/**
 * The new object id of each changed path in `git diff -z --raw` output (the new name of a
 * rename or copy), for files: not for deletions (a null id) nor submodules (mode 160000).
 */
export function newBlobIds(output: string): Map<string, string> {
  const ids = new Map<string, string>();
  const tokens = output.split("\0");
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!t.startsWith(":")) break;
    const [, dstMode = "", , dstId = "", status = ""] = t.slice(1).split(" ");
    let file = tokens[++i] ?? "";
    if (status.startsWith("R") || status.startsWith("C")) file = tokens[++i] ?? "";
    if (dstMode !== "160000" && /^[0-9a-f]+$/.test(dstId) && !/^0+$/.test(dstId)) ids.set(file, dstId);
  }
  return ids;
}

/**
 * Parses `git diff -z --raw --numstat` output: first the raw records
 * (`:<modes> <ids> <status>\0<path>\0[<new path>\0]`), then the numstat records.
 */
export function parseRawNumstat(output: string): ChangedFile[] {
  const tokens = output.split("\0");
  const nameStatus: string[] = [];
  let i = 0;
  for (; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!t.startsWith(":")) break;
    const status = t.split(" ").at(-1) ?? "";
    nameStatus.push(status, tokens[++i] ?? "");
    if (status.startsWith("R") || status.startsWith("C")) nameStatus.push(tokens[++i] ?? "");
  }
  return parseChanges(nameStatus.join("\0"), tokens.slice(i).join("\0"));
}

/** True when `git status --porcelain=v1 -z` reports a working-copy change (not an index one). */
function hasWorktreeChanges(output: string): boolean {
  const records = output.split("\0");
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.length < 3) continue;
    const x = r[0]!;
    const y = r[1]!;
    if (x === "R" || x === "C") i += 1; // the record is followed by its original path
    if (y !== " ") return true; // "??" (new file) has y "?"
  }
  return false;
}

export function parseChanges(nameStatus: string, numstat: string): ChangedFile[] {
  const counts = new Map<string, { additions: number; deletions: number; binary: boolean }>();
  const nums = numstat.split("\0");
  for (let i = 0; i < nums.length; i++) {
    const record = nums[i]!;
    if (record === "") continue;
    const [added = "", deleted = "", pathField = ""] = record.split("\t");
    let file = pathField;
    if (pathField === "") {
      // A rename: `added\tdeleted\t\0old\0new\0`.
      i += 2;
      file = nums[i] ?? "";
    }
    const binary = added === "-" && deleted === "-";
    counts.set(file, {
      additions: binary ? 0 : Number.parseInt(added, 10),
      deletions: binary ? 0 : Number.parseInt(deleted, 10),
      binary,
    });
  }
  const files: ChangedFile[] = [];
  const tokens = nameStatus.split("\0");
  for (let i = 0; i < tokens.length; i++) {
    const status = tokens[i]!;
    if (status === "") continue;
    const letter = status[0];
    let file = tokens[++i] ?? "";
    let previousPath: string | undefined;
    let change: ChangedFile["change"];
    switch (letter) {
      case "A":
        change = "A";
        break;
      case "D":
        change = "D";
        break;
      case "M":
      case "T":
        change = "M";
        break;
      case "R":
        change = "R";
        previousPath = file;
        file = tokens[++i] ?? "";
        break;
      case "C":
        change = "A";
        file = tokens[++i] ?? "";
        break;
      default:
        throw new GitError(["diff-tree", "--name-status"], 0, `unexpected change status '${status}' for '${file}'`);
    }
    const count = counts.get(file) ?? { additions: 0, deletions: 0, binary: false };
    files.push({ path: file, change, ...count, ...(previousPath === undefined ? {} : { previousPath }) });
  }
  return files;
}

function truncatePatch(patch: string, limit: number, tree: string, base: string): string {
  const cut = patch.lastIndexOf("\n", limit - 1);
  const head = cut > 0 ? patch.slice(0, cut + 1) : patch.slice(0, limit);
  return head + `[foreman: patch truncated after ${head.length} characters; see the full diff with ` + `git diff ${base} ${tree}]\n`;
}
