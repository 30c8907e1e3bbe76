import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/core/config.js";
import { ConfigError } from "../../src/core/errors.js";
import { checkPaths, unsafeReason, type PathPolicyFile, type PathsConfig } from "../../src/core/path-policy.js";

// Edges of the path policy the main suite leaves open: renames onto the same name, anchors of
// the safety rules, pattern normalization, and the exact wording of every violation.
const defaults = (): PathsConfig => parseConfig({}).paths;
const paths = (over: Record<string, unknown>): PathsConfig => parseConfig({ paths: over }).paths;
const file = (path: string, over: Partial<PathPolicyFile> = {}): PathPolicyFile => ({
  path,
  additions: 1,
  deletions: 0,
  binary: false,
  change: "M",
  ...over,
});

describe("checkPaths: renames", () => {
  it("a previous path equal to the new one is checked once", () => {
    const r = checkPaths([file(".github/workflows/ci.yml", { change: "R", previousPath: ".github/workflows/ci.yml" })], defaults());
    expect(r.violations.map((v) => [v.kind, v.path])).toEqual([["forbidden", ".github/workflows/ci.yml"]]);
  });

  it("both names of a rename are checked, the new one first", () => {
    const r = checkPaths([file("package-lock.json", { change: "R", previousPath: "yarn.lock" })], defaults());
    expect(r.violations.map((v) => [v.kind, v.path])).toEqual([
      ["lockfile", "package-lock.json"],
      ["lockfile", "yarn.lock"],
    ]);
  });
});

describe("unsafeReason: anchors", () => {
  it.each(["a/b:c", "docs/C:/x", "x/y/", "a/b.git", "a/.github/.gitx", "a/ b"])("only where the rule says: %j", (path) => {
    const expected = path === "x/y/" ? "not canonical (empty or . segment)" : null;
    expect(unsafeReason(path)).toBe(expected);
  });

  it("a drive letter is absolute in either case; a digit or a longer prefix is not", () => {
    expect(unsafeReason("c:/x")).toBe("absolute");
    expect(unsafeReason("Z:x")).toBe("absolute");
    expect(unsafeReason("1:/x")).toBeNull();
    expect(unsafeReason("ab:/x")).toBeNull();
  });

  it("every control character is refused, the first printable one is not", () => {
    expect(unsafeReason("a\u001fb")).toBe("contains a control character");
    expect(unsafeReason("a\tb")).toBe("contains a control character");
    expect(unsafeReason("a b~")).toBeNull();
  });

  it("a single . segment anywhere is refused, and .. wins over a later empty segment", () => {
    expect(unsafeReason("a/./b")).toBe("not canonical (empty or . segment)");
    expect(unsafeReason("../a//b")).toBe("contains a .. segment");
    expect(unsafeReason("a//b/.git")).toBe("not canonical (empty or . segment)");
    expect(unsafeReason("a/.Git/b")).toBe("inside .git");
  });
});

