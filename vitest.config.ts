import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    reporters: ["default", "./test/summary-reporter.ts"],
    // Loop tests spawn real git and node processes: give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          // Pure code (src/core, the presets' parsers): no git, no child processes, no shared
          // state, so one thread pool without per-file isolation runs it in seconds.
          name: "unit",
          include: ["test/core/**/*.test.ts", "test/agents/**/*.test.ts"],
          pool: "threads",
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          // The engine, the local adapters and the CLI against real git repositories and processes.
          name: "integration",
          include: ["test/**/*.test.ts"],
          // test/agents-conformance runs real agent CLIs: `npm run test:agents`, not `npm test`.
          exclude: ["test/core/**", "test/agents/**", "test/agents-conformance/**"],
        },
      },
    ],
  },
});
