/**
 * Retry policy for calls to GitHub and to agents: which failures are worth another try, and
 * how long to wait before it. Pure: the caller supplies the jitter (no `Math.random` here) and
 * reads `Retry-After` itself.
 */

export type ErrorClass = "transient" | "permanent";

/** What is known about a failure; any field may be missing. */
export interface ErrorFacts {
  /** HTTP status, when the failure was an HTTP response. */
  status?: number;
  /** Node or undici error code, e.g. `ECONNRESET`, `UND_ERR_SOCKET`. */
  code?: string;
  /** Error message or agent output describing the failure. */
  message?: string;
  /** True when Foreman's own timeout stopped the call. */
  timedOut?: boolean;
}

/** HTTP statuses that say "try again": timeout, too early, too many requests, server trouble. */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 425, 429, 500, 502, 503, 504, 529]);

/** Network error codes of Node and its resolver: the connection, not the request, failed. */
export const TRANSIENT_NETWORK_CODES: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "ETIMEDOUT",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EAI_AGAIN",
  "ENOTFOUND",
  "EPIPE",
  "ENETUNREACH",
  "ENETDOWN",
  "EHOSTUNREACH",
]);

/** undici codes that describe a programming error, not the network: retrying cannot help. */
const PERMANENT_UNDICI_CODES: ReadonlySet<string> = new Set(["UND_ERR_INVALID_ARG", "UND_ERR_INVALID_RETURN_VALUE", "UND_ERR_NOT_SUPPORTED"]);

/** GitHub's 403 for primary and secondary rate limits and abuse detection. */
const RATE_LIMIT_403 = /rate[ _-]?limit|abuse/i;
/** A spent quota or an empty account: a 429 that no amount of waiting in a run will fix. */
const QUOTA_MESSAGE = /insufficient[ _]quota|exceeded your current quota|credit balance is too low|usage limit reached|billing/i;

/**
 * What agents and model APIs print when the failure will pass: a busy or rate-limited API, a
 * server in trouble, a dropped connection or stream, a timeout on the way.
 */
const PASSING_MESSAGE: readonly RegExp[] = [
  /overload|rate[ _-]?limit|too many requests|try again later|temporarily unavailable|high demand|temporary errors?/i,
  /internal server error|bad gateway|service unavailable/i,
  /socket hang up|network error|connection (?:reset|refused|closed|error)|fetch failed|stream disconnected/i,
  /timed out|time-?out/i,
];
/**
 * A transient HTTP status quoted in a message (`API Error: 529 {…}`, `last status: 429 Too Many
 * Requests`, `HTTP 503`): the number alone, not part of a longer number, a decimal, a path or a
 * word (`ticket 15290`, `v1.503`, `1,500`, `500,000`, `/runs/500/x`, `run-500`, `500ms`, and a
 * line number such as `src/app.ts:503` say nothing).
 */
const STATUS_IN_MESSAGE = /(?<![\w.,:/-])(?:429|50[0234]|529)(?!\w|[.,:/-]\w)/;
/** A Node or undici error code quoted in a message (`read ECONNRESET`, `UND_ERR_SOCKET`). */
const CODE_IN_MESSAGE = /\b(?:E[A-Z_]{3,}|UND_ERR_[A-Z_]+)\b/g;

/**
 * Sorts a failure into `transient` (worth retrying after a delay) or `permanent`. The one place
 * that decides it, for GitHub calls and agents alike: callers report facts, never a verdict.
 *
 * In order: a timeout is transient; a quota or billing message is permanent (OpenAI answers an
 * empty account with 429); a network error code is transient (`UND_ERR_*` too, except undici's
 * argument errors); an HTTP status decides when there is one (408, 425, 429, 5xx gateways and
 * 529 are transient, 403 only when its message names a rate limit or abuse detection, every
 * other status permanent). Without a status, the message decides: it is transient when it says
 * the API is overloaded, rate-limited, busy (`high demand`, `temporary errors`) or failing (internal server error, bad gateway,
 * service unavailable, gateway timeout), that the connection or stream dropped, or that
 * something timed out (a gateway timeout included); or when it quotes a transient status (429, 500, 502, 503, 504, 529) or a
 * transient network code. Anything else is permanent: an unknown failure is not retried blindly.
 */
