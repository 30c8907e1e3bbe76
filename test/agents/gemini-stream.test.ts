/**
 * The gemini preset on `--output-format stream-json`, from output recorded with gemini 0.61 against
 * the scripted model server (`test/agents/fixtures/gemini/stream-*`; the exit codes are the ones
 * it exited with).
 */
import { describe, expect, it } from "vitest";
import { gemini } from "../../src/agents/gemini.js";
import { geminiApiStatus, readGeminiStream } from "../../src/agents/gemini-stream.js";
import { fixture, makeCtx, makeOutput, verdict } from "./helpers.js";

const prices = { input_per_mtok: 1, output_per_mtok: 10 };

function apiError(code: string, exitCode: number) {
  return makeOutput({
    stdout: fixture(`gemini/stream-api-error-${code}.jsonl`),
    stderr: fixture(`gemini/stream-api-error-${code}.stderr`),
    exitCode,
  });
}

describe("gemini stream-json: a whole run", () => {
  it("reads the final answer, tokens and priced cost from the result event", () => {
    const r = gemini.parse(makeOutput({ stdout: fixture("gemini/stream-success.jsonl") }), makeCtx({}, { prices }));
    expect(r).toEqual({ ok: true, summary: "done", tokens: 5610, costUsd: (5400 * 1 + 210 * 10) / 1e6 });
  });

  it("leaves the cost unknown without prices, the tokens known", () => {
    const r = gemini.parse(makeOutput({ stdout: fixture("gemini/stream-success.jsonl") }), makeCtx());
    expect(r.ok).toBe(true);
    expect(r.tokens).toBe(5610);
    expect(r.costUsd).toBeUndefined();
  });

  it("records the shell command its policy refused", () => {
    const r = gemini.parse(makeOutput({ stdout: fixture("gemini/stream-denied.jsonl") }), makeCtx({}, { prices }));
    expect(r.ok).toBe(true);
    expect(r.deniedTools).toEqual(["run_shell_command(node check.mjs) (policy_violation)"]);
  });

  it("prices thoughts (total beyond input and output) as output and cached input at the cached price", () => {
    const stdout = [
      '{"type":"init","session_id":"s","model":"m"}',
      '{"type":"message","role":"assistant","content":"Hel","delta":true}',
      '{"type":"message","role":"assistant","content":"lo","delta":true}',
      '{"type":"result","status":"success","stats":{"total_tokens":1500,"input_tokens":1000,"output_tokens":100,"cached":400}}',
    ].join("\n");
    const r = gemini.parse(makeOutput({ stdout }), makeCtx({}, { prices: { ...prices, cached_input_per_mtok: 0.1 } }));
    expect(r.summary).toBe("Hello");
    expect(r.tokens).toBe(1500);
    // input 600 * 1 + cached 400 * 0.1 + output (100 + 400 thoughts) * 10
    expect(r.costUsd).toBeCloseTo((600 + 40 + 5000) / 1e6, 12);
  });

  it("keeps only the text after the last tool call as the summary", () => {
    const stdout = [
      '{"type":"message","role":"assistant","content":"Let me look."}',
      '{"type":"tool_use","tool_name":"read_file","tool_id":"t1","parameters":{"file_path":"a"}}',
      '{"type":"message","role":"assistant","content":"All done."}',
      '{"type":"result","status":"success","stats":{"total_tokens":3,"input_tokens":2,"output_tokens":1,"cached":0}}',
    ].join("\n");
    expect(gemini.parse(makeOutput({ stdout }), makeCtx()).summary).toBe("All done.");
  });
});

