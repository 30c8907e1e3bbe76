/**
 * Issue comments and reactions. Comments: list (with `since`), get, create, update; an edit
 * moves `updated_at` (at least one second past `created_at`, so an edit is always visible),
 * bodies over 65,536 characters are 422 "Body is too long", and reads carry a content `ETag`
 * that answers 304 to a matching `If-None-Match`. Editing someone else's comment needs a write
 * role. Reactions on issues and comments: 201 when new, 200 with the existing one otherwise.
 * Creating and editing send the `issue_comment` webhook.
 */
import { createHash } from "node:crypto";
import { requireAccess } from "../access.js";
import { invalid, notFound } from "../http-error.js";
import type { Router, RouteRequest, RouteResponse } from "../router.js";
import { commentJson, issueJson, reactionJson } from "../shapes.js";
import type { Comment, Repo, World } from "../world.js";
import { BODY_LIMIT, bodyTooLong } from "./limits.js";
import { intParam, json, objectBody, paginate, requiredString } from "./input.js";
import type { Services } from "./services.js";

export const REACTIONS = ["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"] as const;

/** A weak ETag of a JSON body, as GitHub sends. */
export function etagOf(body: unknown): string {
  return `W/"${createHash("sha1").update(JSON.stringify(body)).digest("hex")}"`;
}

/** A 200 with an ETag, or a 304 when the client already has this representation. */
export function conditional(req: RouteRequest, body: unknown, headers: Record<string, string> = {}): RouteResponse {
  const etag = etagOf(body);
  const sent = req.headers["if-none-match"];
  if (sent !== undefined && sent.split(",").some((t) => t.trim() === etag)) return { status: 304, headers: { etag } };
  return json(200, body, { ...headers, etag });
}

function validBody(body: Record<string, unknown>): string {
  const text = requiredString(body, "IssueComment", "body");
  if (text.trim() === "") throw invalid("IssueComment", "body", "missing_field");
  if (text.length > BODY_LIMIT) throw bodyTooLong("IssueComment");
  return text;
}

function findComment(repo: Repo, id: number): Comment {
  const comment = repo.comments.get(id);
  if (comment === undefined) throw notFound();
  return comment;
}

/** Adds a comment (used by the route and by `StandIn`). */
export function addComment(world: World, repo: Repo, issue: number, author: string, body: string): Comment {
  const now = world.now();
  const comment: Comment = { id: world.nextId(), issue, body, author, createdAt: now, updatedAt: now };
  repo.comments.set(comment.id, comment);
  return comment;
}

/** Replaces a comment's body; `updated_at` moves at least one second past `created_at`. */
export function editComment(world: World, comment: Comment, body: string): string {
  const before = comment.body;
  comment.body = body;
  comment.updatedAt = Math.max(world.now(), comment.createdAt + 1000, comment.updatedAt + 1000);
  return before;
}

function react(req: RouteRequest, subject: string): RouteResponse {
  const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
  const login = requireAccess(req.world, req.caller, repo, "read");
  const content = requiredString(objectBody(req), "Reaction", "content");
  if (!(REACTIONS as readonly string[]).includes(content))
    throw invalid("Reaction", "content", "invalid", `content '${content}' is not one of ${REACTIONS.join(", ")}.`);
  const existing = req.world.reactions.find((r) => r.subject === subject && r.author === login && r.content === content);
  if (existing !== undefined) return json(200, reactionJson(req.world, existing));
  const reaction = { id: req.world.nextId(), subject, author: login, content, createdAt: req.world.now() };
  req.world.reactions.push(reaction);
  return json(201, reactionJson(req.world, reaction));
}

export function registerComments(router: Router, services: Services): void {
  // Every issue's comments in the repository, oldest first; `since` filters on `updated_at`.
  router.add("GET", "/repos/{owner}/{repo}/issues/comments", (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    requireAccess(req.world, req.caller, repo, "read");
    const sinceText = req.query.get("since");
    const since = sinceText === null ? undefined : Date.parse(sinceText);
    if (since !== undefined && !Number.isFinite(since))
      throw invalid("IssueComment", "since", "invalid", `since '${sinceText}' is not an ISO 8601 time.`);
    const direction = req.query.get("direction") === "desc" ? -1 : 1;
    const all = [...repo.comments.values()].filter((c) => since === undefined || c.updatedAt >= since).sort((a, b) => direction * (a.id - b.id));
    const page = paginate(req, `${req.world.baseUrl}/repos/${repo.owner}/${repo.name}/issues/comments`, all);
    return conditional(
      req,
      page.items.map((c) => commentJson(req.world, repo, c)),
      page.headers,
    );
  });

  router.add("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments", (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    requireAccess(req.world, req.caller, repo, "read");
    const number = intParam(req, "issue_number");
    req.world.issue(repo, number);
    const sinceText = req.query.get("since");
    const since = sinceText === null ? undefined : Date.parse(sinceText);
    if (since !== undefined && !Number.isFinite(since))
      throw invalid("IssueComment", "since", "invalid", `since '${sinceText}' is not an ISO 8601 time.`);
    const all = [...repo.comments.values()]
      .filter((c) => c.issue === number && (since === undefined || c.updatedAt >= since))
      .sort((a, b) => a.id - b.id);
    const page = paginate(req, `${req.world.baseUrl}/repos/${repo.owner}/${repo.name}/issues/${number}/comments`, all);
    return conditional(
      req,
      page.items.map((c) => commentJson(req.world, repo, c)),
      page.headers,
    );
  });

  router.add("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    const login = requireAccess(req.world, req.caller, repo, "read");
    const issue = req.world.issue(repo, intParam(req, "issue_number"));
    const comment = addComment(req.world, repo, issue.number, login, validBody(objectBody(req)));
    const body = commentJson(req.world, repo, comment);
    services.event(repo, "issue_comment", { action: "created", issue: issueJson(req.world, repo, issue), comment: body }, login);
    return json(201, body, { location: String(body["url"]), etag: etagOf(body) });
  });

  router.add("GET", "/repos/{owner}/{repo}/issues/comments/{comment_id}", (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    requireAccess(req.world, req.caller, repo, "read");
    return conditional(req, commentJson(req.world, repo, findComment(repo, intParam(req, "comment_id"))));
  });

  router.add("PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}", (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    const comment = findComment(repo, intParam(req, "comment_id"));
    const own = (req.caller.kind === "user" || req.caller.kind === "installation") && req.caller.login.toLowerCase() === comment.author.toLowerCase();
    const login = requireAccess(req.world, req.caller, repo, own ? "read" : "write");
    const before = editComment(req.world, comment, validBody(objectBody(req)));
    const body = commentJson(req.world, repo, comment);
    const issue = req.world.issue(repo, comment.issue);
    services.event(
      repo,
      "issue_comment",
      { action: "edited", changes: { body: { from: before } }, issue: issueJson(req.world, repo, issue), comment: body },
      login,
    );
    return json(200, body, { etag: etagOf(body) });
  });

  router.add("POST", "/repos/{owner}/{repo}/issues/{issue_number}/reactions", (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    return react(req, `issue:${req.world.issue(repo, intParam(req, "issue_number")).number}`);
  });

  router.add("POST", "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    return react(req, `comment:${findComment(repo, intParam(req, "comment_id")).id}`);
  });
}
