/** Claude preset, issue 12: gate permissions, refused tool calls, provider settings, API error messages. */
import { describe, expect, it } from "vitest";
import { claude } from "../../src/agents/claude.js";
import { fixture, makeCtx, makeOutput, verdict } from "./helpers.js";

const gates = [
  { name: "npm test", argv: ["npm", "test"], root: "." },
  { name: "check", argv: ["node", "check.mjs"], root: "pkg" },
  { name: "dup", argv: ["npm", "test"], root: "other" },
];

describe("claude: the agent may run exactly the planned gates", () => {
  it("adds one --allowedTools Bash(<gate>) per distinct gate command, before agent.args", () => {
    const inv = claude.invocation(makeCtx({ gates }, { args: ["--model", "sonnet"] }));
    expect(inv.argv).toEqual([
      "claude",
      "-p",
      "--output-format",
      "json",
      "--permission-mode",
      "acceptEdits",
      "--allowedTools",
      "Bash(npm test)",
      "--allowedTools",
      "Bash(node check.mjs)",
      "--model",
      "sonnet",
    ]);
  });

  it("grants nothing when no gate is planned", () => {
    expect(claude.invocation(makeCtx()).argv).not.toContain("--allowedTools");
    expect(claude.invocation(makeCtx({ gates: [] })).argv).not.toContain("--allowedTools");
  });
});

describe("claude: refused tool calls are recorded", () => {
  it("reads permission_denials as Tool(input); the run itself still succeeds", () => {
    const r = claude.parse(makeOutput({ stdout: fixture("claude/permission-denied.json") }), makeCtx());
    expect(r.ok).toBe(true);
    expect(r.deniedTools).toEqual(["Bash(npm test)", "Write(/etc/hosts)", 'WebFetch({"url":"https://example.com"})']);
    expect(r.costUsd).toBe(0.04211);
  });

  it("records nothing for an empty or malformed list", () => {
    expect(claude.parse(makeOutput({ stdout: fixture("claude/success.json") }), makeCtx()).deniedTools).toBeUndefined();
    const odd = JSON.stringify({
      type: "result",
      subtype: "success",
      is_error: false,
      result: "ok",
      permission_denials: [1, { tool_input: {} }, { tool_name: "Bash" }],
    });
    expect(claude.parse(makeOutput({ stdout: odd }), makeCtx()).deniedTools).toEqual(["Bash()"]);
    const notList = JSON.stringify({ type: "result", subtype: "success", is_error: false, result: "ok", permission_denials: "none" });
    expect(claude.parse(makeOutput({ stdout: notList }), makeCtx())).toMatchObject({ ok: true, summary: "ok" });
  });

  it("keeps the denials on a failed run too", () => {
    const failed = JSON.stringify({
      type: "result",
      subtype: "error_max_turns",
      is_error: true,
      permission_denials: [{ tool_name: "Bash", tool_input: { command: "cargo test" } }],
    });
    const r = claude.parse(makeOutput({ stdout: failed, exitCode: 1 }), makeCtx());
    expect(r.ok).toBe(false);
    expect(r.deniedTools).toEqual(["Bash(cargo test)"]);
  });
});

describe("claude: API errors say what happened, never '(success, is_error)'", () => {
  it("names the HTTP status and quotes the API's message", () => {
    const r = claude.parse(makeOutput({ stdout: fixture("claude/api-overloaded.json"), exitCode: 1 }), makeCtx());
    expect(r.failure?.message).toMatch(/^claude reported an API error \(HTTP 529\): API Error: 529 .*overloaded_error/);
    expect(r.failure?.message).not.toContain("success");
    expect(verdict(r)).toBe("transient");
  });

  it("says how to log in when the CLI is not logged in (permanent)", () => {
    const r = claude.parse(makeOutput({ stdout: fixture("claude/not-logged-in.json"), exitCode: 1 }), makeCtx());
    expect(r.failure?.message).toContain("claude reported an error: Not logged in");
    expect(r.failure?.message).toContain("agent.provider.auth_token_env");
    expect(verdict(r)).toBe("permanent");
    expect(r.costUsd).toBe(0);
  });

  it("keeps the subtype when it is not success", () => {
    const r = claude.parse(makeOutput({ stdout: fixture("claude/error-max-turns.json"), exitCode: 1 }), makeCtx());
    expect(r.failure?.message).toMatch(/^claude run failed \(error_max_turns\)/);
  });
});

describe("claude: provider settings pass through only when configured", () => {
  it("maps base_url, auth_token_env, home and model", () => {
    const inv = claude.invocation(
      makeCtx({}, { provider: { base_url: "http://127.0.0.1:8787", auth_token_env: "GATEWAY_TOKEN", home: "/srv/claude", model: "claude-x" } }),
    );
    expect(inv.env).toEqual({
      CLAUDE_CODE_MAX_RETRIES: "0",
      ANTHROPIC_BASE_URL: "http://127.0.0.1:8787",
      CLAUDE_CONFIG_DIR: "/srv/claude",
      ANTHROPIC_MODEL: "claude-x",
    });
    expect(inv.envFrom).toEqual({ ANTHROPIC_AUTH_TOKEN: "GATEWAY_TOKEN" });
    expect(claude.envAllowlist).not.toContain("ANTHROPIC_AUTH_TOKEN");
  });

  it("adds nothing without a provider block (only the CLI's own retries turned off)", () => {
    const inv = claude.invocation(makeCtx());
    expect(inv.env).toEqual({ CLAUDE_CODE_MAX_RETRIES: "0" });
    expect(inv.envFrom).toBeUndefined();
    expect(inv.files).toBeUndefined();
  });
});
