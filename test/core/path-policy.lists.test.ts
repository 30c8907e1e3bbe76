/**
 * The path policy's lists and the binary/size rules' exact edges (issue 11): the lockfile names
 * users rely on to be refused, the violation kinds a report may carry, how a binary's size turns
 * into lines, the glob suggested for allowing a binary, and the messages at each limit.
 */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/core/config.js";
import {
  BINARY_BYTES_PER_LINE,
  checkPaths,
  LOCKFILE_NAMES,
  offendingPaths,
  PATH_VIOLATION_KINDS,
  type PathPolicyFile,
  type PathsConfig,
} from "../../src/core/path-policy.js";

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
const binary = (path: string, bytes: number | undefined, over: Partial<PathPolicyFile> = {}): PathPolicyFile =>
  added(path, { binary: true, additions: 0, bytes, ...over });

describe("the lists", () => {
  it("every lockfile name, exactly", () => {
    expect([...LOCKFILE_NAMES]).toEqual([
      "package-lock.json",
      "npm-shrinkwrap.json",
      "yarn.lock",
      "pnpm-lock.yaml",
      "bun.lockb",
      "bun.lock",
      "Cargo.lock",
      "go.sum",
      "uv.lock",
      "poetry.lock",
      "Pipfile.lock",
      "composer.lock",
      "Gemfile.lock",
      "pixi.lock",
      "go.work.sum",
      "pdm.lock",
      "mix.lock",
      "flake.lock",
      "conda-lock.yml",
      "packages.lock.json",
      "Package.resolved",
      "gradle.lockfile",
      "Podfile.lock",
      "pubspec.lock",
      "Manifest.toml",
      "deno.lock",
      "renv.lock",
      "Cartfile.resolved",
      "shard.lock",
      "stack.yaml.lock",
      "cabal.project.freeze",
      "rebar.lock",
      "gleam.lock",
      "paket.lock",
      "project.assets.json",
      "vcpkg-lock.json",
      "conan.lock",
      "MODULE.bazel.lock",
      "pants.lock",
      ".terraform.lock.hcl",
      "jsonnetfile.lock.json",
      "Chart.lock",
      "requirements.lock",
      "requirements-dev.lock",
    ]);
  });

  it("every violation kind a report may carry", () => {
    expect([...PATH_VIOLATION_KINDS]).toEqual([
      "forbidden",
      "not_allowed",
      "lockfile",
      "too_many_files",
      "too_many_lines",
      "unsafe_path",
      "binary_file",
      "file_too_large",
    ]);
  });

  it("one line per started 64 bytes", () => {
    expect(BINARY_BYTES_PER_LINE).toBe(64);
  });
});

describe("a binary's size in max_changed_lines", () => {
  const cfg = (max: number) => paths({ max_changed_lines: max, allowed_binaries: ["**"] });
  it.each([
    [0, 0],
    [1, 1],
    [63, 1],
    [64, 1],
    [65, 2],
    [128, 2],
    [129, 3],
  ])("%i bytes count %i lines", (bytes, lines) => {
    // Five text lines beside the binary, so that a limit of exactly the sum can be given.
    const files = [binary("a.png", bytes), added("b.txt", { additions: 5, change: "M" })];
    expect(checkPaths(files, cfg(5 + lines)).ok).toBe(true);
    expect(checkPaths(files, cfg(4 + lines)).violations.map((v) => v.kind)).toEqual(["too_many_lines"]);
  });

  it("a binary's own additions and deletions are not counted", () => {
    expect(checkPaths([binary("a.png", 64, { additions: 50, deletions: 50 })], cfg(1)).ok).toBe(true);
    expect(checkPaths([binary("a.png", 64, { additions: -1, deletions: Number.NaN })], cfg(1)).ok).toBe(true);
  });

  it("text lines alone: the message does not speak of binaries", () => {
    const r = checkPaths([added("a.txt", { additions: 2, deletions: 1 }), binary("b.png", undefined, { change: "D" })], cfg(2));
    expect(r.violations).toEqual([
      {
        kind: "too_many_lines",
        message:
          "3 lines changed (added plus deleted), more than paths.max_changed_lines (2); make the change smaller, split the task, or set paths.max_changed_lines to 3 or more in .github/foreman.yml",
      },
    ]);
  });

  it("binaries and text together: the binaries' share is said", () => {
    const r = checkPaths([added("a.txt", { additions: 2 }), binary("b.png", 100, { change: "M" }), binary("c.png", 1, { change: "M" })], cfg(4));
    expect(r.violations[0]!.message).toBe(
      "5 lines changed (added plus deleted, of which 3 for binary files at one line per 64 bytes), more than paths.max_changed_lines (4); make the change smaller, split the task, or set paths.max_changed_lines to 5 or more in .github/foreman.yml",
    );
  });

  it("an uncountable size wins over the line limit, and names the file and value", () => {
    const r = checkPaths([binary("a.png", -5, { change: "M" }), added("b.txt", { additions: 1000 })], cfg(1));
    expect(r.violations).toEqual([
      {
        kind: "too_many_lines",
        message: 'changed lines cannot be counted ("a.png" has bytes -5), so paths.max_changed_lines (1) cannot be checked',
      },
    ]);
  });

  it("an unsafe size of a huge number fails closed too", () => {
    const r = checkPaths([added("a.txt", { bytes: Number.MAX_SAFE_INTEGER + 2 })], paths({}));
    expect(r.violations.map((v) => v.kind)).toEqual(["too_many_lines"]);
  });
});

