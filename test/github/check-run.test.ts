import nock from "nock";
import { describe, expect, it } from "vitest";
import { CHECK_RUN_ACTIONS, checkRunView } from "../../src/core/check-run-view.js";
import { SESSION_STATUSES, TERMINAL_REASONS, type Attempt, type SessionState } from "../../src/core/state.js";
import { CheckRunReporter } from "../../src/github/check-run.js";
import { checkRequest } from "../support/github/contract.js";
import { API, useGitHubMocks } from "../support/github/http.js";
import { sampleSession } from "../support/session.js";

const SHA = "a".repeat(40);
const NEW_SHA = "c".repeat(40);
const DETAILS = "https://github.com/o/r/actions/runs/42";

const passed: Attempt = {
  n: 1,
  startedAt: "2026-01-05T09:00:00.000Z",
  finishedAt: "2026-01-05T09:10:00.000Z",
  outcome: "passed",
  durationMs: 600_000,
  costUsd: 0.42,
  gates: [{ name: "npm test", root: ".", ok: true, exitCode: 0, durationMs: 2_000 }],
};
const running = sampleSession({ status: "running", headSha: SHA });
const awaiting = sampleSession({
  status: "awaiting_approval",
  headSha: SHA,
  attempts: [passed],
  approval: { requestedAt: "2026-01-05T09:10:00.000Z", expiresAt: "2026-01-06T09:10:00.000Z", reasons: ["policy"], headSha: SHA },
});
const approved: SessionState = {
  ...awaiting,
  status: "approved",
  approval: { ...awaiting.approval!, approvedBy: "octocat", approvedAt: "2026-01-05T09:20:00.000Z" },
};
const succeeded: SessionState = { ...approved, status: "ended", reason: "succeeded", endedAt: "2026-01-05T09:21:00.000Z", pullRequest: 12 };

function checkRun(id: number, view: ReturnType<typeof checkRunView>, overrides: Record<string, unknown> = {}) {
  return {
    id,
    node_id: `CR_${id}`,
    head_sha: SHA,
    external_id: "issue-7",
    url: `${API}/repos/o/r/check-runs/${id}`,
    html_url: `https://github.com/o/r/runs/${id}`,
    details_url: DETAILS,
    status: view.status,
    conclusion: view.conclusion ?? null,
    started_at: "2026-01-05T09:00:00Z",
    completed_at: view.status === "completed" ? "2026-01-05T09:10:00Z" : null,
    output: {
      title: view.title,
      summary: view.summary,
      text: null,
      annotations_count: 0,
      annotations_url: `${API}/repos/o/r/check-runs/${id}/annotations`,
    },
    name: "Foreman",
    check_suite: { id: 5 },
    app: { id: 1, slug: "foreman", name: "Foreman" },
    pull_requests: [],
    ...overrides,
  };
}

/** The body Foreman sends for `view` (create adds name, head_sha and external_id). */
function expectedFields(view: ReturnType<typeof checkRunView>) {
  return {
    details_url: DETAILS,
    status: view.status,
    ...(view.conclusion === undefined ? {} : { conclusion: view.conclusion }),
    output: { title: view.title, summary: view.summary },
    actions: view.actions,
  };
}

/** A nock body matcher that asserts the exact body (with a readable diff when it differs). */
function exactly(expected: object): (body: unknown) => boolean {
  return (body) => {
    expect(body).toEqual(expected);
    return true;
  };
}

const listFor = (sha: string) => nock(API).get(`/repos/o/r/commits/${sha}/check-runs`).query({ check_name: "Foreman" });

