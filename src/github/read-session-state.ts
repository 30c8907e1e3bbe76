/**
 * The session as a reader sees it (the App: `/status`, a closed issue, a finished run): the one
 * comment by a trusted author whose signed state block verifies. Read-only: unlike the Action's
 * `CommentStateStore`, it never flags or edits anything (the App writes no state); a tampered
 * block reads as `tampered`, which the App treats as "let the Action look".
 *
 * The comments are listed on every call (a changed session is seen at once), but judging a
 * trusted comment (HMAC over the body, gunzip, zod) is memoized, content-addressed: a verdict is
 * reused only for the very same body, author, key and issue, so it can never be stale. The App
 * stays stateless in DESIGN.md's sense: the memo holds a pure function's results, never a decision.
 */
import { decodeStateComment, hasStateBlock } from "../core/state-codec.js";
import type { SessionState } from "../core/state.js";
import type { GitHubClient } from "./client.js";
import { STATE_BLOCK } from "./comment-state-store.js";
import { deepFreeze, Lru } from "./config-files.js";
import { listIssueComments, type IssueComment } from "./issue-comments.js";
import type { RepoRef } from "./repo.js";
import type { SignatureContext, SigningKey } from "./signature.js";
import { judgeBlock } from "./signed-block.js";

export type SessionReading = { kind: "none" } | { kind: "found"; state: SessionState; commentId: number } | { kind: "tampered"; commentId: number };

/** A trusted comment's verdict: its state (deep-frozen: shared between readers), or tampered. */
type Verdict = { kind: "found"; state: SessionState } | { kind: "tampered" };

interface Judged {
  body: string;
  author: string;
  key: SigningKey;
  ctx: string;
  verdict: Verdict;
}

/**
 * Verdicts by comment id, at most {@link JUDGED_MAX} (a body is at most 65,536 characters, so a
 * few MB at worst). A hit needs the same body, author (the trust check runs before), key object
 * and issue: anything else is judged afresh and replaces the entry.
 */
const JUDGED_MAX = 64;
const judged = new Lru<number, Judged>(JUDGED_MAX);

function judge(comment: IssueComment, trustedAuthors: readonly string[], key: SigningKey, ctx: SignatureContext): Verdict | "untrusted" {
  const author = comment.author.toLowerCase();
  if (!trustedAuthors.some((t) => t.toLowerCase() === author)) return "untrusted";
  const ctxKey = `${ctx.owner}/${ctx.repo}#${ctx.issue}`;
  const known = judged.get(comment.id);
  if (known !== undefined && known.body === comment.body && known.author === comment.author && known.key === key && known.ctx === ctxKey) {
    return known.verdict;
  }
  const verdict = judgeFresh(comment, trustedAuthors, key, ctx);
  if (verdict !== "untrusted") judged.set(comment.id, { body: comment.body, author: comment.author, key, ctx: ctxKey, verdict });
  return verdict;
}

function judgeFresh(comment: IssueComment, trustedAuthors: readonly string[], key: SigningKey, ctx: SignatureContext): Verdict | "untrusted" {
  const block = judgeBlock(comment, STATE_BLOCK, trustedAuthors, key, ctx);
  if (block.kind === "untrusted_author") return "untrusted";
  if (block.kind !== "valid") return { kind: "tampered" };
  try {
    return { kind: "found", state: deepFreeze(decodeStateComment(comment.body)) };
  } catch {
    return { kind: "tampered" };
  }
}

export async function readSessionState(
  client: GitHubClient,
  repo: RepoRef,
  issue: number,
  auth: { key: SigningKey; trustedAuthors: readonly string[] },
): Promise<SessionReading> {
  const ctx = { kind: "state" as const, owner: repo.owner, repo: repo.repo, issue };
  for (const comment of await listIssueComments(client, repo, issue)) {
    if (!hasStateBlock(comment.body)) continue;
    const verdict = judge(comment, auth.trustedAuthors, auth.key, ctx);
    if (verdict === "untrusted") continue;
    if (verdict.kind === "tampered") return { kind: "tampered", commentId: comment.id };
    return { kind: "found", state: verdict.state, commentId: comment.id };
  }
  return { kind: "none" };
}
