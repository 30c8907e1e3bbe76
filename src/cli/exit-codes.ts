/** The `foreman` exit codes: a contract other tools depend on. */
import type { ForemanErrorKind } from "../core/errors.js";
import type { SessionState } from "../core/state.js";

export const EXIT = { succeeded: 0, unsuccessful: 1, usage: 2, awaitingApproval: 3, interrupted: 4 } as const;

/**
 * The exit code of a failure, by its kind: what the person can fix by asking differently
 * (`usage`, `conflict`) is 2; a damaged file or a broken tool (`corrupt`, `internal`) is 1.
 */
export function exitCodeForError(kind: ForemanErrorKind): number {
  switch (kind) {
    case "usage":
    case "conflict":
      return EXIT.usage;
    case "corrupt":
    case "internal":
      return EXIT.unsuccessful;
  }
}

export function exitCodeFor(state: Pick<SessionState, "status" | "reason">): number {
  switch (state.status) {
    case "ended":
      return state.reason === "succeeded" ? EXIT.succeeded : EXIT.unsuccessful;
    case "awaiting_approval":
      return EXIT.awaitingApproval;
    case "interrupted":
      return EXIT.interrupted;
    case "pending":
    case "running":
    case "approved":
      return EXIT.succeeded;
  }
}

/** The `--json` object: exactly these fields. */
export function jsonSummary(state: SessionState): {
  sessionId: string;
  status: string;
  reason: string | null;
  attempts: number;
  costUsd: number;
  branch: string | null;
  durationMs: number;
} {
  return {
    sessionId: state.sessionId,
    status: state.status,
    reason: state.reason,
    attempts: state.spent.attempts + (state.attempts.at(-1)?.finishedAt === undefined && state.attempts.length > 0 ? 1 : 0),
    costUsd: state.spent.costUsd,
    // Only a branch that exists: it is created when the result is staged (headSha recorded).
    branch: state.headSha === undefined ? null : (state.branch ?? null),
    durationMs: state.spent.durationMs,
  };
}

/**
 * The `--json` object of a command that failed: the error's kind and message, plus whatever is
 * known (the session id). Printed alone on stdout, with the same exit code as without `--json`.
 */
export function jsonError(
  kind: ForemanErrorKind | "unexpected",
  message: string,
  known: { sessionId?: string } = {},
): {
  error: { kind: string; message: string };
  sessionId?: string;
} {
  return { error: { kind, message }, ...(known.sessionId === undefined ? {} : { sessionId: known.sessionId }) };
}
