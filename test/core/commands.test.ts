import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { COMMAND_NAMES, MAX_REASON_LENGTH, helpText, parseCommands, type Command } from "../../src/core/commands.js";

const SEED = { seed: 0xf0e3, numRuns: 300 };

describe("parseCommands: each command", () => {
  it.each([
    ["/approve", { kind: "approve" }],
    ["/retry", { kind: "retry" }],
    ["/cancel", { kind: "cancel" }],
    ["/status", { kind: "status" }],
    ["/help", { kind: "help" }],
  ] as const)("%s", (body, expected) => {
    expect(parseCommands(body)).toEqual([expected]);
  });

  it("reads the command word without regard to case", () => {
    expect(parseCommands("/APPROVE\n/Retry\n/bUdGeT 3")).toEqual([{ kind: "approve" }, { kind: "retry" }, { kind: "budget", usd: 3 }]);
  });

  it("ignores extra words after commands that take no argument", () => {
    expect(parseCommands("/approve looks good to me\n/status please\n/help me\n/cancel now\n/retry again")).toEqual([
      { kind: "approve" },
      { kind: "status" },
      { kind: "help" },
      { kind: "cancel" },
      { kind: "retry" },
    ]);
  });

  it("accepts a trailing . ! or , after the word", () => {
    expect(parseCommands("/approve.\n/retry!\n/cancel, thanks\n/status!!")).toEqual([
      { kind: "approve" },
      { kind: "retry" },
      { kind: "cancel" },
      { kind: "status" },
    ]);
  });

  it("keeps commands in order, duplicates included", () => {
    expect(parseCommands("/retry\ntext\n/approve\n/retry")).toEqual([{ kind: "retry" }, { kind: "approve" }, { kind: "retry" }]);
  });

  it("handles CRLF and lone CR line endings", () => {
    expect(parseCommands("hello\r\n/approve\r\n/reject too big\r\n")).toEqual([{ kind: "approve" }, { kind: "reject", reason: "too big" }]);
    expect(parseCommands("a\r/cancel\r")).toEqual([{ kind: "cancel" }]);
  });

  it("returns nothing for an empty body or a body without commands", () => {
    expect(parseCommands("")).toEqual([]);
    expect(parseCommands("Looks good, please approve.")).toEqual([]);
  });
});

describe("parseCommands: /reject", () => {
  it("takes the rest of the line as the reason, trimmed", () => {
    expect(parseCommands("/reject   the tests are fake  \nnext line")).toEqual([{ kind: "reject", reason: "the tests are fake" }]);
  });

  it("allows an empty reason", () => {
    expect(parseCommands("/reject")).toEqual([{ kind: "reject", reason: "" }]);
    expect(parseCommands("/reject   ")).toEqual([{ kind: "reject", reason: "" }]);
  });

  it("drops the punctuation right after the word from the reason", () => {
    expect(parseCommands("/reject, wrong approach")).toEqual([{ kind: "reject", reason: "wrong approach" }]);
  });

  it("caps the reason at 500 characters", () => {
    const [cmd] = parseCommands(`/reject ${"x".repeat(800)}`);
    expect(cmd).toEqual({ kind: "reject", reason: "x".repeat(MAX_REASON_LENGTH) });
  });

  it("does not split a surrogate pair when capping", () => {
    const [cmd] = parseCommands(`/reject ${"x".repeat(499)}😀tail`);
    expect(cmd).toEqual({ kind: "reject", reason: "x".repeat(499) });
  });

  it("leaves HTML comments out of the reason", () => {
    expect(parseCommands("/reject bad <!-- hidden --> design")).toEqual([{ kind: "reject", reason: "bad  design" }]);
    expect(parseCommands("/reject bad <!-- hidden to the end")).toEqual([{ kind: "reject", reason: "bad" }]);
  });
});

