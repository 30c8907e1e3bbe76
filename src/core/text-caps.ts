/**
 * The lengths the session state schema allows, in one place. `state.ts` builds its schema from
 * these, and every piece of code that shortens text before it reaches the state slices to the
 * same figures, so a valid run can never produce a state that fails to save.
 */
export const TEXT_CAPS = {
  /** The task title (sanitized issue title). */
  title: 1000,
  /** The agent's own summary of an attempt. */
  summary: 2000,
  /** What went wrong in an attempt (agent error, policy violation). */
  error: 2000,
  /** The session's last human-readable note (refusal, reject reason). */
  note: 2000,
  /** Gate results kept per attempt. */
  gates: 50,
  /** A gate's name. */
  gateName: 200,
  /** A gate's package root. */
  gateRoot: 500,
  /** A diff hash. */
  diffHash: 128,
  /** Reasons an approval is asked for. */
  approvalReasons: 20,
  /** One approval reason. */
  approvalReason: 500,
  /** A person's login (who approved, cancelled, rejected). */
  author: 100,
  /** A git ref name (branch, base ref). */
  ref: 255,
  /** A daily-ledger reservation id. */
  reservationId: 100,
  /** Denied tool calls kept per attempt. */
  deniedTools: 20,
  /** One denied tool call (`Bash(npm test)`). */
  deniedTool: 300,
  /** Distinct diff hashes kept for oscillation detection once attempts are compacted. */
  compactedDiffHashes: 20,
} as const;

/** `text` cut to at most `max` characters (UTF-16 code units, as zod's `max` counts them). */
export function capText(text: string, max: number): string {
  return text.slice(0, max);
}
