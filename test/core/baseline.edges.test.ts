/**
 * The baseline, line by line: which outputs mean "this gate cannot run here" (and which are a
 * run), what is named as missing and quoted as evidence, and the exact messages a user reads when
 * a session ends `setup_failed` or attempt 1 is told about the base. The texts are contracts.
 */
import { describe, expect, it } from "vitest";
import { baselineVerdict, gateRunnability, renderBaselineFeedback, unrunnableMessage, type GateRunFacts } from "../../src/core/baseline.js";

const run = (o: Partial<GateRunFacts>): GateRunFacts => ({
  name: "npm test",
  root: ".",
  argv: ["npm", "test"],
  exitCode: 1,
  signal: null,
  timedOut: false,
  output: "",
  ...o,
});

describe("gateRunnability: a command that is not found", () => {
  it.each([
    ["sh: 1: tape: not found", "tape"],
    ["/bin/sh: tape: not found  ", "tape"],
    ["bash: line 12: uvu: command not found", "uvu"],
    ["/usr/bin/bash: jest: command not found", "jest"],
    ["zsh: command not found: uv", "uv"],
    ["command not found: uv", "uv"],
    ["env: 'uv': No such file or directory", "uv"],
    ["npm: uv: No such file or directory", "uv"],
  ])("%j names %s, quoting the line", (line, missing) => {
    for (const exitCode of [127, null]) {
      const output = `> x@1 test\n> run\n\n${line}\nafter`;
      expect(gateRunnability(run({ exitCode, output }))).toEqual({ runnable: false, cause: "command_not_found", missing, evidence: line.trim() });
    }
  });

  it("the same line under another exit code is a run (the test printed it)", () => {
    expect(gateRunnability(run({ exitCode: 1, output: "sh: 1: tape: not found" }))).toEqual({ runnable: true });
    expect(gateRunnability(run({ exitCode: 2, output: "command not found: uv" }))).toEqual({ runnable: true });
  });

  it("a not-found line that is not a whole line is not one", () => {
    expect(gateRunnability(run({ exitCode: 127, output: "echo 'sh: 1: tape: not found' later" }))).toMatchObject({ missing: "npm" });
  });

  it("exit 127 without a recognizable line blames the command, quoting the first non-empty line", () => {
    expect(gateRunnability(run({ exitCode: 127, argv: ["tape", "t.js"], output: "\n   \n  weird thing  \nnext" }))).toEqual({
      runnable: false,
      cause: "command_not_found",
      missing: "tape",
      evidence: "weird thing",
    });
    expect(gateRunnability(run({ exitCode: 127, argv: [], output: "" }))).toEqual({
      runnable: false,
      cause: "command_not_found",
      missing: "",
      evidence: "no output",
    });
  });

  it("a start error that says nothing known is not blamed on a missing command", () => {
    expect(gateRunnability(run({ exitCode: null, output: "spawn EAGAIN" }))).toEqual({ runnable: true });
  });
});

describe("gateRunnability: not executable", () => {
  it.each([127, null, 126])("a shell's Permission denied line (exit %s) names the file", (exitCode) => {
    const output = "> x@1 test\nsh: 1: ./run-tests.sh: Permission denied\n";
    expect(gateRunnability(run({ exitCode, output }))).toEqual({
      runnable: false,
      cause: "not_executable",
      missing: "./run-tests.sh",
      evidence: "sh: 1: ./run-tests.sh: Permission denied",
    });
  });

  it("the runner's permission error names the command", () => {
    expect(gateRunnability(run({ exitCode: null, argv: ["./x"], output: "\nzsh: permission denied: ./x is not executable\n" }))).toEqual({
      runnable: false,
      cause: "not_executable",
      missing: "./x",
      evidence: "zsh: permission denied: ./x is not executable",
    });
  });

  it("exit 126 without that line names the command; a not-found line does not make it a missing command", () => {
    expect(gateRunnability(run({ exitCode: 126, argv: ["make"], output: "sh: 1: tape: not found" }))).toEqual({
      runnable: false,
      cause: "not_executable",
      missing: "make",
      evidence: "sh: 1: tape: not found",
    });
    expect(gateRunnability(run({ exitCode: 126, output: "" }))).toEqual({
      runnable: false,
      cause: "not_executable",
      missing: "npm",
      evidence: "no output",
    });
  });
});

