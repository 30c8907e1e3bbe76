/**
 * Setup planning, edge by edge: the exact command per lockfile kind and where it runs, the lists
 * of names that make setup run again, what a step writes outside the change, and how gate roots
 * and manifests are read. Each case pins behaviour a user sees in the setup step of a session.
 */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/core/config.js";
import {
  JS_LOCKFILES,
  JS_PRODUCES,
  PY_PRODUCES,
  SETUP_INPUT_NAMES,
  SETUP_LOCKFILE_NAMES,
  planSetup,
  stepsForGate,
  touchesSetupInputs,
  type SetupPlanInput,
  type SetupStep,
} from "../../src/core/setup-plan.js";

function steps(repo: Record<string, string>, roots: string[], over: Partial<SetupPlanInput> = {}): SetupStep[] {
  const files = new Map(Object.entries(repo));
  return planSetup({ files: [...files.keys()], readFile: (p) => files.get(p) ?? null, roots, setup: "auto", available: () => true, ...over });
}
const cmds = (s: SetupStep[]) => s.map((x) => `${x.root}: ${x.argv.join(" ")}`);
const withDeps = JSON.stringify({ name: "x", devDependencies: { tape: "^5" } });

describe("the name lists are contracts", () => {
  it("JS lockfiles, in their order of preference", () => {
    expect(JS_LOCKFILES).toEqual(["pnpm-lock.yaml", "yarn.lock", "bun.lock", "bun.lockb", "package-lock.json", "npm-shrinkwrap.json"]);
  });
  it("the lockfiles the planners read: the JS ones, then uv.lock", () => {
    expect(SETUP_LOCKFILE_NAMES).toEqual([...JS_LOCKFILES, "uv.lock"]);
  });
  it("every manifest and lockfile whose change makes setup run again", () => {
    expect([...SETUP_INPUT_NAMES].sort()).toEqual(
      [
        "package.json",
        "pnpm-lock.yaml",
        "yarn.lock",
        "bun.lock",
        "bun.lockb",
        "package-lock.json",
        "npm-shrinkwrap.json",
        "pnpm-workspace.yaml",
        ".yarnrc.yml",
        "pyproject.toml",
        "uv.lock",
      ].sort(),
    );
  });
  it("what setup writes outside the change", () => {
    expect(JS_PRODUCES).toEqual(["node_modules/", ".pnp.cjs", ".pnp.loader.mjs", ".yarn/cache/", ".yarn/install-state.gz", ".yarn/unplugged/"]);
    expect(PY_PRODUCES).toEqual([".venv/"]);
  });
});

describe("touchesSetupInputs: by file name, at any depth", () => {
  it.each([...SETUP_INPUT_NAMES])("%s at the root and nested", (name) => {
    expect(touchesSetupInputs([name])).toBe(true);
    expect(touchesSetupInputs(["src/x.ts", `apps/web/${name}`])).toBe(true);
  });
  it.each(["Cargo.toml", "Cargo.lock", "go.mod", "go.sum", "requirements.txt", "package.json.bak", "xpackage.json", "package.json/readme.md"])(
    "%s is not a setup input",
    (path) => {
      expect(touchesSetupInputs([path])).toBe(false);
    },
  );
  it("no changed paths: nothing to redo", () => {
    expect(touchesSetupInputs([])).toBe(false);
  });
});

