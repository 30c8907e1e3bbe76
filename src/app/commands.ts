/**
 * One path for every command, typed in a comment or pressed as a check-run button: authorize
 * the author through the collaborator permission API, decide in core (`decideCommand`), then
 * react, reply or wake. Call budget for a session command: config 1, permission 1, reaction 1,
 * dispatch 1; a refusal: config 1, permission 1, 😕 1, reply 1 (the App does not read the
 * session for it: the Action replays the command and judges it against the real state).
 * `/status` reads the session instead of the permission. `/cancel` is a session command like
 * the others, also while a run is in progress: the App lists and cancels no runs. The woken run
 * waits in the issue's concurrency group (`cancel-in-progress: false`, the contract users copy)
 * while the run in progress notices the `/cancel` itself (`src/github/cancel-watch.ts`), cancels
 * its own workflow run and stops with its attempt `interrupted`; then the woken run applies the
 * `/cancel` (test/e2e/cancel-running.test.ts). Before the session exists (the label's run still
 * waits for a runner), that run itself finds the `/cancel` written after the label and ends the
 * session before anything starts; the woken run then has nothing left to apply
 * (test/e2e/cancel-before-start.test.ts). A command written on the session's Foreman PR
 * costs the same: the Action's replay reads that PR's conversation itself
 * (github/command-replay.ts), so the App writes nothing on the issue; the 👀 on the PR comment
 * is the record that the comment was handled.
 */
import { createHash } from "node:crypto";
import { RequestError } from "@octokit/request-error";
import type { Command } from "../core/commands.js";
import { parseConfig } from "../core/config.js";
import { ConfigError } from "../core/errors.js";
import { decideCommand, requiredPermission, type Access, type WakeDecision } from "../core/wake.js";
import type { GitHubClient } from "../github/client.js";
import { collaboratorAccess } from "../github/permissions.js";
import { readSessionState } from "../github/read-session-state.js";
import type { RepoRef } from "../github/repo.js";
import { DEFAULT_CONFIG_PATH, readRawConfig, type LoadedConfig, type RawConfig } from "../github/repo-config.js";
import { deepFreeze } from "../github/config-files.js";
import type { AppDeps } from "./deps.js";
import { configErrorComment, noticeOnce, reactToComment, reply, wake } from "./respond.js";

export interface CommandEvent {
  repo: RepoRef;
  /** The issue of the session. */
  issue: number;
  /** Where replies go (the issue, or the Foreman PR the comment was made on). */
  replyIssue: number;
  defaultBranch: string;
  author: string;
  /** A bot account: its commands count only when `bots.command_authors` lists it. */
  authorIsBot: boolean;
  /** The comment carrying the commands, or the signed record of a button press. */
  commentId: number;
  commands: readonly Command[];
}

export type Loaded = { ok: true; loaded: LoadedConfig } | { ok: false };

/**
 * Loads the configuration. An invalid one (bad YAML, a bad key) is said once per revision of the
 * files on the issue, naming each key, value and fix; then nothing runs for this event.
 */
export async function loadConfigOrSayWhy(client: GitHubClient, repo: RepoRef, issue: number): Promise<Loaded> {
  let raw: RawConfig;
  try {
    raw = await readRawConfig(client, repo);
  } catch (error) {
    if (error instanceof RequestError || !(error instanceof Error)) throw error;
    const problem = new ConfigError([{ path: DEFAULT_CONFIG_PATH, message: `is not valid YAML: ${error.message.split("\n")[0] ?? ""}` }]);
    await noticeOnce(client, repo, issue, `config:${shortHash(error.message)}`, configErrorComment(problem, []));
    return { ok: false };
  }
  const validated = validate(raw);
  if (validated instanceof ConfigError) {
    await noticeOnce(client, repo, issue, `config:${raw.revision}`, configErrorComment(validated, raw.sources));
    return { ok: false };
  }
  return { ok: true, loaded: validated };
}

/**
 * Validation results by raw configuration. `readRawConfig` returns the same object for the same
 * file contents, so an unchanged configuration is validated once; a changed file is a new
 * object, validated at once. Weak: an entry lives as long as its raw configuration is memoized.
 */
const validatedByRaw = new WeakMap<RawConfig, LoadedConfig | ConfigError>();

function validate(raw: RawConfig): LoadedConfig | ConfigError {
  let result = validatedByRaw.get(raw);
  if (result === undefined) {
    try {
      result = deepFreeze({ config: parseConfig(raw.merged, { limits: raw.orgLimits }), revision: raw.revision, sources: raw.sources });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      result = error;
    }
    validatedByRaw.set(raw, result);
  }
  return result;
}

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

export async function handleCommands(client: GitHubClient, deps: AppDeps, ev: CommandEvent): Promise<WakeDecision[]> {
  const loaded = await loadConfigOrSayWhy(client, ev.repo, ev.replyIssue);
  if (!loaded.ok) return [];
  const { config } = loaded.loaded;
  if (ev.authorIsBot && !config.bots.command_authors.some((b) => b.toLowerCase() === ev.author.toLowerCase())) return [];
  const needsPermission = ev.commands.some((c) => requiredPermission(c, config.permissions) !== null);
  const access: Access = needsPermission ? await collaboratorAccess(client, ev.repo, ev.author) : "none";
  const wantsStatus = ev.commands.some((c) => c.kind === "status");
  const reading = wantsStatus
    ? await readSessionState(client, ev.repo, ev.issue, { key: deps.key, trustedAuthors: config.bots.trusted_state_authors })
    : undefined;
  const state = reading === undefined ? undefined : reading.kind === "found" ? reading.state : null;
  const nowIso = new Date(deps.now()).toISOString();
  const decisions = ev.commands.map((command) =>
    decideCommand({ command, commentId: ev.commentId, author: ev.author, access, config, state, nowIso }),
  );
  if (decisions.every((d) => d.kind === "ignore")) return decisions;

  // One reaction says the outcome (😕 when anything was refused or not understood, else 👀) and is
  // also the record that this comment was handled: "existed" means a redelivery.
  const reaction = decisions.some((d) => d.kind === "reply" && d.reaction === "confused") ? "confused" : "eyes";
  if ((await reactToComment(client, ev.repo, ev.commentId, reaction)) === "existed") return [];
  let woke: Extract<WakeDecision, { kind: "wake" }> | undefined;
  for (const d of decisions) {
    if (d.kind === "reply") {
      await reply(client, ev.repo, ev.replyIssue, d.body, d.refused ? { key: deps.key, replyTo: ev.commentId } : { key: deps.key });
    } else if (d.kind === "wake") {
      woke ??= d;
    }
  }
  if (woke !== undefined) {
    await wake(client, { repo: ev.repo, issue: ev.issue, defaultBranch: ev.defaultBranch, workflowFile: deps.workflowFile, reason: woke.reason });
  }
  return decisions;
}
