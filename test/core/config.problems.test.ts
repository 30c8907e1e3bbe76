import { describe, expect, it } from "vitest";
import { parseConfig, type Config } from "../../src/core/config.js";
import { ConfigError } from "../../src/core/errors.js";

/** The problems a ConfigError reports, as `path: message` lines. */
function problemsOf(raw: unknown, options?: Parameters<typeof parseConfig>[1]): string[] {
  let config: Config | undefined;
  try {
    config = parseConfig(raw, options);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e instanceof ConfigError ? e.problems.map((p) => `${p.path}: ${p.message}`) : [];
  }
  expect.fail(`expected a ConfigError, got a config with clamps ${JSON.stringify(config.clamps)}`);
}

describe("parseConfig problems: what was given", () => {
  it("quotes the value as JSON, cut at 60 characters", () => {
    const long = ["a".repeat(30), "b".repeat(30)];
    expect(problemsOf({ trigger_label: long })).toEqual([`trigger_label: expected a label name, got ${JSON.stringify(long).slice(0, 57)}...`]);
    // 60 characters of JSON are shown whole; 61 are cut to 57 and an ellipsis.
    const sixty = ["e".repeat(56)];
    expect(JSON.stringify(sixty)).toHaveLength(60);
    expect(problemsOf({ trigger_label: sixty })).toEqual([`trigger_label: expected a label name, got ${JSON.stringify(sixty)}`]);
    const sixtyOne = ["f".repeat(57)];
    expect(problemsOf({ trigger_label: sixtyOne })).toEqual([`trigger_label: expected a label name, got ["${"f".repeat(55)}...`]);
  });

  it("shows a value JSON cannot write as text", () => {
    expect(problemsOf({ trigger_label: 10n })).toEqual(["trigger_label: expected a label name, got 10"]);
  });

  it("says null and empty lists as they are", () => {
    expect(problemsOf({ approval: { policy: null } })).toEqual([
      "approval.policy: expected one of never, protected_paths, cost_over_usd, before_pr, got null",
    ]);
    expect(problemsOf({ gates: [] })).toEqual(["gates: expected at least one gate, or auto, got []"]);
    expect(problemsOf({ gates: [{ name: "t", run: [] }] })).toEqual(["gates[0].run: expected a non-empty command, got []"]);
  });

  it("does not quote what is missing", () => {
    expect(problemsOf({ budget: { labels: { big: { attempts: 3 } } } })).toEqual([
      "budget.labels.big.minutes: expected a positive number",
      "budget.labels.big.usd: expected a positive number",
    ]);
  });

  it("does not dump the block a cross-field rule is about", () => {
    expect(problemsOf({ agent: { preset: "custom", args: ["--fast"] } })).toEqual(["agent.command: required when agent.preset is custom"]);
  });

  it("quotes the value of a custom rule on a plain value", () => {
    expect(problemsOf({ agent: { preset: "custom", command: "a;b" } })).toEqual([
      'agent.command: expected a plain command (no shell syntax: quotes, pipes, $, globs); write it as a list, e.g. [npm, test, --, -x], got "a;b"',
    ]);
    expect(problemsOf({ agent: { env: ["1X"] } })).toEqual(['agent.env[0]: expected an environment variable name, got "1X"']);
  });
});

describe("parseConfig problems: gates (a union of auto and a list)", () => {
  it("reports the gate's own problem when the list branch got into a gate", () => {
    expect(problemsOf({ gates: [{ name: "t" }] })).toEqual(['gates[0].run: expected a command: a string like "npm test" or a list like [npm, test]']);
    expect(
      problemsOf({
        gates: [
          { name: "a", run: "npm test" },
          { name: "", run: "npm test" },
        ],
      }),
    ).toEqual(['gates[1].name: expected a gate name, got ""']);
  });

  it("says what gates may be when the value is neither auto nor a list", () => {
    expect(problemsOf({ gates: "sometimes" })).toEqual(['gates: expected auto or a list of { name, run, root }, got "sometimes"']);
    expect(problemsOf({ gates: 5 })).toEqual(["gates: expected auto or a list of { name, run, root }, got 5"]);
  });
});

