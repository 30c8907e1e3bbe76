/**
 * The `Publisher` port in local mode: the result becomes a commit on a local branch of the
 * user's repository. Nothing is pushed or opened.
 *
 * The commit is built with plumbing (`commit-tree` on the workspace's tree, parent = the
 * session's base, message on standard input) and the branch is moved with a compare-and-swap
 * `update-ref`, so the user's HEAD, index and working files are never touched. A branch
 * checked out in any worktree is refused, and so is an existing branch that Foreman did not
 * create for this session (recognised by the `Foreman-Session:` trailer of its tip): the user's
 * own branches are never overwritten.
 */
import { formatSessionTrailer, parseSessionTrailer } from "../core/names.js";
import { ForemanError, type ForemanErrorKind } from "../core/errors.js";
import { SESSION_ID_RULE, sessionIdProblem } from "../core/session-id.js";
import type { Published, Publisher, PublishRequest } from "../loop/ports.js";
import { GitRepository, NotAGitRepositoryError } from "./git-repository.js";
import { isValidBranchName } from "./branch-name-format.js";
import { GitError, isObjectId, type GitResult } from "./git.js";

export type PublishErrorCode =
  /** A request field is malformed (title, session id, base, sha). */
  | "invalid_input"
  /** The branch name is not a valid git branch name. */
  | "invalid_branch"
  /** `repo` is not a git repository. */
  | "not_a_repository"
  /** The branch is checked out in a worktree of the repository. */
  | "branch_checked_out"
  /** The branch exists and is not a Foreman branch of this session. */
  | "branch_exists"
  /** `baseSha` differs from the workspace's base, or the commit's parent is not the base. */
  | "base_mismatch"
  /** The workspace's tree is not in this repository (a workspace of another repository). */
  | "foreign_workspace"
  /** `publish()` was given a commit that does not exist. */
  | "unknown_commit"
  /** `publish()` was given a commit whose tree is not the workspace's current tree. */
  | "tree_mismatch";

/** Staging or publishing was refused; branch on `code`. */
export class PublishError extends ForemanError {
  override readonly name = "PublishError";
  /** `conflict` when the repository holds something the request collides with; `usage` for a bad request. */
  readonly kind: ForemanErrorKind;
  constructor(
    readonly code: PublishErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.kind = PUBLISH_CONFLICTS.includes(code) ? "conflict" : "usage";
  }
}

const PUBLISH_CONFLICTS: readonly PublishErrorCode[] = ["branch_checked_out", "branch_exists", "base_mismatch", "tree_mismatch", "foreign_workspace"];

export interface LocalPublisherOptions {
  /** The user's repository: any directory of its working tree, or a bare repository. */
  repo: string;
  /** The repository's common git dir when the caller already discovered it: saves asking git again. */
  commonDir?: string;
}

/** Trailer that marks a commit as Foreman's work for one session (format and parse live in core/names). */
export { SESSION_TRAILER } from "../core/names.js";

interface CommitInfo {
  tree: string;
  parents: string[];
  message: string;
}

export class LocalPublisher implements Publisher {
  private readonly repo: string;
  private found: Promise<GitRepository> | undefined;

  constructor(opts: LocalPublisherOptions) {
    this.repo = opts.repo;
    if (opts.commonDir !== undefined) this.found = Promise.resolve(GitRepository.atCommonDir(opts.commonDir));
  }

  async preflight(req: Pick<PublishRequest, "sessionId" | "branch" | "baseSha" | "workspace" | "title">): Promise<void> {
    const ref = await this.validRef({ ...req, body: "" });
    // The two read-only questions about the branch (checked out anywhere? its tip?) asked at once.
    const [checked, current] = await Promise.allSettled([this.refuseCheckedOut(req.branch, ref), this.tip(ref)]);
    // A checked-out branch is reported first, as when the questions were asked one after the other.
    if (checked.status === "rejected") throw checked.reason;
    if (current.status === "rejected") throw current.reason;
    if (current.value !== null) this.checkOwned({ ...req, body: "" }, await this.commit(current.value));
  }

