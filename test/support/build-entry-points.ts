/**
 * Vitest global setup of the integration tier: bundles the spawned programs of `entry-points.ts`
 * from this checkout's source, once per run (~0.5 s), so each child starts without TypeScript.
 * Dependencies stay external (resolved from node_modules, as in the product). It also makes
 * sure the extract of GitHub's REST description the contract checks read exists
 * (`github/openapi-extract.ts`), before the workers start and race to write it.
 */
import { rm } from "node:fs/promises";
import { build } from "esbuild";
import { BUILD_DIR, ENTRY_POINTS } from "./entry-points.js";
import { openApiExtract } from "./github/openapi-extract.js";

export default async function setup(): Promise<void> {
  openApiExtract();
  await rm(BUILD_DIR, { recursive: true, force: true });
  await Promise.all(
    Object.values(ENTRY_POINTS).map((e) =>
      build({
        entryPoints: [e.source],
        outfile: e.bundle,
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node20",
        packages: "external",
        logLevel: "warning",
        ...(e.importMetaUrl === undefined ? {} : { define: { "import.meta.url": JSON.stringify(e.importMetaUrl) } }),
      }),
    ),
  );
}
