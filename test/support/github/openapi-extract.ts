/**
 * The extract of GitHub's REST description that the contract checks read (see
 * `openapi-extract.mjs`): written once per `@octokit/openapi` version under
 * `node_modules/.cache/foreman-tests/`, by a child process, and read by operation.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

export interface ExtractedOperation {
  template: string;
  method: string;
  query: string[];
  bodySchema?: object;
  responses: string[];
}

const SOURCE = require.resolve("@octokit/openapi/generated/api.github.com.deref.json");
const SCRIPT = fileURLToPath(new URL("./openapi-extract.mjs", import.meta.url));

/** Names the description the extract was made from: a new version or file means a new extract. */
function stamp(): string {
  const version = (JSON.parse(readFileSync(require.resolve("@octokit/openapi/package.json"), "utf8")) as { version: string }).version;
  return `${version} ${statSync(SOURCE).size} ${statSync(SCRIPT).mtimeMs}`;
}

let ready: string | undefined;

/** The extract's directory, written first if missing or stale (checked once per process). */
export function openApiExtract(): string {
  if (ready !== undefined) return ready;
  const dir = path.resolve(path.dirname(require.resolve("@octokit/openapi/package.json")), "..", "..", ".cache", "foreman-tests", "openapi");
  const want = stamp();
  const has = existsSync(path.join(dir, "stamp")) ? readFileSync(path.join(dir, "stamp"), "utf8") : "";
  if (has !== want) {
    const run = spawnSync(process.execPath, [SCRIPT, SOURCE, dir, want], { encoding: "utf8" });
    if (run.status !== 0)
      throw new Error(`Could not extract GitHub's REST description into ${dir}: ${run.stderr || run.error?.message || `exit ${run.status}`}`);
  }
  ready = dir;
  return dir;
}

/** Every operation, in the description's order (its index names its responses file). */
export function extractedOperations(): ExtractedOperation[] {
  return JSON.parse(readFileSync(path.join(openApiExtract(), "operations.json"), "utf8")) as ExtractedOperation[];
}

/** The JSON response schemas of operation `index`, by status. */
export function extractedResponses(index: number): Record<string, object> {
  return JSON.parse(readFileSync(path.join(openApiExtract(), "responses", `${index}.json`), "utf8")) as Record<string, object>;
}
