import { describe, expect, it } from "vitest";
import { claude } from "../../src/agents/claude.js";
import { fixture, makeCtx, makeOutput, verdict } from "./helpers.js";

const ctx = makeCtx();
const parse = (stdout: string, extra: Parameters<typeof makeOutput>[0] = {}) => claude.parse(makeOutput({ stdout, ...extra }), ctx);

describe("claude invocation", () => {
  it("runs print mode with JSON output, appends configured args, and feeds the prompt on stdin", () => {
    const inv = claude.invocation(makeCtx({}, { args: ["--model", "sonnet"] }));
    expect(inv.argv).toEqual(["claude", "-p", "--output-format", "json", "--permission-mode", "acceptEdits", "--model", "sonnet"]);
    expect(inv.stdinFile).toBe(ctx.promptFile);
    // The CLI's own API retries are off: Foreman backs off between attempts itself.
    expect(inv.env).toEqual({ CLAUDE_CODE_MAX_RETRIES: "0" });
  });

  it("names only model credentials and endpoints in its allowlist", () => {
    expect(claude.envAllowlist).toEqual(["ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN", "ANTHROPIC_BASE_URL", "ANTHROPIC_MODEL"]);
  });
});

describe("claude parse", () => {
  it("reads cost, tokens (all four usage counts) and the result text of a success", () => {
    expect(parse(fixture("claude/success.json"))).toEqual({
      ok: true,
      costUsd: 0.18342,
      tokens: 1203 + 15321 + 88410 + 2144,
      summary: "Fixed the off-by-one in src/range.ts and added a regression test.",
    });
  });

  it("finds the result object after a warning line", () => {
    const r = parse(fixture("claude/with-preamble.txt"));
    expect(r.ok).toBe(true);
    expect(r.costUsd).toBe(0.18342);
  });

  it("finds the result object at the end of a --verbose message array", () => {
    expect(parse(fixture("claude/verbose-array.json"))).toEqual({
      ok: true,
      costUsd: 0.0612,
      tokens: 100,
      summary: "Updated the parser.",
    });
  });

  it("reads the cost_usd field of older releases", () => {
    const r = parse(fixture("claude/legacy-cost-usd.json"));
    expect(r).toEqual({ ok: true, costUsd: 0.0421, summary: "Done." });
  });

  it("fails on error_max_turns and still counts the money spent", () => {
    const r = parse(fixture("claude/error-max-turns.json"), { exitCode: 1 });
    expect(r.ok).toBe(false);
    expect(r.costUsd).toBe(1.0427);
    expect(r.tokens).toBe(4410 + 60211 + 912004 + 18230);
    expect(r.failure?.message).toContain("error_max_turns");
    expect(r.failure?.status).toBeUndefined();
    expect(verdict(r)).toBe("permanent");
  });

  it("fails a non-success subtype even when the process exited 0", () => {
    const r = parse(fixture("claude/error-max-turns.json"), { exitCode: 0 });
    expect(r.ok).toBe(false);
    expect(r.failure?.message).toBe("claude run failed (error_max_turns)");
  });

  it("fails on error_during_execution and quotes the errors list", () => {
    const r = parse(fixture("claude/error-during-execution.json"), { exitCode: 1 });
    expect(r.ok).toBe(false);
    expect(r.failure?.message).toContain("error_during_execution");
    expect(r.failure?.message).toContain("Tool permission request failed");
  });

  it("reads the status of an overloaded API (529) from the result text: a transient failure", () => {
    const r = parse(fixture("claude/api-overloaded.json"), { exitCode: 1 });
    expect(r.ok).toBe(false);
    expect(r.failure?.status).toBe(529);
    expect(verdict(r)).toBe("transient");
    expect(r.failure?.message).toContain("overloaded_error");
    expect(r.costUsd).toBe(0);
  });

  it("reads api_error_status when the CLI reports it, before any number in the text", () => {
    const stdout = JSON.stringify({ type: "result", subtype: "success", is_error: true, api_error_status: 503, result: "API Error: 401 upstream" });
    const r = parse(stdout, { exitCode: 1 });
    expect(r.failure).toEqual({ message: "claude reported an API error (HTTP 503): API Error: 401 upstream", status: 503 });
    expect(verdict(r)).toBe("transient");
  });

  it("ignores an api_error_status that is not an HTTP status", () => {
    const stdout = JSON.stringify({ type: "result", subtype: "success", is_error: true, api_error_status: "529", result: "API Error: 401 x" });
    expect(parse(stdout, { exitCode: 1 }).failure?.status).toBe(401);
  });

  it("fails permanently on a spent quota, even with a 429", () => {
    const text =
      'API Error: 429 {"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota"}}';
    const r = parse(JSON.stringify({ type: "result", subtype: "success", is_error: true, result: text, total_cost_usd: 0 }), { exitCode: 1 });
    expect(r.failure?.status).toBe(429);
    expect(verdict(r)).toBe("permanent");
  });

  it("fails permanently on an empty credit balance", () => {
    const text = "Credit balance is too low";
    const r = parse(JSON.stringify({ type: "result", subtype: "success", is_error: true, result: text, total_cost_usd: 0 }), { exitCode: 1 });
    expect(r.failure).toEqual({ message: "claude reported an error: Credit balance is too low" });
    expect(verdict(r)).toBe("permanent");
  });

  it("fails a success result whose process exited non-zero", () => {
    const r = parse(fixture("claude/success.json"), { exitCode: 2, stderr: "boom" });
    expect(r.ok).toBe(false);
    expect(r.costUsd).toBe(0.18342);
  });

  it("returns a clear error on empty output", () => {
    const r = parse("");
    expect(r.ok).toBe(false);
    expect(r.failure?.message).toMatch(/printed nothing/);
  });

  it("returns a clear error, not an exception, on garbage", () => {
    const r = parse(fixture("claude/garbage.txt"));
    expect(r.ok).toBe(false);
    expect(r.failure?.message).toMatch(/not a JSON result object/);
    expect(r.failure?.message).toContain("Cannot find module");
  });

  it("returns a clear error on truncated JSON", () => {
    const r = parse(fixture("claude/truncated.txt"));
    expect(r.ok).toBe(false);
    expect(r.failure?.message).toMatch(/not a JSON result object/);
  });

  it("names the field when the result object has the wrong shape", () => {
    const r = parse(fixture("claude/wrong-shape.json"));
    expect(r.ok).toBe(false);
    expect(r.failure?.message).toMatch(/is_error|total_cost_usd/);
  });

  it("reports stderr when the process fails without any JSON", () => {
    const r = parse("", { exitCode: 1, stderr: "Error: Invalid API key · Please run /login" });
    expect(r).toMatchObject({ ok: false });
    expect(verdict(r)).toBe("permanent");
    expect(r.failure?.message).toBe("claude exited with code 1: Error: Invalid API key · Please run /login");
  });

  it("reads the status a rate-limited failure quotes on stderr: transient", () => {
    const r = parse("", { exitCode: 1, stderr: "API Error: 429 rate_limit_error" });
    expect(r.failure).toEqual({ message: "claude exited with code 1: API Error: 429 rate_limit_error", status: 429 });
    expect(verdict(r)).toBe("transient");
  });

  it("fails a timed-out run as transient", () => {
    const r = parse("", { timedOut: true, exitCode: null });
    expect(r).toMatchObject({ ok: false, failure: { timedOut: true } });
    expect(verdict(r)).toBe("transient");
    expect(r.failure?.message).toMatch(/time limit/);
  });

  it("ignores JSON objects that are not the result", () => {
    const r = parse('{"type":"system","subtype":"init"}\n');
    expect(r.ok).toBe(false);
    expect(r.failure?.message).toContain('no object with "type": "result"');
  });
});
