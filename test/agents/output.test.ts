import { describe, expect, it } from "vitest";
import { exitFailure, jsonLines, looksTransient, parseJson, tail, timedOutResult } from "../../src/agents/output.js";
import { makeOutput } from "./helpers.js";

describe("tail", () => {
  it("keeps short text whole, trimmed", () => {
    expect(tail("  hello \n", 10)).toBe("hello");
  });

  it("keeps the end of long text within the limit, marked as cut", () => {
    const t = tail("a".repeat(50) + "END", 10);
    expect(t).toBe("…aaaaaaEND");
    expect(t.length).toBe(10);
  });

  it("strips terminal colour codes", () => {
    expect(tail("\u001b[31merror\u001b[0m", 100)).toBe("error");
  });

  it("returns nothing for a zero limit", () => {
    expect(tail("abc", 0)).toBe("");
  });
});

describe("looksTransient", () => {
  it.each([
    "Overloaded",
    "overloaded_error",
    "429 Too Many Requests",
    "rate_limit_error: slow down",
    "Rate limit reached",
    "API Error: 529",
    "HTTP 503 Service Unavailable",
    "502 Bad Gateway",
    "read ECONNRESET",
    "connect ETIMEDOUT 1.2.3.4:443",
    "request timed out",
    "stream disconnected before completion",
    "socket hang up",
  ])("%s is transient", (m) => {
    expect(looksTransient(m)).toBe(true);
  });

  it.each(["invalid x-api-key", "401 Unauthorized", "error_max_turns", "patch does not apply", "permission denied", ""])(
    "%s is not transient",
    (m) => {
      expect(looksTransient(m)).toBe(false);
    },
  );
});

describe("jsonLines", () => {
  it("yields objects with their line numbers and skips everything else", () => {
    const text = ['{"a":1}', "plain text", "", "[1]", "42", '{"b":', '  {"c":true}  ', "\r"].join("\n");
    expect(jsonLines(text)).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 7, value: { c: true } },
    ]);
  });

  it("handles CRLF line ends", () => {
    expect(jsonLines('{"a":1}\r\n{"b":2}\r\n').map((l) => l.value)).toEqual([{ a: 1 }, { b: 2 }]);
  });
});

describe("parseJson", () => {
  it("returns undefined instead of throwing", () => {
    expect(parseJson("{nope")).toBeUndefined();
    expect(parseJson("true")).toBeUndefined();
    expect(parseJson('[{"x":1}]')).toEqual([{ x: 1 }]);
  });
});

describe("exitFailure", () => {
  it("is undefined on exit 0", () => {
    expect(exitFailure("x", makeOutput())).toBeUndefined();
  });

  it("quotes stderr, else stdout", () => {
    expect(exitFailure("x", makeOutput({ exitCode: 3, stderr: "bad\n" }))).toBe("x exited with code 3: bad");
    expect(exitFailure("x", makeOutput({ exitCode: 3, stdout: "out" }))).toBe("x exited with code 3: out");
    expect(exitFailure("x", makeOutput({ exitCode: 3 }))).toBe("x exited with code 3");
  });

  it("names a signal death", () => {
    expect(exitFailure("x", makeOutput({ exitCode: null }))).toBe("x was killed by a signal before it finished");
  });
});

describe("timedOutResult", () => {
  it("is a transient failure that keeps partial usage", () => {
    expect(timedOutResult("x", { costUsd: 0.2 })).toEqual({
      ok: false,
      costUsd: 0.2,
      summary: "",
      error: "x did not finish within the attempt's time limit and was stopped",
      transient: true,
    });
  });
});
