/**
 * Issues and their labels: get, list (by `labels`, `state`, `since`, newest or oldest first),
 * create, update (title, body, state with `state_reason`, labels), add and remove labels.
 * Labels a writer names are created on first use, as GitHub does for people with push access.
 * Opening, closing, labelling and unlabelling send the `issues` webhook. Each label added or
 * removed (at creation too) is an issue event, listed oldest first, paged with a `Link` header.
 */
import { requireAccess } from "../access.js";
import { GitHubHttpError, invalid } from "../http-error.js";
import type { Router, RouteRequest } from "../router.js";
import { issueEventJson, issueJson, labelJson } from "../shapes.js";
import type { Issue, IssueEvent, Label, Repo, World } from "../world.js";
import { BODY_LIMIT, bodyTooLong } from "./limits.js";
import { intParam, json, objectBody, optionalString, paginate, requiredString } from "./input.js";
import type { Services } from "./services.js";

/** The label named `name` on `repo`, created when absent. */
export function ensureLabel(world: World, repo: Repo, name: string): Label {
  const key = name.toLowerCase();
  let label = repo.labels.get(key);
  if (label === undefined) {
    label = { id: world.nextId(), name, color: "ededed", description: null };
    repo.labels.set(key, label);
  }
  return label;
}

function labelNames(body: Record<string, unknown>, resource: string): string[] | undefined {
  const value = body["labels"];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw invalid(resource, "labels", "invalid", "labels is not an array.");
  return value.map((l: unknown) => {
    if (typeof l === "string" && l.trim() !== "") return l;
    if (typeof l === "object" && l !== null && typeof Reflect.get(l, "name") === "string") return String(Reflect.get(l, "name"));
    throw invalid(resource, "labels", "invalid", `Label ${JSON.stringify(l)} is not a label name.`);
  });
}

/** Records that `actor` added or removed `label` on `issue` (an issue event). */
function recordLabelEvent(world: World, repo: Repo, issue: Issue, event: IssueEvent["event"], label: string, actor: string): void {
  repo.events.push({ id: world.nextId(), issue: issue.number, event, label, actor, createdAt: world.now() });
}

function checkBodySize(body: string | undefined, resource: string): void {
  if (body !== undefined && body.length > BODY_LIMIT) throw bodyTooLong(resource);
}

/** Opens an issue (used by the route and by `StandIn`). */
export function openIssue(
  world: World,
  repo: Repo,
  author: string,
  fields: { title: string; body?: string | null; labels?: readonly string[] },
): Issue {
  const now = world.now();
  const issue: Issue = {
    id: world.nextId(),
    number: repo.nextNumber++,
    title: fields.title,
    body: fields.body ?? null,
    state: "open",
    stateReason: null,
    author,
    labels: [],
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    isPull: false,
  };
  repo.issues.set(issue.number, issue);
  addLabels(world, repo, issue, fields.labels ?? [], author);
  return issue;
}

/** `actor` adds labels; returns the ones that were not there yet (one `labeled` event each). */
export function addLabels(world: World, repo: Repo, issue: Issue, names: readonly string[], actor: string): Label[] {
  const added: Label[] = [];
  for (const name of names) {
    const label = ensureLabel(world, repo, name);
    if (issue.labels.some((l) => l.toLowerCase() === label.name.toLowerCase())) continue;
    issue.labels.push(label.name);
    recordLabelEvent(world, repo, issue, "labeled", label.name, actor);
    added.push(label);
  }
  if (added.length > 0) issue.updatedAt = world.now();
  return added;
}

function listIssues(req: RouteRequest, repo: Repo): Issue[] {
  const state = req.query.get("state") ?? "open";
  const wanted = (req.query.get("labels") ?? "")
    .split(",")
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l !== "");
  const sinceText = req.query.get("since");
  const since = sinceText === null ? undefined : Date.parse(sinceText);
  if (since !== undefined && !Number.isFinite(since)) throw invalid("Issue", "since", "invalid", `since '${sinceText}' is not an ISO 8601 time.`);
  const sort = req.query.get("sort") ?? "created";
  const ascending = req.query.get("direction") === "asc";
  return [...repo.issues.values()]
    .filter((i) => state === "all" || i.state === state)
    .filter((i) => wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)))
    .filter((i) => since === undefined || i.updatedAt >= since)
    .sort((a, b) => {
      const key = sort === "updated" ? a.updatedAt - b.updatedAt : a.createdAt - b.createdAt || a.number - b.number;
      return ascending ? key : -key;
    });
}

