/**
 * `readSessionState`'s memo of verdicts: the listing is made on every read, the verdict of a
 * trusted comment is reused only for the same body, author, key and issue (content-addressed),
 * and an edited body is judged afresh (tampered), never served from the memo.
 */
import nock from "nock";
import { describe, expect, it } from "vitest";
import { readSessionState } from "../../src/github/read-session-state.js";
import { deriveSigningKey } from "../../src/github/signature.js";
import { APP_BOT, commentJson, KEY, session, stateBody } from "../app/harness.js";
import { API, useGitHubMocks } from "../support/github/http.js";

const repo = { owner: "octo-org", repo: "widgets" };
const R = "/repos/octo-org/widgets";
const auth = { key: KEY, trustedAuthors: [APP_BOT] };

function listing(issue: number, comments: Record<string, unknown>[], times = 1): void {
  nock(API).get(`${R}/issues/${issue}/comments`).query({ per_page: "100" }).times(times).reply(200, comments);
}

describe("readSessionState", () => {
  const gh = useGitHubMocks();

  it("lists the comments on every read and reuses the verdict of an unchanged trusted comment", async () => {
    const body = stateBody(session({ status: "awaiting_approval" }));
    listing(42, [commentJson(501, body)], 2);
    const first = await readSessionState(gh.client(), repo, 42, auth);
    const second = await readSessionState(gh.client(), repo, 42, auth);
    expect(first).toMatchObject({ kind: "found", commentId: 501, state: { status: "awaiting_approval" } });
    expect(second).toEqual(first);
    // The memoized state is one frozen object, shared by both readers.
    expect(second.kind === "found" && first.kind === "found" && second.state === first.state).toBe(true);
    expect(second.kind === "found" && Object.isFrozen(second.state)).toBe(true);
  });

  it("judges an edited body afresh: the same comment id with a changed body is tampered", async () => {
    const body = stateBody(session({ status: "awaiting_approval" }));
    listing(42, [commentJson(502, body)]);
    expect((await readSessionState(gh.client(), repo, 42, auth)).kind).toBe("found");
    // An admin edits one character of the signed block: the signature no longer verifies.
    const edited = body.replace(/(foreman:state v1 )(.)/, (_, head: string, c: string) => `${head}${c === "A" ? "B" : "A"}`);
    expect(edited).not.toBe(body);
    listing(42, [commentJson(502, edited)]);
    expect(await readSessionState(gh.client(), repo, 42, auth)).toEqual({ kind: "tampered", commentId: 502 });
  });

  it("does not reuse a verdict across keys, issues or untrusted authors", async () => {
    const body = stateBody(session({ status: "running" }));
    listing(42, [commentJson(503, body)], 3);
    expect((await readSessionState(gh.client(), repo, 42, auth)).kind).toBe("found");
    const otherKey = deriveSigningKey({ stateKey: "another key" });
    expect(await readSessionState(gh.client(), repo, 42, { key: otherKey, trustedAuthors: [APP_BOT] })).toEqual({ kind: "tampered", commentId: 503 });
    expect(await readSessionState(gh.client(), repo, 42, { key: KEY, trustedAuthors: ["someone-else[bot]"] })).toEqual({ kind: "none" });
    // Signed for issue 42, listed on issue 45 (a copied comment): judged for 45, so tampered.
    listing(45, [commentJson(503, body)]);
    expect(await readSessionState(gh.client(), repo, 45, auth)).toEqual({ kind: "tampered", commentId: 503 });
  });
});
