/**
 * The hidden marker a refusal reply carries, naming the comment it answers:
 * `<!-- foreman:reply-to <id> -->`. Both the App (which answers at once) and the Action's command
 * replay (which answers only what nobody answered yet) write it, so a refused command is answered
 * once in all. The replay trusts a marker only when its `reply` signature verifies (see
 * command-replay.ts): anyone can paste the marker, only Foreman can sign it.
 */
import { InvalidArgumentError } from "../core/errors.js";

const MARKER = /<!--\s*foreman:reply-to (\d{1,20}) -->/g;

/** The marker for a reply to comment `commentId` (a positive integer). */
export function replyMarker(commentId: number): string {
  if (!Number.isSafeInteger(commentId) || commentId <= 0) {
    throw new InvalidArgumentError("commentId", `replyMarker: a comment id is a positive integer, got ${String(commentId)}.`);
  }
  return `<!-- foreman:reply-to ${commentId} -->`;
}

/** Every comment id named by a reply marker in `body`, in order of appearance (no duplicates). */
export function parseReplyMarkers(body: string): number[] {
  const ids: number[] = [];
  for (const m of body.matchAll(MARKER)) {
    const id = Number(m[1]);
    if (Number.isSafeInteger(id) && id > 0 && !ids.includes(id)) ids.push(id);
  }
  return ids;
}
