/**
 * `foreman demo`: the embedded default. Copies the example repository shipped with Foreman
 * into a fresh temporary git repository and runs the loop on it with the `replay` agent
 * (attempt 1 fails the tests, attempt 2 passes). No GitHub account, no model, no network.
 */
import { cp, mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FOREMAN_IDENTITY, git } from "../local/git.js";
import type { SessionOutcome } from "../loop/engine.js";
import { openLocalSession, type LocalEnv } from "../local/open-local-session.js";

/** `src/cli/demo.ts` and the bundled `dist/cli/index.js` are both two levels below the project root. */
export function exampleRepoDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "examples", "greeter", "repo");
}

export async function runDemo(env: LocalEnv, say: (text: string) => void): Promise<SessionOutcome> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "foreman-demo-"));
  const repo = path.join(dir, "greeter");
  await cp(exampleRepoDir(), repo, { recursive: true });
  const identity = ["-c", `user.name=${FOREMAN_IDENTITY.name}`, "-c", `user.email=${FOREMAN_IDENTITY.email}`];
  await git(["init", "-q", "-b", "main"], { cwd: repo });
  await git(["add", "-A"], { cwd: repo });
  await git([...identity, "commit", "-q", "-m", "Example repository"], { cwd: repo });
  say(`Example repository: ${repo}\n`);
  say(`Running: foreman run --repo ${repo} --task ${path.join(repo, "TASK.md")}\n\n`);
  return openLocalSession({ kind: "run", repo, task: path.join(repo, "TASK.md") }, env);
}
