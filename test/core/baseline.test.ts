/** The baseline verdict: a gate that cannot run on the base is not the agent's fault. */
import { describe, expect, it } from "vitest";
import { baselineVerdict, gateRunnability, renderBaselineFeedback, type GateRunFacts } from "../../src/core/baseline.js";

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

describe("gateRunnability", () => {
  it.each([
    ["sh: 1: tape: not found", 127, "tape"],
    ["bash: line 1: uvu: command not found", 127, "uvu"],
    ["command not found: uv", null, "uv"],
    ["> x@1 test\n> tape test.js\n\n/bin/sh: tape: not found", 127, "tape"],
  ])("%j (exit %s) → %s is not installed", (output, exitCode, missing) => {
    expect(gateRunnability(run({ output, exitCode }))).toMatchObject({ runnable: false, cause: "command_not_found", missing });
  });

  it("exit 127 without a recognizable line blames the command itself", () => {
    expect(gateRunnability(run({ exitCode: 127, output: "weird" }))).toMatchObject({ runnable: false, missing: "npm" });
  });

  it("exit 126 and a start error for permissions: not executable", () => {
    expect(gateRunnability(run({ exitCode: 126 }))).toMatchObject({ runnable: false, cause: "not_executable" });
    expect(gateRunnability(run({ exitCode: null, output: "permission denied: ./x is not executable" }))).toMatchObject({
      runnable: false,
      cause: "not_executable",
    });
  });

  it("a missing package, not a missing file of the repository", () => {
    expect(gateRunnability(run({ output: "Error: Cannot find module 'uvu'\nRequire stack:" }))).toMatchObject({
      missing: "uvu",
      cause: "missing_module",
    });
    expect(gateRunnability(run({ output: "Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'kleur' imported from" }))).toMatchObject({
      missing: "kleur",
    });
    expect(gateRunnability(run({ output: "/usr/bin/python3: No module named pytest" }))).toMatchObject({ missing: "pytest" });
    expect(gateRunnability(run({ output: "Error: Cannot find module './lib/new.js'" }))).toEqual({ runnable: true });
  });

  it("a failing test, a pass, a timeout or a signal is a run", () => {
    expect(gateRunnability(run({ output: "not ok 1 - adds" }))).toEqual({ runnable: true });
    expect(gateRunnability(run({ exitCode: 0, output: "Cannot find module 'x'" }))).toEqual({ runnable: true });
    expect(gateRunnability(run({ exitCode: null, timedOut: true, output: "sh: 1: tape: not found" }))).toEqual({ runnable: true });
    expect(gateRunnability(run({ exitCode: null, signal: "SIGKILL", output: "sh: 1: tape: not found" }))).toEqual({ runnable: true });
  });
});

describe("baselineVerdict", () => {
  it("a gate that cannot run ends the session with a message naming gate, command and fix", () => {
    const v = baselineVerdict([run({ name: "uv run pytest", argv: ["uv", "run", "pytest"], exitCode: null, output: "command not found: uv" })]);
    expect(v.kind).toBe("unrunnable");
    if (v.kind !== "unrunnable") return;
    expect(v.message).toContain("`uv run pytest`");
    expect(v.message).toContain("`uv` is not installed");
    expect(v.message).toContain("install it, or set `gates:` to a command that exists");
  });

  it("a failed setup step ends it too, naming the step and the fix", () => {
    const v = baselineVerdict([], [{ name: "npm ci", root: ".", exitCode: 1, output: "npm warn x\nnpm ERR! code EUSAGE\nusage text" }]);
    expect(v).toMatchObject({ kind: "unrunnable" });
    if (v.kind !== "unrunnable") return;
    expect(v.message).toContain("Setup step `npm ci` in `.` failed");
    expect(v.message).toContain("npm ERR! code EUSAGE");
    expect(v.message).toContain("`setup:`");
    const missing = baselineVerdict([], [{ name: "pnpm install --frozen-lockfile", root: ".", exitCode: null, output: "command not found: pnpm" }]);
    expect(missing.kind === "unrunnable" && missing.message).toContain("Install `pnpm`");
  });

  it("otherwise lists the failing and the passing gates, for attempt 1", () => {
    const v = baselineVerdict([run({ exitCode: 1 }), run({ name: "cargo test", root: "crate", exitCode: 0 })]);
    expect(v).toEqual({ kind: "ok", failing: ["`npm test` in `.`"], passing: ["`cargo test` in `crate`"] });
    if (v.kind !== "ok") return;
    const text = renderBaselineFeedback(v);
    expect(text).toContain("These gates fail before your change: `npm test` in `.`");
    expect(text).toContain("already pass before your change: `cargo test` in `crate`");
    expect(renderBaselineFeedback({ kind: "ok", failing: [], passing: [] })).toBe("");
  });
});
