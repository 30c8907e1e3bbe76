import { describe, expect, it } from "vitest";
import { capMarkdown, escapeInline, formatCount, formatDuration, formatUsd, truncate } from "../../src/core/render.js";

describe("formatUsd", () => {
  it.each([
    [-2.5, "-$2.50"],
    [-0.004, "-<$0.01"],
    [0.0049, "<$0.01"],
    [999.994, "$999.99"],
    [999.995, "$1,000.00"],
    [12_345.678, "$12,345.68"],
    [Number.POSITIVE_INFINITY, "—"],
    [Number.NEGATIVE_INFINITY, "—"],
  ])("formatUsd(%s) is %s", (n, expected) => {
    expect(formatUsd(n)).toBe(expected);
  });
});

describe("formatDuration", () => {
  it.each([
    [0.4, "0ms"],
    [999.4, "999ms"],
    [999.6, "1000ms"],
    [1_000, "1s"],
    [59_999, "59s"],
    [60_000, "1m"],
    [61_000, "1m 1s"],
    [3_599_999, "59m 59s"],
    [3_600_000, "1h"],
    [3_660_000, "1h 1m"],
    [86_399_999, "23h 59m"],
    [86_400_000, "1d"],
    [90_000_000, "1d 1h"],
    [1_000 * 86_400_000, "1,000d"],
    [1_000 * 86_400_000 + 3_600_000, "1,000d 1h"],
    [Number.NaN, "—"],
    [Number.POSITIVE_INFINITY, "—"],
  ])("formatDuration(%s) is %s", (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe("formatCount", () => {
  it.each([
    [0, "0"],
    [999, "999"],
    [1_000, "1,000"],
    [-1_234_567, "-1,234,567"],
    [1.5, "1.5"],
    [Number.MAX_SAFE_INTEGER + 2, String(Number.MAX_SAFE_INTEGER + 2)],
  ])("formatCount(%s) is %s", (n, expected) => {
    expect(formatCount(n)).toBe(expected);
  });
});

describe("truncate", () => {
  it("keeps text at the limit and cuts longer text to the limit, ellipsis included", () => {
    expect(truncate("abcde", 5)).toBe("abcde");
    expect(truncate("abcdef", 5)).toBe("abcd…");
    expect(truncate("ab", 1)).toBe("…");
  });

  it("returns nothing for a limit of 0 or less", () => {
    expect(truncate("abc", 0)).toBe("");
    expect(truncate("abc", -3)).toBe("");
    expect(truncate("", 0)).toBe("");
  });

  it("never keeps half a surrogate pair", () => {
    // The cut falls after the first half of the emoji: it is dropped whole.
    expect(truncate("a😀bcd", 3)).toBe("a…");
    // The cut falls after the whole emoji: it is kept.
    expect(truncate("a😀bcd", 4)).toBe("a😀…");
    // A low surrogate just before the cut is the end of a whole pair, not a half.
    expect(truncate("😀😀😀", 4)).toBe("😀…");
  });
});

describe("capMarkdown", () => {
  const note = "\n\n_…(truncated to fit GitHub's size limit)_";

  it("keeps markdown at the limit", () => {
    expect(capMarkdown("x".repeat(100), 100)).toBe("x".repeat(100));
  });

  it("cuts at the last line break that leaves room for the note", () => {
    const lines = Array.from({ length: 20 }, (_, i) => `line ${String(i).padStart(2, "0")}`).join("\n"); // 7 + 1 per line
    const out = capMarkdown(lines, 100);
    expect(out).toBe(`line 00\nline 01\nline 02\nline 03\nline 04\nline 05\nline 06${note}`);
    expect(out.length).toBeLessThanOrEqual(100);
  });

  it("cuts mid-line when no line break leaves room", () => {
    expect(capMarkdown("y".repeat(200), 100)).toBe(`${"y".repeat(100 - note.length)}${note}`);
    // A line break at the very start is no place to cut.
    expect(capMarkdown(`\n${"y".repeat(200)}`, 100)).toBe(`\n${"y".repeat(99 - note.length)}${note}`);
  });

  it("drops the first half of a surrogate pair at the cut", () => {
    const room = 100 - note.length;
    const text = `${"y".repeat(room - 1)}😀${"y".repeat(100)}`;
    expect(capMarkdown(text, 100)).toBe(`${"y".repeat(room - 1)}${note}`);
  });

  it("cuts the note itself when the limit is smaller than the note", () => {
    expect(capMarkdown("z".repeat(50), 10)).toBe(note.slice(0, 10));
  });
});

describe("escapeInline", () => {
  it("puts lines and tabs on one line with single spaces around breaks, trimmed", () => {
    expect(escapeInline("  a \r\n\r\n  b\rc\nd\te  ", 100)).toBe("a b c d e");
  });

  it("removes control characters, bidi controls, marks and a BOM", () => {
    expect(escapeInline("a\u0000\u0007\u001B\u007F\u0085\u009Fb", 100)).toBe("ab");
    expect(escapeInline("a\u202A\u202E\u2066\u2069\u200E\u200F\u061C\uFEFFb", 100)).toBe("ab");
  });

  it("replaces a lone surrogate and keeps a pair", () => {
    expect(escapeInline("a\uD83Db\uDE00c😀", 100)).toBe("a\uFFFDb\uFFFDc😀");
  });

  it("escapes &, < and > as entities, and markdown punctuation with a backslash", () => {
    expect(escapeInline("a & <b> \\ ` * _ [ ] | ~ c", 100)).toBe("a &amp; &lt;b&gt; \\\\ \\` \\* \\_ \\[ \\] \\| \\~ c");
  });

  it("breaks mentions and issue references, and leaves other @ and # alone", () => {
    expect(escapeInline("@alice @1 @a_x @-y #12 a@ b # c #x", 100)).toBe("@&#8203;alice @&#8203;1 @&#8203;a\\_x @&#8203;-y #&#8203;12 a@ b # c #x");
    expect(escapeInline("@élodie", 100)).toBe("@&#8203;élodie");
  });

  it("caps before escaping", () => {
    expect(escapeInline("&&&&&", 3)).toBe("&amp;&amp;…");
  });
});
