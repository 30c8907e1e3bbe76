/**
 * The App under test: a real Probot with `ProbotOctokit` (retry and throttling off) whose every
 * request goes through the contract-checked fetch of `useGitHubMocks()`, real webhook payloads from
 * `@octokit/webhooks-examples` (only repository, ids and bodies adjusted), an RSA key generated
 * here for the App, and builders for the bodies GitHub would hold (signed state, ledger entries).
 */
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import nock from "nock";
import { Probot, ProbotOctokit } from "probot";
import { encodeStateComment } from "../../src/core/state-codec.js";
import { newSession, type SessionState } from "../../src/core/state.js";
import { foremanApp } from "../../src/app/index.js";
import { DeliveryMemory, type AppDeps } from "../../src/app/deps.js";
import { STATE_BLOCK } from "../../src/github/comment-state-store.js";
import { DailyLedger } from "../../src/github/daily-ledger.js";
import { deriveSigningKey, signBody } from "../../src/github/signature.js";
import { API, type GitHubMocks, type SentRequest } from "../support/github/http.js";

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

/** Probot's installation-token request (optional: the token is cached after the first event). */
export function mockToken(): void {
  nock(API).post(`/app/installations/${INSTALLATION}/access_tokens`).optionally().reply(201, {
    token: "ghs_installationTokenForTests0123456789",
    expires_at: "2099-01-01T00:00:00Z",
    permissions: {},
    repository_selection: "all",
  });
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
  examples: Record<string, unknown>[];
}
let examples: ExampleSet[] | undefined;

/** A copy of the `index`-th example of `event` with this `action`, from @octokit/webhooks-examples. */
function example(event: string, action: string, index = 0): Record<string, unknown> {
  if (examples === undefined) {
    const require = createRequire(import.meta.url);
    examples = JSON.parse(readFileSync(require.resolve("@octokit/webhooks-examples/api.github.com/index.json"), "utf8")) as ExampleSet[];
  }
  const found = examples.find((e) => e.name === event)?.examples.filter((p) => p["action"] === action)[index];
  if (found === undefined) throw new Error(`no example ${event}.${action} #${index} in @octokit/webhooks-examples`);
  return structuredClone(found);
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === "object" && v !== null ? (v as Json) : {});

/** Points the payload at octo-org/widgets, installation INSTALLATION. */
function adjust(p: Json): Json {
  const repository = obj(p["repository"]);
  repository["name"] = REPO;
  repository["full_name"] = `${OWNER}/${REPO}`;
  repository["default_branch"] = "main";
  obj(repository["owner"])["login"] = OWNER;
  p["installation"] = { id: INSTALLATION, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==" };
  return p;
}

function user(login: string, type: "User" | "Bot" = "User"): Json {
  return { login, id: 5000 + login.length, node_id: `U_${login}`, type, site_admin: false };
}

export function labeledPayload(o: { label?: string; sender?: string; senderType?: "User" | "Bot" } = {}) {
  const p = adjust(example("issues", "labeled"));
  const issue = obj(p["issue"]);
  issue["number"] = ISSUE;
  issue["state"] = "open";
  obj(p["label"])["name"] = o.label ?? "foreman";
  p["sender"] = user(o.sender ?? "writer", o.senderType);
  return p;
}

export function closedIssuePayload() {
  // The examples have no `issues.closed`: the `reopened` one, with its action and state adjusted.
  const p = adjust(example("issues", "reopened"));
  p["action"] = "closed";
  const issue = obj(p["issue"]);
  issue["number"] = ISSUE;
  issue["state"] = "closed";
  issue["closed_at"] = "2026-05-01T09:59:00Z";
  return p;
}

export function commentPayload(o: {
  body: string;
  author?: string;
  authorType?: "User" | "Bot";
  commentId?: number;
  onPr?: boolean;
  action?: "created" | "edited";
}) {
  const p = adjust(example("issue_comment", o.action ?? "created", o.action === "edited" ? 0 : 3));
  const issue = obj(p["issue"]);
  const comment = obj(p["comment"]);
  comment["id"] = o.commentId ?? 9001;
  comment["body"] = o.body;
  comment["user"] = user(o.author ?? "maintainer", o.authorType);
  p["sender"] = user(o.author ?? "maintainer", o.authorType);
  if (o.onPr) {
    issue["number"] = PR;
    issue["body"] = `Closes #${ISSUE}.\n\nProduced by Foreman in 2 attempt(s), 0.40 USD.\n\n<!-- foreman:session issue-${ISSUE} -->`;
    issue["pull_request"] = {
      url: `${API}${R}/pulls/${PR}`,
      html_url: `https://github.com/${OWNER}/${REPO}/pull/${PR}`,
      diff_url: `https://github.com/${OWNER}/${REPO}/pull/${PR}.diff`,
      patch_url: `https://github.com/${OWNER}/${REPO}/pull/${PR}.patch`,
    };
  } else {
    issue["number"] = ISSUE;
    delete issue["pull_request"];
  }
  return p;
}

export const HEAD_SHA = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c";
export const CHECK_RUN_ID = 777001;

export function checkRunPayload(o: {
  action: "requested_action" | "rerequested";
  identifier?: string;
  sender?: string;
  senderType?: "User" | "Bot";
  name?: string;
}) {
  const p = adjust(example("check_run", o.action));
  const run = obj(p["check_run"]);
  run["id"] = CHECK_RUN_ID;
  run["name"] = o.name ?? "Foreman";
  run["external_id"] = `issue-${ISSUE}`;
  run["head_sha"] = HEAD_SHA;
  if (o.action === "requested_action") p["requested_action"] = { identifier: o.identifier ?? "foreman-approve" };
  p["sender"] = user(o.sender ?? "maintainer", o.senderType);
  return p;
}

export function workflowRunPayload(o: { conclusion?: string; path?: string; title?: string } = {}) {
  const p = adjust(example("workflow_run", "completed", 1));
  const run = obj(p["workflow_run"]);
  run["path"] = o.path ?? ".github/workflows/foreman.yml";
  run["display_title"] = o.title ?? `foreman #${ISSUE} label`;
  run["conclusion"] = o.conclusion ?? "failure";
  return p;
}

export function prClosedPayload(o: { merged: boolean }) {
  const p = adjust(example("pull_request", "closed"));
  const pr = obj(p["pull_request"]);
  pr["number"] = PR;
  pr["merged"] = o.merged;
  pr["body"] = `Closes #${ISSUE}.\n\nProduced by Foreman in 2 attempt(s), 0.40 USD.\n\n<!-- foreman:session issue-${ISSUE} -->`;
  p["number"] = PR;
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

/** An issue comment as GitHub returns it. */
export function commentJson(id: number, body: string, login = APP_BOT, createdAt = "2026-05-01T09:30:00Z"): Json {
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

/** The JSON of a request body as sent. */
export function json(body: unknown): Json {
  return obj(typeof body === "string" ? JSON.parse(body) : body);
}
