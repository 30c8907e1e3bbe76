import { describe, expect, it } from "vitest";
import { DEFAULT_GATE_ALLOWLIST } from "../../src/core/config.js";
import {
  gatePlanNeedsPaths,
  hasDevDependencyGroup,
  neutralizePytest,
  planGates,
  type GatePlan,
  type GatePlanInput,
} from "../../src/core/gate-plan.js";

// Edges of gate planning the main suite leaves open: every option that takes a value, every
// shell-like command, the nearest lockfile of each kind, and the TOML scanner's strings.
const NPM_PKG = JSON.stringify({ scripts: { test: "vitest run" } });

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

const argvs = (r: GatePlan) => (r.ok ? r.gates.map((g) => g.argv) : r.problem);
const problem = (r: GatePlan) => (r.ok ? `no problem: ${JSON.stringify(r.gates)}` : r.problem);

describe("planGates: nearest lockfile of each kind", () => {
  it.each(["package-lock.json", "npm-shrinkwrap.json"])("an npm lockfile (%s) in the root hides a pnpm one above", (lock) => {
    expect(argvs(plan({ "pnpm-lock.yaml": "", [`web/${lock}`]: "", "web/package.json": NPM_PKG, "web/a.js": "" }, ["web/a.js"]))).toEqual([
      ["npm", "test"],
    ]);
  });

  it("uv.lock and Cargo.lock count from an ancestor, and a closer sibling directory's does not", () => {
    expect(argvs(plan({ "uv.lock": "", "a/b/pyproject.toml": "", "a/b/x.py": "" }, ["a/b/x.py"]))).toEqual([
      ["uv", "run", "--locked", "pytest", "-p", "no:cacheprovider"],
    ]);
    expect(argvs(plan({ "other/Cargo.lock": "", "a/Cargo.toml": "", "a/x.rs": "" }, ["a/x.rs"]))).toEqual([["cargo", "test"]]);
  });

  it("npm's placeholder is recognized in any case", () => {
    const pkg = JSON.stringify({ scripts: { test: "echo 'No Test Specified'" } });
    expect(argvs(plan({ "package.json": pkg, "go.mod": "", "a.js": "" }, ["a.js"]))).toEqual([["go", "test", "./..."]]);
  });

  it("invalid JSON names the file and JSON.parse's reason", () => {
    let reason = "";
    try {
      JSON.parse("{ nope");
    } catch (e) {
      reason = e instanceof Error ? e.message : "";
    }
    expect(problem(plan({ "package.json": "{ nope", "a.js": "" }, ["a.js"]))).toBe(
      `"package.json" is not valid JSON (${reason}); fix the file or configure gates explicitly`,
    );
  });

  it("a changed path inside a deeper directory finds the manifest of the nearest root only", () => {
    const repo = { "package.json": NPM_PKG, "a/go.mod": "", "a/b/c/d.go": "" };
    expect(plan(repo, ["a/b/c/d.go"])).toMatchObject({ ok: true, gates: [{ root: "a", argv: ["go", "test", "./..."] }] });
  });
});

describe("planGates: configured roots", () => {
  const gates = (root: string) => [{ name: "g", run: ["npm", "test"], root }];

  it("a root must hold files under it as a directory, not share a prefix", () => {
    expect(problem(plan({ "webapp/x": "" }, [], { gates: gates("web") }))).toBe(
      'gate "g": gates[0].root "web" is not a directory with files in the repository; fix gates[0].root',
    );
    expect(plan({ "web/x": "" }, [], { gates: gates("./web//") })).toMatchObject({ ok: true, gates: [{ root: "web" }] });
  });

  it("refuses a root inside .git or with a backslash", () => {
    expect(problem(plan({ ".git/x": "" }, [], { gates: gates(".git") }))).toBe('gate "g": gates[0].root ".git" is inside .git');
    expect(problem(plan({}, [], { gates: gates("a\\b") }))).toBe('gate "g": gates[0].root "a\\\\b" contains a backslash');
  });

  it("an empty command is refused, naming the gate and the key to change", () => {
    expect(problem(plan({}, [], { gates: [{ name: "x", run: [], root: "." }] }))).toBe('gate "x" has an empty command; or change gates[0].run');
    expect(problem(plan({}, [], { gates: [{ name: "x", run: [""], root: "." }] }))).toBe('gate "x" has an empty command; or change gates[0].run');
  });

  it("names the second gate's index", () => {
    const two = [
      { name: "a", run: ["npm", "test"], root: "." },
      { name: "b", run: ["npm", "test"], root: "/abs" },
    ];
    expect(problem(plan({}, [], { gates: two }))).toBe('gate "b": gates[1].root "/abs" is absolute; use a path relative to the repository');
  });

  it("an absolute root needs the tree's paths to be refused with the right message", () => {
    expect(gatePlanNeedsPaths([{ name: "t", run: ["npm"], root: "C:/x" }])).toBe(true);
    expect(gatePlanNeedsPaths([{ name: "t", run: ["npm"], root: "././" }])).toBe(false);
    expect(gatePlanNeedsPaths([])).toBe(false);
  });
});

