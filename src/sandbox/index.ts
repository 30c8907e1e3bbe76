/**
 * The offline GitHub stand-in (`foreman demo` and the end-to-end tests run on it): see
 * stand-in.ts; the Actions emulator (actions-emulator.ts); the demo's stage, lifecycle,
 * timeline and `--keep` (demo/). Only these and the types their users need are exported.
 */
export { StandIn, type QueuedRun, type Runner, type StandInOptions, type RepoHandle, type RegisteredApp } from "./stand-in.js";
export type { FaultPlan } from "./faults.js";
export { SECONDARY_LIMIT_MESSAGE } from "./faults.js";
export {
  CONTENT_CREATING,
  SECONDARY_LIMIT_DOCS,
  SecondaryLimit,
  SecondaryLimitError,
  limitIdentity,
  type SecondaryLimitOptions,
} from "./secondary-limit.js";
export type { Delivery, WebhookTarget } from "./webhooks.js";
export { signPayload } from "./webhooks.js";
export type { LoggedCall } from "./http-server.js";
export { GitHubHttpError } from "./http-error.js";
export type { Role } from "./world.js";
export { loopbackFetch } from "./loopback-fetch.js";
export {
  ActionsEmulator,
  CANCEL_TIMINGS,
  type ActionsEmulatorOptions,
  type EmulatedRun,
  type RunConclusion,
  type WorkflowCredentials,
} from "./actions-emulator.js";
export { Stage, StageTimeoutError, greeterFiles, type StageOptions } from "./demo/stage.js";
export { runLifecycle, type LifecycleResult } from "./demo/lifecycle.js";
export { buildTimeline, renderTimeline, type TimelineEntry } from "./demo/timeline.js";
export { keepDemo, KeepTargetExistsError } from "./demo/keep.js";
