/**
 * The `Publisher` port on GitHub: the result becomes a pushed branch and ONE draft pull request
 * that closes the issue; each attempt's tree is kept on a ref that outlives the runner.
 *
 * Commits are built as the local publisher builds them (`commit-tree` of the workspace's tree,
 * parent = the session's base, in the runner's checkout, whose object store the workspace writes
 * its trees to), so the agent's working copy, index and HEAD are never touched. Refs pushed:
 * - `refs/foreman/<session>/attempt-<n>` (`keep`): each finished attempt, and the work in
 *   progress of an interrupted one. The `refs/foreman/` namespace is not a branch or a tag, so
 *   no `push` workflow runs, and a run on a fresh runner fetches the tree back (`fetchKept`);
 * - `refs/foreman/<session>/staged` (`stage`): the commit that passed, while a person decides;
 *   a later run (another runner) publishes it after `/approve` without running the agent again;
 * - `refs/heads/foreman/<session>` (`publish`): the PR's head. Forced: a retry's commit sits on
 *   the base, not on the previous attempt's commit, and the branch is Foreman's alone.
 *
 * Every push and fetch gets the token through `pushEnv` (one process's environment), never in
 * argv, a URL or `.git/config`; every failure message is masked. The PR is opened first; when
 * GitHub says the branch has one already, it is found by its head (`GET /pulls?head=owner:branch&
 * state=open`) and updated in place: a retry, a resume or a second dispatch never opens a second one.
 */
import { RequestError } from "@octokit/request-error";
import { ForemanError } from "../core/errors.js";
import { formatSessionTrailer } from "../core/names.js";
import { SESSION_ID_RULE, sessionIdProblem } from "../core/session-id.js";
import type { KeepRequest, KeptAttempt, Published, Publisher, PublishRequest } from "../loop/ports.js";
import { git, GitError, isObjectId, type GitResult } from "../local/git.js";
import { commitMessage } from "../local/local-publisher.js";
import { maskSecrets, type GitHubClient } from "./client.js";
import { credentialForms, pushEnv } from "./git-credentials.js";
import type { RepoRef } from "./repo.js";
import type { TokenSource } from "./token-source.js";

export type GitHubPublishErrorCode =
  /** A request field is malformed (session id, branch, title, base, sha). */
  | "invalid_input"
  /** The workspace's tree is not in the runner's checkout. */
  | "foreign_workspace"
  /** `publish()` was given a commit that is neither local nor on the remote. */
  | "unknown_commit"
  /** The commit's parent is not the session's base. */
  | "base_mismatch"
  /** The commit's tree is not the workspace's current tree. */
  | "tree_mismatch"
  /** A push or fetch failed (network, permissions, protected ref); the message is masked. */
  | "push_failed";

/** Publishing on GitHub was refused or failed; branch on `code`. */
export class GitHubPublishError extends ForemanError {
  override readonly name = "GitHubPublishError";
  readonly kind;
  constructor(
    readonly code: GitHubPublishErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.kind = code === "invalid_input" ? ("usage" as const) : code === "push_failed" ? ("internal" as const) : ("conflict" as const);
  }
}

/** What a person is told when the PR was opened with `github-token` (the job summary shows it). */
export const NO_CI_WARNING =
  "The pull request was opened with github-token: GitHub starts no workflow for events caused by that token, so the repository's CI " +
  "will not run on it. Give the Action app-id and app-private-key to open pull requests as the App.";

export interface GitHubPublisherDeps {
  client: GitHubClient;
  repo: RepoRef;
  issue: number;
  /** The runner's checkout: commits are made in its object store (where the workspace writes trees). */
  repoDir: string;
  /** Where pushes go (`https://github.com/o/r.git`; a local bare repository in tests). Carries no credential. */
  remoteUrl: string;
  tokens: TokenSource;
  /** The PR's base branch. */
  baseBranch: string;
  draft: boolean;
}

