/**
 * What the App does with an event (DESIGN.md, "One writer"): it never writes session state; it
 * answers, refuses, or wakes the runner. These are the App's decisions, pure, so that every
 * handler is only parse → look up facts → decide here → call GitHub.
 *
 * A command is judged exactly as the Action will judge it when it replays the command: the
 * permission rule is `requiredPermission`, and the session rule is the state machine's own
 * `transition` (a dry run on the snapshot the App read). The App may be wrong about a state
 * that changes under it; the Action re-checks everything, so the worst case is a wake-up that
 * finds nothing to do, never a command obeyed that should not be.
 */
import type { Command } from "./commands.js";
import { helpText } from "./commands.js";
import type { Config, PermissionLevel } from "./config.js";
import { formatUsd, renderStatusComment } from "./render.js";
import { transition, type SessionCommand } from "./state-machine.js";
import type { SessionState } from "./state.js";

/** A person's level on the repository; `none` when they are no collaborator. */
export type Access = PermissionLevel | "none";

const RANK: Record<Access, number> = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

export function hasAccess(has: Access, needs: PermissionLevel): boolean {
  return RANK[has] >= RANK[needs];
}

/** The permission a command needs under `permissions`; null when anyone who can comment may use it. */
export function requiredPermission(command: Command, permissions: Config["permissions"]): PermissionLevel | null {
  switch (command.kind) {
    case "approve":
    case "reject":
    case "retry":
    case "cancel":
      return permissions.approve;
    case "budget":
      return permissions.budget;
    case "status":
    case "help":
    case "invalid":
    case "unknown":
      return null;
  }
}

export type Reaction = "eyes" | "confused";

export type WakeDecision =
  /** Do nothing (and say why, for the log). */
  | { kind: "ignore"; why: string }
  /** Answer with a reply; `refused` replies carry the hidden reply marker and a 😕. */
  | { kind: "reply"; body: string; reaction: Reaction; refused: boolean }
  /**
   * Wake the runner with this reason; `cancelRun` also cancels the runs not completed
   * (a closing only: a `/cancel` is noticed by the run in progress itself, `cancel-watch.ts`).
   */
  | { kind: "wake"; reason: string; reaction: Reaction; cancelRun: boolean };

function refuse(body: string): WakeDecision {
  return { kind: "reply", body, reaction: "confused", refused: true };
}

const LEVEL_WORDS: Record<PermissionLevel, string> = {
  read: "read",
  triage: "triage",
  write: "write",
  maintain: "maintain",
  admin: "admin",
};

function permissionRefusal(login: string, what: string, needs: PermissionLevel, has: Access, key: string): string {
  const level = LEVEL_WORDS[needs];
  return `@${login} ${what} needs **${level}** permission on this repository (yours: ${has === "none" ? "none" : LEVEL_WORDS[has]}). Ask someone with ${level} access, or change \`permissions.${key}\` in \`.github/foreman.yml\`.`;
}

function asSessionCommand(command: Command, state: SessionState | null): SessionCommand | null {
  switch (command.kind) {
    case "approve":
    case "retry":
    case "cancel":
      return { kind: command.kind };
    case "reject":
      return { kind: "reject", reason: command.reason };
    case "budget":
      // The Action computes the clamped budget; for the dry run the session's own shape suffices.
      return state === null ? null : { kind: "budget", usd: command.usd, budget: { ...state.budget, usd: command.usd } };
    default:
      return null;
  }
}

export interface CommandFacts {
  command: Command;
  /** The comment's id (the command's id in the session) and author. */
  commentId: number;
  author: string;
  access: Access;
  config: Config;
  /**
   * The session as the App read it; null when the issue has none; undefined when the App did
   * not read it (to stay within its call budget: the Action judges the command again anyway).
   */
  state: SessionState | null | undefined;
  nowIso: string;
}

