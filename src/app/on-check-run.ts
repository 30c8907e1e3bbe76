/**
 * The `Foreman` check run's buttons (`check_run.requested_action`: Approve / Retry / Cancel) and
 * its re-run (`check_run.rerequested`, which is `/retry`), for the person who clicked, under the
 * same rules as the commands. Events about other checks, or caused by a bot (Foreman's own
 * updates included), are ignored: no feedback loops.
 *
 * A click is not a comment, so once authorized it is recorded as a signed comment on the issue
 * (see github/button-record.ts) that the Action's replay applies as that person's command.
 */
import type { Context } from "probot";
import type { Command } from "../core/commands.js";
import { decideCommand } from "../core/wake.js";
import { checkRunActionCommand } from "../core/check-run-view.js";
import { formatButtonRecord, type ButtonCommand } from "../github/button-record.js";
import { CHECK_RUN_NAME as CHECK_NAME } from "../github/check-run.js";
import type { GitHubClient } from "../github/client.js";
import { collaboratorAccess } from "../github/permissions.js";
import { loadConfigOrSayWhy } from "./commands.js";
import type { AppDeps } from "./deps.js";
import { reply, wake } from "./respond.js";

function issueOfSession(externalId: string | null | undefined): number | undefined {
  const m = /^issue-([1-9][0-9]{0,9})$/.exec(externalId ?? "");
  return m ? Number(m[1]) : undefined;
}

type CheckRunEvent = Context<"check_run.requested_action"> | Context<"check_run.rerequested">;

export function onCheckRun(deps: AppDeps) {
  return async (context: CheckRunEvent): Promise<void> => {
    if (!deps.deliveries.firstTime(context.id)) return;
    const p = context.payload;
    const run = p.check_run;
    if (run.name !== CHECK_NAME || p.sender.type === "Bot") return;
    const issue = issueOfSession(run.external_id);
    if (issue === undefined) return;
    // A re-run request is `/retry`; a button names its command through its identifier.
    const identifier = "requested_action" in p && p.requested_action ? p.requested_action.identifier : undefined;
    const button: ButtonCommand | null = identifier === undefined ? "retry" : checkRunActionCommand(identifier);
    if (button === null) return;
    const client: GitHubClient = context.octokit;
    const repo = { owner: p.repository.owner.login, repo: p.repository.name };
    const loaded = await loadConfigOrSayWhy(client, repo, issue);
    if (!loaded.ok) return;
    const { config } = loaded.loaded;
    const access = await collaboratorAccess(client, repo, p.sender.login);
    const command: Command =
      button === "reject" ? { kind: "reject", reason: `rejected with the check run's button by ${p.sender.login}` } : { kind: button };
    const decision = decideCommand({
      command,
      commentId: Number(run.id),
      author: p.sender.login,
      access,
      config,
      state: undefined,
      nowIso: new Date(deps.now()).toISOString(),
    });
    if (decision.kind === "reply") {
      await reply(client, repo, issue, decision.body, { key: deps.key });
      return;
    }
    if (decision.kind !== "wake") return;
    await client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      owner: repo.owner,
      repo: repo.repo,
      issue_number: issue,
      body: formatButtonRecord(deps.key, repo, issue, { command: button, actor: p.sender.login, headSha: run.head_sha, checkRunId: Number(run.id) }),
    });
    await wake(client, { repo, issue, defaultBranch: p.repository.default_branch, workflowFile: deps.workflowFile, reason: button });
  };
}
