/**
 * What routes need from the stand-in beyond its data: minting tokens, starting a dispatched
 * workflow run, and sending repository events as webhooks. `StandIn` provides them.
 */
import type { Identity } from "../auth.js";
import type { Repo, WorkflowRun } from "../world.js";

export interface Services {
  /** Registers a token for `identity`, valid `ttlMs` (undefined: forever); returns it. */
  issueToken(identity: Identity, ttlMs?: number): string;
  /** A workflow run was queued by a dispatch: hand it to the runner. */
  runQueued(repo: Repo, run: WorkflowRun): void;
  /** A queued or running workflow run was asked to cancel. */
  runCancelRequested(repo: Repo, run: WorkflowRun): void;
  /** Sends `event` about `repo` as a webhook (payload gets repository, sender, installation). */
  event(repo: Repo, event: string, payload: Record<string, unknown>, sender: string): void;
}
