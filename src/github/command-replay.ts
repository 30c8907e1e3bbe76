/**
 * Command replay (DESIGN.md, "One writer"): each run applies *all* commands written after the
 * session's watermark (`lastCommandId`, a comment id), so GitHub dropping a pending run loses
 * nothing, and each command takes effect at most once (ids only move forward). A session that
 * does not exist yet has no watermark: its first run replays the whole thread, and of what is
 * accepted only the commands written after the session's trigger (each carries its comment's
 * `createdAt`) are for it: a `/cancel` among them ends it before it starts (github-session.ts).
 *
 * Where: the issue's comments and, when the session has one, the conversation of its Foreman
 * PR, merged by id (comment ids are repository-wide and increasing, so one watermark serves
 * both). The PR is the one the session's signed state names (`state.pullRequest`), never a
 * number from a comment, a PR body or an event: a command on any other PR is not read.
 *
 * Rules, in order, the same on both threads: comments after the watermark, ascending by id;
 * edited comments (`updated_at` ≠ `created_at`) are ignored (what was approved must be what was
 * read); bot authors are ignored unless allowlisted (a leaked workflow token must not
 * `/approve`); the commands are found by `parseCommands` (never in quotes, code or HTML
 * comments); `unknown` and `invalid` ones change nothing here (the App answers them). Every
 * author is re-checked with the collaborator permission API (once per author per replay)
 * against the configured minimum for the command. A refused command is consumed and answered
 * ONCE in all: the App answers at once, in the thread of the command, so a reply carrying
 * `replyMarker(commentId)` with a valid `reply` signature (for its thread) on either thread
 * means it was answered, and the replay posts nothing; otherwise it posts one signed reply per
 * comment, in the comment's thread.
 *
 * Check-run buttons are recorded by the App on the issue (button-record.ts) and read there only.
 * An older App also recorded each PR command there; such a record is still applied once, unless
 * the PR comment it names is read by this same replay (then that comment alone counts). A record
 * whose PR comment lies at or below the watermark is applied: that comment was either never
 * read (an older Action) or read in the seconds before its record was written; a second copy
 * of a command is refused by the state machine (an ended session, the only kind with a PR
 * today, refuses every command), while a dropped one would be lost.
 *
 * Two listings are not one snapshot: a comment written on the issue between the issue's
 * listing and the PR's would be missed, and a later PR comment would carry the watermark past
 * it for good. So when a PR is read, comments created in or after the second GitHub served the
 * issue's listing (its `Date`), and every comment from the first of them on, are left for the
 * next run (each command's own run starts after it was written, and the App dispatches one).
 *
 * Calls: the issue's listing is shared with the state store (0 more); the PR's conversation, one
 * paged listing (nothing else lists it), only when the session has a PR; one permission check
 * per distinct author with a command; one POST per refused comment nobody answered.
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
  /** When the comment was written (GitHub's `created_at`): a new session takes the commands written after its trigger. */
  createdAt: string;
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

/** A thread commands are read from: the session's issue, or its Foreman PR. */
interface Thread {
  number: number;
  comments: IssueComments;
  /** What replies in this thread are signed for (the App signs a PR reply for the PR). */
  reply: SignatureContext;
  isPullRequest: boolean;
}

/** A comment and where it was written: the session's issue, or its Foreman PR. */
export interface PlacedComment {
  comment: IssueComment;
  onPullRequest: boolean;
}

interface Placed extends PlacedComment {
  thread: Thread;
}

/**
 * The commands a comment carries and who gave them: its author, or the person who clicked a
 * button an issue comment records. `judged`: the PR comments this replay reads itself.
 */
function commandsOf(
  { comment, onPullRequest }: PlacedComment,
  deps: Omit<ReplayDeps, "comments">,
  filters: { allowlist: ReadonlySet<string>; trusted: ReadonlySet<string>; pullRequest: number | undefined; judged: ReadonlySet<number> },
): { author: string; commands: Command[] } | null {
  if (!onPullRequest && comment.authorIsBot && filters.trusted.has(comment.author.toLowerCase())) {
    const press = parseButtonRecord(deps.key, deps.repo, deps.issue, comment.body);
    if (press !== null) {
      // An older App's record of a PR command this replay reads itself: the same command once.
      const recordsJudged = press.pullRequest === filters.pullRequest && press.commentId !== undefined && filters.judged.has(press.commentId);
      if (recordsJudged) return null;
      const command: Command =
        press.command === "reject"
          ? { kind: "reject", reason: press.reason ?? `rejected with the check run's button by ${press.actor}` }
          : { kind: press.command };
      return { author: press.actor, commands: [command] };
    }
  }
  if (comment.authorIsBot && !filters.allowlist.has(comment.author.toLowerCase())) return null;
  const commands = parseCommands(comment.body).filter((c) => c.kind !== "unknown" && c.kind !== "invalid");
  return commands.length === 0 ? null : { author: comment.author, commands };
}

/**
 * Applies nothing itself: says which commands after `sinceCommentId` stand, and answers the
 * refused ones. `pullRequest`: the session's Foreman PR, from its signed state (its
 * conversation is read too); undefined when the session has none.
 */