describe("a new binary file", () => {
  const msg = (path: string, bytes: number | undefined) =>
    checkPaths([binary(path, bytes)], paths({ max_changed_lines: 1_000_000 })).violations[0]!.message;
  it.each([
    ["tool", "tool"],
    ["bin/tool", "bin/tool"],
    [".hidden", ".hidden"],
    ["dist/.cache", "dist/.cache"],
    ["a.tar.gz", "*.gz"],
    ["out/x/app.exe", "out/x/*.exe"],
    ["out.d/app", "out.d/app"],
    ["dist/.env.bin", "dist/*.bin"],
  ])("%s: the suggested glob is %s", (path, glob) => {
    expect(msg(path, 10)).toContain(`(or a glob such as ${JSON.stringify(glob)})`);
  });

  it("at exactly paths.max_file_bytes, only the binary rule speaks; one byte more, both", () => {
    const cfg = paths({ max_file_bytes: 100, max_changed_lines: 1_000 });
    const at = checkPaths([binary("a.bin", 100)], cfg);
    expect(at.violations).toEqual([
      {
        kind: "binary_file",
        path: "a.bin",
        message:
          '"a.bin" is a new binary file (100 bytes), not matched by paths.allowed_binaries; build artifacts do not belong in the change. To allow it, add "a.bin" (or a glob such as "*.bin") to paths.allowed_binaries in .github/foreman.yml',
      },
    ]);
    const over = checkPaths([binary("a.bin", 101)], cfg);
    expect(over.violations.map((v) => v.kind)).toEqual(["binary_file", "file_too_large"]);
    expect(over.violations[0]!.message.endsWith(", and set paths.max_file_bytes to 101 or more (it is over 100)")).toBe(true);
  });

  it("a size of 0 is said", () => {
    expect(msg("a.bin", 0)).toContain('"a.bin" is a new binary file (0 bytes), not matched');
  });

  it("an allowed binary over the size limit is still too large", () => {
    const r = checkPaths([binary("a.png", 101)], paths({ allowed_binaries: ["*.png"], max_file_bytes: 100, max_changed_lines: 1_000 }));
    expect(r.violations.map((v) => v.kind)).toEqual(["file_too_large"]);
  });

  it("an unsafe new binary is refused as unsafe only, and never put back", () => {
    const files = [binary("../x.bin", 5_000_000)];
    const r = checkPaths(files, paths({ max_changed_lines: 1_000_000 }));
    expect(r.violations.map((v) => v.kind)).toEqual(["unsafe_path"]);
    expect(offendingPaths(files, r.violations)).toEqual([]);
  });

  it("a renamed or modified file over the size limit is not judged by it", () => {
    const cfg = paths({ max_file_bytes: 10 });
    expect(checkPaths([added("b.txt", { change: "R", previousPath: "a.txt", bytes: 11 })], cfg).ok).toBe(true);
  });
});

describe("offendingPaths", () => {
  it("a rename is put back whole when either name is refused, but not its unsafe name", () => {
    const files = [added("yarn.lock", { change: "R", previousPath: "a/../b" })];
    const r = checkPaths(files, paths({}));
    expect(offendingPaths(files, r.violations)).toEqual(["yarn.lock"]);
  });
  it("a rename whose previous name equals the new one lists it once", () => {
    const files = [added("yarn.lock", { change: "R", previousPath: "yarn.lock" })];
    expect(offendingPaths(files, checkPaths(files, paths({})).violations)).toEqual(["yarn.lock"]);
  });
  it("an unsafe_path violation alone names nothing to put back", () => {
    expect(offendingPaths([added("ok.txt")], [{ kind: "unsafe_path", path: "ok.txt", message: "m" }])).toEqual([]);
    expect(offendingPaths([added("ok.txt")], [{ kind: "lockfile", path: "ok.txt", message: "m" }])).toEqual(["ok.txt"]);
  });
});
