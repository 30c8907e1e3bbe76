/**
 * The issue a GitHub session works on, read in one call (`GET /repos/{o}/{r}/issues/{n}`) into
 * what the engine takes: the task (title, body, number) and the labels (budget labels). The
 * issue text is untrusted; the engine sanitizes it where it reaches reports and files.
 */
import { ForemanError } from "../core/errors.js";
import type { TaskInput } from "../core/task.js";
import type { GitHubClient } from "./client.js";
import { repoSlug, type RepoRef } from "./repo.js";

export interface IssueTask {
  task: TaskInput;
  labels: string[];
  /** The issue's page, for links in reports. */
  htmlUrl: string;
  state: "open" | "closed";
}

/** The issue is a pull request, or gone: a session cannot work on it. */
export class NotAnIssueError extends ForemanError {
  override readonly name = "NotAnIssueError";
  readonly kind = "usage";
  constructor(
    readonly issue: number,
    message: string,
  ) {
    super(message);
  }
}

export async function readIssueTask(client: GitHubClient, repo: RepoRef, issue: number): Promise<IssueTask> {
  const { data } = await client.request("GET /repos/{owner}/{repo}/issues/{issue_number}", {
    owner: repo.owner,
    repo: repo.repo,
    issue_number: issue,
  });
  if (data.pull_request) {
    throw new NotAnIssueError(
      issue,
      `#${issue} in ${repoSlug(repo)} is a pull request, not an issue. Pass the number of the issue Foreman should work on.`,
    );
  }
  const labels = data.labels.flatMap((l) => (typeof l === "string" ? [l] : l.name ? [l.name] : []));
  return {
    task: { title: data.title, body: data.body ?? "", issue },
    labels,
    htmlUrl: data.html_url,
    state: data.state === "closed" ? "closed" : "open",
  };
}