describe("CheckRunReporter", () => {
  const gh = useGitHubMocks();
  const reporter = () => new CheckRunReporter({ client: gh.client(), repo: { owner: "o", repo: "r" }, detailsUrl: DETAILS });

  it("creates the check run on a session's first report (no lookup: its state records none), then updates it with one PATCH each", async () => {
    const r = reporter();
    const first = checkRunView(running, SHA);
    nock(API)
      .post("/repos/o/r/check-runs", exactly({ name: "Foreman", head_sha: SHA, external_id: "issue-7", ...expectedFields(first) }))
      .reply(201, checkRun(77, first));
    await expect(r.report(running, SHA)).resolves.toEqual({ checkRunId: 77 });
    expect(first.actions).toEqual([CHECK_RUN_ACTIONS.cancel]);

    const second = checkRunView(awaiting, SHA);
    nock(API)
      .patch("/repos/o/r/check-runs/77", exactly(expectedFields(second)))
      .reply(200, checkRun(77, second));
    await expect(r.report(awaiting, SHA)).resolves.toEqual({ checkRunId: 77 });
    expect(second).toMatchObject({
      status: "completed",
      conclusion: "action_required",
      actions: [CHECK_RUN_ACTIONS.approve, CHECK_RUN_ACTIONS.reject],
    });
    expect(gh.countByEndpoint()).toEqual({
      "POST /repos/o/r/check-runs": 1,
      "PATCH /repos/o/r/check-runs/{n}": 1,
    });
  });

  it("finds the session's check run a previous run created on the SHA and updates it (another session's is left alone)", async () => {
    const before = checkRunView(running, SHA);
    const view = checkRunView(sampleSession({ status: "pending", headSha: SHA }), SHA);
    listFor(SHA).reply(200, {
      total_count: 3,
      check_runs: [checkRun(90, before, { external_id: "issue-8" }), checkRun(60, before), checkRun(70, before)],
    });
    nock(API)
      .patch("/repos/o/r/check-runs/70", exactly(expectedFields(view)))
      .reply(200, checkRun(70, view));
    await expect(reporter().report(sampleSession({ status: "pending", headSha: SHA, checkRunId: 70 }), SHA)).resolves.toEqual({ checkRunId: 70 });
  });

  it("does not reopen a completed check run: going back to work on the same commit creates a new one", async () => {
    const r = reporter();
    const waiting = checkRunView(awaiting, SHA);
    listFor(SHA).reply(200, { total_count: 1, check_runs: [checkRun(80, waiting)] });
    nock(API)
      .patch("/repos/o/r/check-runs/80", exactly(expectedFields(waiting)))
      .reply(200, checkRun(80, waiting));
    await r.report({ ...awaiting, checkRunId: 80 }, SHA);

    const publishing = checkRunView(approved, SHA);
    nock(API)
      .post("/repos/o/r/check-runs", exactly({ name: "Foreman", head_sha: SHA, external_id: "issue-7", ...expectedFields(publishing) }))
      .reply(201, checkRun(81, publishing));
    await expect(r.report(approved, SHA)).resolves.toEqual({ checkRunId: 81 });

    const done = checkRunView(succeeded, SHA);
    expect(done.conclusion).toBe("success");
    nock(API)
      .patch("/repos/o/r/check-runs/81", exactly(expectedFields(done)))
      .reply(200, checkRun(81, done));
    await expect(r.report(succeeded, SHA)).resolves.toEqual({ checkRunId: 81 });
  });

  it("keeps one check run per SHA: a new head SHA gets its own", async () => {
    const r = reporter();
    const view = checkRunView(running, SHA);
    nock(API)
      .post("/repos/o/r/check-runs", (b: { head_sha: string }) => b.head_sha === SHA)
      .reply(201, checkRun(1, view));
    await r.report(running, SHA);
    // The state now records check run 1 (on the old SHA): the new SHA is looked up once, then gets its own.
    const onNew = checkRunView({ ...running, headSha: NEW_SHA, checkRunId: 1 }, NEW_SHA);
    listFor(NEW_SHA).reply(200, { total_count: 0, check_runs: [] });
    nock(API)
      .post("/repos/o/r/check-runs", exactly({ name: "Foreman", head_sha: NEW_SHA, external_id: "issue-7", ...expectedFields(onNew) }))
      .reply(201, checkRun(2, onNew, { head_sha: NEW_SHA }));
    await expect(r.report({ ...running, headSha: NEW_SHA, checkRunId: 1 }, NEW_SHA)).resolves.toEqual({ checkRunId: 2 });
  });

  it("passes GitHub's other errors on", async () => {
    listFor(SHA).reply(403, { message: "Resource not accessible by integration" });
    await expect(reporter().report({ ...running, checkRunId: 5 }, SHA)).rejects.toMatchObject({ status: 403 });
    nock(API).post("/repos/o/r/check-runs").reply(403, { message: "Resource not accessible by integration" });
    await expect(reporter().report(running, SHA)).rejects.toMatchObject({ status: 403 });
  });

  it("omits details_url when none is configured", async () => {
    const view = checkRunView(running, SHA);
    const { details_url: _unused, ...fields } = expectedFields(view);
    nock(API)
      .post("/repos/o/r/check-runs", exactly({ name: "Foreman", head_sha: SHA, external_id: "issue-7", ...fields }))
      .reply(201, checkRun(3, view));
    await new CheckRunReporter({ client: gh.client(), repo: { owner: "o", repo: "r" } }).report(running, SHA);
  });
});

describe("every check-run body Foreman can send is valid for GitHub (no 21-character identifier, ≤ 3 buttons)", () => {
  it("passes the contract checker for every status and end", () => {
    const states: SessionState[] = [
      ...SESSION_STATUSES.filter((s) => s !== "ended").map((status) => ({ ...awaiting, status })),
      ...TERMINAL_REASONS.map((reason) => ({ ...succeeded, reason })),
    ];
    for (const state of states) {
      for (const sha of [SHA, NEW_SHA]) {
        const view = checkRunView(state, sha);
        const body = { name: "Foreman", head_sha: sha, external_id: "issue-7", ...expectedFields(view) };
        expect(
          checkRequest({ method: "POST", url: `${API}/repos/o/r/check-runs`, body: JSON.stringify(body) }),
          `${state.status} ${state.reason}`,
        ).toEqual([]);
      }
    }
    // The checker does catch what the views never produce.
    const tooLong = { name: "Foreman", head_sha: SHA, actions: [{ ...CHECK_RUN_ACTIONS.approve, identifier: "x".repeat(21) }] };
    expect(checkRequest({ method: "POST", url: `${API}/repos/o/r/check-runs`, body: JSON.stringify(tooLong) }).join()).toMatch(/identifier/);
  });
});
