import { describe, expect, it } from "vitest";
import { classifyError, retryDelayMs, type ErrorFacts } from "../../src/core/retry.js";

describe("classifyError: transient", () => {
  it.each<[string, ErrorFacts]>([
    ["our own timeout", { timedOut: true }],
    ["a timeout even with a 404", { timedOut: true, status: 404 }],
    ["408 request timeout", { status: 408 }],
    ["425 too early", { status: 425 }],
    ["429 too many requests", { status: 429 }],
    ["500", { status: 500 }],
    ["502", { status: 502 }],
    ["503", { status: 503 }],
    ["504", { status: 504 }],
    ["529 overloaded (Anthropic)", { status: 529 }],
    ["403 primary rate limit", { status: 403, message: "API rate limit exceeded for installation ID 123." }],
    ["403 secondary rate limit", { status: 403, message: "You have exceeded a secondary rate limit." }],
    ["403 abuse detection", { status: 403, message: "You have triggered an abuse detection mechanism." }],
    ["ECONNRESET", { code: "ECONNRESET" }],
    ["ETIMEDOUT", { code: "ETIMEDOUT" }],
    ["ECONNREFUSED", { code: "ECONNREFUSED" }],
    ["EAI_AGAIN", { code: "EAI_AGAIN" }],
    ["ENOTFOUND", { code: "ENOTFOUND" }],
    ["EPIPE", { code: "EPIPE" }],
    ["ENETUNREACH", { code: "ENETUNREACH" }],
    ["EHOSTUNREACH", { code: "EHOSTUNREACH" }],
    ["a lower-case code", { code: "econnreset" }],
    ["UND_ERR_SOCKET", { code: "UND_ERR_SOCKET" }],
    ["UND_ERR_CONNECT_TIMEOUT", { code: "UND_ERR_CONNECT_TIMEOUT" }],
    ["UND_ERR_HEADERS_TIMEOUT", { code: "UND_ERR_HEADERS_TIMEOUT" }],
    ["a network code with a message", { code: "ECONNRESET", message: "socket hang up" }],
    ["agent: overloaded", { message: 'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' }],
    ["agent: Overloaded alone", { message: "Overloaded" }],
    ["agent: rate limit", { message: "Rate limit reached for requests" }],
    ["agent: rate_limit_error", { message: "rate_limit_error: Number of requests has exceeded your rate limit" }],
    ["agent: 529", { message: "upstream returned 529" }],
    ["agent: try again later", { message: "The server is busy. Please try again later." }],
    ["agent: too many requests", { message: "Too Many Requests" }],
  ])("%s", (_name, input) => {
    expect(classifyError(input)).toBe("transient");
  });
});

describe("classifyError: permanent", () => {
  it.each<[string, ErrorFacts]>([
    ["400 bad request", { status: 400 }],
    ["401 unauthorized", { status: 401, message: "Bad credentials" }],
    ["404 not found", { status: 404 }],
    ["422 validation failed", { status: 422, message: "Validation Failed" }],
    ["403 without a rate-limit message", { status: 403, message: "Resource not accessible by integration" }],
    ["403 with no message", { status: 403 }],
    ["409 conflict", { status: 409 }],
    ["501 not implemented", { status: 501 }],
    ["a status decides over a busy-sounding message", { status: 401, message: "try again later" }],
    ["an auth error message", { message: "Invalid API key · Please run /login" }],
    ["an unknown code", { code: "EACCES" }],
    ["ENOENT", { code: "ENOENT" }],
    ["undici argument error", { code: "UND_ERR_INVALID_ARG" }],
    ["undici unsupported", { code: "UND_ERR_NOT_SUPPORTED" }],
    ["nothing known", {}],
    ["an empty message", { message: "" }],
    ["an unrelated message", { message: "TypeError: cannot read properties of undefined" }],
    ["a word merely containing 529", { message: "ticket 15290 failed" }],
    ["429 for an empty account (OpenAI)", { status: 429, message: "You exceeded your current quota, please check your plan and billing details." }],
    ["insufficient_quota", { status: 429, message: '{"error":{"code":"insufficient_quota"}}' }],
    ["credit balance too low", { message: "Your credit balance is too low to access the Anthropic API." }],
    ["Claude usage limit", { message: "Claude AI usage limit reached|1735700000" }],
  ])("%s", (_name, input) => {
    expect(classifyError(input)).toBe("permanent");
  });
});

