/**
 * The path policy on build artifacts and sizes (issue 11): new binary files, new files over
 * `paths.max_file_bytes`, a binary's size in `max_changed_lines`, the complete lockfile list,
 * messages that say which key of `.github/foreman.yml` allows the change, and the paths a
 * refused attempt puts back (`offendingPaths`).
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_FILE_BYTES, parseConfig } from "../../src/core/config.js";
import {
  BINARY_BYTES_PER_LINE,
  checkPaths,
  LOCKFILE_NAMES,
  offendingPaths,
  type PathPolicyFile,
  type PathsConfig,
} from "../../src/core/path-policy.js";

const defaults = (): PathsConfig => parseConfig({}).paths;
const paths = (over: Record<string, unknown>): PathsConfig => parseConfig({ paths: over }).paths;
const added = (path: string, over: Partial<PathPolicyFile> = {}): PathPolicyFile => ({
  path,
  additions: 1,
  deletions: 0,
  binary: false,
  change: "A",
  bytes: 10,
  ...over,
});
const binary = (path: string, bytes: number, over: Partial<PathPolicyFile> = {}): PathPolicyFile =>
  added(path, { binary: true, additions: 0, bytes, ...over });
const kinds = (r: ReturnType<typeof checkPaths>) => r.violations.map((v) => v.kind);

describe("checkPaths: new binary files", () => {
  it("refuses a new binary file, naming paths.allowed_binaries, a glob for it and the config file", () => {
    const r = checkPaths([binary("build/app.bin", 1234)], defaults());
    expect(r.violations).toEqual([
      {
        kind: "binary_file",
        path: "build/app.bin",
        message:
          '"build/app.bin" is a new binary file (1234 bytes), not matched by paths.allowed_binaries; build artifacts do not belong in the change. To allow it, add "build/app.bin" (or a glob such as "build/*.bin") to paths.allowed_binaries in .github/foreman.yml',
      },
    ]);
    expect(checkPaths([binary("pkg-1.0.0.tgz", 10)], defaults()).violations[0]!.message).toContain('a glob such as "*.tgz"');
    expect(checkPaths([binary("bin/tool", 10, { bytes: undefined })], defaults()).violations[0]!.message).toContain(
      '"bin/tool" is a new binary file, not matched',
    );
    expect(checkPaths([binary("bin/tool", 10)], defaults()).violations[0]!.message).toContain('(or a glob such as "bin/tool")');
  });

  it("allows a new binary matched by paths.allowed_binaries (case-sensitively, the path itself)", () => {
    const cfg = paths({ allowed_binaries: ["assets/**/*.png", "logo.png"] });
    expect(checkPaths([binary("assets/img/a.png", 100), binary("logo.png", 100)], cfg).ok).toBe(true);
    expect(kinds(checkPaths([binary("ASSETS/img/a.png", 100)], cfg))).toEqual(["binary_file"]);
    expect(kinds(checkPaths([binary("docs/logo.png", 100)], cfg))).toEqual(["binary_file"]);
  });

  it("judges only new binary files: a modified or deleted binary is not refused as such", () => {
    expect(checkPaths([binary("logo.png", 100, { change: "M" })], defaults()).ok).toBe(true);
    expect(checkPaths([binary("logo.png", 100, { change: "D", bytes: undefined })], defaults()).ok).toBe(true);
    expect(checkPaths([binary("logo.png", 100, { change: "R", previousPath: "old.png" })], defaults()).ok).toBe(true);
  });

  it("refuses a 3 MB new binary twice: as a binary and as a file over paths.max_file_bytes", () => {
    const r = checkPaths([binary("cmd/cmd.test", 3_200_000)], defaults());
    expect(kinds(r)).toEqual(["binary_file", "file_too_large", "too_many_lines"]);
    expect(r.violations[0]!.message).toContain("paths.allowed_binaries");
    expect(r.violations[0]!.message).toContain("and set paths.max_file_bytes to 3200000 or more (it is over 1048576)");
    expect(r.violations[1]!.message).toBe(
      '"cmd/cmd.test" is a new file of 3200000 bytes, more than paths.max_file_bytes (1048576); to allow it, set paths.max_file_bytes to 3200000 or more in .github/foreman.yml',
    );
    expect(r.violations[2]!.message).toContain(`at one line per ${BINARY_BYTES_PER_LINE} bytes`);
  });
});

describe("checkPaths: paths.max_file_bytes", () => {
  it("defaults to 1 MB and refuses a new text file over it, at the limit is fine", () => {
    expect(defaults().max_file_bytes).toBe(1_048_576);
    expect(DEFAULT_MAX_FILE_BYTES).toBe(1_048_576);
    const cfg = paths({ max_file_bytes: 100, max_changed_lines: 100_000 });
    expect(checkPaths([added("a.txt", { bytes: 100 })], cfg).ok).toBe(true);
    const r = checkPaths([added("a.txt", { bytes: 101 })], cfg);
    expect(r.violations).toEqual([expect.objectContaining({ kind: "file_too_large", path: "a.txt" })]);
  });

  it("only judges new files, and not a file whose size is unknown", () => {
    const cfg = paths({ max_file_bytes: 100 });
    expect(checkPaths([added("a.txt", { bytes: 5_000, change: "M" })], cfg).ok).toBe(true);
    expect(checkPaths([added("a.txt", { bytes: undefined })], cfg).ok).toBe(true);
  });

  it("fails closed on a size that is not a whole number of 0 or more", () => {
    for (const bytes of [-1, 1.5, Number.NaN]) {
      const r = checkPaths([added("a.txt", { bytes })], defaults());
      expect(kinds(r)).toEqual(["too_many_lines"]);
      expect(r.violations[0]!.message).toContain(`"a.txt" has bytes ${String(bytes)}`);
    }
  });

  it("refuses a configuration value that is not a positive whole number", () => {
    expect(() => parseConfig({ paths: { max_file_bytes: 0 } })).toThrow();
    expect(() => parseConfig({ paths: { allowed_binaries: "*.png" } })).toThrow();
  });
});

