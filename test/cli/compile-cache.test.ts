/**
 * The CLI's compile cache (src/cli/compile-cache.ts): a bundle runs the same with or without
 * it; a cache is made once, used after, never used for another text, and never taken from a
 * folder someone else may write in. The last test runs the built bin (`dist/cli/index.js`).
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { COMPILE_CACHE_ENV, compileCacheDir, compileCacheFile } from "../../src/cli/compile-cache.js";
import { PROJECT_ROOT, removeTempDirs, tempDir } from "../loop/helpers.js";
import { bundlePath } from "../support/entry-points.js";

afterEach(removeTempDirs);

interface Loaded {
  cacheUsed: boolean;
  /** What `saveCache()` answered, twice. */
  saved: [boolean, boolean];
  entry: number;
  where: unknown;
  tag?: string;
}

/**
 * `loadBundle(bundle, cacheDir)` in a node process of its own, then `saveCache()` twice. (In one
 * process V8 keeps what it compiled, and a second load would not read the cache file at all.)
 */
function loadInChild(bundle: string, cacheDir: string | undefined): Loaded {
  const program = [
    `import { loadBundle } from ${JSON.stringify(bundlePath("compileCache"))};`,
    "const [bundle, dir] = process.argv.slice(1);",
    'const loaded = loadBundle(bundle, dir === "-" ? undefined : dir);',
    "const saved = [loaded.saveCache(), loaded.saveCache()];",
    "const e = loaded.exports;",
    "process.stdout.write(JSON.stringify({ cacheUsed: loaded.cacheUsed, saved, entry: e.entry(), where: e.where, tag: e.tag }));",
  ].join("\n");
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", program, bundle, cacheDir ?? "-"], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(`loadBundle failed in a child: ${child.stderr}`);
  return JSON.parse(child.stdout) as Loaded;
}

/** A CommonJS bundle that requires a neighbour, reports its file names and counts its runs. */
async function fixture(extra = ""): Promise<{ dir: string; bundle: string }> {
  const dir = await tempDir("compile-cache");
  writeFileSync(path.join(dir, "dep.cjs"), "module.exports = { answer: 42 };\n");
  const bundle = path.join(dir, "bundle.cjs");
  writeFileSync(
    bundle,
    [
      "#!/usr/bin/env node",
      "globalThis.__fixtureRuns = (globalThis.__fixtureRuns ?? 0) + 1;",
      'const dep = require("./dep.cjs");',
      "function work(n) { let s = 0; for (let i = 0; i < n; i++) s += i; return s; }",
      "exports.entry = () => dep.answer + work(3);",
      "exports.where = { file: __filename, dir: __dirname, isModule: typeof module.exports === 'object' };",
      extra,
    ].join("\n"),
  );
  return { dir, bundle };
}

describe("compileCacheDir", () => {
  it("is FOREMAN_COMPILE_CACHE when absolute, none for `off` or a relative path, else the user's cache", () => {
    expect(compileCacheDir({ [COMPILE_CACHE_ENV]: "/srv/cc", HOME: "/home/u" })).toBe("/srv/cc");
    expect(compileCacheDir({ [COMPILE_CACHE_ENV]: "off", HOME: "/home/u" })).toBeUndefined();
    expect(compileCacheDir({ [COMPILE_CACHE_ENV]: "cc", HOME: "/home/u" })).toBeUndefined();
    expect(compileCacheDir({ [COMPILE_CACHE_ENV]: "", HOME: "/home/u" })).toBe("/home/u/.cache/foreman/compile-cache");
    expect(compileCacheDir({ XDG_CACHE_HOME: "/x", HOME: "/home/u" })).toBe("/x/foreman/compile-cache");
    expect(compileCacheDir({ XDG_CACHE_HOME: "rel", HOME: "/home/u" })).toBe("/home/u/.cache/foreman/compile-cache");
    expect(compileCacheDir({ HOME: "relative" })).toBeUndefined();
    expect(compileCacheDir({})).toBeUndefined();
  });
});

describe("compileCacheFile", () => {
  it("names one file per bundle text, in the folder", () => {
    const a = compileCacheFile("/c", "exports.a = 1;");
    expect(path.dirname(a)).toBe("/c");
    expect(compileCacheFile("/c", "exports.a = 1;")).toBe(a);
    // Same length, other text: V8 alone would take the first one's cache for it.
    expect(compileCacheFile("/c", "exports.a = 2;")).not.toBe(a);
  });
});

