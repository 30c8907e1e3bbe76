/**
 * `Publisher` in memory, with the local publisher's checks: a commit is the workspace's tree on
 * the session's base; `publish` refuses a commit whose tree is not the workspace's current tree
 * (what was judged is what is published) and is idempotent (publishing twice opens nothing new).
 */
import { createHash } from "node:crypto";
import type { KeepRequest, KeptAttempt, Published, Publisher, PublishRequest } from "../../../src/loop/ports.js";

export type MemoryPublishErrorCode = "refused" | "base_mismatch" | "unknown_commit" | "tree_mismatch";

export class MemoryPublishError extends Error {
  override readonly name = "MemoryPublishError";
  constructor(
    readonly code: MemoryPublishErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface MemoryCommit {
  sha: string;
  sessionId: string;
  baseSha: string;
  /** The workspace tree hash the commit holds. */
  tree: string;
  title: string;
  body: string;
}

export type PublisherCall =
  | { op: "preflight"; sessionId: string; branch: string }
  | { op: "stage"; sessionId: string; branch: string; sha: string; tree: string }
  | { op: "publish"; sessionId: string; branch: string; sha: string; pullRequest?: number }
  | { op: "keep"; sessionId: string; attempt: number; ref: string; tree: string };

export interface MemoryPublisherOptions {
  /** Opens a numbered pull request on publish (GitHub-like); default false (a branch only, as locally). */
  pullRequests?: boolean;
  /** Makes `preflight` refuse, e.g. a branch checked out elsewhere. Returns the error to throw. */
  refuse?: (req: Pick<PublishRequest, "sessionId" | "branch">) => Error | undefined;
  /**
   * Gives the publisher `keep` (GitHub-like: each attempt's tree kept at
   * `refs/foreman/<session>/attempt-<n>`); default false (no `keep`, as locally). A function
   * makes `keep` fail when it returns an error.
   */
  keep?: boolean | ((req: KeepRequest) => Error | undefined);
}

export class MemoryPublisher implements Publisher {
  readonly calls: PublisherCall[] = [];
  /** Branch → commit sha. */
  readonly branches = new Map<string, string>();
  /** Branch → pull request number, once published. */
  readonly pullRequests = new Map<string, number>();
  /** Kept ref → the tree it holds. */
  readonly kept = new Map<string, { sha: string; tree: string }>();
  readonly #commits = new Map<string, MemoryCommit>();
  readonly #opts: MemoryPublisherOptions;
  /** Present only when the options ask for it (the port's `keep` is optional). */
  readonly keep?: (req: KeepRequest) => Promise<KeptAttempt>;

  constructor(opts: MemoryPublisherOptions = {}) {
    this.#opts = opts;
    const keep = opts.keep;
    if (keep !== undefined && keep !== false) {
      this.keep = (req) => {
        const failure = typeof keep === "function" ? keep(req) : undefined;
        if (failure !== undefined) return Promise.reject(failure);
        const ref = `refs/foreman/${req.sessionId}/attempt-${req.attempt}`;
        const sha = createHash("sha1").update(`${req.baseSha}\0${req.hash}`).digest("hex");
        this.kept.set(ref, { sha, tree: req.hash });
        this.calls.push({ op: "keep", sessionId: req.sessionId, attempt: req.attempt, ref, tree: req.hash });
        return Promise.resolve({ ref, sha });
      };
    }
  }

  preflight(req: Pick<PublishRequest, "sessionId" | "branch" | "baseSha" | "workspace" | "title">): Promise<void> {
    this.calls.push({ op: "preflight", sessionId: req.sessionId, branch: req.branch });
    const refusal = this.#opts.refuse?.(req);
    return refusal === undefined ? Promise.resolve() : Promise.reject(refusal);
  }

  async stage(req: PublishRequest): Promise<Published> {
    this.#checkBase(req);
    const { hash: tree } = await req.workspace.diff();
    const sha = createHash("sha1").update(`${req.sessionId}\0${req.baseSha}\0${tree}\0${req.title}\0${req.body}`).digest("hex");
    this.#commits.set(sha, { sha, sessionId: req.sessionId, baseSha: req.baseSha, tree, title: req.title, body: req.body });
    this.branches.set(req.branch, sha);
    this.calls.push({ op: "stage", sessionId: req.sessionId, branch: req.branch, sha, tree });
    return { branch: req.branch, sha };
  }

  async publish(req: PublishRequest & { sha: string }): Promise<Published> {
    this.#checkBase(req);
    const commit = this.#commits.get(req.sha);
    if (commit === undefined) throw new MemoryPublishError("unknown_commit", `Commit ${req.sha} was never staged. Stage the session first.`);
    const { hash: tree } = await req.workspace.diff();
    if (commit.tree !== tree) {
      throw new MemoryPublishError(
        "tree_mismatch",
        `Commit ${req.sha} holds tree ${commit.tree}, but the workspace now has ${tree}. Stage the workspace again before publishing.`,
      );
    }
    this.branches.set(req.branch, req.sha);
    let pr = this.pullRequests.get(req.branch);
    if (this.#opts.pullRequests === true && pr === undefined) {
      pr = this.pullRequests.size + 1;
      this.pullRequests.set(req.branch, pr);
    }
    this.calls.push({ op: "publish", sessionId: req.sessionId, branch: req.branch, sha: req.sha, ...(pr === undefined ? {} : { pullRequest: pr }) });
    return { branch: req.branch, sha: req.sha, ...(pr === undefined ? {} : { pullRequest: pr }) };
  }

  /** A staged commit, or undefined. */
  commit(sha: string): MemoryCommit | undefined {
    const c = this.#commits.get(sha);
    return c === undefined ? undefined : { ...c };
  }

  /** The calls of one kind, in order. */
  callsOf<K extends PublisherCall["op"]>(op: K): Array<Extract<PublisherCall, { op: K }>> {
    return this.calls.filter((c): c is Extract<PublisherCall, { op: K }> => c.op === op);
  }

  #checkBase(req: PublishRequest): void {
    if (req.baseSha !== req.workspace.baseSha) {
      throw new MemoryPublishError("base_mismatch", `baseSha '${req.baseSha}' is not the workspace's base ${req.workspace.baseSha}.`);
    }
  }
}
