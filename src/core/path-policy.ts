/**
 * The path policy: which files an attempt may change, and how much.
 *
 * Applied to the diff after every attempt, before any gate runs. The rules, in order:
 *
 * - **Unsafe paths** are refused outright and not matched against any glob: empty, absolute
 *   (`/x`, `C:/x`), containing a backslash, a control character (NUL included), a `..`, `.`
 *   or empty segment (`a//b`, `./a`, `a/`), or a `.git` segment (case-insensitively, so
 *   `.GIT/config` too). Git itself never reports such paths; a path that is not canonical
 *   could slip past a glob (`./.github/workflows/x.yml` is not matched by `.github/**`).
 * - **Forbidden** (`paths.forbidden`) wins over allowed. Matching is case-sensitive, and a path
 *   is *also* forbidden when it matches a forbidden glob ignoring case: on a case-insensitive
 *   filesystem (macOS, Windows) `.GitHub/Workflows/x.yml` is the same file as
 *   `.github/workflows/x.yml`. A forbidden glob also covers everything under a directory it
 *   matches (`secrets` forbids `secrets/key`), and a glob without a `/` matches a name at any
 *   depth (`*.pem` forbids `keys/a.pem`), as in `.gitignore`. Both widen what is refused,
 *   never what is allowed.
 * - **Allowed** (`paths.allowed`): the path itself must match a glob, case-sensitively, with
 *   neither widening (fail closed).
 * - **Lockfiles** (see `LOCKFILE_NAMES`, at any depth, name compared ignoring case) are
 *   refused unless `paths.allow_lockfile_changes`.
 * - **New binary files** are refused unless the path matches `paths.allowed_binaries` (globs
 *   matched like `paths.allowed`: the path itself, case-sensitively). Build artifacts (a test
 *   binary, a packed tarball) are what an agent leaves behind by accident.
 * - **New files over `paths.max_file_bytes`** are refused (text or binary), when the workspace
 *   reports the size (`bytes`).
 * - **Size**: the number of changed files against `paths.max_changed_files`, and the sum of
 *   added plus deleted lines over all files against `paths.max_changed_lines`. A binary file
 *   has no lines: it counts one line per started `BINARY_BYTES_PER_LINE` (64) bytes of its new
 *   size (about one line of source code), 0 when its size is unknown (a deletion). A count
 *   that is not a whole number of 0 or more fails closed.
 *
 * Each message names the key of `.github/foreman.yml` that would allow the change and the
 * value to give it. A refused attempt has its offending paths put back (`offendingPaths`).
 *
 * For a rename the new path is `path`; when the caller also supplies `previousPath`, it is checked
 * by the same rules (moving a workflow out of `.github/workflows` changes that directory).
 * Deletions are changes: deleting a forbidden file is a violation.
 *
 * Glob syntax is picomatch's with `{ dot: true }` and `windows: false` (always `/`-separated,
 * and picomatch does not look at the platform); a pattern ending in `/` means everything
 * under that directory, and a leading `./` or `/` is dropped. `protectedTouched` lists, sorted
 * and without duplicates, the paths matched by `paths.protected` with the forbidden rules
 * (case-insensitive, directories, names at any depth): more approvals, never fewer.
 */
import picomatch from "picomatch";
import type { Config } from "./config.js";
import { repoPathProblem, type RepoPathProblem } from "./repo-path.js";
import { ConfigError } from "./errors.js";

/** File names that pin dependencies; changing one is refused unless `paths.allow_lockfile_changes`. */
export const LOCKFILE_NAMES: readonly string[] = [
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
];

/** A binary file has no lines: for `paths.max_changed_lines` it counts one line per started 64 bytes (about a line of source). */
export const BINARY_BYTES_PER_LINE = 64;

/** Where the configuration that allows a refused change lives. */
const CONFIG_FILE = ".github/foreman.yml";

export const PATH_VIOLATION_KINDS = [
  "forbidden",
  "not_allowed",
  "lockfile",
  "too_many_files",
  "too_many_lines",
  "unsafe_path",
  "binary_file",
  "file_too_large",
] as const;
export type PathViolationKind = (typeof PATH_VIOLATION_KINDS)[number];

export interface PathViolation {
  kind: PathViolationKind;
  /** The offending path; absent for the size limits, which concern the whole diff. */
  path?: string;
  /** Names the path, why it was refused, and the key and value of `.github/foreman.yml` that would allow it. */
  message: string;
}

/** One changed file, as `Workspace.diff()` reports it (the loop's `ChangedFile` is this type). */
export interface PathPolicyFile {
  /** Relative to the repository root, `/`-separated; the new name for a rename. */
  path: string;
  additions: number;
  deletions: number;
  binary: boolean;
  change: "A" | "M" | "D" | "R";
  /** For a rename, the previous name, when the caller knows it. */
  previousPath?: string;
  /** Size of the new content in bytes, for a file that exists after the change (added, modified, renamed), when known. */
  bytes?: number;
}

