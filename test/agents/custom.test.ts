import { describe, expect, it } from "vitest";
import { custom } from "../../src/agents/custom.js";
import { ConfigError } from "../../src/core/errors.js";
import { fixture, makeCtx, makeOutput, verdict } from "./helpers.js";

const ctx = makeCtx({ attempt: 3 }, { preset: "custom", command: ["./scripts/agent.sh", "--fast"], args: ["--verbose"] });
const parse = (extra: Parameters<typeof makeOutput>[0]) => custom.parse(makeOutput(extra), ctx);

describe("custom invocation", () => {
  it("runs the configured argv plus args, and passes the files in the environment", () => {
    const inv = custom.invocation(ctx);
    expect(inv.argv).toEqual(["./scripts/agent.sh", "--fast", "--verbose"]);
    expect(inv.env).toEqual({
      FOREMAN_ATTEMPT: "3",
      FOREMAN_TASK_FILE: ctx.taskFile,
      FOREMAN_FEEDBACK_FILE: ctx.feedbackFile,
      FOREMAN_RESULT_FILE: ctx.resultFile,
    });
    expect(inv.stdinFile).toBeUndefined();
    expect(custom.envAllowlist).toEqual([]);
  });

  it("throws a ConfigError naming agent.command when it is missing", () => {
    expect(() => custom.invocation(makeCtx({}, { preset: "custom" }))).toThrow(ConfigError);
    try {
      custom.invocation(makeCtx({}, { preset: "custom" }));
    } catch (e) {
      expect(e instanceof ConfigError && e.problems[0]?.path).toBe("agent.command");
    }
  });
});

describe("custom parse", () => {
  it("succeeds on exit 0 without a result file, summarising stdout, cost unknown", () => {
    expect(parse({ stdout: "did things\n" })).toEqual({ ok: true, summary: "did things" });
  });

  it("reads cost and summary from the result file", () => {
    expect(parse({ resultFileText: fixture("custom/result-ok.json") })).toEqual({
      ok: true,
      costUsd: 0.42,
      summary: "Rewrote the parser",
    });
  });

  it("fails when the result file reports an error, keeping the cost", () => {
    const r = parse({ resultFileText: fixture("custom/result-error.json") });
    expect(r).toMatchObject({ ok: false, costUsd: 0.05 });
    expect(verdict(r)).toBe("transient");
    expect(r.failure?.message).toContain("503 Service Unavailable");
  });

  it("refuses unknown keys by name", () => {
    const r = parse({ resultFileText: fixture("custom/result-unknown-key.json") });
    expect(r.ok).toBe(false);
    expect(r.failure?.message).toContain('unknown key "cost_usd"');
    expect(r.failure?.message).toContain("FOREMAN_RESULT_FILE");
  });

  it("names each invalid field", () => {
    const r = parse({ resultFileText: fixture("custom/result-bad-values.json") });
    expect(r.ok).toBe(false);
    expect(r.failure?.message).toMatch(/costUsd: expected a number of 0 or more/);
    expect(r.failure?.message).toMatch(/summary: expected a string/);
  });

  it("refuses a JSON value that is not an object", () => {
    const r = parse({ resultFileText: fixture("custom/result-array.json") });
    expect(r.ok).toBe(false);
    expect(r.failure?.message).toMatch(/expected a JSON object/);
  });

  it("refuses a result file that is not JSON", () => {
    const r = parse({ resultFileText: fixture("custom/result-not-json.txt") });
    expect(r.ok).toBe(false);
    expect(r.failure?.message).toMatch(/not valid JSON: it starts with "costUsd=0.42"/);
  });

  it("treats an empty result file as absent", () => {
    expect(parse({ resultFileText: "  \n" })).toEqual({ ok: true, summary: "" });
  });

  it("fails a non-zero exit with the end of stderr, keeping a reported cost", () => {
    const r = parse({ exitCode: 2, stderr: "x".repeat(5000) + "fatal: nope", resultFileText: '{"costUsd":0.3}' });
    expect(r.ok).toBe(false);
    expect(r.costUsd).toBe(0.3);
    expect(r.failure?.message).toMatch(/^the custom agent exited with code 2: …x+fatal: nope$/);
    expect(r.failure!.message.length).toBeLessThan(2100);
  });

  it("reports the status quoted on stderr, which decides over busy-sounding text", () => {
    const r = parse({ exitCode: 1, stderr: "401 Unauthorized: try again later\n" });
    expect(r.failure).toEqual({ message: "the custom agent exited with code 1: 401 Unauthorized: try again later", status: 401 });
    expect(verdict(r)).toBe("permanent");
  });

  it("reports a quota message as permanent even with a 429, and an overloaded API as transient", () => {
    const quota = parse({ exitCode: 1, stderr: "429 You exceeded your current quota" });
    expect(quota.failure?.status).toBe(429);
    expect(verdict(quota)).toBe("permanent");
    const busy = parse({ exitCode: 1, stderr: "529 overloaded" });
    expect(busy.failure?.status).toBe(529);
    expect(verdict(busy)).toBe("transient");
  });

  it("reads a status from the result file's error when the process failed", () => {
    const r = parse({ exitCode: 2, stderr: "", resultFileText: '{"error":"API Error: 503 upstream"}' });
    expect(r.failure).toEqual({ message: "the custom agent exited with code 2 (result file: API Error: 503 upstream)", status: 503 });
  });

  it("fails a timed-out run as transient", () => {
    const r = parse({ timedOut: true, exitCode: null });
    expect(r).toMatchObject({ ok: false, failure: { timedOut: true } });
    expect(verdict(r)).toBe("transient");
  });
});