/** The ref an attempt's tree is kept at: `refs/foreman/<session>/attempt-<n>`. */
export function keptAttemptRef(sessionId: string, attempt: number): string {
  return `refs/foreman/${sessionId}/attempt-${attempt}`;
}

/** The ref the commit waiting for approval is kept at: `refs/foreman/<session>/staged`. */
export function stagedRef(sessionId: string): string {
  return `refs/foreman/${sessionId}/staged`;
}

interface CommitInfo {
  tree: string;
  parents: string[];
}

export class GitHubPublisher implements Publisher {
  /** Things a person should know about what was published (shown in the job summary). */
  readonly warnings: string[] = [];

  constructor(private readonly deps: GitHubPublisherDeps) {}

  preflight(req: Pick<PublishRequest, "sessionId" | "branch" | "baseSha" | "workspace" | "title">): Promise<void> {
    return this.check(req);
  }

  async stage(req: PublishRequest): Promise<Published> {
    await this.check(req);
    const { hash: tree } = await req.workspace.diff();
    const sha = await this.commitTree(tree, req.baseSha, commitMessage(req));
    await this.push(sha, stagedRef(req.sessionId));
    return { branch: req.branch, sha };
  }

  async publish(req: PublishRequest & { sha: string }): Promise<Published> {
    await this.check(req);
    if (!isObjectId(req.sha)) {
      throw new GitHubPublishError(
        "invalid_input",
        `Invalid sha '${req.sha}'. Expected the commit id (40 or 64 lowercase hex digits) returned by stage().`,
      );
    }
    const info = (await this.commit(req.sha)) ?? (await this.fetchStaged(req.sessionId, req.sha));
    if (info.parents.length !== 1 || info.parents[0] !== req.baseSha) {
      throw new GitHubPublishError(
        "base_mismatch",
        `Commit ${req.sha} does not have the session's base ${req.baseSha} as its only parent. Publish the commit stage() returned.`,
      );
    }
    const { hash: tree } = await req.workspace.diff();
    if (info.tree !== tree) {
      throw new GitHubPublishError(
        "tree_mismatch",
        `Commit ${req.sha} holds tree ${info.tree}, but the workspace now has ${tree}. Stage the workspace again before publishing.`,
      );
    }
    await this.push(req.sha, `refs/heads/${req.branch}`);
    const pr = await this.pullRequest(req);
    if (this.deps.tokens.triggersWorkflows !== true && !this.warnings.includes(NO_CI_WARNING)) this.warnings.push(NO_CI_WARNING);
    return { branch: req.branch, sha: req.sha, pullRequest: pr.number, url: pr.url };
  }

  async keep(req: KeepRequest): Promise<KeptAttempt> {
    checkSessionId(req.sessionId);
    if (!Number.isInteger(req.attempt) || req.attempt < 1) {
      throw new GitHubPublishError("invalid_input", `Invalid attempt ${req.attempt}. Expected the attempt number (1, 2, …).`);
    }
    checkBase(req.baseSha, req.workspace.baseSha);
    const ref = keptAttemptRef(req.sessionId, req.attempt);
    const message = `Foreman: attempt ${req.attempt} of ${req.sessionId}\n\n${formatSessionTrailer(req.sessionId)}\n`;
    const sha = await this.commitTree(req.hash, req.baseSha, message);
    await this.push(sha, ref);
    return { ref, sha };
  }

