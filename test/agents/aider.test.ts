import { describe, expect, it } from "vitest";
import { aider, litellmStatus, readUsage } from "../../src/agents/aider.js";
import { fixture, makeCtx, makeOutput, verdict } from "./helpers.js";

const ctx = makeCtx({}, { preset: "aider" });

describe("aider invocation", () => {
  it("sends the prompt file as the single message and never lets aider commit or touch .gitignore", () => {
    const argv = aider.invocation(makeCtx({}, { preset: "aider", args: ["--model", "sonnet"] })).argv;
    expect(argv[0]).toBe("aider");
    expect(argv.slice(1, 3)).toEqual(["--message-file", ctx.promptFile]);
    for (const flag of [
      "--yes-always",
      "--no-auto-commits",
      "--no-dirty-commits",
      "--no-gitignore",
      "--no-suggest-shell-commands",
      "--no-detect-urls",
      "--no-pretty",
      "--no-stream",
      "--no-check-update",
      "--no-show-release-notes",
      "--no-analytics",
    ]) {
      expect(argv).toContain(flag);
    }
    expect(argv.slice(-2)).toEqual(["--model", "sonnet"]);
  });

  it("keeps aider's history files out of the worktree", () => {
    const argv = aider.invocation(ctx).argv;
    const input = argv[argv.indexOf("--input-history-file") + 1]!;
    const chat = argv[argv.indexOf("--chat-history-file") + 1]!;
    for (const p of [input, chat]) {
      expect(p.startsWith("/tmp/foreman-test/session-1/attempt-1/")).toBe(true);
      expect(p.startsWith(ctx.worktree)).toBe(false);
    }
  });

  it("reads no stdin", () => {
    expect(aider.invocation(ctx).stdinFile).toBeUndefined();
  });
});

describe("aider parse", () => {
  it("takes the last session cost and sums sent + received over every report", () => {
    const r = aider.parse(makeOutput({ stdout: fixture("aider/success.txt") }), ctx);
    expect(r).toEqual({
      ok: true,
      costUsd: 0.0123,
      tokens: 2300 + 180 + 4100 + 95,
      summary: "aider applied edits to src/range.ts, test/range.test.ts",
    });
  });

  it("reads comma-grouped counts of older releases", () => {
    const r = aider.parse(makeOutput({ stdout: fixture("aider/legacy-commas.txt") }), ctx);
    expect(r).toMatchObject({ ok: true, costUsd: 0.04, tokens: 13_369 });
  });

  it("leaves the cost unknown when aider prints no cost (unpriced model), with M/k suffixes", () => {
    const r = aider.parse(makeOutput({ stdout: fixture("aider/no-cost.txt") }), ctx);
    expect(r.ok).toBe(true);
    expect(r.costUsd).toBeUndefined();
    expect(r.tokens).toBe(1_512_000);
  });

  it.each([
    ["Tokens: 999 sent, 1 received. Cost: $0.00 message, $0.00 session.", 1000, 0],
    ["Tokens: 10k sent, 2.5K received.\nCost: $1,234.50 message, $1,234.50 session.", 12_500, 1234.5],
    ["Cost: $0.01 message, $0.01 session.\nCost: $0.02 message, $0.03 session.", undefined, 0.03],
    ["Tokens: lots sent, 3 received. Cost: $abc message, $ session.", undefined, undefined],
  ])("parses usage edge case %#", (text, tokens, cost) => {
    const u = readUsage(text);
    expect(u.tokens).toBe(tokens);
    expect(u.costUsd).toBe(cost);
  });

  it("fails on a non-zero exit with the end of stderr", () => {
    const r = aider.parse(makeOutput({ stdout: fixture("aider/garbage.txt"), exitCode: 1, stderr: "" }), ctx);
    expect(r.ok).toBe(false);
    expect(r.failure?.message).toMatch(/^aider exited with code 1: .*ModuleNotFoundError/s);
    expect(verdict(r)).toBe("permanent");
  });

  it("fails transiently when every model call was rate limited, even though aider exits 0", () => {
    const r = aider.parse(makeOutput({ stdout: fixture("aider/api-error.txt") }), ctx);
    expect(r.ok).toBe(false);
    expect(r.failure).toEqual({
      message: "aider could not reach the model: The API provider has rate limited you. Try again later or check your quotas.",
      status: 429,
    });
    expect(verdict(r)).toBe("transient");
  });

  it("fails permanently on an authentication error", () => {
    const r = aider.parse(makeOutput({ stdout: fixture("aider/auth-error.txt") }), ctx);
    expect(r).toMatchObject({ ok: false, failure: { status: 401 } });
    expect(r.failure?.message).toContain("authenticate");
    expect(verdict(r)).toBe("permanent");
  });

  it.each<[string, number | undefined]>([
    ["litellm.RateLimitError: AnthropicException - rate_limit_error", 429],
    ["litellm.AuthenticationError: x", 401],
    ["litellm.ServiceUnavailableError: x", 503],
    ["litellm.InternalServerError: x", 500],
    ["litellm.APIConnectionError: x", 500],
    ["litellm.Timeout: x", 408],
    ["litellm.NotFoundError: x", 404],
    ["litellm.ContextWindowExceededError: x", 400],
    ["litellm.BadRequestError: x", 400],
    ["litellm.PermissionDeniedError: x", 403],
    ["litellm.UnprocessableEntityError: x", 422],
    ["litellm.APIError: x", undefined],
    ["litellm.RateLimitError: x\nRetrying\nlitellm.AuthenticationError: y", 401],
    ["litellm.AuthenticationError: x\nlitellm.APIError: y", 401],
    ["no exception here", undefined],
  ])("litellmStatus reads the last mapped exception: %j", (text, status) => {
    expect(litellmStatus(text)).toBe(status);
  });

  it("accepts empty output with exit 0 (nothing to report is not an error)", () => {
    const r = aider.parse(makeOutput({ stdout: "" }), ctx);
    expect(r).toEqual({ ok: true, summary: "" });
  });

  it("fails a timed-out run as transient and keeps the cost printed so far", () => {
    const r = aider.parse(makeOutput({ stdout: fixture("aider/success.txt"), timedOut: true, exitCode: null }), ctx);
    expect(r).toMatchObject({ ok: false, costUsd: 0.0123, failure: { timedOut: true } });
    expect(verdict(r)).toBe("transient");
  });

  it("strips terminal colour codes before reading", () => {
    const r = aider.parse(makeOutput({ stdout: "\u001b[32mTokens: 1k sent, 2 received. Cost: $0.50 message, $0.75 session.\u001b[0m" }), ctx);
    expect(r).toMatchObject({ ok: true, costUsd: 0.75, tokens: 1002 });
  });
});
