/**
 * Who may do what on a repository, the way GitHub answers: repositories are public, so anyone
 * signed in reads, comments and reacts; writing (labels, pulls, refs, dispatches, editing
 * someone else's comment) needs a write role; an installation token reaches only the
 * repositories its App is installed on and it was minted for (404 elsewhere, as GitHub hides
 * them); check runs are written by Apps only.
 */
import type { Identity } from "./auth.js";
import { GitHubHttpError, notFound } from "./http-error.js";
import type { Repo, Role, World } from "./world.js";

export type Need = "read" | "write" | "admin";

const RANK: Record<Role | "none", number> = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };
const NEEDED: Record<Need, number> = { read: 0, write: 3, admin: 5 };

/** The login acting on `repo`, after checking it may do what `need` says. */
export function requireAccess(world: World, caller: Identity, repo: Repo, need: Need): string {
  switch (caller.kind) {
    case "anonymous":
      throw new GitHubHttpError(401, "Requires authentication");
    case "app":
      throw new GitHubHttpError(403, "A JSON web token cannot be used for this endpoint: use an installation access token.");
    case "installation": {
      const key = world.key(repo.owner, repo.name);
      const installation = world.installations.get(caller.installationId);
      if (installation === undefined || !installation.repos.has(key) || (caller.repos !== undefined && !caller.repos.has(key))) throw notFound();
      return caller.login;
    }
    case "user": {
      const role = world.role(repo, caller.login) ?? "none";
      if (RANK[role] < NEEDED[need])
        throw new GitHubHttpError(403, `Must have ${need} access to repository ${repo.owner}/${repo.name} (${caller.login} has ${role}).`);
      return caller.login;
    }
  }
}

/** An installation of an App on `repo`, required for check-run writes. */
export function requireApp(world: World, caller: Identity, repo: Repo): { login: string; appId: number } {
  const login = requireAccess(world, caller, repo, "write");
  if (caller.kind !== "installation") throw new GitHubHttpError(403, "You must authenticate via a GitHub App.");
  return { login, appId: caller.appId };
}
