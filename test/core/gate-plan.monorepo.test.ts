/** `gates: auto` in monorepos and workspaces: the walk up to the nearest manifest with a test command. */
import { describe, expect, it } from "vitest";
import { DEFAULT_GATE_ALLOWLIST } from "../../src/core/config.js";
import { planGates, type GatePlan, type GatePlanInput } from "../../src/core/gate-plan.js";

function plan(repo: Record<string, string>, changedPaths: string[], over: Partial<GatePlanInput> = {}): GatePlan {
  const files = new Map(Object.entries(repo));
  return planGates({
    changedPaths,
    files: [...files.keys()],
    readFile: (p) => files.get(p) ?? null,
    gates: "auto",
    allowlist: DEFAULT_GATE_ALLOWLIST,
    ...over,
  });
}
const where = (r: GatePlan) => (r.ok ? r.gates.map((g) => `${g.root}: ${g.argv.join(" ")}`) : [`problem: ${r.problem}`]);
const pkg = (o: Record<string, unknown>) => JSON.stringify(o);

describe("walking up to the nearest manifest with a test command", () => {
  it("a change in packages/a (no test script) is gated by the root npm test", () => {
    const repo = {
      "package.json": pkg({ name: "root", workspaces: ["packages/*"], scripts: { test: "lerna run test" } }),
      "package-lock.json": "{}",
      "packages/a/package.json": pkg({ name: "a" }),
      "packages/a/index.js": "",
    };
    expect(where(plan(repo, ["packages/a/index.js"]))).toEqual([".: npm test"]);
  });

  it("npm's placeholder test script does not stop the walk either", () => {
    const repo = {
      "package.json": pkg({ scripts: { test: "tape test/*.js" } }),
      "lib/package.json": pkg({ scripts: { test: 'echo "Error: no test specified" && exit 1' } }),
      "lib/x.js": "",
    };
    expect(where(plan(repo, ["lib/x.js"]))).toEqual([".: npm test"]);
  });

  it("a package with its own test script keeps its own gate", () => {
    const repo = {
      "package.json": pkg({ scripts: { test: "t" }, workspaces: ["packages/*"] }),
      "packages/a/package.json": pkg({ scripts: { test: "t" } }),
      "packages/a/x.js": "",
    };
    expect(where(plan(repo, ["packages/a/x.js"]))).toEqual(["packages/a: npm test"]);
  });

  it("still fails closed when nothing above has a test command", () => {
    const r = plan({ "package.json": pkg({}), "x.js": "" }, ["x.js"]);
    expect(r.ok).toBe(false);
  });
});

describe("workspace roots without a test command test a change outside their members through the members", () => {
  it("npm workspaces (list and yarn's { packages } form)", () => {
    for (const workspaces of [["packages/*"], { packages: ["packages/*"] }]) {
      const repo = {
        "package.json": pkg({ name: "root", workspaces }),
        "packages/a/package.json": pkg({ scripts: { test: "t" } }),
        "packages/b/package.json": pkg({ scripts: { test: "t" } }),
        "packages/c/package.json": pkg({}),
        "tsconfig.base.json": "{}",
      };
      expect(where(plan(repo, ["tsconfig.base.json"]))).toEqual(["packages/a: npm test", "packages/b: npm test"]);
    }
  });

  it("pnpm-workspace.yaml, with pnpm chosen by the root lockfile", () => {
    const repo = {
      "package.json": pkg({ name: "root" }),
      "pnpm-workspace.yaml": "packages:\n  - 'libs/*'\n  - \"!libs/skip\"\n",
      "pnpm-lock.yaml": "",
      "libs/x/package.json": pkg({ scripts: { test: "t" } }),
      "libs/skip/package.json": pkg({ scripts: { test: "t" } }),
      ".npmrc": "",
    };
    expect(where(plan(repo, [".npmrc"]))).toEqual(["libs/x: pnpm test"]);
  });

  it("go.work: a change to go.work is tested in every module it uses", () => {
    const repo = {
      "go.work": "go 1.22\n\nuse (\n\t./api\n\t./cli // the tool\n)\n",
      "api/go.mod": "module a",
      "cli/go.mod": "module c",
      "api/a.go": "",
    };
    expect(where(plan(repo, ["go.work"]))).toEqual(["api: go test ./...", "cli: go test ./..."]);
    expect(where(plan(repo, ["api/a.go"]))).toEqual(["api: go test ./..."]);
  });

  it("a Cargo workspace root is tested as a whole; a member crate by itself", () => {
    const repo = {
      "Cargo.toml": '[workspace]\nmembers = [\n  "crates/a",\n]\n',
      "Cargo.lock": "",
      "crates/a/Cargo.toml": '[package]\nname = "a"\n',
      "crates/a/src/lib.rs": "",
      "README.md": "",
    };
    expect(where(plan(repo, ["README.md"]))).toEqual([".: cargo test --locked"]);
    expect(where(plan(repo, ["crates/a/src/lib.rs"]))).toEqual(["crates/a: cargo test --locked"]);
  });
});

describe("uv without uv", () => {
  const repo = { "pyproject.toml": "[project]\nname='p'\n", "uv.lock": "", "p/x.py": "" };
  it("uses uv when it is installed (or nobody said)", () => {
    expect(where(plan(repo, ["p/x.py"]))).toEqual([".: uv run --locked pytest -p no:cacheprovider"]);
    expect(where(plan(repo, ["p/x.py"], { available: () => true }))).toEqual([".: uv run --locked pytest -p no:cacheprovider"]);
  });
  it("falls back to the interpreter's packages when uv is not installed", () => {
    expect(where(plan(repo, ["p/x.py"], { available: (c) => c !== "uv" }))).toEqual([".: python3 -m pytest -p no:cacheprovider"]);
  });
});
