/**
 * The session as a reader sees it (the App: `/status`, a closed issue, a finished run): the one
 * comment by a trusted author whose signed state block verifies. Read-only: unlike the Action's
 * `CommentStateStore`, it never flags or edits anything (the App writes no state); a tampered
 * block reads as `tampered`, which the App treats as "let the Action look".
 */
import { decodeStateComment, hasStateBlock } from "../core/state-codec.js";
import type { SessionState } from "../core/state.js";
import type { GitHubClient } from "./client.js";
import { STATE_BLOCK } from "./comment-state-store.js";
import { listIssueComments } from "./issue-comments.js";
import type { RepoRef } from "./repo.js";
import type { SigningKey } from "./signature.js";
import { judgeBlock } from "./signed-block.js";

export type SessionReading = { kind: "none" } | { kind: "found"; state: SessionState; commentId: number } | { kind: "tampered"; commentId: number };

export async function readSessionState(
  client: GitHubClient,
  repo: RepoRef,
  issue: number,
  auth: { key: SigningKey; trustedAuthors: readonly string[] },
): Promise<SessionReading> {
  const ctx = { kind: "state" as const, owner: repo.owner, repo: repo.repo, issue };
  for (const comment of await listIssueComments(client, repo, issue)) {
    if (!hasStateBlock(comment.body)) continue;
    const verdict = judgeBlock(comment, STATE_BLOCK, auth.trustedAuthors, auth.key, ctx);
    if (verdict.kind === "untrusted_author") continue;
    if (verdict.kind !== "valid") return { kind: "tampered", commentId: comment.id };
    try {
      return { kind: "found", state: decodeStateComment(comment.body), commentId: comment.id };
    } catch {
      return { kind: "tampered", commentId: comment.id };
    }
  }
  return { kind: "none" };
}
