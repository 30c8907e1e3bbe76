/** "Killed" only when a signal or a timeout stopped a gate; a command that could not start was not killed. */
import { describe, expect, it } from "vitest";
import { renderFeedback, type GateFailure } from "../../src/core/task.js";

const failing = (o: Partial<GateFailure>): GateFailure => ({ name: "t", root: ".", exitCode: null, timedOut: false, output: "x", ...o });

describe("how a gate without an exit code ended", () => {
  it("no signal: it could not run (e.g. command not found)", () => {
    const text = renderFeedback(1, [failing({ signal: null, output: "command not found: tape" })]);
    expect(text).toContain("## Gate `t` in `.` could not run\n");
    expect(text).not.toContain("killed");
  });
  it("a signal: killed, naming it", () => {
    expect(renderFeedback(1, [failing({ signal: "SIGKILL" })])).toContain("## Gate `t` in `.` was killed by SIGKILL\n");
  });
  it("a timeout wins over the signal that ended it", () => {
    expect(renderFeedback(1, [failing({ signal: "SIGTERM", timedOut: true })])).toContain("## Gate `t` in `.` timed out\n");
  });
  it("an exit code wins", () => {
    expect(renderFeedback(1, [failing({ exitCode: 127, signal: null })])).toContain("## Gate `t` in `.` exited with code 127\n");
  });
});
