/**
 * GitHub's secondary rate limit on content-creating requests, enforced by rate (opt-in): per
 * identity (a user, or an App installation — GitHub counts per user or installation), a rolling
 * 60-s window of the content-creating requests it let through. One more than the limit inside
 * the window is answered as github.com answers it — 403, GitHub's secondary-limit message and
 * documentation link, `retry-after` the whole seconds until the oldest request leaves the
 * window — and not performed. Without it the stand-in only injects such 403s at random (faults).
 */
import type { Identity } from "./auth.js";
import { GitHubHttpError } from "./http-error.js";
import { SECONDARY_LIMIT_MESSAGE } from "./faults.js";

/** Requests that create content, which GitHub's secondary limit counts (about 80 a minute). */
export const CONTENT_CREATING: ReadonlySet<string> = new Set([
  "POST /repos/{owner}/{repo}/issues",
  "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
  "POST /repos/{owner}/{repo}/pulls",
]);

/** The documentation link GitHub's secondary-limit answers carry. */
export const SECONDARY_LIMIT_DOCS = "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits";

/** The window GitHub's per-minute limit counts over. */
export const SECONDARY_LIMIT_WINDOW_MS = 60_000;

export interface SecondaryLimitOptions {
  /** Content-creating requests let through per identity in any 60 s (GitHub: about 80). */
  contentPerMinute: number;
}

/** GitHub's answer over the secondary limit: its body carries the secondary-limit documentation link. */
export class SecondaryLimitError extends GitHubHttpError {
  constructor(readonly retryAfterSeconds: number) {
    super(403, SECONDARY_LIMIT_MESSAGE, undefined, { "retry-after": String(retryAfterSeconds) });
  }

  override body(): Record<string, unknown> {
    return { ...super.body(), documentation_url: SECONDARY_LIMIT_DOCS };
  }
}

/** Whom GitHub counts a request against: the user, or the App installation (an App's JWT alone: the App). */
export function limitIdentity(caller: Identity): string {
  switch (caller.kind) {
    case "user":
      return `user:${caller.login.toLowerCase()}`;
    case "installation":
      return `installation:${caller.installationId}`;
    case "app":
      return `app:${caller.appId}`;
    case "anonymous":
      return "anonymous";
  }
}

export class SecondaryLimit {
  readonly #perMinute: number;
  /** Per identity, the times (ms) of the requests let through, oldest first. */
  readonly #admitted = new Map<string, number[]>();
  /** How many requests were answered 403 by this limit. */
  refused = 0;

  constructor(options: SecondaryLimitOptions) {
    if (!Number.isInteger(options.contentPerMinute) || options.contentPerMinute < 1)
      throw new RangeError(
        `secondaryLimit.contentPerMinute must be a whole number of 1 or more, got ${String(options.contentPerMinute)}: pass 80 for GitHub's limit.`,
      );
    this.#perMinute = options.contentPerMinute;
  }

  /**
   * Counts one content-creating request by `who` at `now`, or throws {@link SecondaryLimitError}
   * (the request is not counted) when `who` already made the limit's worth in the last 60 s.
   */
  admit(who: string, now: number): void {
    const times = (this.#admitted.get(who) ?? []).filter((t) => now - t < SECONDARY_LIMIT_WINDOW_MS);
    this.#admitted.set(who, times);
    if (times.length >= this.#perMinute) {
      this.refused++;
      const oldest = times[times.length - this.#perMinute] ?? now;
      throw new SecondaryLimitError(Math.max(1, Math.ceil((oldest + SECONDARY_LIMIT_WINDOW_MS - now) / 1000)));
    }
    times.push(now);
  }
}