describe("parseConfig problems: unknown keys", () => {
  it("names a top-level key alone, with every known key", () => {
    expect(problemsOf({ Budget: {} })).toEqual([
      'Budget: unknown key (did you mean "budget"?); known keys here: trigger_label, budget, agent, gates, setup, baseline, gate_allowlist, sandbox, paths, approval, permissions, bots, limits',
    ]);
  });

  it("gives no suggestion when no known key is close", () => {
    expect(problemsOf({ budget: { zzzzzz: 1 } })).toEqual([
      "budget.zzzzzz: unknown key; known keys here: per_run, daily, assumed_attempt_usd, labels",
    ]);
    expect(problemsOf({ agent: { prices: { input_per_mtok: 1, output_per_mtok: 1, cahced: 1 } } })).toEqual([
      "agent.prices.cahced: unknown key; known keys here: input_per_mtok, output_per_mtok, cached_input_per_mtok",
    ]);
  });

  it("reports each unknown key of a block", () => {
    expect(problemsOf({ approval: { polcy: "never", timeout: 3 } })).toEqual([
      'approval.polcy: unknown key (did you mean "policy"?); known keys here: policy, cost_over_usd, timeout_hours',
      "approval.timeout: unknown key; known keys here: policy, cost_over_usd, timeout_hours",
    ]);
  });

  it("knows the keys inside a label budget, a gate and the limits", () => {
    expect(problemsOf({ budget: { labels: { big: { attemps: 1, minutes: 1, usd: 1 } } } })).toEqual([
      "budget.labels.big.attempts: expected a positive whole number",
      'budget.labels.big.attemps: unknown key (did you mean "attempts"?); known keys here: attempts, minutes, usd',
    ]);
    expect(problemsOf({ gates: [{ name: "t", run: "npm test", rooot: "x" }] })).toEqual([
      'gates[0].rooot: unknown key (did you mean "root"?); known keys here: name, run, root',
    ]);
    expect(problemsOf({ paths: { max_changed_file: 3 } })).toEqual([
      'paths.max_changed_file: unknown key (did you mean "max_changed_files"?); known keys here: allowed, forbidden, protected, allow_lockfile_changes, max_changed_files, max_changed_lines, allowed_binaries, max_file_bytes',
    ]);
    expect(problemsOf({ limits: { per_run: { minutez: 2 } } })).toEqual([
      'limits.per_run.minutez: unknown key (did you mean "minutes"?); known keys here: attempts, minutes, usd',
    ]);
    expect(problemsOf({ permissions: { Approve: "write" } })).toEqual([
      'permissions.Approve: unknown key (did you mean "approve"?); known keys here: trigger, approve, budget',
    ]);
  });

  it("reports an unknown key even when its value is unset", () => {
    expect(problemsOf({ x: undefined })).toEqual([
      "x: unknown key; known keys here: trigger_label, budget, agent, gates, setup, baseline, gate_allowlist, sandbox, paths, approval, permissions, bots, limits",
    ]);
  });
});

describe("parseConfig problems: the org limits block", () => {
  it("prefixes the org block's problems so they are not taken for the repository's", () => {
    expect(problemsOf({}, { limits: "x" })).toEqual(['limits (org).(root): expected a mapping of keys (a YAML object), got "x"']);
    expect(problemsOf({}, { limits: { daily: { usd: 0 } } })).toEqual(["limits (org).daily.usd: expected a positive number, got 0"]);
  });

  it("ignores an absent org block", () => {
    expect(parseConfig({}, { limits: null }).limits).toEqual({ per_run: {}, daily: {} });
    expect(parseConfig({}, { limits: undefined }).limits).toEqual({ per_run: {}, daily: {} });
  });

  it("checks the repository's file before the org's block", () => {
    expect(problemsOf({ trigger_label: "" }, { limits: "x" })).toEqual(['trigger_label: expected a label name, got ""']);
  });
});