  /**
   * Fetches a kept ref (`keptAttemptRef`) from the remote into the checkout, so a run on a fresh
   * runner can put that tree back (`Workspace.restore(tree)`). Returns the commit and its tree.
   */
  async fetchKept(ref: string): Promise<KeptAttempt & { tree: string }> {
    if (!/^refs\/foreman\/[^\s:]+\/(?:attempt-[1-9][0-9]*|staged)$/.test(ref)) {
      throw new GitHubPublishError(
        "invalid_input",
        `Invalid kept ref '${ref}'. Expected refs/foreman/<session>/attempt-<n> as recorded in the state.`,
      );
    }
    await this.remote(["fetch", "--no-tags", "--no-write-fetch-head", this.deps.remoteUrl, `+${ref}:${ref}`], `fetch ${ref}`);
    const sha = (await this.git(["rev-parse", "--verify", `${ref}^{commit}`])).stdout.trim();
    const tree = (await this.git(["rev-parse", "--verify", `${sha}^{tree}`])).stdout.trim();
    return { ref, sha, tree };
  }

  /**
   * Opens the draft PR; when GitHub answers 422 because the branch has an open PR already (a
   * retry, a resume, a second dispatch), that one is found and updated to the request's title and
   * body. Opening first costs one call for a new session (the common case) and three for a
   * session that has its PR (422, the lookup, the edit when something changed).
   */
  private async pullRequest(req: PublishRequest): Promise<{ number: number; url: string }> {
    const body = withCloses(req.body, this.deps.issue);
    try {
      const created = await this.deps.client.request("POST /repos/{owner}/{repo}/pulls", {
        owner: this.deps.repo.owner,
        repo: this.deps.repo.repo,
        title: req.title,
        head: req.branch,
        base: this.deps.baseBranch,
        body,
        draft: this.deps.draft,
      });
      return { number: created.data.number, url: created.data.html_url };
    } catch (error) {
      // 422 "A pull request already exists for …": update that one instead.
      if (!(error instanceof RequestError && error.status === 422)) throw error;
      const existing = await this.openPullRequest(req.branch);
      if (existing === null) throw error;
      if (existing.title !== req.title || (existing.body ?? "") !== body) {
        await this.deps.client.request("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", {
          owner: this.deps.repo.owner,
          repo: this.deps.repo.repo,
          pull_number: existing.number,
          title: req.title,
          body,
        });
      }
      return { number: existing.number, url: existing.html_url };
    }
  }

  private async openPullRequest(branch: string): Promise<{ number: number; html_url: string; title: string; body: string | null } | null> {
    const found = await this.deps.client.request("GET /repos/{owner}/{repo}/pulls", {
      owner: this.deps.repo.owner,
      repo: this.deps.repo.repo,
      head: `${this.deps.repo.owner}:${branch}`,
      state: "open",
    });
    return found.data[0] ?? null;
  }

  private async check(req: Pick<PublishRequest, "sessionId" | "branch" | "baseSha" | "workspace" | "title">): Promise<void> {
    checkSessionId(req.sessionId);
    if (req.title.trim() === "") throw new GitHubPublishError("invalid_input", "Invalid title: it is empty. Pass the pull request's title.");
    checkBase(req.baseSha, req.workspace.baseSha);
    const invalid = new GitHubPublishError(
      "invalid_input",
      `Invalid branch '${req.branch}'. Expected a git branch name such as 'foreman/issue-12' (see git check-ref-format).`,
    );
    if (req.branch === "" || req.branch.startsWith("-") || /[\0-\x20\x7f]/.test(req.branch)) throw invalid;
    const out = await this.git(["check-ref-format", "--branch", req.branch], { okExitCodes: [0, 1, 128] });
    if (out.exitCode !== 0 || out.stdout.trim() !== req.branch) throw invalid;
  }

  /** A commit of `tree` on `base` in the checkout's object store. */
  private async commitTree(tree: string, base: string, message: string): Promise<string> {
    const type = await this.git(["cat-file", "-t", tree], { okExitCodes: [0, 1, 128] });
    if (type.exitCode !== 0 || type.stdout.trim() !== "tree") {
      throw new GitHubPublishError(
        "foreign_workspace",
        `The workspace's tree ${tree} is not in the checkout ${this.deps.repoDir}. Create the workspace from that checkout.`,
      );
    }
    return (await this.git(["commit-tree", "--no-gpg-sign", tree, "-p", base, "-F", "-"], { input: message })).stdout.trim();
  }

