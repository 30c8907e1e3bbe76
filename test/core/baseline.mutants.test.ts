/**
 * The baseline's line patterns at their edges: a "not found" line counts only as a whole line
 * (start and end), with any trailing whitespace, and with a multi-digit shell line number.
 * Written against the mutants that survived `npx stryker run --mutate src/core/baseline.ts`.
 */
import { describe, expect, it } from "vitest";
import { baselineVerdict, gateRunnability, renderBaselineFeedback, type GateRunFacts } from "../../src/core/baseline.js";

const run = (o: Partial<GateRunFacts>): GateRunFacts => ({
  name: "npm test",
  root: ".",
  argv: ["npm", "test"],
  exitCode: 127,
  signal: null,
  timedOut: false,
  output: "",
  ...o,
});

describe("gateRunnability: a not-found line is a whole line", () => {
  it.each([
    "echo sh: 1: tape: not found",
    "sh: 1: tape: not found yet",
    "echo command not found: uv",
    "command not found: uv and more",
    "echo env: 'uv': No such file or directory",
    "env: 'uv': No such file or directory, said the test",
  ])("%j is not a shell's line: exit 127 blames the command itself", (line) => {
    expect(gateRunnability(run({ output: line }))).toEqual({ runnable: false, cause: "command_not_found", missing: "npm", evidence: line });
  });

  it.each([
    ["sh: 12: tape: not found \t", "tape"],
    ["zsh: command not found: uv  ", "uv"],
    ["/usr/bin/zsh: command not found: uv", "uv"],
    ["command not found: uv \t", "uv"],
    ["env: 'uv': No such file or directory  ", "uv"],
  ])("%j with trailing whitespace still names %s", (line, missing) => {
    expect(gateRunnability(run({ output: `${line}\nnext line` }))).toEqual({
      runnable: false,
      cause: "command_not_found",
      missing,
      evidence: line.trim(),
    });
  });

  it("a shell line number of several digits (dash's `sh: 12:`) is read", () => {
    expect(gateRunnability(run({ output: "sh: 107: uvu: not found" }))).toMatchObject({ cause: "command_not_found", missing: "uvu" });
  });
});

describe("gateRunnability: a shell's Permission denied line is a whole line", () => {
  it.each([127, 126])("exit %s: the line with a multi-digit line number, or trailing whitespace, names the file", (exitCode) => {
    for (const line of ["bash: line 12: ./t.sh: Permission denied", "sh: 12: ./t.sh: Permission denied", "sh: 1: ./t.sh: Permission denied \t"]) {
      expect(gateRunnability(run({ exitCode, output: `> x@1 test\n${line}\nnext` }))).toEqual({
        runnable: false,
        cause: "not_executable",
        missing: "./t.sh",
        evidence: line.trim(),
      });
    }
  });

  it.each([
    [127, "command_not_found"],
    [126, "not_executable"],
  ] as const)("exit %s: a Permission denied line that is not a whole line names the command, not the file", (exitCode, cause) => {
    for (const line of ["echo sh: 1: ./t.sh: Permission denied", "sh: 1: ./t.sh: Permission denied, said the test"]) {
      expect(gateRunnability(run({ exitCode, output: line }))).toEqual({ runnable: false, cause, missing: "npm", evidence: line });
    }
  });
});

describe("baselineVerdict: a failed setup step's evidence is its first line with the word error or ERR", () => {
  it.each([
    ["warn: a terror ahead\nreal error here", "real error here"],
    ["warn: errands to run\nreal error here", "real error here"],
    ["npm ERR! code ERESOLVE", "npm ERR! code ERESOLVE"],
  ])("in %j it is %j (a word, not part of one)", (output, evidence) => {
    const v = baselineVerdict([], [{ name: "npm ci", root: ".", exitCode: 1, output }]);
    expect(v.kind === "unrunnable" && v.message).toContain(`exited with code 1 (${evidence}). Fix`);
  });
});

describe("renderBaselineFeedback: several gates that already pass", () => {
  it("are listed comma-separated", () => {
    expect(renderBaselineFeedback({ kind: "ok", failing: [], passing: ["`a` in `.`", "`b` in `x`"] })).toContain(
      "already pass before your change: `a` in `.`, `b` in `x`. They must keep passing",
    );
  });
});
