/** Dependency setup planning: one install command per install root, by lockfile; nothing for Cargo and Go. */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/core/config.js";
import { planSetup, stepsForGate, touchesSetupInputs, type SetupPlanInput, type SetupStep } from "../../src/core/setup-plan.js";

function steps(repo: Record<string, string>, roots: string[], over: Partial<SetupPlanInput> = {}): SetupStep[] {
  const files = new Map(Object.entries(repo));
  return planSetup({ files: [...files.keys()], readFile: (p) => files.get(p) ?? null, roots, setup: "auto", available: () => true, ...over });
}
const cmds = (s: SetupStep[]) => s.map((x) => `${x.root}: ${x.argv.join(" ")}`);
const withDeps = JSON.stringify({ name: "x", devDependencies: { tape: "^5" } });

describe("planSetup: auto", () => {
  it.each([
    ["package-lock.json", "npm ci"],
    ["npm-shrinkwrap.json", "npm ci"],
    ["pnpm-lock.yaml", "pnpm install --frozen-lockfile"],
    ["yarn.lock", "yarn install --frozen-lockfile"],
    ["bun.lock", "bun install --frozen-lockfile"],
    ["bun.lockb", "bun install --frozen-lockfile"],
  ])("%s → %s", (lock, cmd) => {
    expect(cmds(steps({ "package.json": withDeps, [lock]: "" }, ["."]))).toEqual([`.: ${cmd}`]);
  });

  it("Yarn 2+ (.yarnrc.yml) installs --immutable", () => {
    expect(cmds(steps({ "package.json": withDeps, "yarn.lock": "", ".yarnrc.yml": "" }, ["."]))).toEqual([".: yarn install --immutable"]);
  });

  it("without a lockfile: npm install that writes no lockfile", () => {
    expect(cmds(steps({ "package.json": withDeps }, ["."]))).toEqual([".: npm install --no-package-lock"]);
  });

  it("a package.json with nothing to install needs no step", () => {
    expect(steps({ "package.json": JSON.stringify({ scripts: { test: "node --test" } }) }, ["."])).toEqual([]);
  });

  it("a workspace member installs once, at the lockfile's directory", () => {
    const repo = {
      "package.json": JSON.stringify({ workspaces: ["packages/*"] }),
      "package-lock.json": "",
      "packages/a/package.json": withDeps,
      "packages/b/package.json": withDeps,
    };
    const s = steps(repo, ["packages/a", "packages/b", "."]);
    expect(cmds(s)).toEqual([".: npm ci"]);
    expect(s[0]!.inputs).toEqual(["package-lock.json", "package.json", "packages/a/package.json", "packages/b/package.json"]);
    expect(s[0]!.produces).toContain("node_modules/");
  });

  it("a workspace member without a lockfile installs at its workspace root", () => {
    const repo = { "package.json": JSON.stringify({ workspaces: ["packages/*"] }), "packages/a/package.json": withDeps };
    expect(cmds(steps(repo, ["packages/a"]))).toEqual([".: npm install --no-package-lock"]);
  });

  it("Python: uv sync --locked where uv.lock is, only when uv is installed", () => {
    const repo = { "pyproject.toml": "", "uv.lock": "", "pkg/pyproject.toml": "" };
    expect(cmds(steps(repo, ["pkg"]))).toEqual([".: uv sync --locked"]);
    expect(steps(repo, ["pkg"], { available: (c) => c !== "uv" })).toEqual([]);
    expect(steps({ "pyproject.toml": "" }, ["."])).toEqual([]);
  });

  it("nothing for Cargo and Go", () => {
    expect(steps({ "Cargo.toml": "", "Cargo.lock": "", "go.mod": "", "go.sum": "" }, ["."])).toEqual([]);
  });
});

describe("planSetup: configured", () => {
  it("setup: none plans nothing", () => {
    expect(steps({ "package.json": withDeps, "package-lock.json": "" }, ["."], { setup: "none" })).toEqual([]);
  });
  it("a configured list runs as written, whatever the gate roots", () => {
    const setup = parseConfig({
      setup: [
        { run: ["npm", "ci"], root: "." },
        { run: "make deps", root: "./tools/" },
      ],
    }).setup;
    expect(cmds(steps({ "package.json": withDeps, "tools/Makefile": "" }, [], { setup }))).toEqual([".: npm ci", "tools: make deps"]);
  });
  it("config: default auto, none, a list; anything else refused", () => {
    expect(parseConfig({}).setup).toBe("auto");
    expect(parseConfig({}).baseline).toBe(true);
    expect(parseConfig({ setup: "none", baseline: false })).toMatchObject({ setup: "none", baseline: false });
    expect(() => parseConfig({ setup: "sometimes" })).toThrow();
    expect(() => parseConfig({ setup: [] })).toThrow();
    expect(() => parseConfig({ setup: [{ root: "." }] })).toThrow();
    expect(parseConfig({ setup: [{ run: [npm] }] }).setup).toEqual([{ run: ["npm"], root: "." }]);
  });
});

const npm = "npm";

describe("which steps a gate depends on; when setup must run again", () => {
  const step = (root: string): SetupStep => ({ name: "npm ci", root, argv: ["npm", "ci"], inputs: [], produces: [] });
  it("a step at or above the gate's root", () => {
    expect(stepsForGate("packages/a", [step("."), step("packages/a"), step("packages/ab"), step("other")]).map((s) => s.root)).toEqual([
      ".",
      "packages/a",
    ]);
  });
  it("a changed manifest or lockfile, anywhere", () => {
    expect(touchesSetupInputs(["src/x.js"])).toBe(false);
    expect(touchesSetupInputs(["packages/a/package.json"])).toBe(true);
    expect(touchesSetupInputs(["uv.lock"])).toBe(true);
    expect(touchesSetupInputs(["package.json.bak"])).toBe(false);
  });
});
