/**
 * The oracle the GitHub tests stand on (test/support/github/contract.ts, test/sandbox/response-
 * contract.ts), read from the extract of GitHub's REST description: it must still say no to a
 * misspelled route, an unknown query parameter, a bad body and an answer missing a required
 * field — and yes to correct ones — or every contract-checked test passes against anything.
 */
import { describe, expect, it } from "vitest";
import { checkRequest, documentedStatus, findOperation } from "../support/github/contract.js";
import { checkResponse } from "../sandbox/response-contract.js";

const API = "https://api.github.com";

describe("the REST contract oracle", () => {
  it("finds operations by method and path, literal segments before parameters", () => {
    expect(findOperation("GET", "/repos/o/r/issues/7/comments")?.template).toBe("/repos/{owner}/{repo}/issues/{issue_number}/comments");
    expect(findOperation("GET", "/repos/o/r/actions/runs")?.template).toBe("/repos/{owner}/{repo}/actions/runs");
    expect(findOperation("GET", "/repos/o/r/issues/7/commentz")).toBeUndefined();
  });

  it("accepts a correct request and rejects a misspelled route, an unknown query parameter and a bad body", () => {
    expect(checkRequest({ method: "POST", url: `${API}/repos/o/r/issues/7/comments`, body: JSON.stringify({ body: "hi" }) })).toEqual([]);
    expect(checkRequest({ method: "POST", url: `${API}/repos/o/r/issue/7/comments`, body: JSON.stringify({ body: "hi" }) })).toEqual([
      "no operation POST /repos/o/r/issue/7/comments in GitHub's REST description",
    ]);
    expect(checkRequest({ method: "GET", url: `${API}/repos/o/r/issues/7/comments?per_page=100&pagee=2` })).toEqual([
      'unknown query parameter "pagee" for GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
    ]);
    expect(checkRequest({ method: "POST", url: `${API}/repos/o/r/issues/7/comments`, body: JSON.stringify({ text: "hi" }) })).toEqual([
      expect.stringContaining("must have required property 'body'"),
    ]);
    expect(checkRequest({ method: "GET", url: `${API}/repos/o/r/issues/7`, body: JSON.stringify({ a: 1 }) })).toEqual([
      "GET /repos/{owner}/{repo}/issues/{issue_number} takes no JSON body",
    ]);
  });

  it("knows the documented statuses of an operation", () => {
    expect(documentedStatus("POST", `${API}/repos/o/r/issues/7/comments`, 201)).toBe(true);
    expect(documentedStatus("POST", `${API}/repos/o/r/issues/7/comments`, 418)).toBe(false);
  });

  it("validates an answer against the documented response schema", () => {
    const reaction = {
      id: 1,
      node_id: "R_1",
      user: null,
      content: "eyes",
      created_at: "2026-12-02T08:00:00Z",
    };
    const url = `${API}/repos/o/r/issues/comments/5/reactions`;
    expect(checkResponse("POST", url, 201, "application/json", JSON.stringify(reaction))).toEqual([]);
    const { content: _dropped, ...missing } = reaction;
    expect(checkResponse("POST", url, 201, "application/json", JSON.stringify(missing))).toEqual([
      expect.stringContaining("must have required property 'content'"),
    ]);
    expect(checkResponse("POST", url, 422, "application/json", JSON.stringify({ message: "no" }))).toEqual([
      "POST /repos/o/r/issues/comments/5/reactions → 422: error body is not GitHub's {message, documentation_url}",
    ]);
  });
});
