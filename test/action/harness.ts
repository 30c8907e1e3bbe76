/**
 * The Action driven end to end in process: `run(env, io)` with `INPUT_*` variables, a real
 * checkout whose `origin` is a local bare repository, the scripted agent as a real child, and
 * GitHub behind nock with the contract checker (`useGitHubMocks`). The adapters of the other
 * parts of issue 8 (state comment, ledgers, replay, check run, publisher) are stood in for by
 * in-memory fakes with the same interfaces until they land; every HTTP call this part makes
 * itself (the issue, the sweep listings) goes through nock.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import nock from "nock";
import { stringify } from "yaml";
import type { SessionState } from "../../src/core/state.js";
import { run, type ActionIo, type WiredAdapters } from "../../src/action/main.js";
import type { ActionOutcome, DailyBudget, IssueAdapters, ReplayOutcome } from "../../src/github/github-session.js";
import type { IgnoredCommentNote } from "../../src/github/github-session.js";
import { LocalPublisher } from "../../src/local/local-publisher.js";
import { ExecaProcessRunner } from "../../src/local/process-runner.js";
import type { PublishRequest, Published, Publisher } from "../../src/loop/ports.js";
import { API, type GitHubMocks } from "../support/github/http.js";
import { MemoryLedger, MemoryStateStore } from "../support/memory/index.js";
import { BASE_FILES, git, rawConfig, tempDir, writeScript, type AgentScript, type ConfigOptions } from "../loop/helpers.js";

export const OWNER = "octo-org";
export const REPO = "widgets";
export const ISSUE = 42;
export const STATE_KEY = "state-key-for-tests-0123456789abcdef";

export interface Checkout {
  origin: string;
  checkout: string;
  runnerTemp: string;
}

/** A bare `origin` with the sample package and `.github/foreman.yml`, and a clone of it (the job's checkout). */
export async function makeCheckout(script: AgentScript, config: Omit<ConfigOptions, "script"> = {}): Promise<Checkout> {
  const work = await tempDir("action");
  const scriptFile = await writeScript(work, script);
  const seed = path.join(work, "seed");
  await mkdir(seed, { recursive: true });
  await git(seed, "init", "-q", "-b", "main");
  const files = { ...BASE_FILES, ".github/foreman.yml": stringify(rawConfig({ script: scriptFile, ...config })) };
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(seed, name)), { recursive: true });
    await writeFile(path.join(seed, name), content);
  }
  await git(seed, "add", "-A");
  await git(seed, "commit", "-q", "-m", "base");
  const origin = path.join(work, "origin.git");
  await git(work, "clone", "-q", "--bare", seed, origin);
  const checkout = path.join(work, "checkout");
  await git(work, "clone", "-q", origin, checkout);
  const runnerTemp = path.join(work, "runner-temp");
  await mkdir(runnerTemp, { recursive: true });
  return { origin, checkout, runnerTemp };
}

/** The variables a workflow step gets. */
export function actionEnv(c: Checkout, inputs: Record<string, string>): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {
    PATH: process.env["PATH"],
    HOME: c.runnerTemp,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_API_URL: API,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_WORKSPACE: c.checkout,
    GITHUB_RUN_ID: "9001",
    GITHUB_RUN_ATTEMPT: "1",
    RUNNER_TEMP: c.runnerTemp,
    "INPUT_GITHUB-TOKEN": "ghs_testInstallationToken0123456789",
    "INPUT_STATE-KEY": STATE_KEY,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  return env;
}

/** A publisher on the checkout's git (branch) that numbers one pull request per session, like GitHub. */
class FakePullRequestPublisher implements Publisher {
  readonly opened: number[] = [];
  readonly #inner: LocalPublisher;
  constructor(repo: string) {
    this.#inner = new LocalPublisher({ repo });
  }
  preflight(req: Parameters<Publisher["preflight"]>[0]): Promise<void> {
    return this.#inner.preflight(req);
  }
  stage(req: PublishRequest): Promise<Published> {
    return this.#inner.stage(req);
  }
  async publish(req: PublishRequest & { sha: string }): Promise<Published> {
    const p = await this.#inner.publish(req);
    if (this.opened.length === 0) this.opened.push(17);
    return { ...p, pullRequest: 17 };
  }
}

/** The daily ledger as DESIGN.md says: entries in id order; a reservation fits or is refused. */
export class FakeDailyBudget implements DailyBudget {
  readonly entries: ({ type: "reserve"; id: number; sessionKey: string; usd: number } | { type: "settle"; reservationId: number; usd: number })[] =
    [];
  #next = 1000;
  constructor(private readonly usedByOthers = 0) {}
  reserve(req: { sessionKey: string; usd: number; capUsd: number }): Promise<{ admitted: boolean; reservationId: number; usedBeforeUsd: number }> {
    const id = this.#next++;
    const used = this.usedByOthers + this.used();
    this.entries.push({ type: "reserve", id, sessionKey: req.sessionKey, usd: req.usd });
    return Promise.resolve({ admitted: used + req.usd <= req.capUsd, reservationId: id, usedBeforeUsd: used });
  }
  settle(req: { sessionKey: string; reservationId: number; actualUsd: number }): Promise<void> {
    this.entries.push({ type: "settle", reservationId: req.reservationId, usd: req.actualUsd });
    return Promise.resolve();
  }
  private used(): number {
    let sum = 0;
    for (const e of this.entries) {
      if (e.type === "reserve") sum += e.usd;
      else {
        const r = this.entries.find((x) => x.type === "reserve" && x.id === e.reservationId);
        if (r?.type === "reserve") sum += e.usd - r.usd;
      }
    }
    return sum;
  }
}

