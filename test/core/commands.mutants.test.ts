/**
 * Edges of the slash-command scanner that the main tables leave open (mutation testing of
 * `src/core/commands.ts` found them): where a fence, a quote or a comment may start, how line
 * endings split a body, and the exact shape of what `parseCommands` returns.
 */
import { describe, expect, it } from "vitest";
import { MAX_REASON_LENGTH, parseCommands } from "../../src/core/commands.js";

describe("parseCommands: a body that is not text", () => {
  it("finds nothing in a null body (GitHub sends body: null for a comment left empty)", () => {
    // Called the way an untyped webhook payload would call it.
    expect(Reflect.apply(parseCommands, undefined, [null])).toEqual([]);
    expect(Reflect.apply(parseCommands, undefined, [undefined])).toEqual([]);
  });
});

describe("parseCommands: line endings", () => {
  it("takes CRLF as one line break, not two: a quoted fence stays open across it", () => {
    // Read as two breaks, the empty line between would end the quote and its fence, and the
    // quoted `<!--` would then hide the command.
    expect(parseCommands("> ```\r\n> <!--\r\n> ```\r\n/approve")).toEqual([{ kind: "approve" }]);
  });

  it("takes a lone CR and a lone LF each as a line break", () => {
    expect(parseCommands("/retry\r/approve\n/cancel")).toEqual([{ kind: "retry" }, { kind: "approve" }, { kind: "cancel" }]);
  });
});

describe("parseCommands: where a fence opens", () => {
  it("does not open a fence on backticks after text on the line", () => {
    expect(parseCommands("see ```\n/approve")).toEqual([{ kind: "approve" }]);
    expect(parseCommands("see ~~~\n/approve")).toEqual([{ kind: "approve" }]);
  });

  it("does not take a list marker glued to the fence as a list item", () => {
    // Were `-```` a list item's fence, the indented line would be its code.
    expect(parseCommands("-```\n /approve")).toEqual([{ kind: "approve" }]);
    expect(parseCommands("1.```\n  /approve")).toEqual([{ kind: "approve" }]);
  });

  it("needs three tildes, as it needs three backticks", () => {
    expect(parseCommands("~~\n/approve")).toEqual([{ kind: "approve" }]);
    expect(parseCommands("~~~\n/approve")).toEqual([]);
  });

  it("does not close a fence on backticks after text on the line", () => {
    expect(parseCommands("```\nx ```\n/approve")).toEqual([]);
    expect(parseCommands("~~~\nx ~~~\n/approve")).toEqual([]);
  });
});

describe("parseCommands: quotes", () => {
  it("reads a line with > after text as a paragraph, not a quote", () => {
    expect(parseCommands("/reject 2 > 1")).toEqual([{ kind: "reject", reason: "2 > 1" }]);
    expect(parseCommands("/budget 5 > 4")).toEqual([
      { kind: "invalid", name: "budget", problem: 'expected a positive USD amount like "/budget 5", got "5 > 4"' },
    ]);
  });

  it("takes one space after > as part of the marker: a fence indented three more spaces opens in the quote", () => {
    // The quoted fence hides the quoted `<!--`, so the command after the quote counts.
    expect(parseCommands(">    ```\n> <!--\n/approve")).toEqual([{ kind: "approve" }]);
    // Four spaces after the marker's own space are indented code, not a fence: the quoted
    // `<!--` opens a comment that hides the command.
    expect(parseCommands(">     ```\n> <!--\n/approve")).toEqual([]);
  });

  it("does not open a comment on a quoted line that opens a fence: the comment marker is the fence's info string", () => {
    expect(parseCommands("> ``` <!--\n/approve")).toEqual([{ kind: "approve" }]);
  });

  it("strips only the quote markers at the start of the line, not a > inside the quoted text", () => {
    // `a> ```` is text in a quote, not a fence: the quoted `<!--` then opens a comment.
    expect(parseCommands("> a> ```\n> <!--\n/approve")).toEqual([]);
  });
});

describe("parseCommands: arguments", () => {
  it("reads a budget followed by trailing spaces", () => {
    expect(parseCommands("/budget 5   ")).toEqual([{ kind: "budget", usd: 5 }]);
    expect(parseCommands("/budget 5\t")).toEqual([{ kind: "budget", usd: 5 }]);
  });

  it("keeps a surrogate pair that sits before the cut", () => {
    const reason = `${"x".repeat(10)}😀${"y".repeat(MAX_REASON_LENGTH)}`;
    const [cmd] = parseCommands(`/reject ${reason}`);
    expect(cmd).toEqual({ kind: "reject", reason: reason.slice(0, MAX_REASON_LENGTH) });
  });
});

describe("parseCommands: the shape of what it returns", () => {
  it("leaves the suggestion key out when nothing is close (no undefined key in the JSON)", () => {
    const [cmd] = parseCommands("/lgtm");
    expect(cmd).toStrictEqual({ kind: "unknown", name: "lgtm" });
    expect(Object.keys(cmd!)).toEqual(["kind", "name"]);
  });

  it("gives a command without argument no other key", () => {
    for (const word of ["approve", "retry", "cancel", "status", "help"]) {
      expect(parseCommands(`/${word} and more`)).toStrictEqual([{ kind: word }]);
    }
  });
});

describe("parseCommands: closing comments and fences", () => {
  it("closes a multi-line comment at the first -->, even when <!-- came before it on the line", () => {
    expect(parseCommands("<!--\n<!-->\n/approve")).toEqual([{ kind: "approve" }]);
  });

  it("keeps a quoted fence open over quoted lines that do not close it", () => {
    expect(parseCommands("> ```\n> x\n> <!--\n/approve")).toEqual([{ kind: "approve" }]);
  });

  it("keeps a list item's fence open across a line of spaces shorter than the item's indentation", () => {
    expect(parseCommands("- ```\n \n  /approve\n  ```\n/cancel")).toEqual([{ kind: "cancel" }]);
  });
});

describe("parseCommands: a reason within the cap", () => {
  it("is kept exactly as written, up to and including 500 characters", () => {
    const lone = "\uD83D";
    expect(parseCommands(`/reject ${"r".repeat(MAX_REASON_LENGTH - 1)}${lone}`)).toEqual([
      { kind: "reject", reason: `${"r".repeat(MAX_REASON_LENGTH - 1)}${lone}` },
    ]);
    expect(parseCommands(`/reject short${lone}`)).toEqual([{ kind: "reject", reason: `short${lone}` }]);
  });
});
