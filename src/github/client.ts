/**
 * The one way Foreman builds a GitHub client, for the Action and the App alike.
 *
 * - `fetch` is passed explicitly: `@actions/github` uses undici's own fetch, which test mocks do
 *   not see, so a test could silently reach the network. Tests pass `globalThis.fetch` (nock).
 * - Server errors (5xx) are retried with backoff (plugin-retry); the primary and the secondary
 *   rate limit are waited out a bounded number of times (plugin-throttling; a secondary-limit
 *   retry is spread by up to 5 s more, so runs sharing an installation do not all retry at the
 *   same instant); a 429 is retried
 *   after its `retry-after` (GitHub sends it; plugin-retry alone would ignore it). Past the
 *   bounds the request fails with GitHub's error, which callers turn into a message.
 * - Every log line goes through `maskSecrets`: a token never reaches a log, whatever logs it.
 * - `onRequest` sees each request's method and route template (before retries): the per-endpoint
 *   call counts the benchmark prints and the API budget is checked against.
 *
 * Adapters use `client.request("VERB /route", params)` (typed by @octokit/types) and
 * `client.graphql`, so the same adapter works with Probot's `context.octokit`.
 */
import { Octokit } from "@octokit/core";
import { paginateRest } from "@octokit/plugin-paginate-rest";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { RequestError } from "@octokit/request-error";
import Bottleneck from "bottleneck";

/** What adapters need from a client: REST requests, pagination and GraphQL. Probot's client fits. */
export type GitHubClient = Pick<InstanceType<typeof ForemanOctokit>, "request" | "graphql" | "paginate">;

export interface ClientLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface GitHubClientOptions {
  /** A token (installation, `GITHUB_TOKEN`, or a user token). Never logged. */
  token: string;
  /**
   * Where a fresh token comes from for each request (an installation token refreshed before it
   * expires, for runs longer than its hour); `token` is then only the first one.
   */
  tokens?: { token(): Promise<string> };
  /** `GITHUB_API_URL`; default https://api.github.com. */
  baseUrl?: string;
  fetch: typeof globalThis.fetch;
  log?: ClientLog;
  /** Further strings to mask in every log line (other tokens, keys). */
  secrets?: readonly string[];
  /** Milliseconds per second of `retry-after` and of backoff steps: 1000 for real; tests use 1. */
  retryAfterBaseMs?: number;
  /** Retries of a 5xx, a 429, or a rate-limited request before failing. Default 3. */
  retries?: number;
  /**
   * Retries of a secondary-limit answer before failing. Default 10: GitHub's window frees within
   * a minute, but concurrent runs of one installation compete for it, so one try may lose again
   * (bounded: at most this many waits of at most `maxRetryAfterSeconds`).
   */
  secondaryRetries?: number;
  /** Longest `retry-after` waited (seconds); a longer one fails at once. Default 120. */
  maxRetryAfterSeconds?: number;
  /**
   * Pace writes one per second, and writes that notify people (comments, issues) one per three
   * seconds, as GitHub asks to stay under the secondary limit (default true).
   * Tests turn it off to stay fast.
   */
  paceWrites?: boolean;
  /** Called once per request (retries excluded) with its method and route template. */
  onRequest?: (method: string, route: string) => void;
  userAgent?: string;
}

const ForemanOctokit = Octokit.plugin(paginateRest, retry, throttling);

/** Replaces every occurrence of each secret (and its URL-encoded form) with `***`. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join("***");
  }
  return out;
}

const silentLog: ClientLog = { debug() {}, info() {}, warn() {}, error() {} };

/** Limiters without the 1 s (writes) and 3 s (notifying writes) spacing, for tests. */
function unpacedGroups(): { write: Bottleneck.Group; notifications: Bottleneck.Group } {
  return { write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }), notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }) };
}

/** Builds the client. See the module header for what it retries and what it masks. */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const secrets = [options.token, ...(options.secrets ?? [])];
  const base = options.log ?? silentLog;
  const mask =
    (level: keyof ClientLog) =>
    (message: string, ...rest: unknown[]) =>
      base[level](
        maskSecrets(
          [message, ...rest.map((r) => (r instanceof Error ? r.message : typeof r === "string" ? r : JSON.stringify(r)))].join(" "),
          secrets,
        ),
      );
  const log = { debug: mask("debug"), info: mask("info"), warn: mask("warn"), error: mask("error") };
  const baseMs = options.retryAfterBaseMs ?? 1000;
  const retries = options.retries ?? 3;
  const maxWait = options.maxRetryAfterSeconds ?? 120;
  const secondaryRetries = options.secondaryRetries ?? 10;
  const limitHandler =
    (kind: string, allowed: number, spreadSeconds: number) =>
    async (retryAfter: number, opts: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      if (retryCount < allowed && retryAfter <= maxWait) {
        log.warn(`GitHub ${kind} rate limit on ${opts.method} ${opts.url}: retrying in ${retryAfter} s`);
        // Runs refused in the same window would all retry at the same instant and lose again: spread them.
        if (spreadSeconds > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * spreadSeconds * baseMs));
        return true;
      }
      log.error(`GitHub ${kind} rate limit on ${opts.method} ${opts.url}: giving up after ${retryCount} retries`);
      return false;
    };
  const octokit = new ForemanOctokit({
    // With `tokens`, the header is set per request below: Octokit's token auth would overwrite it with `token`.
    ...(options.tokens === undefined ? { auth: options.token } : {}),
    baseUrl: options.baseUrl ?? "https://api.github.com",
    userAgent: options.userAgent ?? "foreman",
    log,
    request: { fetch: options.fetch },
    // 429 is retried below, after its retry-after; plugin-retry would ignore that header.
    retry: { retries, retryAfterBaseValue: baseMs, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    throttle: {
      retryAfterBaseValue: baseMs,
      fallbackSecondaryRateRetryAfter: 60,
      onRateLimit: limitHandler("primary", retries, 0),
      onSecondaryRateLimit: limitHandler("secondary", secondaryRetries, 5),
      ...(options.paceWrites === false ? unpacedGroups() : {}),
    },
  });
  const tokens = options.tokens;
  if (tokens !== undefined) {
    octokit.hook.before("request", async (reqOptions) => {
      const token = await tokens.token();
      if (!secrets.includes(token)) secrets.push(token);
      reqOptions.headers.authorization = `token ${token}`;
    });
  }
  octokit.hook.wrap("request", async (request, reqOptions) => {
    options.onRequest?.(reqOptions.method, reqOptions.url);
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(reqOptions);
      } catch (error) {
        const wait = error instanceof RequestError && error.status === 429 ? Number(error.response?.headers["retry-after"] ?? 1) : Number.NaN;
        if (!Number.isFinite(wait) || attempt >= retries || wait > maxWait) throw error;
        log.warn(`GitHub answered 429 to ${reqOptions.method} ${reqOptions.url}: retrying in ${wait} s`);
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait) * baseMs));
      }
    }
  });
  return octokit;
}
