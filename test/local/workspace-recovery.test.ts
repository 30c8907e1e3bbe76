/**
 * A wedged session id (issue 7): `run` creates the workspace before the session's first save,
 * so a start that fails or is killed in between leaves a workspace and no session. A later
 * `run` (or `resume`) of that id removes what the dead start left, and a run starts afresh.
 */
import { existsSync } from "node:fs";
import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { GitWorkspace } from "../../src/local/git-workspace.js";
import { SessionNotFoundError } from "../../src/loop/errors.js";
import { PublishError } from "../../src/local/local-publisher.js";
import { openLocalSession, type LocalEnv } from "../../src/local/open-local-session.js";
import { stateRootFor } from "../../src/local/session-paths.js";
import { cacheDir, repoId, worktreeRoot } from "../../src/local/worktree-root.js";
import { caught } from "../support/caught.js";
import { git, makeRepo, removeTempDirs, tempDir } from "../loop/helpers.js";

afterEach(removeTempDirs);

const AGENT_MJS = `import fs from "node:fs";
fs.writeFileSync("value.txt", "good\\n");
fs.writeFileSync(process.env.FOREMAN_RESULT_FILE, JSON.stringify({ costUsd: 0.01 }));
`;

async function setup(): Promise<{ repo: string; task: string; config: string; env: LocalEnv; notices: string[]; cache: string }> {
  const repo = await makeRepo({ "README.md": "# sample\n", "value.txt": "start\n", "ok.mjs": "process.exit(0);\n" });
  const outside = await tempDir("outside");
  const agent = path.join(outside, "agent.mjs");
  await writeFile(agent, AGENT_MJS);
  const config = path.join(outside, "foreman.yml");
  await writeFile(
    config,
    JSON.stringify({
      budget: { per_run: { attempts: 1, minutes: 5, usd: 10 }, daily: { usd: 100 }, assumed_attempt_usd: 0.01 },
      agent: { preset: "custom", command: [process.execPath, agent] },
      gates: [{ name: "ok", run: ["node", "ok.mjs"] }],
      approval: { policy: "never" },
    }),
  );
  const task = path.join(outside, "task.md");
  await writeFile(task, "# Change the value\n");
  const notices: string[] = [];
  const env: LocalEnv = {
    clock: { now: () => Date.now() },
    hostEnv: { PATH: process.env["PATH"], HOME: path.join(outside, "home"), LANG: "C.UTF-8", USER: "tester" },
    signal: new AbortController().signal,
    onProgress: () => undefined,
    onNotice: (m) => notices.push(m),
  };
  return { repo, task, config, env, notices, cache: path.join(outside, "home", ".cache", "foreman", "worktrees") };
}

describe("a start that died before its first save", () => {
  it("a run refused before its first save keeps no workspace, and the id stays free", async () => {
    const { repo, task, config, env, cache } = await setup();
    // The user's own branch with the session's branch name: the run is refused after the
    // workspace was made and before the session was saved.
    await git(repo, "branch", "foreman/wedge");
    const refused = await caught(openLocalSession({ kind: "run", repo, task, config, session: "wedge" }, env));
    expect(refused).toBeInstanceOf(PublishError);
    const [repoFolder] = await readdir(cache);
    expect(await readdir(path.join(cache, repoFolder!, "wedge"))).toEqual([]);

    await git(repo, "branch", "-D", "foreman/wedge");
    const outcome = await openLocalSession({ kind: "run", repo, task, config, session: "wedge" }, env);
    expect(outcome.state.reason).toBe("succeeded");
    expect(await git(repo, "show", "foreman/wedge:value.txt")).toBe("good\n");
  });

  it("does not wedge the session id: the next run removes what a killed start left and starts afresh", async () => {
    const { repo, task, config, env, notices } = await setup();
    // What a run killed between creating the workspace and saving the session leaves: the
    // session's inputs and a workspace, no state.
    const common = (await git(repo, "rev-parse", "--path-format=absolute", "--git-common-dir")).trim();
    const stateRoot = stateRootFor(common);
    const root = worktreeRoot(cacheDir(env.hostEnv), { root: repo, id: await repoId(stateRoot) }, "wedge");
    const leftover = await GitWorkspace.create({ repo, sessionId: "wedge", stateRoot: root });
    await writeFile(path.join(leftover.dir, "half-done.txt"), "from the dead run\n");

    const outcome = await openLocalSession({ kind: "run", repo, task, config, session: "wedge" }, env);
    expect(outcome.state.reason).toBe("succeeded");
    expect(await git(repo, "show", "foreman/wedge:value.txt")).toBe("good\n");
    // Afresh: nothing of the dead run's work reached the result.
    expect(await git(repo, "ls-tree", "--name-only", "foreman/wedge")).not.toContain("half-done.txt");
    expect(notices.filter((n) => n.includes(root))).toHaveLength(1);
    expect(existsSync(path.join(root, "worktree"))).toBe(false);
  });

  it("a resume of that id says there is no session and removes what the dead start left, so the id is free", async () => {
    const { repo, task, config, env, notices } = await setup();
    const common = (await git(repo, "rev-parse", "--path-format=absolute", "--git-common-dir")).trim();
    const stateRoot = stateRootFor(common);
    const root = worktreeRoot(cacheDir(env.hostEnv), { root: repo, id: await repoId(stateRoot) }, "wedge");
    await GitWorkspace.create({ repo, sessionId: "wedge", stateRoot: root });

    const refused = await caught(openLocalSession({ kind: "continue", repo, verb: "resume", session: "wedge" }, env));
    expect(refused).toBeInstanceOf(SessionNotFoundError);
    expect(existsSync(path.join(root, "worktree"))).toBe(false);
    expect(notices.filter((n) => n.includes(root))).toHaveLength(1);

    const outcome = await openLocalSession({ kind: "run", repo, task, config, session: "wedge" }, env);
    expect(outcome.state.reason).toBe("succeeded");
  });
});
