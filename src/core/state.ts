/**
 * The session snapshot: what Foreman knows about one session (one issue, or one local task).
 *
 * It is a materialized view: every input it is built from is durable elsewhere (commands are
 * comments, attempts are ledger entries), so a lost write can be rebuilt. Times are ISO-8601
 * strings handed in by the caller; the core never reads a clock.
 */
import { z } from "zod";
import { sessionIdProblem } from "./session-id.js";
import { TEXT_CAPS as CAPS } from "./text-caps.js";

export const STATE_SCHEMA_VERSION = 1;

/** Why a session ended. `interrupted` is deliberately absent: it is resumable, not an end. */
export const TERMINAL_REASONS = [
  "succeeded",
  "gates_failed",
  "budget_exhausted",
  "oscillation_detected",
  "policy_violation",
  "agent_error",
  "cancelled",
  "rejected",
  "approval_expired",
  "setup_failed",
] as const;
export type TerminalReason = (typeof TERMINAL_REASONS)[number];

/**
 * - `pending`: admitted, waiting for a run to pick it up (also after `/retry`).
 * - `running`: a run owns it and is in the attempt loop.
 * - `awaiting_approval`: gates passed, a person must `/approve` before publishing.
 * - `approved`: approved, waiting for a run to publish without re-running the agent.
 * - `interrupted`: a run died mid-attempt; resumable with `/retry` (or `foreman resume`).
 * - `ended`: terminal; `reason` says why. Terminal states absorb every event.
 */
export const SESSION_STATUSES = ["pending", "running", "awaiting_approval", "approved", "interrupted", "ended"] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

const isoTime = z.string().datetime({ offset: true });
const usd = z.number().finite().nonnegative();
const count = z.number().int().nonnegative();

export const gateResultSchema = z.object({
  /** Gate name, e.g. `npm test` or the configured name. */
  name: z.string().max(CAPS.gateName),
  /** Package root it ran in, relative to the repository. */
  root: z.string().max(CAPS.gateRoot),
  ok: z.boolean(),
  /** Exit code, or null when killed by a signal or a timeout. */
  exitCode: z.number().int().nullable(),
  durationMs: count,
});
export type GateResult = z.infer<typeof gateResultSchema>;

export const diffStatsSchema = z.object({ files: count, additions: count, deletions: count });
export type DiffStats = z.infer<typeof diffStatsSchema>;

/** Where an attempt's cost comes from (see `attemptCharge` in `cost-basis.ts`). */
export const COST_BASES = ["reported", "not_billed", "assumed"] as const;
export type CostBasis = (typeof COST_BASES)[number];

/** How one attempt turned out. */
export const ATTEMPT_OUTCOMES = ["passed", "gates_failed", "policy_violation", "agent_error", "empty_diff", "interrupted"] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

