import { fc } from "@fast-check/vitest";

// Under mutation testing a failing property only has to fail, not explain itself: shrinking
// the counterexample of an instrumented run takes long enough to hit Stryker's timeout, which
// restarts a test runner per mutant and turns a minute's run into hours.
fc.configureGlobal({ endOnFailure: true });
