/**
 * `.github/foreman.yml` as GitHub serves it, the way Probot's `context.config` reads it: the
 * repository's file, else the owner's `.github` repository's, following `_extends`, merged
 * defaults < base < nearest (objects deeply, lists replaced). The App and the Action both read
 * it here, so both see the same configuration.
 *
 * Org ceilings: `limits` from a file in the owner's `.github` repository are ceilings a
 * repository can lower but never raise (a deep merge alone would let the nearer file win), so
 * they are passed to `parseConfig` apart from the merged file.
 *
 * `revision` is a hash of every file's content: "once per config revision" messages key on it.
 *
 * The App reads the configuration on every event: the files are fetched every time (a changed
 * file is seen at once), but their parse and the merge are memoized by content
 * (`config-files.ts`, and `rawByContent` here), so an unchanged configuration costs no CPU.
 */
import { createHash } from "node:crypto";
import type { Octokit } from "@octokit/core";
import { parseConfig, type Config } from "../core/config.js";
import { deepFreeze, getConfigFiles, Lru, type ConfigFile } from "./config-files.js";
import type { RepoRef } from "./repo.js";

export const DEFAULT_CONFIG_PATH = ".github/foreman.yml";

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Objects merged key by key; anything else (lists included) replaced by the later value. */
export function deepMerge(base: Json, next: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(next)) {
    const prior = out[key];
    out[key] = isObject(prior) && isObject(value) ? deepMerge(prior, value) : value;
  }
  return out;
}

export interface LoadedConfig {
  config: Config;
  /** Changes whenever any file that makes up the configuration changes. */
  revision: string;
  /** The files read, nearest first (`owner/repo:path`), for messages. */
  sources: string[];
}

/** The raw, merged configuration and the org ceilings, before validation. */
export interface RawConfig {
  merged: Json;
  orgLimits: unknown;
  revision: string;
  sources: string[];
}

/** An id per parsed file value: memoized parses of one text are one object, so one id. */
const ids = new WeakMap<object, number>();
let nextId = 0;
function contentKey(files: readonly ConfigFile[]): string {
  return files
    .map((f) => {
      const c = f.config;
      let id: string;
      if (typeof c === "object" && c !== null) {
        let n = ids.get(c);
        if (n === undefined) ids.set(c, (n = ++nextId));
        id = `#${n}`;
      } else id = `=${JSON.stringify(c)}`;
      return `${f.owner}/${f.repo}:${f.path}${id}`;
    })
    .join("\n");
}

/** The merged configuration by the content of its files (bounded; values are never mutated). */
const rawByContent = new Lru<string, RawConfig>(256);

export async function readRawConfig(octokit: Pick<Octokit, "request">, repo: RepoRef, path: string = DEFAULT_CONFIG_PATH): Promise<RawConfig> {
  const files = await getConfigFiles(octokit, { owner: repo.owner, repo: repo.repo, path });
  const key = contentKey(files);
  const known = rawByContent.get(key);
  if (known !== undefined) return known;
  const raw = deepFreeze(mergeFiles(files, repo));
  rawByContent.set(key, raw);
  return raw;
}

function mergeFiles(files: readonly ConfigFile[], repo: RepoRef): RawConfig {
  const present = files.filter((f): f is ConfigFile & { config: Json } => isObject(f.config));
  // Nearest first in `files`; merge from the farthest base to the nearest file.
  const merged = [...present].reverse().reduce<Json>((acc, f) => deepMerge(acc, f.config), {});
  delete merged["_extends"];
  const org = present.filter((f) => f.repo === ".github" && f.owner.toLowerCase() === repo.owner.toLowerCase() && !(f.repo === repo.repo));
  const orgLimits = org.map((f) => f.config["limits"]).find((l) => l !== undefined);
  const revision = createHash("sha256")
    .update(JSON.stringify(files.map((f) => [f.owner, f.repo, f.path, f.config])))
    .digest("hex")
    .slice(0, 16);
  return { merged, orgLimits, revision, sources: present.map((f) => `${f.owner}/${f.repo}:${f.path}`) };
}

/** Reads and validates the configuration; throws `ConfigError` (naming the key) when invalid. */
export async function loadRepoConfig(octokit: Pick<Octokit, "request">, repo: RepoRef, path: string = DEFAULT_CONFIG_PATH): Promise<LoadedConfig> {
  const raw = await readRawConfig(octokit, repo, path);
  return { config: parseConfig(raw.merged, { limits: raw.orgLimits }), revision: raw.revision, sources: raw.sources };
}
