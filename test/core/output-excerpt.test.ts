/** `excerptOutput`: the first error lines and the tail of a long gate output, within the cap. */
import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { excerptOutput, WHOLE_OUTPUT_HINT } from "../../src/core/output-excerpt.js";

const usage = (n: number) => Array.from({ length: n }, (_, i) => `  --flag-${i}    what flag ${i} does`).join("\n");

describe("excerptOutput", () => {
  it("returns an output that fits unchanged, at the cap too", () => {
    expect(excerptOutput("", 500)).toBe("");
    expect(excerptOutput("a\nb", 500)).toBe("a\nb");
    expect(excerptOutput("x".repeat(500), 500)).toBe("x".repeat(500));
  });

  it("keeps the npm ERR! lines that come before pages of usage text, and the tail", () => {
    const output = `> pkg@1.0.0 test\nnpm ERR! code EUSAGE\nnpm ERR! The \`npm ci\` command can only install with an existing package-lock.json\n${usage(400)}`;
    const kept = excerptOutput(output, 4_000);
    expect(kept.length).toBeLessThanOrEqual(4_000);
    expect(kept).toContain("npm ERR! code EUSAGE");
    expect(kept).toContain("can only install with an existing package-lock.json");
    // Context: the line before the first error line is kept too.
    expect(kept.startsWith("> pkg@1.0.0 test\nnpm ERR! code EUSAGE\n")).toBe(true);
    expect(kept.endsWith("what flag 399 does")).toBe(true);
    expect(kept).toMatch(new RegExp(`\\n\\[… \\d+ characters cut here; ${WHOLE_OUTPUT_HINT} …\\]\\n`));
  });

  it("says how much came before the first error line when it starts later", () => {
    const output = `${"noise line\n".repeat(1_000)}Error: Cannot find module 'tape'\n    at Module._resolveFilename\n${"more noise\n".repeat(1_000)}1 failing`;
    const kept = excerptOutput(output, 2_000);
    expect(kept.length).toBeLessThanOrEqual(2_000);
    expect(kept).toContain("Error: Cannot find module 'tape'\n    at Module._resolveFilename");
    const [first] = kept.split("\n");
    expect(first).toMatch(/^\[… \d+ characters cut before the first error line; /);
    const before = Number(/\[… (\d+) characters/.exec(first!)![1]);
    expect(output.slice(before).startsWith("noise line\nnoise line\nError: Cannot find module")).toBe(true);
    expect(kept.endsWith("more noise\n1 failing")).toBe(true);
  });

  it("keeps the beginning when no line looks like an error before the tail", () => {
    const output = `first line\n${"x".repeat(10_000)}\nlast line`;
    const kept = excerptOutput(output, 1_000);
    expect(kept.startsWith("first line\n")).toBe(true);
    expect(kept.endsWith("\nlast line")).toBe(true);
    expect(kept.length).toBeLessThanOrEqual(1_000);
  });

  it("keeps only the tail under 200 characters, and the tail after one marker under 800", () => {
    expect(excerptOutput("error at the start\n" + "y".repeat(500), 100)).toBe("y".repeat(100));
    expect(excerptOutput("abc", 0)).toBe("");
    const kept = excerptOutput("error at the start\n" + "y".repeat(2_000), 500);
    expect(kept.length).toBe(500);
    const tail = kept.slice(kept.indexOf("\n") + 1);
    expect(tail).toMatch(/^y+$/);
    expect(kept.startsWith(`[… ${2_019 - tail.length} characters cut here; `)).toBe(true);
  });

  it.each([
    ["FAIL src/a.test.ts"],
    ["not ok 1 - adds"],
    ["thread 'main' panicked at src/lib.rs:3"],
    ["E   AssertionError: assert 1 == 2"],
    ["sh: 1: tape: not found"],
    ["Traceback (most recent call last):"],
    ["--- FAIL: TestAdd (0.00s)"],
    ["error[E0308]: mismatched types"],
  ])("finds %s as the first error line", (line) => {
    const output = `${"ok\n".repeat(2_000)}${line}\n${"ok\n".repeat(2_000)}`;
    expect(excerptOutput(output, 1_000)).toContain(line);
  });

  test.prop([fc.string({ maxLength: 3_000 }), fc.integer({ min: 200, max: 2_500 })], { seed: 11, numRuns: 300 })(
    "never exceeds the cap, and keeps whole what fits",
    (output, max) => {
      const kept = excerptOutput(output, max);
      expect(kept.length).toBeLessThanOrEqual(Math.max(max, 0));
      if (output.length <= max) expect(kept).toBe(output);
    },
  );

  test.prop(
    [fc.array(fc.constantFrom("ok", "npm ERR! x", "noise", "a".repeat(300), "", "FAIL y"), { maxLength: 200 }), fc.integer({ min: 200, max: 3_000 })],
    { seed: 7, numRuns: 300 },
  )("always ends with the output's last characters when it cuts", (linesOf, max) => {
    const output = linesOf.join("\n");
    const kept = excerptOutput(output, max);
    expect(kept.length).toBeLessThanOrEqual(max);
    // The last line kept is the output's own ending.
    if (output.length > max) expect(output.endsWith(kept.slice(kept.lastIndexOf("\n") + 1))).toBe(true);
  });
});
