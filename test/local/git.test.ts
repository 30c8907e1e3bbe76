import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
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

  it("reads no global or system configuration, so a filter configured there never runs", async () => {
    const home = path.join(dir, "home");
    const repo = path.join(dir, "repo");
    const marker = path.join(dir, "ran");
    await mkdir(home);
    await mkdir(repo);
    await writeFile(path.join(home, ".gitconfig"), `[foreman]\n\tprobe = global\n[filter "evil"]\n\tclean = sh -c 'echo ran > ${marker}; cat'\n`);
    vi.stubEnv("HOME", home);
    vi.stubEnv("XDG_CONFIG_HOME", path.join(home, ".config"));
    await git(["init", "-q", repo], { cwd: dir });
    await writeFile(path.join(repo, ".gitattributes"), "* filter=evil\n");
    await writeFile(path.join(repo, "a.txt"), "a\n");
    await git(["add", "-A"], { cwd: repo });
    expect(existsSync(marker)).toBe(false);
    const probe = await git(["config", "--get", "foreman.probe"], { cwd: repo, okExitCodes: [0, 1] });
    expect(probe.exitCode).toBe(1);
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
