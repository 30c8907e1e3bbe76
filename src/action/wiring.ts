/**
 * The real adapters of one Action run, built from the settings: the signing key (from the App's
 * private key, or the state key), the token that writes (an installation token minted from the
 * App, refreshed before it expires; else `github-token`), the session's comment store, attempt
 * ledger, command replay and check run (one listing of the issue's comments shared by them),
 * the cancel watcher (the replay's rules, its own conditional listings), the daily ledger, the publisher (pushes with a credential given to that push only) and the
 * process runner of agent and gates, run as a separate user where the runner allows it.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { ForemanError } from "../core/errors.js";
import type { Config, PermissionLevel } from "../core/config.js";
import { requiredPermission } from "../core/wake.js";
import type { TokenSource } from "../github/app-token.js";
import { CheckRunReporter } from "../github/check-run.js";
import type { GitHubClient } from "../github/client.js";
import { watchForCancel } from "../github/cancel-watch.js";
import { replayCommands, type ReplayDeps } from "../github/command-replay.js";
import { CommentLedger } from "../github/comment-ledger.js";
import { CommentStateStore } from "../github/comment-state-store.js";
import { DailyLedger } from "../github/daily-ledger.js";
import { pushEnv } from "../github/git-credentials.js";
import type { IssueAdapters } from "../github/github-session.js";
import { detectIsolation, grantAccess, isolatedRunner } from "../github/isolated-runner.js";
import { IssueComments } from "../github/issue-comments.js";
import type { Permission } from "../github/permissions.js";
import { GitHubPublisher } from "../github/publisher.js";
import { deriveSigningKey, type SigningKey } from "../github/signature.js";
import { git } from "../local/git.js";
import { ExecaProcessRunner } from "../local/process-runner.js";
import { sleep } from "../local/sleep.js";
import type { WiredAdapters, WiringContext } from "./main.js";
import type { ActionSettings } from "./settings.js";

/** The key that signs state, ledgers and replies: derived from the App's key, else the state key. */
export function signingKeyOf(settings: ActionSettings): SigningKey {
  return deriveSigningKey(settings.app !== undefined ? { appPrivateKey: settings.app.privateKey } : { stateKey: settings.stateKey ?? "" });
}

/** GitHub folds triage into read and maintain into write in the permission the replay reads. */
function folded(level: PermissionLevel | null): Permission {
  switch (level) {
    case null:
      return "none";
    case "read":
    case "triage":
      return "read";
    case "write":
    case "maintain":
      return "write";
    case "admin":
      return "admin";
  }
}

export interface WiringInput extends WiringContext {
  config: Config;
  tokens: TokenSource;
  /** The client that writes: authenticated with `tokens`. */
  writer: GitHubClient;
}

export async function productionAdapters(ctx: WiringInput): Promise<WiredAdapters> {
  const { settings, config, writer } = ctx;
  const key = signingKeyOf(settings);
  const trustedAuthors = [...config.bots.trusted_state_authors, ...settings.trustedBots];
  const repo = settings.repo;
  const warnings: string[] = [];
  if (!existsSync(path.join(settings.workspace, ".git"))) throw new NoCheckoutError(settings.workspace);
  const isolation = await detectIsolation();
  if (isolation.mode === "none") warnings.push(`The agent and the gates ran as the runner's own user: ${isolation.reason}`);
  else await grantAccess(isolation, { writable: [settings.runnerTemp], readable: [path.join(settings.workspace, ".git")] });
  const remoteUrl = await remoteUrlOf(settings);
  const firstToken = await ctx.tokens.token();
  const forIssue = (issue: number): IssueAdapters => {
    const comments = new IssueComments(writer, repo, issue);
    const common = { client: writer, repo, issue, key, trustedAuthors, comments, onIgnored: ctx.onIgnored };
    const store = new CommentStateStore(common);
    const ledger = new CommentLedger(common);
    // One rule set for the replay and the cancel watcher.
    const rules: Omit<ReplayDeps, "comments"> = {
      client: writer,
      repo,
      issue,
      key,
      botAllowlist: config.bots.command_authors,
      trustedAuthors,
      minimumPermission: (c) => folded(requiredPermission(c, config.permissions)),
    };
    return {
      store,
      ledger,
      publisher: new GitHubPublisher({
        client: writer,
        repo,
        issue,
        repoDir: settings.workspace,
        remoteUrl,
        tokens: ctx.tokens,
        baseBranch: settings.baseBranch,
        draft: true,
      }),
      replay: (since, pullRequest) => replayCommands({ ...rules, comments }, since, pullRequest),
      watchForCancel: (from) =>
        watchForCancel({
          ...rules,
          ...from,
          ...(settings.runId === undefined ? {} : { runId: settings.runId }),
          intervalMs: settings.cancelPollMs,
          sleep,
          stopRun: ctx.stopRun,
          log: ctx.log,
        }),
      checkRun: new CheckRunReporter({
        client: writer,
        repo,
        ...(settings.runId === undefined ? {} : { detailsUrl: `${settings.serverUrl}/${repo.owner}/${repo.repo}/actions/runs/${settings.runId}` }),
      }),
      flush: async () => {
        await store.flush();
        await ledger.flush();
      },
    };
  };
  return {
    forIssue,
    dailyBudget: new DailyLedger({ client: writer, repo, key, trustedAuthors, now: ctx.now, onIgnored: ctx.onIgnored }),
    runner: isolatedRunner(new ExecaProcessRunner(), isolation),
    fetchEnv: pushEnv(firstToken),
    // The working copy is made after wiring, private to Foreman's user: open it to the agent's.
    prepareWorkspace: (dir) => grantAccess(isolation, { writable: [dir] }),
    warnings,
  };
}

/**
 * Where pushes and fetches of kept work go: the checkout's `origin` (what `actions/checkout`
 * cloned, `https://github.com/<o>/<r>` without credentials on a runner; the bare repository a
 * test stands up), so kept refs are fetched back from the place they were pushed to. A checkout
 * without `origin`: the repository's URL on the server.
 */
export async function remoteUrlOf(settings: ActionSettings): Promise<string> {
  const got = await git(["remote", "get-url", "origin"], { cwd: settings.workspace, okExitCodes: [0, 2, 128] });
  const url = got.exitCode === 0 ? got.stdout.trim() : "";
  return url !== "" ? url : `${settings.serverUrl.replace(/\/$/, "")}/${settings.repo.owner}/${settings.repo.repo}.git`;
}

/** GITHUB_WORKSPACE holds no git checkout: the agent's clone and the pushes need one. */
export class NoCheckoutError extends ForemanError {
  override readonly name = "NoCheckoutError";
  readonly kind = "usage";
  constructor(readonly workspace: string) {
    super(
      `GITHUB_WORKSPACE '${workspace}' is not a git checkout. Add \`- uses: actions/checkout@v4\` with \`persist-credentials: false\` (and \`fetch-depth: 0\`) before the Foreman step.`,
    );
  }
}
