import nock from "nock";
import type { Probot } from "probot";
import { beforeEach, describe, expect, it } from "vitest";
import { API, useGitHubMocks } from "../support/github/http.js";
import { callLines, closedIssuePayload, commentJson, ISSUE, makeProbot, prClosedPayload, R, session, stateBody } from "./harness.js";
import { mockToken } from "./mock-token.js";

const CONFIG = `${R}/contents/.github%2Fforeman.yml`;
const DISPATCH = `${R}/actions/workflows/foreman.yml/dispatches`;

function sessionComments(state: ReturnType<typeof session> | null): void {
  nock(API)
    .get(`${R}/issues/${ISSUE}/comments`)
    .query({ per_page: "100" })
    .reply(200, state === null ? [] : [commentJson(100, stateBody(state))]);
}

const closedDispatch = () =>
  nock(API)
    .post(DISPATCH, { ref: "main", inputs: { issue: String(ISSUE), reason: "closed" }, return_run_details: true })
    .reply(204);

describe("issues.closed / pull_request.closed", () => {
  const gh = useGitHubMocks();
  let probot: Probot;
  beforeEach(async () => {
    probot = await makeProbot(() => gh.fetch);
    mockToken();
  });

  it("closing the issue of a running session cancels its runs not yet completed and wakes the runner to end it cancelled", async () => {
    nock(API).get(CONFIG).reply(200, "");
    sessionComments(session({ status: "running" }));
    nock(API)
      .get(`${R}/actions/workflows/foreman.yml/runs`)
      .query({ per_page: "100" })
      .reply(200, { total_count: 1, workflow_runs: [{ id: 991, display_title: `foreman #${ISSUE} label`, status: "in_progress" }] })
      .post(`${R}/actions/runs/991/cancel`)
      .reply(409, { message: "Cannot cancel a workflow run that is completed." });
    closedDispatch();
    await probot.receive({ id: "x-1", name: "issues", payload: closedIssuePayload() });
    expect(callLines(gh)).toEqual([
      `GET ${R}/contents/.github/foreman.yml`,
      `GET ${R}/issues/${ISSUE}/comments`,
      `GET ${R}/actions/workflows/foreman.yml/runs`,
      `POST ${R}/actions/runs/991/cancel`,
      `POST ${DISPATCH}`,
    ]);
  });

  it("closing an issue without a live session wakes nothing", async () => {
    nock(API).get(CONFIG).reply(200, "");
    sessionComments(null);
    await probot.receive({ id: "x-1", name: "issues", payload: closedIssuePayload() });
    expect(callLines(gh)).toHaveLength(2);
  });

  it("an unmerged Foreman PR closed wakes its session's runner; a merged one costs no call", async () => {
    await probot.receive({ id: "x-2", name: "pull_request", payload: prClosedPayload({ merged: true }) });
    expect(callLines(gh)).toEqual([]);
    nock(API).get(CONFIG).reply(200, "");
    sessionComments(session({ status: "awaiting_approval" }));
    closedDispatch();
    await probot.receive({ id: "x-3", name: "pull_request", payload: prClosedPayload({ merged: false }) });
  });
});