export function classifyError(input: ErrorFacts): ErrorClass {
  const message = input.message ?? "";
  if (input.timedOut === true) return "transient";
  if (QUOTA_MESSAGE.test(message)) return "permanent";
  if (input.code !== undefined && isTransientCode(input.code)) return "transient";
  if (input.status !== undefined) {
    if (TRANSIENT_STATUSES.has(input.status)) return "transient";
    if (input.status === 403 && RATE_LIMIT_403.test(message)) return "transient";
    return "permanent";
  }
  if (PASSING_MESSAGE.some((re) => re.test(message)) || STATUS_IN_MESSAGE.test(message)) return "transient";
  const codes = message.match(CODE_IN_MESSAGE) ?? [];
  return codes.some(isTransientCode) ? "transient" : "permanent";
}

/** A network error code of Node or undici that says the connection, not the request, failed. */
function isTransientCode(raw: string): boolean {
  const code = raw.toUpperCase();
  if (TRANSIENT_NETWORK_CODES.has(code)) return true;
  return code.startsWith("UND_ERR_") && !PERMANENT_UNDICI_CODES.has(code);
}

export interface RetryDelayOptions {
  /** Delay before the first retry, before jitter; default 1,000 ms. */
  baseMs?: number;
  /** Largest backoff delay, before `Retry-After`; default 60,000 ms. */
  maxMs?: number;
  /** The server's `Retry-After`, in seconds (the caller converts an HTTP date). */
  retryAfterSeconds?: number;
  /** A number in [0, 1] chosen by the caller (random in production, fixed in tests). */
  jitter: number;
}

export const DEFAULT_RETRY_BASE_MS = 1_000;
export const DEFAULT_RETRY_MAX_MS = 60_000;

/**
 * Milliseconds to wait before retrying after failed attempt number `attempt` (1 for the first
 * failure). Exponential backoff `baseMs * 2^(attempt-1)`, capped at `maxMs`, with "equal
 * jitter": half of it fixed, half scaled by `jitter`, so the wait is in [backoff/2, backoff].
 * A valid `Retry-After` (a finite number of 0 or more) is a floor: the result is never shorter,
 * and it is not cut to `maxMs` — a caller that cannot wait that long should give up rather than
 * retry early. An invalid `Retry-After` is ignored. Throws a `RangeError` for an attempt that is
 * not a positive whole number, a jitter outside [0, 1], or a negative or non-finite base/max.
 */
export function retryDelayMs(attempt: number, opts: RetryDelayOptions): number {
  const baseMs = opts.baseMs ?? DEFAULT_RETRY_BASE_MS;
  const maxMs = opts.maxMs ?? DEFAULT_RETRY_MAX_MS;
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(`retryDelayMs: attempt must be a whole number of 1 or more, got ${attempt}`);
  }
  if (!(opts.jitter >= 0 && opts.jitter <= 1)) {
    throw new RangeError(`retryDelayMs: jitter must be between 0 and 1, got ${opts.jitter}`);
  }
  if (!(Number.isFinite(baseMs) && baseMs >= 0)) {
    throw new RangeError(`retryDelayMs: baseMs must be a finite number of 0 or more, got ${baseMs}`);
  }
  if (!(Number.isFinite(maxMs) && maxMs >= 0)) {
    throw new RangeError(`retryDelayMs: maxMs must be a finite number of 0 or more, got ${maxMs}`);
  }
  // 2^60 already overflows any sane cap; bounding the exponent keeps 0 * Infinity out.
  const backoff = Math.min(maxMs, baseMs * 2 ** Math.min(attempt - 1, 60));
  const delay = Math.round(backoff / 2 + (backoff / 2) * opts.jitter);
  // A negative Retry-After is ignored by the max (the delay is never negative).
  const retryAfter = opts.retryAfterSeconds ?? Number.NaN;
  return Number.isFinite(retryAfter) ? Math.max(delay, Math.ceil(retryAfter * 1000)) : delay;
}
