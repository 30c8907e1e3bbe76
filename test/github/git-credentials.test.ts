import { rm, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { credentialForms, pushEnv } from "../../src/github/git-credentials.js";
import { git } from "../../src/local/git.js";
import { tempDirIn, userGit } from "../support/git-fixture.js";

const TOKEN = "ghs_pushOnlyToken0123456789abcdef";
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe("pushEnv", () => {
  it("is the basic-auth header of x-access-token:<token>, as three GIT_CONFIG_* entries", () => {
    const basic = Buffer.from(`x-access-token:${TOKEN}`).toString("base64");
    expect(pushEnv(TOKEN)).toEqual({
      GIT_CONFIG_COUNT: "1",
      GIT_CONFIG_KEY_0: "http.extraheader",
      GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`,
    });
    expect(credentialForms(TOKEN)).toEqual([TOKEN, basic]);
  });

  it("gives the header to the one git process that gets the env, and writes nothing to .git/config", async () => {
    const repo = await tempDirIn(dirs, "cred");
    await userGit(repo, "init", "-q");
    const expected = pushEnv(TOKEN).GIT_CONFIG_VALUE_0;
    const withEnv = await git(["config", "--get-all", "http.extraheader"], { cwd: repo, env: pushEnv(TOKEN) });
    expect(withEnv.stdout.trim()).toBe(expected);
    // Without the env, git sees no header at all (exit 1: no such key).
    const without = await git(["config", "--get-all", "http.extraheader"], { cwd: repo, okExitCodes: [0, 1] });
    expect(without.exitCode).toBe(1);
    const config = await readFile(path.join(repo, ".git", "config"), "utf8");
    for (const form of credentialForms(TOKEN)) expect(config).not.toContain(form);
  });

  it("does not stop a push to a local remote, and leaves no trace of the token in either repository's config", async () => {
    const remote = await tempDirIn(dirs, "cred-remote");
    const repo = await tempDirIn(dirs, "cred-local");
    await userGit(remote, "init", "-q", "--bare");
    await userGit(repo, "init", "-q");
    await writeFile(path.join(repo, "a.txt"), "a\n");
    await userGit(repo, "add", "a.txt");
    await userGit(repo, "commit", "-q", "-m", "a");
    const sha = (await userGit(repo, "rev-parse", "HEAD")).trim();
    await git(["push", remote, `${sha}:refs/foreman/issue-1/attempt-1`], { cwd: repo, env: pushEnv(TOKEN) });
    expect((await userGit(remote, "rev-parse", "refs/foreman/issue-1/attempt-1")).trim()).toBe(sha);
    for (const file of [path.join(repo, ".git", "config"), path.join(remote, "config")]) {
      const text = await readFile(file, "utf8");
      for (const form of credentialForms(TOKEN)) expect(text).not.toContain(form);
    }
  });
});
