/**
 * `issue_comment.created` on an issue or on a Foreman PR: the slash commands in it. Edited
 * comments never count (only `created` is handled); quotes and code are not commands
 * (`parseCommands`); a comment with no command costs no GitHub call at all.
 */
import type { Context } from "probot";
import { parseCommands } from "../core/commands.js";
import { parsePullRequestBody } from "../core/names.js";
import type { GitHubClient } from "../github/client.js";
import { handleCommands } from "./commands.js";
import type { AppDeps } from "./deps.js";

export function onIssueComment(deps: AppDeps) {
  return async (context: Context<"issue_comment.created">): Promise<void> => {
    if (!deps.deliveries.firstTime(context.id)) return;
    const p = context.payload;
    const commands = parseCommands(p.comment.body);
    if (commands.length === 0) return;
    let issue = p.issue.number;
    if (p.issue.pull_request) {
      // A comment on a PR counts only on a Foreman PR, for the session its body names.
      const session = parsePullRequestBody(p.issue.body ?? "");
      if (session?.issue === undefined) return;
      issue = session.issue;
    }
    const client: GitHubClient = context.octokit;
    await handleCommands(client, deps, {
      repo: { owner: p.repository.owner.login, repo: p.repository.name },
      issue,
      replyIssue: p.issue.number,
      defaultBranch: p.repository.default_branch,
      author: p.comment.user?.login ?? "",
      authorIsBot: p.comment.user?.type === "Bot" || (p.comment.user?.login ?? "").endsWith("[bot]"),
      commentId: p.comment.id,
      commands,
    });
  };
}
