/**
 * The Action end to end with the REAL `src/github` adapters (`realAdapters`, what production
 * wires): `run(env, io)` driven through `INPUT_*`, a real checkout whose `origin` is a local bare
 * repository (pushes of kept attempts and the PR branch land there), the scripted agent as a
 * real child, and GitHub as a stateful fake repository (`FakeRepo`) served through nock behind
 * the contract-checked fetch of `useGitHubMocks` (every request validated against GitHub's
 * description; nothing pending; no network).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { realAdapters, run, type ActionIo } from "../../src/action/main.js";
import type { GitHubMocks } from "../support/github/http.js";
import { FakeRepo } from "../support/github/fake-repo.js";
import { serveWithNock } from "../support/github/fake-repo-nock.js";
import { actionEnv, ISSUE, OWNER, REPO, type Captured, type Checkout } from "./harness.js";

/** A fake repository with the issue, and the checkout's `.github/foreman.yml` on its default branch. */
export async function fakeRepoFor(c: Checkout, opts: { labels?: string[] } = {}): Promise<FakeRepo> {
  const repo = new FakeRepo(OWNER, REPO);
  repo.addIssue({ number: ISSUE, ...(opts.labels ? { labels: opts.labels } : {}) });
  repo.files.set(".github/foreman.yml", await readFile(path.join(c.checkout, ".github", "foreman.yml"), "utf8"));
  serveWithNock(repo);
  return repo;
}

/** Runs the Action once in process with the production adapters. */
export async function runReal(
  gh: GitHubMocks,
  c: Checkout,
  inputs: Record<string, string>,
  opts: { signal?: AbortSignal; env?: Record<string, string>; now?: () => number } = {},
): Promise<Captured & { infos: string[] }> {
  const captured: Captured & { infos: string[] } = {
    outputs: {},
    secrets: [],
    failures: [],
    warnings: [],
    summaries: [],
    outcome: undefined,
    infos: [],
  };
  const io: ActionIo = {
    setOutput: (name, value) => {
      captured.outputs[name] = value;
    },
    setSecret: (s) => captured.secrets.push(s),
    setFailed: (m) => captured.failures.push(m),
    warning: (m) => captured.warnings.push(m),
    info: (m) => captured.infos.push(m),
    writeSummary: (md) => {
      captured.summaries.push(md);
      return Promise.resolve();
    },
    fetch: gh.fetch,
    now: opts.now ?? (() => Date.now()),
    adapters: realAdapters,
    clientOptions: { retryAfterBaseMs: 1, paceWrites: false },
    sleep: () => Promise.resolve(),
    ...(opts.signal === undefined ? {} : { signal: opts.signal }),
  };
  captured.outcome = await run({ ...actionEnv(c, { issue: String(ISSUE), ...inputs }), ...opts.env }, io);
  return captured;
}