describe("lockfile choice", () => {
  it.each([
    ["pnpm-lock.yaml", "yarn.lock", "pnpm install --frozen-lockfile"],
    ["yarn.lock", "bun.lock", "yarn install --frozen-lockfile"],
    ["bun.lock", "bun.lockb", "bun install --frozen-lockfile"],
    ["bun.lockb", "package-lock.json", "bun install --frozen-lockfile"],
    ["package-lock.json", "npm-shrinkwrap.json", "npm ci"],
    ["pnpm-lock.yaml", "package-lock.json", "pnpm install --frozen-lockfile"],
  ])("%s is preferred over %s in one directory", (first, second, cmd) => {
    expect(cmds(steps({ "package.json": withDeps, [second]: "", [first]: "" }, ["."]))).toEqual([`.: ${cmd}`]);
  });

  it("the argv is the command split into words, and the name joins them", () => {
    const [s] = steps({ "package.json": withDeps, "yarn.lock": "", ".yarnrc.yml": "" }, ["."]);
    expect(s).toMatchObject({ name: "yarn install --immutable", argv: ["yarn", "install", "--immutable"], root: "." });
  });

  it("a .yarnrc.yml in another directory does not make Yarn 2+", () => {
    const repo = { "app/package.json": withDeps, "app/yarn.lock": "", ".yarnrc.yml": "" };
    expect(cmds(steps(repo, ["app"]))).toEqual(["app: yarn install --frozen-lockfile"]);
  });

  it("the nearest lockfile wins over one further up", () => {
    const repo = { "package.json": withDeps, "package-lock.json": "", "apps/web/package.json": withDeps, "apps/web/pnpm-lock.yaml": "" };
    expect(cmds(steps(repo, ["apps/web"]))).toEqual(["apps/web: pnpm install --frozen-lockfile"]);
    expect(cmds(steps(repo, ["apps/web/src"]))).toEqual(["apps/web: pnpm install --frozen-lockfile"]);
    expect(cmds(steps(repo, ["apps"]))).toEqual([".: npm ci"]);
  });

  it("a lockfile without a package.json beside it is not an install root", () => {
    const repo = { "package-lock.json": "", "app/package.json": withDeps };
    expect(cmds(steps(repo, ["app"]))).toEqual(["app: npm install --no-package-lock"]);
  });

  it("a lockfile but no package.json anywhere: no JS step", () => {
    expect(steps({ "package-lock.json": "", "yarn.lock": "" }, ["."])).toEqual([]);
  });

  it("a gate root with no package.json at or above it gets no JS step", () => {
    const repo = { "web/package.json": withDeps, "web/package-lock.json": "", "tools/Makefile": "" };
    expect(steps(repo, ["tools"])).toEqual([]);
  });
});

describe("no lockfile", () => {
  it("a pnpm workspace without a lockfile: pnpm install", () => {
    const repo = {
      "package.json": JSON.stringify({ name: "root" }),
      "pnpm-workspace.yaml": "packages:\n  - 'packages/*'\n",
      "packages/a/package.json": withDeps,
    };
    expect(cmds(steps(repo, ["packages/a"]))).toEqual([".: pnpm install"]);
  });

  it("a pnpm-workspace.yaml only counts in the install directory", () => {
    const repo = { "pnpm-workspace.yaml": "packages:\n  - 'x/*'\n", "app/package.json": withDeps };
    expect(cmds(steps(repo, ["app"]))).toEqual(["app: npm install --no-package-lock"]);
  });

  it("the nearest package.json when no workspace lists the root", () => {
    const repo = { "package.json": JSON.stringify({ workspaces: ["packages/*"] }), "tools/lint/package.json": withDeps };
    expect(cmds(steps(repo, ["tools/lint"]))).toEqual(["tools/lint: npm install --no-package-lock"]);
    expect(cmds(steps(repo, ["tools/lint/src"]))).toEqual(["tools/lint: npm install --no-package-lock"]);
  });

  it("a workspace root that lists nothing here is skipped for a nearer one", () => {
    const repo = {
      "package.json": JSON.stringify({ workspaces: ["libs/*"] }),
      "apps/package.json": JSON.stringify({ workspaces: ["web"] }),
      "apps/web/package.json": withDeps,
      "libs/a/package.json": withDeps,
    };
    expect(cmds(steps(repo, ["apps/web"]))).toEqual(["apps: npm install --no-package-lock"]);
  });

  it("a directory that is not a workspace member of a manifest without package.json is not a workspace root", () => {
    // Cargo declares members, but the Cargo root has no package.json: the JS install stays at the member.
    const repo = { "Cargo.toml": '[workspace]\nmembers = ["web"]\n', "web/package.json": withDeps };
    expect(cmds(steps(repo, ["web"]))).toEqual(["web: npm install --no-package-lock"]);
  });

  it("the gate root's own workspaces make it an install root even with no dependencies", () => {
    const repo = { "package.json": JSON.stringify({ workspaces: ["packages/*"] }), "packages/a/package.json": withDeps };
    expect(cmds(steps(repo, ["."]))).toEqual([".: npm install --no-package-lock"]);
  });

  it("a workspace pattern that matches no directory is not a workspace: nothing to install", () => {
    expect(steps({ "package.json": JSON.stringify({ workspaces: ["packages/*"] }) }, ["."])).toEqual([]);
  });
});

