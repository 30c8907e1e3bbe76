/**
 * `issues.closed` and `pull_request.closed` without a merge: a live session is ended `cancelled`
 * by a run (the App writes no state), and a run in progress is cancelled first.
 */
import type { Context } from "probot";
import { parsePullRequestBody } from "../core/names.js";
import { decideClosed } from "../core/wake.js";
import type { GitHubClient } from "../github/client.js";
import { cancelRunsFor } from "../github/dispatch.js";
import { readSessionState } from "../github/read-session-state.js";
import type { RepoRef } from "../github/repo.js";
import { loadConfigOrSayWhy } from "./commands.js";
import type { AppDeps } from "./deps.js";
import { wake } from "./respond.js";

async function wakeToCancel(client: GitHubClient, deps: AppDeps, repo: RepoRef, issue: number, defaultBranch: string): Promise<void> {
  const loaded = await loadConfigOrSayWhy(client, repo, issue);
  if (!loaded.ok) return;
  const reading = await readSessionState(client, repo, issue, { key: deps.key, trustedAuthors: loaded.loaded.config.bots.trusted_state_authors });
  const decision = decideClosed(reading.kind === "found" ? reading.state : null);
  if (decision.kind !== "wake") return;
  if (decision.cancelRun) await cancelRunsFor(client, repo, deps.workflowFile, issue);
  await wake(client, { repo, issue, defaultBranch, workflowFile: deps.workflowFile, reason: "closed" });
}

export function onIssueClosed(deps: AppDeps) {
  return async (context: Context<"issues.closed">): Promise<void> => {
    if (!deps.deliveries.firstTime(context.id)) return;
    const p = context.payload;
    if (p.issue.pull_request !== undefined) return;
    const repo = { owner: p.repository.owner.login, repo: p.repository.name };
    await wakeToCancel(context.octokit, deps, repo, p.issue.number, p.repository.default_branch);
  };
}

export function onPullRequestClosed(deps: AppDeps) {
  return async (context: Context<"pull_request.closed">): Promise<void> => {
    if (!deps.deliveries.firstTime(context.id)) return;
    const p = context.payload;
    if (p.pull_request.merged) return;
    const session = parsePullRequestBody(p.pull_request.body ?? "");
    if (session?.issue === undefined) return;
    const repo = { owner: p.repository.owner.login, repo: p.repository.name };
    await wakeToCancel(context.octokit, deps, repo, session.issue, p.repository.default_branch);
  };
}
