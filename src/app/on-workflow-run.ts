/**
 * The crash watchdog: `workflow_run.completed` of the Foreman workflow. The issue comes from the
 * run's `run-name` (`foreman #<issue> <reason>`), so nothing stores run ids. A run that ended
 * while the session still says `running` died without recording a terminal state or a pause: a
 * `recover` run marks its open attempt interrupted, and `/retry` resumes at the next attempt.
 */
import type { Context } from "probot";
import { decideRunCompleted } from "../core/wake.js";
import type { GitHubClient } from "../github/client.js";
import { issueFromRunName } from "../github/dispatch.js";
import { readSessionState } from "../github/read-session-state.js";
import { loadConfigOrSayWhy } from "./commands.js";
import type { AppDeps } from "./deps.js";
import { wake } from "./respond.js";

export function onWorkflowRun(deps: AppDeps) {
  return async (context: Context<"workflow_run.completed">): Promise<void> => {
    if (!deps.deliveries.firstTime(context.id)) return;
    const p = context.payload;
    const run = p.workflow_run;
    if (run.path !== `.github/workflows/${deps.workflowFile}`) return;
    const issue = issueFromRunName(run.display_title);
    if (issue === undefined) return;
    const client: GitHubClient = context.octokit;
    const repo = { owner: p.repository.owner.login, repo: p.repository.name };
    const loaded = await loadConfigOrSayWhy(client, repo, issue);
    if (!loaded.ok) return;
    const reading = await readSessionState(client, repo, issue, { key: deps.key, trustedAuthors: loaded.loaded.config.bots.trusted_state_authors });
    const decision = decideRunCompleted(reading.kind === "found" ? reading.state : null);
    if (decision.kind !== "wake") return;
    await wake(client, {
      repo,
      issue,
      defaultBranch: p.repository.default_branch,
      workflowFile: deps.workflowFile,
      reason: "recover",
      mode: "recover",
    });
  };
}
