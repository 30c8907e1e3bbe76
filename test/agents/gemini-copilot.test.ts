/** The Gemini CLI and Copilot CLI presets (issue 12), on recorded and documented output. */
import { describe, expect, it } from "vitest";
import { GENERAL_COMMANDS, copilot, copilotGateRules, copilotShellRule, gateWrappers } from "../../src/agents/copilot.js";
import { gemini } from "../../src/agents/gemini.js";
import { getPreset } from "../../src/agents/index.js";
import { AGENT_PRESETS } from "../../src/core/config.js";
import { fixture, makeCtx, makeOutput, verdict } from "./helpers.js";

const gates = [{ name: "npm test", argv: ["npm", "test"], root: "." }];
const HOME = "/tmp/foreman-test/session-1/attempt-1/agent-home";
const prices = { input_per_mtok: 1, output_per_mtok: 10, cached_input_per_mtok: 0.1 };

describe("registry", () => {
  it("knows gemini and copilot", () => {
    expect(AGENT_PRESETS).toContain("gemini");
    expect(AGENT_PRESETS).toContain("copilot");
    expect(getPreset("gemini")).toBe(gemini);
    expect(getPreset("copilot")).toBe(copilot);
  });
});

describe("gemini: invocation", () => {
  const noRetries = { name: "system-settings.json", content: '{\n  "general": {\n    "maxAttempts": 1\n  }\n}\n' };

  it("runs headless with stream-json, --skip-trust, auto_edit, and a policy allowing exactly the gates", () => {
    const inv = gemini.invocation(makeCtx({ gates, agentHome: HOME }));
    expect(inv.argv).toEqual([
      "gemini",
      "--output-format",
      "stream-json",
      "--skip-trust",
      "--approval-mode",
      "auto_edit",
      "--policy",
      `${HOME}/gates-policy.toml`,
    ]);
    expect(inv.stdinFile).toBe("/tmp/foreman-test/session-1/attempt-1/prompt.md");
    expect(inv.files).toEqual([
      {
        name: "gates-policy.toml",
        content: '[[rule]]\ntoolName = "run_shell_command"\ncommandPrefix = "npm test"\ndecision = "allow"\npriority = 100\n',
      },
      noRetries,
    ]);
  });

  it("without gates or provider: no policy, the user's own gemini home kept, its retries turned off in a system settings file", () => {
    const inv = gemini.invocation(makeCtx({ agentHome: HOME }));
    expect(inv.argv).not.toContain("--policy");
    expect(inv.files).toEqual([noRetries]);
    expect(inv.env).toEqual({ GEMINI_CLI_SYSTEM_SETTINGS_PATH: `${HOME}/system-settings.json` });
    expect(inv.env?.["GEMINI_CLI_HOME"]).toBeUndefined();
  });

  it("writes nothing without an agent home", () => {
    const inv = gemini.invocation(makeCtx({ gates }, { provider: { base_url: "http://127.0.0.1:9000", auth_token_env: "GW" } }));
    expect(inv.files).toBeUndefined();
    expect(inv.argv).not.toContain("--policy");
    expect(inv.env).toEqual({ GOOGLE_GEMINI_BASE_URL: "http://127.0.0.1:9000" });
  });

  it("maps the provider: base URL, key, and .gemini/settings.json (API key, no retries) in the agent home named by GEMINI_CLI_HOME", () => {
    const inv = gemini.invocation(
      makeCtx({ agentHome: HOME }, { provider: { base_url: "http://127.0.0.1:9000", auth_token_env: "GW", model: "gemini-x" } }),
    );
    expect(inv.env).toEqual({ GOOGLE_GEMINI_BASE_URL: "http://127.0.0.1:9000", GEMINI_CLI_HOME: HOME });
    expect(inv.envFrom).toEqual({ GEMINI_API_KEY: "GW" });
    expect(inv.files?.map((f) => f.name)).toEqual([".gemini/settings.json"]);
    expect(JSON.parse(inv.files![0]!.content)).toEqual({ security: { auth: { selectedType: "gemini-api-key" } }, general: { maxAttempts: 1 } });
    expect(inv.argv).toContain("gemini-x");
    // A key alone (Google's own endpoint through a gateway key) is a provider too.
    const keyOnly = gemini.invocation(makeCtx({ agentHome: HOME }, { provider: { auth_token_env: "GW" } }));
    expect(keyOnly.env).toEqual({ GEMINI_CLI_HOME: HOME });
    expect(keyOnly.files?.map((f) => f.name)).toEqual([".gemini/settings.json"]);
  });

  it("uses a configured home for its settings; only the retries go in a system settings file", () => {
    const inv = gemini.invocation(makeCtx({ agentHome: HOME }, { provider: { base_url: "http://127.0.0.1:9000", home: "/srv/gemini" } }));
    expect(inv.env).toEqual({
      GOOGLE_GEMINI_BASE_URL: "http://127.0.0.1:9000",
      GEMINI_CLI_HOME: "/srv/gemini",
      GEMINI_CLI_SYSTEM_SETTINGS_PATH: `${HOME}/system-settings.json`,
    });
    expect(inv.files).toEqual([noRetries]);
  });
});

