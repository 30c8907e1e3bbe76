#!/usr/bin/env node

// src/cli/bin.ts
import { fileURLToPath } from "node:url";

// src/cli/compile-cache.ts
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import path2 from "node:path";
import { Script } from "node:vm";

// src/local/user-cache-dir.ts
import path from "node:path";
function userCacheDir(hostEnv) {
  const xdg = hostEnv["XDG_CACHE_HOME"];
  const home = hostEnv["HOME"];
  return xdg && path.isAbsolute(xdg) ? xdg : home && path.isAbsolute(home) ? path.join(home, ".cache") : void 0;
}

// src/cli/compile-cache.ts
var COMPILE_CACHE_ENV = "FOREMAN_COMPILE_CACHE";
function compileCacheDir(env) {
  const chosen = env[COMPILE_CACHE_ENV];
  if (chosen !== void 0 && chosen !== "") return chosen === "off" || !path2.isAbsolute(chosen) ? void 0 : chosen;
  const base = userCacheDir(env);
  return base === void 0 ? void 0 : path2.join(base, "foreman", "compile-cache");
}
function compileCacheFile(dir, source) {
  const key = createHash("sha256").update(`${process.version}\0${process.arch}\0`).update(source).digest("hex").slice(0, 32);
  return path2.join(dir, `foreman-${key}.v8`);
}
function privateDir(dir) {
  let st;
  try {
    st = statSync(dir);
  } catch (error) {
    return error.code === "ENOENT";
  }
  const ownUid = process.getuid?.();
  return st.isDirectory() && (ownUid === void 0 || st.uid === ownUid) && (st.mode & 18) === 0;
}
function readCache(file) {
  if (file === void 0) return void 0;
  try {
    return readFileSync(file);
  } catch {
    return void 0;
  }
}
function loadBundle(bundlePath, cacheDirWanted) {
  const source = readFileSync(bundlePath, "utf8");
  const cacheDir = cacheDirWanted !== void 0 && privateDir(cacheDirWanted) ? cacheDirWanted : void 0;
  const cacheFile = cacheDir === void 0 ? void 0 : compileCacheFile(cacheDir, source);
  const cachedData = readCache(cacheFile);
  const body = source.startsWith("#!") ? `//${source.slice(2)}` : source;
  const script = new Script(Module.wrap(body), {
    filename: bundlePath,
    ...cachedData === void 0 ? {} : { cachedData }
  });
  const cacheUsed = cachedData !== void 0 && !script.cachedDataRejected;
  const mod = { exports: {}, id: bundlePath, filename: bundlePath, loaded: false };
  const requireFromBundle = createRequire(bundlePath);
  const wrapper = script.runInThisContext();
  wrapper.call(mod.exports, mod.exports, requireFromBundle, mod, bundlePath, path2.dirname(bundlePath));
  mod.loaded = true;
  let saved = false;
  const saveCache = () => {
    if (cacheUsed || saved || cacheFile === void 0 || cacheDir === void 0) return false;
    saved = true;
    try {
      mkdirSync(cacheDir, { recursive: true, mode: 448 });
      const partial = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(partial, script.createCachedData(), { mode: 384 });
      renameSync(partial, cacheFile);
      return true;
    } catch {
      return false;
    }
  };
  return { exports: mod.exports, cacheUsed, saveCache };
}

// src/cli/bin.ts
var bundle = loadBundle(fileURLToPath(new URL("./foreman.cjs", import.meta.url)), compileCacheDir(process.env));
process.once("exit", () => bundle.saveCache());
var entry = bundle.exports["entry"];
if (typeof entry !== "function") throw new Error("dist/cli/foreman.cjs exports no entry(): rebuild with `npm run build`.");
await entry();
