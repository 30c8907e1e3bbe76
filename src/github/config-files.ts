/**
 * The files that make up `.github/foreman.yml`, fetched exactly the way Probot's
 * `context.config` fetches them (`@probot/octokit-plugin-config`: the repository's file, else the
 * owner's `.github` repository's, then each `_extends` in turn, nearest first; the same requests
 * and the same error messages), but with the parse of each file's text memoized.
 *
 * Why: the App reads the configuration on every event, and parsing YAML was most of the CPU
 * Foreman itself spent per event. The memo is content-addressed (the text of a file maps to one
 * parsed value, forever), so a changed file is parsed at once on the next event and nothing can
 * go stale; the requests are still made on every event. Parsed values are deep-frozen because
 * they are shared between events.
 */
import type { Octokit } from "@octokit/core";
import { parse as parseYaml } from "yaml";

type Json = Record<string, unknown>;

/** One file read (or found missing: `config` null), as the Probot plugin reports it. */
export interface ConfigFile {
  owner: string;
  repo: string;
  path: string;
  /** The parsed file without its `_extends` key; null when the file does not exist. */
  config: unknown;
}

const SUPPORTED_FILE_EXTENSIONS = ["json", "yml", "yaml"];
const EXTENDS_REGEX = /^(?:([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})\/)?([-_.\w\d]+)(?::([-_./\w\d]+\.ya?ml))?$/i;
const PREFIX = "[@probot/octokit-plugin-config]";

/** A bounded memo, least recently used out first. */
export class Lru<K, V> {
  readonly #map = new Map<K, V>();
  constructor(readonly max: number) {}

  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.max) {
      const oldest = this.#map.keys().next();
      if (oldest.done !== true) this.#map.delete(oldest.value);
    }
  }

  get size(): number {
    return this.#map.size;
  }
}

/** Freezes `value` and everything it holds (memoized values are shared between events). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Parsed YAML by text: only texts up to 64 KiB are kept, at most 256 of them. */
const parsedByText = new Lru<string, { ok: true; value: unknown } | { ok: false; error: unknown }>(256);
const MEMO_MAX_CHARS = 65_536;

function parseYamlMemo(text: string): unknown {
  let entry = parsedByText.get(text);
  if (entry === undefined) {
    try {
      entry = { ok: true, value: deepFreeze(parseYaml(text, { logLevel: "error" }) as unknown) };
    } catch (error) {
      entry = { ok: false, error };
    }
    if (text.length <= MEMO_MAX_CHARS) parsedByText.set(text, entry);
  }
  if (!entry.ok) throw entry.error;
  return entry.value;
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * The parsed file without `_extends` (a copy: parsed values are shared and frozen). Like the
 * plugin, a falsy `_extends` is not followed and stays in the file.
 */
function withoutExtends(config: unknown): unknown {
  if (!isObject(config) || !config["_extends"]) return config;
  const { _extends: _ignored, ...rest } = config;
  return rest;
}

interface FileRef {
  owner: string;
  repo: string;
  path: string;
}

interface FileRead extends ConfigFile {
  /** The file's `_extends`, if any. */
  extendsValue: unknown;
  /** The file's API URL, for messages (computed only when a message needs it). */
  url: () => string;
}

/** One file, as the plugin's `getConfigFile` reads it. */
async function getConfigFile(octokit: Pick<Octokit, "request">, f: FileRef): Promise<FileRead> {
  const fileExtension = (f.path.split(".").pop() ?? "").toLowerCase();
  if (!SUPPORTED_FILE_EXTENSIONS.includes(fileExtension)) {
    throw new Error(`${PREFIX} .${fileExtension} extension is not support for configuration (path: "${f.path}")`);
  }
  const endpoint = {
    method: "GET",
    url: "/repos/{owner}/{repo}/contents/{path}",
    owner: f.owner,
    repo: f.repo,
    path: f.path,
    mediaType: { format: "raw" },
  } as const;
  const url = (): string => octokit.request.endpoint(endpoint).url;
  const read = (config: unknown): FileRead => ({
    owner: f.owner,
    repo: f.repo,
    path: f.path,
    config: withoutExtends(config),
    extendsValue: isObject(config) ? config["_extends"] : undefined,
    url,
  });
  let data: unknown;
  let headers: Record<string, unknown>;
  try {
    const response = await octokit.request(endpoint);
    data = response.data;
    headers = response.headers;
  } catch (error) {
    if (typeof error === "object" && error !== null && "status" in error && error.status === 404) return read(null);
    throw error;
  }
  if (headers["content-type"] === "application/json; charset=utf-8") {
    throw new Error(`${PREFIX} ${url()} exists, but is either a directory or a submodule. Ignoring.`);
  }
  if (fileExtension === "json") {
    if (typeof data === "string") throw new Error(`${PREFIX} Configuration could not be parsed from ${url()} (invalid JSON)`);
    return read(data);
  }
  let config: unknown;
  try {
    config = parseYamlMemo(String(data)) || {};
  } catch (error) {
    throw new Error(`${PREFIX} Configuration could not be parsed from ${url()} (invalid YAML)`, { cause: error });
  }
  if (typeof config === "string") throw new Error(`${PREFIX} Configuration could not be parsed from ${url()} (YAML is not an object)`);
  return read(config);
}

function extendsToFileRef(owner: string, path: string, url: () => string, extendsValue: unknown): FileRef {
  if (typeof extendsValue !== "string") throw new Error(`${PREFIX} Invalid value ${JSON.stringify(extendsValue)} for _extends in ${url()}`);
  const match = EXTENDS_REGEX.exec(extendsValue);
  if (match === null) throw new Error(`${PREFIX} Invalid value "${extendsValue}" for _extends in ${url()}`);
  return { owner: match[1] || owner, repo: match[2] ?? "", path: match[3] || path };
}

function publicFile(f: FileRead): ConfigFile {
  return { owner: f.owner, repo: f.repo, path: f.path, config: f.config };
}

/** The configuration files, nearest first, exactly as the plugin's `getConfigFiles` lists them. */
export async function getConfigFiles(octokit: Pick<Octokit, "request">, at: FileRef): Promise<ConfigFile[]> {
  const { owner, repo, path } = at;
  const files = [await getConfigFile(octokit, { owner, repo, path })];
  if (!files[0]!.config) {
    if (repo === ".github") return files.map(publicFile);
    files.push(await getConfigFile(octokit, { owner, repo: ".github", path }));
  }
  let last = files[files.length - 1]!;
  if (!last.config || !last.extendsValue) return files.map(publicFile);
  let next = extendsToFileRef(owner, path, last.url, last.extendsValue);
  for (;;) {
    last = await getConfigFile(octokit, next);
    files.push(last);
    if (!last.config || !last.extendsValue) return files.map(publicFile);
    next = extendsToFileRef(owner, path, last.url, last.extendsValue);
    const target = next;
    const alreadyLoaded = files.find((f) => f.owner === target.owner && f.repo === target.repo && f.path === target.path);
    if (alreadyLoaded) {
      // The plugin deletes `_extends` before naming it here, so its message says `undefined`.
      throw new Error(
        `${PREFIX} Recursion detected. Ignoring  "_extends: undefined" from ${last.url()} because ${alreadyLoaded.url()} was already loaded.`,
      );
    }
  }
}