/** What to do with one command from a new comment (or a button: the same rules). */
export function decideCommand(f: CommandFacts): WakeDecision {
  const { command } = f;
  if (command.kind === "unknown") {
    const hint = command.suggestion ? ` Did you mean \`/${command.suggestion}\`?` : "";
    return { kind: "reply", body: `\`/${command.name}\` is not a Foreman command.${hint}\n\n${helpText()}`, reaction: "confused", refused: false };
  }
  if (command.kind === "invalid") {
    return { kind: "reply", body: `\`/${command.name}\`: ${command.problem}\n\n${helpText()}`, reaction: "confused", refused: false };
  }
  if (command.kind === "help") return { kind: "reply", body: helpText(), reaction: "eyes", refused: false };
  if (command.kind === "status") {
    const body = !f.state ? "No Foreman session on this issue yet. Add the trigger label to start one." : renderStatusComment(f.state);
    return { kind: "reply", body, reaction: "eyes", refused: false };
  }
  const needs = requiredPermission(command, f.config.permissions);
  if (needs !== null && !hasAccess(f.access, needs)) {
    const key = command.kind === "budget" ? "budget" : "approve";
    return refuse(permissionRefusal(f.author, `\`/${command.kind}\``, needs, f.access, key));
  }
  // Unread state: wake; the Action replays the command and answers if the session cannot take it.
  if (f.state === undefined) return { kind: "wake", reason: command.kind, reaction: "eyes", cancelRun: false };
  if (f.state === null)
    return refuse(`\`/${command.kind}\`: there is no Foreman session on this issue. Add the \`${f.config.trigger_label}\` label to start one.`);
  const sessionCommand = asSessionCommand(command, f.state);
  if (sessionCommand === null) return { kind: "ignore", why: `no session command for /${command.kind}` };
  const dry = transition(f.state, { type: "command", at: f.nowIso, id: f.commentId, author: f.author, command: sessionCommand });
  if (!dry.ok) return refuse(dry.refusal.message);
  if (dry.duplicate) return { kind: "ignore", why: `comment ${f.commentId} was already applied` };
  return { kind: "wake", reason: command.kind, reaction: "eyes", cancelRun: false };
}

export interface LabelFacts {
  labeller: string;
  access: Access;
  config: Config;
  /** The session on the issue; undefined when not read (the Action then judges liveness). */
  state: SessionState | null | undefined;
  /** What the daily ledger says today's sessions used or reserved. */
  dailyUsedUsd: number;
}

/** A session that a run still owns or that waits for people: a label starts nothing new then. */
export function isLive(state: SessionState): boolean {
  return state.status !== "ended";
}

/** What to do when someone adds the trigger label. */
export function decideTriggerLabel(f: LabelFacts): WakeDecision {
  const needs = f.config.permissions.trigger;
  if (!hasAccess(f.access, needs)) {
    return refuse(permissionRefusal(f.labeller, `Starting Foreman with the \`${f.config.trigger_label}\` label`, needs, f.access, "trigger"));
  }
  if (f.state !== null && f.state !== undefined && isLive(f.state))
    return { kind: "ignore", why: `the session on this issue is still ${f.state.status}` };
  const cap = f.config.budget.daily.usd;
  if (f.dailyUsedUsd >= cap) {
    return refuse(
      `Foreman did not start: today's budget is spent (${formatUsd(f.dailyUsedUsd)} of ${formatUsd(cap)}, UTC day). Add the label again tomorrow, or raise \`budget.daily.usd\` in \`.github/foreman.yml\`.`,
    );
  }
  return { kind: "wake", reason: "label", reaction: "eyes", cancelRun: false };
}

/** The issue or the Foreman PR was closed (unmerged): a live session is ended by a run. */
export function decideClosed(state: SessionState | null): WakeDecision {
  if (state === null || !isLive(state)) return { kind: "ignore", why: "no live session" };
  return { kind: "wake", reason: "closed", reaction: "eyes", cancelRun: state.status === "running" };
}

/**
 * A Foreman workflow run completed. If it left the session `running` (it died without recording
 * a terminal state or a pause), a `recover` run marks the open attempt interrupted.
 */
export function decideRunCompleted(state: SessionState | null): WakeDecision {
  if (state === null) return { kind: "ignore", why: "no session" };
  if (state.status !== "running") return { kind: "ignore", why: `the run left the session ${state.status}` };
  return { kind: "wake", reason: "recover", reaction: "eyes", cancelRun: false };
}
