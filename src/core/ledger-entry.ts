/**
 * The session ledger's entries: what a run appends as it goes, before and after each step that
 * could be lost to a crash. The ledger is the source of truth for attempts; the state snapshot
 * is rebuilt from it (`recovery.ts`). Adapters store it (a JSONL file locally, a ledger issue on
 * GitHub); the core only reads it.
 */
import type { Attempt, TerminalReason } from "./state.js";

/** One append-only ledger line. Appends never conflict. */
export type LedgerEntry =
  | { type: "attempt_started"; sessionId: string; n: number; at: string }
  | { type: "attempt_finished"; sessionId: string; attempt: Attempt }
  /**
   * Attempt `n` was closed as interrupted, charged `durationMs` and `costUsd`. `costAssumed` says
   * whether that cost is the assumed one (nothing said what the agent spent); lines written before
   * the field existed lack it and count as assumed (fail closed).
   */
  | { type: "attempt_interrupted"; sessionId: string; n: number; at: string; durationMs: number; costUsd: number; costAssumed?: boolean }
  | { type: "session_ended"; sessionId: string; reason: TerminalReason; at: string }
  /**
   * What the agent left in attempt `n`, recorded before the gates run: its tree (a later run
   * restores it if this one dies there) and the cost it counts for (never lost to a crash).
   */
  | { type: "attempt_diffed"; sessionId: string; n: number; hash: string; costUsd: number; costAssumed: boolean }
  /** A child (agent or gate) was started for attempt `n`; `handle` lets a later run stop it if this run dies. */
  | { type: "process_started"; sessionId: string; n: number; handle: string };