describe("gateRunnability: a module that is not installed", () => {
  it.each([
    ["  Error: Cannot find module 'uvu'  ", "uvu"],
    ["Error: Cannot find module '@scope/pkg/sub'", "@scope/pkg/sub"],
    ["Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'kleur' imported from /w/t.js", "kleur"],
    ["ModuleNotFoundError: No module named 'requests'", "requests"],
    ["/usr/bin/python3: No module named pytest", "pytest"],
    ["ModuleNotFoundError: No module named 'pkg.sub'", "pkg.sub"],
  ])("%j names %s, quoting its line", (line, missing) => {
    for (const output of [line, `first\n${line}\nlast`, `first\n${line}`]) {
      expect(gateRunnability(run({ exitCode: 1, output }))).toEqual({ runnable: false, cause: "missing_module", missing, evidence: line.trim() });
    }
  });

  it.each([
    "Error: Cannot find module './lib/new.js'",
    "Error: Cannot find module '../x'",
    "Error: Cannot find module '/abs/x.js'",
    "Error: Cannot find package './local'",
    "No module named 1abc",
  ])("%j is the repository's own file or no module name: a run", (output) => {
    expect(gateRunnability(run({ exitCode: 1, output }))).toEqual({ runnable: true });
  });

  it("a Node module is named before a Python one", () => {
    const output = "No module named 'yaml'\nError: Cannot find module 'js-yaml'";
    expect(gateRunnability(run({ exitCode: 1, output }))).toMatchObject({ missing: "js-yaml" });
  });

  it("after a start error with no known line, a missing module is still seen", () => {
    expect(gateRunnability(run({ exitCode: null, output: "Error: Cannot find module 'uvu'" }))).toMatchObject({
      cause: "missing_module",
      missing: "uvu",
    });
  });

  it("a pass, a timeout or a signal is a run whatever it printed", () => {
    const output = "Error: Cannot find module 'uvu'";
    expect(gateRunnability(run({ exitCode: 0, output }))).toEqual({ runnable: true });
    expect(gateRunnability(run({ exitCode: 1, timedOut: true, output }))).toEqual({ runnable: true });
    expect(gateRunnability(run({ exitCode: 127, signal: "SIGTERM", output }))).toEqual({ runnable: true });
  });
});

describe("unrunnableMessage: names the gate, the command, what is missing and the fix", () => {
  const gate = { name: "unit", root: "packages/a", argv: ["npx", "uvu", "tests"] };
  const where = "Gate `unit` in `packages/a` (`npx uvu tests`) cannot run on the unchanged repository";
  it("a command", () => {
    expect(unrunnableMessage(gate, { runnable: false, cause: "command_not_found", missing: "uvu", evidence: "sh: 1: uvu: not found" })).toBe(
      `${where}: \`uvu\` is not installed (sh: 1: uvu: not found): install it, or set \`gates:\` to a command that exists. No agent ran; nothing was spent.`,
    );
  });
  it("permissions", () => {
    expect(unrunnableMessage(gate, { runnable: false, cause: "not_executable", missing: "./t.sh", evidence: "denied" })).toBe(
      `${where}: \`./t.sh\` is not executable (denied): fix its permissions, or set \`gates:\` to a command that exists. No agent ran; nothing was spent.`,
    );
  });
  it("a module", () => {
    expect(unrunnableMessage(gate, { runnable: false, cause: "missing_module", missing: "uvu", evidence: "Cannot find module 'uvu'" })).toBe(
      `${where}: the module \`uvu\` is not installed (Cannot find module 'uvu'): add it to the dependencies or set \`setup:\` to install it, or set \`gates:\` to a command that exists. No agent ran; nothing was spent.`,
    );
  });
  it("is capped at 1500 characters", () => {
    const m = unrunnableMessage(gate, { runnable: false, cause: "command_not_found", missing: "uvu", evidence: "x".repeat(5000) });
    expect(m.length).toBeLessThanOrEqual(1500);
    expect(m.length).toBeGreaterThan(1000);
    expect(m.startsWith(where)).toBe(true);
  });
});