describe("parseCommands: /budget", () => {
  it.each([
    ["/budget 5", 5],
    ["/budget 5.50", 5.5],
    ["/budget 0.25", 0.25],
    ["/budget .5", 0.5],
    ["/budget $5", 5],
    ["/budget $ 7.25", 7.25],
    ["/budget 5 usd", 5],
    ["/budget 5USD", 5],
    ["/budget $12 USD", 12],
    ["/budget 5.", 5],
    ["/budget 10!", 10],
  ])("%s -> %d USD", (body, usd) => {
    expect(parseCommands(body)).toEqual([{ kind: "budget", usd }]);
  });

  const positive = 'expected a positive USD amount like "/budget 5"';
  it.each([
    ["/budget ten", `${positive}, got "ten"`],
    ["/budget", `${positive}, got nothing`],
    ["/budget   ", `${positive}, got nothing`],
    ["/budget 0", `${positive}, got "0"`],
    ["/budget 0.00", `${positive}, got "0.00"`],
    ["/budget -5", `${positive}, got "-5"`],
    ["/budget $-5", `${positive}, got "$-5"`],
    ["/budget NaN", `${positive}, got "NaN"`],
    ["/budget Infinity", `${positive}, got "Infinity"`],
    ["/budget 1e3", `${positive}, got "1e3"`],
    ["/budget 1,000", `${positive}, got "1,000"`],
    ["/budget 5 dollars", `${positive}, got "5 dollars"`],
    ["/budget 5 10", `${positive}, got "5 10"`],
    ["/budget 0x10", `${positive}, got "0x10"`],
    ["/budget 5.555", 'expected a USD amount with at most 2 decimals (whole cents) like "/budget 5.50", got "5.555"'],
    [`/budget ${"9".repeat(400)}`, `${positive}, got "${"9".repeat(40)}…"`],
  ])("%s is invalid", (body, problem) => {
    expect(parseCommands(body)).toEqual([{ kind: "invalid", name: "budget", problem }]);
  });
});

describe("parseCommands: unknown commands", () => {
  it("reports an unknown word with the closest known command", () => {
    expect(parseCommands("/aprove")).toEqual([{ kind: "unknown", name: "aprove", suggestion: "approve" }]);
    expect(parseCommands("/approved")).toEqual([{ kind: "unknown", name: "approved", suggestion: "approve" }]);
    expect(parseCommands("/stauts")).toEqual([{ kind: "unknown", name: "stauts", suggestion: "status" }]);
    expect(parseCommands("/Cancle")).toEqual([{ kind: "unknown", name: "cancle", suggestion: "cancel" }]);
  });

  it("gives no suggestion when nothing is close", () => {
    expect(parseCommands("/lgtm")).toEqual([{ kind: "unknown", name: "lgtm" }]);
    expect(parseCommands("/merge-now")).toEqual([{ kind: "unknown", name: "merge-now" }]);
    expect(parseCommands("/x")).toEqual([{ kind: "unknown", name: "x" }]);
  });

  it("allows hyphens inside the word", () => {
    expect(parseCommands("/approve-all")).toEqual([{ kind: "unknown", name: "approve-all" }]);
  });
});

describe("parseCommands: what is not a command", () => {
  it.each([
    ["a path", "/usr/bin/env node"],
    ["a path after punctuation", "/approve./foo"],
    ["a word glued to other characters", "/approve:"],
    ["a digit after the slash", "/5 things"],
    ["an underscore", "/approve_now"],
    ["a slash alone", "/"],
    ["a slash and a space", "/ approve"],
    ["a word longer than 32 letters", `/${"a".repeat(33)}`],
    ["text before the command", "please /approve"],
    ["a bullet", "- /approve"],
    ["four spaces (indented code)", "    /approve"],
    ["a tab (indented code)", "\t/approve"],
    ["spaces then a tab", "  \t/approve"],
    ["a non-breaking space before", "\u00a0/approve"],
    ["a zero-width space before", "\u200b/approve"],
    ["a zero-width space inside", "/appr\u200bove"],
    ["a comment glued after the word", "/approve<!-- x -->"],
  ])("not %s", (_what, body) => {
    expect(parseCommands(body)).toEqual([]);
  });

  it("counts up to three leading spaces", () => {
    expect(parseCommands(" /approve\n  /retry\n   /cancel")).toEqual([{ kind: "approve" }, { kind: "retry" }, { kind: "cancel" }]);
  });

  it("accepts a word of exactly 32 letters", () => {
    expect(parseCommands(`/${"a".repeat(32)}`)).toEqual([{ kind: "unknown", name: "a".repeat(32) }]);
  });
});

