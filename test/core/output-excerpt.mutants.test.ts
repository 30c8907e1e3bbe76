/**
 * `excerptOutput` at the boundaries of its cuts: the budget filled to the character, the tail
 * starting at a line start, context lines kept or dropped at exactly half the head's budget, the
 * head ending at a line end, and error lines at the edge of the tail. Each case names the three
 * offsets of the excerpt (head start, head end, tail start) and is rebuilt here from the format
 * the function documents. Written against the mutants that survived
 * `npx stryker run --mutate src/core/output-excerpt.ts`.
 */
import { describe, expect, it } from "vitest";
import { excerptOutput, WHOLE_OUTPUT_HINT } from "../../src/core/output-excerpt.js";

const cutBefore = (n: number) => `[… ${n} characters cut before the first error line; ${WHOLE_OUTPUT_HINT} …]`;
const cutHere = (n: number) => `[… ${n} characters cut here; ${WHOLE_OUTPUT_HINT} …]`;

/** The documented excerpt: a marker for what precedes the head, the head (its last newline dropped), a marker for the cut, the tail. */
function excerpt(output: string, headStart: number, headEnd: number, tailStart: number): string {
  const parts: string[] = [];
  if (headStart > 0) parts.push(cutBefore(headStart));
  const head = output.slice(headStart, headEnd);
  parts.push(head.endsWith("\n") ? head.slice(0, -1) : head);
  if (tailStart > headEnd) parts.push(cutHere(tailStart - headEnd));
  parts.push(output.slice(tailStart));
  return parts.join("\n");
}

describe("excerptOutput: the budget, to the character", () => {
  it("one long line: the head is its first 324 characters, cut mid-line and kept whole, the tail its last 487", () => {
    const output = `Error: x${"y".repeat(1000)}`;
    const kept = excerptOutput(output, 1000);
    expect(kept).toBe(excerpt(output, 0, 324, 521));
    expect(kept.startsWith(`Error: x${"y".repeat(316)}\n[…`)).toBe(true);
  });

  it("a budget whose tail quarter is a whole number: a line start exactly that far into the tail is not taken", () => {
    // max 1001: the tail budget is 488, a quarter of it 122; the only newline in the tail ends its 122nd character.
    const output = `Error: x\n${"h".repeat(3000)}\n${"u".repeat(366)}`;
    expect(excerptOutput(output, 1001)).toBe(excerpt(output, 0, 324, 2888));
  });
});

describe("excerptOutput: the tail starts at a line start", () => {
  it("when the cut already falls on a line start, the tail starts there, not at the next line", () => {
    const output = `Error: first\n${"zzzzzz\n".repeat(429)}end`;
    const kept = excerptOutput(output, 1000);
    expect(output[2532]).toBe("\n");
    expect(kept).toBe(excerpt(output, 0, 321, 2533));
  });
});

describe("excerptOutput: the head ends at a line end", () => {
  it("a line end a quarter of the head's budget or more before the cut is not taken: the head is cut mid-line", () => {
    const output = `Error: first\n${"q".repeat(36)}${`${"z".repeat(96)}\n`.repeat(31)}end`;
    expect(excerptOutput(output, 1000)).toBe(excerpt(output, 0, 324, 2668));
  });

  it("a line end less than a quarter of the head's budget before the cut is where the head ends", () => {
    const output = `Error: first\n${"q".repeat(37)}${`${"z".repeat(96)}\n`.repeat(31)}end`;
    expect(excerptOutput(output, 1000)).toBe(excerpt(output, 0, 244, 2669));
  });

  it("when the head ends just before a line end, that line end is not reached for", () => {
    const output = `Error: first\n${"zzzzzz\n".repeat(429)}end`;
    const kept = excerptOutput(output, 1000);
    expect(kept.split("\n[…")[0]).toBe(output.slice(0, 320));
  });
});

describe("excerptOutput: context lines above the first error line", () => {
  it("two context lines of 100 characters are more than half the head's budget: dropped", () => {
    const output = `${"c".repeat(100)}\n${"d".repeat(100)}\nError: boom\n${"x\n".repeat(2000)}end`;
    expect(excerptOutput(output, 1000)).toBe(excerpt(output, 202, 526, 3730));
  });

  it("context of exactly half the head's budget is kept", () => {
    // The head's budget is 323; the context above the error line is "n\n" and a line of 159 + 1 characters: 161.5 would drop it.
    const output = `${"n\n".repeat(1000)}${"c".repeat(159)}\nError: boom\n${"x\n".repeat(2000)}end`;
    const kept = excerptOutput(output, 1000);
    expect(kept).toBe(excerpt(output, 1998, 2322, 5688));
    expect(kept.startsWith(`${cutBefore(1998)}\nn\n${"c".repeat(159)}\nError: boom\n`)).toBe(true);
  });
});

describe("excerptOutput: error lines at the edge of the tail", () => {
  it("an error line right before the tail: the head runs into the tail with no marker between them", () => {
    const output = `start\n${"x\n".repeat(2000)}\nFAIL late\n${"w".repeat(480)}`;
    const kept = excerptOutput(output, 1000);
    expect(kept).toBe(excerpt(output, 4004, 4017, 4017));
    expect(kept).not.toContain("cut here");
  });

  it("an error line that starts exactly where the tail starts is the tail's, not the head", () => {
    const output = `start\n${"x".repeat(3000)}\nFAIL late\n${"w".repeat(400)}`;
    const kept = excerptOutput(output, 1000);
    expect(kept).toBe(excerpt(output, 0, 324, 3007));
    expect(kept.startsWith("start\n")).toBe(true);
  });

  it("an error line starting a few characters before the tail, without a line end before it: its start is the head", () => {
    // The context lines are too long (dropped); the head is the 8 characters of the error line before the tail.
    const output = `${"n".repeat(3000)}\n${"c".repeat(400)}\nFAIL ${"w".repeat(490)}`;
    const kept = excerptOutput(output, 1000);
    expect(kept).toBe(excerpt(output, 3402, 3410, 3410));
    expect(kept.startsWith(`${cutBefore(3402)}\nFAIL www\nwww`)).toBe(true);
  });

  it("the last line, without a newline, starting before the tail and ending in an error word, is the first error line", () => {
    const output = `${"x\n".repeat(1000)}${"m".repeat(484)} FAIL`;
    expect(excerptOutput(output, 1000).startsWith(`${cutBefore(1996)}\nx\nx\n`)).toBe(true);
  });
});