describe("retryDelayMs", () => {
  it("doubles from the base; jitter 1 gives the full backoff", () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, { jitter: 1 }))).toEqual([1000, 2000, 4000, 8000, 16000]);
  });

  it("is half the backoff with jitter 0 and three quarters with jitter 0.5", () => {
    expect(retryDelayMs(3, { jitter: 0 })).toBe(2000);
    expect(retryDelayMs(3, { jitter: 0.5 })).toBe(3000);
  });

  it("caps the backoff at maxMs (default 60 s)", () => {
    expect(retryDelayMs(7, { jitter: 1 })).toBe(60_000);
    expect(retryDelayMs(30, { jitter: 1 })).toBe(60_000);
    expect(retryDelayMs(5, { jitter: 1, baseMs: 500, maxMs: 3000 })).toBe(3000);
    expect(retryDelayMs(5, { jitter: 0, baseMs: 500, maxMs: 3000 })).toBe(1500);
  });

  it("uses a custom base", () => {
    expect(retryDelayMs(1, { jitter: 1, baseMs: 250 })).toBe(250);
    expect(retryDelayMs(3, { jitter: 1, baseMs: 250 })).toBe(1000);
  });

  it("does not overflow on a huge attempt number, even with a zero base", () => {
    expect(retryDelayMs(5000, { jitter: 1 })).toBe(60_000);
    expect(retryDelayMs(5000, { jitter: 1, baseMs: 0 })).toBe(0);
  });

  it("returns whole milliseconds", () => {
    expect(retryDelayMs(1, { jitter: 1 / 3, baseMs: 1 })).toBe(1);
    expect(Number.isInteger(retryDelayMs(2, { jitter: 0.123, baseMs: 333 }))).toBe(true);
  });

  it("never waits less than Retry-After", () => {
    expect(retryDelayMs(1, { jitter: 0, retryAfterSeconds: 30 })).toBe(30_000);
    expect(retryDelayMs(1, { jitter: 0, retryAfterSeconds: 1.5 })).toBe(1500);
  });

  it("does not cut Retry-After to maxMs", () => {
    expect(retryDelayMs(1, { jitter: 0, retryAfterSeconds: 120, maxMs: 10_000 })).toBe(120_000);
  });

  it("keeps the backoff when it is longer than Retry-After", () => {
    expect(retryDelayMs(4, { jitter: 1, retryAfterSeconds: 1 })).toBe(8000);
    expect(retryDelayMs(2, { jitter: 1, retryAfterSeconds: 0 })).toBe(2000);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])("ignores an invalid Retry-After of %s", (retryAfterSeconds) => {
    expect(retryDelayMs(2, { jitter: 1, retryAfterSeconds })).toBe(2000);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("refuses attempt %s", (attempt) => {
    expect(() => retryDelayMs(attempt, { jitter: 0 })).toThrow(RangeError);
  });

  it.each([-0.1, 1.1, Number.NaN])("refuses jitter %s", (jitter) => {
    expect(() => retryDelayMs(1, { jitter })).toThrow(RangeError);
  });

  it.each([
    [{ baseMs: -1 }],
    [{ baseMs: Number.NaN }],
    [{ baseMs: Number.POSITIVE_INFINITY }],
    [{ maxMs: -1 }],
    [{ maxMs: Number.NaN }],
    [{ maxMs: Number.POSITIVE_INFINITY }],
  ])("refuses %o", (opts) => {
    expect(() => retryDelayMs(1, { jitter: 0, ...opts })).toThrow(RangeError);
  });
});
