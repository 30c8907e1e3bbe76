import { describe, expect, it } from "vitest";
import { exitFailure, jsonLines, parseJson, quotedStatus, tail, timedOutResult, withStatus } from "../../src/agents/output.js";
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

describe("quotedStatus", () => {
  it.each<[string, number]>([
    ['API Error: 529 {"type":"error"}', 529],
    ["api error 503", 503],
    ["unexpected status 401 Unauthorized: Incorrect API key provided", 401],
    ["exceeded retry limit, last status: 429 Too Many Requests", 429],
    ["status code 502", 502],
    ["status=500", 500],
    ["HTTP 503 Service Unavailable", 503],
    ["HTTP/1.1 504 Gateway Timeout", 504],
    ["HTTP/2 404", 404],
    ['529 {"type":"error","error":{"type":"overloaded_error"}}', 529],
    ["  401 invalid x-api-key", 401],
    ["404", 404],
    ["\u001b[31mAPI Error: 500\u001b[0m", 500],
  ])("%s quotes %i", (text, status) => {
    expect(quotedStatus(text)).toBe(status);
  });

  it.each([
    "",
    "Overloaded",
    "invalid x-api-key (401 authentication_error)",
    "exited with code 137",
    "ticket 15290 failed",
    "status 4290",
    "status 42",
    "status 600",
    "status 099",
    "HTTP 5.03",
    "API Error: 529.5",
    "529ms later",
    "Error: 529",
    "HTTP503",
  ])("%j quotes no status", (text) => {
    expect(quotedStatus(text)).toBeUndefined();
  });
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
    expect(exitFailure("x", makeOutput({ exitCode: 3, stderr: "bad\n" }))).toEqual({ message: "x exited with code 3: bad" });
    expect(exitFailure("x", makeOutput({ exitCode: 3, stdout: "out" }))).toEqual({ message: "x exited with code 3: out" });
    expect(exitFailure("x", makeOutput({ exitCode: 3 }))).toEqual({ message: "x exited with code 3" });
  });

  it("names a signal death", () => {
    expect(exitFailure("x", makeOutput({ exitCode: null }))).toEqual({ message: "x was killed by a signal before it finished" });
  });

  it("carries the HTTP status the quoted text names, not the exit code", () => {
    expect(exitFailure("x", makeOutput({ exitCode: 1, stderr: "API Error: 529 Overloaded" }))).toEqual({
      message: "x exited with code 1: API Error: 529 Overloaded",
      status: 529,
    });
    expect(exitFailure("x", makeOutput({ exitCode: 1, stdout: "429 You exceeded your current quota" }))?.status).toBe(429);
    expect(exitFailure("x", makeOutput({ exitCode: 500 }))).toEqual({ message: "x exited with code 500" });
  });
});

describe("timedOutResult", () => {
  it("is a failure with the timedOut fact that keeps partial usage", () => {
    expect(timedOutResult("x", { costUsd: 0.2 })).toEqual({
      ok: false,
      costUsd: 0.2,
      summary: "",
      failure: { message: "x did not finish within the attempt's time limit and was stopped", timedOut: true },
    });
  });
});

describe("withStatus", () => {
  it("adds a status only when one is known", () => {
    expect(withStatus("m", 503)).toEqual({ message: "m", status: 503 });
    expect(Object.keys(withStatus("m", undefined))).toEqual(["message"]);
  });
});