export const attemptSchema = z.object({
  /** 1-based attempt number; never reused, also across resumes. */
  n: z.number().int().positive(),
  startedAt: isoTime,
  /** Absent while the attempt is open (started, not finished): a crash leaves it so. */
  finishedAt: isoTime.optional(),
  outcome: z.enum(ATTEMPT_OUTCOMES).optional(),
  durationMs: count.optional(),
  /** Cost counted against budgets (reported, or the assumed cost when unknown). */
  costUsd: usd.optional(),
  /** True when `costUsd` is the configured assumed cost because the agent reported none. */
  costAssumed: z.boolean().optional(),
  tokens: count.optional(),
  /**
   * Where `costUsd` comes from: what the agent reported, 0 because its output proves no model
   * response was billed, or the assumed cost (fail closed). Absent in records written before it.
   */
  costBasis: z.enum(COST_BASES).optional(),
  /** Tool calls the agent's CLI refused during the attempt (capped). */
  deniedTools: z.array(z.string().max(CAPS.deniedTool)).max(CAPS.deniedTools).optional(),
  /** Milliseconds waited after a transient agent error before the next attempt (counted in `durationMs`). */
  backoffMs: count.optional(),
  /** Hash of the diff against the base after the agent ran (oscillation detection). */
  diffHash: z.string().max(CAPS.diffHash).optional(),
  diffStats: diffStatsSchema.optional(),
  gates: z.array(gateResultSchema).max(CAPS.gates).optional(),
  /** The agent's own summary (untrusted, capped). */
  summary: z.string().max(CAPS.summary).optional(),
  /** What went wrong (agent error, policy violation), capped. */
  error: z.string().max(CAPS.error).optional(),
  /** For an agent error: worth another attempt (rate limit, overload, timeout), not permanent. */
  transient: z.boolean().optional(),
  /**
   * For a path-policy violation: the change was refused, not the session. The offending paths
   * were put back as they are in the base and the next attempt is told why; the session goes
   * on while attempts remain. Absent for a violation that ends the session at once.
   */
  refused: z.boolean().optional(),
  /**
   * Where the attempt's tree was kept outside the runner (`refs/foreman/issue-<n>/attempt-<k>` on
   * GitHub): a run on a fresh runner resumes from it. Absent when nothing was kept.
   */
  keptRef: z.string().max(CAPS.ref).optional(),
});
export type Attempt = z.infer<typeof attemptSchema>;

/** Exact totals of attempts folded out of the full ledger by compaction. */
export const compactedAttemptsSchema = z.object({
  count: count,
  firstN: z.number().int().positive(),
  lastN: z.number().int().positive(),
  costUsd: usd,
  durationMs: count,
  tokens: count,
  /** Outcome (or `open` / `unknown`) → number of attempts. */
  outcomes: z.partialRecord(z.enum([...ATTEMPT_OUTCOMES, "open", "unknown"]), count),
  /** Most recent distinct diff hashes of the folded attempts, kept for oscillation detection. */
  diffHashes: z.array(z.string().max(CAPS.diffHash)).max(CAPS.compactedDiffHashes),
});
export type CompactedAttempts = z.infer<typeof compactedAttemptsSchema>;

export const runBudgetSchema = z.object({
  attempts: z.number().int().positive(),
  minutes: z.number().positive(),
  usd: z.number().positive(),
});
export type RunBudgetState = z.infer<typeof runBudgetSchema>;

/** One dependency-setup step as it ran (`npm ci` in `.`). */
export const setupStepResultSchema = z.object({
  root: z.string().max(CAPS.gateRoot),
  /** The command line, capped. */
  command: z.string().max(CAPS.gateName),
  ok: z.boolean(),
  /** Exit code, or null when it could not start or was killed. */
  exitCode: z.number().int().nullable(),
  durationMs: count,
});
export type SetupStepResult = z.infer<typeof setupStepResultSchema>;

/**
 * Dependency setup, reported apart from the attempts: it is Foreman's work, not the agent's
 * (never a cost, never part of the change).
 */
export const setupRecordSchema = z.object({
  /** How many times setup ran (before attempt 1, then after an attempt changed a manifest or lockfile). */
  runs: count,
  /** Wall time of all setup runs together. */
  durationMs: count,
  /** Outcome of the last run. */
  ok: z.boolean(),
  /** The steps of the last run. */
  steps: z.array(setupStepResultSchema).max(CAPS.gates),
  /** The gates as they ran on the unchanged base (`baseline: true`), when they ran. */
  baseline: z.array(gateResultSchema).max(CAPS.gates).optional(),
});
export type SetupRecord = z.infer<typeof setupRecordSchema>;

