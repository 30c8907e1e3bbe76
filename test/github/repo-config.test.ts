import nock from "nock";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/core/errors.js";
import { deepMerge, loadRepoConfig } from "../../src/github/repo-config.js";
import { API, useGitHubMocks } from "../support/github/http.js";

const repo = { owner: "octo", repo: "app" };
const contents = (r: string) => `/repos/octo/${r}/contents/.github%2Fforeman.yml`;

describe("loadRepoConfig", () => {
  const gh = useGitHubMocks();

  it("reads the repository's file and fills the defaults", async () => {
    nock(API).get(contents("app")).reply(200, "budget:\n  per_run:\n    usd: 3\n");
    const loaded = await loadRepoConfig(gh.client(), repo);
    expect(loaded.config.budget.per_run.usd).toBe(3);
    expect(loaded.config.trigger_label).toBe("foreman");
    expect(loaded.sources).toEqual(["octo/app:.github/foreman.yml"]);
  });

  it("inherits org defaults through _extends, the nearer file winning, lists replaced", async () => {
    nock(API)
      .get(contents("app"))
      .reply(200, "_extends: .github\npaths:\n  protected: [src/auth/**]\n")
      .get(contents(".github"))
      .reply(200, "paths:\n  protected: [docs/**]\n  max_changed_files: 10\napproval:\n  policy: before_pr\n");
    const { config, sources } = await loadRepoConfig(gh.client(), repo);
    expect(config.paths.protected).toEqual(["src/auth/**"]);
    expect(config.paths.max_changed_files).toBe(10);
    expect(config.approval.policy).toBe("before_pr");
    expect(sources).toEqual(["octo/app:.github/foreman.yml", "octo/.github:.github/foreman.yml"]);
  });

  it("clamps to the org's limits even when the repository sets higher ones", async () => {
    nock(API)
      .get(contents("app"))
      .reply(200, "_extends: .github\nbudget:\n  per_run:\n    usd: 50\nlimits:\n  per_run:\n    usd: 100\n")
      .get(contents(".github"))
      .reply(200, "limits:\n  per_run:\n    usd: 5\n");
    const { config } = await loadRepoConfig(gh.client(), repo);
    expect(config.budget.per_run.usd).toBe(5);
    expect(config.clamps).toContainEqual({ path: "budget.per_run.usd", requested: 50, ceiling: 5 });
  });

  it("falls back to the owner's .github repository when the repository has no file", async () => {
    nock(API).get(contents("app")).reply(404, { message: "Not Found" }).get(contents(".github")).reply(200, "trigger_label: agent\n");
    expect((await loadRepoConfig(gh.client(), repo)).config.trigger_label).toBe("agent");
  });

  it("names the key of an invalid configuration; the revision follows the content", async () => {
    nock(API).get(contents("app")).reply(200, "budget:\n  per_run:\n    usd: lots\n");
    const error = await loadRepoConfig(gh.client(), repo).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    nock(API)
      .get(contents("app"))
      .reply(200, "trigger_label: a\n")
      .get(contents("app"))
      .reply(200, "trigger_label: b\n")
      .get(contents("app"))
      .reply(200, "trigger_label: a\n");
    const [a, b, a2] = [await loadRepoConfig(gh.client(), repo), await loadRepoConfig(gh.client(), repo), await loadRepoConfig(gh.client(), repo)];
    expect(a.revision).not.toBe(b.revision);
    expect(a.revision).toBe(a2.revision);
  });
});

describe("deepMerge", () => {
  it("merges objects and replaces everything else", () => {
    expect(deepMerge({ a: { b: 1, c: [1] }, d: 1 }, { a: { c: [2] }, e: null })).toEqual({ a: { b: 1, c: [2] }, d: 1, e: null });
  });
});
