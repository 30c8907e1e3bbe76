/**
 * The agent's working copy on an Actions runner: a clone with its own `.git` of the job's
 * checkout (local `GitWorkspace`), at the session's base commit. A session that already has work
 * resumes from the tree its last attempt left, pushed to `refs/foreman/issue-<n>/attempt-<k>`
 * (DESIGN.md, "Work outlives the runner"): the ref is fetched from `origin` into the checkout
 * (the clone borrows the checkout's objects) and its tree is put in the working copy. A fresh
 * runner never starts over from the base when the state records kept work.
 */
import { mkdir, mkdtemp } from "node:fs/promises";
import path from "node:path";
import { ForemanError } from "../core/errors.js";
import { git } from "../local/git.js";
import { GitWorkspace } from "../local/git-workspace.js";

export interface RunnerWorkspaceRequest {
  /** The job's checkout (`GITHUB_WORKSPACE`). */
  checkout: string;
  /** Where Foreman may write (`RUNNER_TEMP`). */
  runnerTemp: string;
  sessionId: string;
  /** The session's base commit, when the session exists. */
  baseSha?: string;
  /** The ref of the last kept attempt, when there is one. */
  keptRef?: string;
  scratch?: readonly string[];
  /** Environment for the `git fetch` of the kept ref (the credential given to that one command). */
  fetchEnv?: Record<string, string>;
}

/** The kept work of a session could not be fetched: resuming from the base would redo paid work. */
export class KeptWorkUnavailableError extends ForemanError {
  override readonly name = "KeptWorkUnavailableError";
  readonly kind = "conflict";
  constructor(
    readonly ref: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Cannot fetch the kept work '${ref}' from origin. Check that the ref exists on GitHub and that the token may read the repository, then run again.`,
      options,
    );
  }
}

const KEPT_REF = /^refs\/foreman\/[A-Za-z0-9._-]+\/attempt-[1-9][0-9]*$/;

export async function openRunnerWorkspace(req: RunnerWorkspaceRequest): Promise<GitWorkspace> {
  const parent = path.join(req.runnerTemp, "foreman");
  await mkdir(parent, { recursive: true });
  const stateRoot = await mkdtemp(path.join(parent, `${req.sessionId}-`));
  let tree: string | undefined;
  if (req.keptRef !== undefined) {
    if (!KEPT_REF.test(req.keptRef)) throw new KeptWorkUnavailableError(req.keptRef);
    try {
      await git(["fetch", "--quiet", "--no-tags", "origin", `+${req.keptRef}:${req.keptRef}`], {
        cwd: req.checkout,
        ...(req.fetchEnv ? { env: req.fetchEnv } : {}),
      });
      tree = (await git(["rev-parse", "--verify", `${req.keptRef}^{tree}`], { cwd: req.checkout })).stdout.trim();
    } catch (error) {
      throw new KeptWorkUnavailableError(req.keptRef, { cause: error });
    }
  }
  const workspace = await GitWorkspace.create({
    repo: req.checkout,
    sessionId: req.sessionId,
    stateRoot,
    ...(req.baseSha === undefined ? {} : { baseRef: req.baseSha }),
    ...(req.scratch === undefined ? {} : { scratch: req.scratch }),
  });
  if (tree !== undefined) await workspace.restore(tree);
  return workspace;
}
