import nock from "nock";
import type { Probot } from "probot";
import { beforeEach, describe, expect, it } from "vitest";
import { replyMarker } from "../../src/github/reply-marker.js";
import { API, useGitHubMocks } from "../support/github/http.js";
import { APP_BOT, callLines, commentJson, ISSUE, labeledPayload, makeProbot, OWNER, R, REPO, reserveBody } from "./harness.js";
import { mockToken } from "./mock-token.js";

const CONFIG = `${R}/contents/.github%2Fforeman.yml`;
const ORG_CONFIG = `/repos/${OWNER}/.github/contents/.github%2Fforeman.yml`;
const LEDGER_ISSUE = 7;
const DISPATCH = `${R}/actions/workflows/foreman.yml/dispatches`;

/** The repository's comments updated today, as the daily-ledger precheck lists them (one page). */
function ledgerDay(bodies: string[] = []): void {
  nock(API)
    .get(`${R}/issues/comments`)
    .query({ since: "2026-05-01T00:00:00Z", per_page: "100" })
    .reply(
      200,
      bodies.map((b, i) => ({ ...commentJson(3000 + i, b, APP_BOT, `2026-05-01T0${i}:00:00Z`), issue_url: `${API}${R}/issues/${LEDGER_ISSUE}` })),
    );
}

function permission(login: string, role: string, perm: string): void {
  nock(API).get(`${R}/collaborators/${login}/permission`).reply(200, { permission: perm, role_name: role, user: null });
}

