/** Codex preset, issue 12: provider through -c pairs, sandbox failure, high demand, not billed, stalls. */
import { describe, expect, it } from "vitest";
import { CODEX_PROVIDER_ID, codex } from "../../src/agents/codex.js";
import { fixture, makeCtx, makeOutput, verdict } from "./helpers.js";

const prices = { input_per_mtok: 1, output_per_mtok: 10 };

describe("codex: provider settings", () => {
  it("gives base_url as a provider with -c pairs (0.171 ignores OPENAI_BASE_URL), its key passed through by name", () => {
    const inv = codex.invocation(makeCtx({}, { provider: { base_url: "http://127.0.0.1:8080/v1", auth_token_env: "GW_KEY", model: "gpt-x" } }));
    expect(CODEX_PROVIDER_ID).toBe("foreman");
    expect(inv.argv).toEqual([
      "codex",
      "exec",
      "--json",
      "--sandbox",
      "workspace-write",
      "-c",
      'model_provider="foreman"',
      "-c",
      'model_providers.foreman.name="foreman"',
      "-c",
      'model_providers.foreman.base_url="http://127.0.0.1:8080/v1"',
      "-c",
      'model_providers.foreman.env_key="GW_KEY"',
      "-c",
      'model_providers.foreman.wire_api="responses"',
      "-c",
      "model_providers.foreman.request_max_retries=0",
      "-c",
      "model_providers.foreman.stream_max_retries=0",
      "--model",
      "gpt-x",
      "-",
    ]);
    expect(inv.envFrom).toEqual({ GW_KEY: "GW_KEY" });
  });

  it("uses OPENAI_API_KEY as the provider's key when none is named", () => {
    const inv = codex.invocation(makeCtx({}, { provider: { base_url: "https://gw.example.com/v1" } }));
    expect(inv.argv).toContain('model_providers.foreman.env_key="OPENAI_API_KEY"');
    expect(inv.envFrom).toEqual({ OPENAI_API_KEY: "OPENAI_API_KEY" });
  });

  it("without base_url: the token goes to OPENAI_API_KEY, home to CODEX_HOME, no -c", () => {
    const inv = codex.invocation(makeCtx({}, { provider: { auth_token_env: "GW_KEY", home: "/srv/codex" } }));
    expect(inv.argv).toEqual(["codex", "exec", "--json", "--sandbox", "workspace-write", "-"]);
    expect(inv.envFrom).toEqual({ OPENAI_API_KEY: "GW_KEY" });
    expect(inv.env).toEqual({ CODEX_HOME: "/srv/codex" });
  });

  it("inside Foreman's sandbox, bypasses codex's own (redundant there, and its bubblewrap cannot start inside)", () => {
    const inv = codex.invocation(
      makeCtx({ sandboxed: true, agentHome: "/tmp/foreman-test/session-1/attempt-1/agent-home" }, { args: ["--model", "gpt-5"] }),
    );
    expect(inv.argv).toEqual(["codex", "exec", "--json", "--dangerously-bypass-approvals-and-sandbox", "--model", "gpt-5", "-"]);
    expect(inv.argv).not.toContain("workspace-write");
    // HOME is read-only in Foreman's sandbox: codex's home is the attempt's agent home, which exists.
    expect(inv.env).toEqual({ CODEX_HOME: "/tmp/foreman-test/session-1/attempt-1/agent-home" });
    expect(inv.files?.map((f) => f.name)).toEqual(["README.txt"]);
  });

  it("inside Foreman's sandbox, a configured home stays codex's home", () => {
    const inv = codex.invocation(makeCtx({ sandboxed: true }, { provider: { home: "/srv/codex" } }));
    expect(inv.env).toEqual({ CODEX_HOME: "/srv/codex" });
    expect(inv.files).toBeUndefined();
  });

  it("without Foreman's sandbox, keeps codex's own workspace-write sandbox", () => {
    const inv = codex.invocation(makeCtx({ sandboxed: false }));
    expect(inv.argv).toEqual(["codex", "exec", "--json", "--sandbox", "workspace-write", "-"]);
  });

  it("never passes --full-auto (0.171 rejects it)", () => {
    expect(codex.invocation(makeCtx()).argv).not.toContain("--full-auto");
  });
});

