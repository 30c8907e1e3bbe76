import { describe, expect, it } from "vitest";
import { closestName, editDistance } from "../../src/core/closest-name.js";
import { parseCommands } from "../../src/core/commands.js";
import { ConfigError } from "../../src/core/errors.js";
import { parseConfig } from "../../src/core/config.js";

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["", "abc", 3],
    ["abc", "", 3],
    ["abc", "abc", 0],
    ["abc", "abd", 1],
    ["abc", "ab", 1],
    ["ab", "abc", 1],
    ["abc", "acb", 1],
    ["approve", "aprpove", 1],
    ["ca", "abc", 3],
    ["kitten", "sitting", 3],
    ["abcd", "badc", 2],
  ])("%j to %j is %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe("closestName", () => {
  const names = ["approve", "reject", "retry"] as const;

  it("finds the closest name within the distance, ignoring case", () => {
    expect(closestName("aprove", names, 2)).toBe("approve");
    expect(closestName("APPROVE", names, 0)).toBe("approve");
    expect(closestName("Retyr", names, 1)).toBe("retry");
  });

  it("finds nothing beyond the distance", () => {
    expect(closestName("aprve", names, 1)).toBeUndefined();
    expect(closestName("aprve", names, 2)).toBe("approve");
    expect(closestName("zzz", names, 2)).toBeUndefined();
    expect(closestName("x", [], 5)).toBeUndefined();
  });

  it("prefers the nearer name, and the earlier one on a tie", () => {
    expect(closestName("rejet", ["retry", "reject"], 3)).toBe("reject");
    expect(closestName("ab", ["ax", "ay"], 1)).toBe("ax");
  });
});

describe("both callers use it", () => {
  it("a mistyped slash command (a swap is one edit)", () => {
    expect(parseCommands("/aprpove")).toEqual([{ kind: "unknown", name: "aprpove", suggestion: "approve" }]);
  });

  it("a mistyped configuration key (a swap is one edit)", () => {
    let caught: unknown;
    try {
      parseConfig({ budegt: {} });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    if (!(caught instanceof ConfigError)) return;
    expect(caught.problems[0]?.path).toBe("budegt");
    expect(caught.problems[0]?.message).toContain('did you mean "budget"?');
  });
});
