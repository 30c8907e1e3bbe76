/**
 * How each pinned CLI is pointed at the scripted model server when it runs alone, without
 * Foreman (TOOLCHAIN.md's table): the files it reads in its home and the variables and
 * arguments it needs. Through Foreman the presets do this from `agent.provider` (providers.ts).
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { PinnedCli } from "./cli-cache.js";
import { TEST_KEY } from "./providers.js";

export interface AloneSetup {
  /** The CLI's variables. */
  env: Record<string, string>;
  /** Arguments after the headless command line. */
  args: string[];
}

/** Writes the CLI's provider files into `home` and returns what the run needs. */
export async function aloneSetup(cli: PinnedCli, url: string, home: string): Promise<AloneSetup> {
  switch (cli.preset) {
    case "pi": {
      // Pi reads its base URL only from ~/.pi/agent/models.json.
      await mkdir(path.join(home, ".pi", "agent"), { recursive: true });
      await writeFile(path.join(home, ".pi", "agent", "models.json"), JSON.stringify({ providers: { anthropic: { baseUrl: url } } }));
      // Pi retries a failed request itself (3 agent-level retries from 2 s, each over the SDK's
      // own 2 retries): about 25 s per attempt before Foreman sees the error. Foreman backs off
      // between attempts itself, so its own retries are off; the preset cannot set this (only
      // ~/.pi/agent/settings.json can), so whoever configures the provider writes it too.
      await writeFile(path.join(home, ".pi", "agent", "settings.json"), JSON.stringify({ retry: { enabled: false, provider: { maxRetries: 0 } } }));
      return {
        env: { ANTHROPIC_API_KEY: TEST_KEY },
        args: ["--provider", "anthropic", "--model", "claude-sonnet-4-5"],
      };
    }
    case "claude":
      return {
        env: { ANTHROPIC_BASE_URL: url, ANTHROPIC_API_KEY: TEST_KEY, DISABLE_TELEMETRY: "1", CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1" },
        args: ["--model", "claude-sonnet-4-5"],
      };
    case "codex": {
      // Codex ignores OPENAI_BASE_URL: a provider in $CODEX_HOME/config.toml (default ~/.codex).
      await mkdir(path.join(home, ".codex"), { recursive: true });
      const toml = [
        'model = "gpt-5"',
        'model_provider = "scripted"',
        "[model_providers.scripted]",
        'name = "scripted"',
        `base_url = "${url}/v1"`,
        'env_key = "OPENAI_API_KEY"',
        'wire_api = "responses"',
        "request_max_retries = 1",
        "stream_max_retries = 1",
        "",
      ].join("\n");
      await writeFile(path.join(home, ".codex", "config.toml"), toml);
      return {
        env: { OPENAI_API_KEY: TEST_KEY },
        args: [],
      };
    }
    case "gemini": {
      await mkdir(path.join(home, ".gemini"), { recursive: true });
      await writeFile(path.join(home, ".gemini", "settings.json"), JSON.stringify({ security: { auth: { selectedType: "gemini-api-key" } } }));
      return {
        env: { GOOGLE_GEMINI_BASE_URL: url, GEMINI_API_KEY: TEST_KEY },
        args: ["--model", "gemini-2.5-pro"],
      };
    }
    case "copilot":
      return {
        env: { COPILOT_PROVIDER_BASE_URL: `${url}/v1`, COPILOT_PROVIDER_API_KEY: TEST_KEY, COPILOT_MODEL: "gpt-4.1", COPILOT_OFFLINE: "true" },
        args: [],
      };
  }
}
