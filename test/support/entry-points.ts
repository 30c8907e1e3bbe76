/**
 * The programs the process tests spawn (the `foreman` CLI, the Action and its fixture), built once per
 * test run by `build-entry-points.ts` (vitest's global setup) instead of transpiled by tsx in
 * every child: a spawned `node --import tsx src/cli/main.ts` spends ~1.3 s of CPU on TypeScript
 * before it runs a line, the bundle ~0.5 s. The bundles are laid out like `dist/` (two folders
 * below the project root) so that code locating the project from `import.meta.url` finds it.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Where the bundles go (ignored by git). */
export const BUILD_DIR = path.join(ROOT, ".test-build");

/**
 * Each spawned program: its TypeScript entry point, its bundle, and what `import.meta.url` means
 * in it. The CLI keeps the bundle's own URL (its "am I the entry point" check compares it with
 * argv[1], as in dist/). The Action fixture imports `src/action/main.ts`, whose own check would
 * start a second run inside the bundle: there it is the URL of `src/action/main.ts`, as under tsx.
 */
export const ENTRY_POINTS: Readonly<
  Record<
    "cli" | "action" | "actionMain" | "fileStateStore" | "jsonlLedger" | "compileCache",
    { source: string; bundle: string; importMetaUrl?: string }
  >
> = {
  cli: { source: path.join(ROOT, "src", "cli", "main.ts"), bundle: path.join(BUILD_DIR, "cli", "index.mjs") },
  action: {
    source: path.join(ROOT, "test", "action", "fixtures", "real-action.ts"),
    bundle: path.join(BUILD_DIR, "action", "real-action.mjs"),
    importMetaUrl: pathToFileURL(path.join(ROOT, "src", "action", "main.ts")).href,
  },
  // The Action itself, as the Actions emulator of the end-to-end tests runs it (like dist/action).
  actionMain: { source: path.join(ROOT, "src", "action", "main.ts"), bundle: path.join(BUILD_DIR, "action-main", "index.mjs") },
  // Modules a child process imports (`node --input-type=module -e …`) to take a lock or append.
  fileStateStore: { source: path.join(ROOT, "src", "local", "file-state-store.ts"), bundle: path.join(BUILD_DIR, "local", "file-state-store.mjs") },
  jsonlLedger: { source: path.join(ROOT, "src", "local", "jsonl-ledger.ts"), bundle: path.join(BUILD_DIR, "local", "jsonl-ledger.mjs") },
  // The CLI's compile-cache loader: each load in a process of its own (V8 keeps a compiled script
  // in memory, so a second load in one process says nothing about the cache file).
  compileCache: { source: path.join(ROOT, "src", "cli", "compile-cache.ts"), bundle: path.join(BUILD_DIR, "cli", "compile-cache.mjs") },
};

export type EntryPoint = keyof typeof ENTRY_POINTS;

/** The bundle of `entry`, to run or to import from a child process. */
export function bundlePath(entry: EntryPoint): string {
  const { bundle } = ENTRY_POINTS[entry];
  if (!existsSync(bundle))
    throw new Error(`The test build of '${entry}' is missing (${bundle}): run the tests through vitest.config.ts, whose globalSetup builds it.`);
  return bundle;
}

/** The `node` arguments that start `entry` (append the program's own arguments). */
export function nodeArgs(entry: EntryPoint): string[] {
  return [bundlePath(entry)];
}
