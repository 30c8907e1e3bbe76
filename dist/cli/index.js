#!/usr/bin/env node
var __foremanBundleUrl = require("node:url").pathToFileURL(__filename).href;
"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// src/cli/bin.ts
var import_node_url = require("node:url");

// src/cli/compile-cache.ts
var import_node_buffer = require("node:buffer");
var import_node_crypto = require("node:crypto");
var import_node_fs = require("node:fs");
var import_node_module = require("node:module");
var import_node_path2 = __toESM(require("node:path"), 1);
var import_node_vm = require("node:vm");

// src/local/user-cache-dir.ts
var import_node_path = __toESM(require("node:path"), 1);
function userCacheDir(hostEnv) {
  const xdg = hostEnv["XDG_CACHE_HOME"];
  const home = hostEnv["HOME"];
  return xdg && import_node_path.default.isAbsolute(xdg) ? xdg : home && import_node_path.default.isAbsolute(home) ? import_node_path.default.join(home, ".cache") : void 0;
}

// src/cli/compile-cache.ts
var COMPILE_CACHE_ENV = "FOREMAN_COMPILE_CACHE";
function compileCacheDir(env) {
  const chosen = env[COMPILE_CACHE_ENV];
  if (chosen !== void 0 && chosen !== "") return chosen === "off" || !import_node_path2.default.isAbsolute(chosen) ? void 0 : chosen;
  const base = userCacheDir(env);
  return base === void 0 ? void 0 : import_node_path2.default.join(base, "foreman", "compile-cache");
}
function compileCacheFile(dir, source) {
  const key = (0, import_node_crypto.createHash)("sha256").update(`${process.version}\0${process.arch}\0`).update(source).digest("hex").slice(0, 32);
  return import_node_path2.default.join(dir, `foreman-${key}.v8`);
}
function decode(bytes) {
  return (0, import_node_buffer.isAscii)(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
}
function privateDir(dir) {
  let st;
  try {
    st = (0, import_node_fs.statSync)(dir);
  } catch (error) {
    return error.code === "ENOENT";
  }
  const ownUid = process.getuid?.();
  return st.isDirectory() && (ownUid === void 0 || st.uid === ownUid) && (st.mode & 18) === 0;
}
function readCache(file) {
  if (file === void 0) return void 0;
  try {
    return (0, import_node_fs.readFileSync)(file);
  } catch {
    return void 0;
  }
}
function loadBundle(bundlePath, cacheDirWanted) {
  const bytes = (0, import_node_fs.readFileSync)(bundlePath);
  const source = decode(bytes);
  const cacheDir = cacheDirWanted !== void 0 && privateDir(cacheDirWanted) ? cacheDirWanted : void 0;
  const cacheFile = cacheDir === void 0 ? void 0 : compileCacheFile(cacheDir, bytes);
  const cachedData = readCache(cacheFile);
  const body = source.startsWith("#!") ? `//${source.slice(2)}` : source;
  const script = new import_node_vm.Script(import_node_module.Module.wrap(body), {
    filename: bundlePath,
    ...cachedData === void 0 ? {} : { cachedData }
  });
  const cacheUsed = cachedData !== void 0 && !script.cachedDataRejected;
  const mod = { exports: {}, id: bundlePath, filename: bundlePath, loaded: false };
  const requireFromBundle = (0, import_node_module.createRequire)(bundlePath);
  const wrapper = script.runInThisContext();
  wrapper.call(mod.exports, mod.exports, requireFromBundle, mod, bundlePath, import_node_path2.default.dirname(bundlePath));
  mod.loaded = true;
  let saved = false;
  const saveCache = () => {
    if (cacheUsed || saved || cacheFile === void 0 || cacheDir === void 0) return false;
    saved = true;
    try {
      (0, import_node_fs.mkdirSync)(cacheDir, { recursive: true, mode: 448 });
      const partial = `${cacheFile}.${process.pid}.tmp`;
      (0, import_node_fs.writeFileSync)(partial, script.createCachedData(), { mode: 384 });
      (0, import_node_fs.renameSync)(partial, cacheFile);
      return true;
    } catch {
      return false;
    }
  };
  return { exports: mod.exports, cacheUsed, saveCache };
}

// src/cli/bin.ts
var bundle = loadBundle((0, import_node_url.fileURLToPath)(new URL("./foreman.cjs", __foremanBundleUrl)), compileCacheDir(process.env));
process.once("exit", () => bundle.saveCache());
var entry = bundle.exports["entry"];
if (typeof entry !== "function") throw new Error("dist/cli/foreman.cjs exports no entry(): rebuild with `npm run build`.");
void entry();
