import { defineConfig } from "vitest/config";

// Mutation testing (`npm run mutate`) judges src/core by its own unit tests: they are pure and
// fast, and a core decision must be pinned down where it is made. The layer check reads the
// sources, which Stryker instruments, so it stays out of this run (it runs in `npm test`).
export default defineConfig({
  test: {
    include: ["test/core/**/*.test.ts"],
    exclude: ["test/core/index.test.ts"],
    // Instrumented code runs slower; property tests need the room.
    testTimeout: 60_000,
    // A failing property stops at its first counterexample (no shrinking): see the file.
    setupFiles: ["test/support/mutation-setup.ts"],
  },
});
