import { describe, expect, it } from "vitest";
import { copyFromHost } from "../../src/core/environment.js";

describe("copyFromHost: a configured provider token reaches the name a CLI reads", () => {
  const host = { GATEWAY_TOKEN: "gw", EMPTY: "", GITHUB_TOKEN: "ghs", FOREMAN_APP_KEY: "k", OTHER: "o" };

  it("sets the child's variable from the host's", () => {
    expect(copyFromHost(host, { ANTHROPIC_AUTH_TOKEN: "GATEWAY_TOKEN" })).toEqual({ ANTHROPIC_AUTH_TOKEN: "gw" });
    expect(copyFromHost(host, { GATEWAY_TOKEN: "GATEWAY_TOKEN", X: "OTHER" })).toEqual({ GATEWAY_TOKEN: "gw", X: "o" });
    expect(copyFromHost(host, {})).toEqual({});
  });

  it("drops unset and empty host variables", () => {
    expect(copyFromHost(host, { A: "MISSING", B: "EMPTY" })).toEqual({});
  });

  it("never copies from or into a name that must not reach a child", () => {
    expect(copyFromHost(host, { ANTHROPIC_AUTH_TOKEN: "GITHUB_TOKEN" })).toEqual({});
    expect(copyFromHost(host, { KEY: "FOREMAN_APP_KEY" })).toEqual({});
    expect(copyFromHost(host, { GITHUB_TOKEN: "GATEWAY_TOKEN" })).toEqual({});
    expect(copyFromHost(host, { ACTIONS_RUNTIME_TOKEN: "GATEWAY_TOKEN", MY_PRIVATE_KEY: "OTHER" })).toEqual({});
  });
});