describe("gemini: output", () => {
  it("reads the response, tokens, priced cost and refused tools", () => {
    const r = gemini.parse(makeOutput({ stdout: fixture("gemini/success.json") }), makeCtx({}, { prices }));
    expect(r.ok).toBe(true);
    expect(r.summary).toBe("Fixed the off-by-one in src/range.ts; npm test passes.");
    expect(r.tokens).toBe(25010);
    // (24100 - 4000) * 1 + 4000 * 0.1 + (620 + 290) * 10 = 20100 + 400 + 9100
    expect(r.costUsd).toBeCloseTo(29600 / 1_000_000, 12);
    expect(r.deniedTools).toEqual(["run_shell_command (refused 1×)"]);
  });

  it("leaves the cost unknown without prices", () => {
    const r = gemini.parse(makeOutput({ stdout: fixture("gemini/success.json") }), makeCtx());
    expect(r.costUsd).toBeUndefined();
    expect(r.tokens).toBe(25010);
  });

  it("an API error before any response: transient 429, not billed", () => {
    const r = gemini.parse(makeOutput({ stdout: fixture("gemini/api-error-429.json"), exitCode: 1 }), makeCtx());
    expect(r.ok).toBe(false);
    expect(r.failure?.status).toBe(429);
    expect(verdict(r)).toBe("transient");
    expect(r.notBilled).toBe(true);
  });

  it("fails on no JSON, on a non-zero exit, and on a timeout", () => {
    expect(gemini.parse(makeOutput({ stdout: "" }), makeCtx()).failure?.message).toContain("printed nothing");
    expect(gemini.parse(makeOutput({ stdout: "Loaded cached credentials.\n" }), makeCtx()).failure?.message).toContain("not a JSON object");
    expect(gemini.parse(makeOutput({ stdout: fixture("gemini/success.json"), exitCode: 53 }), makeCtx()).ok).toBe(false);
    const t = gemini.parse(makeOutput({ stdout: "", timedOut: true, exitCode: null }), makeCtx());
    expect(verdict(t)).toBe("transient");
  });
});

describe("gemini: its settings file ignored under a world-writable directory", () => {
  it("says why the auth failed and how to fix it (recorded from gemini 0.61 with the repository under /tmp)", () => {
    const r = gemini.parse(makeOutput({ stdout: "", stderr: fixture("gemini/settings-skipped.stderr"), exitCode: 41 }), makeCtx());
    expect(r.ok).toBe(false);
    expect(r.failure?.message).toContain("gemini ignored Foreman's settings file");
    expect(r.failure?.message).toContain("Parent directory '/tmp' is insecure");
    expect(r.failure?.message).toContain("agent.provider.home");
    expect(r.failure?.message).toContain("general.maxAttempts");
    expect(verdict(r)).toBe("permanent");
    // Without the warning, no hint.
    const plain = gemini.parse(makeOutput({ stdout: "", stderr: "boom", exitCode: 1 }), makeCtx());
    expect(plain.failure?.message).not.toContain("settings file");
  });
});

