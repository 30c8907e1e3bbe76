/**
 * An issue's comments, listed once per run and shared by the state store, the attempt ledger
 * and the command replay (each would otherwise list the same thread).
 *
 * Why a full listing and not `since`: GitHub's `since` filters on `updated_at`, not on the id,
 * so it cannot express "after comment N" (an edited old comment comes back, and the watermark's
 * time is not stored). The list is ordered by id (creation) and every consumer needs the early
 * comments anyway (the session comment and the ledger comment are among the first), so one
 * paginated listing with `per_page=100` serves all three: ceil(comments / 100) calls, i.e. one
 * call for almost every issue. Our own writes are folded into the cached list (`remember`), so
 * nothing is listed twice in a run.
 */
import type { GitHubClient } from "./client.js";
import type { RepoRef } from "./repo.js";

/** The fields of an issue comment Foreman reads. */
export interface IssueComment {
  id: number;
  body: string;
  /** Author's login (`ghost` when the account is gone). */
  author: string;
  /** True for bot accounts (`user.type === "Bot"` or a login ending in `[bot]`). */
  authorIsBot: boolean;
  createdAt: string;
  updatedAt: string;
  htmlUrl: string;
}

/** The shape GitHub returns for an issue comment (only what is read). */
export interface RawIssueComment {
  id: number | bigint;
  body?: string | null;
  user: { login: string; type?: string } | null;
  created_at: string;
  updated_at: string;
  html_url: string;
}

export function toIssueComment(raw: RawIssueComment): IssueComment {
  const login = raw.user?.login ?? "ghost";
  return {
    id: Number(raw.id),
    body: raw.body ?? "",
    author: login,
    authorIsBot: raw.user?.type === "Bot" || login.endsWith("[bot]"),
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
    htmlUrl: raw.html_url,
  };
}

/** Every comment of the issue, ascending by id (paginated, 100 per page). */
export async function listIssueComments(client: GitHubClient, repo: RepoRef, issue: number): Promise<IssueComment[]> {
  const raw = await client.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
    owner: repo.owner,
    repo: repo.repo,
    issue_number: issue,
    per_page: 100,
  });
  return raw.map(toIssueComment).sort((a, b) => a.id - b.id);
}

/** The issue's comments listed at most once, with this run's own writes folded in. */
export class IssueComments {
  #listing: Promise<IssueComment[]> | undefined;
  readonly #written = new Map<number, IssueComment>();

  constructor(
    private readonly client: GitHubClient,
    private readonly repo: RepoRef,
    private readonly issue: number,
  ) {}

  /** The comments, ascending by id; lists on first use only. */
  async list(): Promise<IssueComment[]> {
    this.#listing ??= listIssueComments(this.client, this.repo, this.issue).catch((error: unknown) => {
      this.#listing = undefined;
      throw error;
    });
    const listed = await this.#listing;
    const byId = new Map(listed.map((c) => [c.id, c]));
    for (const [id, c] of this.#written) byId.set(id, c);
    return [...byId.values()].sort((a, b) => a.id - b.id).map((c) => ({ ...c }));
  }

  /** Records a comment this run created or edited, so later readers see it without listing again. */
  remember(comment: IssueComment): void {
    this.#written.set(comment.id, { ...comment });
  }

  /** Forgets everything: the next `list` asks GitHub again. */
  invalidate(): void {
    this.#listing = undefined;
    this.#written.clear();
  }
}