describe("baselineVerdict", () => {
  it("the first gate that cannot run decides, with its message", () => {
    const bad = run({ name: "py", root: "svc", argv: ["uv", "run", "pytest"], exitCode: null, output: "command not found: uv" });
    const worse = run({ name: "js", exitCode: 127, output: "sh: 1: tape: not found" });
    expect(baselineVerdict([run({ exitCode: 0 }), bad, worse])).toEqual({
      kind: "unrunnable",
      message:
        "Gate `py` in `svc` (`uv run pytest`) cannot run on the unchanged repository: `uv` is not installed (command not found: uv): install it, or set `gates:` to a command that exists. No agent ran; nothing was spent.",
    });
  });

  it("a gate that passed but timed out is failing; in the order run", () => {
    const v = baselineVerdict([
      run({ name: "a", exitCode: 0, timedOut: true }),
      run({ name: "b", exitCode: 0 }),
      run({ name: "c", exitCode: 3 }),
      run({ name: "d", exitCode: 0, root: "x" }),
    ]);
    expect(v).toEqual({ kind: "ok", failing: ["`a` in `.`", "`c` in `.`"], passing: ["`b` in `.`", "`d` in `x`"] });
  });

  it("no gates: ok, nothing to tell", () => {
    expect(baselineVerdict([])).toEqual({ kind: "ok", failing: [], passing: [] });
  });

  it("a failed setup step: its exit code and first error line, and the fix", () => {
    const v = baselineVerdict(
      [run({ exitCode: 127, output: "sh: 1: tape: not found" })],
      [
        { name: "npm ci", root: "web", exitCode: 1, output: "npm warn old\n  npm ERR! code EUSAGE  \nnpm ERR! later" },
        { name: "uv sync --locked", root: ".", exitCode: 2, output: "other" },
      ],
    );
    expect(v).toEqual({
      kind: "unrunnable",
      message:
        "Setup step `npm ci` in `web` failed before any agent ran: exited with code 1 (npm ERR! code EUSAGE). Fix the repository's dependencies (manifest, lockfile), or set `setup:` to steps that work (or `setup: none`).",
    });
  });

  it.each([
    ["error: lockfile out of date", "error: lockfile out of date"],
    ["warn\nERROR  something broke", "ERROR  something broke"],
    ["terrors and errands\nfirst real line", "terrors and errands"],
    ["\n\n  plain first line  \nsecond", "plain first line"],
  ])("the evidence of %j is %j", (output, evidence) => {
    const v = baselineVerdict([], [{ name: "pnpm install", root: ".", exitCode: 1, output }]);
    expect(v.kind === "unrunnable" && v.message).toContain(`exited with code 1 (${evidence}). Fix`);
  });

  it("no exit code and no output: said so, without empty parentheses", () => {
    const v = baselineVerdict([], [{ name: "make deps", root: ".", exitCode: null, output: "" }]);
    expect(v).toEqual({
      kind: "unrunnable",
      message:
        "Setup step `make deps` in `.` failed before any agent ran: exited with code none. Fix the repository's dependencies (manifest, lockfile), or set `setup:` to steps that work (or `setup: none`).",
    });
  });

  it("a setup command that is not installed: install it or change setup", () => {
    const v = baselineVerdict([], [{ name: "pnpm install --frozen-lockfile", root: "app", exitCode: null, output: "command not found: pnpm" }]);
    expect(v).toEqual({
      kind: "unrunnable",
      message:
        "Setup step `pnpm install --frozen-lockfile` in `app` failed before any agent ran: `pnpm` is not installed (command not found: pnpm). Install `pnpm`, or set `setup:` to steps that exist (or `setup: none`).",
    });
    const exit127 = baselineVerdict([], [{ name: "yarn install", root: ".", exitCode: 127, output: "" }]);
    expect(exit127.kind === "unrunnable" && exit127.message).toContain("`yarn` is not installed (no output). Install `yarn`");
  });
});

describe("renderBaselineFeedback", () => {
  it("both lists, exactly", () => {
    expect(renderBaselineFeedback({ kind: "ok", failing: ["`a` in `.`", "`b` in `x`"], passing: ["`c` in `.`"] })).toBe(
      "# The gates on the unchanged repository\n\n- These gates fail before your change: `a` in `.`, `b` in `x`.\n- These gates already pass before your change: `c` in `.`. They must keep passing; the task may need a new test that fails without your change.\n",
    );
  });
  it("only failing, or only passing", () => {
    expect(renderBaselineFeedback({ kind: "ok", failing: ["`a` in `.`"], passing: [] })).toBe(
      "# The gates on the unchanged repository\n\n- These gates fail before your change: `a` in `.`.\n",
    );
    expect(renderBaselineFeedback({ kind: "ok", failing: [], passing: ["`c` in `.`"] })).toBe(
      "# The gates on the unchanged repository\n\n- These gates already pass before your change: `c` in `.`. They must keep passing; the task may need a new test that fails without your change.\n",
    );
  });
  it("is capped at 4000 characters and sanitized (gate names come from the repository)", () => {
    const many = Array.from({ length: 400 }, (_, i) => `\`gate-${i}\` in \`.\``);
    const text = renderBaselineFeedback({ kind: "ok", failing: many, passing: [] });
    expect(text.length).toBeLessThanOrEqual(4001);
    expect(text.length).toBeGreaterThan(3000);
    expect(renderBaselineFeedback({ kind: "ok", failing: ["`a<!-- hidden -->` in `.`"], passing: [] })).not.toContain("hidden");
  });
});
