import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/core/config.js";
import { planGates, type GatePlanInput } from "../../src/core/gate-plan.js";
import { checkPaths, unsafeReason } from "../../src/core/path-policy.js";
import { isSafeRepoPath, repoPathProblem } from "../../src/core/repo-path.js";

describe("repoPathProblem", () => {
  it.each([
    ["", "empty"],
    ["a\u0000b", "control_character"],
    ["a\u001fb", "control_character"],
    ["a\u007fb", "control_character"],
    ["a\\b", "backslash"],
    ["/etc/passwd", "absolute"],
    ["C:/x", "absolute"],
    ["z:x", "absolute"],
    ["..", "parent_segment"],
    ["a/../b", "parent_segment"],
    [".", "not_canonical"],
    ["./a", "not_canonical"],
    ["a/./b", "not_canonical"],
    ["a//b", "not_canonical"],
    ["a/", "not_canonical"],
    [".git", "inside_git"],
    ["a/.Git/config", "inside_git"],
    // The first bad segment decides.
    ["./../a", "not_canonical"],
    ["../.git", "parent_segment"],
    [".git/../a", "inside_git"],
  ])("refuses %j: %s", (path, problem) => {
    expect(repoPathProblem(path)).toBe(problem);
    expect(isSafeRepoPath(path)).toBe(false);
  });

  it.each(["a", "a/b.ts", ".gitignore", ".github/x", "a..b/c", "...", "git/x", "1:x", "ab:c", "é/ü"])("accepts %j", (path) => {
    expect(repoPathProblem(path)).toBeNull();
    expect(isSafeRepoPath(path)).toBe(true);
  });
});

/** Both callers refuse the same paths: the gate planner no longer lets `.` or empty segments through. */
describe("the gate planner and the path policy agree", () => {
  const input = (changedPaths: string[]): GatePlanInput => ({
    gates: "auto",
    files: ["package.json", "a/b"],
    readFile: (p) => (p === "package.json" ? '{"scripts":{"test":"vitest"}}' : null),
    changedPaths,
    allowlist: ["npm"],
  });

  it.each(["./a/b", "a//b", "a/./b", "a/", "..", ".git/x", ""])("refuses the changed path %j in both", (path) => {
    expect(unsafeReason(path)).not.toBeNull();
    expect(checkPaths([{ path, change: "M", additions: 1, deletions: 0, binary: false }], parseConfig({}).paths).violations[0]?.kind).toBe(
      "unsafe_path",
    );
    const plan = planGates(input([path]));
    expect(plan.ok).toBe(false);
  });

  it("words a non-canonical changed path for the gate plan", () => {
    const plan = planGates(input(["./a/b"]));
    expect(plan.ok ? "" : plan.problem).toBe('changed path "./a/b" is not canonical (an empty or . segment); cannot find its package root');
  });

  it("accepts the same safe path in both", () => {
    expect(unsafeReason("a/b")).toBeNull();
    expect(planGates(input(["a/b"])).ok).toBe(true);
  });

  it.each([
    ["a/./b", "is not canonical (an empty or . segment)"],
    ["a//b", "is not canonical (an empty or . segment)"],
  ])("refuses the configured gate root %j", (root, why) => {
    const gates = parseConfig({ gates: [{ name: "g", run: "npm test", root }] }).gates;
    const plan = planGates({ ...input([]), gates });
    expect(plan.ok ? "" : plan.problem).toBe(`gate "g": gates[0].root ${JSON.stringify(root)} ${why}`);
  });

  it.each([".", "./", "", "./a/", "a/"])("takes the gate root %j as a directory", (root) => {
    const gates = parseConfig({ gates: [{ name: "g", run: "npm test", ...(root === "" ? {} : { root }) }] }).gates;
    expect(planGates({ ...input([]), gates }).ok).toBe(true);
  });
});
