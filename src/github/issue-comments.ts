/**
 * An issue's comments, listed once per run and shared by the state store, the attempt ledger
 * and the command replay (each would otherwise list the same thread). A pull request's
 * conversation is an issue thread too: the replay lists the session's Foreman PR this way.
 *
 * Why a full listing and not `since`: GitHub's `since` filters on `updated_at`, not on the id,
 * so it cannot express "after comment N" (an edited old comment comes back, and the watermark's
 * time is not stored). The list is ordered by id (creation) and every consumer needs the early
 * comments anyway (the session comment and the ledger comment are among the first), so one
 * paginated listing with `per_page=100` serves all three: ceil(comments / 100) calls, i.e. one
 * call for almost every issue. Our own writes are folded into the cached list (`remember`), so
 * nothing is listed twice in a run.
 *
 * The listing also keeps GitHub's clock at its first page (the `Date` header): two threads
 * listed one after the other are not one snapshot, and the replay needs to know which comments
 * may have been written after the first listing (command-replay.ts).
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

/** A thread's comments and when GitHub served its first page (ms; undefined without a `Date` header). */
interface Listing {
  comments: IssueComment[];
  listedAt: number | undefined;
}

async function listThread(client: GitHubClient, repo: RepoRef, issue: number): Promise<Listing> {
  let listedAt: number | undefined;
  const raw = await client.paginate(
    "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
    { owner: repo.owner, repo: repo.repo, issue_number: issue, per_page: 100 },
    (response) => {
      if (listedAt === undefined) {
        const at = Date.parse(response.headers.date ?? "");
        if (Number.isFinite(at)) listedAt = at;
      }
      return response.data;
    },
  );
  return { comments: raw.map(toIssueComment).sort((a, b) => a.id - b.id), listedAt };
}

/** Every comment of the issue, ascending by id (paginated, 100 per page). */
export async function listIssueComments(client: GitHubClient, repo: RepoRef, issue: number): Promise<IssueComment[]> {
  return (await listThread(client, repo, issue)).comments;
}

/** The issue's comments listed at most once, with this run's own writes folded in. */
export class IssueComments {
  #listing: Promise<Listing> | undefined;
  #listedAt: number | undefined;
  readonly #written = new Map<number, IssueComment>();

  constructor(
    private readonly client: GitHubClient,
    private readonly repo: RepoRef,
    private readonly issue: number,
  ) {}

  /** The comments, ascending by id; lists on first use only. */
  async list(): Promise<IssueComment[]> {
    this.#listing ??= listThread(this.client, this.repo, this.issue).catch((error: unknown) => {
      this.#listing = undefined;
      throw error;
    });
    const listed = await this.#listing;
    this.#listedAt = listed.listedAt;
    const byId = new Map(listed.comments.map((c) => [c.id, c]));
    for (const [id, c] of this.#written) byId.set(id, c);
    return [...byId.values()].sort((a, b) => a.id - b.id).map((c) => ({ ...c }));
  }

  /**
   * GitHub's clock (ms) when the listing's first page was served: every comment created before
   * it is in `list()`. Undefined before the first `list()` or when GitHub sent no `Date`.
   */
  listedAt(): number | undefined {
    return this.#listedAt;
  }

  /** Records a comment this run created or edited, so later readers see it without listing again. */
  remember(comment: IssueComment): void {
    this.#written.set(comment.id, { ...comment });
  }

  /** Forgets everything: the next `list` asks GitHub again. */
  invalidate(): void {
    this.#listing = undefined;
    this.#listedAt = undefined;
    this.#written.clear();
  }
}
