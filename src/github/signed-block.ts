/**
 * Which hidden block of a comment Foreman may believe (DESIGN.md, "Signed state"): the author
 * must be one of the trusted bot logins **and** the block's signature must verify. Shared by the
 * session comment (state) and the attempt-ledger comment, which differ only in their block.
 */
import type { IssueComment } from "./issue-comments.js";
import { verifyBody, type SignatureContext, type SigningKey } from "./signature.js";

export type BlockVerdict =
  | { kind: "valid"; block: string }
  /** Not written by a trusted login: ignored, whatever it says. */
  | { kind: "untrusted_author" }
  /** By a trusted login, but not signed, signed wrongly, or not exactly one well-formed block. */
  | { kind: "unsigned" | "bad_signature" | "undecodable" };

/**
 * Judges `comment`, which carries the marker of `pattern` (a global regex matching one whole
 * block). Login comparison is case-insensitive, as GitHub logins are.
 */
export function judgeBlock(
  comment: IssueComment,
  pattern: RegExp,
  trustedAuthors: readonly string[],
  key: SigningKey,
  ctx: SignatureContext,
): BlockVerdict {
  const author = comment.author.toLowerCase();
  if (!trustedAuthors.some((t) => t.toLowerCase() === author)) return { kind: "untrusted_author" };
  const blocks = [...comment.body.matchAll(new RegExp(pattern.source, "g"))];
  if (blocks.length !== 1) return { kind: "undecodable" };
  const block = blocks[0]![0];
  const check = verifyBody(key, ctx, comment.body, block);
  return check === "valid" ? { kind: "valid", block } : { kind: check };
}
