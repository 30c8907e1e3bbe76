/**
 * `Ledger` on GitHub: the session's attempt ledger in ONE hidden-block comment on the issue,
 * edited in place ("Foreman attempt ledger"), its block signed (kind `ledger`) and believed only
 * from a trusted author with a valid signature, like the session comment.
 *
 * Why this placement. A comment per entry would flood the thread people read and cost a POST
 * plus a notification each. Inside the session comment it would couple every append to the
 * snapshot's compare-and-write and to its size budget (the codec compacts attempts; a ledger
 * must not be compacted). A second comment edited in place costs exactly one PATCH per durable
 * append (no read first: appends come from the one writer of the issue, and GitHub's answer is
 * read back), and it is read from the listing the state store and the command replay share.
 * When the block would pass the comment size limit, the next entries go to a new ledger comment;
 * `read` joins them in id order.
 *
 * Durability. `append` returns once GitHub stored the entry (`attempt started` is on GitHub before
 * the agent is spawned). One exception: `process_started` is held in memory and written with the
 * next entry. It only lets a later run on the same host stop a dead run's processes, and on a
 * GitHub runner a dead run's processes die with its runner; holding it saves one or more calls
 * per attempt. `flush()` writes it out (before a run stops).
 *
 * Call budget: 0 to read (shared listing), 1 POST for the first entry, 1 PATCH per further
 * durable entry. A one-attempt session appends `attempt_started`, `attempt_diffed`,
 * `attempt_finished` and `session_ended`: 4 requests; each further attempt 3.
 *
 * A trusted comment whose ledger block fails its signature (an admin edited it) is never read
 * as entries: `read` throws `TamperedLedgerError` (corrupt), so the engine refuses the run
 * rather than believing a ledger with lines taken out or put in.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import { z } from "zod";
import { ForemanError, InvalidArgumentError } from "../core/errors.js";
import { ledgerEntrySchema, type LedgerEntry } from "../core/ledger-entry.js";
import { MAX_COMMENT_CHARS } from "../core/state-codec.js";
import type { Ledger } from "../loop/ports.js";
import type { CommentStoreDeps } from "./comment-state-store.js";
import { IssueComments, toIssueComment } from "./issue-comments.js";
import { signBody, type SignatureContext } from "./signature.js";
import { judgeBlock } from "./signed-block.js";

/** A whole ledger block: `<!-- foreman:ledger v1 BASE64 -->` (gzip of the JSON array of entries). */
export const LEDGER_BLOCK = /<!-- foreman:ledger v1 [A-Za-z0-9+/=]* -->/g;
const LEDGER_OPENER = /<!--\s*foreman:ledger(?![A-Za-z0-9_:-])/;
/** A ledger comment is closed (a new one started) before its body passes this. */
const MAX_LEDGER_BODY = MAX_COMMENT_CHARS - 1_000;
const MAX_INFLATED_BYTES = 5 * 1024 * 1024;

const VISIBLE =
  "**Foreman attempt ledger** · what each attempt of this issue's session did, kept for recovery. " +
  "Written and signed by Foreman; an edited ledger is refused, not obeyed.";

/** A trusted ledger comment that no longer verifies or parses. */
export class TamperedLedgerError extends ForemanError {
  override readonly name = "TamperedLedgerError";
  readonly kind = "corrupt";
  constructor(
    readonly commentId: number,
    readonly reason: "unsigned" | "bad_signature" | "undecodable",
    readonly commentUrl: string,
  ) {
    super(
      `Foreman's attempt ledger comment ${commentUrl} was changed by someone other than Foreman (${reason.replace("_", " ")}); ` +
        "Foreman will not read attempts from it. Restore the comment's last revision written by Foreman from its edit history, " +
        "or /cancel the session.",
    );
  }
}

interface Chunk {
  commentId: number;
  entries: LedgerEntry[];
}

export class CommentLedger implements Ledger {
  readonly #deps: CommentStoreDeps;
  readonly #comments: IssueComments;
  readonly #ctx: SignatureContext;
  #chunks: Chunk[] | undefined;
  #held: LedgerEntry[] = [];

  constructor(deps: CommentStoreDeps) {
    this.#deps = deps;
    this.#comments = deps.comments ?? new IssueComments(deps.client, deps.repo, deps.issue);
    this.#ctx = { kind: "ledger", owner: deps.repo.owner, repo: deps.repo.repo, issue: deps.issue };
  }

