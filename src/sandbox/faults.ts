/**
 * Faults on demand, from a seeded generator so a failing run replays exactly: a rate of 5xx
 * answers, of 429s with `retry-after`, and of secondary-rate-limit 403s (GitHub's message and
 * `retry-after`), drawn per API request before the route runs. Duplicated webhook deliveries
 * are a flag read by the delivery code; an admin editing a bot comment is `StandIn.editComment`.
 */
import { GitHubHttpError } from "./http-error.js";

export interface FaultPlan {
  /** Seed of the generator (default 1). */
  seed?: number;
  /** Share of API requests answered 502 (0–1). */
  serverErrorRate?: number;
  /** Share answered 429 with `retry-after`. */
  tooManyRequestsRate?: number;
  /** Share answered 403 "secondary rate limit" with `retry-after`. */
  secondaryLimitRate?: number;
  /** The `retry-after` of injected 429s and 403s, in seconds (default 1). */
  retryAfterSeconds?: number;
  /** Deliver every webhook twice, with the same `X-GitHub-Delivery`. */
  duplicateWebhooks?: boolean;
}

/** GitHub's message for the secondary rate limit (clients recognize it by this text). */
export const SECONDARY_LIMIT_MESSAGE = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";

/** mulberry32: a small seeded generator of floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  #plan: FaultPlan;
  #random: () => number;
  /** How many faults of each kind were injected. */
  readonly injected = { serverError: 0, tooManyRequests: 0, secondaryLimit: 0 };

  constructor(plan: FaultPlan = {}) {
    this.#plan = plan;
    this.#random = seededRandom(plan.seed ?? 1);
  }

  /** Replaces the plan (and reseeds when it names a seed). */
  set(plan: FaultPlan): void {
    this.#plan = plan;
    if (plan.seed !== undefined) this.#random = seededRandom(plan.seed);
  }

  get duplicateWebhooks(): boolean {
    return this.#plan.duplicateWebhooks === true;
  }

  /** The fault to answer this request with, or undefined to serve it. */
  draw(): GitHubHttpError | undefined {
    const roll = this.#random();
    const retryAfter = String(this.#plan.retryAfterSeconds ?? 1);
    const server = this.#plan.serverErrorRate ?? 0;
    const tooMany = this.#plan.tooManyRequestsRate ?? 0;
    const secondary = this.#plan.secondaryLimitRate ?? 0;
    if (roll < server) {
      this.injected.serverError++;
      return new GitHubHttpError(502, "Server Error");
    }
    if (roll < server + tooMany) {
      this.injected.tooManyRequests++;
      return new GitHubHttpError(429, "Too Many Requests", undefined, { "retry-after": retryAfter });
    }
    if (roll < server + tooMany + secondary) {
      this.injected.secondaryLimit++;
      return new GitHubHttpError(403, SECONDARY_LIMIT_MESSAGE, undefined, { "retry-after": retryAfter });
    }
    return undefined;
  }
}
