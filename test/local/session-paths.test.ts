import path from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidSessionIdError, sessionDir, stateRootFor, validateSessionId } from "../../src/local/session-paths.js";

describe("validateSessionId", () => {
  it.each(["a", "issue-42", "A.b_c-1", "9", "x".repeat(100), "v1.2.3", "a-lock", "x.locks"])("accepts %j", (id) => {
    expect(validateSessionId(id)).toBe(id);
  });

  it.each([
    ["", "it is empty"],
    ["x".repeat(101), "it is 101 characters long"],
    [".hidden", 'it starts with "."'],
    ["-rf", 'it starts with "-"'],
    ["_a", 'it starts with "_"'],
    ["../etc", 'it starts with "."'],
    ["a/b", 'it contains "/"'],
    ["a\\b", 'it contains "\\\\"'],
    ["a b", 'it contains " "'],
    ["a:b", 'it contains ":"'],
    ["a~1", 'it contains "~"'],
    ["a^b", 'it contains "^"'],
    ["a@{1}", 'it contains "@"'],
    ["a\nb", 'it contains "\\n"'],
    ["a\u0000b", 'it contains "\\u0000"'],
    ["owner/repo#12", 'it contains "/"'],
    ["é", 'it starts with "é"'],
    ["a..b", "it contains '..'"],
    ["a.lock", "it ends in '.lock'"],
    ["a.", "it ends in '.'"],
  ])("rejects %j (%s)", (id, problem) => {
    let caught: unknown;
    try {
      validateSessionId(id);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidSessionIdError);
    if (!(caught instanceof InvalidSessionIdError)) return;
    expect(caught.sessionId).toBe(id);
    expect(caught.problem).toBe(problem);
    expect(caught.message).toContain(`Invalid session id ${JSON.stringify(id)}: ${problem}.`);
    expect(caught.message).toContain("letters, digits");
  });
});

describe("sessionDir", () => {
  it("puts each session under <root>/sessions/<id>", () => {
    expect(sessionDir("/repo/.git/foreman", "issue-7")).toBe(path.join("/repo/.git/foreman", "sessions", "issue-7"));
  });

  it("validates the id before building a path", () => {
    expect(() => sessionDir("/repo/.git/foreman", "../../outside")).toThrow(InvalidSessionIdError);
  });
});

describe("stateRootFor", () => {
  it("is the foreman folder in the git common dir", () => {
    expect(stateRootFor("/repo/.git")).toBe(path.join("/repo/.git", "foreman"));
  });

  it("refuses a relative git dir, saying how to get an absolute one", () => {
    expect(() => stateRootFor(".git")).toThrow(
      "Git common dir '.git' is not an absolute path. Resolve it with `git rev-parse --path-format=absolute --git-common-dir`.",
    );
  });
});
