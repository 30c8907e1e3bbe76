/**
 * Where the Action's writing token comes from: an installation token minted from the App's id
 * and key (refreshed before it expires, for runs longer than its hour), else `github-token`.
 * Apart from wiring.ts so the entry point can load the adapters lazily (cold start).
 */
import { appTokenSource, staticTokenSource, type TokenSource } from "../github/app-token.js";
import type { ActionSettings } from "./settings.js";

/** The installation token when the Action runs with an App; else the job's token. */
export function tokenSourceOf(settings: ActionSettings, fetch: typeof globalThis.fetch, now: () => number): TokenSource {
  return settings.app === undefined
    ? staticTokenSource(settings.githubToken)
    : appTokenSource({ appId: settings.app.appId, privateKey: settings.app.privateKey, repo: settings.repo, baseUrl: settings.apiUrl, fetch, now });
}
