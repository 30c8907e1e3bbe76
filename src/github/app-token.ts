/**
 * Installation tokens minted inside the Action from the App's id and private key, so that the
 * PR is opened by the App (its CI runs) and pushes use a token scoped to this repository.
 *
 * The installation is found with `GET /repos/{o}/{r}/installation` (App JWT), the token with
 * `@octokit/auth-app`. A token lives one hour: it is cached and minted again once fewer than
 * `REFRESH_MARGIN_MS` remain before its `expires_at`, by the injected clock, so a run longer
 * than an hour never pushes with an expired token. `fetch` is passed explicitly (tests stay
 * offline). Tokens are only returned: masking them in logs (`core.setSecret`) is the Action's job.
 *
 * Both calls are retried like every other request of the Action (`client.ts`): a 5xx or a 429
 * with backoff, a rate limit (primary or secondary) after its `retry-after`, at most 3 times.
 * Without it a single 502 on the token exchange failed the run before any session state
 * existed, so nothing (not even the App's watchdog) could pick the session up again.
 */
import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/core";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import Bottleneck from "bottleneck";
import { RequestError } from "@octokit/request-error";
import { ForemanError } from "../core/errors.js";
import { repoSlug, type RepoRef } from "./repo.js";
import type { TokenSource } from "./token-source.js";

export { staticTokenSource, type TokenSource } from "./token-source.js";

/** A token is minted again when fewer than this many milliseconds remain before it expires. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

export interface AppTokenDeps {
  appId: string;
  /** The App's private key (PEM). */
  privateKey: string;
  repo: RepoRef;
  /** `GITHUB_API_URL`. */
  baseUrl: string;
  fetch: typeof globalThis.fetch;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** Milliseconds per second of `retry-after` and of backoff steps: 1000 for real (default); tests use 1. */
  retryAfterBaseMs?: number;
}

/** Retries of a failed token call (5xx, 429, rate limits), as in `client.ts`. */
const TOKEN_CALL_RETRIES = 3;
/** The longest `retry-after` waited, in seconds; a longer one fails at once. */
const MAX_RETRY_AFTER_SECONDS = 120;

const AppOctokit = Octokit.plugin(retry, throttling);

/** Installation tokens of the App for `repo`, refreshed before they expire. */
export function appTokenSource(deps: AppTokenDeps): TokenSource {
  const baseMs = deps.retryAfterBaseMs ?? 1000;
  const waitOut = (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) =>
    retryCount < TOKEN_CALL_RETRIES && retryAfter <= MAX_RETRY_AFTER_SECONDS;
  const octokit = new AppOctokit({
    authStrategy: createAppAuth,
    auth: { appId: deps.appId, privateKey: deps.privateKey },
    baseUrl: deps.baseUrl,
    request: { fetch: deps.fetch },
    userAgent: "foreman",
    retry: { retries: TOKEN_CALL_RETRIES, retryAfterBaseValue: baseMs },
    throttle: {
      retryAfterBaseValue: baseMs,
      fallbackSecondaryRateRetryAfter: 60,
      onRateLimit: waitOut,
      onSecondaryRateLimit: waitOut,
      // Token calls create no content: no pacing of writes (one mint an hour at most).
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
    },
  });
  let installationId: number | undefined;
  let cached: { token: string; expiresAtMs: number } | undefined;
  let pending: Promise<string> | undefined;

  const mint = async (): Promise<string> => {
    if (installationId === undefined) {
      try {
        const found = await octokit.request("GET /repos/{owner}/{repo}/installation", { owner: deps.repo.owner, repo: deps.repo.repo });
        installationId = found.data.id;
      } catch (error) {
        if (error instanceof RequestError && error.status === 404) throw new AppNotInstalledError(deps.appId, repoSlug(deps.repo), { cause: error });
        throw error;
      }
    }
    // Scoped to this one repository: the token can touch nothing else the App is installed on.
    const auth = await octokit.auth({ type: "installation", installationId, repositoryNames: [deps.repo.repo], refresh: true });
    if (!isInstallationToken(auth)) throw new TypeError("@octokit/auth-app returned no installation token (expected token and expiresAt).");
    cached = { token: auth.token, expiresAtMs: Date.parse(auth.expiresAt) };
    return auth.token;
  };

  return {
    triggersWorkflows: true,
    token(): Promise<string> {
      if (cached !== undefined && cached.expiresAtMs - deps.now() > REFRESH_MARGIN_MS) return Promise.resolve(cached.token);
      // One mint at a time: concurrent callers share it.
      pending ??= mint().finally(() => {
        pending = undefined;
      });
      return pending;
    },
  };
}

/** The App of `app-id` has no installation on the repository. */
export class AppNotInstalledError extends ForemanError {
  override readonly name = "AppNotInstalledError";
  readonly kind = "usage";
  constructor(
    readonly appId: string,
    readonly repository: string,
    options?: { cause?: unknown },
  ) {
    super(
      `The GitHub App with app-id '${appId}' is not installed on ${repository}. Install the App on that repository, or check the app-id input.`,
      options,
    );
  }
}

function isInstallationToken(value: unknown): value is { token: string; expiresAt: string } {
  if (typeof value !== "object" || value === null) return false;
  const token: unknown = Reflect.get(value, "token");
  const expiresAt: unknown = Reflect.get(value, "expiresAt");
  return typeof token === "string" && typeof expiresAt === "string" && Number.isFinite(Date.parse(expiresAt));
}
