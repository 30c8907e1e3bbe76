/**
 * Where the pinned agent CLIs live: one cache directory per package and version
 * (`$FOREMAN_AGENT_CACHE` or `/tmp/agent-cli-cache`, then `<package>@<version>`), installed with
 * `npm install --prefix <dir> --no-save`, never into the project's dependencies. The versions
 * are pinned in `versions.json`, the one place the README's agents table is read from.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface PinnedCli {
  /** The preset name (`agent.preset`). */
  preset: "pi" | "claude" | "codex" | "gemini" | "copilot";
  package: string;
  version: string;
  /** The executable the preset runs. */
  bin: string;
}

const VERSIONS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), "versions.json");

/** The pinned CLIs, smallest first (the order `.ci/run` and the tests use). */
export function pinnedClis(): PinnedCli[] {
  const raw: unknown = JSON.parse(readFileSync(VERSIONS_FILE, "utf8"));
  if (typeof raw !== "object" || raw === null) throw new Error(`${VERSIONS_FILE}: expected an object of preset → { package, version, bin }`);
  return Object.entries(raw).map(([preset, v]: [string, unknown]) => {
    const entry = typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {};
    const { package: pkg, version, bin } = entry;
    if (typeof pkg !== "string" || typeof version !== "string" || typeof bin !== "string") {
      throw new Error(`${VERSIONS_FILE}: "${preset}" needs string package, version and bin`);
    }
    if (!["pi", "claude", "codex", "gemini", "copilot"].includes(preset)) throw new Error(`${VERSIONS_FILE}: unknown preset "${preset}"`);
    return { preset: preset as PinnedCli["preset"], package: pkg, version, bin };
  });
}

export function cacheRoot(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env["FOREMAN_AGENT_CACHE"] || "/tmp/agent-cli-cache";
}

/** The install directory of one pinned CLI. */
export function installDir(cli: PinnedCli, env: Readonly<Record<string, string | undefined>> = process.env): string {
  return path.join(cacheRoot(env), `${cli.package}@${cli.version}`);
}

/** The directory holding the CLI's executable (to put first on PATH). */
export function binDir(cli: PinnedCli, env: Readonly<Record<string, string | undefined>> = process.env): string {
  return path.join(installDir(cli, env), "node_modules", ".bin");
}

export function isInstalled(cli: PinnedCli, env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return existsSync(path.join(binDir(cli, env), cli.bin));
}

/**
 * The CLIs to test: `FOREMAN_AGENTS` (comma-separated preset names, or `all`), default all.
 * An unknown name is an error that lists the known ones.
 */
export function selectedClis(env: Readonly<Record<string, string | undefined>> = process.env): PinnedCli[] {
  const all = pinnedClis();
  const wanted = (env["FOREMAN_AGENTS"] ?? "all")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (wanted.length === 0 || wanted.includes("all")) return all;
  for (const name of wanted) {
    if (!all.some((c) => c.preset === name)) {
      throw new Error(
        `FOREMAN_AGENTS names "${name}", which is not a pinned CLI. Use a comma-separated list of: ${all.map((c) => c.preset).join(", ")}, or all.`,
      );
    }
  }
  return all.filter((c) => wanted.includes(c.preset));
}
