/**
 * How each pinned CLI is pointed at the scripted model server (TOOLCHAIN.md's table): the
 * files it reads in its home, the variables and arguments it needs, and the prices it uses to
 * turn tokens into cost, so a test can compute the exact cost from what the server served.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
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
  /** Foreman's `sandbox` setting the CLI is proven with (default `off`). */
  sandbox?: "off" | "auto" | "required";
}

/** Writes the CLI's provider files into `home` and returns what the run needs. */
export async function providerSetup(cli: PinnedCli, url: string, home: string): Promise<ProviderSetup> {
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
    case "gemini": {
      await mkdir(path.join(home, ".gemini"), { recursive: true });
      await writeFile(path.join(home, ".gemini", "settings.json"), JSON.stringify({ security: { auth: { selectedType: "gemini-api-key" } } }));
      return {
        env: { GOOGLE_GEMINI_BASE_URL: url, GEMINI_API_KEY: TEST_KEY },
        agentEnv: ["GOOGLE_GEMINI_BASE_URL"],
        args: ["--model", "gemini-2.5-pro"],
      };
    }
    case "copilot":
      return {
        env: { COPILOT_PROVIDER_BASE_URL: `${url}/v1`, COPILOT_PROVIDER_API_KEY: TEST_KEY, COPILOT_MODEL: "gpt-4.1", COPILOT_OFFLINE: "true" },
        agentEnv: ["COPILOT_PROVIDER_BASE_URL", "COPILOT_PROVIDER_API_KEY", "COPILOT_MODEL", "COPILOT_OFFLINE"],
        args: [],
      };
  }
}