describe("loadBundle", () => {
  it("runs the bundle as node would: its exports, require from its folder, __filename, __dirname, a hashbang", async () => {
    const { dir, bundle } = await fixture();
    const loaded = loadInChild(bundle, undefined);
    expect(loaded.entry).toBe(45);
    expect(loaded.where).toEqual({ file: bundle, dir, isModule: true });
    expect(loaded.cacheUsed).toBe(false);
    // No folder: nothing to save.
    expect(loaded.saved).toEqual([false, false]);
  });

  it("writes a private cache once, and the next load uses it and keeps it", async () => {
    const { dir, bundle } = await fixture();
    const cache = path.join(dir, "cache", "nested");
    const first = loadInChild(bundle, cache);
    expect(first.cacheUsed).toBe(false);
    expect(first.saved).toEqual([true, false]);
    const files = readdirSync(cache);
    expect(files).toHaveLength(1);
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(cache, files[0]!)).mode & 0o777).toBe(0o600);

    const second = loadInChild(bundle, cache);
    expect(second.cacheUsed).toBe(true);
    expect(second.entry).toBe(45);
    expect(second.saved).toEqual([false, false]);
    expect(readdirSync(cache)).toEqual(files);
  });

  it("never uses a cache made for another text of the bundle", async () => {
    const { dir } = await fixture();
    const cache = path.join(dir, "cache");
    // Same length, one character changed.
    const { bundle: before } = await fixture("exports.tag = 'a';");
    const { bundle: after } = await fixture("exports.tag = 'b';");
    expect(loadInChild(before, cache).saved).toEqual([true, false]);
    const loaded = loadInChild(after, cache);
    expect(loaded.cacheUsed).toBe(false);
    expect(loaded.tag).toBe("b");
    expect(readdirSync(cache)).toHaveLength(2);
  });

  it("a corrupt cache is rejected by V8, the bundle still runs, and the cache is written anew", async () => {
    const { dir, bundle } = await fixture();
    const cache = path.join(dir, "cache");
    loadInChild(bundle, cache);
    const file = path.join(cache, readdirSync(cache)[0]!);
    writeFileSync(file, Buffer.alloc(4096, 7));
    const loaded = loadInChild(bundle, cache);
    expect(loaded.cacheUsed).toBe(false);
    expect(loaded.entry).toBe(45);
    expect(loaded.saved).toEqual([true, false]);
    expect(loadInChild(bundle, cache).cacheUsed).toBe(true);
  });

  it("an unwritable cache place costs only the speed-up", async () => {
    const { dir, bundle } = await fixture();
    const blocked = path.join(dir, "not-a-folder");
    writeFileSync(blocked, "a file where the cache folder would be");
    const loaded = loadInChild(bundle, path.join(blocked, "cache"));
    expect(loaded.entry).toBe(45);
    expect(loaded.saved).toEqual([false, false]);
  });

  it("does not use or write a folder that others may write in", async () => {
    const { dir, bundle } = await fixture();
    const shared = path.join(dir, "shared");
    mkdirSync(shared);
    loadInChild(bundle, shared);
    expect(readdirSync(shared)).toHaveLength(1);
    chmodSync(shared, 0o777);
    const loaded = loadInChild(bundle, shared);
    expect(loaded.cacheUsed).toBe(false);
    expect(loaded.saved).toEqual([false, false]);
    expect(readdirSync(shared)).toHaveLength(1);
  });
});

describe("the built bin (dist/cli/index.js)", () => {
  const bin = path.join(PROJECT_ROOT, "dist", "cli", "index.js");

  it.skipIf(!existsSync(bin))("answers the same with a cold and a warm cache, and makes the cache once", async () => {
    const cache = path.join(await tempDir("compile-cache-bin"), "cc");
    const run = () =>
      spawnSync(process.execPath, [bin, "--version"], { env: { PATH: process.env["PATH"], [COMPILE_CACHE_ENV]: cache }, encoding: "utf8" });
    const cold = run();
    expect(cold.status, cold.stderr).toBe(0);
    const made = readdirSync(cache);
    expect(made).toHaveLength(1);
    const warm = run();
    expect(warm.status, warm.stderr).toBe(0);
    expect(warm.stdout).toBe(cold.stdout);
    expect(warm.stdout).toMatch(/^foreman \d+\.\d+\.\d+/);
    expect(readdirSync(cache)).toEqual(made);
  });
});
