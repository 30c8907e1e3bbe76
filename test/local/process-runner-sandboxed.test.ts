/** `ProcessRunner.sandboxed`: presets learn from it whether Foreman's own sandbox confines the agent (codex then bypasses its own). */
import { describe, expect, it } from "vitest";
import { ExecaProcessRunner } from "../../src/local/process-runner.js";

describe("ExecaProcessRunner.sandboxed", () => {
  it("is true exactly when every command runs in bubblewrap", () => {
    expect(new ExecaProcessRunner().sandboxed).toBe(false);
    expect(new ExecaProcessRunner({ sandbox: { bwrap: "/usr/bin/bwrap", writable: ["/tmp/x"] } }).sandboxed).toBe(true);
  });
});