export function registerIssues(router: Router, services: Services): void {
  router.add("GET", "/repos/{owner}/{repo}/issues/{issue_number}", (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    requireAccess(req.world, req.caller, repo, "read");
    return json(200, issueJson(req.world, repo, req.world.issue(repo, intParam(req, "issue_number"))));
  });

  router.add("GET", "/repos/{owner}/{repo}/issues/{issue_number}/events", (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    requireAccess(req.world, req.caller, repo, "read");
    const issue = req.world.issue(repo, intParam(req, "issue_number"));
    const events = repo.events.filter((e) => e.issue === issue.number);
    const page = paginate(req, `${req.world.baseUrl}/repos/${repo.owner}/${repo.name}/issues/${issue.number}/events`, events);
    return json(
      200,
      page.items.map((e) => issueEventJson(req.world, repo, e)),
      page.headers,
    );
  });

  router.add("GET", "/repos/{owner}/{repo}/issues", (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    requireAccess(req.world, req.caller, repo, "read");
    const page = paginate(req, `${req.world.baseUrl}/repos/${repo.owner}/${repo.name}/issues`, listIssues(req, repo));
    return json(
      200,
      page.items.map((i) => issueJson(req.world, repo, i)),
      page.headers,
    );
  });

  router.add("POST", "/repos/{owner}/{repo}/issues", (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    const login = requireAccess(req.world, req.caller, repo, "read");
    const body = objectBody(req);
    const title = requiredString(body, "Issue", "title");
    if (title.trim() === "") throw invalid("Issue", "title", "missing_field");
    const text = optionalString(body, "Issue", "body");
    checkBodySize(text, "Issue");
    const labels = labelNames(body, "Issue") ?? [];
    const issue = openIssue(req.world, repo, login, { title, body: text ?? null, labels });
    services.event(repo, "issues", { action: "opened", issue: issueJson(req.world, repo, issue) }, login);
    return json(201, issueJson(req.world, repo, issue), { location: `${req.world.baseUrl}/repos/${repo.owner}/${repo.name}/issues/${issue.number}` });
  });

  router.add("PATCH", "/repos/{owner}/{repo}/issues/{issue_number}", (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    const issue = req.world.issue(repo, intParam(req, "issue_number"));
    const own = req.caller.kind === "user" && req.caller.login.toLowerCase() === issue.author.toLowerCase();
    const login = requireAccess(req.world, req.caller, repo, own ? "read" : "write");
    const body = objectBody(req);
    const title = optionalString(body, "Issue", "title");
    const text = body["body"] === null ? null : optionalString(body, "Issue", "body");
    const state = optionalString(body, "Issue", "state");
    const reason = body["state_reason"] === null ? null : optionalString(body, "Issue", "state_reason");
    if (state !== undefined && state !== "open" && state !== "closed")
      throw invalid("Issue", "state", "invalid", `state '${state}' must be open or closed.`);
    if (reason !== undefined && reason !== null && !["completed", "not_planned", "reopened"].includes(reason))
      throw invalid("Issue", "state_reason", "invalid", `state_reason '${reason}' must be completed, not_planned or reopened.`);
    checkBodySize(text ?? undefined, "Issue");
    const labels = labelNames(body, "Issue");
    const now = req.world.now();
    if (title !== undefined) issue.title = title;
    if (text !== undefined) issue.body = text;
    if (labels !== undefined) {
      const next = labels.map((l) => ensureLabel(req.world, repo, l).name);
      const has = (list: readonly string[], name: string) => list.some((l) => l.toLowerCase() === name.toLowerCase());
      for (const name of issue.labels) if (!has(next, name)) recordLabelEvent(req.world, repo, issue, "unlabeled", name, login);
      for (const name of next) if (!has(issue.labels, name)) recordLabelEvent(req.world, repo, issue, "labeled", name, login);
      issue.labels = next;
    }
    const wasState = issue.state;
    if (state !== undefined) {
      issue.state = state;
      issue.closedAt = state === "closed" ? (issue.closedAt ?? now) : null;
      issue.stateReason =
        state === "closed" ? ((reason as Issue["stateReason"] | undefined) ?? "completed") : wasState === "closed" ? "reopened" : issue.stateReason;
    }
    issue.updatedAt = now;
    if (state !== undefined && state !== wasState)
      services.event(repo, "issues", { action: state === "closed" ? "closed" : "reopened", issue: issueJson(req.world, repo, issue) }, login);
    return json(200, issueJson(req.world, repo, issue));
  });

  router.add("POST", "/repos/{owner}/{repo}/issues/{issue_number}/labels", (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    const login = requireAccess(req.world, req.caller, repo, "write");
    const issue = req.world.issue(repo, intParam(req, "issue_number"));
    const names = Array.isArray(req.body) ? labelNames({ labels: req.body }, "Label") : labelNames(objectBody(req), "Label");
    if (names === undefined || names.length === 0) throw invalid("Label", "labels", "missing_field");
    for (const label of addLabels(req.world, repo, issue, names, login))
      services.event(
        repo,
        "issues",
        { action: "labeled", issue: issueJson(req.world, repo, issue), label: labelJson(req.world, repo, label) },
        login,
      );
    return json(
      200,
      issue.labels.flatMap((n) => {
        const l = repo.labels.get(n.toLowerCase());
        return l ? [labelJson(req.world, repo, l)] : [];
      }),
    );
  });

  router.add("DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    const login = requireAccess(req.world, req.caller, repo, "write");
    const issue = req.world.issue(repo, intParam(req, "issue_number"));
    const name = (req.params["name"] ?? "").toLowerCase();
    const label = repo.labels.get(name);
    if (label === undefined || !issue.labels.some((l) => l.toLowerCase() === name)) throw new GitHubHttpError(404, "Label does not exist");
    issue.labels = issue.labels.filter((l) => l.toLowerCase() !== name);
    recordLabelEvent(req.world, repo, issue, "unlabeled", label.name, login);
    issue.updatedAt = req.world.now();
    services.event(
      repo,
      "issues",
      { action: "unlabeled", issue: issueJson(req.world, repo, issue), label: labelJson(req.world, repo, label) },
      login,
    );
    return json(
      200,
      issue.labels.flatMap((n) => {
        const l = repo.labels.get(n.toLowerCase());
        return l ? [labelJson(req.world, repo, l)] : [];
      }),
    );
  });
}
