import nock from "nock";
import type { Probot } from "probot";
import { beforeEach, describe, expect, it } from "vitest";
import { renderStatusComment } from "../../src/core/render.js";
import { replayCommands } from "../../src/github/command-replay.js";
import { parseReplyMarkers, replyMarker } from "../../src/github/reply-marker.js";
import { verifyBody } from "../../src/github/signature.js";
import { API, useGitHubMocks } from "../support/github/http.js";
import {
  APP_BOT,
  callLines,
  commentJson,
  commentPayload,
  editedCommentPayload,
  ISSUE,
  KEY,
  makeProbot,
  OWNER,
  PR,
  R,
  REPO,
  session,
  stateBody,
} from "./harness.js";
import { mockToken } from "./mock-token.js";

const CONFIG = `${R}/contents/.github%2Fforeman.yml`;
const DISPATCH = `${R}/actions/workflows/foreman.yml/dispatches`;

function permission(login: string, role: string, perm: string): void {
  nock(API)
    .get(`${R}/collaborators/${encodeURIComponent(login)}/permission`)
    .reply(200, { permission: perm, role_name: role, user: null });
}

function reaction(commentId: number, content: "eyes" | "confused", status = 201): void {
  nock(API).post(`${R}/issues/comments/${commentId}/reactions`, { content }).reply(status, { id: 1, content });
}

function dispatch(reason: string, issue = ISSUE): void {
  nock(API)
    .post(DISPATCH, { ref: "main", inputs: { issue: String(issue), reason }, return_run_details: true })
    .reply(204);
}

/** Captures the body of the next comment posted on `issue`. */
function captureComment(issue: number): { body: string } {
  const seen = { body: "" };
  nock(API)
    .post(`${R}/issues/${issue}/comments`, (b: { body: string }) => {
      seen.body = b.body;
      return true;
    })
    .reply(201, commentJson(7000, "reply"));
  return seen;
}

