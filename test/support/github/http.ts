/**
 * The GitHub test kit: a `fetch` that checks every request against GitHub's description before
 * nock answers it, a client built through Foreman's own factory with that fetch, and the
 * per-test rules (no network, no pending mocks, no contract violation).
 *
 *   const gh = useGitHubMocks();            // in a describe block
 *   const client = gh.client();             // Foreman's factory + contract-checked fetch
 *   nock(API).post("/repos/o/r/issues/1/comments", (b) => …).reply(201, {...});
 *
 * Each REST call is checked against `@octokit/openapi` and each GraphQL document against
 * `@octokit/graphql-schema` (see contract.ts). `gh.calls` lists what was sent, for call budgets.
 */
import nock from "nock";
import { afterEach, beforeAll, afterAll } from "vitest";
import { createGitHubClient, type GitHubClient, type GitHubClientOptions } from "../../../src/github/client.js";
import { checkRequest, ContractViolation, documentedStatus } from "./contract.js";

export const API = "https://api.github.com";
export const TOKEN = "ghs_testInstallationToken0123456789";

export interface SentRequest {
  method: string;
  url: string;
  body?: string;
  status?: number;
}

export interface ContractFetch {
  fetch: typeof globalThis.fetch;
  calls: SentRequest[];
  violations: string[];
}

async function bodyText(body: unknown): Promise<string | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  if (body instanceof ArrayBuffer) return new TextDecoder().decode(new Uint8Array(body));
  return String(body);
}

/** A fetch that validates each request against GitHub's description, then calls `inner`. */
export function contractFetch(inner: typeof globalThis.fetch = (...a) => globalThis.fetch(...a)): ContractFetch {
  const calls: SentRequest[] = [];
  const violations: string[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = request ? request.url : String(input);
    const method = (init?.method ?? request?.method ?? "GET").toUpperCase();
    const body = await bodyText(init?.body ?? (request ? await request.clone().text() : undefined));
    const sent: SentRequest = { method, url, ...(body !== undefined ? { body } : {}) };
    calls.push(sent);
    const problems = checkRequest({ method, url, body });
    if (problems.length > 0) {
      const violation = new ContractViolation(`${method} ${url}`, problems);
      violations.push(violation.message);
      throw violation;
    }
    const response = await inner(input, init);
    sent.status = response.status;
    if (!documentedStatus(method, url, response.status)) {
      violations.push(`GitHub does not document status ${response.status} for ${method} ${url}`);
    }
    return response;
  };
  return { fetch, calls, violations };
}

export interface GitHubMocks {
  /** Requests sent in the current test. */
  readonly calls: SentRequest[];
  /** A client built by Foreman's factory, contract-checked, fast retries, no write pacing. */
  client(overrides?: Partial<GitHubClientOptions>): GitHubClient;
  /** The contract-checked fetch of the current test (for Probot or other clients). */
  readonly fetch: typeof globalThis.fetch;
  /** Calls per `METHOD /path-template-ish` (numbers replaced), for call budgets. */
  countByEndpoint(): Record<string, number>;
}

/** Installs the per-test rules in the enclosing describe block and returns the kit. */
export function useGitHubMocks(): GitHubMocks {
  let current = contractFetch();
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect("127.0.0.1");
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    const violations = [...current.violations];
    nock.cleanAll();
    current = contractFetch();
    if (pending.length > 0) throw new Error(`pending GitHub mocks (expected but never called):\n${pending.join("\n")}`);
    if (violations.length > 0) throw new Error(violations.join("\n"));
  });
  afterAll(() => {
    nock.enableNetConnect();
  });
  return {
    get calls() {
      return current.calls;
    },
    get fetch() {
      return current.fetch;
    },
    client(overrides = {}) {
      return createGitHubClient({ token: TOKEN, fetch: current.fetch, retryAfterBaseMs: 1, paceWrites: false, ...overrides });
    },
    countByEndpoint() {
      const out: Record<string, number> = {};
      for (const c of current.calls) {
        const key = `${c.method} ${new URL(c.url).pathname.replace(/\/\d+(?=\/|$)/g, "/{n}")}`;
        out[key] = (out[key] ?? 0) + 1;
      }
      return out;
    },
  };
}
