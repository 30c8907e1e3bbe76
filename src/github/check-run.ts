/**
 * The `Foreman` check run on a head SHA (DESIGN.md, "Check runs" and "The check run never
 * lies"): what `core/check-run-view.ts` says about the session on that commit, written to GitHub
 * with as few calls as possible.
 *
 * - One check run per SHA and session (`external_id` = session id). A session whose state records
 *   no `checkRunId` has never had one: its first report is a single POST, no lookup. Otherwise the
 *   first report for a SHA in this object looks it up once (`GET …/commits/{sha}/check-runs?
 *   check_name=Foreman`, which finds the one a previous run created); every later report for that
 *   SHA is a single PATCH. (A run that died after creating one and before saving its id leaves a
 *   second check run of the name on that commit; GitHub shows, and branch protection judges, the
 *   newest.)
 * - A completed check run is not reopened: when the session goes back to work on the same
 *   commit (`/approve` after `action_required`, `/retry` after an interruption) a new check run
 *   is created; GitHub shows, and branch protection judges, the newest one of a name.
 * - `actions` is always sent, empty when no button applies, so stale buttons disappear.
 * Ids are returned, not stored: the caller keeps them in the session state.
 */
import { checkRunView, type CheckRunView } from "../core/check-run-view.js";
import type { SessionState } from "../core/state.js";
import type { GitHubClient } from "./client.js";
import type { RepoRef } from "./repo.js";

/** The check run's name: what branch protection requires. */
export const CHECK_RUN_NAME = "Foreman";

export interface CheckRunReporterDeps {
  client: GitHubClient;
  repo: RepoRef;
  /** Where "Details" leads (the workflow run, or the session comment). */
  detailsUrl?: string;
}

interface Known {
  id: number;
  completed: boolean;
}

export class CheckRunReporter {
  private readonly known = new Map<string, Known>();

  constructor(private readonly deps: CheckRunReporterDeps) {}

  /** Creates or updates the `Foreman` check run of `state` on `headSha`. */
  async report(state: SessionState, headSha: string): Promise<{ checkRunId: number }> {
    const view = checkRunView(state, headSha);
    const key = `${state.sessionId}@${headSha}`;
    let known = this.known.get(key) ?? (state.checkRunId === undefined ? undefined : await this.find(state.sessionId, headSha));
    if (known !== undefined && known.completed && view.status !== "completed") known = undefined;
    const id = known !== undefined ? await this.update(known.id, view) : await this.create(state.sessionId, headSha, view);
    this.known.set(key, { id, completed: view.status === "completed" });
    return { checkRunId: id };
  }

  private fields(view: CheckRunView) {
    return {
      ...(this.deps.detailsUrl === undefined ? {} : { details_url: this.deps.detailsUrl }),
      status: view.status,
      ...(view.conclusion === undefined ? {} : { conclusion: view.conclusion }),
      output: { title: view.title, summary: view.summary, ...(view.text === undefined ? {} : { text: view.text }) },
      actions: view.actions.map((a) => ({ label: a.label, description: a.description, identifier: a.identifier })),
    };
  }

  private async find(sessionId: string, headSha: string): Promise<Known | undefined> {
    const { owner, repo } = this.deps.repo;
    const { data } = await this.deps.client.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
      owner,
      repo,
      ref: headSha,
      check_name: CHECK_RUN_NAME,
    });
    const mine = data.check_runs.filter((r) => r.external_id === sessionId && r.head_sha === headSha).sort((a, b) => Number(b.id) - Number(a.id))[0];
    return mine === undefined ? undefined : { id: Number(mine.id), completed: mine.status === "completed" };
  }

  private async create(sessionId: string, headSha: string, view: CheckRunView): Promise<number> {
    const { owner, repo } = this.deps.repo;
    const { data } = await this.deps.client.request("POST /repos/{owner}/{repo}/check-runs", {
      owner,
      repo,
      name: CHECK_RUN_NAME,
      head_sha: headSha,
      external_id: sessionId,
      ...this.fields(view),
    });
    return Number(data.id);
  }

  private async update(id: number, view: CheckRunView): Promise<number> {
    const { owner, repo } = this.deps.repo;
    const { data } = await this.deps.client.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
      owner,
      repo,
      check_run_id: id,
      ...this.fields(view),
    });
    return Number(data.id);
  }
}