describe("issue_comment.created", () => {
  const gh = useGitHubMocks();
  let probot: Probot;
  beforeEach(async () => {
    probot = await makeProbot(() => gh.fetch);
    mockToken();
  });
  const receive = (payload: ReturnType<typeof commentPayload>, id = "c-1") => probot.receive({ id, name: "issue_comment", payload });

  it("a quoted `> /approve`, an `/approve` inside a code fence and an edited comment cost no call at all", async () => {
    await receive(commentPayload({ body: "> /approve\nI agree with the above" }), "c-a");
    await receive(commentPayload({ body: "Try this:\n```\n/approve\n```\n" }), "c-b");
    await probot.receive({ id: "c-c", name: "issue_comment", payload: editedCommentPayload("/approve") });
    expect(callLines(gh)).toEqual([]);
  });

  it("/approve by a read-only user: one signed refusal naming who may, with the reply marker, and 😕; no dispatch; 4 calls", async () => {
    nock(API).get(CONFIG).reply(200, "");
    permission("reader", "read", "read");
    reaction(9001, "confused");
    const posted = captureComment(ISSUE);
    await receive(commentPayload({ body: "/approve", author: "reader" }));
    const text =
      "@reader `/approve` needs **write** permission on this repository (yours: read). Ask someone with write access, or change `permissions.approve` in `.github/foreman.yml`.";
    expect(posted.body.startsWith(`${text}\n\n${replyMarker(9001)}`)).toBe(true);
    expect(parseReplyMarkers(posted.body)).toEqual([9001]);
    expect(verifyBody(KEY, { kind: "reply", owner: OWNER, repo: REPO, issue: ISSUE }, posted.body, replyMarker(9001))).toBe("valid");
    expect(callLines(gh)).toHaveLength(4);
  });

  it("/approve by a maintainer while awaiting approval: 👀 and a dispatch (reason approve), 4 calls", async () => {
    nock(API).get(CONFIG).reply(200, "approval:\n  policy: before_pr\n");
    permission("maintainer", "maintain", "write");
    reaction(9001, "eyes");
    dispatch("approve");
    await receive(commentPayload({ body: "/approve" }));
    expect(callLines(gh)).toEqual([
      `GET ${R}/contents/.github/foreman.yml`,
      `GET ${R}/collaborators/maintainer/permission`,
      `POST ${R}/issues/comments/9001/reactions`,
      `POST ${DISPATCH}`,
    ]);
  });

  it("the same delivery twice, or the same comment in a new delivery (👀 already there), dispatches once", async () => {
    nock(API).get(CONFIG).times(2).reply(200, "");
    permission("maintainer", "write", "write");
    permission("maintainer", "write", "write");
    reaction(9001, "eyes");
    reaction(9001, "eyes", 200);
    dispatch("retry");
    const payload = commentPayload({ body: "/retry" });
    await receive(payload, "same");
    await receive(payload, "same");
    await receive(payload, "redelivered-elsewhere");
    expect(callLines(gh).filter((l) => l === `POST ${DISPATCH}`)).toHaveLength(1);
  });

  it("a bot's /approve does nothing unless `bots.command_authors` lists it", async () => {
    nock(API).get(CONFIG).reply(200, "");
    await receive(commentPayload({ body: "/approve", author: "renovate[bot]", authorType: "Bot" }), "c-1");
    expect(callLines(gh)).toEqual([`GET ${R}/contents/.github/foreman.yml`]);

    nock(API).get(CONFIG).reply(200, 'bots:\n  command_authors: ["release-bot[bot]"]\n');
    permission("release-bot[bot]", "write", "write");
    reaction(9002, "eyes");
    dispatch("approve");
    await receive(commentPayload({ body: "/approve", author: "release-bot[bot]", authorType: "Bot", commentId: 9002 }), "c-2");
  });

  it("a command on a Foreman PR: config, permission, 👀 on the PR comment and a dispatch for the session's issue; nothing written on the issue", async () => {
    nock(API).get(CONFIG).reply(200, "");
    permission("maintainer", "write", "write");
    reaction(9003, "eyes");
    dispatch("retry", ISSUE);
    await receive(commentPayload({ body: "/retry", commentId: 9003, onPr: true }));
    // The Action reads the PR's conversation itself: no record comment on the issue.
    expect(callLines(gh)).toEqual([
      `GET ${R}/contents/.github/foreman.yml`,
      `GET ${R}/collaborators/maintainer/permission`,
      `POST ${R}/issues/comments/9003/reactions`,
      `POST ${DISPATCH}`,
    ]);

    // Unknown commands on the PR are answered there, with the help.
    nock(API).get(CONFIG).reply(200, "");
    reaction(9004, "confused");
    const posted = captureComment(PR);
    await receive(commentPayload({ body: "/aprove", commentId: 9004, onPr: true }), "c-2");
    expect(posted.body).toMatch(/^`\/aprove` is not a Foreman command\. Did you mean `\/approve`\?\n\nForeman commands/);
  });

  it("/status answers read-only from the signed session, without a permission check or dispatch", async () => {
    const state = session({ status: "awaiting_approval" });
    nock(API)
      .get(CONFIG)
      .reply(200, "")
      .get(`${R}/issues/${ISSUE}/comments`)
      .query({ per_page: "100" })
      .reply(200, [commentJson(100, stateBody(state)), commentJson(101, "/status", "someone")]);
    reaction(9005, "eyes");
    const posted = captureComment(ISSUE);
    await receive(commentPayload({ body: "/status", author: "someone", commentId: 9005 }));
    expect(posted.body).toBe(renderStatusComment(state));
    expect(callLines(gh)).toHaveLength(4);
  });

  it("/cancel while a run is in progress costs what every session command costs: config, permission, 👀, dispatch (no run listed or cancelled)", async () => {
    nock(API).get(CONFIG).reply(200, "");
    permission("maintainer", "admin", "admin");
    reaction(9006, "eyes");
    dispatch("cancel");
    await receive(commentPayload({ body: "/cancel", commentId: 9006 }));
    expect(callLines(gh)).toEqual([
      `GET ${R}/contents/.github/foreman.yml`,
      `GET ${R}/collaborators/maintainer/permission`,
      `POST ${R}/issues/comments/9006/reactions`,
      `POST ${DISPATCH}`,
    ]);
  });

  it("/reject <reason> on a Foreman PR costs 4 calls; the Action's replay of the session's PR reads it with its reason, verbatim", async () => {
    nock(API).get(CONFIG).reply(200, "");
    permission("maintainer", "write", "write");
    reaction(9010, "eyes");
    dispatch("reject", ISSUE);
    const reason = "too broad: touches <auth> --> and `docs`";
    await receive(commentPayload({ body: `/reject ${reason}`, commentId: 9010, onPr: true }));
    expect(callLines(gh)).toEqual([
      `GET ${R}/contents/.github/foreman.yml`,
      `GET ${R}/collaborators/maintainer/permission`,
      `POST ${R}/issues/comments/9010/reactions`,
      `POST ${DISPATCH}`,
    ]);
    // The run that dispatch wakes lists the issue and the session's PR, and finds the command there.
    nock(API)
      .get(`${R}/issues/${ISSUE}/comments`)
      .query({ per_page: "100" })
      .reply(200, [])
      .get(`${R}/issues/${PR}/comments`)
      .query({ per_page: "100" })
      .reply(200, [commentJson(9010, `/reject ${reason}`, "maintainer")])
      .get(`${R}/collaborators/maintainer/permission`)
      .reply(200, { permission: "write", role_name: "write", user: null });
    const replay = await replayCommands(
      {
        client: gh.client(),
        repo: { owner: OWNER, repo: REPO },
        issue: ISSUE,
        key: KEY,
        botAllowlist: [],
        trustedAuthors: [APP_BOT],
        minimumPermission: () => "write",
      },
      0,
      PR,
    );
    expect(replay.accepted).toEqual([
      { commentId: 9010, author: "maintainer", command: { kind: "reject", reason }, createdAt: "2026-05-01T09:30:00Z" },
    ]);
  });

  it("a changed configuration is obeyed on the very next event (the parse memo is keyed by content)", async () => {
    nock(API).get(CONFIG).reply(200, "permissions:\n  approve: write\n");
    permission("maintainer", "write", "write");
    reaction(9020, "eyes");
    dispatch("approve");
    await receive(commentPayload({ body: "/approve", commentId: 9020 }), "c-1");
    // The file now asks for admin: the same maintainer is refused at once.
    nock(API).get(CONFIG).reply(200, "permissions:\n  approve: admin\n");
    permission("maintainer", "write", "write");
    reaction(9021, "confused");
    const posted = captureComment(ISSUE);
    await receive(commentPayload({ body: "/approve", commentId: 9021 }), "c-2");
    expect(posted.body).toContain("@maintainer `/approve` needs **admin** permission on this repository (yours: write).");
    // And back: the earlier content is obeyed again.
    nock(API).get(CONFIG).reply(200, "permissions:\n  approve: write\n");
    permission("maintainer", "write", "write");
    reaction(9022, "eyes");
    dispatch("approve");
    await receive(commentPayload({ body: "/approve", commentId: 9022 }), "c-3");
    expect(callLines(gh).filter((l) => l === `POST ${DISPATCH}`)).toHaveLength(2);
  });

  it("an invalid config is said once per revision: one comment naming the key, value and fix, not two", async () => {
    const bad = "budget:\n  per_run:\n    usd: lots\n";
    nock(API).get(CONFIG).times(2).reply(200, bad);
    nock(API).get(`${R}/issues/${ISSUE}/comments`).query({ per_page: "100" }).reply(200, []);
    const posted = captureComment(ISSUE);
    await receive(commentPayload({ body: "/retry", commentId: 9007 }), "c-1");
    expect(posted.body).toContain("### 🤖 Foreman cannot run: the configuration is invalid (read from `octo-org/widgets:.github/foreman.yml`)");
    expect(posted.body).toMatch(/- `budget\.per_run\.usd`: .*lots/);
    expect(posted.body).toMatch(/<!-- foreman:notice config:[0-9a-f]{16} -->$/);
    nock(API)
      .get(`${R}/issues/${ISSUE}/comments`)
      .query({ per_page: "100" })
      .reply(200, [commentJson(7000, posted.body)]);
    await receive(commentPayload({ body: "/retry", commentId: 9008 }), "c-2");
    expect(callLines(gh).filter((l) => l.startsWith("POST"))).toHaveLength(1);
  });
});