export interface PathCheckResult {
  /** True exactly when `violations` is empty. */
  ok: boolean;
  violations: PathViolation[];
  /** Paths matched by `paths.protected`, sorted, without duplicates. */
  protectedTouched: string[];
}

export type PathsConfig = Config["paths"];

/** Checks a diff against `paths`. Pure: never touches the filesystem. */
export function checkPaths(files: readonly PathPolicyFile[], paths: PathsConfig): PathCheckResult {
  const forbidden = compileGlobs(paths.forbidden, "paths.forbidden");
  const allowed = compileGlobs(paths.allowed, "paths.allowed");
  const protectedGlobs = compileGlobs(paths.protected, "paths.protected");
  const allowedBinaries = compileGlobs(paths.allowed_binaries, "paths.allowed_binaries");
  const lockfiles = new Set(LOCKFILE_NAMES.map((n) => n.toLowerCase()));

  const violations: PathViolation[] = [];
  const protectedTouched = new Set<string>();
  let lines = 0;
  let binaryLines = 0;
  const badCounts: string[] = [];

  for (const file of files) {
    const names = file.previousPath !== undefined && file.previousPath !== file.path ? [file.path, file.previousPath] : [file.path];
    for (const path of names) {
      const unsafe = unsafeReason(path);
      if (unsafe !== null) {
        violations.push({
          kind: "unsafe_path",
          path,
          message: `${quote(path)} is not a safe repository path (${unsafe}); no configuration allows it`,
        });
        continue;
      }
      const hit = forbidden.find((g) => coveredBy(path, g) !== null);
      if (hit) {
        const how = coveredBy(path, hit) === "nocase" ? ", matched ignoring case as a case-insensitive filesystem would" : "";
        violations.push({
          kind: "forbidden",
          path,
          message: `${quote(path)} is forbidden by paths.forbidden (${quote(hit.pattern)}${how}); to allow it, remove ${quote(hit.pattern)} from paths.forbidden in ${CONFIG_FILE}`,
        });
      } else if (!allowed.some((g) => g.exact(path))) {
        violations.push({
          kind: "not_allowed",
          path,
          message:
            allowed.length === 0
              ? `${quote(path)} is not allowed: paths.allowed is empty; add a glob to paths.allowed to permit it (e.g. ${quote(path)} in ${CONFIG_FILE})`
              : `${quote(path)} is not matched by paths.allowed (${allowed.map((g) => quote(g.pattern)).join(", ")}); add a glob to paths.allowed to permit it (e.g. ${quote(path)} in ${CONFIG_FILE})`,
        });
      }
      if (!paths.allow_lockfile_changes && lockfiles.has(basename(path).toLowerCase())) {
        violations.push({
          kind: "lockfile",
          path,
          message: `${quote(path)} is a lockfile; set paths.allow_lockfile_changes: true in ${CONFIG_FILE} to allow lockfile changes`,
        });
      }
      if (protectedGlobs.some((g) => coveredBy(path, g) !== null)) protectedTouched.add(path);
    }
    const bytes = file.bytes;
    const size = bytes !== undefined && Number.isSafeInteger(bytes) && bytes >= 0 ? bytes : undefined;
    if (bytes !== undefined && size === undefined) badCounts.push(`${quote(file.path)} has bytes ${String(bytes)}`);
    if (file.change === "A" && unsafeReason(file.path) === null) {
      if (file.binary && !allowedBinaries.some((g) => g.exact(file.path))) {
        violations.push({
          kind: "binary_file",
          path: file.path,
          message: `${quote(file.path)} is a new binary file${size === undefined ? "" : ` (${size} bytes)`}, not matched by paths.allowed_binaries; build artifacts do not belong in the change. To allow it, add ${quote(file.path)} (or a glob such as ${quote(binaryGlobFor(file.path))}) to paths.allowed_binaries in ${CONFIG_FILE}${size !== undefined && size > paths.max_file_bytes ? `, and set paths.max_file_bytes to ${size} or more (it is over ${paths.max_file_bytes})` : ""}`,
        });
      }
      if (size !== undefined && size > paths.max_file_bytes) {
        violations.push({
          kind: "file_too_large",
          path: file.path,
          message: `${quote(file.path)} is a new file of ${size} bytes, more than paths.max_file_bytes (${paths.max_file_bytes}); to allow it, set paths.max_file_bytes to ${size} or more in ${CONFIG_FILE}`,
        });
      }
    }
    if (file.binary) {
      // A binary file has no lines: its size stands for them (numstat reports `-`, counted as 0).
      const n = size === undefined ? 0 : Math.ceil(size / BINARY_BYTES_PER_LINE);
      binaryLines += n;
      lines += n;
      continue;
    }
    for (const [what, n] of [
      ["additions", file.additions],
      ["deletions", file.deletions],
    ] as const) {
      if (Number.isSafeInteger(n) && n >= 0) lines += n;
      else badCounts.push(`${quote(file.path)} has ${what} ${String(n)}`);
    }
  }

  if (files.length > paths.max_changed_files) {
    violations.push({
      kind: "too_many_files",
      message: `${files.length} files changed, more than paths.max_changed_files (${paths.max_changed_files}); make the change smaller, split the task, or set paths.max_changed_files to ${files.length} or more in ${CONFIG_FILE}`,
    });
  }
  if (badCounts.length > 0) {
    violations.push({
      kind: "too_many_lines",
      message: `changed lines cannot be counted (${badCounts.join("; ")}), so paths.max_changed_lines (${paths.max_changed_lines}) cannot be checked`,
    });
  } else if (lines > paths.max_changed_lines) {
    const binary = binaryLines > 0 ? `, of which ${binaryLines} for binary files at one line per ${BINARY_BYTES_PER_LINE} bytes` : "";
    violations.push({
      kind: "too_many_lines",
      message: `${lines} lines changed (added plus deleted${binary}), more than paths.max_changed_lines (${paths.max_changed_lines}); make the change smaller, split the task, or set paths.max_changed_lines to ${lines} or more in ${CONFIG_FILE}`,
    });
  }

  return { ok: violations.length === 0, violations, protectedTouched: [...protectedTouched].sort() };
}

