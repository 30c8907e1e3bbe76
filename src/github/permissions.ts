/**
 * A person's permission on the repository, from `GET /repos/{o}/{r}/collaborators/{u}/permission`
 * (DESIGN.md, Security): never from `author_association`, which is not a permission (a MEMBER may
 * have no access, a COLLABORATOR may be read-only). GitHub folds `maintain` into `write` and
 * `triage` into `read` in the `permission` field; the same folding is applied here to whatever
 * older or Enterprise servers may send. Someone who is not a collaborator (404) has `none`.
 */
import { RequestError } from "@octokit/request-error";
import type { GitHubClient } from "./client.js";
import type { RepoRef } from "./repo.js";

export type Permission = "admin" | "write" | "read" | "none";

const RANK: Record<Permission, number> = { none: 0, read: 1, write: 2, admin: 3 };

/** Whether `has` is at least `needs` (admin ≥ write ≥ read ≥ none). */
export function permissionAtLeast(has: Permission, needs: Permission): boolean {
  return RANK[has] >= RANK[needs];
}

/** Folds what GitHub may answer into the four levels Foreman compares. */
export function toPermission(value: string | undefined | null): Permission {
  switch (value) {
    case "admin":
      return "admin";
    case "maintain":
    case "write":
      return "write";
    case "triage":
    case "read":
      return "read";
    default:
      return "none";
  }
}

/** `login`'s permission on `repo`; 404 (not a collaborator, or no such user) is `none`. */
export async function collaboratorPermission(client: GitHubClient, repo: RepoRef, login: string): Promise<Permission> {
  try {
    const res = await client.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", {
      owner: repo.owner,
      repo: repo.repo,
      username: login,
    });
    return toPermission(res.data.permission);
  } catch (error) {
    if (error instanceof RequestError && error.status === 404) return "none";
    throw error;
  }
}
