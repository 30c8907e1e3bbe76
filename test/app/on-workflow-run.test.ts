import nock from "nock";
import type { Probot } from "probot";
import { beforeEach, describe, expect, it } from "vitest";
import { API, useGitHubMocks } from "../support/github/http.js";
import { callLines, commentJson, ISSUE, makeProbot, R, session, stateBody, workflowRunPayload } from "./harness.js";
import { mockToken } from "./mock-token.js";

const CONFIG = `${R}/contents/.github%2Fforeman.yml`;
const DISPATCH = `${R}/actions/workflows/foreman.yml/dispatches`;

function sessionComments(state: ReturnType<typeof session>): void {
  nock(API)
    .get(`${R}/issues/${ISSUE}/comments`)
    .query({ per_page: "100" })
    .reply(200, [commentJson(100, stateBody(state))]);
}

describe("workflow_run.completed (the watchdog)", () => {
  const gh = useGitHubMocks();
  let probot: Probot;
  beforeEach(async () => {
    probot = await makeProbot(() => gh.fetch);
    mockToken();
  });
  const receive = (payload: ReturnType<typeof workflowRunPayload>, id = "w-1") => probot.receive({ id, name: "workflow_run", payload });

  it("a run that failed during an open attempt gets a `recover` dispatch; 3 calls", async () => {
    nock(API).get(CONFIG).reply(200, "");
    sessionComments(session({ status: "running", attempts: [{ n: 3, startedAt: "2026-05-01T09:40:00.000Z" }] }));
    nock(API)
      .post(DISPATCH, { ref: "main", inputs: { issue: String(ISSUE), reason: "recover", mode: "recover" }, return_run_details: true })
      .reply(204);
    await receive(workflowRunPayload({ conclusion: "failure" }));
    expect(callLines(gh)).toHaveLength(3);
  });

  it("a run that recorded a pause or an end wakes nothing", async () => {
    nock(API).get(CONFIG).times(2).reply(200, "");
    sessionComments(session({ status: "awaiting_approval" }));
    await receive(workflowRunPayload({ conclusion: "success" }), "w-a");
    sessionComments(session({ status: "interrupted" }));
    await receive(workflowRunPayload({ conclusion: "cancelled" }), "w-b");
    expect(callLines(gh).filter((l) => l.startsWith("POST"))).toEqual([]);
  });

  it("another workflow, or a run-name without an issue, costs no call", async () => {
    await receive(workflowRunPayload({ path: ".github/workflows/test.yml" }), "w-a");
    await receive(workflowRunPayload({ title: "foreman sweep" }), "w-b");
    expect(callLines(gh)).toEqual([]);
  });
});
