/**
 * How each pinned CLI is pointed at the scripted model server through Foreman: every preset
 * through its documented `agent.provider` mapping (base URL, key variable, model), the host
 * variables the run needs, and the prices that turn tokens into cost, so a test can compute
 * the exact cost from what the server served. (The CLIs alone: alone-setup.ts.)
 */
import type { PinnedCli } from "./cli-cache.js";

export const TEST_KEY = "sk-scripted-test-key";

export interface ProviderSetup {
  /** Host variables (the scrubbed environment lets through the preset's names and `agentEnv`). */
  env: Record<string, string>;
  /** `agent.env`: extra names the agent may see. */
  agentEnv: string[];
  /** `agent.args`. */
  args: string[];
  /** USD per million tokens the CLI prices the served model at (undefined: the CLI reports no cost). */
  price?: { input: number; output: number };
  /** `agent.prices` for presets that read tokens but not cost. */
  prices?: { input_per_mtok: number; output_per_mtok: number };
  /** `agent.provider`, for presets pointed at the server through Foreman's configuration. */
  provider?: { base_url?: string; auth_token_env?: string; home?: string; model?: string };
  /**
   * False when Foreman cannot read the CLI's token usage: it then counts the assumed cost.
   */
  reportsUsage?: false;
  /**
   * True when the CLI runs the gate through a wrapper the preset wrote (Copilot CLI: its rules
   * match a command's name only, so the exact rule is `shell(<agent home>/gates/check)`, and its
   * instructions name the wrapper; the scripted model follows them).
   */
  gateWrapper?: true;
  /** Foreman's `sandbox` setting the CLI is proven with (default `off`). */
  sandbox?: "off" | "auto" | "required";
}

/** What a `foreman run` of this CLI needs to reach the server at `url`: host variables, `agent` settings, prices. */
export function providerSetup(cli: PinnedCli, url: string): ProviderSetup {
  switch (cli.preset) {
    case "pi":
      // Pi reads its base URL only from models.json in its agent directory: with
      // agent.provider.base_url the preset writes it (and settings.json, its own retries off)
      // into the attempt's agent home.
      return {
        env: { ANTHROPIC_API_KEY: TEST_KEY },
        agentEnv: [],
        args: ["--provider", "anthropic"],
        provider: { base_url: url, model: "claude-sonnet-4-5" },
        price: { input: 3, output: 15 },
      };
    case "claude":
      return {
        env: { ANTHROPIC_BASE_URL: url, ANTHROPIC_API_KEY: TEST_KEY, DISABLE_TELEMETRY: "1", CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1" },
        agentEnv: ["ANTHROPIC_BASE_URL", "DISABLE_TELEMETRY", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"],
        args: ["--model", "claude-sonnet-4-5"],
        price: { input: 3, output: 15 },
      };
    case "codex":
      // Codex ignores OPENAI_BASE_URL: the preset gives agent.provider as a provider with -c pairs
      // (its own retries off). Codex's own bubblewrap sandbox fails here (HOME under TMPDIR):
      // inside Foreman's sandbox the preset bypasses it; without it, see "codex sandbox off".
      return {
        env: { OPENAI_API_KEY: TEST_KEY },
        agentEnv: [],
        args: [],
        provider: { base_url: `${url}/v1`, model: "gpt-5" },
        prices: { input_per_mtok: 1, output_per_mtok: 10 },
        price: { input: 1, output: 10 },
        sandbox: "required",
      };
    case "gemini":
      // agent.provider: base_url → GOOGLE_GEMINI_BASE_URL, the key → GEMINI_API_KEY, and the
      // preset's .gemini/settings.json in the agent home (GEMINI_CLI_HOME) selects API-key auth
      // and turns gemini's own retries off. Gemini reports tokens: priced from agent.prices.
      // The run stays under the shared /tmp: gemini reads a GEMINI_CLI_HOME settings file there.
      return {
        env: { SCRIPTED_GEMINI_KEY: TEST_KEY },
        agentEnv: [],
        args: [],
        provider: { base_url: url, auth_token_env: "SCRIPTED_GEMINI_KEY", model: "gemini-2.5-pro" },
        prices: { input_per_mtok: 1, output_per_mtok: 10 },
        price: { input: 1, output: 10 },
      };
    case "copilot":
      // agent.provider: base_url → COPILOT_PROVIDER_BASE_URL (+ COPILOT_OFFLINE), the key →
      // COPILOT_PROVIDER_API_KEY, model → COPILOT_MODEL. Its usage is read from its session log in
      // the attempt's agent home (1.0.102 prints none offline): priced from agent.prices.
      return {
        env: { SCRIPTED_COPILOT_KEY: TEST_KEY },
        agentEnv: [],
        args: [],
        provider: { base_url: `${url}/v1`, auth_token_env: "SCRIPTED_COPILOT_KEY", model: "gpt-4.1" },
        prices: { input_per_mtok: 1, output_per_mtok: 10 },
        price: { input: 1, output: 10 },
        gateWrapper: true,
      };
  }
}