describe("parseCommands: fenced code", () => {
  it("ignores commands in a backtick fence and finds the ones after it", () => {
    expect(parseCommands("```\n/approve\n```\n/retry")).toEqual([{ kind: "retry" }]);
  });

  it("ignores commands in a tilde fence with an info string", () => {
    expect(parseCommands("~~~ sh title=x\n/approve\n~~~\n/retry")).toEqual([{ kind: "retry" }]);
  });

  it("closes only on the same character", () => {
    expect(parseCommands("```\n~~~\n/approve\n```\n/cancel")).toEqual([{ kind: "cancel" }]);
    expect(parseCommands("~~~\n```\n/approve\n~~~\n/cancel")).toEqual([{ kind: "cancel" }]);
  });

  it("closes only on a fence at least as long as the opener", () => {
    expect(parseCommands("````\n```\n/approve\n````\n/cancel")).toEqual([{ kind: "cancel" }]);
    expect(parseCommands("```\n/approve\n`````\n/cancel")).toEqual([{ kind: "cancel" }]);
  });

  it("does not close on a fence with an info string", () => {
    expect(parseCommands("```\n``` js\n/approve\n```\n/cancel")).toEqual([{ kind: "cancel" }]);
  });

  it("does not close on a fence indented four spaces", () => {
    expect(parseCommands("```\n    ```\n/approve\n```\n/cancel")).toEqual([{ kind: "cancel" }]);
  });

  it("closes on a fence indented up to three spaces, with trailing spaces", () => {
    expect(parseCommands("```\n/approve\n   ```  \n/cancel")).toEqual([{ kind: "cancel" }]);
  });

  it("runs an unclosed fence to the end", () => {
    expect(parseCommands("/retry\n```\n/approve\n\n/cancel")).toEqual([{ kind: "retry" }]);
  });

  it("takes an opener indented up to three spaces", () => {
    expect(parseCommands("   ```\n/approve\n```\n/cancel")).toEqual([{ kind: "cancel" }]);
  });

  it("does not take four spaces of indentation as a fence opener", () => {
    expect(parseCommands("    ```\n/approve")).toEqual([{ kind: "approve" }]);
  });

  it("does not take backticks with a backtick in the info string as a fence", () => {
    expect(parseCommands("``` a`b\n/approve")).toEqual([{ kind: "approve" }]);
  });

  it("does not take two backticks as a fence", () => {
    expect(parseCommands("``\n/approve")).toEqual([{ kind: "approve" }]);
  });

  it("ignores commands in a fence that opens a list item", () => {
    expect(parseCommands("- ```\n  /approve\n  ```\n/cancel")).toEqual([{ kind: "cancel" }]);
    expect(parseCommands("1. ```\n   /approve\n   ```\n/cancel")).toEqual([{ kind: "cancel" }]);
  });

  it("ends a list item's fence at a line not indented into the item", () => {
    // The unindented line leaves the list item, which closes its fence: the line is a command.
    expect(parseCommands("- ```\n  code\n/approve")).toEqual([{ kind: "approve" }]);
    // Here the unindented fence leaves the item and opens a new top-level fence.
    expect(parseCommands("- ```\n  code\n```\n/approve")).toEqual([]);
  });

  it("ignores HTML comment markers inside a fence", () => {
    expect(parseCommands("```\n<!--\n```\n/approve")).toEqual([{ kind: "approve" }]);
  });
});

describe("parseCommands: block quotes", () => {
  it.each(["> /approve", ">/approve", "   > /approve", "> > /approve", ">\t/approve"])("ignores %j", (body) => {
    expect(parseCommands(body)).toEqual([]);
  });

  it("finds a command after a quote", () => {
    expect(parseCommands("> /approve\n\n/retry")).toEqual([{ kind: "retry" }]);
  });

  it("ends a fence opened in a quote with the quote", () => {
    expect(parseCommands("> ```\n> /approve\n/retry")).toEqual([{ kind: "retry" }]);
  });

  it("ignores comment markers inside a quoted fence", () => {
    expect(parseCommands("> ```\n> <!--\n> ```\n/retry")).toEqual([{ kind: "retry" }]);
  });

  it("tracks a comment opened on a quoted line", () => {
    expect(parseCommands("> note <!--\n/approve\n-->\n/retry")).toEqual([{ kind: "retry" }]);
  });
});