/** What GitHub holds across runs (the fakes' memory), shared by the runs of one test. */
export class FakeGitHubSide {
  readonly store = new MemoryStateStore();
  readonly ledger = new MemoryLedger();
  readonly daily: FakeDailyBudget;
  readonly checkRuns: { headSha: string; status: string; conclusion?: string }[] = [];
  readonly replaySince: number[] = [];
  replay: ReplayOutcome = { accepted: [], refused: [], lastCommandId: 0 };
  ignored: IgnoredCommentNote[] = [];
  publisher: FakePullRequestPublisher | undefined;
  constructor(dailyUsedByOthers = 0) {
    this.daily = new FakeDailyBudget(dailyUsedByOthers);
  }
  state(): Promise<SessionState | null> {
    return this.store.load(`issue-${ISSUE}`);
  }
  adapters(checkout: string): ActionIo["adapters"] {
    return (ctx) => {
      for (const c of this.ignored) ctx.onIgnored(c);
      this.publisher ??= new FakePullRequestPublisher(checkout);
      const publisher = this.publisher;
      const forIssue = (): IssueAdapters => ({
        store: this.store,
        ledger: this.ledger,
        publisher,
        replay: (since) => {
          this.replaySince.push(since);
          return Promise.resolve(this.replay);
        },
        checkRun: {
          report: (state, headSha) => {
            this.checkRuns.push({ headSha, status: state.status, ...(state.reason === null ? {} : { conclusion: state.reason }) });
            return Promise.resolve({ checkRunId: 555 });
          },
        },
      });
      const wired: WiredAdapters = {
        forIssue,
        dailyBudget: this.daily,
        runner: new ExecaProcessRunner({ killGraceMs: 300 }),
        warnings: ["Agent and gates run as the runner's user: they could read this job's credentials."],
      };
      return Promise.resolve(wired);
    };
  }
}

export interface Captured {
  outputs: Record<string, string>;
  secrets: string[];
  failures: string[];
  warnings: string[];
  summaries: string[];
  outcome: ActionOutcome | undefined;
}

/** Runs the Action once in process. */
export async function runAction(
  gh: GitHubMocks,
  side: FakeGitHubSide,
  c: Checkout,
  inputs: Record<string, string>,
  opts: { signal?: AbortSignal; now?: () => number } = {},
): Promise<Captured> {
  const captured: Captured = { outputs: {}, secrets: [], failures: [], warnings: [], summaries: [], outcome: undefined };
  await mockConfig(c);
  const io: ActionIo = {
    setOutput: (name, value) => {
      captured.outputs[name] = value;
    },
    setSecret: (s) => captured.secrets.push(s),
    setFailed: (m) => captured.failures.push(m),
    warning: (m) => captured.warnings.push(m),
    info: () => {},
    writeSummary: (md) => {
      captured.summaries.push(md);
      return Promise.resolve();
    },
    fetch: gh.fetch,
    now: opts.now ?? (() => Date.now()),
    adapters: side.adapters(c.checkout),
    clientOptions: { retryAfterBaseMs: 1, paceWrites: false },
    ...(opts.signal === undefined ? {} : { signal: opts.signal }),
  };
  captured.outcome = await run(actionEnv(c, inputs), io);
  return captured;
}

/** `.github/foreman.yml` as GitHub serves it (contents API, raw): the checkout's file, read at most once per run. */
export async function mockConfig(c: Checkout): Promise<void> {
  const content = await readFile(path.join(c.checkout, ".github", "foreman.yml"), "utf8");
  nock(API)
    .get(`/repos/${OWNER}/${REPO}/contents/.github%2Fforeman.yml`)
    .optionally()
    .reply(200, content, { "content-type": "application/vnd.github.raw; charset=utf-8" });
}

/** A realistic `GET /repos/{o}/{r}/issues/{n}` answer (field names from GitHub's issue object). */
export function issueJson(over: { labels?: string[]; title?: string; body?: string } = {}): Record<string, unknown> {
  return {
    id: 1_800_000_042,
    node_id: "I_kwDOABCD5c5rQ2Xk",
    url: `${API}/repos/${OWNER}/${REPO}/issues/${ISSUE}`,
    repository_url: `${API}/repos/${OWNER}/${REPO}`,
    html_url: `https://github.com/${OWNER}/${REPO}/issues/${ISSUE}`,
    number: ISSUE,
    state: "open",
    title: over.title ?? "Make value.txt good",
    body: over.body ?? "The file `value.txt` must say good.",
    user: { login: "maintainer", id: 101, type: "User" },
    labels: (over.labels ?? ["foreman"]).map((name, i) => ({ id: 9000 + i, node_id: `LA_${i}`, name, color: "ededed", default: false })),
    locked: false,
    comments: 1,
    created_at: "2026-03-01T10:00:00Z",
    updated_at: "2026-03-01T10:00:00Z",
    closed_at: null,
    author_association: "MEMBER",
  };
}

/** Expects one `GET` of the issue. */
export function mockIssue(over: Parameters<typeof issueJson>[0] = {}): nock.Scope {
  return nock(API).get(`/repos/${OWNER}/${REPO}/issues/${ISSUE}`).reply(200, issueJson(over));
}