  async stage(req: PublishRequest): Promise<Published> {
    const ref = await this.check(req);
    const { hash: tree } = await req.workspace.diff();
    const type = await this.run(["cat-file", "-t", tree]).catch(nullOnGitError);
    if (type === null || type.stdout.trim() !== "tree") {
      throw new PublishError(
        "foreign_workspace",
        `The workspace's tree ${tree} is not in the repository ${this.repo}. Stage a workspace of that repository.`,
      );
    }
    const current = await this.tip(ref);
    if (current !== null) {
      const info = this.checkOwned(req, await this.commit(current));
      if (info.tree === tree && sameParents(info.parents, req.baseSha)) {
        return { branch: req.branch, sha: current };
      }
    }
    const message = commitMessage(req);
    const created = await this.run(["commit-tree", "--no-gpg-sign", tree, "-p", req.baseSha, "-F", "-"], {
      input: message,
    });
    const sha = created.stdout.trim();
    await this.run(["update-ref", "-m", `foreman: stage ${req.sessionId}`, ref, sha, current ?? ""]);
    return { branch: req.branch, sha };
  }

  async publish(req: PublishRequest & { sha: string }): Promise<Published> {
    if (!isObjectId(req.sha)) {
      throw new PublishError(
        "invalid_input",
        `Invalid sha '${req.sha}'. Expected the commit id (40 or 64 lowercase hex digits) returned by stage().`,
      );
    }
    const ref = await this.check(req);
    const info = await this.commit(req.sha);
    if (info === null) {
      throw new PublishError(
        "unknown_commit",
        `Commit ${req.sha} does not exist in ${this.repo}. Stage the session again to get a commit to publish.`,
      );
    }
    if (!sameParents(info.parents, req.baseSha)) {
      throw new PublishError(
        "base_mismatch",
        `Commit ${req.sha} does not have the session's base ${req.baseSha} as its only parent. Publish the commit stage() returned.`,
      );
    }
    const { hash: tree } = await req.workspace.diff();
    if (info.tree !== tree) {
      throw new PublishError(
        "tree_mismatch",
        `Commit ${req.sha} holds tree ${info.tree}, but the workspace now has ${tree}. Stage the workspace again before publishing.`,
      );
    }
    const current = await this.tip(ref);
    if (current === req.sha) return { branch: req.branch, sha: req.sha };
    if (current !== null) this.checkOwned(req, await this.commit(current));
    await this.run(["update-ref", "-m", `foreman: publish ${req.sessionId}`, ref, req.sha, current ?? ""]);
    return { branch: req.branch, sha: req.sha };
  }

  /** Validates the request; returns the full ref name of the branch. */
  private async check(req: PublishRequest): Promise<string> {
    const ref = await this.validRef(req);
    await this.refuseCheckedOut(req.branch, ref);
    return ref;
  }

  /** The request's fields and branch name are valid: returns the full ref name of the branch. */
  private async validRef(req: PublishRequest): Promise<string> {
    const problem = sessionIdProblem(req.sessionId);
    if (problem !== null) {
      throw new PublishError("invalid_input", `Invalid sessionId ${JSON.stringify(req.sessionId)}: ${problem}. ${SESSION_ID_RULE}`);
    }
    if (req.title.trim() === "") {
      throw new PublishError("invalid_input", "Invalid title: it is empty. Pass the commit's subject line.");
    }
    if (!isObjectId(req.baseSha)) {
      throw new PublishError("invalid_input", `Invalid baseSha '${req.baseSha}'. Expected a commit id.`);
    }
    if (req.baseSha !== req.workspace.baseSha) {
      throw new PublishError(
        "base_mismatch",
        `baseSha '${req.baseSha}' is not the workspace's base ${req.workspace.baseSha}. Pass the base the session started from.`,
      );
    }
    return this.branchRef(req.branch);
  }

  /** Foreman never moves a branch checked out in a worktree of the repository. */
  private async refuseCheckedOut(branch: string, ref: string): Promise<void> {
    if (await (await this.repository()).isCheckedOut(ref)) {
      throw new PublishError(
        "branch_checked_out",
        `Branch '${branch}' is checked out in a worktree of ${this.repo}; Foreman never moves a checked-out branch. ` +
          "Choose another branch name, or switch that worktree to another branch.",
      );
    }
  }

