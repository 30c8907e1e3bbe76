/**
 * Signed hidden blocks (DESIGN.md, "Signed state"). Repository admins can edit any comment,
 * including the bot's: a state or ledger block is obeyed only when its author is a trusted bot
 * **and** its HMAC-SHA256 verifies. The key is derived (HKDF) from a secret only Foreman holds:
 * the App's private key, or an explicit `state-key` when the Action runs without an App.
 *
 * The MAC covers the block's exact text and a context naming where it may live
 * (`owner/repo#issue`, plus the kind), so a valid block copied into another issue's comment or
 * into a comment of another kind does not verify. The signature is a separate marker after the
 * block: `<!-- foreman:sig v1 <base64url> -->`.
 */
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { ForemanError, InvalidArgumentError } from "../core/errors.js";

const SIG_MARKER = /<!--\s*foreman:sig v1 ([A-Za-z0-9_-]{43}) -->/g;

/** The key material; the secret itself is never used as the MAC key. */
export type SigningKey = { readonly bytes: Buffer };

export type SigningSecret = { appPrivateKey: string } | { stateKey: string };

export class MissingSigningKeyError extends ForemanError {
  override readonly name = "MissingSigningKeyError";
  readonly kind = "usage";
  constructor() {
    super("No signing key: set `app-private-key` (with `app-id`) or `state-key` (a random secret of at least 32 characters).");
  }
}

/** Derives the MAC key from the App's private key or the configured state key. */
export function deriveSigningKey(secret: SigningSecret): SigningKey {
  const [material, salt] = "appPrivateKey" in secret ? [secret.appPrivateKey.trim(), "app-private-key"] : [secret.stateKey, "state-key"];
  if (material.length === 0) throw new MissingSigningKeyError();
  return { bytes: Buffer.from(hkdfSync("sha256", material, `foreman:${salt}`, "foreman state signing v1", 32)) };
}

/** Where a block may live: its kind and the issue it belongs to (`daily-ledger`: the ledger issue). */
export interface SignatureContext {
  kind: "state" | "ledger" | "reply" | "daily-ledger" | "button";
  owner: string;
  repo: string;
  issue: number;
}

function mac(key: SigningKey, ctx: SignatureContext, block: string): Buffer {
  return createHmac("sha256", key.bytes).update(`${ctx.kind}\n${ctx.owner.toLowerCase()}/${ctx.repo.toLowerCase()}#${ctx.issue}\n${block}`).digest();
}

/** `body` (which must carry exactly the text `block`) with the block's signature appended. */
export function signBody(key: SigningKey, ctx: SignatureContext, body: string, block: string): string {
  if (!body.includes(block)) throw new InvalidArgumentError("block", "signBody: the block is not part of the body");
  return `${body.replace(SIG_MARKER, "").trimEnd()}\n<!-- foreman:sig v1 ${mac(key, ctx, block).toString("base64url")} -->`;
}

export type SignatureCheck = "valid" | "unsigned" | "bad_signature";

/** Whether `block` (found in `body`) carries exactly one signature that verifies for `ctx`. */
export function verifyBody(key: SigningKey, ctx: SignatureContext, body: string, block: string): SignatureCheck {
  const sigs = [...body.matchAll(SIG_MARKER)];
  if (sigs.length === 0) return "unsigned";
  if (sigs.length > 1 || !body.includes(block)) return "bad_signature";
  const given = Buffer.from(sigs[0]?.[1] ?? "", "base64url");
  const expected = mac(key, ctx, block);
  return given.length === expected.length && timingSafeEqual(given, expected) ? "valid" : "bad_signature";
}