describe("codex: its own sandbox failing is a failure, not an empty-diff success", () => {
  it("fails with a message that names bwrap and the fix, although codex exited 0", () => {
    const r = codex.parse(makeOutput({ stdout: fixture("codex/sandbox-failed.jsonl") }), makeCtx({}, { prices }));
    expect(r.ok).toBe(false);
    expect(r.failure?.message).toContain("bwrap: execvp codex-linux-sandbox");
    expect(r.failure?.message).toContain("danger-full-access");
    expect(r.failure?.message).toContain("sandbox: auto or required");
    expect(verdict(r)).toBe("permanent");
    expect(r.tokens).toBe(9208);
  });

  it("reads the sandbox failure from stderr too", () => {
    const stdout = fixture("codex/success.jsonl").replace(/"exit_code":0/g, '"exit_code":1');
    const r = codex.parse(makeOutput({ stdout, stderr: "bwrap: Can't create file at /tmp/x: Permission denied" }), makeCtx());
    expect(r.ok).toBe(false);
  });

  it("codex 0.171 without its sandbox helper (PATH aliases refused under the temp dir) fails, with cost read, though --json shows no command", () => {
    // Recorded from codex 0.171 with --sandbox workspace-write and CODEX_HOME under /tmp.
    const output = makeOutput({ stdout: fixture("codex/no-sandbox-helper.jsonl"), stderr: fixture("codex/no-sandbox-helper.stderr") });
    const r = codex.parse(output, makeCtx({}, { prices }));
    expect(r.ok).toBe(false);
    expect(r.failure?.message).toContain("codex's own sandbox could not run commands");
    expect(r.failure?.message).toContain("could not create PATH aliases");
    expect(r.tokens).toBe(3170);
    expect(verdict(r)).toBe("permanent");
    // Inside Foreman's sandbox codex's own is bypassed: the same warning is harmless there.
    expect(codex.parse(output, makeCtx({ sandboxed: true }, { prices })).ok).toBe(true);
  });

  it("keeps a run where some command worked", () => {
    const ok = codex.parse(makeOutput({ stdout: fixture("codex/success.jsonl"), stderr: "bwrap: warning" }), makeCtx());
    expect(ok.ok).toBe(true);
  });
});

describe("codex: failures before any response", () => {
  it("reads HTTP 500 'high demand' as transient and as not billed", () => {
    const r = codex.parse(makeOutput({ stdout: fixture("codex/high-demand-500.jsonl"), exitCode: 1 }), makeCtx({}, { prices }));
    expect(r.ok).toBe(false);
    expect(verdict(r)).toBe("transient");
    expect(r.notBilled).toBe(true);
    expect(r.costUsd).toBeUndefined();
  });

  it("marks a rate limit before any item as not billed, but not a failure after the model answered", () => {
    expect(codex.parse(makeOutput({ stdout: fixture("codex/rate-limited.jsonl"), exitCode: 1 }), makeCtx()).notBilled).toBe(true);
    expect(codex.parse(makeOutput({ stdout: fixture("codex/turn-failed.jsonl"), exitCode: 1 }), makeCtx()).notBilled).toBeUndefined();
    expect(codex.parse(makeOutput({ stdout: "", exitCode: 1 }), makeCtx()).notBilled).toBeUndefined();
  });

  it("a warning codex reports as an error item (0.171, before any request) does not count as a model response", () => {
    // Recorded from codex 0.171 against the scripted server answering 429.
    const r = codex.parse(makeOutput({ stdout: fixture("codex/warning-then-429.jsonl"), exitCode: 1 }), makeCtx({}, { prices }));
    expect(r.notBilled).toBe(true);
    expect(r.failure?.status).toBe(429);
    expect(verdict(r)).toBe("transient");
  });

  it("an endless 'Reconnecting…' stopped by the idle limit is transient, not billed, and says it was reconnecting", () => {
    const r = codex.parse(makeOutput({ stdout: fixture("codex/reconnecting-forever.jsonl"), exitCode: null, timedOut: true }), makeCtx());
    expect(r.ok).toBe(false);
    expect(verdict(r)).toBe("transient");
    expect(r.notBilled).toBe(true);
    expect(r.failure?.message).toContain("Reconnecting... 2/5");
  });

  it("reads the unicode ellipsis as a reconnect notice too", () => {
    const stdout =
      '{"type":"turn.started"}\n{"type":"error","message":"Reconnecting… 1/5 (x)"}\n{"type":"turn.completed","usage":{"input_tokens":1,"output_tokens":1}}\n';
    expect(codex.parse(makeOutput({ stdout }), makeCtx()).ok).toBe(true);
  });
});
