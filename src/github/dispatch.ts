/**
 * Waking the runner: a `workflow_dispatch` of the Foreman workflow with the issue and the wake
 * reason (the workflow's `run-name` carries both, so the watchdog knows the session from a run
 * without storing run ids), and cancelling the runs of an issue that have not completed (the
 * issue closed; a `/cancel` is noticed by the run in progress itself, `cancel-watch.ts`).
 *
 * GitHub's refusals become errors that say what to add: a missing workflow file (404) or a
 * token without Actions permission (403) is a setup problem a maintainer fixes once.
 */
import { RequestError } from "@octokit/request-error";
import { ForemanError } from "../core/errors.js";
import { classifyError } from "../core/retry.js";
import type { GitHubClient } from "./client.js";
import type { RepoRef } from "./repo.js";

/** The workflow file users copy (examples/workflows/foreman.yml). */
export const DEFAULT_WORKFLOW_FILE = "foreman.yml";

/** The YAML a maintainer adds when the workflow is missing: the shipped example, in short. */
export function workflowSetupHint(workflowFile: string): string {
  return [
    `Add \`.github/workflows/${workflowFile}\` to the default branch (copy \`examples/workflows/foreman.yml\` from Foreman), at least:`,
    "",
    "```yaml",
    "name: foreman",
    'run-name: "foreman #${{ inputs.issue }} ${{ inputs.reason }}"',
    "on:",
    "  workflow_dispatch:",
    "    inputs:",
    "      issue: { required: true, type: string }",
    "      reason: { required: false, type: string, default: manual }",
    "      mode: { required: false, type: string, default: run }",
    "concurrency:",
    "  group: foreman-${{ inputs.issue }}",
    "  cancel-in-progress: false",
    "permissions:",
    "  contents: read",
    "jobs:",
    "  foreman:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - uses: actions/checkout@v4",
    "        with: { persist-credentials: false, fetch-depth: 0 }",
    "      - uses: foreman-dev/foreman@v0",
    "        with:",
    "          app-id: ${{ vars.FOREMAN_APP_ID }}",
    "          app-private-key: ${{ secrets.FOREMAN_APP_PRIVATE_KEY }}",
    "          issue: ${{ inputs.issue }}",
    "          reason: ${{ inputs.reason }}",
    "```",
  ].join("\n");
}

export class DispatchSetupError extends ForemanError {
  override readonly name = "DispatchSetupError";
  readonly kind = "usage";
  constructor(
    readonly problem: "missing_workflow" | "missing_permission",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface DispatchRequest {
  workflowFile: string;
  /** The branch the workflow runs on (the default branch). */
  ref: string;
  issue: number;
  reason: string;
  mode?: "run" | "recover";
}

/** Dispatches the workflow; returns the run id when GitHub reports it. */
export async function dispatchRun(client: GitHubClient, repo: RepoRef, req: DispatchRequest): Promise<{ runId?: number }> {
  const inputs: Record<string, string> = { issue: String(req.issue), reason: req.reason };
  if (req.mode !== undefined && req.mode !== "run") inputs["mode"] = req.mode;
  try {
    const res = await client.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
      owner: repo.owner,
      repo: repo.repo,
      workflow_id: req.workflowFile,
      ref: req.ref,
      inputs,
      return_run_details: true,
    });
    const data: unknown = res.data;
    const runId = typeof data === "object" && data !== null && "workflow_run_id" in data ? Number(data.workflow_run_id) : Number.NaN;
    return Number.isSafeInteger(runId) && runId > 0 ? { runId } : {};
  } catch (error) {
    if (error instanceof RequestError && error.status === 404) {
      throw new DispatchSetupError(
        "missing_workflow",
        `The Foreman workflow \`.github/workflows/${req.workflowFile}\` was not found on \`${req.ref}\`.`,
        {
          cause: error,
        },
      );
    }
    // A rate-limit 403 (secondary limit) is not a missing permission: the caller waits it out.
    if (error instanceof RequestError && error.status === 403 && classifyError({ status: 403, message: error.message }) !== "transient") {
      throw new DispatchSetupError(
        "missing_permission",
        "Foreman cannot start its workflow: the App lacks the **Actions: write** permission. Accept the updated permissions in the App's installation settings.",
        { cause: error },
      );
    }
    if (error instanceof RequestError && error.status === 422) {
      throw new DispatchSetupError(
        "missing_workflow",
        `The Foreman workflow \`.github/workflows/${req.workflowFile}\` cannot be dispatched: it needs a \`workflow_dispatch\` trigger with the inputs \`issue\` and \`reason\` (${error.message}).`,
        { cause: error },
      );
    }
    throw error;
  }
}

/** The issue a Foreman run is about, read from its `run-name` (`foreman #<issue> <reason>`). */
export function issueFromRunName(name: string | null | undefined): number | undefined {
  const m = /^foreman #([1-9][0-9]{0,9})(?:\s|$)/.exec(name ?? "");
  return m ? Number(m[1]) : undefined;
}

/**
 * Cancels every Foreman run for `issue` that has not completed (queued, waiting for the
 * concurrency group, or in progress); returns how many it cancelled. One list call: the API's
 * `status` filter takes one value, so the recent runs are listed and filtered here.
 */
export async function cancelRunsFor(client: GitHubClient, repo: RepoRef, workflowFile: string, issue: number): Promise<number> {
  const res = await client.request("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", {
    owner: repo.owner,
    repo: repo.repo,
    workflow_id: workflowFile,
    per_page: 100,
  });
  let cancelled = 0;
  for (const run of res.data.workflow_runs) {
    if (run.status === "completed" || issueFromRunName(run.display_title) !== issue) continue;
    try {
      await client.request("POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel", { owner: repo.owner, repo: repo.repo, run_id: Number(run.id) });
      cancelled++;
    } catch (error) {
      // 409: the run finished meanwhile; nothing left to cancel.
      if (!(error instanceof RequestError && error.status === 409)) throw error;
    }
  }
  return cancelled;
}
