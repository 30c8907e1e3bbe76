import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { isValidBranchName, isValidRefName } from "../../src/local/branch-name-format.js";

// Real git, in a repository (`--branch` expands `@{-1}` only there), as the publisher asked it.
const repo = mkdtempSync(path.join(tmpdir(), "foreman-ref-format-"));
spawnSync("git", ["init", "-q", repo]);
afterAll(() => rmSync(repo, { recursive: true, force: true }));

/** What `git check-ref-format --branch` says: accepted, and printed back unchanged. */
function gitAccepts(name: string): boolean {
  const out = spawnSync("git", ["check-ref-format", "--branch", name], { cwd: repo, encoding: "utf8" });
  return out.status === 0 && out.stdout.trim() === name;
}

const NAMES = [
  "foreman/issue-12",
  "main",
  "a",
  "feature/x.y",
  "über/straße",
  "a-b_c+d=e,f%g!h#i$j&k'l(m)n;o<p>q|r\"s`t{u}",
  "a@b",
  "@x",
  "x@",
  "a/@/b",
  "@",
  "@{-1}",
  "a@{b",
  "a@{",
  "HEAD",
  "x/HEAD",
  "-x",
  "x-",
  "",
  "a..b",
  "a.",
  "a/b.",
  ".a",
  "a/.b",
  "a.lock",
  "a.lock/b",
  "a/b.lock",
  "a.locked",
  "a/",
  "/a",
  "a//b",
  "a b",
  "a\tb",
  "a~b",
  "a^b",
  "a:b",
  "a?b",
  "a*b",
  "a[b",
  "a]b",
  "a\\b",
  "a\x7fb",
  "a\x01b",
  "refs/heads/x",
  "a/./b",
  "a/../b",
  "...",
  ".",
  "a.b.c",
  "x/y/z/w",
];

describe("isValidBranchName: git check-ref-format --branch, in process", () => {
  it.each(NAMES)("%j as real git judges it", (name) => {
    expect(isValidBranchName(name)).toBe(gitAccepts(name));
  });

  it("agrees with real git on generated names (seeded)", () => {
    const alphabet = fc.constantFrom(..."ab/.-@{}~^:?*[\\ lockHEAD\x7fé".split(""));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 8 }), (chars) => {
        const name = chars.join("");
        expect(isValidBranchName(name)).toBe(gitAccepts(name));
      }),
      { seed: 12, numRuns: 300 },
    );
  });
});

describe("isValidRefName", () => {
  it.each([
    ["refs/heads/a", true],
    ["a", false],
    ["@", false],
    ["a/b", true],
    ["a/b/", false],
  ])("%j: %s", (ref, expected) => {
    expect(isValidRefName(ref)).toBe(expected);
  });
});