  async append(entry: LedgerEntry): Promise<void> {
    const parsed = ledgerEntrySchema.safeParse(entry);
    if (!parsed.success) {
      throw new InvalidArgumentError(
        "entry",
        `Refusing to append an invalid ledger entry for session ${entry.sessionId}: ${parsed.error.issues[0]?.message ?? "invalid"}.`,
      );
    }
    const copy = structuredClone(parsed.data);
    if (copy.type === "process_started") {
      this.#held.push(copy);
      return;
    }
    await this.#write([...this.#held, copy]);
  }

  /** Writes held entries, if any. */
  async flush(): Promise<void> {
    if (this.#held.length > 0) await this.#write([...this.#held]);
  }

  async read(sessionId: string): Promise<LedgerEntry[]> {
    const chunks = await this.#load();
    return structuredClone([...chunks.flatMap((c) => c.entries), ...this.#held].filter((e) => e.sessionId === sessionId));
  }

  async #write(fresh: LedgerEntry[]): Promise<void> {
    const chunks = await this.#load();
    const last = chunks.at(-1);
    const { owner, repo } = this.#deps.repo;
    const grown = last === undefined ? null : this.#body([...last.entries, ...fresh]);
    let stored;
    let chunk: Chunk;
    if (last !== undefined && grown !== null && grown.length <= MAX_LEDGER_BODY) {
      const res = await this.#deps.client.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
        owner,
        repo,
        comment_id: last.commentId,
        body: grown,
      });
      stored = { sent: grown, comment: toIssueComment(res.data) };
      chunk = { commentId: last.commentId, entries: [...last.entries, ...fresh] };
    } else {
      const body = this.#body(fresh);
      const res = await this.#deps.client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        owner,
        repo,
        issue_number: this.#deps.issue,
        body,
      });
      stored = { sent: body, comment: toIssueComment(res.data) };
      chunk = { commentId: stored.comment.id, entries: fresh };
    }
    if (stored.comment.body !== stored.sent) {
      throw new TamperedLedgerError(stored.comment.id, "bad_signature", stored.comment.htmlUrl);
    }
    this.#comments.remember(stored.comment);
    this.#chunks = [...chunks.filter((c) => c.commentId !== chunk.commentId), chunk];
    this.#held = [];
  }

  #body(entries: LedgerEntry[]): string {
    const block = `<!-- foreman:ledger v1 ${gzipSync(Buffer.from(JSON.stringify(entries), "utf8")).toString("base64")} -->`;
    return signBody(this.#deps.key, this.#ctx, `${VISIBLE}\n\n${block}`, block);
  }

  /** The trusted ledger comments' entries, in comment id order (listed once). */
  async #load(): Promise<Chunk[]> {
    if (this.#chunks !== undefined) return this.#chunks;
    const chunks: Chunk[] = [];
    for (const comment of await this.#comments.list()) {
      if (!LEDGER_OPENER.test(comment.body)) continue;
      const verdict = judgeBlock(comment, LEDGER_BLOCK, this.#deps.trustedAuthors, this.#deps.key, this.#ctx);
      if (verdict.kind !== "valid") {
        this.#deps.onIgnored?.({ commentId: comment.id, author: comment.author, reason: verdict.kind, kind: "ledger" });
        if (verdict.kind === "untrusted_author") continue;
        throw new TamperedLedgerError(comment.id, verdict.kind, comment.htmlUrl);
      }
      const entries = decodeEntries(verdict.block);
      if (entries === null) throw new TamperedLedgerError(comment.id, "undecodable", comment.htmlUrl);
      chunks.push({ commentId: comment.id, entries });
    }
    this.#chunks = chunks;
    return chunks;
  }
}

const entriesSchema = z.array(ledgerEntrySchema);

/** The entries of a signed block, or null when it does not parse (a Foreman bug or a newer version). */
function decodeEntries(block: string): LedgerEntry[] | null {
  const payload = block.slice("<!-- foreman:ledger v1 ".length, -" -->".length);
  try {
    const json: unknown = JSON.parse(gunzipSync(Buffer.from(payload, "base64"), { maxOutputLength: MAX_INFLATED_BYTES }).toString("utf8"));
    const parsed = entriesSchema.safeParse(json);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
