import { describe, expect, it } from "vitest";
import { classifyError } from "../../src/core/retry.js";

describe("classifyError: what agents print when the API is busy", () => {
  it("reads OpenAI's HTTP 500 text ('high demand … temporary errors') as transient", () => {
    expect(classifyError({ message: "We're currently experiencing high demand, which may cause temporary errors." })).toBe("transient");
    expect(classifyError({ message: "codex failed: High demand right now" })).toBe("transient");
    expect(classifyError({ message: "a temporary error occurred" })).toBe("transient");
  });

  it("still reads a spent quota as permanent, and an unrelated message as permanent", () => {
    expect(classifyError({ message: "high demand: You exceeded your current quota" })).toBe("permanent");
    expect(classifyError({ message: "the demand file is missing" })).toBe("permanent");
  });
});
