/**
 * The two listings sweep mode finds sessions with (call cost: one paged call for the issues, 100
 * a page; two calls for the runs). Sessions are not indexed anywhere else: an open issue with the
 * trigger label is where a session can live, and a Foreman run's `run-name`
 * (`foreman #<issue> <reason>`, its `display_title`) says which session it serves.
 */
import type { GitHubClient } from "./client.js";
import type { RepoRef } from "./repo.js";

/** Open issues (not pull requests) carrying `label`, ascending. */
export async function labelledIssues(client: GitHubClient, repo: RepoRef, label: string): Promise<number[]> {
  const items = await client.paginate("GET /repos/{owner}/{repo}/issues", {
    owner: repo.owner,
    repo: repo.repo,
    labels: label,
    state: "open",
    per_page: 100,
  });
  return items
    .filter((i) => i.pull_request === undefined || i.pull_request === null)
    .map((i) => i.number)
    .sort((x, y) => x - y);
}

const RUN_NAME = /^foreman #([1-9][0-9]*)(?:\s|$)/;

/** Issues served by Foreman runs queued or in progress (the latest 100 of each), other than `exceptRunId`. */
export async function activeRunIssues(client: GitHubClient, repo: RepoRef, exceptRunId?: number): Promise<Set<number>> {
  const out = new Set<number>();
  for (const status of ["in_progress", "queued"] as const) {
    const { data } = await client.request("GET /repos/{owner}/{repo}/actions/runs", { owner: repo.owner, repo: repo.repo, status, per_page: 100 });
    for (const run of data.workflow_runs) {
      if (run.id === exceptRunId) continue;
      const m = RUN_NAME.exec(run.display_title);
      if (m?.[1] !== undefined) out.add(Number(m[1]));
    }
  }
  return out;
}
