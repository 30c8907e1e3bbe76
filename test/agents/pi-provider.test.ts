/** Pi preset, issue 12: a base URL only through models.json, written into Foreman's agent home. */
import { describe, expect, it } from "vitest";
import { NO_PI_RETRIES, pi } from "../../src/agents/pi.js";
import { makeCtx } from "./helpers.js";

const HOME = "/tmp/foreman-test/session-1/attempt-1/agent-home";

describe("pi: provider settings", () => {
  it("writes models.json overriding the anthropic provider's base URL, with the key named, in a Foreman-owned PI_CODING_AGENT_DIR", () => {
    const inv = pi.invocation(makeCtx({ agentHome: HOME }, { provider: { base_url: "http://127.0.0.1:8787", auth_token_env: "GW_KEY" } }));
    expect(inv.env).toEqual({ PI_CODING_AGENT_DIR: HOME });
    expect(inv.envFrom).toEqual({ GW_KEY: "GW_KEY" });
    expect(inv.files).toEqual([
      {
        name: "models.json",
        content: `${JSON.stringify({ providers: { anthropic: { baseUrl: "http://127.0.0.1:8787", apiKey: "GW_KEY" } } }, null, 2)}\n`,
      },
      NO_PI_RETRIES,
    ]);
    // Pi's own retries are off there: Foreman backs off between attempts itself.
    expect(JSON.parse(NO_PI_RETRIES.content)).toEqual({ retry: { enabled: false, provider: { maxRetries: 0 } } });
  });

  it("overrides the provider chosen with --provider in agent.args", () => {
    for (const args of [["--provider", "openai"], ["--provider=openai"]]) {
      const inv = pi.invocation(makeCtx({ agentHome: HOME }, { args, provider: { base_url: "http://127.0.0.1:8787/v1" } }));
      expect(JSON.parse(inv.files![0]!.content)).toEqual({ providers: { openai: { baseUrl: "http://127.0.0.1:8787/v1" } } });
      expect(inv.envFrom).toBeUndefined();
    }
  });

  it("uses a configured home as is, writing nothing", () => {
    const inv = pi.invocation(makeCtx({ agentHome: HOME }, { provider: { base_url: "http://x.example", home: "/srv/pi", auth_token_env: "K" } }));
    expect(inv.env).toEqual({ PI_CODING_AGENT_DIR: "/srv/pi" });
    expect(inv.envFrom).toEqual({ K: "K" });
    expect(inv.files).toBeUndefined();
  });

  it("passes nothing without a base URL; --model from the provider block", () => {
    const inv = pi.invocation(makeCtx({ agentHome: HOME }, { provider: { auth_token_env: "K", model: "claude-x" } }));
    expect(inv.env).toBeUndefined();
    expect(inv.envFrom).toBeUndefined();
    expect(inv.files).toBeUndefined();
    expect(inv.argv).toEqual(["pi", "--print", "--mode", "json", "--no-session", "--model", "claude-x"]);
  });
});