  private async commit(sha: string): Promise<CommitInfo | null> {
    const type = await this.git(["cat-file", "-t", sha], { okExitCodes: [0, 1, 128] });
    if (type.exitCode !== 0 || type.stdout.trim() !== "commit") return null;
    const raw = (await this.git(["cat-file", "commit", sha])).stdout;
    const headers = raw.slice(0, raw.indexOf("\n\n") === -1 ? raw.length : raw.indexOf("\n\n")).split("\n");
    return {
      tree: headers.find((h) => h.startsWith("tree "))?.slice(5) ?? "",
      parents: headers.filter((h) => h.startsWith("parent ")).map((h) => h.slice(7)),
    };
  }

  /** A commit this runner does not have: the one staged by an earlier run, fetched from the remote. */
  private async fetchStaged(sessionId: string, sha: string): Promise<CommitInfo> {
    const ref = stagedRef(sessionId);
    try {
      await this.remote(["fetch", "--no-tags", "--no-write-fetch-head", this.deps.remoteUrl, `+${ref}:${ref}`], `fetch ${ref}`);
    } catch (error) {
      if (!(error instanceof GitHubPublishError)) throw error;
    }
    const info = await this.commit(sha);
    if (info === null) {
      throw new GitHubPublishError(
        "unknown_commit",
        `Commit ${sha} is neither in the checkout nor at ${ref} on the remote. Run the session again (/retry) to stage a commit to publish.`,
      );
    }
    return info;
  }

  private async push(sha: string, ref: string): Promise<void> {
    await this.remote(["push", "--no-verify", "--porcelain", this.deps.remoteUrl, `+${sha}:${ref}`], `push to ${ref}`);
  }

  /** A git command that talks to the remote: the token only in its environment, failures masked. */
  private async remote(args: string[], what: string): Promise<GitResult> {
    const token = await this.deps.tokens.token();
    try {
      return await this.git(args, { env: { ...pushEnv(token), GIT_ASKPASS: "/bin/false" } });
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
      const detail = maskSecrets(error.stderr, credentialForms(token));
      // No `cause`: git's own error could quote what it was given.
      throw new GitHubPublishError(
        "push_failed",
        `git ${what} on ${maskSecrets(this.deps.remoteUrl, credentialForms(token))} failed` +
          (error.exitCode === null ? "" : ` with exit code ${error.exitCode}`) +
          (detail ? `: ${detail}` : "") +
          ". Check that the token may push to the repository (contents: write) and that the ref is not protected.",
      );
    }
  }

  private git(
    args: readonly string[],
    opts: { input?: string; env?: Record<string, string>; okExitCodes?: readonly number[] } = {},
  ): Promise<GitResult> {
    return git(args, { cwd: this.deps.repoDir, ...opts });
  }
}

/** The body with `Closes #<issue>.` first, added when the body does not say it yet. */
export function withCloses(body: string, issue: number): string {
  return new RegExp(`(^|\\n)Closes #${issue}\\b`).test(body) ? body : `Closes #${issue}.\n\n${body}`;
}

function checkSessionId(sessionId: string): void {
  const problem = sessionIdProblem(sessionId);
  if (problem !== null)
    throw new GitHubPublishError("invalid_input", `Invalid sessionId ${JSON.stringify(sessionId)}: ${problem}. ${SESSION_ID_RULE}`);
}

function checkBase(baseSha: string, workspaceBase: string): void {
  if (!isObjectId(baseSha)) throw new GitHubPublishError("invalid_input", `Invalid baseSha '${baseSha}'. Expected a commit id.`);
  if (baseSha !== workspaceBase) {
    throw new GitHubPublishError(
      "base_mismatch",
      `baseSha '${baseSha}' is not the workspace's base ${workspaceBase}. Pass the base the session started from.`,
    );
  }
}
