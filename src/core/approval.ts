/** Whether a passing result needs a person's `/approve` before it is published, and why. */
import type { Config } from "./config.js";
import type { SessionState } from "./state.js";

export interface ApprovalInput {
  /** Changed paths matching `paths.protected`. */
  protectedTouched: readonly string[];
  /** Session cost so far, USD. */
  costUsd: number;
}

/** The reasons approval is needed; empty when the result may be published right away. */
export function approvalReasons(approval: Config["approval"], input: ApprovalInput): string[] {
  switch (approval.policy) {
    case "never":
      return [];
    case "before_pr":
      return ["approval.policy is before_pr: every result is approved by a person before it is published"];
    case "protected_paths":
      return input.protectedTouched.length === 0
        ? []
        : [`the change touches protected paths: ${input.protectedTouched.slice(0, 10).join(", ")}${input.protectedTouched.length > 10 ? ", …" : ""}`];
    case "cost_over_usd":
      return input.costUsd > approval.cost_over_usd
        ? [`the session cost ${input.costUsd.toFixed(2)} USD, over approval.cost_over_usd (${approval.cost_over_usd.toFixed(2)} USD)`]
        : [];
  }
}

/** When an approval requested at `requestedAtMs` expires. */
export function approvalExpiry(approval: Config["approval"], requestedAtMs: number): number {
  return requestedAtMs + approval.timeout_hours * 3_600_000;
}

/**
 * Whether a pending approval request has expired at `nowMs`: it is valid strictly before
 * `expiresAt` and expired from that instant on (the state machine and the engine both ask here).
 */
export function isApprovalExpired(state: Pick<SessionState, "status" | "approval">, nowMs: number): boolean {
  return state.status === "awaiting_approval" && state.approval !== undefined && nowMs >= Date.parse(state.approval.expiresAt);
}
