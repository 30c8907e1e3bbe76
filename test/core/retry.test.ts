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
    ["403 ratelimit in one word", { status: 403, message: "secondary ratelimit hit" }],
    ["403 rate_limit", { status: 403, message: "rate_limit_exceeded" }],
    ["ECONNRESET", { code: "ECONNRESET" }],
    ["ETIMEDOUT", { code: "ETIMEDOUT" }],
    ["ECONNREFUSED", { code: "ECONNREFUSED" }],
    ["ECONNABORTED", { code: "ECONNABORTED" }],
    ["ENETDOWN", { code: "ENETDOWN" }],
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
    ["agent: temporarily unavailable", { message: "The model is temporarily unavailable" }],
    ["agent: rate-limit", { message: "hit a rate-limit" }],
    ["agent: rate limit", { message: "hit a rate limit" }],
    ["agent: ratelimit", { message: "ratelimited" }],
    ["agent: internal server error", { message: "Internal Server Error" }],
    ["agent: bad gateway", { message: "Bad Gateway" }],
    ["agent: service unavailable", { message: "model refused: Service Unavailable" }],
    ["agent: gateway timeout", { message: "Gateway Timeout" }],
    ["agent: gateway time-out", { message: "Gateway Time-out" }],
    ["agent: socket hang up", { message: "Error: socket hang up" }],
    ["agent: network error", { message: "Network error while calling the model" }],
    ["agent: connection reset", { message: "connection reset by peer" }],
    ["agent: connection refused", { message: "Connection refused" }],
    ["agent: connection closed", { message: "connection closed before message completed" }],
    ["agent: connection error", { message: "Connection error." }],
    ["agent: fetch failed", { message: "TypeError: fetch failed" }],
    ["agent: stream disconnected", { message: "stream disconnected before completion: websocket closed" }],
    ["agent: timed out", { message: "the request timed out" }],
    ["agent: timeout", { message: "Request Timeout" }],
    ["agent: a network code in the text", { message: "read ECONNRESET" }],
    ["agent: EPIPE in the text", { message: "write EPIPE" }],
    ["agent: EAI_AGAIN in the text", { message: "getaddrinfo EAI_AGAIN api.anthropic.com" }],
    ["agent: an undici code in the text", { message: "other side closed (UND_ERR_SOCKET)" }],
    ["agent: a second code in the text counts", { message: "EACCES then ECONNRESET" }],
    ["agent: 429 quoted", { message: "last status: 429 Too Many Requests" }],
    ["agent: 500 quoted", { message: "HTTP 500" }],
    ["agent: 502 quoted", { message: "upstream said 502" }],
    ["agent: 503 quoted", { message: "model refused: 503" }],
    ["agent: 504 quoted", { message: "(504)" }],
    ["agent: a status at the start", { message: '529 {"type":"error"}' }],
    ["agent: a status before a comma and space", { message: "got 503, giving up" }],
    ["agent: a status at the end of a sentence", { message: "the proxy answered 502." }],
    ["agent: a status after an equals sign", { message: "status=503" }],
    ["agent: a status after HTTP/1.1", { message: "HTTP/1.1 503" }],
    ["agent: a status before a brace", { message: "API Error: 529{}" }],
    ["agent: a status before a dash and space", { message: "503 - unavailable" }],
    ["agent: a status before a colon and space", { message: "upstream 503: try later" }],
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
    ["undici invalid return value", { code: "UND_ERR_INVALID_RETURN_VALUE" }],
    ["a rate-limit message with a status other than 403", { status: 404, message: "API rate limit exceeded" }],
    ["nothing known", {}],
    ["an empty message", { message: "" }],
    ["an unrelated message", { message: "TypeError: cannot read properties of undefined" }],
    ["a word merely containing 529", { message: "ticket 15290 failed" }],
    ["a number ending in 500", { message: "ticket 1500 failed" }],
    ["a letter before the number", { message: "model x500 failed" }],
    ["a letter after the number", { message: "waited 500ms" }],
    ["a decimal", { message: "version 1.503 failed" }],
    ["a decimal part", { message: "cost 503.25 failed" }],
    ["a thousands group", { message: "1,500 files failed" }],
    ["a number followed by a thousands group", { message: "500,000 tokens used up" }],
    ["a path segment", { message: "see /runs/500/log" }],
    ["a path prefix", { message: "wrote 503/log" }],
    ["a dashed name", { message: "branch run-500 failed" }],
    ["a dashed suffix", { message: "branch 500-final failed" }],
    ["a line number", { message: "error: patch failed: src/app.ts:503" }],
    ["a number before a colon and more", { message: "at 500:12 in the log" }],
    ["501 not implemented, quoted", { message: "HTTP 501" }],
    ["408 quoted (too ambiguous in text)", { message: "error 408" }],
    ["an unknown code in the text", { message: "open EACCES /etc/passwd" }],
    ["an undici argument error in the text", { message: "UND_ERR_INVALID_ARG: bad header" }],
    ["a lower-case code in the text", { message: "econnreset" }],
    ["rate and limit apart", { message: "rate4limit" }],
    ["an aborted request", { message: "pi failed: Request was aborted" }],
    ["429 for an empty account (OpenAI)", { status: 429, message: "You exceeded your current quota, please check your plan and billing details." }],
    ["insufficient_quota", { status: 429, message: '{"error":{"code":"insufficient_quota"}}' }],
    ["insufficient quota", { status: 429, message: "insufficient quota" }],
    ["credit balance too low", { status: 429, message: "Your credit balance is too low to access the Anthropic API." }],
    ["Claude usage limit", { status: 429, message: "Claude AI usage limit reached|1735700000" }],
    ["billing", { status: 503, message: "Billing hard limit has been reached" }],
    ["a quota message beats a network code", { code: "ECONNRESET", message: "exceeded your current quota" }],
    ["a quota message beats a busy message", { message: "429 You exceeded your current quota" }],
  ])("%s", (_name, input) => {
    expect(classifyError(input)).toBe("permanent");
  });
});

describe("classifyError: precedence", () => {
  it("lets a known status decide over a transient-sounding message", () => {
    expect(classifyError({ status: 401, message: "socket hang up (503) ECONNRESET" })).toBe("permanent");
  });

  it("lets a transient code decide over a permanent status", () => {
    expect(classifyError({ status: 401, code: "ECONNRESET" })).toBe("transient");
  });

  it("lets a non-transient code fall through to the status, then to the message", () => {
    expect(classifyError({ status: 503, code: "EACCES" })).toBe("transient");
    expect(classifyError({ code: "EACCES", message: "Overloaded" })).toBe("transient");
  });

  it("lets a timeout decide over a quota message", () => {
    expect(classifyError({ timedOut: true, message: "exceeded your current quota" })).toBe("transient");
  });

  it("does not count timedOut: false as a timeout", () => {
    expect(classifyError({ timedOut: false, status: 404 })).toBe("permanent");
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

  it("accepts a zero cap", () => {
    expect(retryDelayMs(3, { jitter: 1, maxMs: 0 })).toBe(0);
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