/**
 * The paths a refused attempt has put back as they are in the base: every path a violation
 * names (both names of a rename, so a move is undone whole), sorted, without duplicates. The
 * size limits name no path (the change stays, the agent is told to make it smaller), and an
 * unsafe path is never handed to git.
 */
export function offendingPaths(files: readonly PathPolicyFile[], violations: readonly PathViolation[]): string[] {
  const named = new Set<string>();
  for (const v of violations) if (v.path !== undefined && v.kind !== "unsafe_path") named.add(v.path);
  const out = new Set<string>();
  for (const file of files) {
    const names = file.previousPath === undefined ? [file.path] : [file.path, file.previousPath];
    if (names.some((n) => named.has(n))) for (const n of names) if (unsafeReason(n) === null) out.add(n);
  }
  return [...out].sort();
}

/** A glob suggested for allowing a binary: the same extension in the same directory (or the file itself). */
function binaryGlobFor(path: string): string {
  const name = basename(path);
  const dot = name.lastIndexOf(".");
  const dir = path.slice(0, path.length - name.length);
  return dot > 0 ? `${dir}*${name.slice(dot)}` : path;
}

/** Why `path` is not a canonical, repository-relative path, or null when it is one. */
export function unsafeReason(path: string): string | null {
  const problem = repoPathProblem(path);
  return problem === null ? null : UNSAFE_REASONS[problem];
}

/** How the path policy words each problem of {@link repoPathProblem}. */
const UNSAFE_REASONS: Record<RepoPathProblem, string> = {
  empty: "empty",
  control_character: "contains a control character",
  backslash: "contains a backslash",
  absolute: "absolute",
  parent_segment: "contains a .. segment",
  not_canonical: "not canonical (empty or . segment)",
  inside_git: "inside .git",
};

type Matcher = (path: string) => boolean;

interface Glob {
  /** The pattern as configured (for messages). */
  pattern: string;
  exact: Matcher;
  nocase: Matcher;
  /** No `/` in the pattern: it also matches a single name at any depth (forbidden, protected). */
  anyDepth: boolean;
}

function compileGlobs(patterns: readonly string[], key: string): Glob[] {
  return patterns.map((pattern, i) => {
    let p = pattern;
    while (p.startsWith("./")) p = p.slice(2);
    if (p.startsWith("/")) p = p.slice(1);
    const anyDepth = !p.replace(/\/+$/, "").includes("/");
    // `dir/` and `dir//` alike mean everything under `dir` (picomatch matches nothing with `dir//**`).
    if (p.endsWith("/")) p = `${p.replace(/\/+$/, "")}/**`;
    try {
      return {
        pattern,
        exact: picomatch(p, { dot: true, windows: false }),
        nocase: picomatch(p, { dot: true, nocase: true, windows: false }),
        anyDepth,
      };
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new ConfigError([{ path: `${key}[${i}]`, message: `not a usable glob pattern (${reason})` }], { cause });
    }
  });
}

/**
 * Whether `glob` covers `path` in the widening sense used for forbidden and protected paths:
 * `exact` when it does case-sensitively, `nocase` when only ignoring case, else null.
 */
function coveredBy(path: string, glob: Glob): "exact" | "nocase" | null {
  const segments = path.split("/");
  const candidates: string[] = [];
  for (let i = segments.length; i >= 1; i--) candidates.push(segments.slice(0, i).join("/"));
  if (glob.anyDepth) candidates.push(...segments);
  if (candidates.some((c) => glob.exact(c))) return "exact";
  if (candidates.some((c) => glob.nocase(c))) return "nocase";
  return null;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function quote(s: string): string {
  return JSON.stringify(s);
}