  private branchRef(branch: string): string {
    const invalid = (): PublishError =>
      new PublishError(
        "invalid_branch",
        `Invalid branch '${branch}'. Expected a git branch name such as 'foreman/issue-12' (see git check-ref-format).`,
      );
    // `@` alone is valid for git but means HEAD in revisions; `-…` would read as an option.
    if (branch === "" || branch === "HEAD" || branch === "@" || branch.startsWith("-") || /[\0-\x20\x7f]/.test(branch)) {
      throw invalid();
    }
    // git's own rules, in process (no git call on the way to the agent); a name that git would
    // expand (`@{-1}` and friends) is refused: only a name that stands for itself is accepted.
    if (!isValidBranchName(branch)) throw invalid();
    return `refs/heads/${branch}`;
  }

  /** Refuses to move a branch whose tip is not Foreman's commit for this session. */
  private checkOwned(req: PublishRequest, tip: CommitInfo | null): CommitInfo {
    if (tip === null || sessionOf(tip.message) !== req.sessionId) {
      throw new PublishError(
        "branch_exists",
        `Branch '${req.branch}' already exists and is not Foreman's branch for session '${req.sessionId}'. ` +
          "Delete or rename it, or configure another branch name.",
      );
    }
    return tip;
  }

  private async tip(ref: string): Promise<string | null> {
    const out = await this.run(["rev-parse", "--verify", "--quiet", ref], { okExitCodes: [0, 1] });
    return out.exitCode === 0 ? out.stdout.trim() : null;
  }

  private async commit(sha: string): Promise<CommitInfo | null> {
    const type = await this.run(["cat-file", "-t", sha]).catch(nullOnGitError);
    if (type === null || type.stdout.trim() !== "commit") return null;
    const raw = (await this.run(["cat-file", "commit", sha])).stdout;
    const split = raw.indexOf("\n\n");
    const headers = (split === -1 ? raw : raw.slice(0, split)).split("\n");
    const message = split === -1 ? "" : raw.slice(split + 2);
    const value = (line: string, key: string): string | null => (line.startsWith(`${key} `) ? line.slice(key.length + 1) : null);
    return {
      tree: headers.map((h) => value(h, "tree")).find((v) => v !== null) ?? "",
      parents: headers.map((h) => value(h, "parent")).filter((v) => v !== null),
      message,
    };
  }

  private async run(args: readonly string[], opts: { input?: string; okExitCodes?: number[] } = {}): Promise<GitResult> {
    return (await this.repository()).run(args, opts);
  }

  private repository(): Promise<GitRepository> {
    this.found ??= GitRepository.discover(this.repo).catch((error: unknown) => {
      if (!(error instanceof NotAGitRepositoryError)) throw error;
      throw new PublishError(
        "not_a_repository",
        `Invalid repo '${this.repo}': not a git repository (or it does not exist). Pass the path of a git checkout.`,
        { cause: error },
      );
    });
    const pending = this.found;
    pending.catch(() => {
      if (this.found === pending) this.found = undefined;
    });
    return pending;
  }
}

/** Subject (one line), blank line, body, blank line, `Foreman-Session:` trailer. */
export function commitMessage(req: Pick<PublishRequest, "title" | "body" | "sessionId">): string {
  const subject = req.title.replace(/\s*[\r\n]+\s*/g, " ").trim();
  const body = req.body.replace(/\r\n/g, "\n").trim();
  return `${subject}\n\n${body === "" ? "" : `${body}\n\n`}${formatSessionTrailer(req.sessionId)}\n`;
}

/** The session named by the trailer in the last paragraph of a commit message, if any. */
function sessionOf(message: string): string | null {
  return parseSessionTrailer(message);
}

function sameParents(parents: readonly string[], baseSha: string): boolean {
  return parents.length === 1 && parents[0] === baseSha;
}

function nullOnGitError(error: unknown): null {
  if (error instanceof GitError) return null;
  throw error;
}
