/**
 * The pure core of Foreman: every business decision, no I/O, no clock, no environment.
 * Adapters and entry points import from here.
 */
export * from "./agent-backoff.js";
export * from "./approval.js";
export * from "./baseline.js";
export * from "./budget.js";
export * from "./check-run-view.js";
export * from "./closest-name.js";
export * from "./commands.js";
export * from "./config.js";
export * from "./cost-basis.js";
export * from "./daily-usage.js";
export * from "./decide.js";
export * from "./environment.js";
export * from "./errors.js";
export * from "./gate-plan.js";
export * from "./ledger-entry.js";
export * from "./names.js";
export * from "./oscillation.js";
export * from "./output-excerpt.js";
export * from "./path-policy.js";
export * from "./recovery.js";
export * from "./refusal-text.js";
export * from "./render.js";
export * from "./repo-path.js";
export * from "./retry.js";
export * from "./run-liveness.js";
export * from "./sanitize.js";
export * from "./session-id.js";
export * from "./setup-plan.js";
export * from "./sessions.js";
export * from "./state-codec.js";
export * from "./state-machine.js";
export * from "./state.js";
export * from "./task.js";
export * from "./text-caps.js";
export * from "./workspaces.js";
export * from "./zod-issues.js";
