import { describe, expect, it } from "vitest";
import { BASE_ENV_ALLOWLIST, isNeverPassed, scrubEnvironment } from "../../src/core/environment.js";

const HOST = {
  PATH: "/usr/bin",
  HOME: "/home/u",
  LANG: "C.UTF-8",
  LC_ALL: "C.UTF-8",
  TMPDIR: "/tmp",
  GITHUB_TOKEN: "ghs_secret",
  GH_TOKEN: "gho_secret",
  ACTIONS_RUNTIME_TOKEN: "x",
  ACTIONS_ID_TOKEN_REQUEST_URL: "https://x",
  FOREMAN_APP_PRIVATE_KEY: "-----BEGIN",
  INPUT_GITHUB_TOKEN: "ghs_input",
  MY_PRIVATE_KEY: "k",
  ANTHROPIC_API_KEY: "sk-ant",
  AWS_SECRET_ACCESS_KEY: "aws",
  UNSET: undefined,
};

describe("scrubEnvironment", () => {
  it("passes only the base allowlist and locale variables by default", () => {
    expect(scrubEnvironment(HOST)).toEqual({ PATH: "/usr/bin", HOME: "/home/u", LANG: "C.UTF-8", LC_ALL: "C.UTF-8", TMPDIR: "/tmp" });
  });

  it("adds the names a preset or agent.env lists", () => {
    expect(scrubEnvironment(HOST, ["ANTHROPIC_API_KEY", "UNSET"])).toMatchObject({ ANTHROPIC_API_KEY: "sk-ant" });
    expect(scrubEnvironment(HOST, ["ANTHROPIC_API_KEY"])).not.toHaveProperty("AWS_SECRET_ACCESS_KEY");
  });

  it("never passes tokens, Actions variables, Foreman secrets, Action inputs or private keys, even when listed", () => {
    const env = scrubEnvironment(HOST, Object.keys(HOST));
    for (const name of [
      "GITHUB_TOKEN",
      "GH_TOKEN",
      "ACTIONS_RUNTIME_TOKEN",
      "ACTIONS_ID_TOKEN_REQUEST_URL",
      "FOREMAN_APP_PRIVATE_KEY",
      "INPUT_GITHUB_TOKEN",
      "MY_PRIVATE_KEY",
    ]) {
      expect(env, name).not.toHaveProperty(name);
      expect(isNeverPassed(name), name).toBe(true);
    }
    expect(env).toHaveProperty("AWS_SECRET_ACCESS_KEY");
    expect(isNeverPassed("PATH")).toBe(false);
  });
});

describe("scrubEnvironment: edges of the rules", () => {
  it("passes every base name, and nothing more, when no extra name is listed", () => {
    const host = Object.fromEntries([...BASE_ENV_ALLOWLIST, "EDITOR", "SHELL"].map((name) => [name, `v-${name}`]));
    expect(scrubEnvironment(host)).toEqual(Object.fromEntries(BASE_ENV_ALLOWLIST.map((name) => [name, `v-${name}`])));
  });

  it("keeps an empty value, which is a value (unlike an unset variable)", () => {
    expect(scrubEnvironment({ PATH: "", TZ: undefined })).toEqual({ PATH: "" });
    expect(scrubEnvironment({ TZ: undefined }, ["TZ"])).not.toHaveProperty("TZ");
  });

  it("never passes the runner's registration token, even when listed", () => {
    expect(isNeverPassed("RUNNER_TOKEN")).toBe(true);
    expect(scrubEnvironment({ RUNNER_TOKEN: "r" }, ["RUNNER_TOKEN"])).toEqual({});
  });

  // The token rules name exact variables and the namespace rules are prefixes; a variable whose
  // name only contains one of those words is an ordinary variable, passed when listed.
  it.each([
    "MY_GITHUB_TOKEN",
    "GITHUB_TOKEN_PATH",
    "MY_GH_TOKEN",
    "GH_TOKEN_FILE",
    "SKIP_ACTIONS_CACHE",
    "OLD_FOREMAN_HOME",
    "MODEL_INPUT_DIR",
    "GITLAB_RUNNER_TOKEN",
    "RUNNER_TOKEN_URL",
  ])("passes %s when listed (not a forbidden name)", (name) => {
    expect(isNeverPassed(name)).toBe(false);
    expect(scrubEnvironment({ [name]: "v" }, [name])).toEqual({ [name]: "v" });
  });

  it("forbids a private key wherever the words appear in the name", () => {
    for (const name of ["PRIVATE_KEY", "APP_PRIVATE_KEY_PATH", "SSH_PRIVATE_KEY"]) expect(isNeverPassed(name), name).toBe(true);
  });
});
