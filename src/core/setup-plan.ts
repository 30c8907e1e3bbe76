/**
 * Dependency setup planning: which install command prepares each package root the gates run
 * in. The working copy is a fresh clone with no `node_modules` or virtualenv, so without this
 * every npm gate fails with `tape: not found` and the agent is blamed for it.
 *
 * **`setup: auto`** (default), for each gate root:
 * - JavaScript: the install root is the directory of the nearest lockfile at or above the gate
 *   root (`pnpm-lock.yaml` → `pnpm install --frozen-lockfile`, `yarn.lock` → `yarn install
 *   --immutable` with a `.yarnrc.yml` (Yarn 2+) else `yarn install --frozen-lockfile`,
 *   `bun.lock`/`bun.lockb` → `bun install --frozen-lockfile`, `package-lock.json` /
 *   `npm-shrinkwrap.json` → `npm ci`). Without a lockfile: the nearest workspace root that
 *   lists the gate root as a member, else the nearest `package.json`, with `npm install
 *   --no-package-lock` (no lockfile is written into the change). A `package.json` without a
 *   lockfile, workspaces or any dependency needs nothing.
 * - Python: `uv sync --locked` in the directory of the nearest `uv.lock` when `uv` is installed
 *   (the caller says which commands exist); otherwise nothing (the interpreter's packages).
 * - Cargo and Go fetch what they need themselves: nothing.
 *
 * **`setup: none`** plans nothing; **`setup: [{ run, root }]`** plans exactly those steps.
 *
 * Each step names the files whose change makes it run again (`inputs`: the manifests and
 * lockfiles under its root) and what it writes that is never part of the change (`produces`,
 * `.gitignore`-style patterns such as `node_modules/`). Pure: files come through a lookup.
 */
import type { Config } from "./config.js";
import { workspaceMembers } from "./workspaces.js";

/** Lockfiles of the package managers setup knows, in the order they are preferred in one directory. */
export const JS_LOCKFILES = ["pnpm-lock.yaml", "yarn.lock", "bun.lock", "bun.lockb", "package-lock.json", "npm-shrinkwrap.json"] as const;
/** Every file name whose change makes setup run again (manifests and lockfiles). */
export const SETUP_INPUT_NAMES: ReadonlySet<string> = new Set([
  "package.json",
  ...JS_LOCKFILES,
  "pnpm-workspace.yaml",
  ".yarnrc.yml",
  "pyproject.toml",
  "uv.lock",
]);
/** Lockfiles the planners read (for `readPlanFiles`). */
export const SETUP_LOCKFILE_NAMES = [...JS_LOCKFILES, "uv.lock"] as const;

/** What a setup step writes that is never part of the change. */
export const JS_PRODUCES = ["node_modules/", ".pnp.cjs", ".pnp.loader.mjs", ".yarn/cache/", ".yarn/install-state.gz", ".yarn/unplugged/"];
export const PY_PRODUCES = [".venv/"];

export interface SetupStep {
  /** The command line, for people (`npm ci`). */
  name: string;
  /** Directory to run in, relative to the repository. */
  root: string;
  argv: string[];
  /** Paths (relative to the repository) whose content decides whether the step must run again. */
  inputs: string[];
  /** `.gitignore` patterns of what it writes that is not part of the change. */
  produces: string[];
}

export interface SetupPlanInput {
  /** Every path in the tree. */
  files: readonly string[];
  /** Content of a manifest or workspace file, or null. */
  readFile: (path: string) => string | null;
  /** Roots of the planned gates (`.` for the repository root). */
  roots: readonly string[];
  setup: Config["setup"];
  /** Whether a command is installed (asked only for `uv`). */
  available: (command: string) => boolean;
}

