/**
 * Check runs, written by Apps only: create on a commit that exists, update, list for a ref
 * (a SHA or a branch, filtered by `check_name` and `status`). Setting `conclusion` completes
 * the run; buttons and outputs are held to GitHub's limits (see limits.ts). A button click is
 * `StandIn.clickCheckRunButton`, which sends `check_run.requested_action`.
 */
import { requireAccess, requireApp } from "../access.js";
import { invalid, notFound } from "../http-error.js";
import { resolveRef } from "../git-remote.js";
import type { Router, RouteRequest } from "../router.js";
import { checkRunJson } from "../shapes.js";
import type { CheckRun, Repo } from "../world.js";
import { checkActions, checkOutputText } from "./limits.js";
import { intParam, json, objectBody, optionalString, requiredString, type Body } from "./input.js";
import type { Services } from "./services.js";

const STATUSES = ["queued", "in_progress", "completed", "waiting", "requested", "pending"] as const;
const CONCLUSIONS = ["action_required", "cancelled", "failure", "neutral", "success", "skipped", "stale", "timed_out"] as const;

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], field: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw invalid("CheckRun", field, "invalid", `${field} '${value}' is not one of ${allowed.join(", ")}.`);
  return value as T;
}

function timeField(body: Body, field: string): number | undefined {
  const text = optionalString(body, "CheckRun", field);
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw invalid("CheckRun", field, "invalid", `${field} '${text}' is not an ISO 8601 time.`);
  return ms;
}

/** Applies the fields of a create or update body to `run`. */
function apply(req: RouteRequest, run: CheckRun, body: Body): void {
  const status = oneOf(optionalString(body, "CheckRun", "status"), STATUSES, "status");
  const conclusion = oneOf(optionalString(body, "CheckRun", "conclusion"), CONCLUSIONS, "conclusion");
  const name = optionalString(body, "CheckRun", "name");
  if (name !== undefined) run.name = name;
  const detailsUrl = optionalString(body, "CheckRun", "details_url");
  if (detailsUrl !== undefined) run.detailsUrl = detailsUrl;
  const externalId = optionalString(body, "CheckRun", "external_id");
  if (externalId !== undefined) run.externalId = externalId;
  const started = timeField(body, "started_at");
  if (started !== undefined) run.startedAt = started;
  const output: unknown = body["output"];
  if (output !== undefined) {
    if (typeof output !== "object" || output === null) throw invalid("CheckRun", "output", "invalid");
    const title = checkOutputText(Reflect.get(output, "title"), "title");
    const summary = checkOutputText(Reflect.get(output, "summary"), "summary");
    if (title === null || summary === null) throw invalid("CheckRun", "output", "missing_field", "output needs a title and a summary.");
    run.output = { title, summary, text: checkOutputText(Reflect.get(output, "text"), "text") };
  }
  const actions = checkActions(body["actions"]);
  if (actions !== undefined) run.actions = actions;
  if (conclusion !== undefined) {
    run.conclusion = conclusion;
    run.status = "completed";
    run.completedAt = timeField(body, "completed_at") ?? req.world.now();
  } else if (status === "completed") {
    throw invalid("CheckRun", "conclusion", "missing_field", "A completed check run needs a conclusion.");
  } else if (status !== undefined) {
    run.status = status;
  }
}

function findRun(repo: Repo, id: number): CheckRun {
  const run = repo.checkRuns.get(id);
  if (run === undefined) throw notFound();
  return run;
}

export function registerCheckRuns(router: Router, _services: Services): void {
  router.add("POST", "/repos/{owner}/{repo}/check-runs", async (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    const { appId } = requireApp(req.world, req.caller, repo);
    const body = objectBody(req);
    const name = requiredString(body, "CheckRun", "name");
    const headSha = requiredString(body, "CheckRun", "head_sha");
    if (!/^[0-9a-f]{40}$/.test(headSha) || (await resolveRef(repo.gitDir, headSha)) !== headSha)
      throw invalid("CheckRun", "head_sha", "invalid", `No commit found for SHA: ${headSha}`);
    const run: CheckRun = {
      id: req.world.nextId(),
      name,
      headSha,
      status: "queued",
      conclusion: null,
      externalId: null,
      detailsUrl: null,
      startedAt: req.world.now(),
      completedAt: null,
      output: { title: null, summary: null, text: null },
      actions: [],
      appId,
    };
    apply(req, run, body);
    repo.checkRuns.set(run.id, run);
    return json(201, checkRunJson(req.world, repo, run));
  });

  router.add("PATCH", "/repos/{owner}/{repo}/check-runs/{check_run_id}", (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    const { appId } = requireApp(req.world, req.caller, repo);
    const run = findRun(repo, intParam(req, "check_run_id"));
    if (run.appId !== appId) throw notFound();
    apply(req, run, objectBody(req));
    return json(200, checkRunJson(req.world, repo, run));
  });

  router.add("GET", "/repos/{owner}/{repo}/check-runs/{check_run_id}", (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    requireAccess(req.world, req.caller, repo, "read");
    return json(200, checkRunJson(req.world, repo, findRun(repo, intParam(req, "check_run_id"))));
  });

  router.add("GET", "/repos/{owner}/{repo}/commits/{ref+}/check-runs", async (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    requireAccess(req.world, req.caller, repo, "read");
    const sha = await resolveRef(repo.gitDir, req.params["ref"] ?? "");
    if (sha === undefined) throw invalid("Commit", "ref", "invalid", `No commit found for SHA: ${req.params["ref"] ?? ""}`);
    const name = req.query.get("check_name");
    const status = req.query.get("status");
    const runs = [...repo.checkRuns.values()]
      .filter((r) => r.headSha === sha && (name === null || r.name === name) && (status === null || r.status === status))
      .sort((a, b) => b.id - a.id);
    // filter=latest (the default) keeps the newest run of each name.
    const latest = req.query.get("filter") !== "all" ? runs.filter((r, i) => runs.findIndex((o) => o.name === r.name) === i) : runs;
    return json(200, { total_count: latest.length, check_runs: latest.map((r) => checkRunJson(req.world, repo, r)) });
  });
}
