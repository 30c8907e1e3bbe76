/**
 * What the App's handlers share: the signing key (derived from the App's private key, so the
 * App's replies and the Action's state verify with the same key), the workflow to dispatch, the
 * clock, the daily-ledger reader and a memory of deliveries already handled.
 */
import type { Config } from "../core/config.js";
import type { GitHubClient } from "../github/client.js";
import type { RepoRef } from "../github/repo.js";
import type { SigningKey } from "../github/signature.js";

export interface AppDeps {
  key: SigningKey;
  /** The workflow file name under `.github/workflows/` (default `foreman.yml`). */
  workflowFile: string;
  now: () => number;
  /** USD today's sessions used or reserved, read from the daily ledger (the precheck). */
  dailyUsedUsd: (client: GitHubClient, repo: RepoRef, config: Config) => Promise<number>;
  deliveries: DeliveryMemory;
}

/**
 * Delivery ids seen by this process, bounded. GitHub redelivers with the same `X-GitHub-Delivery`;
 * a redelivery to this process is dropped here. Across processes, comments are deduplicated by
 * the App's own 👀 reaction (see respond.ts) and runs by the Action's idempotence.
 */
export class DeliveryMemory {
  readonly #seen = new Set<string>();
  constructor(private readonly max = 5_000) {}

  /** True the first time `id` is offered; false for a repeat. */
  firstTime(id: string): boolean {
    if (this.#seen.has(id)) return false;
    this.#seen.add(id);
    if (this.#seen.size > this.max) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
    return true;
  }
}
