/**
 * Git refs and repository contents, read from (and written to) the bare repository: get a ref,
 * list matching refs, create, update and delete refs (any `refs/<a>/<b>` name git accepts, as
 * GitHub's refs API does), and file contents (`.github/foreman.yml`, the org `.github`
 * repository's) as JSON with base64 content, or as text with the raw media type.
 */
import { requireAccess } from "../access.js";
import { GitHubHttpError, invalid, notFound } from "../http-error.js";
import { blobSha, deleteRef, isAncestor, listRefs, readFileAt, resolveRef, updateRef, validRefName } from "../git-remote.js";
import type { Router, RouteRequest } from "../router.js";
import { repoApiUrl } from "../shapes.js";
import type { Repo, World } from "../world.js";
import { json, objectBody, requiredString } from "./input.js";

function refJson(world: World, repo: Repo, ref: string, sha: string): Record<string, unknown> {
  return {
    ref,
    node_id: `REF_${Buffer.from(`${repo.id}:${ref}`).toString("base64url")}`,
    url: `${repoApiUrl(world, repo)}/git/${ref}`,
    object: { type: "commit", sha, url: `${repoApiUrl(world, repo)}/git/commits/${sha}` },
  };
}

function repoOf(req: RouteRequest): Repo {
  return req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
}

async function existingCommit(repo: Repo, sha: string): Promise<string> {
  const resolved = /^[0-9a-f]{40}$/.test(sha) ? await resolveRef(repo.gitDir, sha) : undefined;
  if (resolved !== sha) throw new GitHubHttpError(422, "Object does not exist");
  return sha;
}

export function registerGitData(router: Router): void {
  router.add("GET", "/repos/{owner}/{repo}/git/ref/{ref+}", async (req) => {
    const repo = repoOf(req);
    requireAccess(req.world, req.caller, repo, "read");
    const ref = `refs/${req.params["ref"] ?? ""}`;
    const found = (await listRefs(repo.gitDir, ref)).find((r) => r.ref === ref);
    if (found === undefined) throw notFound();
    return json(200, refJson(req.world, repo, found.ref, found.sha));
  });

  router.add("GET", "/repos/{owner}/{repo}/git/matching-refs/{ref+}", async (req) => {
    const repo = repoOf(req);
    requireAccess(req.world, req.caller, repo, "read");
    const refs = await listRefs(repo.gitDir, `refs/${req.params["ref"] ?? ""}`);
    return json(
      200,
      refs.map((r) => refJson(req.world, repo, r.ref, r.sha)),
    );
  });

  router.add("POST", "/repos/{owner}/{repo}/git/refs", async (req) => {
    const repo = repoOf(req);
    requireAccess(req.world, req.caller, repo, "write");
    const body = objectBody(req);
    const ref = requiredString(body, "Reference", "ref");
    const sha = requiredString(body, "Reference", "sha");
    if (!/^refs\/[^/]+\/.+/.test(ref) || !(await validRefName(ref)))
      throw new GitHubHttpError(422, `Reference name '${ref}' is not valid: use refs/<kind>/<name>.`);
    await existingCommit(repo, sha);
    if ((await resolveRef(repo.gitDir, ref)) !== undefined) throw new GitHubHttpError(422, "Reference already exists");
    await updateRef(repo.gitDir, ref, sha);
    return json(201, refJson(req.world, repo, ref, sha), { location: `${repoApiUrl(req.world, repo)}/git/${ref}` });
  });

  router.add("PATCH", "/repos/{owner}/{repo}/git/refs/{ref+}", async (req) => {
    const repo = repoOf(req);
    requireAccess(req.world, req.caller, repo, "write");
    const ref = `refs/${req.params["ref"] ?? ""}`;
    const body = objectBody(req);
    const sha = await existingCommit(repo, requiredString(body, "Reference", "sha"));
    const current = (await listRefs(repo.gitDir, ref)).find((r) => r.ref === ref);
    if (current === undefined) throw new GitHubHttpError(422, "Reference does not exist");
    if (body["force"] !== true && !(await isAncestor(repo.gitDir, current.sha, sha))) throw new GitHubHttpError(422, "Update is not a fast forward");
    await updateRef(repo.gitDir, ref, sha);
    return json(200, refJson(req.world, repo, ref, sha));
  });

  router.add("DELETE", "/repos/{owner}/{repo}/git/refs/{ref+}", async (req) => {
    const repo = repoOf(req);
    requireAccess(req.world, req.caller, repo, "write");
    const ref = `refs/${req.params["ref"] ?? ""}`;
    if (!(await listRefs(repo.gitDir, ref)).some((r) => r.ref === ref)) throw new GitHubHttpError(422, "Reference does not exist");
    await deleteRef(repo.gitDir, ref);
    return { status: 204 };
  });

  router.add("GET", "/repos/{owner}/{repo}/contents/{path+}", async (req) => {
    const repo = repoOf(req);
    requireAccess(req.world, req.caller, repo, "read");
    const file = req.params["path"] ?? "";
    const ref = req.query.get("ref") ?? repo.defaultBranch;
    if (ref.startsWith("-")) throw invalid("Contents", "ref", "invalid");
    const text = await readFileAt(repo.gitDir, ref, file);
    const sha = await blobSha(repo.gitDir, ref, file);
    if (text === undefined || sha === undefined) throw notFound();
    const accept = req.headers["accept"] ?? "";
    if (/application\/vnd\.github(\.v3)?\.raw/.test(accept))
      return { status: 200, raw: { text, contentType: "application/vnd.github.raw; charset=utf-8" } };
    const url = `${repoApiUrl(req.world, repo)}/contents/${file}?ref=${encodeURIComponent(ref)}`;
    const html = `${req.world.baseUrl}/${repo.owner}/${repo.name}/blob/${ref}/${file}`;
    const gitUrl = `${repoApiUrl(req.world, repo)}/git/blobs/${sha}`;
    return json(200, {
      type: "file",
      encoding: "base64",
      size: Buffer.byteLength(text),
      name: file.split("/").pop() ?? file,
      path: file,
      content: Buffer.from(text).toString("base64"),
      sha,
      url,
      git_url: gitUrl,
      html_url: html,
      download_url: `${req.world.baseUrl}/raw/${repo.owner}/${repo.name}/${ref}/${file}`,
      _links: { self: url, git: gitUrl, html },
    });
  });
}
