/**
 * A person's permission on a repository (`GET /repos/{o}/{r}/collaborators/{u}/permission`):
 * `role_name` is the role as granted (admin, maintain, write, triage, read); `permission`
 * folds maintain into write and triage into read, as GitHub does. Someone who is not a
 * collaborator, or no such user, is 404.
 */
import { requireAccess } from "../access.js";
import { notFound } from "../http-error.js";
import type { Router } from "../router.js";
import { userJson } from "../shapes.js";
import type { Role } from "../world.js";
import { json } from "./input.js";

const FOLDED: Record<Role, "admin" | "write" | "read"> = { admin: "admin", maintain: "write", write: "write", triage: "read", read: "read" };

export function registerCollaborators(router: Router): void {
  router.add("GET", "/repos/{owner}/{repo}/collaborators/{username}/permission", (req) => {
    const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
    requireAccess(req.world, req.caller, repo, "read");
    const login = req.params["username"] ?? "";
    const role = req.world.role(repo, login);
    if (role === undefined || !req.world.users.has(login.toLowerCase())) throw notFound();
    return json(200, {
      permission: FOLDED[role],
      role_name: role,
      user: {
        ...userJson(req.world, login),
        role_name: role,
        permissions: {
          admin: role === "admin",
          maintain: ["admin", "maintain"].includes(role),
          push: FOLDED[role] !== "read",
          triage: role !== "read",
          pull: true,
        },
      },
    });
  });
}
