/**
 * The App under test: a real Probot with `ProbotOctokit` (retry and throttling off) whose every
 * request goes through the contract-checked fetch of `useGitHubMocks()`, real webhook payloads from
 * `@octokit/webhooks-examples` (only repository, ids and bodies adjusted), an RSA key generated
 * here for the App, and builders for the bodies GitHub would hold (signed state, ledger entries).
 */
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { EmitterWebhookEventName as WebhookEvents } from "@octokit/webhooks";
import { Probot, ProbotOctokit, type Context } from "probot";
import { encodeStateComment } from "../../src/core/state-codec.js";
import { newSession, type SessionState } from "../../src/core/state.js";
import { foremanApp } from "../../src/app/index.js";
import { DeliveryMemory, type AppDeps } from "../../src/app/deps.js";
import { STATE_BLOCK } from "../../src/github/comment-state-store.js";
import { DailyLedger } from "../../src/github/daily-ledger.js";
import { deriveSigningKey, signBody } from "../../src/github/signature.js";
import type { GitHubMocks, SentRequest } from "../support/github/http.js";

/** GitHub's API (the same as `API` of test/support/github/http.ts; not imported from there, so the bench can use these builders outside vitest). */
export const API = "https://api.github.com";

export const OWNER = "octo-org";
export const REPO = "widgets";
export const ISSUE = 42;
export const PR = 43;
export const INSTALLATION = 4242;
export const APP_BOT = "foreman[bot]";
/** 2026-05-01T10:00:00Z: the App's clock in every test. */
export const NOW = Date.parse("2026-05-01T10:00:00Z");
export const R = `/repos/${OWNER}/${REPO}`;

const keys = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
});
export const PRIVATE_KEY = keys.privateKey;
export const KEY = deriveSigningKey({ appPrivateKey: PRIVATE_KEY });

/** The deps the running App gets from its environment, with the test's clock and key. */
export function testDeps(over: Partial<AppDeps> = {}): AppDeps {
  return {
    key: KEY,
    workflowFile: "foreman.yml",
    now: () => NOW,
    dailyUsedUsd: (client, repo, config) =>
      new DailyLedger({ client, repo, key: KEY, trustedAuthors: config.bots.trusted_state_authors, now: () => NOW }).usedToday(),
    deliveries: new DeliveryMemory(),
    ...over,
  };
}

/** A Probot running Foreman, every request through `fetch` (the contract checker in tests). */
export async function makeProbot(fetch: () => typeof globalThis.fetch, deps: AppDeps = testDeps()): Promise<Probot> {
  const probot = new Probot({
    appId: 1,
    privateKey: PRIVATE_KEY,
    logLevel: "fatal",
    Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({
      ...o,
      retry: { enabled: false },
      throttle: { enabled: false },
      request: { ...(typeof o["request"] === "object" ? o["request"] : {}), fetch: (...a: Parameters<typeof globalThis.fetch>) => fetch()(...a) },
    })),
  });
  await probot.load(foremanApp(deps));
  return probot;
}

/** The calls a handler made, Probot's token request excluded. */
export function handlerCalls(gh: GitHubMocks): SentRequest[] {
  return gh.calls.filter((c) => !new URL(c.url).pathname.startsWith("/app/"));
}

/** `METHOD path` of each handler call, for readable assertions. */
export function callLines(gh: GitHubMocks): string[] {
  return handlerCalls(gh).map((c) => {
    const u = new URL(c.url);
    return `${c.method} ${decodeURIComponent(u.pathname)}`;
  });
}

// ---------------------------------------------------------------- webhook payloads

interface ExampleSet {
  name: string;
  examples: { action?: string }[];
}
let examples: ExampleSet[] | undefined;

/** The `index`-th example of `event` with this `action`, from @octokit/webhooks-examples, as JSON text (parse it into the event's type). */
function exampleText(event: string, action: string, index = 0): string {
  if (examples === undefined) {
    const require = createRequire(import.meta.url);
    examples = JSON.parse(readFileSync(require.resolve("@octokit/webhooks-examples/api.github.com/index.json"), "utf8")) as ExampleSet[];
  }
  const found = examples.find((e) => e.name === event)?.examples.filter((p) => p.action === action)[index];
  if (found === undefined) throw new Error(`no example ${event}.${action} #${index} in @octokit/webhooks-examples`);
  return JSON.stringify(found);
}

