/**
 * GitHub Apps: the App itself (`GET /app`), its installation on a repository
 * (`GET /repos/{o}/{r}/installation`) and installation access tokens
 * (`POST /app/installations/{id}/access_tokens`), all with an App JWT verified against the
 * App's registered public key. A token acts as `<slug>[bot]`, lives one hour, and may be
 * narrowed to some of the installation's repositories (`repositories`, by name).
 */
import { INSTALLATION_TOKEN_TTL_MS } from "../auth.js";
import { GitHubHttpError, invalid, notFound } from "../http-error.js";
import type { Router, RouteRequest } from "../router.js";
import { appJson, installationJson, repositoryJson } from "../shapes.js";
import { iso } from "../world.js";
import { intParam, json, objectBody } from "./input.js";
import type { Services } from "./services.js";

function appIdOf(req: RouteRequest): number {
  if (req.caller.kind !== "app") throw new GitHubHttpError(401, "A JSON web token could not be decoded");
  return req.caller.appId;
}

export function registerApps(router: Router, services: Services): void {
  router.add(
    "GET",
    "/app",
    (req) => {
      const app = req.world.apps.get(appIdOf(req));
      if (app === undefined) throw notFound();
      return json(200, appJson(req.world, app));
    },
    "jwt",
  );

  router.add(
    "GET",
    "/repos/{owner}/{repo}/installation",
    (req) => {
      const appId = appIdOf(req);
      const repo = req.world.repo(req.params["owner"] ?? "", req.params["repo"] ?? "");
      const key = req.world.key(repo.owner, repo.name);
      const installation = [...req.world.installations.values()].find((i) => i.appId === appId && i.repos.has(key));
      if (installation === undefined) throw notFound();
      return json(200, installationJson(req.world, installation));
    },
    "jwt",
  );

  router.add(
    "GET",
    "/app/installations/{installation_id}",
    (req) => {
      const appId = appIdOf(req);
      const installation = req.world.installations.get(intParam(req, "installation_id"));
      if (installation === undefined || installation.appId !== appId) throw notFound();
      return json(200, installationJson(req.world, installation));
    },
    "jwt",
  );

  router.add(
    "POST",
    "/app/installations/{installation_id}/access_tokens",
    (req) => {
      const appId = appIdOf(req);
      const installation = req.world.installations.get(intParam(req, "installation_id"));
      const app = req.world.apps.get(appId);
      if (installation === undefined || installation.appId !== appId || app === undefined) throw notFound();
      const body = objectBody(req);
      const names: unknown = body["repositories"];
      let repos: Set<string> | undefined;
      if (names !== undefined) {
        if (!Array.isArray(names)) throw invalid("InstallationToken", "repositories", "invalid");
        repos = new Set();
        for (const name of names) {
          const key = req.world.key(installation.account, String(name));
          if (!installation.repos.has(key))
            throw new GitHubHttpError(
              422,
              `There is at least one repository that does not exist or is not accessible to the parent installation: '${String(name)}'.`,
            );
          repos.add(key);
        }
      }
      const expiresAt = req.world.now() + INSTALLATION_TOKEN_TTL_MS;
      const token = services.issueToken(
        { kind: "installation", login: `${app.slug}[bot]`, installationId: installation.id, appId, repos },
        INSTALLATION_TOKEN_TTL_MS,
      );
      const selected = [...(repos ?? installation.repos)].flatMap((k) => {
        const r = req.world.repos.get(k);
        return r ? [repositoryJson(req.world, r)] : [];
      });
      return json(201, {
        token,
        expires_at: iso(expiresAt),
        permissions: appJson(req.world, app)["permissions"],
        repository_selection: "selected",
        repositories: selected,
      });
    },
    "jwt",
  );
}