describe("which package.json declares something to install", () => {
  it.each([
    ["dependencies", { dependencies: { a: "1" } }],
    ["devDependencies", { devDependencies: { a: "1" } }],
    ["optionalDependencies", { optionalDependencies: { a: "1" } }],
  ])("%s", (_, pkg) => {
    expect(cmds(steps({ "package.json": JSON.stringify(pkg) }, ["."]))).toEqual([".: npm install --no-package-lock"]);
  });

  it.each([
    ["empty dependency maps", { dependencies: {}, devDependencies: {}, optionalDependencies: {} }],
    ["peer dependencies only", { peerDependencies: { react: "18" } }],
    ["a dependency field that is a string", { dependencies: "tape" }],
    ["a dependency field that is null", { dependencies: null }],
    ["scripts only", { scripts: { test: "node --test" } }],
  ])("%s: nothing", (_, pkg) => {
    expect(steps({ "package.json": JSON.stringify(pkg) }, ["."])).toEqual([]);
  });

  it.each([
    ["invalid JSON", "{ not json"],
    ["a JSON array", "[]"],
    ["JSON null", "null"],
    ["a JSON number", "3"],
  ])("%s: assumed to need an install", (_, text) => {
    expect(cmds(steps({ "package.json": text }, ["."]))).toEqual([".: npm install --no-package-lock"]);
  });

  it("an unreadable package.json: assumed to need an install", () => {
    const s = planSetup({ files: ["package.json"], readFile: () => null, roots: ["."], setup: "auto", available: () => true });
    expect(cmds(s)).toEqual([".: npm install --no-package-lock"]);
  });
});

describe("inputs and produces of a step", () => {
  it("the manifests and lockfiles at or below the install root, sorted, outside node_modules", () => {
    const repo = {
      "package.json": withDeps,
      "yarn.lock": "",
      ".yarnrc.yml": "",
      "pnpm-workspace.yaml": "",
      "src/index.js": "",
      "README.md": "",
      "node_modules/tape/package.json": "{}",
      "packages/a/node_modules/x/package.json": "{}",
      "packages/a/package.json": withDeps,
      "packages/a/pyproject.toml": "",
    };
    const [s] = steps(repo, ["."]);
    expect(s!.inputs).toEqual([
      ".yarnrc.yml",
      "package.json",
      "packages/a/package.json",
      "packages/a/pyproject.toml",
      "pnpm-workspace.yaml",
      "yarn.lock",
    ]);
    expect(s!.produces).toEqual(JS_PRODUCES);
  });

  it("a nested root takes only its own subtree, not a sibling sharing its prefix", () => {
    const repo = {
      "package.json": withDeps,
      "apps/web/package.json": withDeps,
      "apps/web/package-lock.json": "",
      "apps/web/lib/package.json": "{}",
      "apps/website/package.json": withDeps,
      "apps/web.json": "",
    };
    const [s] = steps(repo, ["apps/web"]);
    expect(s!.root).toBe("apps/web");
    expect(s!.inputs).toEqual(["apps/web/lib/package.json", "apps/web/package-lock.json", "apps/web/package.json"]);
  });

  it("Python: uv.lock and pyproject.toml under the lock's directory; writes .venv/", () => {
    const repo = { "pyproject.toml": "", "uv.lock": "", "svc/pyproject.toml": "", "svc/main.py": "" };
    const [s] = steps(repo, ["svc"]);
    expect(s).toEqual({
      name: "uv sync --locked",
      root: ".",
      argv: ["uv", "sync", "--locked"],
      inputs: ["pyproject.toml", "svc/pyproject.toml", "uv.lock"],
      produces: [".venv/"],
    });
  });

  it("Python: the nearest uv.lock wins", () => {
    const repo = { "pyproject.toml": "", "uv.lock": "", "svc/pyproject.toml": "", "svc/uv.lock": "" };
    expect(cmds(steps(repo, ["svc"]))).toEqual(["svc: uv sync --locked"]);
    expect(steps(repo, ["svc"])[0]!.inputs).toEqual(["svc/pyproject.toml", "svc/uv.lock"]);
  });

  it("Python: only uv is asked about", () => {
    const asked: string[] = [];
    steps({ "pyproject.toml": "", "uv.lock": "", "package.json": withDeps }, ["."], { available: (c) => (asked.push(c), true) });
    expect([...new Set(asked)]).toEqual(["uv"]);
  });

  it("Python: a uv.lock without a pyproject.toml is not a Python project", () => {
    expect(steps({ "uv.lock": "" }, ["."])).toEqual([]);
  });
});

