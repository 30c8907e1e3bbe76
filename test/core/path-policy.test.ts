import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { parseConfig } from "../../src/core/config.js";
import { ConfigError } from "../../src/core/errors.js";
import { checkPaths, LOCKFILE_NAMES, unsafeReason, type PathPolicyFile, type PathsConfig } from "../../src/core/path-policy.js";

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
const kinds = (r: ReturnType<typeof checkPaths>) => r.violations.map((v) => v.kind);

describe("checkPaths: defaults", () => {
  it("accepts ordinary source changes", () => {
    const r = checkPaths([file("src/a.ts"), file("README.md"), file(".eslintrc.json")], defaults());
    expect(r).toEqual({ ok: true, violations: [], protectedTouched: [] });
  });

  it("forbids workflow files and the Foreman config, naming the path, the key and the glob", () => {
    const r = checkPaths([file(".github/workflows/ci.yml"), file(".github/foreman.yml"), file(".github/CODEOWNERS")], defaults());
    expect(r.ok).toBe(false);
    expect(r.violations).toEqual([
      {
        kind: "forbidden",
        path: ".github/workflows/ci.yml",
        message:
          '".github/workflows/ci.yml" is forbidden by paths.forbidden (".github/workflows/**"); to allow it, remove ".github/workflows/**" from paths.forbidden in .github/foreman.yml',
      },
      {
        kind: "forbidden",
        path: ".github/foreman.yml",
        message:
          '".github/foreman.yml" is forbidden by paths.forbidden (".github/foreman.yml"); to allow it, remove ".github/foreman.yml" from paths.forbidden in .github/foreman.yml',
      },
    ]);
  });

  it("forbids deleting a workflow, too", () => {
    const r = checkPaths([file(".github/workflows/ci.yml", { change: "D", additions: 0, deletions: 30 })], defaults());
    expect(kinds(r)).toEqual(["forbidden"]);
  });

  it("forbids a workflow path that differs only in case (case-insensitive filesystems)", () => {
    const r = checkPaths([file(".GitHub/Workflows/x.yml")], defaults());
    expect(r.ok).toBe(false);
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]!.kind).toBe("forbidden");
    expect(r.violations[0]!.message).toContain('".GitHub/Workflows/x.yml" is forbidden by paths.forbidden (".github/workflows/**"');
    expect(r.violations[0]!.message).toContain("ignoring case");
  });

  it("checks the old name of a rename", () => {
    const moved = file("ci-backup.yml", { change: "R", previousPath: ".github/workflows/ci.yml" });
    const r = checkPaths([moved], defaults());
    expect(r.violations.map((v) => [v.kind, v.path])).toEqual([["forbidden", ".github/workflows/ci.yml"]]);
    expect(checkPaths([file("ci-backup.yml", { change: "R" })], defaults()).ok).toBe(true);
  });
});

