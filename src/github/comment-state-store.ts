/**
 * `StateStore` on GitHub: the session snapshot is one comment on the issue (DESIGN.md, "State and
 * durability"), a visible status for people and the core codec's hidden `foreman:state` block,
 * signed (kind `state`, bound to this repository and issue).
 *
 * Trust. A comment is the session's only when its author is a trusted bot login **and** the block's
 * signature verifies. A marker-carrying comment by anyone else is ignored and reported
 * (`onIgnored`): a forged state comment has no effect. A trusted author's comment whose block no
 * longer verifies or no longer parses (an admin edited it) is never obeyed: the first run that sees
 * it edits its visible part ONCE to say what happened and how to recover, then throws
 * `TamperedStateError`; later runs see the flag, throw the same error and edit nothing (the run
 * fails once per run, nothing loops). Recovery: restore the comment's previous revision from its
 * edit history (the signature covers the block's text, so Foreman's exact text verifies again),
 * or delete the comment and the ledger comment to start the session over.
 *
 * Compare-and-write. `save` checks `expectedVersion` against the snapshot it holds (the one read
 * from the listing at `load`, or written since), writes with PATCH and reads back GitHub's answer
 * (the stored body must be exactly the one sent). A mismatch is a `StaleStateError`; re-applying
 * is the engine's job. GitHub has no conditional update, and no read before each write: runs of
 * one issue are serialized by the workflow's `concurrency:` group (DESIGN.md, "One writer"), so
 * the version check against the run's own listing and the read-back are the guard against a stray
 * second writer; a re-read before every write would cost a call per save for a case the
 * concurrency group already excludes.
 *
 * Lock. `lock` refuses a second holder in this process only (it never calls GitHub): across runs
 * the concurrency group serializes, and the version check catches a writer outside it.
 *
 * Call budget (held saves). `load` costs one listing (shared with the ledger and the command
 * replay through `IssueComments`; ceil(comments / 100) pages, one for nearly every issue). A save
 * is held in memory, and written with the next save that is not held or on `flush()`, when:
 * - it changes only what the attempt ledger rebuilds (attempts, their totals, `updatedAt`): a run
 *   that dies loses nothing the ledger does not have (`reconcile` rebuilds it);
 * - it creates a new session still `pending`: nothing has happened yet (the engine marks it
 *   `running` at once, and the comment is created with that);
 * - it is `ended`: the terminal report mark and the check run's id follow within the run, and
 *   the run flushes before it stops (a run that dies in between is recovered from the ledger).
 * A one-attempt session that succeeds thus writes the comment twice: created `running`, then
 * the final snapshot (ended, reported, check run id): 2 requests; further attempts add none.
 */
import { ForemanError, InvalidArgumentError } from "../core/errors.js";
import { decodeStateComment, encodeStateComment, hasStateBlock, MAX_COMMENT_CHARS } from "../core/state-codec.js";
import { sessionStateSchema, type SessionState } from "../core/state.js";
import { SessionLockedError, StaleStateError } from "../loop/errors.js";
import type { SessionLock, StateStore } from "../loop/ports.js";
import type { GitHubClient } from "./client.js";
import { IssueComments, toIssueComment, type IssueComment } from "./issue-comments.js";
import { repoSlug, type RepoRef } from "./repo.js";
import { signBody, type SignatureContext, type SigningKey } from "./signature.js";
import { judgeBlock } from "./signed-block.js";

/** A marker-carrying comment Foreman did not believe, for the job summary. */
export interface IgnoredComment {
  commentId: number;
  author: string;
  reason: "untrusted_author" | "unsigned" | "bad_signature" | "undecodable";
  kind: "state" | "ledger" | "daily-ledger";
}

export interface CommentStoreDeps {
  client: GitHubClient;
  repo: RepoRef;
  issue: number;
  key: SigningKey;
  /** Bot logins whose blocks are trusted (the App's bot; `github-actions[bot]` without an App). */
  trustedAuthors: readonly string[];
  onIgnored?: (c: IgnoredComment) => void;
  /** The issue's comments, shared with the other adapters of the run (default: a listing of its own). */
  comments?: IssueComments;
}

/** A whole state block as the codec writes it (`<!-- foreman:state v1 BASE64 -->`). */
export const STATE_BLOCK = /<!-- foreman:state v\d{1,6} [A-Za-z0-9+/=]* -->/g;
/** Left free in a comment for the signature and a tamper notice. */
const RESERVED_CHARS = 1_000;
const FLAG_MARKER = /<!--\s*foreman:flagged (bad_signature|undecodable) -->/;

