import { describe, expect, it } from "vitest";
import {
  ConfigError,
  failureMessage,
  FOREMAN_ERROR_KINDS,
  ForemanError,
  InvalidArgumentError,
  StateDecodeError,
  StateEncodeError,
} from "../../src/core/errors.js";

describe("ForemanError", () => {
  it("every core error is a ForemanError with its kind, and keeps its cause", () => {
    const cause = new Error("root");
    const cases: [ForemanError, string][] = [
      [new ConfigError([{ path: "a", message: "b" }], { cause }), "usage"],
      [new StateDecodeError("bad_encoding", "m", { cause }), "corrupt"],
      [new StateEncodeError("too_large", "m", { cause }), "internal"],
      [new InvalidArgumentError("n", "m", { cause }), "internal"],
    ];
    for (const [error, kind] of cases) {
      expect(error).toBeInstanceOf(ForemanError);
      expect(error).toBeInstanceOf(Error);
      expect(error.kind).toBe(kind);
      expect(error.cause).toBe(cause);
      expect(FOREMAN_ERROR_KINDS).toContain(error.kind);
    }
  });

  it("names the argument of a broken contract", () => {
    expect(new InvalidArgumentError("timeoutMs", "m").argument).toBe("timeoutMs");
    expect(new InvalidArgumentError("timeoutMs", "m").name).toBe("InvalidArgumentError");
  });
});

describe("failureMessage", () => {
  it("is a Foreman error's own message", () => {
    const error = new ConfigError([{ path: "budget.daily.usd", message: "expected a positive number" }]);
    expect(failureMessage(error)).toBe("Invalid Foreman configuration: budget.daily.usd: expected a positive number");
  });

  it("says that anything else is unexpected", () => {
    expect(failureMessage(new TypeError("x is undefined"))).toBe("unexpected error: x is undefined");
    expect(failureMessage("thrown text")).toBe("unexpected error: thrown text");
  });
});
