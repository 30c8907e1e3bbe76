import { describe, expect, it } from "vitest";
import { pi } from "../../src/agents/pi.js";
import { fixture, makeCtx, makeOutput, verdict } from "./helpers.js";

const ctx = makeCtx({}, { preset: "pi" });
const parse = (stdout: string, extra: Parameters<typeof makeOutput>[0] = {}) => pi.parse(makeOutput({ stdout, ...extra }), ctx);

describe("pi invocation", () => {
  it("runs print mode with JSON events and no saved session, the prompt on stdin", () => {
    const inv = pi.invocation(makeCtx({}, { preset: "pi", args: ["--provider", "anthropic", "--model", "claude-sonnet-4-5"] }));
    expect(inv.argv).toEqual(["pi", "--print", "--mode", "json", "--no-session", "--provider", "anthropic", "--model", "claude-sonnet-4-5"]);
    expect(inv.stdinFile).toBe(ctx.promptFile);
  });
});

describe("pi parse", () => {
  it("sums cost and tokens over distinct assistant messages (repeated in message_end, turn_end, agent_end)", () => {
    const r = parse(fixture("pi/success.jsonl"));
    expect(r.ok).toBe(true);
    expect(r.costUsd).toBeCloseTo(0.0123 + 0.0045, 12);
    expect(r.tokens).toBe(1200 + 180 + 3000 + 820 + (400 + 600 + 4900 + 200));
    expect(r.summary).toBe("Fixed the off-by-one in `range`.\nTests pass locally.");
  });

  it("does not fail a run whose failed request was retried and then succeeded", () => {
    const r = parse(fixture("pi/retry-then-success.jsonl"));
    expect(r).toMatchObject({ ok: true, summary: "Done after a retry.", tokens: 2200 });
    expect(r.costUsd).toBeCloseTo(0.0071, 12);
    expect(r.failure?.message).toBeUndefined();
  });

  it("fails transiently when the last message is an overloaded error, keeping the cost spent", () => {
    const r = parse(fixture("pi/error-overloaded.jsonl"));
    expect(r).toMatchObject({ ok: false, failure: { status: 529 } });
    expect(verdict(r)).toBe("transient");
    expect(r.failure?.message).toContain("overloaded_error");
    expect(r.costUsd).toBeCloseTo(0.0123, 12);
    expect(r.tokens).toBe(5200);
  });

  it("fails permanently on an authentication error", () => {
    const r = parse(fixture("pi/auth-error.jsonl"));
    expect(r).toMatchObject({ ok: false, failure: { status: 401 } });
    expect(verdict(r)).toBe("permanent");
    expect(r.failure?.message).toContain("authentication_error");
  });

  it("fails on an aborted request and keeps its partial text as the summary", () => {
    const r = parse(fixture("pi/aborted.jsonl"));
    expect(r).toMatchObject({ ok: false, summary: "Partial", failure: { message: "pi failed: Request was aborted" } });
    expect(verdict(r)).toBe("permanent");
  });

  it("reports stderr when pi exits non-zero without events", () => {
    const r = parse(fixture("pi/garbage.txt"), { exitCode: 1, stderr: "No models available." });
    expect(r).toMatchObject({ ok: false, failure: { message: "pi exited with code 1: No models available." } });
  });

  it("fails when a clean exit printed no assistant message", () => {
    expect(parse(fixture("pi/garbage.txt")).failure?.message).toMatch(/no assistant message/);
    expect(parse("").failure?.message).toMatch(/printed nothing/);
  });

  it("ignores events of the wrong shape instead of throwing", () => {
    const stdout = [
      '{"type":"message_end","message":{"role":"assistant","content":"oops","usage":{"input":"x"},"stopReason":7}}',
      '{"type":"agent_end","messages":"not a list"}',
      '{"type":"message_end","message":null}',
      "[1,2,3]",
    ].join("\n");
    const r = parse(stdout);
    expect(r.ok).toBe(true);
    expect(r.summary).toBe("");
    expect(r.costUsd).toBeUndefined();
  });

  it("uses the usage parts when totalTokens is missing", () => {
    const stdout =
      '{"type":"message_end","message":{"role":"assistant","content":[{"type":"text","text":"ok"}],"usage":{"input":5,"output":6,"cacheRead":7,"cacheWrite":8},"stopReason":"stop"}}\n';
    expect(parse(stdout)).toEqual({ ok: true, tokens: 26, summary: "ok" });
  });

  it("fails a timed-out run as transient, keeping the cost so far", () => {
    const r = parse(fixture("pi/success.jsonl"), { timedOut: true, exitCode: null });
    expect(r).toMatchObject({ ok: false, failure: { timedOut: true } });
    expect(verdict(r)).toBe("transient");
    expect(r.costUsd).toBeCloseTo(0.0168, 12);
  });
});
