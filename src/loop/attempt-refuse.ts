/**
 * Step 3b of an attempt: the path policy refused the change. The refusal ends the attempt, not
 * the session: the offending paths (core `offendingPaths`) are put back as they are in the
 * base, so nothing refused stays in the working copy the next attempt starts from, and the
 * next attempt is told exactly what was refused, why, and what was put back.
 */
import { offendingPaths, type PathViolation } from "../core/path-policy.js";
import { renderPolicyFeedback } from "../core/task.js";
import type { Workspace, WorkspaceDiff } from "./ports.js";

export interface Refusal {
  /** The paths put back as they are in the base, sorted. */
  reverted: string[];
  /** The feedback file of the next attempt. */
  nextFeedback: string;
  /** For a person (progress): what was refused and put back. */
  note: string;
}

export async function refuseChange(workspace: Workspace, n: number, diff: WorkspaceDiff, violations: readonly PathViolation[]): Promise<Refusal> {
  const reverted = offendingPaths(diff.files, violations);
  if (reverted.length > 0) await workspace.revertPaths(reverted);
  const what = reverted.length > 0 ? `; put back as in the base: ${reverted.join(", ")}` : "";
  return {
    reverted,
    nextFeedback: renderPolicyFeedback(n, violations, reverted),
    note: `Attempt ${n}: the path policy refused the change (${violations.length} problem${violations.length === 1 ? "" : "s"})${what}. The next attempt is told why.`,
  };
}
