/**
 * Gate planning: which commands check a diff, where they run, and with what environment.
 *
 * **Configured gates** (`gates: [...]`) all run, in the configured order, whatever the diff
 * touches, each in its `root`.
 *
 * **`gates: auto`** derives gates from the package roots the diff touches. The root of a
 * changed path is the nearest directory above it (the repository root `.` included) that
 * holds a manifest with a test command: `package.json` (with a test script),
 * `pyproject.toml`, `Cargo.toml` or `go.mod`; a package without a test script is tested by the
 * nearest one above it that has one (a monorepo's root `npm test`). A workspace root without
 * a test command of its own (npm/yarn `workspaces`, `pnpm-workspace.yaml`, Cargo
 * `[workspace]`, `go.work`; see `workspaces.ts`) tests a change outside its members through
 * every member that has one. Roots are deduplicated and sorted; a root with several
 * manifests gets one gate per manifest, in that order. A changed path with no root gets no
 * gate; with no gate at all the plan is a problem (fail closed).
 *
 * - `package.json` → `pnpm test` / `yarn test` / `npm test`, chosen by the nearest lockfile in
 *   the root or above it (`pnpm-lock.yaml`, then `yarn.lock`, otherwise npm). Only when
 *   `scripts.test` is a non-empty string other than npm's placeholder (`no test specified`),
 *   which would fail every attempt. A `package.json` that is not a JSON object is a problem.
 * - `pyproject.toml` → `uv run --locked [--group dev] pytest -p no:cacheprovider` when a
 *   `uv.lock` is in the root or above it (`--locked` refuses to rewrite the lockfile;
 *   `--group dev` only when `[dependency-groups]` defines `dev`, since uv refuses an unknown
 *   group), else `python3 -m pytest -p no:cacheprovider`.
 * - `Cargo.toml` → `cargo test`, plus `--locked` when a `Cargo.lock` is in the root or above it
 *   (otherwise cargo would rewrite a stale lockfile and dirty the tree).
 * - `go.mod` → `go test ./...` (Go already runs tests with `-mod=readonly`; no flag needed).
 *
 * **Cache-neutral** (gates must leave the tree as they found it): every gate gets
 * `CACHE_NEUTRAL_ENV`; every pytest invocation, auto or configured (`pytest …`,
 * `python3 -m pytest …`, `uv run … pytest …`), gets `-p no:cacheprovider` right after
 * `pytest` unless already present (no `.pytest_cache/`).
 *
 * **Allowlist**, checked on the final argv: `argv[0]` must equal an entry of `gate_allowlist`
 * exactly; a path (`./x`, `/bin/sh`) passes only when listed as that exact string, and a
 * bare name never matches a listed path. Only `argv[0]` is checked: an allowlisted wrapper
 * (`uv run`, `npm exec`, `make`) can start anything its arguments name.
 *
 * Roots (changed paths, configured `root`s) must stay inside the repository.
 */
import type { Config } from "./config.js";
import { repoPathProblem, type RepoPathProblem } from "./repo-path.js";
import { workspaceMembers } from "./workspaces.js";

/** Added to every gate's environment; the caller merges it over the scrubbed environment. */
export const CACHE_NEUTRAL_ENV: Readonly<Record<string, string>> = {
  /** Python writes no `__pycache__/*.pyc` next to the sources. */
  PYTHONDONTWRITEBYTECODE: "1",
  /**
   * Test runners run once and do not write new snapshots: Jest's `--ci` default and Vitest's
   * snapshot mode follow it, and Vitest does not start in watch mode. GitHub Actions sets it too.
   */
  CI: "true",
};

/** Manifests that make a directory a package root, in the order their gates are planned. */
export const MANIFESTS = ["package.json", "pyproject.toml", "Cargo.toml", "go.mod"] as const;

export interface PlannedGate {
  /** Configured name, or the command line for an auto gate (`npm test`). */
  name: string;
  /** Directory to run in, relative to the repository (`.` for the root). */
  root: string;
  argv: string[];
  /** Variables to add to the gate's (scrubbed) environment. */
  env: Record<string, string>;
}

