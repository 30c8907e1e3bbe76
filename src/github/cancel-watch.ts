/**
 * The cancel watcher (issue 9): while a run's session runs, it looks for an authorized `/cancel`
 * written after the session's watermark, so that the App's `/cancel` costs what every session
 * command costs (config, permission, 👀, dispatch) and the App lists and cancels no runs. The
 * workflow never cancels a run in progress (`cancel-in-progress: false`, the contract users
 * copy), so the run dispatched for the `/cancel` waits behind this one; this run stops itself:
 * it asks GitHub to cancel its own workflow run (best effort: a token without `actions: write`
 * is told once, and the run still stops), and stops the run as SIGINT does, so the attempt is
 * recorded `interrupted` with its work pushed. The waiting run then applies the `/cancel`.
 *
 * Which comments count is the replay's rule set itself (`judgeCommands`): edited comments are
 * ignored, bots count only when allowlisted (or as a trusted button record), each author's
 * permission is checked once through the collaborator permission API against the configured
 * minimum. It posts nothing: the App answered the comment; the woken run applies or refuses it.
 *
 * Calls, per interval: one listing of the issue's comments, and one of the session's Foreman
 * PR's when the session has one at the start (the PR a run opens is not watched until the next
 * run). Each is conditional (`If-None-Match` with the last ETag: an unchanged thread answers
 * 304, which costs no rate limit) and lists only comments updated since the run started
 * (`since=`, minus a margin for the runner's clock against GitHub's). Then a permission check
 * per new author with a command, and one cancel. A failed poll is logged and tried again at the
 * next interval; nothing is ever thrown into the run.
 */
import { RequestError } from "@octokit/request-error";
import { firstCancel, type AuthorizedCommand } from "../core/replayed-commands.js";
import { judgeCommands, type ReplayDeps } from "./command-replay.js";
import { toIssueComment, type IssueComment } from "./issue-comments.js";
import type { Permission } from "./permissions.js";

/** How far before the run's start the listings reach: the runner's clock is not GitHub's. */
export const SINCE_MARGIN_MS = 5 * 60_000;

export interface CancelWatchDeps extends Omit<ReplayDeps, "comments"> {
  /** The session's Foreman PR (from its state), whose conversation is watched too. */
  pullRequest?: number;
  /** The session's watermark after this run's replay: only later comments can carry a new command. */
  sinceCommentId: number;
  /** When the run started (ms since the epoch): comments updated before it (less a margin) are not listed. */
  notBefore: number;
  /** This workflow run (`GITHUB_RUN_ID`), cancelled through the API; absent: the run only stops itself. */
  runId?: number;
  intervalMs: number;
  /** Waits `ms`, or less when `signal` aborts (resolves then, never rejects). */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** Stops the run the way a cancellation signal does (`src/action/main.ts`). */
  stopRun(reason: string): void;
  log: { info(message: string): void; warning(message: string): void };
}

export interface CancelWatch {
  /** Stops watching; resolves once a poll in flight has settled (its listing is aborted). No timer is left. */
  stop(): Promise<void>;
}

/** Starts watching; the first poll is one interval after the start (a run that ends sooner never polls). */
export function watchForCancel(deps: CancelWatchDeps): CancelWatch {
  const stopping = new AbortController();
  const loop = watch(deps, stopping.signal);
  return {
    stop: async () => {
      stopping.abort();
      await loop;
    },
  };
}

