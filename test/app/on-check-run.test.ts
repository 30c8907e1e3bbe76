import nock from "nock";
import type { Probot } from "probot";
import { beforeEach, describe, expect, it } from "vitest";
import { parseButtonRecord } from "../../src/github/button-record.js";
import { API, useGitHubMocks } from "../support/github/http.js";
import {
  buttonPayload,
  callLines,
  CHECK_RUN_ID,
  type Payload,
  rerequestedPayload,
  commentJson,
  HEAD_SHA,
  ISSUE,
  KEY,
  makeProbot,
  OWNER,
  R,
  REPO,
} from "./harness.js";
import { mockToken } from "./mock-token.js";

const CONFIG = `${R}/contents/.github%2Fforeman.yml`;
const DISPATCH = `${R}/actions/workflows/foreman.yml/dispatches`;

function permission(login: string, role: string, perm: string): void {
  nock(API).get(`${R}/collaborators/${login}/permission`).reply(200, { permission: perm, role_name: role, user: null });
}

function capture(): { body: string } {
  const seen = { body: "" };
  nock(API)
    .post(`${R}/issues/${ISSUE}/comments`, (b: { body: string }) => {
      seen.body = b.body;
      return true;
    })
    .reply(201, commentJson(7100, "recorded"));
  return seen;
}

describe("check_run buttons and re-runs", () => {
  const gh = useGitHubMocks();
  let probot: Probot;
  beforeEach(async () => {
    probot = await makeProbot(() => gh.fetch);
    mockToken();
  });
  const receive = (payload: Payload<"check_run.requested_action"> | Payload<"check_run.rerequested">, id = "k-1") =>
    probot.receive({ id, name: "check_run", payload });

  it("Approve by a write user: a signed record of the click on the issue, then a dispatch (reason approve); 4 calls", async () => {
    nock(API).get(CONFIG).reply(200, "approval:\n  policy: before_pr\n");
    permission("maintainer", "write", "write");
    const posted = capture();
    nock(API)
      .post(DISPATCH, { ref: "main", inputs: { issue: String(ISSUE), reason: "approve" }, return_run_details: true })
      .reply(204);
    await receive(buttonPayload({ identifier: "foreman-approve" }));
    expect(parseButtonRecord(KEY, { owner: OWNER, repo: REPO }, ISSUE, posted.body)).toEqual({
      command: "approve",
      actor: "maintainer",
      headSha: HEAD_SHA,
      checkRunId: CHECK_RUN_ID,
    });
    expect(posted.body.startsWith("@maintainer pressed **Approve** on the Foreman check of 0f1e2d3.")).toBe(true);
    expect(callLines(gh)).toHaveLength(4);
  });

  it("Approve by a read-only user: one reply saying who may, nothing recorded, no dispatch", async () => {
    nock(API).get(CONFIG).reply(200, "");
    permission("reader", "read", "read");
    nock(API)
      .post(`${R}/issues/${ISSUE}/comments`, {
        body: "@reader `/approve` needs **write** permission on this repository (yours: read). Ask someone with write access, or change `permissions.approve` in `.github/foreman.yml`.",
      })
      .reply(201, commentJson(7101, "refused"));
    await receive(buttonPayload({ identifier: "foreman-approve", sender: "reader" }));
  });

  it("a re-run request is /retry", async () => {
    nock(API).get(CONFIG).reply(200, "");
    permission("maintainer", "admin", "admin");
    const posted = capture();
    nock(API)
      .post(DISPATCH, { ref: "main", inputs: { issue: String(ISSUE), reason: "retry" }, return_run_details: true })
      .reply(204);
    await receive(rerequestedPayload());
    expect(parseButtonRecord(KEY, { owner: OWNER, repo: REPO }, ISSUE, posted.body)?.command).toBe("retry");
  });

  it("ignores, without a call: a bot's click or re-run (Foreman's own included), another check, an unknown button, a repeated delivery", async () => {
    await receive(rerequestedPayload({ sender: "foreman[bot]", senderType: "Bot" }), "k-a");
    await receive(buttonPayload({ sender: "foreman[bot]", senderType: "Bot" }), "k-b");
    await receive(buttonPayload({ name: "CI" }), "k-c");
    await receive(buttonPayload({ identifier: "foreman-merge" }), "k-d");
    expect(callLines(gh)).toEqual([]);

    nock(API).get(CONFIG).reply(200, "");
    permission("maintainer", "write", "write");
    capture();
    nock(API)
      .post(DISPATCH, { ref: "main", inputs: { issue: String(ISSUE), reason: "cancel" }, return_run_details: true })
      .reply(204);
    const cancel = buttonPayload({ identifier: "foreman-cancel" });
    await receive(cancel, "k-e");
    await receive(cancel, "k-e");
    expect(callLines(gh)).toHaveLength(4);
  });
});