describe("gemini stream-json: API errors before any response (its own retries off)", () => {
  it("401: permanent, the API's status and text, not billed", () => {
    const r = gemini.parse(apiError("401", 145), makeCtx({}, { prices }));
    expect(r.ok).toBe(false);
    expect(r.failure?.status).toBe(401);
    expect(r.failure?.message).toContain("scripted 401");
    expect(r.notBilled).toBe(true);
    expect(r.tokens).toBe(0);
    expect(verdict(r)).toBe("permanent");
  });

  it("429: transient, status read from the error gemini dumps on stderr, not billed", () => {
    const r = gemini.parse(apiError("429", 173), makeCtx());
    expect(r.failure?.status).toBe(429);
    expect(r.failure?.message).toContain("scripted 429");
    expect(r.notBilled).toBe(true);
    expect(verdict(r)).toBe("transient");
  });

  it("529: transient (gemini reports it as 503), not billed", () => {
    const r = gemini.parse(apiError("529", 247), makeCtx());
    expect(r.failure?.status).toBe(503);
    expect(r.notBilled).toBe(true);
    expect(verdict(r)).toBe("transient");
  });

  it("an error after a response was billed: not notBilled, its tokens counted", () => {
    const stdout = [
      '{"type":"tool_use","tool_name":"read_file","tool_id":"t1","parameters":{"file_path":"a"}}',
      '{"type":"result","status":"error","error":{"type":"unknown","message":"[API Error: {\\"error\\":{\\"code\\":500}}]"},"stats":{"total_tokens":900,"input_tokens":800,"output_tokens":100,"cached":0}}',
    ].join("\n");
    const r = gemini.parse(makeOutput({ stdout, exitCode: 244 }), makeCtx({}, { prices }));
    expect(r.ok).toBe(false);
    expect(r.notBilled).toBeUndefined();
    expect(r.tokens).toBe(900);
    expect(r.failure?.status).toBe(500);
  });

  it("a response seen with zero tokens counted is still a response: not notBilled", () => {
    const stdout = [
      '{"type":"message","role":"assistant","content":"Working on it"}',
      '{"type":"result","status":"error","error":{"type":"unknown","message":"[API Error: scripted 500]"},"stats":{"total_tokens":0,"input_tokens":0,"output_tokens":0,"cached":0}}',
    ].join("\n");
    const r = gemini.parse(makeOutput({ stdout, exitCode: 244 }), makeCtx());
    expect(r.ok).toBe(false);
    expect(r.notBilled).toBeUndefined();
    expect(r.summary).toBe("Working on it");
  });

  it("an error with stats missing proves nothing: not notBilled (the engine charges the assumed cost)", () => {
    const stdout = '{"type":"result","status":"error","error":{"type":"unknown","message":"boom"}}\n';
    const r = gemini.parse(makeOutput({ stdout, exitCode: 1 }), makeCtx());
    expect(r.ok).toBe(false);
    expect(r.notBilled).toBeUndefined();
    expect(r.tokens).toBeUndefined();
    expect(r.failure?.message).toBe("gemini failed: boom");
  });
});

describe("gemini stream-json: a stream cut short", () => {
  it("no result event: a failure, usage unknown (assumed), never ok", () => {
    const stdout = '{"type":"init","session_id":"s","model":"m"}\n{"type":"tool_use","tool_name":"read_file","tool_id":"t1","parameters":{}}\n';
    const r = gemini.parse(makeOutput({ stdout }), makeCtx());
    expect(r.ok).toBe(false);
    expect(r.failure?.message).toContain("without a result event");
    expect(r.tokens).toBeUndefined();
    expect(r.notBilled).toBeUndefined();
    const killed = gemini.parse(makeOutput({ stdout, exitCode: null, stderr: "" }), makeCtx());
    expect(killed.failure?.message).toContain("killed by a signal");
  });

  it("an error event without a result: the error's message", () => {
    const stdout = '{"type":"init"}\n{"type":"error","severity":"error","message":"Maximum session turns exceeded"}\n';
    const r = gemini.parse(makeOutput({ stdout, exitCode: 53 }), makeCtx());
    expect(r.failure?.message).toBe("gemini failed: Maximum session turns exceeded");
    // A warning is not an error.
    const warning = '{"type":"init"}\n{"type":"error","severity":"warning","message":"slow"}\n{"type":"result","status":"success","stats":{}}\n';
    expect(gemini.parse(makeOutput({ stdout: warning }), makeCtx()).ok).toBe(true);
  });

  it("a timeout keeps what the stream showed", () => {
    const r = gemini.parse(makeOutput({ stdout: fixture("gemini/stream-denied.jsonl"), timedOut: true, exitCode: null }), makeCtx());
    expect(r.ok).toBe(false);
    expect(r.failure?.timedOut).toBe(true);
    expect(r.tokens).toBe(5610);
    expect(r.deniedTools).toHaveLength(1);
    expect(verdict(r)).toBe("transient");
  });
});

describe("readGeminiStream and geminiApiStatus", () => {
  it("is not a stream when no line is an event (the older single JSON object)", () => {
    expect(readGeminiStream(fixture("gemini/success.json"))).toBeUndefined();
    expect(readGeminiStream("")).toBeUndefined();
    expect(readGeminiStream('{"type":"other"}\nnot json\n')).toBeUndefined();
  });

  it("reads the status from the API's JSON first, else the last status line on stderr", () => {
    expect(geminiApiStatus('[API Error: {"error":{"code":401}}]', "status: 500")).toBe(401);
    expect(geminiApiStatus("[API Error: scripted 429]", "  status: 500\n}\n  status: 429\n}")).toBe(429);
    expect(geminiApiStatus("[API Error: quota]", "no status here, code 12345")).toBeUndefined();
    expect(geminiApiStatus('"code": 4010', "status: 4290")).toBeUndefined();
  });
});