async function watch(deps: CancelWatchDeps, stopped: AbortSignal): Promise<void> {
  const since = new Date(deps.notBefore - SINCE_MARGIN_MS).toISOString().replace(/\.\d{3}Z$/, "Z");
  const threads = [deps.issue, ...(deps.pullRequest === undefined ? [] : [deps.pullRequest])].map(
    (number) => new ConditionalListing(deps, number, since),
  );
  // Once per author for the whole watch (the replay reads it once per replay); the woken run checks again.
  const permissions = new Map<string, Permission>();
  let failing = false;
  for (;;) {
    await deps.sleep(deps.intervalMs, stopped);
    if (stopped.aborted) return;
    let cancel: AuthorizedCommand | undefined;
    try {
      let changed = false;
      for (const thread of threads) if (await thread.refresh(stopped)) changed = true;
      if (stopped.aborted) return;
      if (changed) {
        const judged = await judgeCommands(
          deps,
          threads.flatMap((t) => t.comments.map((comment) => ({ comment, onPullRequest: t.number !== deps.issue }))),
          deps.sinceCommentId,
          deps.pullRequest,
          permissions,
        );
        cancel = firstCancel(judged.accepted);
      }
      failing = false;
    } catch (error) {
      if (stopped.aborted) return;
      const message = `Looking for /cancel on #${deps.issue} failed (${error instanceof Error ? error.message : String(error)}); trying again in ${Math.round(deps.intervalMs / 1000)} s.`;
      // A warning when it starts failing, then quieter: a blind watcher is worth one annotation, not hundreds.
      if (failing) deps.log.info(message);
      else deps.log.warning(message);
      failing = true;
      continue;
    }
    // The run ended meanwhile: the woken run applies the command; this one has nothing to stop.
    if (stopped.aborted) return;
    if (cancel !== undefined) {
      await stopForCancel(deps, cancel);
      return;
    }
  }
}

/** Asks GitHub to cancel this workflow run (best effort), then stops the run in any case. */
async function stopForCancel(deps: CancelWatchDeps, cancel: AuthorizedCommand): Promise<void> {
  deps.log.info(
    `/cancel by @${cancel.author} (comment ${cancel.commentId}): stopping this run; its attempt is recorded interrupted and the run woken for the command ends the session.`,
  );
  try {
    if (deps.runId !== undefined) {
      await deps.client.request("POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel", {
        owner: deps.repo.owner,
        repo: deps.repo.repo,
        run_id: deps.runId,
      });
    }
  } catch (error) {
    if (error instanceof RequestError && error.status === 409) {
      // The run is completing already: nothing to cancel.
    } else if (error instanceof RequestError && (error.status === 403 || error.status === 404)) {
      deps.log.warning(
        `Foreman could not cancel its own workflow run ${deps.runId} (HTTP ${error.status}): the token lacks the Actions: write permission. The run stops by itself, so it shows as failed rather than cancelled; give the App (or the workflow's token) Actions: write to have it cancelled.`,
      );
    } else {
      deps.log.warning(
        `Foreman could not cancel its own workflow run ${deps.runId} (${error instanceof Error ? error.message : String(error)}); the run stops by itself.`,
      );
    }
  } finally {
    deps.stopRun(`/cancel by @${cancel.author} in comment ${cancel.commentId}`);
  }
}

/** One thread's comments updated since `since`, re-listed only when GitHub says they changed. */
class ConditionalListing {
  #etag: string | undefined;
  comments: IssueComment[] = [];

  constructor(
    private readonly deps: CancelWatchDeps,
    readonly number: number,
    private readonly since: string,
  ) {}

  /** True when the thread changed (its comments are then the new listing); false on 304. */
  async refresh(signal: AbortSignal): Promise<boolean> {
    const params = {
      owner: this.deps.repo.owner,
      repo: this.deps.repo.repo,
      issue_number: this.number,
      since: this.since,
      per_page: 100,
      // A failed poll is tried at the next interval: no retries in between, and `stop` cuts it short.
      request: { signal, retries: 0 },
    };
    let res;
    try {
      res = await this.deps.client.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
        ...params,
        headers: this.#etag === undefined ? {} : { "if-none-match": this.#etag },
      });
    } catch (error) {
      if (error instanceof RequestError && error.status === 304) return false;
      throw error;
    }
    let raw = res.data;
    // More than a page updated during the run (rare): the rest unconditionally.
    if (/\brel="next"/.test(res.headers.link ?? "")) {
      raw = [...raw, ...(await this.deps.client.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...params, page: 2 }))];
    }
    this.comments = raw.map(toIssueComment);
    this.#etag = res.headers.etag;
    return true;
  }
}
