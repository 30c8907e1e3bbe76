import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formatZodIssues, issuePath, ISSUES_SHOWN } from "../../src/core/zod-issues.js";

describe("issuePath", () => {
  it.each([
    [[], "(root)"],
    [["budget"], "budget"],
    [["budget", "per_run", "usd"], "budget.per_run.usd"],
    [["attempts", 2, "outcome"], "attempts[2].outcome"],
    [[0, "a"], "[0].a"],
    [["gates", 0, 1], "gates[0][1]"],
  ])("%j is %j", (path, text) => {
    expect(issuePath(path)).toBe(text);
  });
});

describe("formatZodIssues", () => {
  const issues = (value: unknown, schema: z.ZodType) => {
    const r = schema.safeParse(value);
    return r.success ? [] : r.error.issues;
  };

  it("names each problem with its path", () => {
    const schema = z.object({ a: z.number({ error: "expected a number" }), b: z.array(z.string({ error: "expected text" })) });
    expect(formatZodIssues(issues({ a: "x", b: [1] }, schema))).toBe("a: expected a number; b[0]: expected text");
  });

  it("shows the first five, then how many more", () => {
    const schema = z.array(z.string({ error: "expected text" }));
    const all = issues([1, 2, 3, 4, 5, 6, 7], schema);
    expect(all).toHaveLength(7);
    expect(ISSUES_SHOWN).toBe(5);
    expect(formatZodIssues(all)).toBe(
      "[0]: expected text; [1]: expected text; [2]: expected text; [3]: expected text; [4]: expected text; and 2 more",
    );
    expect(formatZodIssues(all, 1)).toBe("[0]: expected text; and 6 more");
    expect(formatZodIssues(all.slice(0, 5))).toBe(
      "[0]: expected text; [1]: expected text; [2]: expected text; [3]: expected text; [4]: expected text",
    );
  });

  it("says the root is invalid when no issue is given", () => {
    expect(formatZodIssues([])).toBe("(root): invalid");
  });

  it("names the root", () => {
    expect(formatZodIssues(issues("x", z.number({ error: "expected a number" })))).toBe("(root): expected a number");
  });
});