export async function replayCommands(deps: ReplayDeps, sinceCommentId: number, pullRequest?: number): Promise<ReplayResult> {
  const thread = (number: number, comments: IssueComments): Thread => ({
    number,
    comments,
    reply: { kind: "reply", owner: deps.repo.owner, repo: deps.repo.repo, issue: number },
    isPullRequest: number !== deps.issue,
  });
  const threads = [thread(deps.issue, deps.comments ?? new IssueComments(deps.client, deps.repo, deps.issue))];
  if (pullRequest !== undefined && pullRequest !== deps.issue) {
    threads.push(thread(pullRequest, new IssueComments(deps.client, deps.repo, pullRequest)));
  }
  // In this order: the issue's listing (often the state store's, earlier) comes first.
  const placed: Placed[] = [];
  const answered = new Set<number>();
  for (const t of threads) {
    const listed = await t.comments.list();
    for (const id of answeredIds(listed, deps.key, t.reply)) answered.add(id);
    placed.push(...listed.map((comment) => ({ comment, thread: t, onPullRequest: t.isPullRequest })));
  }
  placed.sort((a, b) => a.comment.id - b.comment.id);
  const after = placed.filter((p) => p.comment.id > sinceCommentId);
  const until = threads.length > 1 ? deferredFrom(after, threads[0]!.comments.listedAt()) : Number.POSITIVE_INFINITY;
  const read = after.filter((p) => p.comment.id < until);

  const judged = await judgeCommands(deps, read, sinceCommentId, threads.length > 1 ? pullRequest : undefined);
  const { accepted, lastCommandId } = judged;
  const refused = judged.refused.map((r) => ({ ...r, alreadyAnswered: answered.has(r.commentId), thread: r.placed.thread }));

  const toAnswer = new Map<number, (typeof refused)[number][]>();
  for (const r of refused) if (!r.alreadyAnswered) toAnswer.set(r.commentId, [...(toAnswer.get(r.commentId) ?? []), r]);
  for (const [commentId, list] of toAnswer) {
    const { thread: where } = list[0]!;
    const marker = replyMarker(commentId);
    const text =
      `${list.map((r) => r.reason).join("\n")}\n\nThe command was not applied. ` +
      `Ask someone with that permission to write it in a new comment.\n\n${marker}`;
    const res = await deps.client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      owner: deps.repo.owner,
      repo: deps.repo.repo,
      issue_number: where.number,
      body: signBody(deps.key, where.reply, text, marker),
    });
    where.comments.remember(toIssueComment(res.data));
  }
  return { accepted, refused: refused.map(({ thread: _, placed: __, ...r }) => r), lastCommandId };
}

export interface JudgedCommands<P extends PlacedComment> {
  accepted: ReplayedCommand[];
  /** Refused commands, with the comment they were read from. */
  refused: (Omit<CommandRefusal, "alreadyAnswered"> & { placed: P })[];
  /** The highest comment id examined (or `sinceCommentId` when none is newer). */
  lastCommandId: number;
}

/**
 * The replay's rules over `placed` (after `sinceCommentId`, in id order; edited ignored; bots
 * only when allowlisted, or a trusted button record on the issue; each author's permission
 * against the command's minimum), answering nobody: the replay answers the refused ones, the
 * cancel watcher (`cancel-watch.ts`) only looks. `pullRequest`: the session's Foreman PR when
 * its comments are among `placed` (an older App's record of one of them is then not applied
 * twice). `permissions` caches each author's permission (a fresh cache per replay).
 */
export async function judgeCommands<P extends PlacedComment>(
  deps: Omit<ReplayDeps, "comments">,
  placed: readonly P[],
  sinceCommentId: number,
  pullRequest: number | undefined,
  permissions = new Map<string, Permission>(),
): Promise<JudgedCommands<P>> {
  const read = placed.filter((p) => p.comment.id > sinceCommentId).sort((a, b) => a.comment.id - b.comment.id);
  const filters = {
    allowlist: new Set(deps.botAllowlist.map((b) => b.toLowerCase())),
    trusted: new Set((deps.trustedAuthors ?? []).map((b) => b.toLowerCase())),
    pullRequest,
    judged: new Set(read.filter((p) => p.onPullRequest).map((p) => p.comment.id)),
  };
  const accepted: ReplayedCommand[] = [];
  const refused: JudgedCommands<P>["refused"] = [];
  let lastCommandId = sinceCommentId;

  for (const p of read) {
    const { comment } = p;
    lastCommandId = Math.max(lastCommandId, comment.id);
    if (comment.updatedAt !== comment.createdAt) continue;
    const given = commandsOf(p, deps, filters);
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
        accepted.push({ commentId: comment.id, author, command, createdAt: comment.createdAt });
      } else {
        refused.push({
          commentId: comment.id,
          author,
          command,
          reason: `\`/${command.kind}\` needs ${needs} permission on ${deps.repo.owner}/${deps.repo.repo}; @${author} has ${has}.`,
          placed: p,
        });
      }
    }
  }
  return { accepted, refused, lastCommandId };
}

/**
 * The first comment id this replay must not read (see the header): the lowest id among the
 * comments created in or after the second of `listedAt`, GitHub's clock when the issue's
 * listing began. No clock (no `Date` header): nothing is held back.
 */
function deferredFrom(after: readonly Placed[], listedAt: number | undefined): number {
  if (listedAt === undefined) return Number.POSITIVE_INFINITY;
  const second = Math.floor(listedAt / 1000) * 1000;
  let from = Number.POSITIVE_INFINITY;
  for (const { comment } of after) if (Date.parse(comment.createdAt) >= second) from = Math.min(from, comment.id);
  return from;
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
