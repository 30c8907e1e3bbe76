import { defineConfig } from "vitest/config";

/**
 * `npm run test:agents`: the presets against the real agent CLIs (installed in a cache by
 * `test/agents-conformance/install-clis.ts`) and the scripted model server. Not part of `npm test`.
 */
export default defineConfig({
  test: {
    include: ["test/agents-conformance/**/*.test.ts"],
    reporters: ["default", "./test/summary-reporter.ts"],
    testTimeout: 240_000,
    hookTimeout: 60_000,
    // One CLI at a time: they are heavy and the timings are part of what is checked.
    fileParallelism: false,
  },
});