export interface GatePlanInput {
  /** Paths the diff changes (deleted ones included), relative to the repository. */
  changedPaths: readonly string[];
  /** Every non-ignored path in the working copy, after the agent ran. */
  files: readonly string[];
  /** Content of a path in the working copy, or null; a pure lookup (e.g. a `Map`). */
  readFile: (path: string) => string | null;
  gates: Config["gates"];
  allowlist: readonly string[];
  /**
   * Whether a command is installed, for the commands whose absence changes the plan (`uv`:
   * without it a `uv.lock` project is tested with `python3 -m pytest`). Absent: all are.
   */
  available?: (command: string) => boolean;
}

export type GatePlan = { ok: true; gates: PlannedGate[] } | { ok: false; problem: string };

/**
 * Whether `planGates` needs the list of paths in the tree: always for `auto`; for configured
 * gates only to check a `root` other than the repository root. Listing a tree costs a git call
 * per attempt, so the loop asks only when the answer matters.
 */
export function gatePlanNeedsPaths(gates: Config["gates"]): boolean {
  return (
    gates === "auto" ||
    gates.some((g) => {
      const root = normalizeRoot(g.root);
      return !root.ok || root.dir !== ".";
    })
  );
}

/** Plans the gates for a diff. Pure: reads files only through `input.readFile`. */
export function planGates(input: GatePlanInput): GatePlan {
  const planned: PlannedGate[] = [];
  if (input.gates === "auto") {
    const auto = planAuto(input);
    if (!auto.ok) return auto;
    // Fail closed: a change nothing can test is not published on the agent's word.
    if (auto.gates.length === 0) {
      return {
        ok: false,
        problem:
          "no gate applies to the changed paths (no package.json with a test script, pyproject.toml, Cargo.toml or go.mod " +
          "above them), so the change cannot be verified; list the gates that check these paths under `gates:`",
      };
    }
    planned.push(...auto.gates);
  } else {
    for (const [i, gate] of input.gates.entries()) {
      const root = normalizeRoot(gate.root);
      if (!root.ok) return { ok: false, problem: `gate ${quote(gate.name)}: gates[${i}].root ${quote(gate.root)} ${root.problem}` };
      if (root.dir !== "." && !input.files.some((f) => f.startsWith(`${root.dir}/`))) {
        return {
          ok: false,
          problem: `gate ${quote(gate.name)}: gates[${i}].root ${quote(gate.root)} is not a directory with files in the repository; fix gates[${i}].root`,
        };
      }
      planned.push({ name: gate.name, root: root.dir, argv: neutralizePytest(gate.run), env: { ...CACHE_NEUTRAL_ENV } });
    }
  }
  for (const [i, gate] of planned.entries()) {
    const problem = allowlistProblem(gate, input.allowlist, input.gates === "auto" ? undefined : i);
    if (problem !== null) return { ok: false, problem };
  }
  return { ok: true, gates: planned };
}

function planAuto(input: GatePlanInput): GatePlan {
  const files = new Set(input.files);
  const ws = { files, readFile: input.readFile };
  const cache = new Map<string, PlannedGate[] | string>();
  const gatesAt = (dir: string): PlannedGate[] | string => {
    const hit = cache.get(dir);
    if (hit !== undefined) return hit;
    const gates: PlannedGate[] = [];
    let result: PlannedGate[] | string = gates;
    for (const manifest of MANIFESTS) {
      const manifestPath = join(dir, manifest);
      if (!files.has(manifestPath)) continue;
      const argv = autoArgv(manifest, dir, manifestPath, files, input.readFile, input.available);
      if (typeof argv === "string") {
        result = argv;
        break;
      }
      if (argv === null) continue;
      const finalArgv = neutralizePytest(argv);
      gates.push({ name: finalArgv.join(" "), root: dir, argv: finalArgv, env: { ...CACHE_NEUTRAL_ENV } });
    }
    cache.set(dir, result);
    return result;
  };
  const roots = new Set<string>();
  for (const path of input.changedPaths) {
    const bad = unsafe(path);
    if (bad !== null) return { ok: false, problem: `changed path ${quote(path)} ${bad}; cannot find its package root` };
    // The nearest directory whose manifest has a test command; a workspace root without one
    // is tested through its members when the change is not inside a member.
    for (const dir of ancestors(dirname(path))) {
      const here = gatesAt(dir);
      if (typeof here === "string") return { ok: false, problem: here };
      if (here.length > 0) {
        roots.add(dir);
        break;
      }
      const members = workspaceMembers(dir, ws);
      if (members.length > 0 && !members.some((m) => path.startsWith(`${m}/`))) {
        for (const member of members) {
          const theirs = gatesAt(member);
          if (typeof theirs === "string") return { ok: false, problem: theirs };
          if (theirs.length > 0) roots.add(member);
        }
        break;
      }
    }
  }
  const gates: PlannedGate[] = [];
  for (const root of [...roots].sort((a, b) => (a === "." ? -1 : b === "." ? 1 : a < b ? -1 : a > b ? 1 : 0))) {
    const here = gatesAt(root);
    if (typeof here !== "string") gates.push(...here);
  }
  return { ok: true, gates };
}

