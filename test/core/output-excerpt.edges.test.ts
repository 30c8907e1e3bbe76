/**
 * `excerptOutput`, exactly: where the head starts (two lines of context above the first error
 * line), where each part is cut, the numbers the markers carry, and which words make a line an
 * error line. The agent reads this text in its feedback; these pin it character for character.
 */
import { describe, expect, it } from "vitest";
import { excerptOutput, WHOLE_OUTPUT_HINT } from "../../src/core/output-excerpt.js";

const cutBefore = (n: number) => `[… ${n} characters cut before the first error line; ${WHOLE_OUTPUT_HINT} …]`;
const cutHere = (n: number) => `[… ${n} characters cut here; ${WHOLE_OUTPUT_HINT} …]`;

describe("excerptOutput: the exact excerpt", () => {
  it("the hint names where the whole output is", () => {
    expect(WHOLE_OUTPUT_HINT).toBe("whole output in the attempt's gate log");
  });

  it("two lines of context, the error, head to a line end, a marker, the tail from a line start", () => {
    const output = `${"ok line\n".repeat(300)}context one\ncontext two\nnpm ERR! boom\nmore\n${"tail line\n".repeat(300)}end`;
    expect(excerptOutput(output, 1000)).toBe(
      `${cutBefore(2400)}\ncontext one\ncontext two\nnpm ERR! boom\nmore\n${"tail line\n".repeat(28)}${cutHere(2240)}\n${"tail line\n".repeat(48)}end`,
    );
  });

  it("an error on the first line: no marker before it, the head starts at 0", () => {
    const output = `error: first\n${"x\n".repeat(2000)}end`;
    const kept = excerptOutput(output, 1000);
    expect(kept.startsWith("error: first\nx\n")).toBe(true);
    expect(kept).not.toContain("before the first error line");
    expect(kept.endsWith("\nx\nend")).toBe(true);
  });

  it("an error on the second line keeps the one line above it", () => {
    const output = `$ npm test\nFAIL a.test.ts\n${"x\n".repeat(2000)}end`;
    expect(excerptOutput(output, 1000).startsWith("$ npm test\nFAIL a.test.ts\nx\n")).toBe(true);
  });

  it("context lines that are too long are dropped: the head starts at the error line", () => {
    const output = `${"n".repeat(3000)}\n${"c".repeat(400)}\nError: boom\n${"x\n".repeat(2000)}end`;
    const kept = excerptOutput(output, 1000);
    expect(kept.startsWith(`${cutBefore(3402)}\nError: boom\nx\n`)).toBe(true);
  });

  it("an error line that only shows up in the tail is not taken as the head", () => {
    const output = `start\n${"x\n".repeat(2000)}FAIL late\nend`;
    const kept = excerptOutput(output, 1000);
    expect(kept.startsWith("start\nx\n")).toBe(true);
    expect(kept.endsWith("FAIL late\nend")).toBe(true);
  });

  it("the head never runs into the tail; no middle marker when nothing is cut between them", () => {
    const output = `Error: x\n${"y".repeat(1500)}`;
    const kept = excerptOutput(output, 1400);
    expect(kept.length).toBeLessThanOrEqual(1400);
    expect(kept.startsWith("Error: x\n")).toBe(true);
    expect(kept.endsWith("y")).toBe(true);
  });

  it("a fractional cap is rounded down, a negative one keeps nothing", () => {
    expect(excerptOutput("abcdef", 3.9)).toBe("def");
    expect(excerptOutput("abc", -5)).toBe("");
    expect(excerptOutput("a".repeat(1000), 999.7).length).toBeLessThanOrEqual(999);
  });

  it("between 200 and 800: one marker with the exact count, then the tail, within the cap", () => {
    const output = "z".repeat(1000);
    const kept = excerptOutput(output, 200);
    const marker = cutHere(1000 - (200 - cutHere(1000).length - 1));
    expect(kept).toBe(`${marker}\n${"z".repeat(200 - cutHere(1000).length - 1)}`);
    // The marker's count has fewer digits than the total it was measured with: one character to spare.
    expect(kept.length).toBe(199);
    expect(excerptOutput(output, 199)).toBe("z".repeat(199));
  });

  it("from 800: a head and two markers", () => {
    const output = `Error: first\n${"z\n".repeat(1000)}`;
    const kept = excerptOutput(output, 800);
    expect(kept.startsWith("Error: first\n")).toBe(true);
    expect(kept).toContain("characters cut here");
    const below = excerptOutput(output, 799);
    expect(below.startsWith("[… ")).toBe(true);
    expect(below.length).toBeLessThanOrEqual(799);
  });

  it("only the first 500 characters of a line are searched for an error word", () => {
    const late = `${"m".repeat(600)} error here`;
    const output = `start\n${late}\n${"x\n".repeat(2000)}end`;
    expect(excerptOutput(output, 1000).startsWith("start\n")).toBe(true);
    const early = `${"m".repeat(400)} error here`;
    const found = excerptOutput(`${"q\n".repeat(500)}${early}\n${"x\n".repeat(2000)}end`, 1000);
    expect(found).toContain(`q\nq\n${"m".repeat(10)}`);
    expect(found.startsWith(cutBefore(996))).toBe(true);
  });
});

describe("which lines are error lines", () => {
  const head = (line: string) => excerptOutput(`${"ok\n".repeat(1000)}${line}\n${"ok\n".repeat(1000)}`, 1000);
  it.each([
    "npm ERR! code E404",
    "Error: boom",
    "3 errors",
    "FAIL src/a.test.ts",
    "test failed",
    "Failure: x",
    "2 failures",
    "it fails",
    "fatal: not a git repository",
    "panic: runtime error",
    "thread 'main' panicked at x",
    "Exception in thread",
    "Traceback (most recent call last):",
    "not ok 3 - adds",
    "cannot open",
    "can't open",
    "could not resolve",
    "sh: 1: x: not found",
    "No such file or directory",
    "undefined reference to `f'",
    "Assertion `n > 0` violated",
    "E       assert 1 == 2",
    "  ✗ adds",
    "  ✖ adds",
    "ERROR",
  ])("%j", (line) => {
    expect(head(line).startsWith(`${cutBefore(3000 - 6)}\nok\nok\n${line}\n`)).toBe(true);
  });

  it.each(["terrors", "errand", "failover", "unfailing", "fatalism", "E x", "Everything fine", "notfound", "xassertion"])("%j is not", (line) => {
    expect(head(line).startsWith("ok\nok\n")).toBe(true);
  });
});