export type Payload<E extends WebhookEvents> = Context<E>["payload"];

interface Adjustable {
  repository?: { name: string; full_name: string; default_branch: string; owner: { login: string } };
  installation?: { id: number; node_id: string };
  sender?: { login: string; type: string; id: number };
}

/** Points the payload at octo-org/widgets, installation INSTALLATION; the sender is `login`. */
function adjust<P extends Adjustable>(p: P, login: string, type: "User" | "Bot" = "User"): P {
  if (p.repository) {
    p.repository.name = REPO;
    p.repository.full_name = `${OWNER}/${REPO}`;
    p.repository.default_branch = "main";
    p.repository.owner.login = OWNER;
  }
  p.installation = { id: INSTALLATION, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==" };
  if (p.sender) {
    p.sender.login = login;
    p.sender.type = type;
    p.sender.id = 5000 + login.length;
  }
  return p;
}

export function labeledPayload(o: { label?: string; sender?: string; senderType?: "User" | "Bot" } = {}): Payload<"issues.labeled"> {
  const p: Payload<"issues.labeled"> = adjust(JSON.parse(exampleText("issues", "labeled")), o.sender ?? "writer", o.senderType);
  p.issue.number = ISSUE;
  p.issue.state = "open";
  if (p.label) p.label.name = o.label ?? "foreman";
  return p;
}

export function closedIssuePayload(): Payload<"issues.closed"> {
  // The examples have no `issues.closed`: the `reopened` one, with its action and state adjusted.
  const p: Payload<"issues.closed"> = adjust(JSON.parse(exampleText("issues", "reopened")), "maintainer");
  p.action = "closed";
  p.issue.number = ISSUE;
  p.issue.state = "closed";
  p.issue.closed_at = "2026-05-01T09:59:00Z";
  return p;
}

export const PR_BODY = `Closes #${ISSUE}.\n\nProduced by Foreman in 2 attempt(s), 0.40 USD.\n\n<!-- foreman:session issue-${ISSUE} -->`;

export function commentPayload(o: {
  body: string;
  author?: string;
  authorType?: "User" | "Bot";
  commentId?: number;
  onPr?: boolean;
}): Payload<"issue_comment.created"> {
  const author = o.author ?? "maintainer";
  const p: Payload<"issue_comment.created"> = adjust(JSON.parse(exampleText("issue_comment", "created", 3)), author, o.authorType);
  p.comment.id = o.commentId ?? 9001;
  p.comment.body = o.body;
  if (p.comment.user) {
    p.comment.user.login = author;
    p.comment.user.type = o.authorType ?? "User";
  }
  if (o.onPr) {
    p.issue.number = PR;
    p.issue.body = PR_BODY;
    p.issue.pull_request = {
      url: `${API}${R}/pulls/${PR}`,
      html_url: `https://github.com/${OWNER}/${REPO}/pull/${PR}`,
      diff_url: `https://github.com/${OWNER}/${REPO}/pull/${PR}.diff`,
      patch_url: `https://github.com/${OWNER}/${REPO}/pull/${PR}.patch`,
    };
  } else {
    p.issue.number = ISSUE;
    delete p.issue.pull_request;
  }
  return p;
}

export function editedCommentPayload(body: string): Payload<"issue_comment.edited"> {
  const p: Payload<"issue_comment.edited"> = adjust(JSON.parse(exampleText("issue_comment", "edited")), "maintainer");
  p.issue.number = ISSUE;
  p.comment.body = body;
  return p;
}

export const HEAD_SHA = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c";
export const CHECK_RUN_ID = 777001;

type CheckRunOptions = { sender?: string; senderType?: "User" | "Bot"; name?: string };

function adjustRun<P extends { check_run: { id: number; name: string; external_id: string | null; head_sha: string } } & Adjustable>(
  p: P,
  o: CheckRunOptions,
): P {
  adjust(p, o.sender ?? "maintainer", o.senderType);
  p.check_run.id = CHECK_RUN_ID;
  p.check_run.name = o.name ?? "Foreman";
  p.check_run.external_id = `issue-${ISSUE}`;
  p.check_run.head_sha = HEAD_SHA;
  return p;
}

export function buttonPayload(o: CheckRunOptions & { identifier?: string } = {}): Payload<"check_run.requested_action"> {
  const p: Payload<"check_run.requested_action"> = adjustRun(JSON.parse(exampleText("check_run", "requested_action")), o);
  p.requested_action = { identifier: o.identifier ?? "foreman-approve" };
  return p;
}

export function rerequestedPayload(o: CheckRunOptions = {}): Payload<"check_run.rerequested"> {
  return adjustRun(JSON.parse(exampleText("check_run", "rerequested")), o);
}

export function workflowRunPayload(
  o: { conclusion?: "failure" | "success" | "cancelled"; path?: string; title?: string } = {},
): Payload<"workflow_run.completed"> {
  const p: Payload<"workflow_run.completed"> = adjust(JSON.parse(exampleText("workflow_run", "completed", 1)), "maintainer");
  p.workflow_run.path = o.path ?? ".github/workflows/foreman.yml";
  p.workflow_run.display_title = o.title ?? `foreman #${ISSUE} label`;
  p.workflow_run.conclusion = o.conclusion ?? "failure";
  return p;
}

export function prClosedPayload(o: { merged: boolean }): Payload<"pull_request.closed"> {
  const p: Payload<"pull_request.closed"> = adjust(JSON.parse(exampleText("pull_request", "closed")), "maintainer");
  p.number = PR;
  p.pull_request.number = PR;
  p.pull_request.merged = o.merged;
  p.pull_request.body = PR_BODY;
  return p;
}

// ---------------------------------------------------------------- bodies GitHub holds

/** A session on ISSUE. */
export function session(over: Partial<SessionState> = {}): SessionState {
  return {
    ...newSession({
      sessionId: `issue-${ISSUE}`,
      issue: ISSUE,
      now: "2026-05-01T09:00:00.000Z",
      title: "Fix it",
      budget: { attempts: 5, minutes: 30, usd: 2 },
    }),
    ...over,
  };
}

/** The state comment exactly as the Action writes it. */
export function stateBody(state: SessionState): string {
  const body = encodeStateComment(state, { maxChars: 64_000 });
  const block = [...body.matchAll(STATE_BLOCK)][0]![0];
  return signBody(KEY, { kind: "state", owner: OWNER, repo: REPO, issue: ISSUE }, body, block);
}

/** A daily-ledger reservation as the Action writes it on `ledgerIssue`. */
export function reserveBody(ledgerIssue: number, sessionKey: string, usd: number): string {
  const block = `<!-- foreman:daily-ledger v1 ${JSON.stringify({ type: "reserve", sessionKey, usd, day: "2026-05-01" })} -->`;
  return signBody(KEY, { kind: "daily-ledger", owner: OWNER, repo: REPO, issue: ledgerIssue }, `reserved ${usd} USD\n\n${block}`, block);
}

function user(login: string, type: "User" | "Bot" = "User"): Record<string, unknown> {
  return { login, id: 5000 + login.length, node_id: `U_${login}`, type, site_admin: false };
}

/** An issue comment as GitHub returns it. */
export function commentJson(id: number, body: string, login = APP_BOT, createdAt = "2026-05-01T09:30:00Z"): Record<string, unknown> {
  return {
    id,
    node_id: `IC_${id}`,
    url: `${API}${R}/issues/comments/${id}`,
    html_url: `https://github.com/${OWNER}/${REPO}/issues/${ISSUE}#issuecomment-${id}`,
    body,
    user: user(login, login.endsWith("[bot]") ? "Bot" : "User"),
    created_at: createdAt,
    updated_at: createdAt,
    issue_url: `${API}${R}/issues/${ISSUE}`,
    author_association: "NONE",
  };
}
