import { describe, expect, it } from "vitest";
import { ActionInputError, readActionSettings } from "../../src/action/settings.js";

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

const base = {
  "INPUT_GITHUB-TOKEN": "ghs_token",
  "INPUT_STATE-KEY": "k".repeat(32),
  INPUT_ISSUE: "12",
  GITHUB_REPOSITORY: "octo/app",
  GITHUB_WORKSPACE: "/home/runner/work/app/app",
  RUNNER_TEMP: "/home/runner/_temp",
};

describe("readActionSettings", () => {
  it("reads a run with a state key and the runner's defaults", () => {
    expect(readActionSettings({ ...base, GITHUB_RUN_ID: "77", GITHUB_RUN_ATTEMPT: "2" })).toEqual({
      mode: "run",
      issue: 12,
      reason: "manual",
      githubToken: "ghs_token",
      stateKey: "k".repeat(32),
      configPath: ".github/foreman.yml",
      repo: { owner: "octo", repo: "app" },
      apiUrl: "https://api.github.com",
      serverUrl: "https://github.com",
      runId: 77,
      runAttempt: 2,
      baseBranch: "main",
      workspace: "/home/runner/work/app/app",
      runnerTemp: "/home/runner/_temp",
      trustedBots: ["github-actions[bot]"],
      cancelPollMs: 15_000,
    });
  });

  it("reads how often a run looks for a /cancel from FOREMAN_CANCEL_POLL_SECONDS (the step's env)", () => {
    expect(readActionSettings({ ...base, FOREMAN_CANCEL_POLL_SECONDS: " 2 " }).cancelPollMs).toBe(2_000);
    expect(readActionSettings({ ...base, FOREMAN_CANCEL_POLL_SECONDS: "" }).cancelPollMs).toBe(15_000);
    expect(() => readActionSettings({ ...base, FOREMAN_CANCEL_POLL_SECONDS: "0.5" })).toThrow(
      /^FOREMAN_CANCEL_POLL_SECONDS must be a positive whole number, got "0\.5": set it in the step's `env:`/,
    );
  });

  it("reads App credentials (escaped newlines restored), overrides and the API URL", () => {
    const s = readActionSettings({
      ...base,
      "INPUT_STATE-KEY": "",
      "INPUT_APP-ID": "123",
      "INPUT_APP-PRIVATE-KEY": "-----BEGIN KEY-----\\nabc\\n-----END KEY-----",
      INPUT_MODE: "recover",
      INPUT_REASON: "workflow_run",
      INPUT_AGENT: "codex",
      "INPUT_AGENT-COMMAND": '["node", "my agent.js"]',
      "INPUT_CONFIG-PATH": "ci/foreman.yml",
      GITHUB_API_URL: "http://127.0.0.1:9/api",
      GITHUB_REF_NAME: "trunk",
    });
    expect(s).toMatchObject({
      mode: "recover",
      reason: "workflow_run",
      app: { appId: "123", privateKey: "-----BEGIN KEY-----\nabc\n-----END KEY-----" },
      agent: "codex",
      agentCommand: ["node", "my agent.js"],
      configPath: "ci/foreman.yml",
      apiUrl: "http://127.0.0.1:9/api",
      baseBranch: "trunk",
      trustedBots: [],
    });
    expect(s.stateKey).toBeUndefined();
    expect(readActionSettings({ ...base, "INPUT_AGENT-COMMAND": "  ./agent.sh  --fast " }).agentCommand).toEqual(["./agent.sh", "--fast"]);
  });

  it("sweep needs no issue; its reason defaults to the mode", () => {
    const { INPUT_ISSUE: _, ...noIssue } = base;
    expect(readActionSettings({ ...noIssue, INPUT_MODE: "sweep" })).toMatchObject({ mode: "sweep", reason: "sweep" });
    expect(readActionSettings({ ...noIssue, INPUT_MODE: "sweep" }).issue).toBeUndefined();
  });

  it.each([
    [{ INPUT_MODE: "fix" }, "mode"],
    [{ INPUT_ISSUE: "" }, "issue"],
    [{ INPUT_ISSUE: "12a" }, "issue"],
    [{ INPUT_ISSUE: "0" }, "issue"],
    [{ "INPUT_GITHUB-TOKEN": " " }, "github-token"],
    [{ "INPUT_APP-ID": "123" }, "app-private-key"],
    [{ "INPUT_APP-PRIVATE-KEY": "pem" }, "app-id"],
    [{ "INPUT_APP-ID": "my app", "INPUT_APP-PRIVATE-KEY": "pem" }, "app-id"],
    [{ "INPUT_STATE-KEY": "" }, "state-key"],
    [{ "INPUT_STATE-KEY": "short" }, "state-key"],
    [{ GITHUB_REPOSITORY: "octo" }, "GITHUB_REPOSITORY"],
    [{ GITHUB_REPOSITORY: "a/b/c" }, "GITHUB_REPOSITORY"],
    [{ GITHUB_WORKSPACE: "" }, "GITHUB_WORKSPACE"],
    [{ RUNNER_TEMP: undefined }, "RUNNER_TEMP"],
    [{ "INPUT_AGENT-COMMAND": "[1, 2]" }, "agent-command"],
    [{ "INPUT_AGENT-COMMAND": "[oops" }, "agent-command"],
    [{ GITHUB_RUN_ID: "x" }, "GITHUB_RUN_ID"],
    [{ FOREMAN_CANCEL_POLL_SECONDS: "0" }, "FOREMAN_CANCEL_POLL_SECONDS"],
  ] as const)("refuses %o, naming %s", (patch, name) => {
    const error = thrown(() => readActionSettings({ ...base, ...patch }));
    expect(error).toBeInstanceOf(ActionInputError);
    expect(error).toMatchObject({ input: name, kind: "usage" });
  });
});
