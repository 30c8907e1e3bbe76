import { RequestError } from "@octokit/request-error";
import nock from "nock";
import type { Probot } from "probot";
import { beforeEach, describe, expect, it } from "vitest";
import {
  APP_RATE_LIMIT_ATTEMPTS,
  APP_RATE_LIMIT_MAX_WAIT_SECONDS,
  outlastRateLimit,
  rateLimitRetryAfterSeconds,
} from "../../src/app/rate-limit-wait.js";
import { SECONDARY_LIMIT_MESSAGE } from "../../src/sandbox/index.js";
import { caught } from "../support/caught.js";
import { API, useGitHubMocks } from "../support/github/http.js";
import { callLines, ISSUE, labeledPayload, makeProbot, R } from "./harness.js";
import { mockToken } from "./mock-token.js";

const CONFIG = `${R}/contents/.github%2Fforeman.yml`;
const DISPATCH = `${R}/actions/workflows/foreman.yml/dispatches`;
const SECONDARY = { message: SECONDARY_LIMIT_MESSAGE, documentation_url: "https://docs.github.com/rest" };

function limited(status: number, retryAfter?: string): RequestError {
  return new RequestError(status === 403 ? SECONDARY_LIMIT_MESSAGE : "Too Many Requests", status, {
    request: { method: "POST", url: `${API}${R}/issues/1/comments`, headers: {} },
    response: { status, url: "", headers: retryAfter === undefined ? {} : { "retry-after": retryAfter }, data: {} },
  });
}

describe("rateLimitRetryAfterSeconds", () => {
  it("a secondary-limit 403 or a 429: its retry-after, or 60 s without one; anything else: not a rate limit", () => {
    expect(rateLimitRetryAfterSeconds(limited(403, "17"))).toBe(17);
    expect(rateLimitRetryAfterSeconds(limited(429, "0"))).toBe(0);
    expect(rateLimitRetryAfterSeconds(limited(403))).toBe(60);
    expect(rateLimitRetryAfterSeconds(limited(403, "soon"))).toBe(60);
    expect(rateLimitRetryAfterSeconds(limited(403, "-3"))).toBe(60);
    const forbidden = new RequestError("Resource not accessible by integration", 403, {
      request: { method: "POST", url: `${API}${DISPATCH}`, headers: {} },
      response: { status: 403, url: "", headers: { "retry-after": "1" }, data: {} },
    });
    expect(rateLimitRetryAfterSeconds(forbidden)).toBeUndefined();
    expect(
      rateLimitRetryAfterSeconds(new RequestError(SECONDARY_LIMIT_MESSAGE, 422, { request: { method: "GET", url: API, headers: {} } })),
    ).toBeUndefined();
    expect(rateLimitRetryAfterSeconds(new Error(SECONDARY_LIMIT_MESSAGE))).toBeUndefined();
  });
});

describe("outlastRateLimit", () => {
  const run = (answers: unknown[]) => {
    const slept: number[] = [];
    let calls = 0;
    const write = async (): Promise<string> => {
      const answer = answers[calls++];
      if (answer instanceof Error) throw answer;
      return "done";
    };
    return { slept, calls: () => calls, go: () => outlastRateLimit(write, { sleep: async (ms) => void slept.push(ms) }) };
  };

  it("waits each retry-after and tries again", async () => {
    const r = run([limited(403, "2"), limited(429, "3"), "ok"]);
    expect(await r.go()).toBe("done");
    expect([r.calls(), r.slept]).toEqual([3, [2000, 3000]]);
  });

  it(`gives up with GitHub's error after ${APP_RATE_LIMIT_ATTEMPTS} tries`, async () => {
    const last = limited(403, "1");
    const r = run([limited(403, "1"), limited(403, "1"), last, "never"]);
    expect(await caught(r.go())).toBe(last);
    expect([r.calls(), r.slept]).toEqual([APP_RATE_LIMIT_ATTEMPTS, [1000, 1000]]);
  });

  it(`gives up rather than wait more than ${APP_RATE_LIMIT_MAX_WAIT_SECONDS} s in all`, async () => {
    const second = limited(403, "31");
    const r = run([limited(403, "30"), second, "never"]);
    expect(await caught(r.go())).toBe(second);
    expect(r.slept).toEqual([30_000]);
    const exact = run([limited(403, "30"), limited(403, "30"), "ok"]);
    expect(await exact.go()).toBe("done");
  });

  it("throws any other error at once", async () => {
    const boom = new Error("boom");
    const r = run([boom, "never"]);
    expect(await caught(r.go())).toBe(boom);
    expect([r.calls(), r.slept]).toEqual([1, []]);
  });
});

describe("the App under GitHub's secondary limit", () => {
  const gh = useGitHubMocks();
  let probot: Probot;
  beforeEach(async () => {
    probot = await makeProbot(() => gh.fetch);
    mockToken();
  });

  const trusted = () => {
    nock(API).get(CONFIG).reply(200, "");
    nock(API).get(`${R}/collaborators/writer/permission`).reply(200, { permission: "admin", role_name: "admin", user: null });
    nock(API).get(`${R}/issues/comments`).query(true).reply(200, []);
  };

  it("a dispatch answered once with the secondary limit is sent again after retry-after: the wake is not lost, no setup notice", async () => {
    trusted();
    nock(API)
      .post(`${R}/issues/${ISSUE}/reactions`, { content: "eyes" })
      .reply(403, SECONDARY, { "retry-after": "0" })
      .post(`${R}/issues/${ISSUE}/reactions`, { content: "eyes" })
      .reply(201, { id: 1, content: "eyes" })
      .post(DISPATCH)
      .reply(403, SECONDARY, { "retry-after": "0" })
      .post(DISPATCH)
      .reply(204);
    await probot.receive({ id: "d-1", name: "issues", payload: labeledPayload() });
    expect(callLines(gh).filter((l) => l.startsWith("POST"))).toEqual([
      `POST ${R}/issues/${ISSUE}/reactions`,
      `POST ${R}/issues/${ISSUE}/reactions`,
      `POST ${DISPATCH}`,
      `POST ${DISPATCH}`,
    ]);
  });

  it("a dispatch refused on every try fails the delivery with GitHub's 403, and says nothing false (no missing-permission notice)", async () => {
    trusted();
    nock(API).post(`${R}/issues/${ISSUE}/reactions`).reply(201, { id: 1, content: "eyes" });
    for (let i = 0; i < APP_RATE_LIMIT_ATTEMPTS; i++) nock(API).post(DISPATCH).reply(403, SECONDARY, { "retry-after": "0" });
    const error = await caught(probot.receive({ id: "d-2", name: "issues", payload: labeledPayload() }));
    const inner = error instanceof AggregateError ? error.errors[0] : error;
    expect(inner instanceof RequestError && inner.status).toBe(403);
    expect(callLines(gh).filter((l) => l === `POST ${DISPATCH}`)).toHaveLength(APP_RATE_LIMIT_ATTEMPTS);
    expect(callLines(gh).some((l) => l.includes("/comments") && l.startsWith("POST"))).toBe(false);
  });
});