describe("issues.labeled", () => {
  const gh = useGitHubMocks();
  let probot: Probot;
  beforeEach(async () => {
    probot = await makeProbot(() => gh.fetch);
    mockToken();
  });
  const label = (payload = labeledPayload(), id = "d-1") => probot.receive({ id, name: "issues", payload });

  it("a write user's trigger label: 👀 and a dispatch (reason label), within 5 calls", async () => {
    nock(API).get(CONFIG).reply(200, "budget:\n  per_run:\n    usd: 2\n");
    permission("writer", "write", "write");
    ledgerDay();
    nock(API)
      .post(`${R}/issues/${ISSUE}/reactions`, { content: "eyes" })
      .reply(201, { id: 1, content: "eyes" })
      .post(DISPATCH, { ref: "main", inputs: { issue: String(ISSUE), reason: "label" }, return_run_details: true })
      .reply(200, { workflow_run_id: 555, run_url: `${API}${R}/actions/runs/555`, html_url: `https://github.com/${OWNER}/${REPO}/actions/runs/555` });
    await label();
    expect(callLines(gh)).toEqual([
      `GET ${R}/contents/.github/foreman.yml`,
      `GET ${R}/collaborators/writer/permission`,
      `GET ${R}/issues/comments`,
      `POST ${R}/issues/${ISSUE}/reactions`,
      `POST ${DISPATCH}`,
    ]);
  });

  it("the same delivery twice dispatches once", async () => {
    nock(API).get(CONFIG).reply(200, "");
    permission("writer", "admin", "admin");
    ledgerDay();
    nock(API)
      .post(`${R}/issues/${ISSUE}/reactions`, { content: "eyes" })
      .reply(201, { id: 1, content: "eyes" })
      .post(DISPATCH, { ref: "main", inputs: { issue: String(ISSUE), reason: "label" }, return_run_details: true })
      .reply(204);
    const payload = labeledPayload();
    await label(payload, "same");
    await label(payload, "same");
    expect(callLines(gh).filter((l) => l.startsWith("POST"))).toHaveLength(2);
  });

  it("a triage-only user under `trigger: write` is refused: 😕 and one reply saying who may, no dispatch", async () => {
    nock(API).get(CONFIG).reply(200, "permissions:\n  trigger: write\n");
    permission("writer", "triage", "read");
    nock(API)
      .post(`${R}/issues/${ISSUE}/reactions`, { content: "confused" })
      .reply(201, { id: 2, content: "confused" })
      .post(`${R}/issues/${ISSUE}/comments`, {
        body: "@writer Starting Foreman with the `foreman` label needs **write** permission on this repository (yours: triage). Ask someone with write access, or change `permissions.trigger` in `.github/foreman.yml`.",
      })
      .reply(201, commentJson(6000, "refused"));
    await label();
    expect(callLines(gh)).toHaveLength(4);
  });

  it("today's cap already spent: one clear reply, no dispatch", async () => {
    nock(API).get(CONFIG).reply(200, "budget:\n  daily:\n    usd: 5\n");
    permission("writer", "write", "write");
    ledgerDay([reserveBody(LEDGER_ISSUE, "issue-11", 3), reserveBody(LEDGER_ISSUE, "issue-12", 2.5)]);
    nock(API)
      .post(`${R}/issues/${ISSUE}/reactions`, { content: "confused" })
      .reply(201, { id: 2, content: "confused" })
      .post(`${R}/issues/${ISSUE}/comments`, {
        body: "Foreman did not start: today's budget is spent ($5.50 of $5.00, UTC day). Add the label again tomorrow, or raise `budget.daily.usd` in `.github/foreman.yml`.",
      })
      .reply(201, commentJson(6001, "spent"));
    await label();
  });

  it("inherits the org's `.github` config (its trigger label) and clamps to the org's daily ceiling", async () => {
    nock(API)
      .get(CONFIG)
      .reply(200, "_extends: .github\nbudget:\n  daily:\n    usd: 50\n")
      .get(ORG_CONFIG)
      .reply(200, "trigger_label: agent\nlimits:\n  daily:\n    usd: 4\n");
    permission("writer", "maintain", "write");
    ledgerDay([reserveBody(LEDGER_ISSUE, "issue-11", 4)]);
    nock(API)
      .post(`${R}/issues/${ISSUE}/reactions`, { content: "confused" })
      .reply(201, { id: 2, content: "confused" })
      .post(`${R}/issues/${ISSUE}/comments`, {
        body: "Foreman did not start: today's budget is spent ($4.00 of $4.00, UTC day). Add the label again tomorrow, or raise `budget.daily.usd` in `.github/foreman.yml`.",
      })
      .reply(201, commentJson(6001, "spent"));
    await label(labeledPayload({ label: "agent" }));
  });

  it("another label, a budget label, or a label by a bot starts nothing and costs at most the config read", async () => {
    nock(API).get(CONFIG).reply(200, "");
    await label(labeledPayload({ label: "bug" }), "d-a");
    await label(labeledPayload({ label: "foreman:budget-large" }), "d-b");
    await label(labeledPayload({ senderType: "Bot", sender: "renovate[bot]" }), "d-c");
    expect(callLines(gh)).toEqual([`GET ${R}/contents/.github/foreman.yml`]);
  });

  it("a missing workflow: one comment with the YAML to add, not a stack trace", async () => {
    nock(API).get(CONFIG).reply(200, "");
    permission("writer", "write", "write");
    ledgerDay();
    nock(API)
      .post(`${R}/issues/${ISSUE}/reactions`, { content: "eyes" })
      .reply(201, { id: 1, content: "eyes" })
      .post(DISPATCH)
      .reply(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" })
      .get(`${R}/issues/${ISSUE}/comments`)
      .query({ per_page: "100" })
      .reply(200, []);
    let posted = "";
    nock(API)
      .post(`${R}/issues/${ISSUE}/comments`, (b: { body: string }) => {
        posted = b.body;
        return true;
      })
      .reply(201, commentJson(6002, "setup"));
    await label();
    expect(posted).toContain("The Foreman workflow `.github/workflows/foreman.yml` was not found on `main`.");
    expect(posted).toContain("```yaml\nname: foreman\n");
    expect(posted).toContain("      mode: { required: false, type: string, default: run }");
    expect(posted).toContain("      - uses: foreman-dev/foreman@v0");
    expect(posted).toContain("<!-- foreman:notice setup:missing_workflow -->");
    expect(posted).not.toContain(replyMarker(1));
  });
});
