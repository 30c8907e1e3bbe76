import { describe, expect, it } from "vitest";
import { commandForm, PreflightError, preflightProblems, type PreflightInput } from "../../src/core/preflight.js";
import { ForemanError } from "../../src/core/errors.js";

const found = { kind: "found", path: "/usr/bin/claude" } as const;

function input(agent: Partial<PreflightInput["agent"]> = {}, gates: PreflightInput["gates"] = "auto", allowlist: string[] = ["npm"]): PreflightInput {
  return { agent: { preset: "claude", form: { kind: "bare", name: "claude" }, lookup: found, ...agent }, gates, allowlist };
}

describe("commandForm", () => {
  it("tells bare names, absolute and relative paths, and nothing apart", () => {
    expect(commandForm("claude")).toEqual({ kind: "bare", name: "claude" });
    expect(commandForm("/opt/agent")).toEqual({ kind: "absolute", path: "/opt/agent" });
    expect(commandForm("./agent.sh")).toEqual({ kind: "relative", path: "./agent.sh" });
    expect(commandForm("bin/agent")).toEqual({ kind: "relative", path: "bin/agent" });
    expect(commandForm("")).toEqual({ kind: "empty" });
    expect(commandForm(undefined)).toEqual({ kind: "empty" });
  });
});

describe("preflightProblems", () => {
  it("nothing to say when the agent is found and the gates are auto", () => {
    expect(preflightProblems(input())).toEqual([]);
  });

  it("a preset's missing command says to install it or choose another agent", () => {
    expect(preflightProblems(input({ lookup: { kind: "missing" } }))).toEqual([
      { subject: "agent", message: "command not found: claude (install it, or choose another agent with --agent)" },
    ]);
    expect(preflightProblems(input({ lookup: null }))[0]?.message).toBe(
      "command not found: claude (install it, or choose another agent with --agent)",
    );
  });

  it("a custom command's fix names --agent-command", () => {
    const form = { kind: "absolute", path: "/x/agent" } as const;
    expect(preflightProblems(input({ preset: "custom", form, lookup: { kind: "missing" } }))[0]?.message).toBe(
      "command not found: /x/agent (install it, or give --agent-command an absolute path to an executable)",
    );
    expect(preflightProblems(input({ preset: "custom", form, lookup: { kind: "not_executable", path: "/x/agent" } }))[0]?.message).toBe(
      "the agent command /x/agent is not executable (chmod +x it, or give --agent-command an absolute path to an executable)",
    );
  });

  it("a relative or empty command is refused with the fix", () => {
    expect(preflightProblems(input({ form: { kind: "relative", path: "./a.sh" }, lookup: null }))[0]?.message).toBe(
      'the agent command "./a.sh" is a relative path: use an absolute path',
    );
    expect(preflightProblems(input({ form: { kind: "empty" }, lookup: null }))[0]?.message).toBe(
      "the agent command is empty (choose another agent with --agent)",
    );
  });

  it("a configured gate off the allowlist is a problem; an allowed one, or a root elsewhere, is not", () => {
    const gates = [{ name: "lint", run: ["eslint", "."], root: "." }];
    const problems = preflightProblems(input({}, gates, ["npm"]));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.subject).toBe("gates");
    expect(problems[0]?.message).toMatch(/eslint/);
    expect(problems[0]?.message.endsWith(".")).toBe(true);
    expect(preflightProblems(input({}, gates, ["eslint"]))).toEqual([]);
    expect(preflightProblems(input({}, [{ name: "t", run: ["npm", "test"], root: "packages/a" }], ["npm"]))).toEqual([]);
  });

  it("reports the agent and the gates together, agent first", () => {
    const problems = preflightProblems(input({ lookup: { kind: "missing" } }, [{ name: "lint", run: ["eslint"], root: "." }], []));
    expect(problems.map((p) => p.subject)).toEqual(["agent", "gates"]);
  });
});

describe("PreflightError", () => {
  it("is a usage error carrying its problems; one problem is the whole message, several are one a line", () => {
    const one = new PreflightError([{ subject: "agent", message: "a" }]);
    expect(one).toBeInstanceOf(ForemanError);
    expect(one.kind).toBe("usage");
    expect(one.message).toBe("a");
    expect(one.name).toBe("PreflightError");
    expect(
      new PreflightError([
        { subject: "agent", message: "a" },
        { subject: "gates", message: "b" },
      ]).message,
    ).toBe("a\nb");
  });
});
