/**
 * The Foreman App (Probot): one thin handler per event. It authorizes, reacts, answers and
 * wakes the runner with a workflow dispatch; it writes no session state (DESIGN.md, "One
 * writer"). Stateless: any number of instances can serve, behind a load balancer or as
 * serverless functions (`lambda.ts`).
 *
 * The default export is the Probot app function, wired from the environment: `PRIVATE_KEY` (or
 * `PRIVATE_KEY_PATH`, as Probot reads them; the signing key is derived from it, so the App's
 * replies verify in the Action) and `FOREMAN_WORKFLOW_FILE` (default `foreman.yml`).
 */
import { getPrivateKey } from "@probot/get-private-key";
import type { ApplicationFunction, Probot } from "probot";
import { ForemanError } from "../core/errors.js";
import { DailyLedger } from "../github/daily-ledger.js";
import { DEFAULT_WORKFLOW_FILE } from "../github/dispatch.js";
import { deriveSigningKey } from "../github/signature.js";
import { DeliveryMemory, type AppDeps } from "./deps.js";
import { onCheckRun } from "./on-check-run.js";
import { onIssueClosed, onPullRequestClosed } from "./on-closed.js";
import { onIssueComment } from "./on-issue-comment.js";
import { onIssuesLabeled } from "./on-issues-labeled.js";
import { onWorkflowRun } from "./on-workflow-run.js";

/** The handlers, given their dependencies (tests pass their own clock and key). */
export function foremanApp(deps: AppDeps): (app: Probot) => void {
  return (app) => {
    app.on("issues.labeled", onIssuesLabeled(deps));
    app.on("issue_comment.created", onIssueComment(deps));
    app.on(["check_run.requested_action", "check_run.rerequested"], onCheckRun(deps));
    app.on("workflow_run.completed", onWorkflowRun(deps));
    app.on("issues.closed", onIssueClosed(deps));
    app.on("pull_request.closed", onPullRequestClosed(deps));
  };
}

export class MissingAppKeyError extends ForemanError {
  override readonly name = "MissingAppKeyError";
  readonly kind = "usage";
  constructor() {
    super("The App's private key is not set: set PRIVATE_KEY (the PEM) or PRIVATE_KEY_PATH (see .env.example).");
  }
}

/** The dependencies of the running App, from its environment. */
export function depsFromEnv(env: Readonly<Record<string, string | undefined>>): AppDeps {
  const privateKey = getPrivateKey({ env: { ...env } });
  if (!privateKey) throw new MissingAppKeyError();
  const key = deriveSigningKey({ appPrivateKey: privateKey });
  const now = () => Date.now();
  return {
    key,
    workflowFile: env["FOREMAN_WORKFLOW_FILE"]?.trim() || DEFAULT_WORKFLOW_FILE,
    now,
    dailyUsedUsd: (client, repo, config) =>
      new DailyLedger({ client, repo, key, trustedAuthors: config.bots.trusted_state_authors, now }).usedToday(),
    deliveries: new DeliveryMemory(),
  };
}

const app: ApplicationFunction = (probot) => foremanApp(depsFromEnv(process.env))(probot);
export default app;
