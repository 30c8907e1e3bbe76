/**
 * The commands a GitHub run found in the comments after the session's watermark, applied
 * to the session in comment-id order. The engine takes at most one command per run (local mode's
 * `foreman approve`); on GitHub a run must apply *all* unapplied commands, each exactly once, with
 * its comment id as the command id (so `lastCommandId` is the comment watermark). Pure: the
 * replay (authorization, edited comments, bots) happened before, in `src/github`.
 *
 * A session that does not exist yet has no watermark: the commands written after its trigger
 * (the trigger label's last addition) are for it, and only a `/cancel` among them has an effect
 * before its first run (`beforeFirstRun`).
 */
import { effectiveRunBudget } from "./budget.js";
import type { Command } from "./commands.js";
import type { Config } from "./config.js";
import { transition, type SessionCommand } from "./state-machine.js";
import type { SessionState } from "./state.js";

/** A command that passed the replay's checks (author allowed, comment unedited). */
export interface AuthorizedCommand {
  commentId: number;
  author: string;
  command: Command;
  /** When its comment was written (ISO, GitHub's clock); absent: unknown, never counted as after a trigger. */
  createdAt?: string;
}

export interface ReplayInput {
  /** Ascending comment ids (the order is enforced again here). */
  accepted: readonly AuthorizedCommand[];
  /** The highest comment id the replay looked at: the new watermark. */
  lastCommandId: number;
  /** ISO time of this run. */
  at: string;
  config: Config;
  labels: readonly string[];
  /** USD used today before this session (for `/budget`, which is still clamped by the daily cap). */
  dailySpentUsd: number;
}

export interface CommandEffect {
  commentId: number;
  author: string;
  /** Why it had no effect (for the reply and the summary); absent when it applied. */
  refusal?: string;
}

export interface ReplayApplication {
  state: SessionState;
  /** One entry per command that reached the state machine, in the order applied. */
  effects: CommandEffect[];
  /** Whether `state` differs from the input (a write is needed). */
  changed: boolean;
}

/**
 * The first authorized `/cancel` among commands found after the watermark: what a run in progress
 * stops for (the cancel watcher), leaving it to the run woken for the command to apply it (or to
 * refuse it, when a command before it ended the session already: stopping was right then too).
 */
export function firstCancel(accepted: readonly AuthorizedCommand[]): AuthorizedCommand | undefined {
  return [...accepted].sort((a, b) => a.commentId - b.commentId).find((c) => c.command.kind === "cancel");
}

/** What the commands written after a new session's trigger do before its first run. */
export interface BeforeFirstRun {
  /** The first authorized `/cancel`: the session is created ended `cancelled` and nothing runs. */
  cancel?: AuthorizedCommand;
  /**
   * Commands with a session effect that are consumed without it (no `/cancel` among them): the
   * session they were written for did not exist yet. For the job summary.
   */
  unapplied: CommandEffect[];
}

/**
 * The commands written at or after `triggerAt` (ms; the second GitHub recorded the trigger
 * label, so a comment in that same second counts as after it: ending a session wrongly costs
 * nothing, running it against a `/cancel` the App acknowledged costs money), for a session that
 * does not exist yet. Only `/cancel` acts before the first run: a waiting session refuses
 * `/approve`, `/reject` and `/retry`, nothing but `/cancel` ends it, and nothing undoes a cancel.
 * A `/budget` is not applied here (the run's daily reservation is taken from the configured
 * budget before the session exists): it is reported, to be written again.
 */
export function beforeFirstRun(accepted: readonly AuthorizedCommand[], triggerAt: number): BeforeFirstRun {
  const after = accepted.filter((c) => c.createdAt !== undefined && Date.parse(c.createdAt) >= triggerAt);
  const cancel = firstCancel(after);
  if (cancel !== undefined) return { cancel, unapplied: [] };
  const unapplied = [...after]
    .sort((a, b) => a.commentId - b.commentId)
    .filter(actsOnSession)
    .map((c) => ({
      commentId: c.commentId,
      author: c.author,
      refusal: `/${c.command.kind} was written before the session's first run, which applies only /cancel. Write it again now that the session exists.`,
    }));
  return { unapplied };
}

/**
 * Whether the command would change a session (`/status` and `/help` only answer, which the App
 * did): only such commands make the trigger's time worth reading (`beforeFirstRun`).
 */
export function actsOnSession(c: AuthorizedCommand): boolean {
  return !["status", "help", "invalid", "unknown"].includes(c.command.kind);
}

/** Applies the authorized commands in id order and moves the watermark to `lastCommandId`. */
export function applyReplayedCommands(state: SessionState, input: ReplayInput): ReplayApplication {
  let current = state;
  const effects: CommandEffect[] = [];
  const ordered = [...input.accepted].sort((a, b) => a.commentId - b.commentId);
  for (const c of ordered) {
    const command = sessionCommand(c.command, input);
    if (command === null) continue;
    if (typeof command === "string") {
      // Consumed without effect: it can never apply later.
      if (c.commentId > current.lastCommandId) current = { ...current, lastCommandId: c.commentId, updatedAt: input.at };
      effects.push({ commentId: c.commentId, author: c.author, refusal: command });
      continue;
    }
    const r = transition(current, { type: "command", at: input.at, id: c.commentId, author: c.author, command });
    if (r.ok && r.duplicate === true) continue;
    current = r.state;
    effects.push(r.ok ? { commentId: c.commentId, author: c.author } : { commentId: c.commentId, author: c.author, refusal: r.refusal.message });
  }
  if (input.lastCommandId > current.lastCommandId) current = { ...current, lastCommandId: input.lastCommandId, updatedAt: input.at };
  return { state: current, effects, changed: current !== state };
}

/**
 * The state machine's form of a parsed command: null for what carries no session effect
 * (`invalid` / `unknown` words, answered by the App), a string for a refusal decided here.
 */
function sessionCommand(command: Command, input: ReplayInput): SessionCommand | string | null {
  switch (command.kind) {
    case "approve":
    case "retry":
    case "cancel":
    case "status":
    case "help":
      return { kind: command.kind };
    case "reject":
      return { kind: "reject", reason: command.reason };
    case "budget": {
      const effective = effectiveRunBudget({
        config: input.config,
        labels: input.labels,
        budgetOverrideUsd: command.usd,
        dailySpentUsd: input.dailySpentUsd,
      });
      if (effective.exhausted) return `/budget ${command.usd} has no effect: today's USD cap is used up.`;
      return { kind: "budget", usd: command.usd, budget: effective.budget };
    }
    case "invalid":
    case "unknown":
      return null;
  }
}