/** The command for one manifest; null for no gate; a string for a problem. */
function autoArgv(
  manifest: (typeof MANIFESTS)[number],
  root: string,
  manifestPath: string,
  files: ReadonlySet<string>,
  readFile: (path: string) => string | null,
  available: ((command: string) => boolean) | undefined,
): string[] | null | string {
  const nearest = (names: readonly string[]) =>
    ancestors(root)
      .map((dir) => names.find((n) => files.has(join(dir, n))))
      .find((n) => n !== undefined);
  switch (manifest) {
    case "package.json": {
      const text = readFile(manifestPath);
      if (text === null) return `${quote(manifestPath)} is listed but could not be read`;
      let pkg: unknown;
      try {
        pkg = JSON.parse(text);
      } catch (cause) {
        const reason = cause instanceof Error ? cause.message : String(cause);
        return `${quote(manifestPath)} is not valid JSON (${reason}); fix the file or configure gates explicitly`;
      }
      if (!isRecord(pkg)) return `${quote(manifestPath)} is not a JSON object; fix the file or configure gates explicitly`;
      const scripts = pkg["scripts"];
      const test = isRecord(scripts) ? scripts["test"] : undefined;
      if (typeof test !== "string" || test.trim() === "" || /no test specified/i.test(test)) return null;
      const lock = nearest(["pnpm-lock.yaml", "yarn.lock", "package-lock.json", "npm-shrinkwrap.json"]);
      const pm = lock === "pnpm-lock.yaml" ? "pnpm" : lock === "yarn.lock" ? "yarn" : "npm";
      return [pm, "test"];
    }
    case "pyproject.toml": {
      // Without uv, the interpreter's installed packages are what the tests run with.
      if (nearest(["uv.lock"]) === undefined || available?.("uv") === false) return ["python3", "-m", "pytest"];
      const text = readFile(manifestPath);
      if (text === null) return `${quote(manifestPath)} is listed but could not be read`;
      return hasDevDependencyGroup(text) ? ["uv", "run", "--locked", "--group", "dev", "pytest"] : ["uv", "run", "--locked", "pytest"];
    }
    case "Cargo.toml":
      return nearest(["Cargo.lock"]) === undefined ? ["cargo", "test"] : ["cargo", "test", "--locked"];
    case "go.mod":
      return ["go", "test", "./..."];
  }
}

/** Options of `uv run` (and similar runners) whose next word is a value, not the command. */
const VALUE_OPTIONS = new Set([
  "--with",
  "--with-editable",
  "--with-requirements",
  "--group",
  "--only-group",
  "--no-group",
  "--extra",
  "--package",
  "--python",
  "-p",
  "--directory",
  "--project",
  "--env-file",
  "--index",
  "--default-index",
  "-w",
]);

/**
 * Inserts `-p no:cacheprovider` after the first `pytest` that is the command being run: a word
 * whose basename is `pytest` or `py.test` (not the value of an option such as `--with`), or
 * `pytest` after `-m`. Left alone when already present after it.
 */
