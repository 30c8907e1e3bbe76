import { describe, expect, it } from "vitest";
import { isNeverPassed, scrubEnvironment } from "../../src/core/environment.js";

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
