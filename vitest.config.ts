import { defineConfig } from "vitest/config";

/**
 * Two tiers (`npm run test:unit`, `npm run test:int`; `npm test` runs both). The integration
 * files spend most of their time waiting for child processes (git, node, the scripted agent),
 * timers and sockets, not on the CPU: they run several at a time. Every file uses its own temp
 * dirs and free ports (`listen(0)`), and touches no fixed path outside them.
 */
const WORKERS = 4;

/**
 * Files that talk to a real HTTP server on 127.0.0.1 through the global `fetch`, with streamed
 * bodies: once any earlier file in the worker has loaded nock (the GitHub tests), nock's fetch
 * interceptor is installed for the rest of the process and breaks them (`TypeError: unusable`
 * from `Request.clone`). They get a fresh process each.
 */
const NEEDS_FRESH_WORKER = ["test/model-server/**/*.test.ts"];

export default defineConfig({
  test: {
    reporters: ["default", "./test/summary-reporter.ts"],
    // Loop tests spawn real git and node processes: give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Both projects run side by side (same `sequence.groupOrder`), so they share one worker count.
    maxWorkers: WORKERS,
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
          exclude: ["test/core/**", "test/agents/**", "test/agents-conformance/**", ...NEEDS_FRESH_WORKER],
          pool: "forks",
          // Each worker process keeps its modules from one file to the next (Probot, Octokit, the
          // zod schemas are loaded once per worker, not once per file). The files share no state
          // but what these options put back before each test: environment stubs and globals.
          isolate: false,
          unstubEnvs: true,
          unstubGlobals: true,
          // The programs the process tests spawn, bundled once instead of through tsx per child.
          globalSetup: ["./test/support/build-entry-points.ts"],
        },
      },
      {
        extends: true,
        test: {
          // Integration files that must not follow another file in the same worker (see
          // NEEDS_FRESH_WORKER). `npm run test:int` runs both integration projects.
          name: "integration-isolated",
          include: [...NEEDS_FRESH_WORKER],
          pool: "forks",
        },
      },
    ],
  },
});
