/**
 * Command replay (DESIGN.md, "One writer"): each run applies *all* commands written after the
 * session's watermark (`lastCommandId`, a comment id), so GitHub dropping a pending run loses
 * nothing, and each command takes effect at most once (ids only move forward).
 *
 * Rules, in order: comments after the watermark, ascending by id; edited comments
 * (`updated_at` ≠ `created_at`) are ignored (what was approved must be what was read); bot
 * authors are ignored unless allowlisted (a leaked workflow token must not `/approve`); the
 * commands are found by `parseCommands` (never in quotes, code or HTML comments); `unknown` and
 * `invalid` ones change nothing here (the App answers them). Every author is re-checked with the
 * collaborator permission API (once per author per replay) against the configured minimum for
 * the command. A refused command is consumed and answered ONCE in all: the App answers at once,
 * so a reply carrying `replyMarker(commentId)` with a valid `reply` signature means it was
 * answered, and the replay posts nothing; otherwise it posts one signed reply per comment.
 *
 * Calls: the listing is shared with the state store (0 more), one permission check per distinct
 * author with a command, one POST per refused comment nobody answered.
 *
 * The rules alone (`judgeCommands`, answering nobody) also serve the cancel watcher
 * (`cancel-watch.ts`), so a run in progress stops for exactly the `/cancel` a replay would apply.
 */
import { parseButtonRecord } from "./button-record.js";
import { parseCommands, type Command } from "../core/commands.js";
import type { GitHubClient } from "./client.js";
import { IssueComments, toIssueComment, type IssueComment } from "./issue-comments.js";
import { collaboratorPermission, permissionAtLeast, type Permission } from "./permissions.js";
import { parseReplyMarkers, replyMarker } from "./reply-marker.js";
import type { RepoRef } from "./repo.js";
import { signBody, verifyBody, type SignatureContext, type SigningKey } from "./signature.js";

export interface ReplayedCommand {
  commentId: number;
  author: string;
  command: Command;
}

export interface CommandRefusal {
  commentId: number;
  author: string;
  command: Command;
  /** Why, for the reply and the job summary. */
  reason: string;
  /** A reply to this comment existed already (the App's, or an earlier run's). */
  alreadyAnswered: boolean;
}

export interface ReplayResult {
  accepted: ReplayedCommand[];
  refused: CommandRefusal[];
  /** The new watermark: the highest comment id examined (or the old one when none is newer). */
  lastCommandId: number;
}

export interface ReplayDeps {
  client: GitHubClient;
  repo: RepoRef;
  issue: number;
  key: SigningKey;
  /** Bot logins whose comments are read as commands (none by default). */
  botAllowlist: readonly string[];
  /** The least permission a command needs (from the configuration). */
  minimumPermission: (c: Command) => Permission;
  /** The issue's comments, shared with the other adapters of the run (default: a listing of its own). */
  comments?: IssueComments;
  /**
   * Bot logins whose signed check-run button records (github/button-record.ts) count as the
   * command of the person who clicked (the App's bot). None: buttons are not read.
   */
  trustedAuthors?: readonly string[];
}

/** The commands a comment carries and who gave them: its author, or the person who clicked a button it records. */
function commandsOf(
  comment: IssueComment,
  deps: Omit<ReplayDeps, "comments">,
  allowlist: ReadonlySet<string>,
  trusted: ReadonlySet<string>,
): { author: string; commands: Command[] } | null {
  if (comment.authorIsBot && trusted.has(comment.author.toLowerCase())) {
    const press = parseButtonRecord(deps.key, deps.repo, deps.issue, comment.body);
    if (press !== null) {
      const command: Command =
        press.command === "reject"
          ? { kind: "reject", reason: press.reason ?? `rejected with the check run's button by ${press.actor}` }
          : { kind: press.command };
      return { author: press.actor, commands: [command] };
    }
  }
  if (comment.authorIsBot && !allowlist.has(comment.author.toLowerCase())) return null;
  const commands = parseCommands(comment.body).filter((c) => c.kind !== "unknown" && c.kind !== "invalid");
  return commands.length === 0 ? null : { author: comment.author, commands };
}

