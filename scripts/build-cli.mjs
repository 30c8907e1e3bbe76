// Builds the `foreman` command into dist/cli (`npm run build`):
// - dist/cli/foreman.cjs: src/cli/main.ts and its dependencies as one CommonJS bundle, the form
//   V8's compile cache takes on Node 20 (src/cli/compile-cache.ts says why it matters);
// - dist/cli/demo.cjs: the stand-in demo (`foreman demo`: Probot, the stand-in, the emulator),
//   which `main.ts` imports only for that command, so that the other commands neither read nor
//   compile it;
// - dist/cli/index.js: the bin (src/cli/bin.ts), which loads the main bundle through the cache;
// - dist/cli/package.json: says that the .js there is CommonJS.
// `import.meta.url` in the sources becomes the bundle file's URL, so paths found from it
// (src/sandbox/shipped-paths.ts) are the same as from src/. The output is deterministic: CI
// rebuilds it and fails when it differs from what is committed.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

const common = { bundle: true, platform: "node", target: "node20", logLevel: "warning", legalComments: "none" };
const commonJs = {
  ...common,
  format: "cjs",
  define: { "import.meta.url": "__foremanBundleUrl" },
  banner: { js: 'var __foremanBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
};

/** `import("./demo.js")` in main.ts loads the demo's own bundle (made a `require` below). */
const demoApart = {
  name: "demo-apart",
  setup(b) {
    b.onResolve({ filter: /^\.\/demo\.js$/ }, () => ({ path: "./demo.cjs", external: true }));
  },
};

/**
 * zod's translated error messages (`z.locales`, 60-odd languages, a fifth of the bundle), which
 * Foreman never selects: zod's schemas import their English messages themselves.
 */
const noZodLocales = {
  name: "no-zod-locales",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic[\\/]external|core[\\/]index)\.js$/.test(args.importer)
        ? { path: "zod-locales", namespace: "foreman-unused" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "foreman-unused" }, () => ({ contents: "export {};", loader: "js" }));
  },
};

/**
 * Node 20 runs no `import()` inside a `vm.Script` (only behind --experimental-vm-modules), and
 * the loader runs the main bundle as one: the demo's import becomes a `require`, and any other
 * `import(` outside a comment fails the build here rather than at a user's.
 */
function requireTheDemo(file) {
  const text = readFileSync(file, "utf8");
  const demoImport = 'import("./demo.cjs")';
  if (text.split(demoImport).length !== 2) throw new Error(`${file}: expected exactly one ${demoImport}`);
  const out = text.replace(demoImport, 'Promise.resolve().then(() => require("./demo.cjs"))');
  const left = out.split("\n").filter((line) => /(?<![\w$.])import\(/.test(line.replace(/\/\/.*$/, "")));
  if (left.length > 0) throw new Error(`${file}: a dynamic import() would fail under the compile-cache loader:\n${left.join("\n")}`);
  writeFileSync(file, out);
}

rmSync("dist/cli", { recursive: true, force: true });
await Promise.all([
  build({ ...commonJs, entryPoints: ["src/cli/main.ts"], outfile: "dist/cli/foreman.cjs", plugins: [demoApart, noZodLocales] }),
  build({ ...commonJs, entryPoints: ["src/cli/demo.ts"], outfile: "dist/cli/demo.cjs" }),
  build({ ...commonJs, entryPoints: ["src/cli/bin.ts"], outfile: "dist/cli/index.js" }),
]);
// index.js is CommonJS too (node then starts it without its ES module loader, ~5 ms sooner);
// the project's package.json says "module".
writeFileSync("dist/cli/package.json", `${JSON.stringify({ type: "commonjs" }, null, 2)}\n`);
requireTheDemo("dist/cli/foreman.cjs");
