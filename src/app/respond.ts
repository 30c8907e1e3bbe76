/**
 * What the App can do to an issue: react, reply, and wake the runner. It never writes session
 * state. Each function is one or two GitHub calls, so each handler's call count is visible.
 *
 * Idempotency without storage: GitHub answers `POST …/reactions` with 200 (not 201) when the
 * reaction already exists, so the App's 👀 on a comment doubles as the durable record that the
 * comment was handled; a second delivery of the same comment, to any instance, stops there.
 */
import { ConfigError } from "../core/errors.js";
import type { GitHubClient } from "../github/client.js";
import { dispatchRun, DispatchSetupError, workflowSetupHint } from "../github/dispatch.js";
import type { RepoRef } from "../github/repo.js";
import { replyMarker } from "../github/reply-marker.js";
import { signBody, type SigningKey } from "../github/signature.js";
import { outlastRateLimit } from "./rate-limit-wait.js";

export type ReactionContent = "eyes" | "confused";

/** Reacts to a comment; "existed" when the App had already reacted so (a redelivery). */
export async function reactToComment(
  client: GitHubClient,
  repo: RepoRef,
  commentId: number,
  content: ReactionContent,
): Promise<"created" | "existed"> {
  const res = await outlastRateLimit(() =>
    client.request("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", {
      owner: repo.owner,
      repo: repo.repo,
      comment_id: commentId,
      content,
    }),
  );
  return res.status === 201 ? "created" : "existed";
}

export async function reactToIssue(client: GitHubClient, repo: RepoRef, issue: number, content: ReactionContent): Promise<"created" | "existed"> {
  const res = await outlastRateLimit(() =>
    client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/reactions", {
      owner: repo.owner,
      repo: repo.repo,
      issue_number: issue,
      content,
    }),
  );
  return res.status === 201 ? "created" : "existed";
}

/**
 * Replies on the issue. A reply to a command carries the signed marker naming the command's
 * comment, which the Action's replay recognizes, so the command is never answered twice.
 */
export async function reply(
  client: GitHubClient,
  repo: RepoRef,
  issue: number,
  body: string,
  opts: { key: SigningKey; replyTo?: number },
): Promise<void> {
  let text = body;
  if (opts.replyTo !== undefined) {
    const marker = replyMarker(opts.replyTo);
    text = signBody(opts.key, { kind: "reply", owner: repo.owner, repo: repo.repo, issue }, `${body}\n\n${marker}`, marker);
  }
  await outlastRateLimit(() =>
    client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      owner: repo.owner,
      repo: repo.repo,
      issue_number: issue,
      body: text,
    }),
  );
}

/** A marker for a notice that must be posted once per cause (a config revision, a setup problem). */
export function noticeMarker(key: string): string {
  return `<!-- foreman:notice ${key.replace(/[^A-Za-z0-9:._-]/g, "_")} -->`;
}

/** Posts `body` unless a comment of the App already carries this notice's marker. */
export async function noticeOnce(client: GitHubClient, repo: RepoRef, issue: number, noticeKey: string, body: string): Promise<boolean> {
  const marker = noticeMarker(noticeKey);
  const comments = await client.paginate("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
    owner: repo.owner,
    repo: repo.repo,
    issue_number: issue,
    per_page: 100,
  });
  if (comments.some((c) => c.user?.type === "Bot" && (c.body ?? "").includes(marker))) return false;
  await outlastRateLimit(() =>
    client.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      owner: repo.owner,
      repo: repo.repo,
      issue_number: issue,
      body: `${body}\n\n${marker}`,
    }),
  );
  return true;
}

/** The one comment for an invalid configuration: each problem with its key, and the fix. */
export function configErrorComment(error: ConfigError, sources: readonly string[]): string {
  const where = sources.length > 0 ? ` (read from ${sources.map((s) => `\`${s}\``).join(", ")})` : "";
  return [
    `### 🤖 Foreman cannot run: the configuration is invalid${where}`,
    "",
    ...error.problems.map((p) => `- \`${p.path}\`: ${p.message}`),
    "",
    "Fix `.github/foreman.yml` on the default branch; Foreman reads it again on the next event. This message is posted once per version of the configuration.",
  ].join("\n");
}

export interface WakeTarget {
  repo: RepoRef;
  issue: number;
  defaultBranch: string;
  workflowFile: string;
  reason: string;
  mode?: "run" | "recover";
}

/**
 * Dispatches the workflow. A setup problem (no workflow file, no Actions permission) is said once
 * on the issue with the exact YAML to add, instead of failing the webhook with a stack trace.
 */
export async function wake(client: GitHubClient, t: WakeTarget): Promise<"dispatched" | "setup_problem"> {
  try {
    await outlastRateLimit(() =>
      dispatchRun(client, t.repo, {
        workflowFile: t.workflowFile,
        ref: t.defaultBranch,
        issue: t.issue,
        reason: t.reason,
        mode: t.mode ?? "run",
      }),
    );
    return "dispatched";
  } catch (error) {
    if (!(error instanceof DispatchSetupError)) throw error;
    const body =
      error.problem === "missing_workflow"
        ? `### 🤖 Foreman cannot start\n\n${error.message}\n\n${workflowSetupHint(t.workflowFile)}`
        : `### 🤖 Foreman cannot start\n\n${error.message}`;
    await noticeOnce(client, t.repo, t.issue, `setup:${error.problem}`, body);
    return "setup_problem";
  }
}