export interface JudgedCommands {
  accepted: ReplayedCommand[];
  refused: Omit<CommandRefusal, "alreadyAnswered">[];
  /** The highest comment id examined (or `sinceCommentId` when none is newer). */
  lastCommandId: number;
}

/**
 * The replay's rules over `comments` (edited ignored, bots only when allowlisted or a trusted
 * button record, each author's permission against the command's minimum), answering nobody:
 * the replay answers the refused ones; the cancel watcher (`cancel-watch.ts`) only looks.
 * `permissions` caches each author's permission (once per author per cache: a fresh one per replay).
 */
export async function judgeCommands(
  deps: Omit<ReplayDeps, "comments">,
  comments: readonly IssueComment[],
  sinceCommentId: number,
  permissions = new Map<string, Permission>(),
): Promise<JudgedCommands> {
  const allowlist = new Set(deps.botAllowlist.map((b) => b.toLowerCase()));
  const trusted = new Set((deps.trustedAuthors ?? []).map((b) => b.toLowerCase()));
  const accepted: ReplayedCommand[] = [];
  const refused: Omit<CommandRefusal, "alreadyAnswered">[] = [];
  let lastCommandId = sinceCommentId;

  for (const comment of comments.filter((c) => c.id > sinceCommentId).sort((a, b) => a.id - b.id)) {
    lastCommandId = Math.max(lastCommandId, comment.id);
    if (comment.updatedAt !== comment.createdAt) continue;
    const given = commandsOf(comment, deps, allowlist, trusted);
    if (given === null) continue;
    const { author, commands } = given;
    let has = permissions.get(author);
    if (has === undefined) {
      has = await collaboratorPermission(deps.client, deps.repo, author);
      permissions.set(author, has);
    }
    for (const command of commands) {
      const needs = deps.minimumPermission(command);
      if (permissionAtLeast(has, needs)) {
        accepted.push({ commentId: comment.id, author, command });
      } else {
        refused.push({
          commentId: comment.id,
          author,
          command,
          reason: `\`/${command.kind}\` needs ${needs} permission on ${deps.repo.owner}/${deps.repo.repo}; @${author} has ${has}.`,
        });
      }
    }
  }
  return { accepted, refused, lastCommandId };
}

/** Applies nothing itself: says which commands after `sinceCommentId` stand, and answers the refused ones. */
export async function replayCommands(deps: ReplayDeps, sinceCommentId: number): Promise<ReplayResult> {
  const comments = deps.comments ?? new IssueComments(deps.client, deps.repo, deps.issue);
  const all = await comments.list();
  const ctx: SignatureContext = { kind: "reply", owner: deps.repo.owner, repo: deps.repo.repo, issue: deps.issue };
  const answered = answeredIds(all, deps.key, ctx);
  const judged = await judgeCommands(deps, all, sinceCommentId);
  const accepted = judged.accepted;
  const refused: CommandRefusal[] = judged.refused.map((r) => ({ ...r, alreadyAnswered: answered.has(r.commentId) }));
  const lastCommandId = judged.lastCommandId;

  const toAnswer = new Map<number, CommandRefusal[]>();
  for (const r of refused) if (!r.alreadyAnswered) toAnswer.set(r.commentId, [...(toAnswer.get(r.commentId) ?? []), r]);
  for (const [commentId, list] of toAnswer) {
    const marker = replyMarker(commentId);
    const text =
      `${list.map((r) => r.reason).join("\n")}\n\nThe command was not applied. ` +
      `Ask someone with that permission to write it in a new comment.\n\n${marker}`;
    const res = await deps.client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      owner: deps.repo.owner,
      repo: deps.repo.repo,
      issue_number: deps.issue,
      body: signBody(deps.key, ctx, text, marker),
    });
    comments.remember(toIssueComment(res.data));
  }
  return { accepted, refused, lastCommandId };
}

/** Ids of comments already answered by a signed Foreman reply (the App's or the Action's). */
function answeredIds(comments: readonly IssueComment[], key: SigningKey, ctx: SignatureContext): Set<number> {
  const ids = new Set<number>();
  for (const c of comments) {
    for (const id of parseReplyMarkers(c.body)) {
      if (verifyBody(key, ctx, c.body, replyMarker(id)) === "valid") ids.add(id);
    }
  }
  return ids;
}
