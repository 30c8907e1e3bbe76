/**
 * The App's own few writes (reactions, replies, the workflow dispatch that wakes the runner)
 * outlast a rate-limit answer. Probot's default Octokit does not retry a secondary-limit 403
 * (it only logs it), so without this a dispatch refused once is lost: the 👀 already marks the
 * comment handled and GitHub does not redeliver. A write refused with a rate limit (a 403 or
 * 429 that `classifyError` calls transient) is tried again after its `retry-after` (60 s when
 * GitHub sends none, as Octokit assumes), at most {@link APP_RATE_LIMIT_ATTEMPTS} times and
 * {@link APP_RATE_LIMIT_MAX_WAIT_SECONDS} waited in all; past that, GitHub's error is thrown.
 * A long wait answers the webhook late (GitHub marks the delivery failed after 10 s) but the
 * write is done on a long-running server; any other error is thrown at once.
 */
import { RequestError } from "@octokit/request-error";
import { classifyError } from "../core/retry.js";

/** Tries of one write (the first included). */
export const APP_RATE_LIMIT_ATTEMPTS = 3;
/** Seconds waited in all for one write before giving up. */
export const APP_RATE_LIMIT_MAX_WAIT_SECONDS = 60;
/** What Octokit assumes when a secondary-limit answer has no `retry-after`. */
const DEFAULT_RETRY_AFTER_SECONDS = 60;

/** Seconds to wait before trying `error`'s request again, or undefined when it is not a rate limit. */
export function rateLimitRetryAfterSeconds(error: unknown): number | undefined {
  if (!(error instanceof RequestError) || (error.status !== 403 && error.status !== 429)) return undefined;
  if (classifyError({ status: error.status, message: error.message }) !== "transient") return undefined;
  const header = Number(error.response?.headers["retry-after"] ?? Number.NaN);
  return Number.isFinite(header) && header >= 0 ? header : DEFAULT_RETRY_AFTER_SECONDS;
}

export interface RateLimitWaitOptions {
  /** Waits `ms` (default a timer); tests pass their own. */
  sleep?: (ms: number) => Promise<void>;
}

const timer = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `write`, trying again after a rate-limit answer within the bounds above. */
export async function outlastRateLimit<T>(write: () => Promise<T>, options: RateLimitWaitOptions = {}): Promise<T> {
  const sleep = options.sleep ?? timer;
  let waited = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const wait = rateLimitRetryAfterSeconds(error);
      if (wait === undefined || attempt >= APP_RATE_LIMIT_ATTEMPTS || waited + wait > APP_RATE_LIMIT_MAX_WAIT_SECONDS) throw error;
      waited += wait;
      await sleep(wait * 1000);
    }
  }
}