/** The session comment was changed by someone other than Foreman: never obeyed. */
export class TamperedStateError extends ForemanError {
  override readonly name = "TamperedStateError";
  readonly kind = "corrupt";
  constructor(
    readonly commentId: number,
    readonly reason: "bad_signature" | "undecodable",
    readonly commentUrl: string,
    /** Whether this run wrote the visible notice (false: an earlier run did). */
    readonly flaggedNow: boolean,
  ) {
    super(tamperMessage(commentUrl, reason));
  }
}

function tamperMessage(url: string, reason: "bad_signature" | "undecodable"): string {
  const what =
    reason === "bad_signature"
      ? "its hidden state block no longer matches Foreman's signature"
      : "its hidden state block is damaged (cut, duplicated or malformed)";
  return (
    `Foreman's state comment ${url} was edited by someone other than Foreman: ${what}. Foreman will not act on it. ` +
    "To recover, open the comment's edit history, copy the last revision written by Foreman and save it back unchanged " +
    '(its signature then verifies again); or delete this comment and the "Foreman attempt ledger" comment to start the session over.'
  );
}

/** What the store knows of one session's comment. */
interface Known {
  /** Undefined while a new session's creation is held (see the header). */
  commentId?: number;
  /** The snapshot last written to GitHub (undefined: not created yet). */
  written?: SessionState;
  /** The snapshot callers see: `written`, or a newer one held back (see the header). */
  state: SessionState;
  htmlUrl?: string;
}

export class CommentStateStore implements StateStore {
  readonly #deps: CommentStoreDeps;
  readonly #comments: IssueComments;
  readonly #ctx: SignatureContext;
  readonly #known = new Map<string, Known>();
  #scanned = false;
  readonly #locks = new Map<string, symbol>();

  constructor(deps: CommentStoreDeps) {
    this.#deps = deps;
    this.#comments = deps.comments ?? new IssueComments(deps.client, deps.repo, deps.issue);
    this.#ctx = { kind: "state", owner: deps.repo.owner, repo: deps.repo.repo, issue: deps.issue };
  }

  async load(sessionId: string): Promise<SessionState | null> {
    await this.#scan();
    const known = this.#known.get(sessionId);
    return known === undefined ? null : structuredClone(known.state);
  }

  async save(next: SessionState, expectedVersion: number): Promise<void> {
    const id = next.sessionId;
    if (!Number.isInteger(expectedVersion) || expectedVersion < 0 || next.version !== expectedVersion + 1) {
      throw new InvalidArgumentError(
        "next",
        `Session ${id}: the new snapshot must have version expectedVersion + 1 = ${expectedVersion + 1}, got ${next.version}.`,
      );
    }
    const parsed = sessionStateSchema.safeParse(next);
    if (!parsed.success) {
      throw new InvalidArgumentError(
        "next",
        `Session ${id}: refusing to save an invalid snapshot (${parsed.error.issues[0]?.message ?? "invalid"}).`,
      );
    }
    const state = structuredClone(parsed.data);
    await this.#scan();
    const known = this.#known.get(id);
    const actual = known?.state.version ?? null;
    if ((actual ?? 0) !== expectedVersion) throw new StaleStateError(id, expectedVersion, actual);
    if (known === undefined) {
      if (state.status === "pending") {
        this.#known.set(id, { state });
        return;
      }
      return this.#create(state);
    }
    if (known.written === undefined) {
      if (state.status === "pending") known.state = state;
      else await this.#create(state);
      return;
    }
    if (state.status === "ended" || onlyLedgerFieldsChanged(known.written, state)) {
      known.state = state;
      return;
    }
    await this.#write(known, known.written, state);
  }

  /** Writes a held snapshot, if any (at the end of a run, and before it is stopped). */
  async flush(): Promise<void> {
    for (const known of this.#known.values()) {
      if (known.written === undefined) await this.#create(known.state);
      else if (known.state.version !== known.written.version) await this.#write(known, known.written, known.state);
    }
  }