describe("parseCommands: HTML comments", () => {
  it("ignores a command inside a one-line comment", () => {
    expect(parseCommands("<!-- /approve -->\n/retry")).toEqual([{ kind: "retry" }]);
  });

  it("ignores commands inside a multi-line comment", () => {
    expect(parseCommands("<!--\n/approve\n/budget 100\n-->\n/retry")).toEqual([{ kind: "retry" }]);
  });

  it("ignores a comment opened mid-line", () => {
    expect(parseCommands("text <!-- hidden\n/approve\n-->/cancel\n/retry")).toEqual([{ kind: "retry" }]);
  });

  it("runs an unterminated comment to the end", () => {
    expect(parseCommands("/retry\n<!--\n/approve")).toEqual([{ kind: "retry" }]);
  });

  it("finds a command after a comment closed on an earlier line", () => {
    expect(parseCommands("<!-- a --> <!-- b\n -->\n/approve")).toEqual([{ kind: "approve" }]);
  });

  it("keeps looking for --> after <!-->", () => {
    expect(parseCommands("<!-->\n/approve")).toEqual([]);
  });

  it("ignores a Foreman state marker", () => {
    expect(parseCommands("<!-- foreman:state v1\n/approve\n-->")).toEqual([]);
  });

  it("ignores fence markers inside a comment", () => {
    expect(parseCommands("<!--\n```\n-->\n/approve")).toEqual([{ kind: "approve" }]);
  });

  it("opens a comment on a command line", () => {
    expect(parseCommands("/retry <!--\n/approve\n-->")).toEqual([{ kind: "retry" }]);
  });
});