describe("checkPaths: a binary file's size counts in max_changed_lines", () => {
  it("counts one line per started 64 bytes of a binary, 0 when its size is unknown", () => {
    const cfg = paths({ max_changed_lines: 2, allowed_binaries: ["**"] });
    expect(checkPaths([binary("a.png", 2 * BINARY_BYTES_PER_LINE)], cfg).ok).toBe(true);
    const r = checkPaths([binary("a.png", 2 * BINARY_BYTES_PER_LINE + 1)], cfg);
    expect(r.violations).toEqual([
      {
        kind: "too_many_lines",
        message:
          "3 lines changed (added plus deleted, of which 3 for binary files at one line per 64 bytes), more than paths.max_changed_lines (2); make the change smaller, split the task, or set paths.max_changed_lines to 3 or more in .github/foreman.yml",
      },
    ]);
    expect(checkPaths([binary("a.png", 0, { bytes: undefined, change: "D" })], cfg).ok).toBe(true);
  });

  it("adds binary and text lines together", () => {
    const cfg = paths({ max_changed_lines: 3, allowed_binaries: ["**"] });
    expect(checkPaths([binary("a.png", 64, { change: "M" }), added("b.txt", { additions: 2 })], cfg).ok).toBe(true);
    expect(kinds(checkPaths([binary("a.png", 65, { change: "M" }), added("b.txt", { additions: 2 })], cfg))).toEqual(["too_many_lines"]);
  });
});

describe("checkPaths: lockfiles of every ecosystem", () => {
  it.each([
    "package-lock.json",
    "npm-shrinkwrap.json",
    "pnpm-lock.yaml",
    "yarn.lock",
    "bun.lock",
    "bun.lockb",
    "uv.lock",
    "poetry.lock",
    "Pipfile.lock",
    "pixi.lock",
    "pdm.lock",
    "conda-lock.yml",
    "Cargo.lock",
    "go.sum",
    "go.work.sum",
    "composer.lock",
    "Gemfile.lock",
    "mix.lock",
    "flake.lock",
    "packages.lock.json",
    "Package.resolved",
    "gradle.lockfile",
    "Podfile.lock",
    "pubspec.lock",
  ])("%s is on the list and refused with the key that allows it", (name) => {
    expect(LOCKFILE_NAMES).toContain(name);
    const r = checkPaths([added(`sub/${name}`)], defaults());
    expect(r.violations).toEqual([
      {
        kind: "lockfile",
        path: `sub/${name}`,
        message: `"sub/${name}" is a lockfile; set paths.allow_lockfile_changes: true in .github/foreman.yml to allow lockfile changes`,
      },
    ]);
  });

  it("has no duplicate", () => {
    expect(new Set(LOCKFILE_NAMES.map((n) => n.toLowerCase())).size).toBe(LOCKFILE_NAMES.length);
  });
});

describe("checkPaths: every message says how to allow the change in .github/foreman.yml", () => {
  it("names the key for each kind a configuration can allow", () => {
    const cfg = paths({ allowed: ["src/**", "*.lock", "**/*.bin", "big.txt"], max_changed_files: 1, max_changed_lines: 1, max_file_bytes: 5 });
    const r = checkPaths(
      [
        added(".github/workflows/x.yml", { bytes: 1 }),
        added("docs/a.md", { bytes: 1 }),
        added("yarn.lock", { bytes: 1 }),
        binary("x/y.bin", 1),
        added("big.txt", { bytes: 6 }),
      ],
      cfg,
    );
    const keyOf: Record<string, string> = {
      forbidden: "paths.forbidden",
      not_allowed: "paths.allowed",
      lockfile: "paths.allow_lockfile_changes: true",
      binary_file: "paths.allowed_binaries",
      file_too_large: "paths.max_file_bytes to 6",
      too_many_files: "paths.max_changed_files to 5",
      too_many_lines: "paths.max_changed_lines to",
    };
    expect(new Set(kinds(r))).toEqual(new Set(Object.keys(keyOf)));
    for (const v of r.violations) {
      expect(v.message).toContain(keyOf[v.kind]!);
      expect(v.message).toContain(".github/foreman.yml");
    }
  });
});

describe("offendingPaths", () => {
  it("lists each path a violation names, both names of a refused rename, sorted, without the size limits' or unsafe paths", () => {
    const files: PathPolicyFile[] = [
      added("src/ok.ts"),
      binary("z.bin", 10),
      added("ci-backup.yml", { change: "R", previousPath: ".github/workflows/ci.yml" }),
      added("yarn.lock", { change: "M" }),
      added("../escape"),
    ];
    const r = checkPaths(files, paths({ max_changed_files: 1 }));
    expect(kinds(r)).toContain("too_many_files");
    expect(kinds(r)).toContain("unsafe_path");
    expect(offendingPaths(files, r.violations)).toEqual([".github/workflows/ci.yml", "ci-backup.yml", "yarn.lock", "z.bin"]);
  });

  it("is empty when nothing names a path", () => {
    const files = [added("a"), added("b")];
    expect(offendingPaths(files, checkPaths(files, paths({ max_changed_files: 1 })).violations)).toEqual([]);
    expect(offendingPaths(files, [])).toEqual([]);
  });
});