describe("gate roots: normalized, deduplicated, in a stable order", () => {
  it.each([["./"], [""], ["."], ["./."], ["/"]])("%j is the repository root", (root) => {
    expect(cmds(steps({ "package.json": withDeps, "package-lock.json": "" }, [root]))).toEqual([".: npm ci"]);
  });

  it("./a//b/ is a/b", () => {
    const repo = { "a/b/package.json": withDeps, "a/b/package-lock.json": "" };
    expect(cmds(steps(repo, ["./a//b/"]))).toEqual(["a/b: npm ci"]);
  });

  it("one step per install root and command, whatever the number of gates under it", () => {
    const repo = { "package.json": withDeps, "package-lock.json": "", "a/package.json": withDeps, "b/package.json": withDeps };
    expect(cmds(steps(repo, ["a", "./a/", "b", "."]))).toEqual([".: npm ci"]);
  });

  it("JavaScript and Python at one root: both, by command", () => {
    const repo = { "package.json": withDeps, "package-lock.json": "", "pyproject.toml": "", "uv.lock": "" };
    expect(cmds(steps(repo, ["."]))).toEqual([".: npm ci", ".: uv sync --locked"]);
  });

  it("sorted by root, then by command", () => {
    const repo = {
      "package.json": withDeps,
      "package-lock.json": "",
      "uv.lock": "",
      "a/package.json": withDeps,
      "a/pnpm-lock.yaml": "",
      "a/pyproject.toml": "",
      "z/package.json": withDeps,
      "z/yarn.lock": "",
    };
    // Root a plans `a: pnpm…` and `.: uv…`, then root b plans `.: npm ci`: the output is sorted.
    expect(cmds(steps(repo, ["z", "b", "a"]))).toEqual([
      ".: npm ci",
      ".: uv sync --locked",
      "a: pnpm install --frozen-lockfile",
      "z: yarn install --frozen-lockfile",
    ]);
  });
});

describe("a configured setup list", () => {
  it("runs at the normalized root, its inputs are the setup files under it, and it may write anything setup writes", () => {
    const setup = parseConfig({ setup: [{ run: ["make", "deps"], root: "./svc/" }] }).setup;
    const repo = { "svc/package.json": withDeps, "svc/uv.lock": "", "svc/Makefile": "", "package.json": withDeps, "svc2/package.json": "" };
    expect(steps(repo, ["."], { setup })).toEqual([
      {
        name: "make deps",
        root: "svc",
        argv: ["make", "deps"],
        inputs: ["svc/package.json", "svc/uv.lock"],
        produces: [...JS_PRODUCES, ...PY_PRODUCES],
      },
    ]);
  });

  it("a root of . takes every setup input in the tree", () => {
    const setup = parseConfig({ setup: [{ run: "npm ci", root: "." }] }).setup;
    const [s] = steps({ "package.json": withDeps, "package-lock.json": "", "x/pyproject.toml": "", "x/a.py": "" }, [], { setup });
    expect(s!.inputs).toEqual(["package-lock.json", "package.json", "x/pyproject.toml"]);
  });

  it("keeps the configured order", () => {
    const setup = parseConfig({
      setup: [
        { run: "b", root: "z" },
        { run: "a", root: "." },
      ],
    }).setup;
    expect(cmds(steps({}, [], { setup }))).toEqual(["z: b", ".: a"]);
  });
});

describe("stepsForGate", () => {
  const step = (root: string): SetupStep => ({ name: "npm ci", root, argv: ["npm", "ci"], inputs: [], produces: [] });
  it("the gate root is normalized before it is compared", () => {
    expect(stepsForGate("./packages/a/", [step("packages/a"), step("packages")]).map((s) => s.root)).toEqual(["packages/a", "packages"]);
    expect(stepsForGate("packages/a/src", [step("packages/a")]).map((s) => s.root)).toEqual(["packages/a"]);
  });
  it("a step below the gate root or beside it is not a dependency", () => {
    expect(stepsForGate(".", [step("packages/a"), step(".")]).map((s) => s.root)).toEqual(["."]);
    expect(stepsForGate("packages", [step("packages/a")])).toEqual([]);
    expect(stepsForGate("pack", [step("packages")])).toEqual([]);
  });
});
