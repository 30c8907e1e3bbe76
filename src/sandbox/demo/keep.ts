/**
 * `foreman demo --keep DIR`: what stays after the stand-in is gone — the issue's thread as
 * Markdown (`issue-<n>.md`) and the repository as a clone of the bare remote with every branch
 * (the pull request's included) as a local branch and Foreman's attempt refs
 * (`refs/foreman/*`), with no remote left pointing at the deleted stand-in.
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { ForemanError } from "../../core/errors.js";
import { git } from "../git-remote.js";
import type { Stage } from "./stage.js";

/** `--keep DIR` would overwrite something. */
export class KeepTargetExistsError extends ForemanError {
  override readonly name = "KeepTargetExistsError";
  readonly kind = "usage";
  constructor(readonly target: string) {
    super(`--keep: '${target}' already exists. Pass a new or empty directory, or remove it first.`);
  }
}

export interface Kept {
  thread: string;
  repository: string;
  branches: string[];
}

export async function keepDemo(stage: Stage, issue: number, dir: string): Promise<Kept> {
  const root = path.resolve(dir);
  const thread = path.join(root, `issue-${issue}.md`);
  const repository = path.join(root, stage.repo.name);
  for (const target of [thread, repository]) if (existsSync(target)) throw new KeepTargetExistsError(target);
  await mkdir(root, { recursive: true });
  await writeFile(thread, stage.standIn.threadMarkdown(stage.repo, issue));
  await git(["clone", "--quiet", stage.repo.gitDir, repository]);
  await git(["fetch", "--quiet", "origin", "+refs/foreman/*:refs/foreman/*"], { cwd: repository });
  const remote = (await git(["for-each-ref", "--format=%(refname:strip=3)", "refs/remotes/origin/"], { cwd: repository }))
    .split("\n")
    .filter((b) => b !== "" && b !== "HEAD");
  const current = (await git(["rev-parse", "--abbrev-ref", "HEAD"], { cwd: repository })).trim();
  for (const branch of remote) if (branch !== current) await git(["branch", "--quiet", branch, `origin/${branch}`], { cwd: repository });
  await git(["remote", "remove", "origin"], { cwd: repository });
  return { thread, repository, branches: remote };
}
