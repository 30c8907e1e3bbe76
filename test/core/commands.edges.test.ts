import { describe, expect, it } from "vitest";
import { helpText, MAX_REASON_LENGTH, parseCommands } from "../../src/core/commands.js";

describe("helpText", () => {
  it("is exactly the introduction and one line per command", () => {
    expect(helpText()).toBe(
      [
        "Foreman commands (write one at the start of a line in a new comment, outside quotes and code blocks):",
        "",
        "- `/approve` — approve the change that passed the gates, so Foreman publishes it",
        "- `/reject [reason]` — reject the change and end the session; the reason is recorded",
        "- `/retry` — start again after a failure or an interruption, at the next attempt",
        "- `/cancel` — stop the session now; nothing more is published",
        "- `/status` — show the session status, attempts, cost and time used",
        "- `/help` — show this list",
        '- `/budget <usd>` — set this session\'s USD budget, e.g. "/budget 5" (admins only; still capped by the daily budget)',
      ].join("\n"),
    );
  });
});

describe("parseCommands: /reject reason edges", () => {
  it("keeps a reason of exactly 500 characters", () => {
    expect(parseCommands(`/reject ${"r".repeat(MAX_REASON_LENGTH)}`)).toEqual([{ kind: "reject", reason: "r".repeat(MAX_REASON_LENGTH) }]);
  });

  it("trims the end of a reason cut at a space", () => {
    expect(parseCommands(`/reject ${"r".repeat(498)}  tail`)).toEqual([{ kind: "reject", reason: "r".repeat(498) }]);
  });

  it("keeps a surrogate pair that ends exactly at the cap", () => {
    expect(parseCommands(`/reject ${"r".repeat(498)}😀tail`)).toEqual([{ kind: "reject", reason: `${"r".repeat(498)}😀` }]);
  });

  it("reads the reason after a comment that closes on the command line", () => {
    expect(parseCommands("/reject <!-- x --> too big")).toEqual([{ kind: "reject", reason: "too big" }]);
    expect(parseCommands("/reject a <!-- x --> b <!-- y --> c")).toEqual([{ kind: "reject", reason: "a  b  c" }]);
  });
});

describe("parseCommands: /budget edges", () => {
  it.each([
    ["/budget 5.55", 5.55],
    ["/budget $\t3", 3],
    ["/budget 4\tUsd", 4],
    ["/budget 9.!", 9],
    ["/budget 0.01", 0.01],
    ["/budget 007", 7],
  ])("%s -> %d USD", (body, usd) => {
    expect(parseCommands(body)).toEqual([{ kind: "budget", usd }]);
  });

  it.each([
    ["/budget 5!!", '"5!!"'],
    ["/budget 5.!.", '"5.!."'],
    ["/budget $$5", '"$$5"'],
    ["/budget 5 usd usd", '"5 usd usd"'],
    ["/budget usd", '"usd"'],
    ["/budget .", '"."'],
    ["/budget x5", '"x5"'],
    ["/budget 5x", '"5x"'],
  ])("%s is not an amount", (body, got) => {
    expect(parseCommands(body)).toEqual([
      { kind: "invalid", name: "budget", problem: `expected a positive USD amount like "/budget 5", got ${got}` },
    ]);
  });

  it("counts decimals after the point only", () => {
    expect(parseCommands("/budget 123.4")).toEqual([{ kind: "budget", usd: 123.4 }]);
    expect(parseCommands("/budget .125")).toEqual([
      { kind: "invalid", name: "budget", problem: 'expected a USD amount with at most 2 decimals (whole cents) like "/budget 5.50", got ".125"' },
    ]);
  });

  it("quotes an argument of 40 characters whole and cuts a longer one", () => {
    const forty = `${"1".repeat(39)}x`;
    expect(parseCommands(`/budget ${forty}`)).toEqual([
      { kind: "invalid", name: "budget", problem: `expected a positive USD amount like "/budget 5", got "${forty}"` },
    ]);
    expect(parseCommands(`/budget ${forty}y`)).toEqual([
      { kind: "invalid", name: "budget", problem: `expected a positive USD amount like "/budget 5", got "${forty}…"` },
    ]);
  });

  it("reads the argument from the visible text only", () => {
    expect(parseCommands("/budget <!-- 100 --> 5")).toEqual([{ kind: "budget", usd: 5 }]);
  });
});

describe("parseCommands: suggestions", () => {
  it("suggests for a close word of any length it allows, including a swap of two letters", () => {
    expect(parseCommands("/hlp")).toEqual([{ kind: "unknown", name: "hlp", suggestion: "help" }]);
    expect(parseCommands("/rejcet")).toEqual([{ kind: "unknown", name: "rejcet", suggestion: "reject" }]);
    expect(parseCommands("/budgte")).toEqual([{ kind: "unknown", name: "budgte", suggestion: "budget" }]);
    expect(parseCommands("/retyr")).toEqual([{ kind: "unknown", name: "retyr", suggestion: "retry" }]);
    expect(parseCommands("/cancell")).toEqual([{ kind: "unknown", name: "cancell", suggestion: "cancel" }]);
  });

  it("does not suggest for a word too short or too far", () => {
    expect(parseCommands("/he")).toEqual([{ kind: "unknown", name: "he" }]);
    expect(parseCommands("/deploy")).toEqual([{ kind: "unknown", name: "deploy" }]);
    expect(parseCommands("/approveeee")).toEqual([{ kind: "unknown", name: "approveeee" }]);
  });
});

