import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/core/config.js";
import { ConfigError } from "../../src/core/errors.js";

function problemsOf(raw: unknown, options?: Parameters<typeof parseConfig>[1]): string[] {
  try {
    parseConfig(raw, options);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig defaults", () => {
  it("fills every default from an empty file, null or undefined", () => {
    for (const raw of [{}, null, undefined]) {
      const c = parseConfig(raw);
      expect(c.budget.per_run).toEqual({ attempts: 5, minutes: 30, usd: 2 });
      expect(c.budget.daily).toEqual({ usd: 20 });
      expect(c.budget.assumed_attempt_usd).toBe(0.5);
      expect(c.budget.labels).toEqual({
        "foreman:budget-large": { attempts: 10, minutes: 60, usd: 5 },
        "foreman:budget-xl": { attempts: 20, minutes: 120, usd: 10 },
      });
      expect(c.approval).toEqual({ policy: "never", cost_over_usd: 1, timeout_hours: 72 });
      expect(c.permissions).toEqual({ trigger: "write", approve: "write", budget: "admin" });
      expect(c.paths.forbidden).toEqual(expect.arrayContaining([".github/workflows/**", ".github/foreman.yml"]));
      expect(c.trigger_label).toBe("foreman");
      expect(c.gates).toBe("auto");
      expect(c.bots.trusted_state_authors).toEqual(["foreman[bot]"]);
      expect(c.bots.command_authors).toEqual([]);
      expect(c.clamps).toEqual([]);
    }
  });

  it("keeps given values and defaults the rest of a block", () => {
    const c = parseConfig({ budget: { per_run: { usd: 3 } }, approval: { policy: "before_pr" } });
    expect(c.budget.per_run).toEqual({ attempts: 5, minutes: 30, usd: 3 });
    expect(c.approval).toEqual({ policy: "before_pr", cost_over_usd: 1, timeout_hours: 72 });
  });

  it("splits a plain gate string into argv and keeps lists as they are", () => {
    const c = parseConfig({
      gates: [
        { name: "unit", run: "npm test" },
        { name: "lint", run: ["npm", "run", "lint"], root: "web" },
      ],
    });
    expect(c.gates).toEqual([
      { name: "unit", run: ["npm", "test"], root: "." },
      { name: "lint", run: ["npm", "run", "lint"], root: "web" },
    ]);
  });
});

describe("parseConfig bad input", () => {
  it("names the key, quotes the value and says what is expected", () => {
    expect(problemsOf({ budget: { per_run: { usd: "ten" } } })).toEqual(['budget.per_run.usd: expected a positive number, got "ten"']);
    expect(problemsOf({ budget: { per_run: { attempts: 2.5 } } })).toEqual(["budget.per_run.attempts: expected a positive whole number, got 2.5"]);
    expect(problemsOf({ budget: { daily: { usd: -1 } } })).toEqual(["budget.daily.usd: expected a positive number, got -1"]);
    expect(problemsOf({ approval: { policy: "sometimes" } })[0]).toMatch(
      /^approval\.policy: expected one of never, protected_paths, cost_over_usd, before_pr, got "sometimes"$/,
    );
  });

  it("refuses unknown keys by name with a suggestion, never falling back to a default", () => {
    expect(problemsOf({ budget: { per_run: { attemps: 3 } } })).toEqual([
      'budget.per_run.attemps: unknown key (did you mean "attempts"?); known keys here: attempts, minutes, usd',
    ]);
    expect(problemsOf({ agnet: { preset: "codex" } })[0]).toMatch(/^agnet: unknown key \(did you mean "agent"\?\)/);
    expect(problemsOf({ gates: [{ name: "t", run: "npm test", cwd: "x" }] })[0]).toMatch(/^gates\[0\]\.cwd: unknown key/);
  });

  it("refuses shell syntax in a gate string and points at the list form", () => {
    expect(problemsOf({ gates: [{ name: "t", run: "npm test && rm -rf /" }] })[0]).toMatch(
      /^gates\[0\]\.run: expected a plain command .*write it as a list/,
    );
  });

  it("requires what a preset needs", () => {
    expect(problemsOf({ agent: { preset: "custom" } })).toEqual(["agent.command: required when agent.preset is custom"]);
    expect(problemsOf({ agent: { preset: "replay" } })).toEqual(["agent.replay_dir: required when agent.preset is replay"]);
    expect(problemsOf({ agent: { preset: "gpt" } })[0]).toMatch(
      /^agent\.preset: expected one of claude, codex, aider, pi, gemini, copilot, custom, replay/,
    );
  });

  it("explains a file that is not a mapping", () => {
    expect(problemsOf("budget: 5")).toEqual(['(root): expected a mapping of keys (a YAML object), got "budget: 5"']);
    expect(problemsOf([1, 2])[0]).toMatch(/^\(root\): expected a mapping/);
  });

  it("reports every problem at once", () => {
    expect(problemsOf({ budget: { per_run: { usd: 0, minutes: "x" } }, trigger_label: "" })).toHaveLength(3);
  });
});

describe("parseConfig org limits", () => {
  it("clamps values above a ceiling and reports each clamp", () => {
    const c = parseConfig(
      { budget: { per_run: { usd: 50, attempts: 3 }, daily: { usd: 500 } } },
      { limits: { per_run: { usd: 5 }, daily: { usd: 100 } } },
    );
    expect(c.budget.per_run).toEqual({ attempts: 3, minutes: 30, usd: 5 });
    expect(c.budget.daily.usd).toBe(100);
    expect(c.budget.labels["foreman:budget-xl"]!.usd).toBe(5);
    expect(c.clamps).toEqual(
      expect.arrayContaining([
        { path: "budget.per_run.usd", requested: 50, ceiling: 5 },
        { path: "budget.daily.usd", requested: 500, ceiling: 100 },
        { path: "budget.labels.foreman:budget-xl.usd", requested: 10, ceiling: 5 },
      ]),
    );
  });

  it("lets a repository lower its own ceilings but never raise the org's", () => {
    const c = parseConfig({ limits: { per_run: { usd: 1000 } }, budget: { per_run: { usd: 50 } } }, { limits: { per_run: { usd: 5 } } });
    expect(c.limits.per_run.usd).toBe(5);
    expect(c.budget.per_run.usd).toBe(5);
    const lower = parseConfig({ limits: { per_run: { usd: 1 } } }, { limits: { per_run: { usd: 5 } } });
    expect(lower.budget.per_run.usd).toBe(1);
  });

  it("names an invalid org limits block as such", () => {
    expect(problemsOf({}, { limits: { per_run: { usd: "lots" } } })).toEqual(['limits (org).per_run.usd: expected a positive number, got "lots"']);
  });
});
