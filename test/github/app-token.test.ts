import { generateKeyPairSync } from "node:crypto";
import nock from "nock";
import { describe, expect, it } from "vitest";
import { AppNotInstalledError, appTokenSource, REFRESH_MARGIN_MS, staticTokenSource } from "../../src/github/app-token.js";
import { caught } from "../support/caught.js";
import { API, useGitHubMocks } from "../support/github/http.js";

const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const T0 = Date.parse("2026-03-01T10:00:00Z");
const HOUR = 3_600_000;

const installation = { id: 42, account: { login: "octo" }, app_id: 1234, target_type: "Organization", permissions: { contents: "write" } };
const tokenReply = (token: string, expiresAtMs: number) => ({
  token,
  expires_at: new Date(expiresAtMs).toISOString(),
  permissions: { contents: "write" },
  repository_selection: "all",
});

/** The JWT the App signs: three base64url parts, bearer scheme. */
const appJwt = { reqheaders: { authorization: (v: string) => /^bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(v) } };

describe("appTokenSource", () => {
  const gh = useGitHubMocks();

  it("finds the installation once, mints a token, serves it from cache, and mints again 5 minutes before it expires", async () => {
    let now = T0;
    const minted: unknown[] = [];
    nock(API, appJwt)
      .get("/repos/octo/widgets/installation")
      .reply(200, installation)
      .post("/app/installations/42/access_tokens", (b: unknown) => {
        minted.push(b);
        return true;
      })
      .reply(201, tokenReply("ghs_first", T0 + HOUR))
      .post("/app/installations/42/access_tokens", (b: unknown) => {
        minted.push(b);
        return true;
      })
      .reply(201, tokenReply("ghs_second", T0 + 2 * HOUR));
    const source = appTokenSource({
      appId: "1234",
      privateKey,
      repo: { owner: "octo", repo: "widgets" },
      baseUrl: API,
      fetch: gh.fetch,
      now: () => now,
    });
    expect(source.triggersWorkflows).toBe(true);
    // Concurrent callers share one mint.
    expect(await Promise.all([source.token(), source.token()])).toEqual(["ghs_first", "ghs_first"]);
    now = T0 + HOUR - REFRESH_MARGIN_MS - 1;
    expect(await source.token()).toBe("ghs_first");
    now = T0 + HOUR - REFRESH_MARGIN_MS;
    expect(await source.token()).toBe("ghs_second");
    expect(minted).toEqual([{ repositories: ["widgets"] }, { repositories: ["widgets"] }]);
    expect(gh.countByEndpoint()).toEqual({ "GET /repos/octo/widgets/installation": 1, "POST /app/installations/{n}/access_tokens": 2 });
  });

  it("says the App is not installed, naming app-id and the repository, when GitHub finds no installation", async () => {
    nock(API, appJwt).get("/repos/octo/widgets/installation").reply(404, { message: "Not Found" });
    const source = appTokenSource({
      appId: "1234",
      privateKey,
      repo: { owner: "octo", repo: "widgets" },
      baseUrl: API,
      fetch: gh.fetch,
      now: () => T0,
    });
    const error = await caught(source.token());
    expect(error).toBeInstanceOf(AppNotInstalledError);
    expect(error).toMatchObject({ appId: "1234", repository: "octo/widgets", kind: "usage" });
  });

  it("retries the token calls on a 502, a 429 and a secondary rate limit (a single fault must not fail the run)", async () => {
    nock(API, appJwt)
      .get("/repos/octo/widgets/installation")
      .reply(502, { message: "Server Error" })
      .get("/repos/octo/widgets/installation")
      .reply(403, { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." }, { "retry-after": "1" })
      .get("/repos/octo/widgets/installation")
      .reply(200, installation)
      .post("/app/installations/42/access_tokens")
      .reply(429, { message: "Too Many Requests" }, { "retry-after": "1" })
      .post("/app/installations/42/access_tokens")
      .reply(201, tokenReply("ghs_after_faults", T0 + HOUR));
    const source = appTokenSource({
      appId: "1234",
      privateKey,
      repo: { owner: "octo", repo: "widgets" },
      baseUrl: API,
      fetch: gh.fetch,
      now: () => T0,
      retryAfterBaseMs: 1,
    });
    expect(await source.token()).toBe("ghs_after_faults");
    expect(nock.isDone()).toBe(true);
  });
});

describe("staticTokenSource", () => {
  it("returns the token as given and says its PRs start no workflow", async () => {
    const s = staticTokenSource("ghs_given");
    expect(await s.token()).toBe("ghs_given");
    expect(s.triggersWorkflows).toBe(false);
  });
});
