import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import {
  formatPullRequestBody,
  formatPullRequestTitle,
  formatSessionBranch,
  formatSessionTrailer,
  parsePullRequestBody,
  parsePullRequestTitle,
  parseSessionBranch,
  parseSessionTrailer,
  PULL_REQUEST_TITLE_MAX,
} from "../../src/core/names.js";

const SEED = { seed: 0x6e616d65, numRuns: 300 };
const sessionId = fc.string({ minLength: 1, maxLength: 80 });
/** Ids as the session-id rule allows them (no whitespace, no line breaks). */
const plainId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._#/-]{0,60}$/);

describe("session branch", () => {
  test.prop([sessionId], SEED)("parses back the id it formats", (id) => {
    expect(parseSessionBranch(formatSessionBranch(id))).toBe(id);
    expect(parseSessionBranch(`refs/heads/${formatSessionBranch(id)}`)).toBe(id);
  });

  it("is foreman/<id>, and any other branch is not a session's", () => {
    expect(formatSessionBranch("issue-12")).toBe("foreman/issue-12");
    expect(parseSessionBranch("main")).toBeNull();
    expect(parseSessionBranch("foreman/")).toBeNull();
    expect(parseSessionBranch("refs/heads/main")).toBeNull();
    expect(parseSessionBranch("xforeman/a")).toBeNull();
    expect(parseSessionBranch("refs/tags/foreman/a")).toBeNull();
  });
});

describe("pull request title", () => {
  const oneLine = fc.array(fc.stringMatching(/^[^\s]{1,20}$/), { minLength: 1, maxLength: 10 }).map((words) => words.join(" "));
  test.prop([oneLine], SEED)("parses back a one-line title that fits", (title) => {
    expect(parsePullRequestTitle(formatPullRequestTitle(title))).toBe(title);
  });

  it("is Foreman: <title> on one line, cut to the maximum; another title is not Foreman's", () => {
    expect(formatPullRequestTitle("  Fix\n the   bug ")).toBe("Foreman: Fix the bug");
    expect(formatPullRequestTitle("x".repeat(400))).toHaveLength(PULL_REQUEST_TITLE_MAX);
    expect(PULL_REQUEST_TITLE_MAX).toBe(250);
    expect(parsePullRequestTitle("Fix the bug")).toBeNull();
    expect(parsePullRequestTitle("Foreman:x")).toBeNull();
  });
});

describe("pull request body", () => {
  test.prop(
    [sessionId, fc.option(fc.integer({ min: 1, max: 1e6 }), { nil: undefined }), fc.nat(50), fc.double({ min: 0, max: 1e4, noNaN: true })],
    SEED,
  )("parses back the session and the issue it formats, whatever the id", (id, issue, attempts, costUsd) => {
    const body = formatPullRequestBody({ sessionId: id, ...(issue === undefined ? {} : { issue }), attempts, costUsd });
    expect(parsePullRequestBody(body)).toEqual(issue === undefined ? { sessionId: id } : { sessionId: id, issue });
    // The id never closes the hidden comment early: exactly one comment, on the last line.
    expect(body.split("-->")).toHaveLength(2);
    expect(body.split("\n").at(-1)).toMatch(/^<!-- foreman:session [^\s]+ -->$/);
  });

  it("says what the session closes and cost, with the hidden marker last", () => {
    expect(formatPullRequestBody({ sessionId: "s1", issue: 12, attempts: 2, costUsd: 0.5 })).toBe(
      "Closes #12.\n\nProduced by Foreman in 2 attempt(s), 0.50 USD.\n\n<!-- foreman:session s1 -->",
    );
    expect(formatPullRequestBody({ sessionId: "a b-->", attempts: 1, costUsd: 0 })).toBe(
      "Produced by Foreman in 1 attempt(s), 0.00 USD.\n\n<!-- foreman:session a%20b--%3E -->",
    );
  });

  it("reads no session from a body a person rewrote or forged", () => {
    expect(parsePullRequestBody("Closes #1.")).toBeNull();
    expect(parsePullRequestBody("<!-- foreman:session s1 -->\n\nlater text")).toBeNull();
    expect(parsePullRequestBody("<!-- foreman:session  -->")).toBeNull();
    expect(parsePullRequestBody("<!-- foreman:session %E0%A4%A -->")).toBeNull();
    expect(parsePullRequestBody("<!-- foreman:session s1 ->")).toBeNull();
    expect(parsePullRequestBody("x <!-- foreman:session s1 -->")).toBeNull();
    expect(parsePullRequestBody("")).toBeNull();
  });

  it("reads the issue from the first line only, and the marker through CRLF and trailing space", () => {
    expect(parsePullRequestBody("Closes #7.\r\n\r\n<!-- foreman:session s1 -->\n  ")).toEqual({ sessionId: "s1", issue: 7 });
    expect(parsePullRequestBody("Text\n\nCloses #7.\n\n<!-- foreman:session s1 -->")).toEqual({ sessionId: "s1" });
    expect(parsePullRequestBody("Closes #07.\n\n<!-- foreman:session s1 -->")).toEqual({ sessionId: "s1" });
    expect(parsePullRequestBody("Closes #7\n\n<!-- foreman:session s1 -->")).toEqual({ sessionId: "s1" });
    expect(parsePullRequestBody(" Closes #7.\n\n<!-- foreman:session s1 -->")).toEqual({ sessionId: "s1" });
  });

  it("reads no issue from a first line that says more than `Closes #<n>.`", () => {
    expect(parsePullRequestBody("Closes #7. And #8.\n\n<!-- foreman:session s1 -->")).toEqual({ sessionId: "s1" });
    expect(parsePullRequestBody("Closes #7.x\n\n<!-- foreman:session s1 -->")).toEqual({ sessionId: "s1" });
  });
});

describe("commit trailer", () => {
  test.prop([plainId, fc.string({ maxLength: 200 })], SEED)("parses back the session from any message that ends with it", (id, body) => {
    const message = `Subject\n\n${body.trim() === "" ? "" : `${body.trim()}\n\n`}${formatSessionTrailer(id)}\n`;
    expect(parseSessionTrailer(message)).toBe(id);
  });

  it("is Foreman-Session: <id>, read only in the last paragraph", () => {
    expect(formatSessionTrailer("s1")).toBe("Foreman-Session: s1");
    expect(parseSessionTrailer("Subject\n\nForeman-Session: s1\n\nOther: x\n")).toBeNull();
    expect(parseSessionTrailer("Subject\n\nSigned-off-by: a\nForeman-Session: s2")).toBe("s2");
    expect(parseSessionTrailer("Subject\n\nForeman-Session:s2")).toBeNull();
    expect(parseSessionTrailer("")).toBeNull();
  });

  it("ignores blank lines after the last paragraph", () => {
    expect(parseSessionTrailer("Subject\n\nForeman-Session: s1\n\n")).toBe("s1");
    expect(parseSessionTrailer("Subject\n\nForeman-Session: s1\n \t\n\n")).toBe("s1");
  });

  it("splits paragraphs on a line of only whitespace as on an empty one", () => {
    expect(parseSessionTrailer("Subject\n\nForeman-Session: s1\n \nOther: x\n")).toBeNull();
    expect(parseSessionTrailer("Subject\n\t\nForeman-Session: s3")).toBe("s3");
  });
});