export function neutralizePytest(argv: readonly string[]): string[] {
  const out = [...argv];
  const at = out.findIndex((word, i) => {
    const prev = i > 0 ? out[i - 1] : undefined;
    if (prev === "-m") return word === "pytest";
    if (prev !== undefined && VALUE_OPTIONS.has(prev)) return false;
    const base = word.slice(word.lastIndexOf("/") + 1);
    return base === "pytest" || base === "py.test";
  });
  if (at === -1) return out;
  const rest = out.slice(at + 1);
  const present = rest.some(
    (w, i) => w === "-pno:cacheprovider" || w === "-p=no:cacheprovider" || (w === "-p" && rest[i + 1] === "no:cacheprovider"),
  );
  if (!present) out.splice(at + 1, 0, "-p", "no:cacheprovider");
  return out;
}

/** Commands that run whatever their arguments say; named in the refusal. */
const SHELL_LIKE = new Set(["sh", "bash", "zsh", "dash", "npx", "env", "sudo", "xargs", "eval", "exec"]);

function allowlistProblem(gate: PlannedGate, allowlist: readonly string[], index: number | undefined): string | null {
  const cmd = gate.argv[0];
  const where = index === undefined ? `auto gate ${quote(gate.name)} in ${quote(gate.root)}` : `gate ${quote(gate.name)}`;
  const fix = index === undefined ? "or configure gates explicitly" : `or change gates[${index}].run`;
  if (cmd === undefined || cmd === "") return `${where} has an empty command; ${fix}`;
  if (gate.argv.some((w) => w.includes("\u0000"))) return `${where} has an argument containing NUL; ${fix}`;
  if (allowlist.includes(cmd)) return null;
  const base = cmd.slice(cmd.lastIndexOf("/") + 1);
  const why = cmd.includes("/") ? ` (a path is allowed only when listed exactly)` : SHELL_LIKE.has(base) ? ` (it runs arbitrary commands)` : "";
  return `${where} would start ${quote(cmd)}, which is not in gate_allowlist (${allowlist.map(quote).join(", ")})${why}; add ${quote(cmd)} to gate_allowlist ${fix}`;
}

/**
 * Whether a `pyproject.toml` defines the dependency group `dev` (PEP 735), as
 * `[dependency-groups]` + `dev = […]` or as a dotted key `dependency-groups.dev = […]`.
 *
 * There is no TOML parser here, so this is a small scanner: it knows table headers, dotted
 * and quoted keys, comments, single- and multi-line strings, and multi-line arrays and inline
 * tables (so a `[dependency-groups]` inside a string or an array is not a header). Group names
 * are compared normalized, as uv does (`Dev`, `DEV` → `dev`).
 */
export function hasDevDependencyGroup(toml: string): boolean {
  let table: string[] = [];
  let depth = 0;
  let multiline: '"""' | "'''" | null = null;
  for (const rawLine of toml.split(/\r?\n/)) {
    let line = rawLine;
    if (multiline !== null) {
      const end = line.indexOf(multiline);
      if (end === -1) continue;
      line = line.slice(end + 3);
      const state = scanValue(line, depth);
      depth = state.depth;
      multiline = state.multiline;
      continue;
    }
    if (depth === 0) {
      // `[table]` or `[[array.of.tables]]`: the brackets must pair up.
      const header = /^\s*\[(\[?)([^\][]*)\](\]?)\s*(#.*)?$/.exec(line);
      if (header && header[1]!.length === header[3]!.length) {
        table = parseKeyPath(header[2] ?? "") ?? ["\u0000invalid"];
        continue;
      }
      const eq = keyBeforeEquals(line);
      if (eq !== null) {
        const full = [...table, ...eq.key];
        if (full.length >= 2 && full[0] === "dependency-groups" && normalizeGroup(full[1] ?? "") === "dev") return true;
        line = line.slice(eq.valueStart);
        // `dependency-groups = { dev = [...] }`: an inline table is a single line in TOML.
        if (full.length === 1 && full[0] === "dependency-groups" && /[{,]\s*(?:"dev"|'dev'|dev)\s*=/i.test(line)) return true;
      }
    }
    const state = scanValue(line, depth);
    depth = state.depth;
    multiline = state.multiline;
  }
  return false;
}

/** Tracks bracket depth and an unterminated multi-line string over a piece of a value. */
function scanValue(text: string, startDepth: number): { depth: number; multiline: '"""' | "'''" | null } {
  let depth = startDepth;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "#") break;
    if (text.startsWith('"""', i) || text.startsWith("'''", i)) {
      const delim = text.startsWith('"""', i) ? '"""' : "'''";
      const end = text.indexOf(delim, i + 3);
      if (end === -1) return { depth, multiline: delim };
      i = end + 3;
      continue;
    }
    if (c === '"' || c === "'") {
      i = skipString(text, i);
      continue;
    }
    if (c === "[" || c === "{") depth++;
    else if ((c === "]" || c === "}") && depth > 0) depth--;
    i++;
  }
  return { depth, multiline: null };
}