describe("copilot: invocation", () => {
  it("grants each gate the narrowest rule copilot matches: its command name, or git/gh with the subcommand; once each", () => {
    const g = (...argv: string[]) => ({ name: "g", argv, root: "." });
    expect(copilotShellRule(g("node", "check.mjs"))).toBe("shell(node)");
    expect(copilotShellRule(g("/usr/bin/make", "test"))).toBe("shell(make)");
    expect(copilotShellRule(g("git", "diff", "--check"))).toBe("shell(git diff)");
    expect(copilotShellRule(g("gh", "--version"))).toBe("shell(gh)");
    const inv = copilot.invocation(makeCtx({ gates: [g("make", "a"), g("make", "b"), g("git", "diff"), g("cargo", "test")] }));
    expect(inv.argv.filter((a) => a.startsWith("shell("))).toEqual(["shell(make)", "shell(git diff)", "shell(cargo)"]);
  });

  it("gives no shell rule for a gate run by a general interpreter or launcher (shell(node) would allow any program)", () => {
    const g = (...argv: string[]) => ({ name: "g", argv, root: "." });
    for (const argv of [
      ["node", "check.mjs"],
      ["/usr/bin/python3", "-m", "pytest"],
      ["python3.12", "x.py"],
      ["npx", "vitest"],
      ["npm", "test"],
      ["sh", "-c", "make"],
      ["bash", "t.sh"],
      ["env", "make"],
      [""],
    ]) {
      const inv = copilot.invocation(makeCtx({ gates: [g(...argv)] }));
      expect(
        inv.argv.filter((a) => a.startsWith("shell(")),
        argv.join(" "),
      ).toEqual([]);
    }
    expect(GENERAL_COMMANDS.has("make")).toBe(false);
    expect(copilotGateRules([g("node", "a.mjs"), g("make"), g("python3.11", "t.py"), g("")])).toEqual({
      allowed: ["shell(make)"],
      withheld: ["node", "python3.11", "(empty command)"],
    });
  });

  it("allows writes, and the prompt on stdin; never auto-updates", () => {
    const inv = copilot.invocation(makeCtx({ gates }));
    expect(inv.argv).toEqual(["copilot", "--output-format", "json", "--allow-tool", "write"]);
    expect(inv.argv).not.toContain("--allow-all-tools");
    expect(inv.stdinFile).toBe("/tmp/foreman-test/session-1/attempt-1/prompt.md");
    expect(inv.env).toEqual({ COPILOT_AUTO_UPDATE: "false" });
    expect(inv.reportFile).toBeUndefined();
  });

  it("maps the provider to the BYOK variables and offline mode; a configured home is used as it is", () => {
    const inv = copilot.invocation(
      makeCtx({ agentHome: HOME }, { provider: { base_url: "http://127.0.0.1:9000/v1", auth_token_env: "GW", model: "gpt-x", home: "/srv/cp" } }),
    );
    expect(inv.env).toEqual({
      COPILOT_AUTO_UPDATE: "false",
      COPILOT_PROVIDER_BASE_URL: "http://127.0.0.1:9000/v1",
      COPILOT_OFFLINE: "true",
      COPILOT_MODEL: "gpt-x",
      COPILOT_HOME: "/srv/cp",
    });
    expect(inv.envFrom).toEqual({ COPILOT_PROVIDER_API_KEY: "GW" });
    expect(inv.argv).not.toContain("--session-id");
    expect(inv.reportFile).toBeUndefined();
  });

  it("BYOK without a home: the attempt's agent home as COPILOT_HOME, a named session, its session log read for usage", () => {
    const inv = copilot.invocation(makeCtx({ agentHome: HOME, attempt: 3 }, { provider: { base_url: "http://127.0.0.1:9000/v1" } }));
    expect(inv.env?.["COPILOT_HOME"]).toBe(HOME);
    const id = "00000000-0000-4000-8000-000000000003";
    expect(inv.argv.slice(-2)).toEqual(["--session-id", id]);
    expect(inv.reportFile).toBe(`${HOME}/session-state/${id}/events.jsonl`);
    // No gates: no wrapper, no instructions.
    expect(inv.files).toBeUndefined();
    // No agent home, or no provider (a GitHub login lives in the user's own home): nothing moved.
    expect(copilot.invocation(makeCtx({}, { provider: { base_url: "http://x/v1" } })).reportFile).toBeUndefined();
    const login = copilot.invocation(makeCtx({ agentHome: HOME }));
    expect(login.reportFile).toBeUndefined();
    expect(login.env?.["COPILOT_HOME"]).toBeUndefined();
  });
});

