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

describe("git() options", () => {
  it("passes input on standard input and returns stdout untouched (final newline kept)", async () => {
    await git(["init", "-q", dir], { cwd: dir });
    const out = await git(["hash-object", "--stdin"], { cwd: dir, input: "hello\n" });
    expect(out.stdout).toBe("ce013625030ba8dba906f756967f9e9ca394464a\n");
    expect(out.truncated).toBe(false);
    expect(out.exitCode).toBe(0);
  });

  it("gives git no standard input when none is passed (it never waits for one)", async () => {
    await git(["init", "-q", dir], { cwd: dir });
    const out = await git(["hash-object", "--stdin"], { cwd: dir });
    expect(out.stdout).toBe("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391\n");
  });

  it("stops at maxOutput characters and says the output was truncated", async () => {
    await git(["init", "-q", dir], { cwd: dir });
    const out = await git(["-c", "alias.long=!seq 1 200000", "long"], { cwd: dir, maxOutput: 1000 });
    expect(out.truncated).toBe(true);
    expect(out.stdout).toHaveLength(1000);
    expect(out.stdout.startsWith("1\n2\n3\n")).toBe(true);
  });

  it("returns output of exactly maxOutput characters whole", async () => {
    const out = await git(["-c", "alias.five=!printf abcde", "five"], { cwd: dir, maxOutput: 5 });
    expect(out).toEqual({ stdout: "abcde", stderr: "", exitCode: 0, truncated: false });
  });

  it("accepts the exit codes listed in okExitCodes, and 0 always", async () => {
    const one = await git(["-c", "alias.one=!exit 1", "one"], { cwd: dir, okExitCodes: [0, 1] });
    expect(one.exitCode).toBe(1);
    const zero = await git(["-c", "alias.zero=!true", "zero"], { cwd: dir, okExitCodes: [1] });
    expect(zero.exitCode).toBe(0);
    const error = await git(["-c", "alias.two=!echo nope >&2; exit 2", "two"], { cwd: dir, okExitCodes: [0, 1] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    if (!(error instanceof GitError)) return;
    expect(error.exitCode).toBe(2);
    expect(error.stderr).toBe("nope");
  });

  it("caps git's standard error in a GitError at 4,000 characters", async () => {
    const error = await git(["-c", "alias.loud=!seq 1 5000 >&2; exit 3", "loud"], { cwd: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    if (!(error instanceof GitError)) return;
    expect(error.exitCode).toBe(3);
    expect(error.stderr).toHaveLength(4001);
    expect(error.stderr.endsWith("…")).toBe(true);
  });

  it("reports a git that cannot start (missing directory) as a GitError without exit code", async () => {
    const error = await git(["status"], { cwd: path.join(dir, "missing") }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    if (!(error instanceof GitError)) return;
    expect(error.exitCode).toBeNull();
    expect(error.stderr).not.toBe("");
    expect(error.cause).toBeInstanceOf(Error);
  });

  it("applies opts.env last, over Foreman's own variables", async () => {
    const out = await git(["-c", "alias.dumpenv=!env", "dumpenv"], { cwd: dir, env: { GIT_AUTHOR_NAME: "Someone", EXTRA_ONE: "1" } });
    expect(out.stdout).toContain("GIT_AUTHOR_NAME=Someone\n");
    expect(out.stdout).toContain("EXTRA_ONE=1\n");
    expect(out.stdout).toContain("GIT_COMMITTER_NAME=Foreman\n");
    expect(out.stdout).toContain("LC_ALL=C\n");
  });
});

describe("git() arguments node refuses", () => {
  it("reports an argument with a NUL byte as a GitError without exit code, not a TypeError", async () => {
    const error = await git(["rev-parse", "a\0b"], { cwd: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    if (!(error instanceof GitError)) return;
    expect(error.exitCode).toBeNull();
    expect(error.cause).toBeInstanceOf(Error);
  });
});