describe("COMMAND_NAMES and helpText", () => {
  it("lists every command", () => {
    expect([...COMMAND_NAMES]).toEqual(["approve", "reject", "retry", "cancel", "status", "help", "budget"]);
  });

  it("gives one list line per command, each naming its usage", () => {
    const lines = helpText()
      .split("\n")
      .filter((l) => l.startsWith("- "));
    expect(lines).toHaveLength(COMMAND_NAMES.length);
    expect(lines.map((l) => /^- `\/([a-z]+)/.exec(l)?.[1])).toEqual([...COMMAND_NAMES]);
    expect(helpText()).toContain("- `/budget <usd>` — ");
    expect(helpText()).toContain("- `/reject [reason]` — ");
  });

  it("contains no command line of its own (a /help reply must not command Foreman)", () => {
    expect(parseCommands(helpText())).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const commandLine: fc.Arbitrary<{ line: string; expected: Command }> = fc
  .record({
    indent: fc.integer({ min: 0, max: 3 }),
    pick: fc.constantFrom<[string, Command]>(
      ["approve", { kind: "approve" }],
      ["Approve now", { kind: "approve" }],
      ["retry", { kind: "retry" }],
      ["cancel!", { kind: "cancel" }],
      ["status", { kind: "status" }],
      ["HELP", { kind: "help" }],
      ["reject not this way", { kind: "reject", reason: "not this way" }],
      ["budget 5", { kind: "budget", usd: 5 }],
      ["budget $2.50", { kind: "budget", usd: 2.5 }],
      ["budget zero", { kind: "invalid", name: "budget", problem: 'expected a positive USD amount like "/budget 5", got "zero"' }],
      ["aprove", { kind: "unknown", name: "aprove", suggestion: "approve" }],
    ),
  })
  .map(({ indent, pick }) => ({ line: `${" ".repeat(indent)}/${pick[0]}`, expected: pick[1] }));

/** Lines that are plain paragraph text: no fence, quote, comment, code indentation or command. */
const neutralLine = fc
  .string({
    unit: fc.constantFrom(..."abcXYZ019 .,!?-_*#()[]:;'\"/=+&%@".split("")),
    maxLength: 30,
  })
  .map((s) => s.replace(/^[ /]+/, ""));
const neutralText = fc.array(neutralLine, { maxLength: 4 }).map((lines) => lines.join("\n"));

/** Lines of code-like noise: comment markers, quotes, commands, tabs, both fence characters. */
const noiseLines = fc.array(
  fc
    .array(fc.constantFrom("/approve", "/reject x", "<!--", "-->", "> ", "   ", "\t", "x", "~~~", "```", "/budget 5"), {
      maxLength: 5,
    })
    .map((parts) => parts.join("")),
  { maxLength: 4 },
);

/** Removes every occurrence of `needle`, also those that removal itself creates. */
function without(text: string, needle: string): string {
  let s = text;
  while (s.includes(needle)) s = s.split(needle).join("");
  return s;
}

test.prop([fc.string({ unit: "binary", maxLength: 300 })], SEED)("never throws on arbitrary text", (body) => {
  expect(Array.isArray(parseCommands(body))).toBe(true);
});

test.prop(
  [
    fc
      .array(fc.constantFrom("```", "~~~", "````", "<!--", "-->", ">", "/approve", "/budget 5", "\n", "\r\n", "\r", " ", "\t", "- ", "x"), {
        maxLength: 60,
      })
      .map((parts) => parts.join("")),
  ],
  SEED,
)("never throws on Markdown-like text, and every command it finds is well formed", (body) => {
  for (const cmd of parseCommands(body)) {
    expect(["approve", "reject", "retry", "cancel", "status", "help", "budget", "invalid", "unknown"]).toContain(cmd.kind);
  }
});

test.prop([neutralText, commandLine, neutralText], SEED)("a command line on its own line is always found", (before, cmd, after) => {
  const body = [before, cmd.line, after].join("\n");
  expect(parseCommands(body)).toEqual([cmd.expected]);
});

test.prop([neutralText, commandLine, neutralText], SEED)("also with CRLF line endings", (before, cmd, after) => {
  const body = [before, cmd.line, after].join("\r\n");
  expect(parseCommands(body)).toEqual([cmd.expected]);
});

test.prop(
  [
    fc.constantFrom("`", "~"),
    fc.integer({ min: 3, max: 6 }),
    fc.integer({ min: 0, max: 3 }),
    fc.stringMatching(/^[a-z ]{0,10}$/),
    noiseLines,
    commandLine,
    fc.option(fc.integer({ min: 0, max: 3 })),
    fc.integer({ min: 0, max: 2 }),
    commandLine,
  ],
  SEED,
)(
  "a command line inside a fenced block is never found; the fence closes for what follows",
  (char, length, indent, info, inner, cmd, closeIndent, extra, after) => {
    const lines = inner.map((l) => without(l, char));
    const open = `${" ".repeat(indent)}${char.repeat(length)}${info}`;
    const body = [open, ...lines, cmd.line, ...lines];
    if (closeIndent !== null) {
      body.push(`${" ".repeat(closeIndent)}${char.repeat(length + extra)}`, after.line);
      expect(parseCommands(body.join("\n"))).toEqual([after.expected]);
    } else {
      expect(parseCommands(body.join("\n"))).toEqual([]);
    }
  },
);

test.prop([neutralText, fc.integer({ min: 0, max: 3 }), fc.constantFrom("", " ", "> ", ">"), commandLine, commandLine], SEED)(
  "a command line inside a block quote is never found",
  (before, indent, nested, cmd, after) => {
    const body = [before, `${" ".repeat(indent)}>${nested}${cmd.line}`, "", after.line].join("\n");
    expect(parseCommands(body)).toEqual([after.expected]);
  },
);

test.prop([neutralText, noiseLines, commandLine, fc.boolean(), commandLine], SEED)(
  "a command line inside an HTML comment is never found",
  (before, inner, cmd, closed, after) => {
    const innerLines = inner.map((l) => without(l, "-->"));
    const body = [before, "<!--", ...innerLines, cmd.line, ...innerLines];
    if (closed) {
      body.push("-->", after.line);
      expect(parseCommands(body.join("\n"))).toEqual([after.expected]);
    } else {
      expect(parseCommands(body.join("\n"))).toEqual([]);
    }
  },
);
