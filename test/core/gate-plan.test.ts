import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { DEFAULT_GATE_ALLOWLIST, parseConfig } from "../../src/core/config.js";
import {
  CACHE_NEUTRAL_ENV,
  hasDevDependencyGroup,
  neutralizePytest,
  planGates,
  type GatePlan,
  type GatePlanInput,
  type PlannedGate,
} from "../../src/core/gate-plan.js";

const ENV = { PYTHONDONTWRITEBYTECODE: "1", CI: "true" };
const NPM_PKG = JSON.stringify({ name: "x", scripts: { test: "vitest run" } });

/** A repository as a map of path → content. */
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

function gatesOf(result: GatePlan): PlannedGate[] {
  if (!result.ok) throw new Error(`expected a plan, got problem: ${result.problem}`);
  return result.gates;
}

function problemOf(result: GatePlan): string {
  if (result.ok) throw new Error(`expected a problem, got ${JSON.stringify(result.gates)}`);
  return result.problem;
}

const configured = (gates: unknown) => parseConfig({ gates }).gates;

describe("planGates: auto, node", () => {
  it("runs npm test in the root that holds package.json, with the cache-neutral env", () => {
    expect(gatesOf(plan({ "package.json": NPM_PKG, "src/a.ts": "" }, ["src/a.ts"]))).toEqual([
      { name: "npm test", root: ".", argv: ["npm", "test"], env: ENV },
    ]);
  });

  it.each([
    ["pnpm-lock.yaml", "pnpm"],
    ["yarn.lock", "yarn"],
    ["package-lock.json", "npm"],
    ["bun.lock", "npm"],
  ])("picks the package manager from %s in an ancestor", (lock, pm) => {
    const repo = { [lock]: "", "packages/web/package.json": NPM_PKG, "packages/web/src/a.ts": "" };
    expect(gatesOf(plan(repo, ["packages/web/src/a.ts"]))).toEqual([{ name: `${pm} test`, root: "packages/web", argv: [pm, "test"], env: ENV }]);
  });

  it("the nearest lockfile wins", () => {
    const repo = { "pnpm-lock.yaml": "", "web/yarn.lock": "", "web/package.json": NPM_PKG, "web/a.js": "" };
    expect(gatesOf(plan(repo, ["web/a.js"]))[0]!.argv).toEqual(["yarn", "test"]);
  });

  it.each([
    ["no scripts", { name: "x" }],
    ["no test script", { scripts: { build: "tsc" } }],
    ["an empty test script", { scripts: { test: "  " } }],
    ["a non-string test script", { scripts: { test: 1 } }],
    ["scripts not an object", { scripts: ["test"] }],
    ["npm's placeholder", { scripts: { test: 'echo "Error: no test specified" && exit 1' } }],
  ])("plans no node gate for %s", (_what, pkg) => {
    // With a Go module beside it, only the Go gate is planned.
    expect(gatesOf(plan({ "package.json": JSON.stringify(pkg), "go.mod": "", "a.js": "" }, ["a.js"])).map((g) => g.argv)).toEqual([
      ["go", "test", "./..."],
    ]);
    // Alone, nothing could test the change: refused.
    expect(plan({ "package.json": JSON.stringify(pkg), "a.js": "" }, ["a.js"]).ok).toBe(false);
  });

  it("refuses invalid JSON, naming the file", () => {
    const problem = problemOf(plan({ "web/package.json": "{ nope", "web/a.js": "" }, ["web/a.js"]));
    expect(problem).toMatch(/^"web\/package\.json" is not valid JSON \(/);
    expect(problem).toContain("configure gates explicitly");
  });

  it.each([["[]"], ["null"], ['"x"'], ["3"]])("refuses a package.json that is not an object (%s)", (text) => {
    expect(problemOf(plan({ "package.json": text, "a.js": "" }, ["a.js"]))).toBe(
      '"package.json" is not a JSON object; fix the file or configure gates explicitly',
    );
  });

  it("refuses a listed package.json that cannot be read", () => {
    const r = planGates({
      changedPaths: ["a.js"],
      files: ["package.json", "a.js"],
      readFile: () => null,
      gates: "auto",
      allowlist: DEFAULT_GATE_ALLOWLIST,
    });
    expect(problemOf(r)).toBe('"package.json" is listed but could not be read');
  });
});

describe("planGates: auto, python, rust, go", () => {
  it("uses uv with --locked when uv.lock exists, and pytest without its cache", () => {
    const repo = { "pyproject.toml": "[project]\nname = 'x'\n", "uv.lock": "", "src/x.py": "" };
    expect(gatesOf(plan(repo, ["src/x.py"]))).toEqual([
      {
        name: "uv run --locked pytest -p no:cacheprovider",
        root: ".",
        argv: ["uv", "run", "--locked", "pytest", "-p", "no:cacheprovider"],
        env: ENV,
      },
    ]);
  });

  it("adds --group dev only when [dependency-groups] defines dev", () => {
    const toml = '[project]\nname = "x"\n\n[dependency-groups]\ndev = ["pytest>=8"]\n';
    const repo = { "py/pyproject.toml": toml, "uv.lock": "", "py/x.py": "" };
    expect(gatesOf(plan(repo, ["py/x.py"]))[0]!.argv).toEqual(["uv", "run", "--locked", "--group", "dev", "pytest", "-p", "no:cacheprovider"]);
    const noDev = { ...repo, "py/pyproject.toml": '[dependency-groups]\ntest = ["pytest"]\n' };
    expect(gatesOf(plan(noDev, ["py/x.py"]))[0]!.argv).toEqual(["uv", "run", "--locked", "pytest", "-p", "no:cacheprovider"]);
  });

  it("falls back to python3 -m pytest without uv.lock", () => {
    expect(gatesOf(plan({ "pyproject.toml": "", "x.py": "" }, ["x.py"]))).toEqual([
      { name: "python3 -m pytest -p no:cacheprovider", root: ".", argv: ["python3", "-m", "pytest", "-p", "no:cacheprovider"], env: ENV },
    ]);
  });

  it("refuses an unreadable pyproject.toml when it must read it", () => {
    const r = planGates({
      changedPaths: ["x.py"],
      files: ["pyproject.toml", "uv.lock", "x.py"],
      readFile: () => null,
      gates: "auto",
      allowlist: DEFAULT_GATE_ALLOWLIST,
    });
    expect(problemOf(r)).toBe('"pyproject.toml" is listed but could not be read');
  });

  it("runs cargo test, with --locked when Cargo.lock exists above", () => {
    expect(gatesOf(plan({ "Cargo.toml": "", "src/lib.rs": "" }, ["src/lib.rs"]))[0]!.argv).toEqual(["cargo", "test"]);
    const ws = { "Cargo.lock": "", "Cargo.toml": "", "crates/a/Cargo.toml": "", "crates/a/src/lib.rs": "" };
    expect(gatesOf(plan(ws, ["crates/a/src/lib.rs"]))).toEqual([
      { name: "cargo test --locked", root: "crates/a", argv: ["cargo", "test", "--locked"], env: ENV },
    ]);
  });

  it("runs go test ./...", () => {
    expect(gatesOf(plan({ "svc/go.mod": "", "svc/main.go": "" }, ["svc/main.go"]))).toEqual([
      { name: "go test ./...", root: "svc", argv: ["go", "test", "./..."], env: ENV },
    ]);
  });
});

describe("planGates: auto, roots", () => {
  const repo = {
    "package.json": NPM_PKG,
    "README.md": "",
    "svc/go.mod": "",
    "svc/cmd/main.go": "",
    "py/pyproject.toml": "",
    "py/pkg/x.py": "",
  };

  it("deduplicates roots, sorts them with the repository root first, one gate each", () => {
    const gates = gatesOf(plan(repo, ["svc/cmd/main.go", "py/pkg/x.py", "README.md", "svc/go.mod", "py/pkg/x.py"]));
    expect(gates.map((g) => [g.root, g.name])).toEqual([
      [".", "npm test"],
      ["py", "python3 -m pytest -p no:cacheprovider"],
      ["svc", "go test ./..."],
    ]);
  });

  it("a root with several manifests gets a gate per manifest, in manifest order", () => {
    const gates = gatesOf(plan({ "go.mod": "", "Cargo.toml": "", "pyproject.toml": "", "package.json": NPM_PKG, x: "" }, ["x"]));
    expect(gates.map((g) => g.argv[0])).toEqual(["npm", "python3", "cargo", "go"]);
  });

  it("a deleted file still finds its root, and a deleted manifest falls through to the next one up", () => {
    expect(gatesOf(plan(repo, ["svc/cmd/gone.go"])).map((g) => g.root)).toEqual(["svc"]);
    const noSvcManifest = { ...repo, "svc/go.mod": undefined };
    delete noSvcManifest["svc/go.mod"];
    const files = Object.fromEntries(Object.entries(noSvcManifest).filter((e): e is [string, string] => e[1] !== undefined));
    expect(gatesOf(plan(files, ["svc/go.mod"])).map((g) => g.root)).toEqual(["."]);
  });

  it("refuses (fail closed) when no changed path has a root: nothing could verify the change", () => {
    for (const result of [plan({ "docs/a.md": "" }, ["docs/a.md"]), plan({}, []), plan({ "package.json": "{}", "a.js": "" }, ["a.js"])]) {
      expect(result.ok).toBe(false);
      expect(result.ok ? "" : result.problem).toMatch(
        /^no gate applies to the changed paths .* list the gates that check these paths under `gates:`$/,
      );
    }
  });

  it("plans only for roots that exist; other changed paths get no gate", () => {
    expect(gatesOf(plan({ "svc/go.mod": "", "svc/a.go": "", "docs/a.md": "" }, ["docs/a.md", "svc/a.go"])).map((g) => g.root)).toEqual(["svc"]);
  });

  it.each([
    ["../x/a.js", "escapes the repository (..)"],
    ["a/../../b", "escapes the repository (..)"],
    ["/etc/passwd", "is absolute"],
    ["", "is empty"],
    ["a\u0000b", "contains a control character"],
    ["a\\b", "contains a backslash"],
    [".git/hooks/x", "is inside .git"],
  ])("refuses the changed path %j", (path, why) => {
    expect(problemOf(plan({ "package.json": NPM_PKG }, [path]))).toBe(`changed path ${JSON.stringify(path)} ${why}; cannot find its package root`);
  });
});

describe("planGates: configured", () => {
  it("plans every configured gate in order, whatever changed, with normalized roots", () => {
    const gates = configured([
      { name: "unit", run: "npm test", root: "./web/" },
      { name: "py", run: ["uv", "run", "pytest", "-q"], root: "py" },
      { name: "all", run: "make check" },
    ]);
    const repo = { "web/package.json": "", "py/x.py": "", Makefile: "" };
    expect(gatesOf(plan(repo, [], { gates }))).toEqual([
      { name: "unit", root: "web", argv: ["npm", "test"], env: ENV },
      { name: "py", root: "py", argv: ["uv", "run", "pytest", "-p", "no:cacheprovider", "-q"], env: ENV },
      { name: "all", root: ".", argv: ["make", "check"], env: ENV },
    ]);
  });

  it.each([
    ["../other", 'gate "g": gates[0].root "../other" escapes the repository (..)'],
    ["a/../../b", 'gate "g": gates[0].root "a/../../b" escapes the repository (..)'],
    ["/abs", 'gate "g": gates[0].root "/abs" is absolute; use a path relative to the repository'],
    ["C:/x", 'gate "g": gates[0].root "C:/x" is absolute; use a path relative to the repository'],
    ["a\nb", 'gate "g": gates[0].root "a\\nb" contains a control character'],
    ["missing", 'gate "g": gates[0].root "missing" is not a directory with files in the repository; fix gates[0].root'],
  ])("refuses the root %j", (root, problem) => {
    expect(problemOf(plan({ "a/x": "" }, [], { gates: configured([{ name: "g", run: "npm test", root }]) }))).toBe(problem);
  });

  it("refuses a command not in the allowlist, naming the gate, the command and gate_allowlist", () => {
    const gates = configured([
      { name: "ok", run: "npm test" },
      { name: "lint", run: ["ruff", "check"] },
    ]);
    expect(problemOf(plan({}, [], { gates, allowlist: ["npm"] }))).toBe(
      'gate "lint" would start "ruff", which is not in gate_allowlist ("npm"); add "ruff" to gate_allowlist or change gates[1].run',
    );
  });

  it.each(["sh", "bash", "npx"])("refuses %s unless listed, saying it runs arbitrary commands", (cmd) => {
    const gates = configured([{ name: "x", run: [cmd, "-c", "true"] }]);
    expect(problemOf(plan({}, [], { gates }))).toContain(`would start "${cmd}", which is not in gate_allowlist`);
    expect(problemOf(plan({}, [], { gates }))).toContain("(it runs arbitrary commands)");
    expect(gatesOf(plan({}, [], { gates, allowlist: [cmd] }))[0]!.argv[0]).toBe(cmd);
  });

  it("compares argv[0] exactly: a path passes only when listed as that path", () => {
    const gates = (cmd: string) => configured([{ name: "x", run: [cmd] }]);
    expect(problemOf(plan({}, [], { gates: gates("./make") }))).toContain("(a path is allowed only when listed exactly)");
    expect(problemOf(plan({}, [], { gates: gates("/bin/sh") }))).toContain('would start "/bin/sh"');
    expect(problemOf(plan({}, [], { gates: gates("/usr/bin/make") }))).toContain('would start "/usr/bin/make"');
    expect(problemOf(plan({}, [], { gates: gates("make"), allowlist: ["/usr/bin/make"] }))).toContain('would start "make"');
    expect(problemOf(plan({}, [], { gates: gates("Make") }))).toContain('would start "Make"');
    expect(gatesOf(plan({}, [], { gates: gates("./scripts/check"), allowlist: ["./scripts/check"] }))[0]!.argv).toEqual(["./scripts/check"]);
  });

  it("refuses an argument containing NUL", () => {
    const gates = configured([{ name: "x", run: ["npm", "a\u0000b"] }]);
    expect(problemOf(plan({}, [], { gates }))).toBe('gate "x" has an argument containing NUL; or change gates[0].run');
  });

  it("checks the allowlist for auto gates too, naming the root", () => {
    const repo = { "pnpm-lock.yaml": "", "web/package.json": NPM_PKG, "web/a.js": "" };
    expect(problemOf(plan(repo, ["web/a.js"], { allowlist: ["npm"] }))).toBe(
      'auto gate "pnpm test" in "web" would start "pnpm", which is not in gate_allowlist ("npm"); add "pnpm" to gate_allowlist or configure gates explicitly',
    );
  });

  it("an empty allowlist refuses everything", () => {
    expect(problemOf(plan({ "go.mod": "", "a.go": "" }, ["a.go"], { allowlist: [] }))).toContain("not in gate_allowlist ()");
  });
});

describe("neutralizePytest", () => {
  it.each([
    [["pytest"], ["pytest", "-p", "no:cacheprovider"]],
    [
      ["pytest", "-q", "tests"],
      ["pytest", "-p", "no:cacheprovider", "-q", "tests"],
    ],
    [
      [".venv/bin/pytest", "-x"],
      [".venv/bin/pytest", "-p", "no:cacheprovider", "-x"],
    ],
    [["py.test"], ["py.test", "-p", "no:cacheprovider"]],
    [
      ["python3", "-m", "pytest", "-x"],
      ["python3", "-m", "pytest", "-p", "no:cacheprovider", "-x"],
    ],
    [
      ["uv", "run", "--locked", "pytest"],
      ["uv", "run", "--locked", "pytest", "-p", "no:cacheprovider"],
    ],
    [
      ["uv", "run", "--with", "pytest", "pytest", "-q"],
      ["uv", "run", "--with", "pytest", "pytest", "-p", "no:cacheprovider", "-q"],
    ],
    [
      ["uv", "run", "--with", "pytest", "python3", "x.py"],
      ["uv", "run", "--with", "pytest", "python3", "x.py"],
    ],
    [
      ["pytest", "-p", "no:cacheprovider"],
      ["pytest", "-p", "no:cacheprovider"],
    ],
    [
      ["pytest", "-pno:cacheprovider"],
      ["pytest", "-pno:cacheprovider"],
    ],
    [
      ["pytest", "-x", "-p=no:cacheprovider"],
      ["pytest", "-x", "-p=no:cacheprovider"],
    ],
    [
      ["npm", "test"],
      ["npm", "test"],
    ],
    [
      ["make", "pytest-all"],
      ["make", "pytest-all"],
    ],
    [
      ["python3", "-m", "pytest_cov"],
      ["python3", "-m", "pytest_cov"],
    ],
  ])("%j → %j", (input, expected) => {
    expect(neutralizePytest(input)).toEqual(expected);
  });

  it("does not mutate its input", () => {
    const argv = ["pytest"];
    neutralizePytest(argv);
    expect(argv).toEqual(["pytest"]);
  });

  it("the allowlist is checked after the rewrite (argv[0] unchanged, still checked)", () => {
    const gates = configured([{ name: "t", run: "pytest -q" }]);
    expect(problemOf(plan({}, [], { gates, allowlist: ["python3"] }))).toContain('would start "pytest"');
  });
});

describe("hasDevDependencyGroup", () => {
  it.each([
    ['[dependency-groups]\ndev = ["pytest"]', true],
    ['[dependency-groups]\ntest = ["pytest"]\ndev = [\n  "ruff",\n]\n', true],
    ['[dependency-groups] # groups\n"dev" = ["pytest"]', true],
    ["[dependency-groups]\n'Dev' = []", true],
    ['[dependency-groups]\nDEV = ["x"]', true],
    ['dependency-groups.dev = ["pytest"]\n[project]\nname = "x"', true],
    ['"dependency-groups".dev = ["pytest"]', true],
    ['dependency-groups = { dev = ["pytest"] }', true],
    ['[ dependency-groups ]\r\ndev = ["pytest"]\r\n', true],
    ["", false],
    ['[dependency-groups]\ntest = ["pytest"]', false],
    ['[project.optional-dependencies]\ndev = ["pytest"]', false],
    ['[tool.uv]\ndev-dependencies = ["pytest"]', false],
    ['[dependency-groups]\ntest = ["a"]\n[tool.x]\ndev = 1', false],
    ['[dependency-groups]\ndevelop = ["x"]', false],
    ['[dependency-groups]\n# dev = ["x"]', false],
    ['[project]\ndescription = """\n[dependency-groups]\ndev = 1\n"""\n', false],
    ["[project]\ndescription = '''\n[dependency-groups]\ndev = 1\n'''\n", false],
    ['[tool.x]\nm = [\n  ["a"],\n]\ndev = 1', false],
    ['[tool.x]\nm = [\n  ["dependency-groups"]\n]\ndev = 1', false],
    ['[tool.x]\ns = "[dependency-groups]"\ndev = 1', false],
    ['[dependency-groups]\ntest = [\n"x",\n]\n[tool.x]\ndev = 1', false],
    ['[tool.x]\na = """x""" \n[dependency-groups]\ndev = []', true],
    ["[[tool.x]]\ndev = 1\n[dependency-groups]\ndev = []", true],
    ["[[tool.x]]\ndev = 1", false],
  ])("%j → %s", (toml, expected) => {
    expect(hasDevDependencyGroup(toml)).toBe(expected);
  });
});

describe("planGates: properties", () => {
  const word = fc.stringMatching(/^[a-z./][a-z0-9./-]{0,6}$/);
  const argvArb = fc.array(word, { minLength: 1, maxLength: 4 });
  const names = ["npm", "pnpm", "yarn", "uv", "cargo", "go", "python3", "pytest", "sh", "bash", "npx", "./x", "/bin/sh"];

  test.prop(
    [fc.array(argvArb, { minLength: 1, maxLength: 4 }), fc.subarray(names), fc.array(fc.constantFrom(...names, "pytest"), { maxLength: 3 })],
    {
      seed: 42,
    },
  )("never returns a gate whose argv[0] is outside the allowlist", (runs, allowlist, heads) => {
    const gates = configured(runs.map((run, i) => ({ name: `g${i}`, run: heads[i] === undefined ? run : [heads[i], ...run] })));
    const r = plan({}, [], { gates, allowlist });
    if (r.ok) for (const g of r.gates) expect(allowlist).toContain(g.argv[0]);
    else expect(r.problem).toContain("gate_allowlist");
    const allAllowed = runs.every((run, i) => allowlist.includes(heads[i] ?? run[0]!));
    expect(r.ok).toBe(allAllowed);
  });

  const seg = fc.constantFrom("a", "b", "pkg", "src", "x.py", "y.ts");
  const relPath = fc.array(seg, { minLength: 1, maxLength: 4 }).map((s) => s.join("/"));
  const manifest = fc.constantFrom("package.json", "pyproject.toml", "Cargo.toml", "go.mod");

  test.prop([fc.array(fc.tuple(fc.array(seg, { maxLength: 3 }), manifest), { maxLength: 4 }), fc.array(relPath, { maxLength: 6 })], {
    seed: 1234,
  })("auto roots hold a manifest, are unique and sorted, and gates carry the cache-neutral env", (manifests, changed) => {
    const repo: Record<string, string> = {};
    for (const [dir, m] of manifests) repo[[...dir, m].join("/")] = m === "package.json" ? NPM_PKG : "";
    for (const p of changed) repo[p] ??= "";
    const result = plan(repo, changed, { allowlist: ["npm", "uv", "python3", "cargo", "go"] });
    // No root above any changed path: refused rather than an empty plan.
    if (!result.ok) {
      expect(result.problem).toMatch(/^no gate applies/);
      return;
    }
    const gates = result.gates;
    expect(gates.length).toBeGreaterThan(0);
    const roots = [...new Set(gates.map((g) => g.root))];
    expect(roots).toEqual([...roots].sort((a, b) => (a === "." ? -1 : b === "." ? 1 : a < b ? -1 : 1)));
    for (const g of gates) {
      const here = ["package.json", "pyproject.toml", "Cargo.toml", "go.mod"].filter((m) => (g.root === "." ? m : `${g.root}/${m}`) in repo);
      expect(here.length).toBeGreaterThan(0);
      expect(g.env).toEqual(CACHE_NEUTRAL_ENV);
      expect(g.root.split("/")).not.toContain("..");
    }
  });
});

describe("gatePlanNeedsPaths", () => {
  it("asks for the tree's paths only when planning needs them", async () => {
    const { gatePlanNeedsPaths } = await import("../../src/core/gate-plan.js");
    expect(gatePlanNeedsPaths("auto")).toBe(true);
    expect(gatePlanNeedsPaths([{ name: "t", run: ["npm", "test"], root: "." }])).toBe(false);
    expect(gatePlanNeedsPaths([{ name: "t", run: ["npm", "test"], root: "./" }])).toBe(false);
    expect(
      gatePlanNeedsPaths([
        { name: "t", run: ["npm", "test"], root: "." },
        { name: "w", run: ["npm", "test"], root: "web" },
      ]),
    ).toBe(true);
    expect(gatePlanNeedsPaths([{ name: "t", run: ["npm", "test"], root: "../x" }])).toBe(true);
  });
});
