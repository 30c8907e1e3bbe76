/**
 * The session ledger's entries: what a run appends as it goes, before and after each step that
 * could be lost to a crash. The ledger is the source of truth for attempts; the state snapshot
 * is rebuilt from it (`recovery.ts`). Adapters store it (a JSONL file locally, a ledger issue on
 * GitHub); the core only reads it.
 */
import { z } from "zod";
import { TEXT_CAPS } from "./text-caps.js";
import { attemptSchema, TERMINAL_REASONS, type Attempt, type TerminalReason } from "./state.js";

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
   * restores it if this one dies there), the cost it counts for (never lost to a crash), and
   * where the tree was kept when the publisher keeps trees (a run on a fresh runner resumes
   * from it even when this one is killed outright during the gates).
   */
  | { type: "attempt_diffed"; sessionId: string; n: number; hash: string; costUsd: number; costAssumed: boolean; keptRef?: string }
  /** A child (agent or gate) was started for attempt `n`; `handle` lets a later run stop it if this run dies. */
  | { type: "process_started"; sessionId: string; n: number; handle: string };

const isoTime = z.iso.datetime({ offset: true });
const sessionId = z.string().min(1).max(200);
const count = z.number().int().nonnegative();

/** Exactly `LedgerEntry` (checked at compile time below); unknown keys are refused. Every adapter validates with it. */
export const ledgerEntrySchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("attempt_started"), sessionId, n: z.number().int().positive(), at: isoTime }),
  z.strictObject({ type: z.literal("attempt_finished"), sessionId, attempt: attemptSchema }),
  z.strictObject({
    type: z.literal("attempt_interrupted"),
    sessionId,
    n: z.number().int().positive(),
    at: isoTime,
    durationMs: count,
    costUsd: z.number().finite().nonnegative(),
    // Absent on lines written before the field existed: read as assumed (fail closed).
    costAssumed: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal("session_ended"), sessionId, reason: z.enum(TERMINAL_REASONS), at: isoTime }),
  z.strictObject({
    type: z.literal("attempt_diffed"),
    sessionId,
    n: z.number().int().positive(),
    hash: z.string().regex(/^[0-9a-f]{40,64}$/),
    costUsd: z.number().finite().nonnegative(),
    costAssumed: z.boolean(),
    keptRef: z.string().min(1).max(TEXT_CAPS.ref).optional(),
  }),
  z.strictObject({ type: z.literal("process_started"), sessionId, n: z.number().int().positive(), handle: z.string().min(1).max(200) }),
]);

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const schemaMatchesPort: Equal<z.infer<typeof ledgerEntrySchema>, LedgerEntry> = true;
void schemaMatchesPort;