describe("parseCommands: fences in list items", () => {
  it.each(["* ```", "+ ```", "1) ```", "123456789. ```", "-\t```", "- - ```", "1.    ```"])(
    "a fence opened by %j hides the lines of its item",
    (opener) => {
      const indent = " ".repeat(opener.indexOf("`"));
      expect(parseCommands(`${opener}\n${indent}/approve\n${indent}\`\`\`\n/cancel`)).toEqual([{ kind: "cancel" }]);
    },
  );

  it("keeps a list item's fence open across blank lines", () => {
    expect(parseCommands("- ```\n  a\n\n  /approve\n  ```\n/cancel")).toEqual([{ kind: "cancel" }]);
  });

  it("does not take a ten-digit number as a list item", () => {
    expect(parseCommands("1234567890. ```\n/approve")).toEqual([{ kind: "approve" }]);
  });

  it("does not take a marker followed by five spaces as a list item's fence", () => {
    expect(parseCommands("-     ```\n/approve")).toEqual([{ kind: "approve" }]);
  });

  it("closes a list item's fence only at the item's indentation plus up to three spaces", () => {
    expect(parseCommands("- ```\n     ```\n  /approve")).toEqual([{ kind: "approve" }]);
    expect(parseCommands("- ```\n      ```\n  /approve\n  ```\n/cancel")).toEqual([{ kind: "cancel" }]);
    expect(parseCommands("- ```\n  /approve\n     ```\n/cancel")).toEqual([{ kind: "cancel" }]);
    expect(parseCommands("- ```\n  /approve\n      ```\n  /retry\n/cancel")).toEqual([{ kind: "cancel" }]);
  });

  it("ends an indented top-level fence only at a closing fence, whatever the indentation of other lines", () => {
    expect(parseCommands("   ```\n/approve\n  ```\n/cancel")).toEqual([{ kind: "cancel" }]);
  });

  it("takes a tilde fence whose info string holds a backtick", () => {
    expect(parseCommands("~~~ a`b\n/approve\n~~~\n/cancel")).toEqual([{ kind: "cancel" }]);
  });

  it("closes on a fence followed by a tab", () => {
    expect(parseCommands("```\n/approve\n```\t\n/cancel")).toEqual([{ kind: "cancel" }]);
  });

  it("does not close on a fence of mixed characters", () => {
    expect(parseCommands("```\n``~\n/approve\n```\n/cancel")).toEqual([{ kind: "cancel" }]);
  });
});

describe("parseCommands: quotes and comments together", () => {
  it("keeps a quoted fence open over quoted lines until it closes, then reads quotes afresh", () => {
    expect(parseCommands("> ```\n> <!--\n> ```\n> text\n/retry")).toEqual([{ kind: "retry" }]);
    expect(parseCommands("> ```\n> ```\n> <!--\n/approve\n-->\n/retry")).toEqual([{ kind: "retry" }]);
  });

  it("closes a quoted fence inside nested quote markers", () => {
    expect(parseCommands(">> ```\n> > ```\n> <!--\n/approve\n-->\n/retry")).toEqual([{ kind: "retry" }]);
  });

  it("does not take four spaces before > as a quote", () => {
    expect(parseCommands("    > /approve")).toEqual([]);
  });

  it("a quoted line closes a comment it opened on the same line", () => {
    expect(parseCommands("> <!-- x -->\n/approve")).toEqual([{ kind: "approve" }]);
  });

  it("reads the line after a comment closes: a new comment can open there", () => {
    expect(parseCommands("<!--\n--> <!--\n/approve\n-->\n/retry")).toEqual([{ kind: "retry" }]);
    expect(parseCommands("<!--\n--> text\n/approve")).toEqual([{ kind: "approve" }]);
  });

  it("a line that closes a comment is never a command, even when the command follows -->", () => {
    expect(parseCommands("<!--\n-->/approve\n/retry")).toEqual([{ kind: "retry" }]);
  });

  it("ignores several comments on one line and looks past the last", () => {
    expect(parseCommands("<!-- a --><!-- b -->x\n/approve")).toEqual([{ kind: "approve" }]);
    expect(parseCommands("a <!-- b --> c <!-- d\n/approve\n-->\n/retry")).toEqual([{ kind: "retry" }]);
  });

  it("needs a --> after the <!-- itself, not one overlapping it", () => {
    expect(parseCommands("<!--->\n/approve\n-->\n/retry")).toEqual([{ kind: "retry" }]);
  });

  it("a fence right after a closed quote is read as a fence", () => {
    expect(parseCommands("> quote\n```\n/approve\n```\n/retry")).toEqual([{ kind: "retry" }]);
  });

  it("a quoted fence does not survive a line outside the quote", () => {
    expect(parseCommands("> ```\ntext\n> /approve\n/retry")).toEqual([{ kind: "retry" }]);
    // The third line opens a new quoted fence (it does not close the first), so the comment
    // marker is code and /approve counts.
    expect(parseCommands("> ```\ntext\n> ```\n> <!--\n/approve\n-->\n/retry")).toEqual([{ kind: "approve" }, { kind: "retry" }]);
  });
});
