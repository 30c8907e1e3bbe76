/**
 * The offline GitHub stand-in (`foreman demo` and the end-to-end tests run on it): see
 * stand-in.ts. Only the stand-in and the types its users need are exported.
 */
export { StandIn, type QueuedRun, type Runner, type StandInOptions, type RepoHandle, type RegisteredApp } from "./stand-in.js";
export type { FaultPlan } from "./faults.js";
export { SECONDARY_LIMIT_MESSAGE } from "./faults.js";
export type { Delivery, WebhookTarget } from "./webhooks.js";
export { signPayload } from "./webhooks.js";
export type { LoggedCall } from "./http-server.js";
export { GitHubHttpError } from "./http-error.js";
export type { Role } from "./world.js";
export { loopbackFetch } from "./loopback-fetch.js";
