import { describe, expect, it } from "vitest";
import { parseConfig, SANDBOX_MODES } from "../../src/core/config.js";
import { ConfigError } from "../../src/core/errors.js";

function problemsOf(raw: unknown): string[] {
  try {
    parseConfig(raw);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error("expected a ConfigError");
}

describe("config: sandbox", () => {
  it("defaults to auto", () => {
    expect(parseConfig({}).sandbox).toBe("auto");
    expect(parseConfig(null).sandbox).toBe("auto");
  });

  it.each(SANDBOX_MODES)("keeps %s", (mode) => {
    expect(parseConfig({ sandbox: mode }).sandbox).toBe(mode);
  });

  it("lists the three modes", () => {
    expect(SANDBOX_MODES).toEqual(["auto", "required", "off"]);
  });

  it.each([
    ["on", '"on"'],
    [true, "true"],
    ["", '""'],
  ])("refuses %j, naming the key and the modes", (value, shown) => {
    expect(problemsOf({ sandbox: value })).toEqual([`sandbox: expected one of auto, required, off, got ${shown}`]);
  });

  it("says which key a typo meant", () => {
    expect(problemsOf({ sandbx: "off" })[0]).toMatch(/^sandbx: unknown key \(did you mean "sandbox"\?\)/);
  });
});
