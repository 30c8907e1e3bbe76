/** The configuration file of local mode: `.github/foreman.yml` (or `--config FILE`), read and validated. */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseConfig, type AgentPreset, type Config } from "../core/config.js";
import { ConfigError } from "../core/errors.js";
import { errnoCode, errorMessage } from "./error-details.js";

export interface LoadedConfig {
  config: Config;
  /** The file's content as parsed YAML (kept beside a session so a resume uses the same). */
  raw: unknown;
  /** The file read, or `(defaults)`. */
  source: string;
}

let yamlModule: Promise<typeof import("yaml")> | undefined;

/**
 * The YAML parser (a large module), loaded the first time it is asked for: commands that read no
 * configuration file never load it, and `foreman run` asks early, so that it loads while git runs.
 */
export function loadYaml(): Promise<typeof import("yaml")> {
  yamlModule ??= import("yaml");
  return yamlModule;
}

/** Reads and validates a configuration file; every problem becomes a ConfigError naming the file. */
export async function loadConfig(file: string | undefined, repoRoot: string): Promise<LoadedConfig> {
  const candidates = file ? [path.resolve(file)] : [path.join(repoRoot, ".github", "foreman.yml"), path.join(repoRoot, ".github", "foreman.yaml")];
  for (const candidate of candidates) {
    let text: string;
    try {
      text = await readFile(candidate, "utf8");
    } catch (e) {
      if (file === undefined && errnoCode(e) === "ENOENT") continue;
      throw new ConfigError([{ path: "(file)", message: `cannot read ${candidate}: ${errorMessage(e)}` }]);
    }
    const { parse: parseYaml, YAMLParseError } = await loadYaml();
    let raw: unknown;
    try {
      raw = parseYaml(text);
    } catch (e) {
      const where = e instanceof YAMLParseError && e.linePos ? ` at line ${e.linePos[0].line}` : "";
      throw new ConfigError([{ path: "(file)", message: `${candidate} is not valid YAML${where}: ${errorMessage(e).split("\n")[0]}` }]);
    }
    try {
      return { config: parseConfig(raw), raw: raw ?? {}, source: candidate };
    } catch (e) {
      if (e instanceof ConfigError) {
        throw new ConfigError(e.problems.map((p) => ({ ...p, path: `${path.relative(repoRoot, candidate) || candidate}: ${p.path}` })));
      }
      throw e;
    }
  }
  return { config: parseConfig({}), raw: {}, source: "(defaults)" };
}

/** The raw configuration with `--agent` / `--agent-command` applied to its `agent` block (unchanged when neither is given). */
export function withAgent(raw: unknown, agent: AgentPreset | undefined, agentCommand: string | undefined): unknown {
  if (agent === undefined && agentCommand === undefined) return raw;
  const base = isRecord(raw) ? raw : {};
  const block = isRecord(base["agent"]) ? base["agent"] : {};
  return {
    ...base,
    agent: {
      ...block,
      preset: agentCommand !== undefined ? "custom" : agent,
      ...(agentCommand === undefined ? {} : { command: agentCommand }),
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
