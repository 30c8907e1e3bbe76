import { describe, expect, it } from "vitest";
import { codex, price } from "../../src/agents/codex.js";
import type { Config } from "../../src/core/config.js";
import { fixture, makeCtx, makeOutput, verdict } from "./helpers.js";

const prices: NonNullable<Config["agent"]["prices"]> = { input_per_mtok: 1.25, output_per_mtok: 10, cached_input_per_mtok: 0.125 };
const withPrices = makeCtx({}, { preset: "codex", prices });
const noPrices = makeCtx({}, { preset: "codex" });

describe("codex invocation", () => {
  it("runs exec with JSON events, a workspace-write sandbox, config args, and `-` to read the prompt from stdin", () => {
    const inv = codex.invocation(makeCtx({}, { preset: "codex", args: ["--model", "gpt-5-codex"] }));
    expect(inv.argv).toEqual(["codex", "exec", "--json", "--sandbox", "workspace-write", "--model", "gpt-5-codex", "-"]);
    expect(inv.stdinFile).toBe(withPrices.promptFile);
  });

  it("allows the documented keys only", () => {
    expect(codex.envAllowlist).toEqual(["OPENAI_API_KEY", "CODEX_API_KEY", "OPENAI_BASE_URL"]);
  });
});

describe("codex parse", () => {
  it("reads the last agent message and prices the tokens (cached input at the cached price)", () => {
    const r = codex.parse(makeOutput({ stdout: fixture("codex/success.jsonl") }), withPrices);
    expect(r.ok).toBe(true);
    expect(r.summary).toBe("Fixed the off-by-one in `range` and added a test.");
    expect(r.tokens).toBe(24763 + 122);
    const expected = ((24763 - 24448) * 1.25 + 24448 * 0.125 + 122 * 10) / 1e6;
    expect(r.costUsd).toBeCloseTo(expected, 12);
  });

  it("leaves cost unknown without prices, but still counts tokens", () => {
    const r = codex.parse(makeOutput({ stdout: fixture("codex/success.jsonl") }), noPrices);
    expect(r.ok).toBe(true);
    expect(r.costUsd).toBeUndefined();
    expect(r.tokens).toBe(24885);
  });

  it("prices cached input at the input price when no cached price is configured", () => {
    expect(price({ input: 1_000_000, cached: 600_000, output: 0 }, { input_per_mtok: 2, output_per_mtok: 8 })).toBe(2);
    expect(price({ input: 0, cached: 0, output: 500_000 }, { input_per_mtok: 2, output_per_mtok: 8 })).toBe(4);
  });

  it("does not fail a run whose reconnect errors were followed by a completed turn", () => {
    const r = codex.parse(makeOutput({ stdout: fixture("codex/reconnect-then-success.jsonl") }), withPrices);
    expect(r).toMatchObject({ ok: true, summary: "Hello.", tokens: 12632 + 81 });
    expect(r.failure?.message).toBeUndefined();
  });

  it("fails transiently when the stream ends while codex is still reconnecting", () => {
    const stdout = fixture("codex/reconnect-then-success.jsonl").split("\n").slice(0, 4).join("\n");
    const r = codex.parse(makeOutput({ stdout }), withPrices);
    expect(r.ok).toBe(false);
    expect(verdict(r)).toBe("transient");
    expect(r.failure?.message).toMatch(/^codex stopped while retrying: Reconnecting\.\.\. 2\/5/);
  });

  it("fails on turn.failed with the error message; an auth error is not transient", () => {
    const r = codex.parse(makeOutput({ stdout: fixture("codex/turn-failed.jsonl"), exitCode: 1 }), withPrices);
    expect(r.ok).toBe(false);
    expect(r.failure?.message).toBe("codex failed: unexpected status 401 Unauthorized: Incorrect API key provided");
    expect(r.failure?.status).toBe(401);
    expect(verdict(r)).toBe("permanent");
    expect(r.costUsd).toBeUndefined();
  });

  it("fails transiently when reconnecting was exhausted", () => {
    const r = codex.parse(makeOutput({ stdout: fixture("codex/reconnect-exhausted.jsonl"), exitCode: 1 }), withPrices);
    expect(r.ok).toBe(false);
    expect(r.failure?.status).toBeUndefined();
    expect(verdict(r)).toBe("transient");
    expect(r.failure?.message).toContain("stream disconnected");
  });

  it("fails transiently on a 429", () => {
    const r = codex.parse(makeOutput({ stdout: fixture("codex/rate-limited.jsonl"), exitCode: 1 }), withPrices);
    expect(r.failure).toEqual({ message: "codex failed: exceeded retry limit, last status: 429 Too Many Requests", status: 429 });
    expect(verdict(r)).toBe("transient");
  });

  it("reads the item_type / assistant_message spelling of early releases", () => {
    const r = codex.parse(makeOutput({ stdout: fixture("codex/legacy-item-type.jsonl") }), noPrices);
    expect(r).toMatchObject({ ok: true, summary: "Removed the first line of README.md.", tokens: 1050 });
  });

  it("skips non-JSON lines and a truncated last line", () => {
    const r = codex.parse(makeOutput({ stdout: fixture("codex/with-stderr-noise.txt") }), withPrices);
    expect(r.ok).toBe(true);
    expect(r.summary).toBe("Done.");
    expect(r.costUsd).toBeCloseTo((1_000_000 * 1.25 + 1_000_000 * 0.125 + 100_000 * 10) / 1e6, 12);
  });

  it("fails when the stream ends without a completed turn", () => {
    const r = codex.parse(makeOutput({ stdout: fixture("codex/no-turn-completed.jsonl") }), noPrices);
    expect(r.ok).toBe(false);
    expect(r.failure?.message).toMatch(/no turn\.completed/);
    expect(r.summary).toBe("Working on it");
  });

  it("fails a completed turn when the process exited non-zero", () => {
    const r = codex.parse(makeOutput({ stdout: fixture("codex/success.jsonl"), exitCode: 1, stderr: "panic" }), withPrices);
    expect(r.ok).toBe(false);
    expect(r.failure?.message).toBe("codex exited with code 1: panic");
    expect(r.tokens).toBe(24885);
  });

  it("returns clear errors on empty output and garbage", () => {
    expect(codex.parse(makeOutput({ stdout: "" }), noPrices).failure?.message).toMatch(/printed nothing/);
    const g = codex.parse(makeOutput({ stdout: "Segmentation fault\n{not json", exitCode: 0 }), noPrices);
    expect(g.ok).toBe(false);
    expect(g.failure?.message).toMatch(/no turn\.completed/);
  });

  it("ignores usage of the wrong shape instead of throwing", () => {
    const stdout = '{"type":"turn.completed","usage":{"input_tokens":"many"}}\n';
    const r = codex.parse(makeOutput({ stdout }), withPrices);
    expect(r.ok).toBe(true);
    expect(r.tokens).toBeUndefined();
    expect(r.costUsd).toBeUndefined();
  });

  it("fails a timed-out run as transient and keeps the usage seen so far", () => {
    const r = codex.parse(makeOutput({ stdout: fixture("codex/success.jsonl"), timedOut: true, exitCode: null }), withPrices);
    expect(r).toMatchObject({ ok: false, tokens: 24885, failure: { timedOut: true } });
    expect(verdict(r)).toBe("transient");
  });
});
