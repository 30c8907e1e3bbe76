/**
 * The agent's git is isolated from the user's repository (issue 7): an agent and a gate that
 * rewrite their clone's config, install hooks and point `core.hooksPath` elsewhere change
 * nothing in the user's repository, and no hook (theirs or the user's) ever runs. Real git,
 * real processes, the whole local session through `openLocalSession`.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openLocalSession, type LocalEnv } from "../../src/local/open-local-session.js";
import { git, makeRepo, removeTempDirs, tempDir } from "../loop/helpers.js";

afterEach(removeTempDirs);

/**
 * What the agent and the gate both do to the git directory of the directory they run in: set
 * `core.hooksPath`, install hooks, append to `.git/config` (an fsmonitor and an alias that
 * would run code). Every hook and command writes a marker file named after itself.
 */
const MEDDLER_MJS = `import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
const [who, markers] = process.argv.slice(2);
const hook = (name) => \`#!/bin/sh\\necho ran >> '\${path.join(markers, who + "-" + name)}'\\n\`;
const gitDir = execFileSync("git", ["rev-parse", "--absolute-git-dir"], { encoding: "utf8" }).trim();
fs.mkdirSync(path.join(gitDir, "hooks"), { recursive: true });
for (const name of ["pre-commit", "post-checkout", "reference-transaction", "post-commit"]) {
  fs.writeFileSync(path.join(gitDir, "hooks", name), hook(name), { mode: 0o755 });
}
const hooksDir = path.join(markers, who + "-hooks");
fs.mkdirSync(hooksDir, { recursive: true });
fs.writeFileSync(path.join(hooksDir, "post-checkout"), hook("hooksPath"), { mode: 0o755 });
execFileSync("git", ["config", "core.hooksPath", hooksDir]);
fs.appendFileSync(path.join(gitDir, "config"), \`[core]\\n\\tfsmonitor = "sh -c 'echo ran >> \${path.join(markers, who + "-fsmonitor")}'"\\n[alias]\\n\\tst = "!echo ran >> \${path.join(markers, who + "-alias")}"\\n\`);
if (who === "agent") {
  fs.writeFileSync("value.txt", "good\\n");
  if (process.env.FOREMAN_RESULT_FILE) fs.writeFileSync(process.env.FOREMAN_RESULT_FILE, JSON.stringify({ costUsd: 0.01, summary: "meddled" }));
}
`;

/** sha256 of every file under `dir` (symbolic links by their target), by relative path. */
async function hashTree(dir: string, skip: (rel: string) => boolean): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (sub: string): Promise<void> => {
    for (const entry of await readdir(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.join(sub, entry.name);
      if (skip(rel)) continue;
      if (entry.isDirectory()) await walk(rel);
      else
        out.set(
          rel,
          createHash("sha256")
            .update(await readFile(path.join(dir, rel)))
            .digest("hex"),
        );
    }
  };
  await walk("");
  return out;
}

describe("isolation of the agent's git", () => {
  it("an agent and a gate that rewrite git config and hooks leave the user's repository byte-for-byte unchanged; no hook runs", async () => {
    const repo = await makeRepo({ "README.md": "# sample\n", "value.txt": "start\n", "meddle.mjs": MEDDLER_MJS });
    const outside = await tempDir("outside");
    const markers = path.join(outside, "markers");
    await mkdir(markers);
    // The user's own hooks: Foreman's git calls must not run them either.
    for (const name of ["post-checkout", "reference-transaction", "pre-commit", "post-commit"]) {
      await writeFile(path.join(repo, ".git", "hooks", name), `#!/bin/sh\necho ran >> '${path.join(markers, `user-${name}`)}'\n`);
      await chmod(path.join(repo, ".git", "hooks", name), 0o755);
    }
    const agentScript = path.join(outside, "agent.mjs");
    await writeFile(agentScript, MEDDLER_MJS);
    const config = path.join(outside, "foreman.json");
    await writeFile(
      config,
      JSON.stringify({
        budget: { per_run: { attempts: 2, minutes: 5, usd: 10 }, daily: { usd: 100 }, assumed_attempt_usd: 0.01 },
        agent: { preset: "custom", command: [process.execPath, agentScript, "agent", markers] },
        gates: [{ name: "meddle", run: ["node", "meddle.mjs", "gate", markers] }],
        approval: { policy: "never" },
        // Git isolation must hold without the OS sandbox too (and the meddling scripts write
        // their markers outside the clone, which the sandbox would refuse).
        sandbox: "off",
      }),
    );
    const task = path.join(outside, "task.md");
    await writeFile(task, "# Change the value\n\nWrite good.\n");

    // Everything but what Foreman is expected to add: objects, its own state, the session branch.
    const branch = "foreman/iso";
    const skip = (rel: string): boolean =>
      rel === path.join(".git", "objects") ||
      rel === path.join(".git", "foreman") ||
      rel === path.join(".git", "refs", "heads", "foreman") ||
      rel === path.join(".git", "logs", "refs", "heads", "foreman");
    const before = await hashTree(repo, skip);

    const env: LocalEnv = {
      clock: { now: () => Date.now() },
      hostEnv: { PATH: process.env["PATH"], HOME: path.join(outside, "home"), LANG: "C.UTF-8", USER: "tester" },
      signal: new AbortController().signal,
      onProgress: () => undefined,
      onNotice: () => undefined,
    };
    const outcome = await openLocalSession({ kind: "run", repo, task, config, session: "iso" }, env);
    expect(outcome.state.status).toBe("ended");
    expect(outcome.state.reason).toBe("succeeded");
    // The agent really ran, in a clone whose .git it rewrote, and its work reached the branch.
    expect(await git(repo, "show", `${branch}:value.txt`)).toBe("good\n");
    expect((await readdir(markers)).sort()).toEqual(["agent-hooks", "gate-hooks"]);

    expect(await hashTree(repo, skip)).toEqual(before);
    expect((await git(repo, "for-each-ref", "--format=%(refname)")).trim()).toBe(`refs/heads/${branch}\nrefs/heads/main`);

    // The user keeps working in the repository: only the user's own hooks run, nothing the agent installed.
    await git(repo, "commit", "-q", "--allow-empty", "-m", "user work");
    await git(repo, "checkout", "-q", "-b", "topic");
    await git(repo, "status");
    const ran = (await readdir(markers)).filter((m) => !m.endsWith("-hooks")).sort();
    expect(ran.every((m) => m.startsWith("user-"))).toBe(true);
    expect(existsSync(path.join(markers, "user-post-checkout"))).toBe(true);
  });
});
