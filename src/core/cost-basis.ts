/**
 * What an attempt costs against the budgets, and why: cost is never invented and never lost.
 * A reported cost counts as reported; an agent whose own output proves that no model response
 * was billed (it failed before any response arrived) counts 0; anything else unknown counts the
 * configured assumed cost (fail closed).
 */
import { attemptCost } from "./budget.js";
import type { Config } from "./config.js";
import type { CostBasis } from "./state.js";

export interface CostCharge {
  costUsd: number;
  /** True when `costUsd` is the assumed cost (kept for the ledger's `costAssumed`). */
  assumed: boolean;
  basis: CostBasis;
}

/**
 * The charge for one attempt from what the preset read: `reported` when the agent reported a
 * finite cost of 0 or more (even if it also said nothing was billed: a figure beats a claim),
 * else `not_billed` (0) when `notBilled` is true, else `assumed` (`budget.assumed_attempt_usd`).
 */
export function attemptCharge(parsed: { costUsd?: number | undefined; notBilled?: boolean | undefined }, config: Config): CostCharge {
  const cost = attemptCost(parsed.costUsd, config);
  if (!cost.assumed) return { ...cost, basis: "reported" };
  if (parsed.notBilled === true) return { costUsd: 0, assumed: false, basis: "not_billed" };
  return { ...cost, basis: "assumed" };
}
