import nock from "nock";
import { describe, expect, it } from "vitest";
import { createGitHubClient, maskSecrets } from "../../src/github/client.js";
import { checkRequest } from "../support/github/contract.js";
import { API, TOKEN, useGitHubMocks } from "../support/github/http.js";

describe("the contract checker", () => {
  it("accepts a documented request with a valid body", () => {
    expect(checkRequest({ method: "POST", url: `${API}/repos/o/r/issues/1/comments`, body: JSON.stringify({ body: "hi" }) })).toEqual([]);
  });

  it("names a misspelled body key, an unknown route, an unknown query parameter and a too-long check-run identifier", () => {
    expect(checkRequest({ method: "POST", url: `${API}/repos/o/r/issues/1/comments`, body: JSON.stringify({ bdy: "hi" }) }).join()).toMatch(
      /required property 'body'/,
    );
    expect(checkRequest({ method: "GET", url: `${API}/repos/o/r/isues/1` })).toEqual([
      "no operation GET /repos/o/r/isues/1 in GitHub's REST description",
    ]);
    expect(checkRequest({ method: "GET", url: `${API}/repos/o/r/issues/1/comments?sincee=x` }).join()).toMatch(/unknown query parameter "sincee"/);
    const checkRun = {
      name: "Foreman",
      head_sha: "a".repeat(40),
      actions: [{ label: "Approve", description: "Publish", identifier: "a-very-long-identifier-x" }],
    };
    expect(checkRequest({ method: "POST", url: `${API}/repos/o/r/check-runs`, body: JSON.stringify(checkRun) }).join()).toMatch(/identifier/);
  });

  it("validates GraphQL documents against GitHub's schema", () => {
    const ok = JSON.stringify({ query: "query { viewer { login } }" });
    const bad = JSON.stringify({ query: "query { viewer { loginn } }" });
    expect(checkRequest({ method: "POST", url: `${API}/graphql`, body: ok })).toEqual([]);
    expect(checkRequest({ method: "POST", url: `${API}/graphql`, body: bad }).join()).toMatch(/loginn/);
  });
});

describe("createGitHubClient", () => {
  const gh = useGitHubMocks();

  it("sends the token, counts each request once and retries a 5xx", async () => {
    const seen: string[] = [];
    nock(API, { reqheaders: { authorization: `token ${TOKEN}` } })
      .get("/repos/o/r/issues/1")
      .reply(502, { message: "bad gateway" })
      .get("/repos/o/r/issues/1")
      .reply(200, { number: 1 });
    const client = gh.client({ onRequest: (m, route) => seen.push(`${m} ${route}`) });
    const res = await client.request("GET /repos/{owner}/{repo}/issues/{issue_number}", { owner: "o", repo: "r", issue_number: 1 });
    expect(res.data.number).toBe(1);
    expect(seen).toEqual(["GET /repos/{owner}/{repo}/issues/{issue_number}"]);
    expect(gh.calls.map((c) => c.status)).toEqual([502, 200]);
  });

  it("with a token source, each request carries the source's current token, not the first token", async () => {
    const fresh = ["ghs_installationTokenNumberOne000000000", "ghs_installationTokenNumberTwo000000000"];
    let i = 0;
    nock(API, { reqheaders: { authorization: `token ${fresh[0]}` } })
      .get("/repos/o/r")
      .reply(200, { id: 1 });
    nock(API, { reqheaders: { authorization: `token ${fresh[1]}` } })
      .get("/repos/o/r")
      .reply(200, { id: 2 });
    const client = gh.client({ tokens: { token: () => Promise.resolve(fresh[Math.min(i++, 1)] ?? "") } });
    expect((await client.request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" })).data.id).toBe(1);
    expect((await client.request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" })).data.id).toBe(2);
  });

  it("waits out a 429's retry-after, then succeeds", async () => {
    nock(API).get("/repos/o/r").reply(429, { message: "slow down" }, { "retry-after": "2" }).get("/repos/o/r").reply(200, { id: 1 });
    const res = await gh.client().request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" });
    expect(res.data.id).toBe(1);
  });

  it("fails with GitHub's error when a 429 persists past the retries", async () => {
    nock(API).get("/repos/o/r").times(3).reply(429, { message: "slow down" }, { "retry-after": "1" });
    await expect(gh.client({ retries: 2 }).request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" })).rejects.toMatchObject({ status: 429 });
  });

  it("retries a secondary rate limit 403 after its retry-after", async () => {
    nock(API)
      .post("/repos/o/r/issues/1/comments", { body: "x" })
      .reply(403, { message: "You have exceeded a secondary rate limit" }, { "retry-after": "1" })
      .post("/repos/o/r/issues/1/comments", { body: "x" })
      .reply(201, { id: 9 });
    const res = await gh
      .client()
      .request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner: "o", repo: "r", issue_number: 1, body: "x" });
    expect(res.data.id).toBe(9);
  });

  it("does not retry a 404 or a 422", async () => {
    nock(API).get("/repos/o/r").reply(404, { message: "Not Found" });
    await expect(gh.client().request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" })).rejects.toMatchObject({ status: 404 });
  });

  it("masks the token and other secrets in every log line", async () => {
    const lines: string[] = [];
    const log = {
      debug: (m: string) => lines.push(m),
      info: (m: string) => lines.push(m),
      warn: (m: string) => lines.push(m),
      error: (m: string) => lines.push(m),
    };
    nock(API).get("/repos/o/r").reply(429, { message: "slow" }, { "retry-after": "1" }).get("/repos/o/r").reply(200, {});
    const client = createGitHubClient({ token: TOKEN, fetch: gh.fetch, retryAfterBaseMs: 1, paceWrites: false, log, secrets: ["s3cret-key"] });
    await client.request("GET /repos/{owner}/{repo}", { owner: "o", repo: `r` });
    expect(lines.length).toBeGreaterThan(0);
    expect(maskSecrets(`a ${TOKEN} b s3cret-key ${encodeURIComponent("x/y=z+")}`, [TOKEN, "s3cret-key", "x/y=z+"])).toBe("a *** b *** ***");
  });
});