describe("copilot: output", () => {
  it("reads the last message, tokens, priced cost and refused tool calls", () => {
    const r = copilot.parse(makeOutput({ stdout: fixture("copilot/success.jsonl") }), makeCtx({}, { prices }));
    expect(r.ok).toBe(true);
    expect(r.summary).toBe("Fixed the off-by-one in src/range.ts.");
    // 12000 + 300 + 13000 + 150 + 50
    expect(r.tokens).toBe(25500);
    // input 25000 (cached 14000): 11000 * 1 + 14000 * 0.1 + 450 * 10 = 16900
    expect(r.costUsd).toBeCloseTo(16900 / 1_000_000, 12);
    expect(r.deniedTools).toEqual(["shell(rm -rf build) (denied-no-approval-rule-and-could-not-request-from-user)"]);
  });

  it("an unreachable provider (recorded from 1.0.102): transient, not billed, the cause quoted", () => {
    const r = copilot.parse(makeOutput({ stdout: fixture("copilot/unreachable.jsonl"), exitCode: 1 }), makeCtx());
    expect(r.ok).toBe(false);
    expect(r.failure?.message).toContain("Could not connect to local model provider");
    expect(r.failure?.message).toContain("ECONNREFUSED");
    expect(verdict(r)).toBe("transient");
    expect(r.notBilled).toBe(true);
  });

  it("fails without an assistant message, on a non-zero result, and on a timeout", () => {
    expect(copilot.parse(makeOutput({ stdout: "" }), makeCtx()).failure?.message).toContain("printed nothing");
    const noMessage = '{"type":"assistant.turn_end","data":{}}\n';
    expect(copilot.parse(makeOutput({ stdout: noMessage }), makeCtx()).failure?.message).toContain("no assistant message");
    const badExit = fixture("copilot/success.jsonl").replace('"exitCode":0', '"exitCode":2');
    expect(copilot.parse(makeOutput({ stdout: badExit }), makeCtx()).failure?.message).toContain("exit code 2");
    expect(verdict(copilot.parse(makeOutput({ stdout: "", timedOut: true, exitCode: null }), makeCtx()))).toBe("transient");
  });
});

describe("copilot: exact gate wrappers in its own home", () => {
  const g = (name: string, root: string, ...argv: string[]) => ({ name, argv, root });

  it("allows each gate exactly, through an executable wrapper that ignores its arguments, and tells the agent", () => {
    const ctx = makeCtx(
      { agentHome: HOME, gates: [g("check", ".", "node", "check.mjs"), g("check", "pkg", "npm", "test"), g("Unit Tests!", ".", "make", "it's")] },
      { provider: { base_url: "http://127.0.0.1:9000/v1" } },
    );
    const inv = copilot.invocation(ctx);
    expect(inv.argv.filter((a) => a.startsWith("shell("))).toEqual([
      `shell(${HOME}/gates/check)`,
      `shell(${HOME}/gates/check-2)`,
      `shell(${HOME}/gates/unit-tests)`,
    ]);
    expect(inv.argv).not.toContain("shell(node)");
    const files = new Map((inv.files ?? []).map((f) => [f.name, f]));
    expect(files.get("gates/check")).toEqual({
      name: "gates/check",
      content: `#!/bin/sh\n# Foreman: runs exactly the gate "check"; its arguments are ignored.\ncd '/tmp/foreman-test/worktree' || exit 1\nexec 'node' 'check.mjs'\n`,
      executable: true,
    });
    expect(files.get("gates/check-2")?.content).toContain("cd '/tmp/foreman-test/worktree/pkg' || exit 1\nexec 'npm' 'test'\n");
    // A quote in an argument stays one word.
    expect(files.get("gates/unit-tests")?.content).toContain("exec 'make' 'it'\\''s'\n");
    const instructions = files.get("copilot-instructions.md")?.content ?? "";
    expect(instructions).toContain(`- for \`node check.mjs\` (in \`.\`) run \`${HOME}/gates/check\``);
    expect(instructions).toContain(`- for \`npm test\` (in \`pkg\`) run \`${HOME}/gates/check-2\``);
  });

  it("the same gate twice gets one wrapper; a gate without a command gets none", () => {
    const r = gateWrappers([g("a", ".", "make"), g("b", ".", "make"), g("c", ".")], "/w", "/h");
    expect(r.rules).toEqual(["shell(/h/gates/a)"]);
    expect(r.files.map((f) => f.name)).toEqual(["gates/a", "copilot-instructions.md"]);
    expect(gateWrappers([], "/w", "/h")).toEqual({ files: [], rules: [] });
    expect(gateWrappers([g("---", ".", "make")], "/w", "/h").rules).toEqual(["shell(/h/gates/gate)"]);
  });
});
