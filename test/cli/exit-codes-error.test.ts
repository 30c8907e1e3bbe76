import { describe, expect, it } from "vitest";
import { EXIT, exitCodeForError } from "../../src/cli/exit-codes.js";

describe("exitCodeForError", () => {
  it("maps each kind of failure to today's exit code", () => {
    expect(exitCodeForError("usage")).toBe(EXIT.usage);
    expect(exitCodeForError("conflict")).toBe(EXIT.usage);
    expect(exitCodeForError("corrupt")).toBe(EXIT.unsuccessful);
    expect(exitCodeForError("internal")).toBe(EXIT.unsuccessful);
  });
});