describe("checkPaths: forbidden and allowed", () => {
  it("forbidden wins over allowed, and reports no not_allowed for the same path", () => {
    const r = checkPaths([file("src/secret.ts")], paths({ allowed: ["src/**"], forbidden: ["src/secret.ts"] }));
    expect(kinds(r)).toEqual(["forbidden"]);
  });

  it("refuses paths outside paths.allowed, listing the globs and the key", () => {
    const r = checkPaths([file("src/a.ts"), file("docs/b.md")], paths({ allowed: ["src/**", "test/**"] }));
    expect(r.violations).toEqual([
      {
        kind: "not_allowed",
        path: "docs/b.md",
        message:
          '"docs/b.md" is not matched by paths.allowed ("src/**", "test/**"); add a glob to paths.allowed to permit it (e.g. "docs/b.md" in .github/foreman.yml)',
      },
    ]);
  });

  it("matches allowed globs case-sensitively and without widening", () => {
    const cfg = paths({ allowed: ["src/**", "*.md"] });
    expect(kinds(checkPaths([file("SRC/a.ts")], cfg))).toEqual(["not_allowed"]);
    expect(kinds(checkPaths([file("docs/a.md")], cfg))).toEqual(["not_allowed"]);
    expect(checkPaths([file("a.md"), file("src/x/y.ts")], cfg).ok).toBe(true);
  });

  it("an empty allowed list allows nothing and says so", () => {
    const r = checkPaths([file("a.ts")], paths({ allowed: [] }));
    expect(r.violations[0]!.message).toBe(
      '"a.ts" is not allowed: paths.allowed is empty; add a glob to paths.allowed to permit it (e.g. "a.ts" in .github/foreman.yml)',
    );
  });

  it("matches dotfiles (dot: true)", () => {
    expect(checkPaths([file(".env")], paths({ allowed: ["*"] })).ok).toBe(true);
    expect(kinds(checkPaths([file(".env")], paths({ forbidden: ["*"] })))).toEqual(["forbidden"]);
  });

  it("a forbidden directory covers everything under it, and a name without / matches at any depth", () => {
    const cfg = paths({ forbidden: ["secrets", "*.pem", "infra/"] });
    expect(kinds(checkPaths([file("secrets/prod/key.txt")], cfg))).toEqual(["forbidden"]);
    expect(kinds(checkPaths([file("deep/secrets/x")], cfg))).toEqual(["forbidden"]);
    expect(kinds(checkPaths([file("keys/tls/a.pem")], cfg))).toEqual(["forbidden"]);
    expect(kinds(checkPaths([file("infra/main.tf")], cfg))).toEqual(["forbidden"]);
    expect(checkPaths([file("secrets.md"), file("src/pem.ts"), file("a/infra.ts")], cfg).ok).toBe(true);
  });

  it("an anchored forbidden glob does not match deeper", () => {
    const cfg = paths({ forbidden: ["/build/**", "./dist/x"] });
    expect(kinds(checkPaths([file("build/a")], cfg))).toEqual(["forbidden"]);
    expect(kinds(checkPaths([file("dist/x")], cfg))).toEqual(["forbidden"]);
    expect(checkPaths([file("pkg/build/a")], cfg).ok).toBe(true);
  });

  it("refuses a glob picomatch cannot compile with a ConfigError naming the key", () => {
    const cfg = paths({ forbidden: ["a".repeat(70_000)] });
    let thrown: unknown;
    try {
      checkPaths([file("a.ts")], cfg);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect(thrown instanceof ConfigError && thrown.problems[0]!.path).toBe("paths.forbidden[0]");
  });
});

describe("checkPaths: lockfiles", () => {
  it.each(LOCKFILE_NAMES)("refuses %s at the root and at any depth", (name) => {
    const r = checkPaths([file(name), file(`packages/app/${name}`)], defaults());
    expect(r.violations).toEqual([
      {
        kind: "lockfile",
        path: name,
        message: `"${name}" is a lockfile; set paths.allow_lockfile_changes: true in .github/foreman.yml to allow lockfile changes`,
      },
      expect.objectContaining({ kind: "lockfile", path: `packages/app/${name}` }),
    ]);
  });

  it("allows lockfiles with allow_lockfile_changes", () => {
    const r = checkPaths([file("package-lock.json"), file("go.sum")], paths({ allow_lockfile_changes: true }));
    expect(r.ok).toBe(true);
  });

  it("compares lockfile names ignoring case and does not match look-alikes", () => {
    expect(kinds(checkPaths([file("Package-Lock.json")], defaults()))).toEqual(["lockfile"]);
    expect(checkPaths([file("package-lock.json.md"), file("my-yarn.lock"), file("cargo.lock.d/x")], defaults()).ok).toBe(true);
  });
});

describe("checkPaths: unsafe paths", () => {
  it.each([
    ["/etc/passwd", "absolute"],
    ["C:/x", "absolute"],
    ["../outside", "contains a .. segment"],
    ["a/../../b", "contains a .. segment"],
    [".git/config", "inside .git"],
    ["sub/.git/hooks/pre-commit", "inside .git"],
    [".GIT/config", "inside .git"],
    ["a\u0000b", "contains a control character"],
    ["a\nb", "contains a control character"],
    ["a\u007fb", "contains a control character"],
    ["a\\..\\b", "contains a backslash"],
    ["./.github/workflows/x.yml", "not canonical (empty or . segment)"],
    ["a//b", "not canonical (empty or . segment)"],
    ["a/", "not canonical (empty or . segment)"],
    ["", "empty"],
  ])("refuses %j (%s)", (path, reason) => {
    expect(unsafeReason(path)).toBe(reason);
    const r = checkPaths([file(path)], defaults());
    expect(r.ok).toBe(false);
    expect(r.violations).toEqual([
      { kind: "unsafe_path", path, message: `${JSON.stringify(path)} is not a safe repository path (${reason}); no configuration allows it` },
    ]);
  });

  it("accepts names that only look alike", () => {
    for (const p of [".gitignore", ".github/x", "a/.gitkeep", "a..b/c", "...", "git/x"]) expect(unsafeReason(p)).toBeNull();
  });

  it("refuses an unsafe old name of a rename", () => {
    const r = checkPaths([file("a.ts", { change: "R", previousPath: "../a.ts" })], defaults());
    expect(r.violations.map((v) => [v.kind, v.path])).toEqual([["unsafe_path", "../a.ts"]]);
  });
});

describe("checkPaths: size limits", () => {
  it("counts files against max_changed_files (at the limit is fine)", () => {
    const cfg = paths({ max_changed_files: 2 });
    expect(checkPaths([file("a"), file("b")], cfg).ok).toBe(true);
    const r = checkPaths([file("a"), file("b"), file("c")], cfg);
    expect(r.violations).toEqual([
      {
        kind: "too_many_files",
        message:
          "3 files changed, more than paths.max_changed_files (2); make the change smaller, split the task, or set paths.max_changed_files to 3 or more in .github/foreman.yml",
      },
    ]);
  });

  it("sums additions and deletions over all files against max_changed_lines", () => {
    const cfg = paths({ max_changed_lines: 10 });
    expect(checkPaths([file("a", { additions: 4, deletions: 1 }), file("b", { additions: 5 })], cfg).ok).toBe(true);
    const r = checkPaths([file("a", { additions: 4, deletions: 2 }), file("b", { additions: 5 })], cfg);
    expect(r.violations).toEqual([
      {
        kind: "too_many_lines",
        message:
          "11 lines changed (added plus deleted), more than paths.max_changed_lines (10); make the change smaller, split the task, or set paths.max_changed_lines to 11 or more in .github/foreman.yml",
      },
    ]);
  });

  it("binary files count as files but not lines", () => {
    const cfg = paths({ max_changed_lines: 1, max_changed_files: 1 });
    const r = checkPaths([file("a.png", { binary: true, additions: 0 }), file("b.png", { binary: true, additions: 0 })], cfg);
    expect(kinds(r)).toEqual(["too_many_files"]);
  });

  it.each([-1, Number.NaN, 1.5, Number.POSITIVE_INFINITY])("fails closed on a line count of %s", (n) => {
    const r = checkPaths([file("a", { additions: n })], defaults());
    expect(kinds(r)).toEqual(["too_many_lines"]);
    expect(r.violations[0]!.message).toContain(`"a" has additions ${String(n)}`);
    expect(r.violations[0]!.message).toContain("paths.max_changed_lines");
  });

  it("uses the clamped limit from org limits", () => {
    const cfg = parseConfig({ paths: { max_changed_lines: 100 } }, { limits: { max_changed_lines: 5 } }).paths;
    expect(kinds(checkPaths([file("a", { additions: 6 })], cfg))).toEqual(["too_many_lines"]);
  });
});

describe("checkPaths: protected paths", () => {
  it("lists protected paths touched, sorted and deduplicated, without making the diff fail", () => {
    const cfg = paths({ protected: ["src/auth/**", "*.sql"] });
    const r = checkPaths(
      [file("src/auth/z.ts"), file("db/migrate/001.sql"), file("src/auth/a.ts"), file("src/other.ts"), file("src/auth/a.ts")],
      cfg,
    );
    expect(r.ok).toBe(true);
    expect(r.protectedTouched).toEqual(["db/migrate/001.sql", "src/auth/a.ts", "src/auth/z.ts"]);
  });

  it("matches protected paths ignoring case and includes a rename's old name", () => {
    const cfg = paths({ protected: ["src/auth/**"] });
    expect(checkPaths([file("SRC/Auth/a.ts")], cfg).protectedTouched).toEqual(["SRC/Auth/a.ts"]);
    expect(checkPaths([file("src/x.ts", { change: "R", previousPath: "src/auth/x.ts" })], cfg).protectedTouched).toEqual(["src/auth/x.ts"]);
  });
});

describe("checkPaths: properties", () => {
  const segment = fc.stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,8}$/).filter((s) => s.toLowerCase() !== ".git");
  const relPath = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join("/"));
  const flipCase = (s: string, mask: readonly boolean[]) =>
    [...s].map((c, i) => (mask[i % mask.length] ? c.toUpperCase() : c.toLowerCase())).join("");

  test.prop([fc.array(relPath, { maxLength: 5 }), relPath, fc.array(fc.boolean(), { minLength: 1, maxLength: 8 })], {
    seed: 20261121,
  })("never ok when a path under a forbidden workflow directory is present, in any case", (others, name, mask) => {
    const bad = flipCase(`.github/workflows/${name}`, mask);
    const r = checkPaths([...others.map((p) => file(p)), file(bad)], defaults());
    expect(r.ok).toBe(false);
    expect(r.violations.some((v) => v.kind === "forbidden" && v.path === bad)).toBe(true);
  });

  test.prop([fc.array(fc.tuple(relPath, fc.nat(100), fc.nat(100)), { maxLength: 8 }), fc.integer({ min: 1, max: 500 })], {
    seed: 7,
  })("reports too_many_lines exactly when the total exceeds the limit", (entries, limit) => {
    const files = entries.map(([p, a, d]) => file(`src/${p}`, { additions: a, deletions: d }));
    const total = entries.reduce((s, [, a, d]) => s + a + d, 0);
    const r = checkPaths(files, paths({ max_changed_lines: limit, max_changed_files: 100 }));
    expect(kinds(r).includes("too_many_lines")).toBe(total > limit);
    expect(r.ok).toBe(r.violations.length === 0);
  });
});
