/**
 * `npm run test:agents` step one: installs the pinned CLIs selected by `FOREMAN_AGENTS` into
 * the cache (see `cli-cache.ts`), skipping those already there. Never touches package.json.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { installDir, isInstalled, selectedClis } from "./cli-cache.js";

let failed = 0;
for (const cli of selectedClis()) {
  const dir = installDir(cli);
  if (isInstalled(cli)) {
    console.log(`${cli.package}@${cli.version}: already in ${dir}`);
    continue;
  }
  console.log(`${cli.package}@${cli.version}: installing into ${dir}`);
  mkdirSync(dir, { recursive: true });
  const r = spawnSync(
    "npm",
    ["install", "--prefix", dir, "--no-save", "--no-audit", "--no-fund", "--no-package-lock", `${cli.package}@${cli.version}`],
    {
      stdio: "inherit",
    },
  );
  if (r.status !== 0 || !isInstalled(cli)) {
    failed += 1;
    console.error(
      `${cli.package}@${cli.version}: npm install failed (exit ${r.status}); its conformance tests will be skipped. Retry: npm run test:agents`,
    );
  }
}
process.exitCode = failed > 0 && process.env["FOREMAN_AGENTS_REQUIRED"] === "1" ? 1 : 0;
