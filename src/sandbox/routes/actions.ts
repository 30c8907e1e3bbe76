/**
 * GitHub Actions, as far as Foreman drives it: `workflow_dispatch` (404 when the workflow file
 * is not on the ref, 422 when it has no `workflow_dispatch` trigger or gets an undeclared or
 * more than 25 inputs; with `return_run_details` the answer is 200 with the run's id and URLs,
 * else 204), run lists (per repository and per workflow, filtered by `status`), and cancel
 * (202; 409 once completed). The run's title is the workflow's `run-name` with `inputs.*`
 * substituted. What a run does is the runner's business (`Services.runQueued`).
 */
import { parse } from "yaml";
import { requireAccess } from "../access.js";
import { GitHubHttpError, invalid, notFound } from "../http-error.js";
import { readFileAt, resolveRef } from "../git-remote.js";
import type { Router, RouteRequest } from "../router.js";
import { workflowRunJson } from "../shapes.js";
import type { Repo, WorkflowRun } from "../world.js";
import { intParam, json, objectBody, paginate, requiredString } from "./input.js";
import type { Services } from "./services.js";

export const MAX_DISPATCH_INPUTS = 25;

/** What the stand-in reads from a workflow file: its `run-name` and declared dispatch inputs. */
export interface WorkflowInfo {
  runName: string | undefined;
  dispatchable: boolean;
  inputs: string[];
}

/** Reads a workflow file's `run-name` and `workflow_dispatch` inputs; a file that is not YAML has neither. */
export function readWorkflow(text: string): WorkflowInfo {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return { runName: undefined, dispatchable: false, inputs: [] };
  }
  if (typeof doc !== "object" || doc === null) return { runName: undefined, dispatchable: false, inputs: [] };
  const runName: unknown = Reflect.get(doc, "run-name");
  const on: unknown = Reflect.get(doc, "on");
  const dispatchable =
    on === "workflow_dispatch" ||
    (Array.isArray(on) && on.includes("workflow_dispatch")) ||
    (typeof on === "object" && on !== null && "workflow_dispatch" in on);
  const dispatch: unknown = typeof on === "object" && on !== null && !Array.isArray(on) ? Reflect.get(on, "workflow_dispatch") : undefined;
  const inputs: unknown = typeof dispatch === "object" && dispatch !== null ? Reflect.get(dispatch, "inputs") : undefined;
  return {
    runName: typeof runName === "string" ? runName : undefined,
    dispatchable,
    inputs: typeof inputs === "object" && inputs !== null ? Object.keys(inputs) : [],
  };
}

/** `run-name` with `${{ inputs.x }}` (and `github.event.inputs.x`) replaced by the inputs. */
export function renderRunName(template: string | undefined, workflowName: string, inputs: Readonly<Record<string, string>>): string {
  if (template === undefined) return workflowName;
  return template.replace(/\$\{\{\s*(?:github\.event\.)?inputs\.([A-Za-z0-9_-]+)\s*\}\}/g, (_, name: string) => inputs[name] ?? "");
}

function runsOf(req: RouteRequest, repo: Repo, workflowFile?: string): WorkflowRun[] {
  const status = req.query.get("status");
  const event = req.query.get("event");
  return [...repo.runs.values()]
    .filter((r) => workflowFile === undefined || r.workflowFile === workflowFile)
    .filter((r) => status === null || r.status === status || r.conclusion === status)
    .filter((r) => event === null || r.event === event)
    .sort((a, b) => b.id - a.id);
}

function runsPage(req: RouteRequest, repo: Repo, url: string, runs: WorkflowRun[]) {
  const page = paginate(req, url, runs);
  return json(200, { total_count: runs.length, workflow_runs: page.items.map((r) => workflowRunJson(req.world, repo, r)) }, page.headers);
}

export function registerActions(router: Router, services: Services): void {
  router.add("POST", "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", async (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    const actor = requireAccess(req.world, req.caller, repo, "write");
    const file = req.params["workflow_id"] ?? "";
    const body = objectBody(req);
    const ref = requiredString(body, "WorkflowDispatch", "ref").replace(/^refs\/heads\//, "");
    const sha = await resolveRef(repo.gitDir, `refs/heads/${ref}`);
    if (sha === undefined) throw invalid("WorkflowDispatch", "ref", "invalid", `No ref found for: ${ref}`);
    const text = await readFileAt(repo.gitDir, sha, `.github/workflows/${file}`);
    if (text === undefined) throw notFound();
    const workflow = readWorkflow(text);
    if (!workflow.dispatchable) throw new GitHubHttpError(422, "Workflow does not have 'workflow_dispatch' trigger");
    const rawInputs: unknown = body["inputs"] ?? {};
    if (typeof rawInputs !== "object" || rawInputs === null || Array.isArray(rawInputs)) throw invalid("WorkflowDispatch", "inputs", "invalid");
    const inputs: Record<string, string> = {};
    for (const [k, v] of Object.entries(rawInputs)) inputs[k] = typeof v === "string" ? v : JSON.stringify(v);
    if (Object.keys(inputs).length > MAX_DISPATCH_INPUTS)
      throw new GitHubHttpError(422, `you may only define up to ${MAX_DISPATCH_INPUTS} \`inputs\` for a \`workflow_dispatch\` event`);
    const unexpected = Object.keys(inputs).filter((k) => !workflow.inputs.includes(k));
    if (unexpected.length > 0) throw new GitHubHttpError(422, `Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
    const now = req.world.now();
    const run: WorkflowRun = {
      id: req.world.nextId(),
      runNumber: repo.nextRunNumber++,
      path: `.github/workflows/${file}`,
      workflowFile: file,
      displayTitle: renderRunName(workflow.runName, file, inputs),
      event: "workflow_dispatch",
      ref,
      headSha: sha,
      inputs,
      status: "queued",
      conclusion: null,
      actor,
      createdAt: now,
      updatedAt: now,
    };
    repo.runs.set(run.id, run);
    services.runQueued(repo, run);
    if (body["return_run_details"] !== true) return { status: 204 };
    const api = `${req.world.baseUrl}/repos/${repo.owner}/${repo.name}/actions/runs/${run.id}`;
    return json(200, { workflow_run_id: run.id, run_url: api, html_url: `${req.world.baseUrl}/${repo.owner}/${repo.name}/actions/runs/${run.id}` });
  });

  router.add("GET", "/repos/{owner}/{repo}/actions/runs", (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    requireAccess(req.world, req.caller, repo, "read");
    return runsPage(req, repo, `${req.world.baseUrl}/repos/${repo.owner}/${repo.name}/actions/runs`, runsOf(req, repo));
  });

  router.add("GET", "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    requireAccess(req.world, req.caller, repo, "read");
    const file = req.params["workflow_id"] ?? "";
    return runsPage(req, repo, `${req.world.baseUrl}/repos/${repo.owner}/${repo.name}/actions/workflows/${file}/runs`, runsOf(req, repo, file));
  });

  router.add("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}", (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    requireAccess(req.world, req.caller, repo, "read");
    const run = repo.runs.get(intParam(req, "run_id"));
    if (run === undefined) throw notFound();
    return json(200, workflowRunJson(req.world, repo, run));
  });

  router.add("POST", "/repos/{owner}/{repo}/actions/runs/{run_id}/cancel", (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    requireAccess(req.world, req.caller, repo, "write");
    const run = repo.runs.get(intParam(req, "run_id"));
    if (run === undefined) throw notFound();
    if (run.status === "completed") throw new GitHubHttpError(409, "Cannot cancel a workflow run that is completed.");
    services.runCancelRequested(repo, run);
    return json(202, {});
  });
}
