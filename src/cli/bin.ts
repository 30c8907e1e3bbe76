#!/usr/bin/env node
/**
 * The `foreman` command as installed (`dist/cli/index.js`, CommonJS: node starts it without
 * its ES module loader): loads the bundle of `main.ts` (`dist/cli/foreman.cjs`) through the
 * compile cache (compile-cache.ts) and runs it. Only node's own modules are imported here, so
 * nothing else is compiled before the cache is consulted.
 */
import { fileURLToPath } from "node:url";
import { compileCacheDir, loadBundle } from "./compile-cache.js";

const bundle = loadBundle(fileURLToPath(new URL("./foreman.cjs", import.meta.url)), compileCacheDir(process.env));
// At exit the functions this run compiled are in the cache too (once: a used cache is kept).
process.once("exit", () => bundle.saveCache());
const entry = bundle.exports["entry"];
if (typeof entry !== "function") throw new Error("dist/cli/foreman.cjs exports no entry(): rebuild with `npm run build`.");
// entry() reports its own failures and sets the exit code, as main.ts does when run directly.
void (entry as () => Promise<void>)();
