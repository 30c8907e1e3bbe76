/**
 * The copilot preset on output recorded from Copilot CLI 1.0.102 offline (BYOK) against the
 * scripted model server, with its session log (`<COPILOT_HOME>/session-state/<id>/events.jsonl`):
 * `test/agents/fixtures/copilot/byok-*`.
 */
import { describe, expect, it } from "vitest";
import { copilot } from "../../src/agents/copilot.js";
import { fixture, makeCtx, makeOutput, verdict } from "./helpers.js";

const prices = { input_per_mtok: 1, output_per_mtok: 10 };
const nodeGate = [{ name: "check", argv: ["node", "check.mjs"], root: "." }];

describe("copilot offline: usage from its session log", () => {
  it("stdout alone has no usage: tokens and cost unknown (the engine charges the assumed cost)", () => {
    const r = copilot.parse(makeOutput({ stdout: fixture("copilot/byok-success.jsonl") }), makeCtx({}, { prices }));
    expect(r.ok).toBe(true);
    expect(r.summary).toBe("done");
    expect(r.tokens).toBeUndefined();
    expect(r.costUsd).toBeUndefined();
  });

  it("reads every session.usage_record of the log: tokens and priced cost exactly as served", () => {
    const output = makeOutput({ stdout: fixture("copilot/byok-success.jsonl"), reportFileText: fixture("copilot/byok-success.events.jsonl") });
    const r = copilot.parse(output, makeCtx({}, { prices }));
    expect(r.ok).toBe(true);
    // Served: 800+20, 1000+100, 2400+40, 1200+50.
    expect(r.tokens).toBe(5400 + 210);
    expect(r.costUsd).toBeCloseTo((5400 * 1 + 210 * 10) / 1e6, 12);
  });

  it("usage on stdout wins; the log is not added to it", () => {
    const stdout = `${fixture("copilot/byok-success.jsonl")}\n{"type":"assistant.usage","data":{"inputTokens":10,"outputTokens":1}}\n`;
    const r = copilot.parse(makeOutput({ stdout, reportFileText: fixture("copilot/byok-success.events.jsonl") }), makeCtx());
    expect(r.tokens).toBe(11);
  });

  it("a log that is missing, empty or not JSON changes nothing", () => {
    for (const reportFileText of [null, "", 'garbage\n{"type":"session.usage_record","data":{"usage":"x"}}\n']) {
      const r = copilot.parse(makeOutput({ stdout: fixture("copilot/byok-success.jsonl"), reportFileText }), makeCtx({}, { prices }));
      expect(r.tokens, String(reportFileText)).toBeUndefined();
    }
  });
});

describe("copilot offline: 429 after its own retries", () => {
  it("transient with the API's status, not billed (no usage record in the log, no answer)", () => {
    const output = makeOutput({ stdout: fixture("copilot/byok-429.jsonl"), reportFileText: fixture("copilot/byok-429.events.jsonl"), exitCode: 1 });
    const r = copilot.parse(output, makeCtx({}, { prices }));
    expect(r.ok).toBe(false);
    expect(r.failure?.status).toBe(429);
    expect(r.failure?.message).toContain("Rate limit reached");
    expect(r.notBilled).toBe(true);
    expect(r.tokens).toBeUndefined();
    expect(verdict(r)).toBe("transient");
  });
});

describe("copilot: a gate it was given no rule for", () => {
  it("records the refused call from stdout's tool.execution_complete, once, and says why Foreman gave no rule", () => {
    const r = copilot.parse(makeOutput({ stdout: fixture("copilot/byok-denied.jsonl") }), makeCtx({ gates: nodeGate }));
    expect(r.ok).toBe(true);
    expect(r.deniedTools).toHaveLength(1);
    expect(r.deniedTools?.[0]).toMatch(/^bash\(node check\.mjs\) \(denied\) — Foreman gives Copilot no shell rule for gates run by "node"/);
  });

  it("in its own home (gates wrapped) a refused gate command line carries no withheld note", () => {
    const ctx = makeCtx({ gates: nodeGate, agentHome: "/h" }, { provider: { base_url: "http://127.0.0.1:9/v1" } });
    expect(copilot.parse(makeOutput({ stdout: fixture("copilot/byok-denied.jsonl") }), ctx).deniedTools).toEqual(["bash(node check.mjs) (denied)"]);
  });

  it("a refusal of a command that is not a withheld gate carries no note", () => {
    const r = copilot.parse(makeOutput({ stdout: fixture("copilot/byok-denied.jsonl") }), makeCtx());
    expect(r.deniedTools).toEqual(["bash(node check.mjs) (denied)"]);
  });

  it("the same call reported by permission.completed and tool.execution_complete counts once", () => {
    const stdout = [
      '{"type":"permission.requested","data":{"requestId":"r1","permissionRequest":{"kind":"shell","fullCommandText":"node check.mjs"}}}',
      '{"type":"permission.completed","data":{"requestId":"r1","toolCallId":"c1","result":{"kind":"denied-by-rules"}}}',
      '{"type":"tool.execution_start","data":{"toolCallId":"c1","toolName":"bash","arguments":{"command":"node check.mjs"}}}',
      '{"type":"tool.execution_complete","data":{"toolCallId":"c1","success":false,"error":{"code":"denied"}}}',
      '{"type":"tool.execution_complete","data":{"toolCallId":"c2","success":false,"error":{"code":"failure"}}}',
      '{"type":"assistant.message","data":{"content":"ok"}}',
    ].join("\n");
    const r = copilot.parse(makeOutput({ stdout }), makeCtx({ gates: nodeGate }));
    expect(r.deniedTools).toHaveLength(1);
    expect(r.deniedTools?.[0]).toMatch(/^shell\(node check\.mjs\) \(denied-by-rules\) — Foreman gives/);
  });
});