describe("checkPaths: patterns", () => {
  it("drops any number of leading ./ and one leading /", () => {
    const cfg = paths({ forbidden: ["././dist/x", "/build/y"] });
    expect(checkPaths([file("dist/x")], cfg).violations.map((v) => v.kind)).toEqual(["forbidden"]);
    expect(checkPaths([file("build/y")], cfg).violations.map((v) => v.kind)).toEqual(["forbidden"]);
    expect(checkPaths([file("a/dist/x"), file("a/build/y")], cfg).ok).toBe(true);
  });

  it("a pattern ending in several / covers the directory's contents like one /, at any depth", () => {
    const cfg = parseConfig({ paths: { forbidden: ["secrets//"], allowed: ["**"] } }).paths;
    for (const path of ["secrets/key", "a/secrets/key"]) {
      expect(checkPaths([{ path, additions: 1, deletions: 0, binary: false, change: "M" }], cfg).violations.map((v) => v.kind)).toEqual([
        "forbidden",
      ]);
    }
  });

  it("a pattern ending in / covers the directory's contents, allowed ones too", () => {
    const cfg = paths({ allowed: ["src/"], forbidden: [] });
    expect(checkPaths([file("src/a/b.ts")], cfg).ok).toBe(true);
    expect(checkPaths([file("lib/src/b.ts")], cfg).ok).toBe(false);
  });

  it("a pattern with a / inside matches only from the root", () => {
    const cfg = paths({ forbidden: ["conf/*.key"] });
    expect(checkPaths([file("conf/a.key")], cfg).ok).toBe(false);
    expect(checkPaths([file("x/conf/a.key")], cfg).ok).toBe(true);
  });

  it("allowed globs do not cover a directory's contents", () => {
    const cfg = paths({ allowed: ["src"] });
    expect(checkPaths([file("src/a.ts")], cfg).violations.map((v) => v.kind)).toEqual(["not_allowed"]);
  });

  it("an exact match says nothing about case; a case-only match says so", () => {
    const cfg = paths({ forbidden: ["Secret.txt"] });
    expect(checkPaths([file("Secret.txt")], cfg).violations[0]!.message).toBe(
      '"Secret.txt" is forbidden by paths.forbidden ("Secret.txt"); to allow it, remove "Secret.txt" from paths.forbidden in .github/foreman.yml',
    );
    expect(checkPaths([file("a/SECRET.TXT")], cfg).violations[0]!.message).toBe(
      '"a/SECRET.TXT" is forbidden by paths.forbidden ("Secret.txt", matched ignoring case as a case-insensitive filesystem would); to allow it, remove "Secret.txt" from paths.forbidden in .github/foreman.yml',
    );
  });

  it("names the first forbidden glob that matches", () => {
    const cfg = paths({ forbidden: ["*.md", "docs/**"] });
    expect(checkPaths([file("docs/a.md")], cfg).violations[0]!.message).toBe(
      '"docs/a.md" is forbidden by paths.forbidden ("*.md"); to allow it, remove "*.md" from paths.forbidden in .github/foreman.yml',
    );
  });

  it("a glob error names the key and index and keeps picomatch's reason", () => {
    const cfg = paths({ protected: ["ok/**", "a".repeat(70_000)] });
    try {
      checkPaths([file("a.ts")], cfg);
      expect.unreachable("checkPaths should refuse the glob");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      if (!(error instanceof ConfigError)) return;
      expect(error.problems).toHaveLength(1);
      expect(error.problems[0]!.path).toBe("paths.protected[1]");
      expect(error.problems[0]!.message).toMatch(/^not a usable glob pattern \(.+\)$/);
      expect(error.cause).toBeInstanceOf(Error);
    }
  });
});

describe("checkPaths: counting", () => {
  it("names every uncountable file and both counts, with the limit", () => {
    const r = checkPaths([file("a", { additions: -1, deletions: 1.5 }), file("b", { deletions: Number.NaN })], paths({ max_changed_lines: 9 }));
    expect(r.violations).toEqual([
      {
        kind: "too_many_lines",
        message:
          'changed lines cannot be counted ("a" has additions -1; "a" has deletions 1.5; "b" has deletions NaN), so paths.max_changed_lines (9) cannot be checked',
      },
    ]);
  });

  it("counts deletions as changed lines", () => {
    expect(checkPaths([file("a", { additions: 0, deletions: 3 })], paths({ max_changed_lines: 2 })).violations.map((v) => v.kind)).toEqual([
      "too_many_lines",
    ]);
    expect(checkPaths([file("a", { additions: 0, deletions: 2 })], paths({ max_changed_lines: 2 })).ok).toBe(true);
  });

  it("no files is ok, even with the smallest limits", () => {
    expect(checkPaths([], paths({ max_changed_lines: 1, max_changed_files: 1 }))).toEqual({ ok: true, violations: [], protectedTouched: [] });
  });

  it("unsafe paths still count towards the size limits", () => {
    const r = checkPaths([file("../a", { additions: 5 }), file("b")], paths({ max_changed_files: 1, max_changed_lines: 5 }));
    expect(r.violations.map((v) => v.kind)).toEqual(["unsafe_path", "too_many_files", "too_many_lines"]);
  });
});

describe("checkPaths: protected", () => {
  it("a protected directory and a name at any depth are covered; an unsafe path is never listed", () => {
    const cfg = paths({ protected: ["migrations", "*.sql"] });
    const r = checkPaths([file("db/migrations/1.py"), file("x/y.sql"), file("../z.sql"), file("src/a.ts")], cfg);
    expect(r.protectedTouched).toEqual(["db/migrations/1.py", "x/y.sql"]);
  });

  it("a forbidden path that is also protected is listed as touched", () => {
    const cfg = paths({ forbidden: ["secrets/**"], protected: ["secrets/**"] });
    expect(checkPaths([file("secrets/a")], cfg).protectedTouched).toEqual(["secrets/a"]);
  });
});
