import { describe, expect, it } from "vitest";
import { ForemanError } from "../../src/core/errors.js";
import { InvalidSessionIdError, isSessionId, SESSION_ID_MAX_LENGTH, sessionIdProblem, validateSessionId } from "../../src/core/session-id.js";

describe("the session-id rule", () => {
  it.each(["a", "issue-12", "fix_the.bug-2", "A9", "x".repeat(SESSION_ID_MAX_LENGTH), "a.b", "0"])("accepts %j", (id) => {
    expect(sessionIdProblem(id)).toBeNull();
    expect(isSessionId(id)).toBe(true);
    expect(validateSessionId(id)).toBe(id);
  });

  it.each([
    ["", "it is empty"],
    ["x".repeat(SESSION_ID_MAX_LENGTH + 1), "it is 101 characters long"],
    ["-a", 'it starts with "-"'],
    [".a", 'it starts with "."'],
    ["_a", 'it starts with "_"'],
    ["owner/repo#12", 'it contains "/"'],
    ["a b", 'it contains " "'],
    ["a\nb", 'it contains "\\n"'],
    ["a..b", "it contains '..'"],
    ["a.lock", "it ends in '.lock'"],
    ["a.", "it ends in '.'"],
  ])("refuses %j: %s", (id, problem) => {
    expect(sessionIdProblem(id)).toBe(problem);
    expect(isSessionId(id)).toBe(false);
    let caught: unknown;
    try {
      validateSessionId(id);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidSessionIdError);
    expect(caught).toBeInstanceOf(ForemanError);
    if (!(caught instanceof InvalidSessionIdError)) return;
    expect(caught.kind).toBe("usage");
    expect(caught.name).toBe("InvalidSessionIdError");
    expect(caught.sessionId).toBe(id);
    expect(caught.problem).toBe(problem);
    expect(caught.message).toBe(
      `Invalid session id ${JSON.stringify(id)}: ${problem}. ${"Expected 1 to 100 characters: letters, digits, '.', '_' or '-', starting with a letter or digit, without '..', and not ending in '.' or '.lock'."}`,
    );
  });
});