/** Index after the single-line string starting at `start` (basic strings honour `\` escapes). */
function skipString(text: string, start: number): number {
  const quoteChar = text[start];
  let i = start + 1;
  while (i < text.length) {
    if (quoteChar === '"' && text[i] === "\\") {
      i += 2;
      continue;
    }
    if (text[i] === quoteChar) return i + 1;
    i++;
  }
  return text.length;
}

/** The dotted key of a `key = value` line and where its value starts, or null. */
function keyBeforeEquals(line: string): { key: string[]; valueStart: number } | null {
  let i = 0;
  while (i < line.length && line[i] !== "=") {
    const c = line[i];
    if (c === '"' || c === "'") i = skipString(line, i);
    else if (c === "#") return null;
    else i++;
  }
  if (i >= line.length) return null;
  const key = parseKeyPath(line.slice(0, i));
  return key === null ? null : { key, valueStart: i + 1 };
}

/** Parses `a.b."c d".'e'` into its parts, or null when it is not a key. */
function parseKeyPath(text: string): string[] | null {
  const parts: string[] = [];
  const re = /\s*(?:([A-Za-z0-9_-]+)|"((?:[^"\\]|\\.)*)"|'([^']*)')\s*(\.|$)/y;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) return null;
    parts.push(m[1] ?? unescapeBasic(m[2]) ?? m[3] ?? "");
    pos = re.lastIndex;
    if (m[4] === "") break;
  }
  return pos === text.length && parts.length > 0 ? parts : null;
}

function unescapeBasic(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  return s.replace(/\\(["\\])/g, "$1");
}

/** PEP 503-style normalization, as uv applies to group names. */
function normalizeGroup(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

function normalizeRoot(root: string): { ok: true; dir: string } | { ok: false; problem: string } {
  if (root.startsWith("/") || /^[A-Za-z]:/.test(root)) return { ok: false, problem: "is absolute; use a path relative to the repository" };
  // A leading `./` and a trailing `/` are how people write a directory; `.` alone is the root.
  const dir = root.replace(/^(\.\/)+/, "").replace(/\/+$/, "");
  if (dir === "" || dir === ".") return { ok: true, dir: "." };
  const bad = unsafe(dir);
  if (bad !== null) return { ok: false, problem: bad };
  return { ok: true, dir };
}

/** Why a repository-relative path is unusable, or null (the rule of {@link repoPathProblem}). */
function unsafe(path: string): string | null {
  const problem = repoPathProblem(path);
  return problem === null ? null : UNSAFE_WORDING[problem];
}

/** How the gate planner words each problem of {@link repoPathProblem}. */
const UNSAFE_WORDING: Record<RepoPathProblem, string> = {
  empty: "is empty",
  control_character: "contains a control character",
  backslash: "contains a backslash",
  absolute: "is absolute",
  parent_segment: "escapes the repository (..)",
  not_canonical: "is not canonical (an empty or . segment)",
  inside_git: "is inside .git",
};

/** `dir` and every directory above it, ending with `.`. */
function ancestors(dir: string): string[] {
  const out: string[] = [];
  const parts = dir === "." ? [] : dir.split("/").filter((s) => s !== "" && s !== ".");
  for (let i = parts.length; i > 0; i--) out.push(parts.slice(0, i).join("/"));
  out.push(".");
  return out;
}

function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  return i === -1 ? "." : path.slice(0, i);
}

function join(dir: string, name: string): string {
  return dir === "." ? name : `${dir}/${name}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function quote(s: string): string {
  return JSON.stringify(s);
}
