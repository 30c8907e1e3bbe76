import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { git, GitError } from "../../src/local/git.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "foreman-git-"));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

describe("git()", () => {
  it("gives git (and whatever it runs: filters, hooks, aliases) no token, no key, no GIT_* override", async () => {
    vi.stubEnv("GITHUB_TOKEN", "ghs_secret");
    vi.stubEnv("ACTIONS_RUNTIME_TOKEN", "actions_secret");
    vi.stubEnv("FOREMAN_APP_PRIVATE_KEY", "key_secret");
    vi.stubEnv("GIT_DIR", "/somewhere/else");
    vi.stubEnv("HARMLESS_SETTING", "kept");
    const out = await git(["-c", "alias.dumpenv=!env", "dumpenv"], { cwd: dir });
    expect(out.stdout).not.toMatch(/ghs_secret|actions_secret|key_secret|\/somewhere\/else/);
    expect(out.stdout).toContain("HARMLESS_SETTING=kept");
    expect(out.stdout).toContain("GIT_TERMINAL_PROMPT=0");
  });

  it("throws a GitError with the arguments, exit code and stderr", async () => {
    const error = await git(["rev-parse", "HEAD"], { cwd: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    if (!(error instanceof GitError)) return;
    expect(error.args).toEqual(["rev-parse", "HEAD"]);
    expect(error.exitCode).toBe(128);
    expect(error.stderr).toMatch(/not a git repository/);
  });
});