/** The steps for these gate roots, deduplicated by root and command, in a stable order. */
export function planSetup(input: SetupPlanInput): SetupStep[] {
  const files = new Set(input.files);
  if (input.setup === "none") return [];
  if (input.setup !== "auto") {
    return input.setup.map((s) => {
      const root = normalize(s.root);
      return { name: s.run.join(" "), root, argv: [...s.run], inputs: inputsUnder(root, input.files), produces: [...JS_PRODUCES, ...PY_PRODUCES] };
    });
  }
  const steps = new Map<string, SetupStep>();
  const add = (step: SetupStep | null) => {
    if (step !== null && !steps.has(`${step.root}\0${step.name}`)) steps.set(`${step.root}\0${step.name}`, step);
  };
  for (const root of [...new Set(input.roots.map(normalize))].sort()) {
    add(jsStep(root, files, input));
    add(pythonStep(root, files, input));
  }
  return [...steps.values()].sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The step a gate in `gateRoot` depends on: the one whose root is nearest above it (or equal). */
export function stepsForGate(gateRoot: string, steps: readonly SetupStep[]): SetupStep[] {
  const root = normalize(gateRoot);
  return steps.filter((s) => s.root === "." || root === s.root || root.startsWith(`${s.root}/`));
}

/** Whether any changed path is a setup input (a manifest or a lockfile): setup must run again. */
export function touchesSetupInputs(changedPaths: readonly string[]): boolean {
  return changedPaths.some((p) => SETUP_INPUT_NAMES.has(p.slice(p.lastIndexOf("/") + 1)));
}

function jsStep(root: string, files: ReadonlySet<string>, input: SetupPlanInput): SetupStep | null {
  const dirs = ancestors(root);
  if (!dirs.some((d) => files.has(join(d, "package.json")))) return null;
  for (const dir of dirs) {
    const lock = JS_LOCKFILES.find((l) => files.has(join(dir, l)));
    if (lock === undefined) continue;
    if (!files.has(join(dir, "package.json"))) continue;
    return jsInstall(dir, lock, files);
  }
  // No lockfile: install at the workspace root that has this root as a member, else at the nearest package.json.
  const wsRoot = dirs.find(
    (d) => d !== root && files.has(join(d, "package.json")) && workspaceMembers(d, { files, readFile: input.readFile }).includes(root),
  );
  const at = wsRoot ?? dirs.find((d) => files.has(join(d, "package.json")))!;
  const isWorkspace = workspaceMembers(at, { files, readFile: input.readFile }).length > 0;
  if (!isWorkspace && !declaresDependencies(input.readFile(join(at, "package.json")))) return null;
  return jsInstall(at, undefined, files);
}

function jsInstall(dir: string, lock: (typeof JS_LOCKFILES)[number] | undefined, files: ReadonlySet<string>): SetupStep {
  let argv: string[];
  switch (lock) {
    case "pnpm-lock.yaml":
      argv = ["pnpm", "install", "--frozen-lockfile"];
      break;
    case "yarn.lock":
      argv = files.has(join(dir, ".yarnrc.yml")) ? ["yarn", "install", "--immutable"] : ["yarn", "install", "--frozen-lockfile"];
      break;
    case "bun.lock":
    case "bun.lockb":
      argv = ["bun", "install", "--frozen-lockfile"];
      break;
    case "package-lock.json":
    case "npm-shrinkwrap.json":
      argv = ["npm", "ci"];
      break;
    case undefined:
      argv = files.has(join(dir, "pnpm-workspace.yaml")) ? ["pnpm", "install"] : ["npm", "install", "--no-package-lock"];
      break;
  }
  return { name: argv.join(" "), root: dir, argv, inputs: inputsUnder(dir, [...files]), produces: [...JS_PRODUCES] };
}

function pythonStep(root: string, files: ReadonlySet<string>, input: SetupPlanInput): SetupStep | null {
  const dirs = ancestors(root);
  if (!dirs.some((d) => files.has(join(d, "pyproject.toml")))) return null;
  const lockDir = dirs.find((d) => files.has(join(d, "uv.lock")));
  if (lockDir === undefined || !input.available("uv")) return null;
  const argv = ["uv", "sync", "--locked"];
  return { name: argv.join(" "), root: lockDir, argv, inputs: inputsUnder(lockDir, [...files]), produces: [...PY_PRODUCES] };
}

/** Whether a package.json declares anything to install. Unreadable or invalid: assume it does. */
function declaresDependencies(text: string | null): boolean {
  if (text === null) return true;
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch {
    return true;
  }
  if (typeof pkg !== "object" || pkg === null || Array.isArray(pkg)) return true;
  const record = pkg as Record<string, unknown>;
  return ["dependencies", "devDependencies", "optionalDependencies"].some((k) => {
    const deps = record[k];
    return typeof deps === "object" && deps !== null && Object.keys(deps).length > 0;
  });
}

/** Setup inputs at or below `dir` (outside `node_modules`). */
function inputsUnder(dir: string, files: readonly string[]): string[] {
  return files
    .filter(
      (f) =>
        (dir === "." || f.startsWith(`${dir}/`)) && SETUP_INPUT_NAMES.has(f.slice(f.lastIndexOf("/") + 1)) && !f.split("/").includes("node_modules"),
    )
    .sort();
}

function normalize(root: string): string {
  const parts = root.split("/").filter((p) => p !== "" && p !== ".");
  return parts.length === 0 ? "." : parts.join("/");
}

/** `dir` and every directory above it, nearest first, ending with `.`. */
function ancestors(dir: string): string[] {
  const parts = dir === "." ? [] : dir.split("/");
  return [...parts.map((_, i) => parts.slice(0, parts.length - i).join("/")), "."];
}

function join(dir: string, name: string): string {
  return dir === "." ? name : `${dir}/${name}`;
}
