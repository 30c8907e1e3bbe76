/**
 * Loading the `foreman` bundle with V8's compile cache: what `node:module`'s
 * `enableCompileCache()` does from Node 22.1, done by hand so that Node 20 gets it too.
 *
 * Why: before its first step, `foreman run` spent ~100 ms compiling its bundle and the functions
 * it calls on the way (issue 12: Foreman adds ≤ 300 ms before the agent's first request). With
 * the code V8 produced on an earlier run, that compilation is skipped.
 *
 * The bundle is CommonJS (`vm.Script` takes code cache; an ES module does not, on Node 20), with
 * no `import()` left in it (Node 20 runs one in a `vm.Script` only behind a flag). The cache
 * file is named by a SHA-256 of the bundle's bytes, the Node version and the architecture: V8
 * itself only checks the length of the source it is given, so a cache made for another build of
 * the same length would run that build's code. It lives in the user's cache directory
 * (`$XDG_CACHE_HOME` or `~/.cache`, as the session workspaces do; never a shared temporary
 * directory, where another user could plant code), in a folder only the user may write (a
 * folder others may write in is not used). Anything unusual — no cache directory, an unreadable
 * or unwritable one, a cache V8 rejects (other flags, another V8) — costs only the speed-up: the
 * bundle is compiled as without a cache, and a rejected or missing cache is written anew when
 * the process exits.
 */
import { isAscii } from "node:buffer";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import path from "node:path";
import { Script } from "node:vm";
import { userCacheDir } from "../local/user-cache-dir.js";

/** `FOREMAN_COMPILE_CACHE`: a directory for the cache, or `off`; unset: `<cache dir>/foreman/compile-cache`. */
export const COMPILE_CACHE_ENV = "FOREMAN_COMPILE_CACHE";

/** Where the compile cache lives, or `undefined` for none. Only absolute paths count. */
export function compileCacheDir(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const chosen = env[COMPILE_CACHE_ENV];
  if (chosen !== undefined && chosen !== "") return chosen === "off" || !path.isAbsolute(chosen) ? undefined : chosen;
  const base = userCacheDir(env);
  return base === undefined ? undefined : path.join(base, "foreman", "compile-cache");
}

/** The cache file for this bundle text on this Node: a different build or Node never shares one. */
export function compileCacheFile(dir: string, source: Buffer | string): string {
  // Hashing the file's bytes, not the decoded text: 1 ms instead of 10 for a 1.4 MB bundle.
  const key = createHash("sha256").update(`${process.version}\0${process.arch}\0`).update(source).digest("hex").slice(0, 32);
  return path.join(dir, `foreman-${key}.v8`);
}

/** The bundle's text: bytes that are all ASCII (esbuild's output nearly is) are copied, not UTF-8 decoded. */
function decode(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
}

export interface LoadedBundle {
  /** The bundle's `module.exports`. */
  exports: Record<string, unknown>;
  /** Whether V8 took the cache it was given (false: there was none, or it was rejected). */
  cacheUsed: boolean;
  /**
   * Writes the cache when there was none or V8 rejected it (call it when the process is about to
   * exit: the code compiled by then is in it). Never throws; true when a file was written.
   */
  saveCache: () => boolean;
}

/**
 * Whether code in `dir` may be trusted: it does not exist yet (it is made private), or it is the
 * user's own and nobody else may write in it. A cache is code: one planted in a shared folder
 * (an `XDG_CACHE_HOME` pointed at /tmp) would run as Foreman.
 */
function privateDir(dir: string): boolean {
  let st;
  try {
    st = statSync(dir);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT";
  }
  const ownUid = process.getuid?.();
  return st.isDirectory() && (ownUid === undefined || st.uid === ownUid) && (st.mode & 0o022) === 0;
}

function readCache(file: string | undefined): Buffer | undefined {
  if (file === undefined) return undefined;
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Runs the CommonJS bundle at `bundlePath` as node would, with the compile cache of `cacheDir` (if any). */
export function loadBundle(bundlePath: string, cacheDirWanted: string | undefined): LoadedBundle {
  const bytes = readFileSync(bundlePath);
  const source = decode(bytes);
  const cacheDir = cacheDirWanted !== undefined && privateDir(cacheDirWanted) ? cacheDirWanted : undefined;
  const cacheFile = cacheDir === undefined ? undefined : compileCacheFile(cacheDir, bytes);
  const cachedData = readCache(cacheFile);
  // A hashbang is only valid as a script's first characters, not inside the module wrapper.
  const body = source.startsWith("#!") ? `//${source.slice(2)}` : source;
  const script = new Script(Module.wrap(body), {
    filename: bundlePath,
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
  const mod = { exports: {} as Record<string, unknown>, id: bundlePath, filename: bundlePath, loaded: false };
  const requireFromBundle = createRequire(bundlePath);
  const wrapper = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: unknown,
    filename: string,
    dirname: string,
  ) => void;
  wrapper.call(mod.exports, mod.exports, requireFromBundle, mod, bundlePath, path.dirname(bundlePath));
  mod.loaded = true;

  let saved = false;
  const saveCache = (): boolean => {
    if (cacheUsed || saved || cacheFile === undefined || cacheDir === undefined) return false;
    saved = true;
    try {
      mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
      // Written whole, then renamed: a concurrent `foreman` never reads half a cache.
      const partial = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
      renameSync(partial, cacheFile);
      return true;
    } catch {
      return false;
    }
  };
  return { exports: mod.exports, cacheUsed, saveCache };
}
