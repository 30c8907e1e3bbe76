import { describe, expect, it } from "vitest";
import { deriveSigningKey, MissingSigningKeyError, signBody, verifyBody, type SignatureContext } from "../../src/github/signature.js";

const key = deriveSigningKey({ stateKey: "k".repeat(40) });
const ctx: SignatureContext = { kind: "state", owner: "Octo", repo: "Repo", issue: 7 };
const block = "<!-- foreman:state v1 AAAA -->";
const body = `Status: running\n\n${block}`;

describe("signed blocks", () => {
  it("verifies a block it signed, case-insensitively on the repository name", () => {
    const signed = signBody(key, ctx, body, block);
    expect(verifyBody(key, ctx, signed, block)).toBe("valid");
    expect(verifyBody(key, { ...ctx, owner: "octo", repo: "repo" }, signed, block)).toBe("valid");
  });

  it("refuses an edited block, another issue, another kind, another key, and a doubled signature", () => {
    const signed = signBody(key, ctx, body, block);
    const edited = "<!-- foreman:state v1 AAAB -->";
    expect(verifyBody(key, ctx, signed.replace(block, edited), edited)).toBe("bad_signature");
    expect(verifyBody(key, { ...ctx, issue: 8 }, signed, block)).toBe("bad_signature");
    expect(verifyBody(key, { ...ctx, kind: "ledger" }, signed, block)).toBe("bad_signature");
    expect(verifyBody(deriveSigningKey({ stateKey: "j".repeat(40) }), ctx, signed, block)).toBe("bad_signature");
    const sig = signed.slice(signed.indexOf("<!-- foreman:sig"));
    expect(verifyBody(key, ctx, `${signed}\n${sig}`, block)).toBe("bad_signature");
    expect(verifyBody(key, ctx, body, block)).toBe("unsigned");
  });

  it("re-signing replaces the old signature", () => {
    const once = signBody(key, ctx, body, block);
    expect(signBody(key, ctx, once, block)).toBe(once);
  });

  it("derives different keys from an App key and a state key, and refuses an empty secret", () => {
    const a = deriveSigningKey({ appPrivateKey: "-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----\n" });
    const s = deriveSigningKey({ stateKey: "-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----" });
    expect(a.bytes.equals(s.bytes)).toBe(false);
    expect(() => deriveSigningKey({ stateKey: "" })).toThrow(MissingSigningKeyError);
    expect(() => deriveSigningKey({ appPrivateKey: "  \n" })).toThrow(MissingSigningKeyError);
  });
});
