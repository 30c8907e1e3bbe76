/**
 * `issues.labeled` with the trigger label: authorize the labeller, precheck the daily budget,
 * react 👀 and dispatch (`reason: label`). Calls: config 1, permission 1, daily ledger 1+,
 * reaction 1, dispatch 1. Whether a live session already exists is judged by the Action, which
 * starts nothing new for it (reading the session here would cost a call on every label).
 * Budget labels (`foreman:budget-*`) are read by the next run, not here.
 */
import type { Context } from "probot";
import { decideTriggerLabel } from "../core/wake.js";
import type { GitHubClient } from "../github/client.js";
import { collaboratorAccess } from "../github/permissions.js";
import { loadConfigOrSayWhy } from "./commands.js";
import type { AppDeps } from "./deps.js";
import { reactToIssue, reply, wake } from "./respond.js";

export function onIssuesLabeled(deps: AppDeps) {
  return async (context: Context<"issues.labeled">): Promise<void> => {
    if (!deps.deliveries.firstTime(context.id)) return;
    const p = context.payload;
    const label = p.label?.name;
    if (label === undefined || label.startsWith("foreman:") || p.issue.pull_request !== undefined || p.issue.state !== "open") return;
    if (p.sender.type === "Bot") return;
    const client: GitHubClient = context.octokit;
    const repo = { owner: p.repository.owner.login, repo: p.repository.name };
    const loaded = await loadConfigOrSayWhy(client, repo, p.issue.number);
    if (!loaded.ok) return;
    const { config } = loaded.loaded;
    if (label !== config.trigger_label) return;
    const access = await collaboratorAccess(client, repo, p.sender.login);
    const permitted = decideTriggerLabel({ labeller: p.sender.login, access, config, state: undefined, dailyUsedUsd: 0 });
    const decision =
      permitted.kind === "wake"
        ? decideTriggerLabel({
            labeller: p.sender.login,
            access,
            config,
            state: undefined,
            dailyUsedUsd: await deps.dailyUsedUsd(client, repo, config),
          })
        : permitted;
    if (decision.kind === "ignore") return;
    await reactToIssue(client, repo, p.issue.number, decision.reaction);
    if (decision.kind === "reply") {
      await reply(client, repo, p.issue.number, decision.body, { key: deps.key });
      return;
    }
    await wake(client, { repo, issue: p.issue.number, defaultBranch: p.repository.default_branch, workflowFile: deps.workflowFile, reason: "label" });
  };
}