export const sessionStateSchema = z.object({
  schemaVersion: z.literal(STATE_SCHEMA_VERSION),
  /** Incremented on every write (compare-and-write). */
  version: count,
  /** Session key (`issue-<n>` on GitHub, a slug locally): the one rule of `session-id.ts`, safe in paths and refs. */
  sessionId: z.string().superRefine((id, ctx) => {
    const problem = sessionIdProblem(id);
    if (problem !== null) ctx.addIssue({ code: "custom", message: `not a session id: ${problem}` });
  }),
  status: z.enum(SESSION_STATUSES),
  /** Set exactly when `status` is `ended`. */
  reason: z.enum(TERMINAL_REASONS).nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
  endedAt: isoTime.optional(),
  /** The task: issue number and title (sanitized). */
  task: z.object({ issue: z.number().int().positive().optional(), title: z.string().max(CAPS.title) }),
  /** Effective per-run budget admitted for this session (after labels, `/budget`, ceilings). */
  budget: runBudgetSchema,
  /** USD cap raised by `/budget` (admin), before clamping; null when never raised. */
  budgetOverrideUsd: usd.nullable(),
  /** Totals over all attempts, including compacted ones. Exact, never estimated away. */
  spent: z.object({ costUsd: usd, durationMs: count, attempts: count }),
  /** Attempts in full (the most recent ones after compaction). */
  attempts: z.array(attemptSchema),
  /** Older attempts folded into totals when the ledger grows. */
  compacted: compactedAttemptsSchema.nullable(),
  /** Id of the last command applied: commands with an id at or below it are ignored. */
  lastCommandId: count,
  /** Git facts: where work starts and where it goes. */
  baseRef: z.string().max(CAPS.ref).optional(),
  baseSha: z
    .string()
    .regex(/^[0-9a-f]{40,64}$/)
    .optional(),
  branch: z.string().max(CAPS.ref).optional(),
  /** Commit of the diff that passed gates (what approval is about). */
  headSha: z
    .string()
    .regex(/^[0-9a-f]{40,64}$/)
    .optional(),
  /** GitHub objects, once they exist. */
  pullRequest: z.number().int().positive().optional(),
  checkRunId: z.number().int().positive().optional(),
  /** Pending or granted approval. */
  approval: z
    .object({
      requestedAt: isoTime,
      expiresAt: isoTime,
      /** Why approval is needed (protected paths touched, cost over threshold, policy). */
      reasons: z.array(z.string().max(CAPS.approvalReason)).max(CAPS.approvalReasons),
      headSha: z
        .string()
        .regex(/^[0-9a-f]{40,64}$/)
        .optional(),
      approvedBy: z.string().max(CAPS.author).optional(),
      approvedAt: isoTime.optional(),
    })
    .optional(),
  /** Daily-ledger reservation backing this session's run, if any. */
  reservation: z.object({ id: z.string().max(CAPS.reservationId), usd }).optional(),
  /** Set once the single terminal report has been posted; guards against a second one. */
  reportedAt: isoTime.optional(),
  /** Last human-readable note (refusal, reject reason), capped. */
  note: z.string().max(CAPS.note).optional(),
  /** Dependency setup and the baseline run of the gates; absent in states of older Foreman and when nothing was set up. */
  setup: setupRecordSchema.optional(),
});
export type SessionState = z.infer<typeof sessionStateSchema>;

export function isTerminal(state: Pick<SessionState, "status">): boolean {
  return state.status === "ended";
}

/** A fresh session in `pending`, before any attempt. */
export function newSession(init: {
  sessionId: string;
  now: string;
  title: string;
  issue?: number;
  budget: { attempts: number; minutes: number; usd: number };
}): SessionState {
  return {
    schemaVersion: STATE_SCHEMA_VERSION,
    version: 0,
    sessionId: init.sessionId,
    status: "pending",
    reason: null,
    createdAt: init.now,
    updatedAt: init.now,
    task: init.issue === undefined ? { title: init.title } : { issue: init.issue, title: init.title },
    budget: init.budget,
    budgetOverrideUsd: null,
    spent: { costUsd: 0, durationMs: 0, attempts: 0 },
    attempts: [],
    compacted: null,
    lastCommandId: 0,
  };
}
