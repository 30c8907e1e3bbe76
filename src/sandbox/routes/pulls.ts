/**
 * Pull requests: list (by `state`, `head` as `owner:branch`, `base`), create (the head branch
 * must exist in the bare repository and differ from the base; one open PR per head and base,
 * as GitHub's 422 "A pull request already exists" says), update (title, body, state, base).
 * A PR shares the issue number space, so its conversation is an issue; closing one sends
 * `pull_request.closed`.
 */
import { requireAccess } from "../access.js";
import { GitHubHttpError, invalid, notFound } from "../http-error.js";
import { resolveRef } from "../git-remote.js";
import type { Router, RouteRequest } from "../router.js";
import { pullJson } from "../shapes.js";
import type { Issue, Pull, Repo } from "../world.js";
import { BODY_LIMIT, bodyTooLong } from "./limits.js";
import { intParam, json, objectBody, optionalString, paginate, requiredString } from "./input.js";
import type { Services } from "./services.js";

/** Reads the branch tips again, so a push after the PR was opened shows. */
async function refresh(repo: Repo, pull: Pull): Promise<Pull> {
  pull.headSha = (await resolveRef(repo.gitDir, `refs/heads/${pull.head}`)) ?? pull.headSha;
  pull.baseSha = (await resolveRef(repo.gitDir, `refs/heads/${pull.base}`)) ?? pull.baseSha;
  return pull;
}

function issueOf(repo: Repo, pull: Pull): Issue {
  const issue = repo.issues.get(pull.number);
  if (issue === undefined) throw notFound();
  return issue;
}

/** `owner:branch` or `branch` → branch, when the owner is this repository's. */
function headBranch(repo: Repo, head: string): string | undefined {
  const at = head.indexOf(":");
  if (at < 0) return head;
  return head.slice(0, at).toLowerCase() === repo.owner.toLowerCase() ? head.slice(at + 1) : undefined;
}

async function listPulls(req: RouteRequest, repo: Repo): Promise<Pull[]> {
  const state = req.query.get("state") ?? "open";
  const head = req.query.get("head");
  const base = req.query.get("base");
  const branch = head === null ? undefined : headBranch(repo, head);
  const out: Pull[] = [];
  for (const pull of [...repo.pulls.values()].sort((a, b) => b.number - a.number)) {
    const issue = issueOf(repo, pull);
    if (state !== "all" && issue.state !== state) continue;
    if (head !== null && pull.head !== branch) continue;
    if (base !== null && pull.base !== base) continue;
    out.push(await refresh(repo, pull));
  }
  return out;
}

export function registerPulls(router: Router, services: Services): void {
  router.add("GET", "/repos/{owner}/{repo}/pulls", async (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    requireAccess(req.world, req.caller, repo, "read");
    const page = paginate(req, `${req.world.baseUrl}/repos/${repo.owner}/${repo.name}/pulls`, await listPulls(req, repo));
    return json(
      200,
      page.items.map((p) => pullJson(req.world, repo, p, issueOf(repo, p))),
      page.headers,
    );
  });

  router.add("GET", "/repos/{owner}/{repo}/pulls/{pull_number}", async (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    requireAccess(req.world, req.caller, repo, "read");
    const pull = repo.pulls.get(intParam(req, "pull_number"));
    if (pull === undefined) throw notFound();
    return json(200, pullJson(req.world, repo, await refresh(repo, pull), issueOf(repo, pull)));
  });

  router.add("POST", "/repos/{owner}/{repo}/pulls", async (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    const login = requireAccess(req.world, req.caller, repo, "write");
    const body = objectBody(req);
    const title = requiredString(body, "PullRequest", "title");
    const headText = requiredString(body, "PullRequest", "head");
    const base = requiredString(body, "PullRequest", "base");
    const text = optionalString(body, "PullRequest", "body");
    if (text !== undefined && text.length > BODY_LIMIT) throw bodyTooLong("PullRequest");
    const head = headBranch(repo, headText);
    const headSha = head === undefined ? undefined : await resolveRef(repo.gitDir, `refs/heads/${head}`);
    if (head === undefined || headSha === undefined) throw invalid("PullRequest", "head", "invalid");
    const baseSha = await resolveRef(repo.gitDir, `refs/heads/${base}`);
    if (baseSha === undefined) throw invalid("PullRequest", "base", "invalid");
    if (headSha === baseSha)
      throw new GitHubHttpError(422, "Validation Failed", [
        { resource: "PullRequest", code: "custom", message: `No commits between ${base} and ${head}` },
      ]);
    const open = [...repo.pulls.values()].find((p) => p.head === head && p.base === base && issueOf(repo, p).state === "open");
    if (open !== undefined)
      throw new GitHubHttpError(422, "Validation Failed", [
        { resource: "PullRequest", code: "custom", message: `A pull request already exists for ${repo.owner}:${head}.` },
      ]);
    const now = req.world.now();
    const issue: Issue = {
      id: req.world.nextId(),
      number: repo.nextNumber++,
      title,
      body: text ?? null,
      state: "open",
      stateReason: null,
      author: login,
      labels: [],
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      isPull: true,
    };
    repo.issues.set(issue.number, issue);
    const pull: Pull = { id: req.world.nextId(), number: issue.number, head, base, draft: body["draft"] === true, headSha, baseSha };
    repo.pulls.set(pull.number, pull);
    const out = pullJson(req.world, repo, pull, issue);
    services.event(repo, "pull_request", { action: "opened", number: pull.number, pull_request: out }, login);
    return json(201, out, { location: String(out["url"]) });
  });

  router.add("PATCH", "/repos/{owner}/{repo}/pulls/{pull_number}", async (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    const login = requireAccess(req.world, req.caller, repo, "write");
    const pull = repo.pulls.get(intParam(req, "pull_number"));
    if (pull === undefined) throw notFound();
    const issue = issueOf(repo, pull);
    const body = objectBody(req);
    const title = optionalString(body, "PullRequest", "title");
    const text = optionalString(body, "PullRequest", "body");
    const state = optionalString(body, "PullRequest", "state");
    const base = optionalString(body, "PullRequest", "base");
    if (state !== undefined && state !== "open" && state !== "closed") throw invalid("PullRequest", "state", "invalid");
    if (text !== undefined && text.length > BODY_LIMIT) throw bodyTooLong("PullRequest");
    if (base !== undefined && (await resolveRef(repo.gitDir, `refs/heads/${base}`)) === undefined) throw invalid("PullRequest", "base", "invalid");
    const now = req.world.now();
    if (title !== undefined) issue.title = title;
    if (text !== undefined) issue.body = text;
    if (base !== undefined) pull.base = base;
    const was = issue.state;
    if (state !== undefined) {
      issue.state = state;
      issue.closedAt = state === "closed" ? now : null;
    }
    issue.updatedAt = now;
    const out = pullJson(req.world, repo, await refresh(repo, pull), issue);
    if (state !== undefined && state !== was)
      services.event(repo, "pull_request", { action: state === "closed" ? "closed" : "reopened", number: pull.number, pull_request: out }, login);
    return json(200, out);
  });
}