  /** The session comment's page, once it exists (the Action's `session-url` output). */
  sessionUrl(): string | undefined {
    for (const known of this.#known.values()) if (known.htmlUrl !== undefined) return known.htmlUrl;
    return undefined;
  }

  /** Whether a snapshot is held back, not yet on GitHub. */
  hasHeldChanges(): boolean {
    return [...this.#known.values()].some((k) => k.state.version !== k.written?.version);
  }

  lock(sessionId: string): Promise<SessionLock> {
    if (this.#locks.has(sessionId)) {
      return Promise.reject(new SessionLockedError(sessionId, `another holder in this process on ${repoSlug(this.#deps.repo)}#${this.#deps.issue}`));
    }
    const me = Symbol(sessionId);
    this.#locks.set(sessionId, me);
    return Promise.resolve({
      release: () => {
        if (this.#locks.get(sessionId) === me) this.#locks.delete(sessionId);
        return Promise.resolve();
      },
    });
  }

  /** Reads the issue's comments once: finds each session's comment, reports and flags the rest. */
  async #scan(): Promise<void> {
    if (this.#scanned) return;
    const comments = await this.#comments.list();
    for (const comment of comments) {
      if (!hasStateBlock(comment.body)) continue;
      const verdict = judgeBlock(comment, STATE_BLOCK, this.#deps.trustedAuthors, this.#deps.key, this.#ctx);
      if (verdict.kind === "untrusted_author") {
        this.#deps.onIgnored?.({ commentId: comment.id, author: comment.author, reason: "untrusted_author", kind: "state" });
        continue;
      }
      if (verdict.kind !== "valid") {
        this.#deps.onIgnored?.({ commentId: comment.id, author: comment.author, reason: verdict.kind, kind: "state" });
        await this.#flag(comment, verdict.kind === "undecodable" ? "undecodable" : "bad_signature");
      }
      // Signed by Foreman yet unreadable (a newer Foreman wrote it): the codec's error says so; never start over.
      const state = decodeStateComment(comment.body);
      if (!this.#known.has(state.sessionId)) {
        this.#known.set(state.sessionId, { commentId: comment.id, written: state, state, htmlUrl: comment.htmlUrl });
      }
    }
    this.#scanned = true;
  }

  /** Marks a tampered comment visibly, once, then fails the run. */
  async #flag(comment: IssueComment, reason: "bad_signature" | "undecodable"): Promise<never> {
    if (FLAG_MARKER.test(comment.body)) throw new TamperedStateError(comment.id, reason, comment.htmlUrl, false);
    const notice = `> [!WARNING]\n> ${tamperMessage(comment.htmlUrl, reason)}\n\n<!-- foreman:flagged ${reason} -->\n\n`;
    const res = await this.#deps.client.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
      owner: this.#deps.repo.owner,
      repo: this.#deps.repo.repo,
      comment_id: comment.id,
      body: `${notice}${comment.body}`.slice(0, MAX_COMMENT_CHARS),
    });
    this.#comments.remember(toIssueComment(res.data));
    throw new TamperedStateError(comment.id, reason, comment.htmlUrl, true);
  }

  #body(state: SessionState): string {
    const body = encodeStateComment(state, { maxChars: MAX_COMMENT_CHARS - RESERVED_CHARS });
    const block = [...body.matchAll(STATE_BLOCK)][0]![0];
    return signBody(this.#deps.key, this.#ctx, body, block);
  }

  async #create(state: SessionState): Promise<void> {
    const body = this.#body(state);
    const res = await this.#deps.client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      owner: this.#deps.repo.owner,
      repo: this.#deps.repo.repo,
      issue_number: this.#deps.issue,
      body,
    });
    const stored = toIssueComment(res.data);
    this.#checkReadBack(state, body, stored.body, 0);
    this.#comments.remember(stored);
    this.#known.set(state.sessionId, { commentId: stored.id, written: state, state, htmlUrl: stored.htmlUrl });
  }

  /** Writes `state` over the comment and reads GitHub's answer back. */
  async #write(known: Known, written: SessionState, state: SessionState): Promise<void> {
    const { owner, repo } = this.#deps.repo;
    const body = this.#body(state);
    const res = await this.#deps.client.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
      owner,
      repo,
      comment_id: known.commentId ?? 0,
      body,
    });
    const stored = toIssueComment(res.data);
    this.#checkReadBack(state, body, stored.body, written.version);
    this.#comments.remember(stored);
    known.written = state;
    known.state = state;
  }

  /** GitHub must have stored exactly what was sent; anything else means another writer. */
  #checkReadBack(state: SessionState, sent: string, stored: string, expectedVersion: number): void {
    if (stored === sent) return;
    let version: number | null;
    try {
      version = decodeStateComment(stored).version;
    } catch {
      version = null;
    }
    throw new StaleStateError(state.sessionId, expectedVersion, version);
  }
}

/**
 * True when `next` differs from `written` only in what the attempt ledger rebuilds (`reconcile`):
 * the attempts, their totals, `updatedAt` and `version`. Such a change may wait (see the header).
 */
export function onlyLedgerFieldsChanged(written: SessionState, next: SessionState): boolean {
  return JSON.stringify(withoutLedgerFields(written)) === JSON.stringify(withoutLedgerFields(next));
}

function withoutLedgerFields(state: SessionState): Omit<SessionState, "version" | "updatedAt" | "attempts" | "compacted" | "spent"> {
  const { version: _v, updatedAt: _u, attempts: _a, compacted: _c, spent: _s, ...rest } = state;
  return rest;
}