describe("allowlist: commands that run anything", () => {
  it.each(["sh", "bash", "zsh", "dash", "npx", "env", "sudo", "xargs", "eval", "exec", "/usr/bin/env"])(
    "%s is named as running arbitrary commands",
    (cmd) => {
      const r = plan({}, [], { gates: [{ name: "x", run: [cmd, "true"], root: "." }], allowlist: ["npm"] });
      const why = cmd.includes("/") ? "(a path is allowed only when listed exactly)" : "(it runs arbitrary commands)";
      expect(problem(r)).toBe(
        `gate "x" would start "${cmd}", which is not in gate_allowlist ("npm") ${why}; add "${cmd}" to gate_allowlist or change gates[0].run`,
      );
    },
  );

  it("a plain command gets no explanation", () => {
    const r = plan({}, [], { gates: [{ name: "x", run: ["ruff"], root: "." }], allowlist: ["npm", "go"] });
    expect(problem(r)).toBe(
      'gate "x" would start "ruff", which is not in gate_allowlist ("npm", "go"); add "ruff" to gate_allowlist or change gates[0].run',
    );
  });
});

describe("neutralizePytest: options that take a value", () => {
  const options = [
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
  ];

  it.each(options)("the value of %s is not the command", (option) => {
    expect(neutralizePytest(["uv", "run", option, "pytest", "python3", "x.py"])).toEqual(["uv", "run", option, "pytest", "python3", "x.py"]);
    expect(neutralizePytest(["uv", "run", option, "pytest", "pytest"])).toEqual(["uv", "run", option, "pytest", "pytest", "-p", "no:cacheprovider"]);
  });

  it("after -m only pytest itself is the command", () => {
    expect(neutralizePytest(["python3", "-m", "py.test"])).toEqual(["python3", "-m", "py.test"]);
    expect(neutralizePytest(["python3", "-m", "pip", "pytest"])).toEqual(["python3", "-m", "pip", "pytest", "-p", "no:cacheprovider"]);
  });

  it("another -p plugin does not count as the cache switch", () => {
    expect(neutralizePytest(["pytest", "-p", "xdist"])).toEqual(["pytest", "-p", "no:cacheprovider", "-p", "xdist"]);
    expect(neutralizePytest(["pytest", "no:cacheprovider", "-p"])).toEqual(["pytest", "-p", "no:cacheprovider", "no:cacheprovider", "-p"]);
  });

  it("a switch before pytest does not count either", () => {
    expect(neutralizePytest(["-pno:cacheprovider", "pytest"])).toEqual(["-pno:cacheprovider", "pytest", "-p", "no:cacheprovider"]);
  });

  it("only the first pytest is changed", () => {
    expect(neutralizePytest(["pytest", "pytest"])).toEqual(["pytest", "-p", "no:cacheprovider", "pytest"]);
  });
});

describe("hasDevDependencyGroup: the scanner", () => {
  it.each([
    ["dependency-groups = { test = [], dev = [] }", true],
    ["dependency-groups = { 'dev' = [] }", true],
    ['"dependency-groups" = { "dev" = [] }', true],
    ["dependency-groups = { develop = [] }", false],
    ["dependency-groups = []\ndev = 1", false],
    ['"dependency-groups" . dev = []', true],
    ['[tool.x]\ns = "a\\"[b"\n[dependency-groups]\ndev = []', true],
    ["[tool.x]\nx = ['a\\', \"]\"]\n[dependency-groups]\ndev = []", true],
    ['[tool.x]\nd = """\n[x]\n"""\n[dependency-groups]\ndev = []', true],
    ['[tool.x]\nd = """\n[x]\n""" + [\n1]\n[dependency-groups]\ndev = []', true],
    ["[tool.x]\nd = '''\n\"\"\"\n'''\n[dependency-groups]\ndev = []", true],
    ['[tool.x]\nd = """\n[dependency-groups]\ndev = 1', false],
    ['"a=b" = 1\n[dependency-groups]\ndev = []', true],
    ['[dependency-groups]\n"de=v" = 1', false],
    ["[dependency-groups]\ndev", false],
    ["[dependency-groups]\n= 1", false],
    ["[dependency-groups]\n[not valid]\ndev = 1", false],
    ["[dependency-groups]\ntest = { a = [\n1] }\ndev = []", true],
    ["[dependency-groups]\ntest = [ # ]\n]\ndev = []", true],
    ['[dependency-groups]\ntest = "]"\ndev = []', true],
    ["x = ]\n[dependency-groups]\ndev = []", true],
    ["[dependency-groups] x\ndev = 1", false],
    ["[[dependency-groups]\ndev = 1", false],
    // An array-of-tables header ends the [dependency-groups] table like any other header.
    ["[dependency-groups]\n[[tool.x]]\ndev = 1", false],
    ["[[tool.x]]\nname = 1\n[dependency-groups]\ndev = []", true],
    ["[dependency-groups]]\ndev = 1", false],
  ])("%j → %s", (toml, expected) => {
    expect(hasDevDependencyGroup(toml)).toBe(expected);
  });
});
