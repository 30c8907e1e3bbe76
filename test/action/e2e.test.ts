/**
 * The Action end to end with the real `src/github` adapters over a stateful fake GitHub
 * (issue 8's "Tests" scenarios): every request contract-checked, the bodies written asserted
 * through what the fake keeps, a real checkout whose `origin` is a local bare repository.
 */
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { decodeStateComment, encodeStateComment, hasStateBlock } from "../../src/core/state-codec.js";
import { parseReplyMarkers } from "../../src/github/reply-marker.js";
import { git, removeTempDirs, tempDir, waitFor } from "../loop/helpers.js";
import { useGitHubMocks } from "../support/github/http.js";
import { BOT_LOGIN, type FakeRepo } from "../support/github/fake-repo.js";
import { ISSUE, makeCheckout, OWNER, REPO } from "./harness.js";
import { fakeRepoFor, runReal } from "./github-harness.js";

const TWO_TRIES = {
  "1": [{ write: { path: "value.txt", content: "bad\n" } }, { result: { costUsd: 0.1, summary: "first try" } }],
  "2": [{ write: { path: "value.txt", content: "good\n" } }, { result: { costUsd: 0.2, summary: "fixed it" } }],
};
const ONE_TRY = { "*": [{ write: { path: "value.txt", content: "good\n" } }, { result: { costUsd: 0.2 } }] };

const LEDGER_BLOCK = /<!-- foreman:daily-ledger v1 (\{[^<>]*\}) -->/;

function dailyEntries(fake: FakeRepo): { id: number; author: string; type: string; sessionKey: string; usd?: number; reservationId?: number }[] {
  const ledgerIssue = [...fake.issues.values()].find((i) => i.labels.includes("foreman:ledger"));
  if (ledgerIssue === undefined) return [];
  return fake.commentsOf(ledgerIssue.number).flatMap((c) => {
    const m = LEDGER_BLOCK.exec(c.body);
    if (m === null) return [];
    const p = JSON.parse(m[1]!) as { type: string; sessionKey: string; usd?: number; reservationId?: number };
    return [{ id: c.id, author: c.user.login, ...p }];
  });
}

function stateComments(fake: FakeRepo, issue = ISSUE) {
  return fake.commentsOf(issue).filter((c) => hasStateBlock(c.body));
}

async function originRefs(origin: string): Promise<string[]> {
  const out = await git(origin, "for-each-ref", "--format=%(refname)");
  return out.split("\n").filter(Boolean).sort();
}

describe("foreman action end to end (real adapters)", () => {
  const gh = useGitHubMocks();
  afterEach(removeTempDirs);

  it("a fresh session succeeds at attempt 2: one session comment, reserve + settle, refs pushed, one draft PR, green check run", async () => {
    const c = await makeCheckout(TWO_TRIES);
    const fake = await fakeRepoFor(c);
    const r = await runReal(gh, c, { reason: "label" });

    expect(r.failures).toEqual([]);
    const sessionComment = stateComments(fake)[0];
    expect(r.outputs).toEqual({
      status: "ended",
      reason: "succeeded",
      attempts: "2",
      "cost-usd": "0.3000",
      "pr-number": "17",
      "session-url": `https://github.com/${OWNER}/${REPO}/issues/${ISSUE}#issuecomment-${sessionComment?.id}`,
    });
    // One session comment, by the bot, signed; one ledger comment; nothing else on the thread.
    expect(stateComments(fake)).toHaveLength(1);
    expect(sessionComment?.user.login).toBe(BOT_LOGIN);
    expect(sessionComment?.body).toMatch(/<!-- foreman:sig v1 [A-Za-z0-9_-]+ -->/);
    expect(fake.commentsOf(ISSUE)).toHaveLength(2);
    expect(fake.commentsOf(ISSUE)[1]?.body).toContain("<!-- foreman:ledger v1 ");
    const state = fake.sessionState(ISSUE);
    expect(state?.attempts.map((a) => a.outcome)).toEqual(["gates_failed", "passed"]);
    expect(state?.pullRequest).toBe(17);
    // Daily ledger: the issue created with its label, then reserve + settle (actual cost).
    const ledgerIssue = [...fake.issues.values()].find((i) => i.labels.includes("foreman:ledger"));
    expect(ledgerIssue?.user.login).toBe(BOT_LOGIN);
    expect(dailyEntries(fake).map(({ type, sessionKey, usd, author }) => ({ type, sessionKey, usd, author }))).toEqual([
      { type: "reserve", sessionKey: `issue-${ISSUE}`, usd: 100, author: BOT_LOGIN },
      { type: "settle", sessionKey: `issue-${ISSUE}`, usd: 0.3, author: BOT_LOGIN },
    ]);
    // Attempt refs and the PR branch pushed to origin.
    expect(await originRefs(c.origin)).toEqual([
      "refs/foreman/issue-42/attempt-1",
      "refs/foreman/issue-42/attempt-2",
      "refs/foreman/issue-42/staged",
      "refs/heads/foreman/issue-42",
      "refs/heads/main",
    ]);
    expect((await git(c.origin, "show", "refs/foreman/issue-42/attempt-1:value.txt")).trim()).toBe("bad");
    expect((await git(c.origin, "show", "foreman/issue-42:value.txt")).trim()).toBe("good");
    // One draft PR that closes the issue.
    expect(fake.pulls).toHaveLength(1);
    expect(fake.pulls[0]).toMatchObject({ number: 17, head: "foreman/issue-42", base: "main", draft: true });
    expect(fake.pulls[0]?.body).toMatch(new RegExp(`(^|\\n)Closes #${ISSUE}\\b`));
    // The check run on the PR head: green, keyed by the session.
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.checkRuns[0]).toMatchObject({
      name: "Foreman",
      head_sha: state?.headSha,
      external_id: `issue-${ISSUE}`,
      status: "completed",
      conclusion: "success",
    });
    expect(state?.checkRunId).toBe(fake.checkRuns[0]?.id);
    expect((await git(c.origin, "rev-parse", "foreman/issue-42")).trim()).toBe(state?.headSha);
    // Summary: the attempt ledger as a table.
    expect(r.summaries).toHaveLength(1);
    expect(r.summaries[0]).toContain("| 2 |");
    expect(r.secrets).toContain("ghs_testInstallationToken0123456789");
    // No request carried a token in its body; every one passed the contract checker (afterEach).
    expect(gh.calls.every((x) => !(x.body ?? "").includes("ghs_"))).toBe(true);
  }, 60_000);

  it("the same dispatch twice duplicates nothing: no second comment, reservation, PR or check run", async () => {
    const c = await makeCheckout(TWO_TRIES);
    const fake = await fakeRepoFor(c);
    await runReal(gh, c, { reason: "label" });
    const first = fake.sessionState(ISSUE);
    const commentsBefore = fake.comments.length;
    const again = await runReal(gh, c, { reason: "label" });

    expect(again.failures).toEqual([]);
    expect(again.outputs).toMatchObject({ status: "ended", reason: "succeeded", attempts: "2", "pr-number": "17" });
    const second = fake.sessionState(ISSUE);
    expect(second?.attempts).toEqual(first?.attempts);
    expect(second?.reportedAt).toBe(first?.reportedAt);
    expect(fake.comments.length).toBe(commentsBefore);
    expect(dailyEntries(fake).map((e) => e.type)).toEqual(["reserve", "settle"]);
    expect(fake.pulls).toHaveLength(1);
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.requests("POST", /\/pulls$/)).toHaveLength(1);
  }, 60_000);

  it("a forged state comment and a forged daily-ledger comment by a user count for nothing and are reported", async () => {
    const c = await makeCheckout(ONE_TRY, { dailyUsd: 50, budget: { usd: 20 } });
    const fake = await fakeRepoFor(c);
    // A user posts a perfectly encoded state block that claims the session ended long ago.
    await runReal(gh, await makeCheckout(ONE_TRY), {}).catch(() => undefined);
    const genuine = fake.sessionState(ISSUE);
    fake.comments.length = 0;
    fake.checkRuns.length = 0;
    fake.pulls.length = 0;
    for (const n of [...fake.issues.keys()]) if (n !== ISSUE) fake.issues.delete(n);
    if (genuine === null) throw new Error("no state to forge from");
    const forged = fake.addComment(ISSUE, encodeStateComment({ ...genuine, status: "ended", reason: "rejected" }), {
      login: "mallory",
      type: "User",
    });
    // And a ledger issue (opened by the bot) where a user claims today's whole cap.
    const ledger = fake.addIssue({ number: 90, title: "Foreman daily ledger", labels: ["foreman:ledger"], user: { login: BOT_LOGIN, type: "Bot" } });
    const fakeReserve = fake.addComment(
      ledger.number,
      `Foreman reserved 50.00 USD\n\n<!-- foreman:daily-ledger v1 {"type":"reserve","sessionKey":"issue-7","usd":50,"day":"2026-03-02"} -->\n<!-- foreman:sig v1 AAAA -->`,
      { login: "mallory", type: "User" },
    );
    gh.calls.length = 0;
    const r = await runReal(gh, c, { reason: "label" });

    expect(r.failures).toEqual([]);
    expect(r.outputs).toMatchObject({ status: "ended", reason: "succeeded", attempts: "1" });
    expect(stateComments(fake).map((x) => x.user.login)).toEqual(["mallory", BOT_LOGIN]);
    expect(fake.commentsOf(ISSUE).find((x) => x.id === forged.id)?.body).toBe(forged.body);
    expect(
      dailyEntries(fake)
        .filter((e) => e.author === BOT_LOGIN)
        .map((e) => [e.type, e.usd]),
    ).toEqual([
      ["reserve", 20],
      ["settle", 0.2],
    ]);
    expect(r.summaries[0]).toContain(String(forged.id));
    expect(r.summaries[0]).toContain(String(fakeReserve.id));
    expect(r.summaries[0]).toContain("mallory");
  }, 90_000);

  it("the bot's state comment edited by an admin: flagged once with how to recover, the run fails, a second run does not loop", async () => {
    const c = await makeCheckout(TWO_TRIES, { approval: "before_pr" });
    const fake = await fakeRepoFor(c);
    const paused = await runReal(gh, c, { reason: "label" });
    expect(paused.outputs["status"]).toBe("awaiting_approval");
    const comment = stateComments(fake)[0]!;
    const block = /<!-- foreman:state v1 ([A-Za-z0-9+/=]*) -->/.exec(comment.body)!;
    const state = decodeStateComment(comment.body);
    // The admin approves by editing the hidden state instead of commenting /approve.
    const edited = encodeStateComment({ ...state, status: "pending" });
    const editedBlock = /<!-- foreman:state v1 [A-Za-z0-9+/=]* -->/.exec(edited)![0];
    fake.editComment(comment.id, comment.body.replace(block[0], editedBlock));
    const patchesBefore = fake.requests("PATCH", /\/issues\/comments\//).length;
    const commentsBefore = fake.comments.length;

    const r = await runReal(gh, c, { reason: "manual" });
    expect(r.outcome).toBeUndefined();
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toContain("edited by someone other than Foreman");
    expect(r.failures[0]).toContain("edit history");
    const flagged = fake.comments.find((x) => x.id === comment.id)!;
    expect(flagged.body.startsWith("> [!WARNING]")).toBe(true);
    expect(flagged.body).toContain("<!-- foreman:flagged bad_signature -->");
    expect(fake.requests("PATCH", /\/issues\/comments\//)).toHaveLength(patchesBefore + 1);

    const again = await runReal(gh, c, { reason: "manual" });
    expect(again.failures).toHaveLength(1);
    expect(again.failures[0]).toContain("edited by someone other than Foreman");
    expect(fake.requests("PATCH", /\/issues\/comments\//)).toHaveLength(patchesBefore + 1);
    expect(fake.comments.length).toBe(commentsBefore);
    expect(dailyEntries(fake).filter((e) => e.type === "reserve")).toHaveLength(1);
    expect(fake.pulls).toHaveLength(0);
  }, 60_000);

  it("/approve by a read-only user in the replay: refused, answered once, consumed", async () => {
    const c = await makeCheckout(TWO_TRIES, { approval: "before_pr" });
    const fake = await fakeRepoFor(c);
    fake.permissions.set("reader", "read");
    await runReal(gh, c, { reason: "label" });
    const approve = fake.addComment(ISSUE, "/approve", { login: "reader", type: "User" });

    const r = await runReal(gh, c, { reason: "command" });
    expect(r.outputs["status"]).toBe("awaiting_approval");
    const state = fake.sessionState(ISSUE);
    expect(state?.status).toBe("awaiting_approval");
    expect(state?.lastCommandId).toBeGreaterThanOrEqual(approve.id);
    const replies = fake.commentsOf(ISSUE).filter((x) => parseReplyMarkers(x.body).includes(approve.id));
    expect(replies).toHaveLength(1);
    expect(replies[0]?.user.login).toBe(BOT_LOGIN);
    expect(replies[0]?.body).toContain("needs write permission");
    expect(replies[0]?.body).toContain("@reader has read");
    expect(fake.requests("GET", /\/collaborators\/reader\/permission$/)).toHaveLength(1);
    expect(r.summaries[0]).toContain("refused");
    expect(fake.pulls).toHaveLength(0);

    // The command is consumed: a later run neither re-checks nor answers it again.
    const later = await runReal(gh, c, { reason: "command" });
    expect(later.outputs["status"]).toBe("awaiting_approval");
    expect(fake.commentsOf(ISSUE).filter((x) => parseReplyMarkers(x.body).includes(approve.id))).toHaveLength(1);
    expect(fake.requests("GET", /\/collaborators\/reader\/permission$/)).toHaveLength(1);
  }, 60_000);

  it("a command on the session's PR is replayed from its conversation, refused and answered there once; another PR naming the issue is never read", async () => {
    const c = await makeCheckout(ONE_TRY);
    const fake = await fakeRepoFor(c);
    fake.permissions.set("reader", "read");
    fake.permissions.set("maintainer", "write");
    await runReal(gh, c, { reason: "label" });
    expect(fake.sessionState(ISSUE)?.pullRequest).toBe(17);
    fake.pulls.push({
      number: 18,
      head: "fork:look-alike",
      base: "main",
      title: "Look-alike",
      body: `Closes #${ISSUE}.`,
      draft: false,
      state: "open",
    });
    const onPr = fake.addComment(17, "/approve", { login: "reader", type: "User" });
    fake.addComment(18, "/retry", { login: "maintainer", type: "User" });

    const r = await runReal(gh, c, { reason: "command" });
    expect(r.failures).toEqual([]);
    expect(fake.sessionState(ISSUE)?.lastCommandId).toBe(onPr.id);
    const answers = (issue: number) => fake.commentsOf(issue).filter((x) => parseReplyMarkers(x.body).includes(onPr.id));
    expect(answers(17)).toHaveLength(1);
    expect(answers(17)[0]?.user.login).toBe(BOT_LOGIN);
    expect(answers(17)[0]?.body).toContain("@reader has read");
    expect(answers(ISSUE)).toHaveLength(0);
    expect(fake.requests("GET", /\/issues\/17\/comments$/)).toHaveLength(1);
    expect(fake.requests("GET", /\/issues\/18\/comments$/)).toHaveLength(0);
    expect(fake.requests("GET", /\/collaborators\/maintainer\/permission$/)).toHaveLength(0);

    // Consumed: a later run neither re-checks nor answers it again.
    await runReal(gh, c, { reason: "command" });
    expect(answers(17)).toHaveLength(1);
    expect(fake.requests("GET", /\/collaborators\/reader\/permission$/)).toHaveLength(1);
  }, 60_000);

  it("/approve by a writer: the next run publishes the staged tree without running the agent again, one PR, green check run", async () => {
    const c = await makeCheckout(TWO_TRIES, { approval: "before_pr" });
    const fake = await fakeRepoFor(c);
    fake.permissions.set("maintainer", "write");
    await runReal(gh, c, { reason: "label" });
    const paused = fake.sessionState(ISSUE);
    expect(paused?.status).toBe("awaiting_approval");
    expect(fake.checkRuns.map((r) => r.conclusion)).toEqual(["action_required"]);
    fake.addComment(ISSUE, "/approve", { login: "maintainer", type: "User" });

    const r = await runReal(gh, c, { reason: "approve" });
    expect(r.failures).toEqual([]);
    expect(r.outputs).toMatchObject({ status: "ended", reason: "succeeded", attempts: "2", "pr-number": "17" });
    expect(fake.sessionState(ISSUE)?.attempts).toEqual(paused?.attempts);
    expect(fake.pulls).toHaveLength(1);
    expect((await git(c.origin, "show", "foreman/issue-42:value.txt")).trim()).toBe("good");
    expect(fake.checkRuns.at(-1)).toMatchObject({ head_sha: paused?.headSha, conclusion: "success" });
    expect(dailyEntries(fake).filter((e) => e.type === "reserve")).toHaveLength(1);
  }, 60_000);

  it("two reservations racing against the daily cap: the later by comment id is refused, before any agent runs", async () => {
    const c1 = await makeCheckout(ONE_TRY, { dailyUsd: 20, budget: { usd: 15 } });
    const c2 = await makeCheckout(ONE_TRY, { dailyUsd: 20, budget: { usd: 15 } });
    const fake = await fakeRepoFor(c1);
    fake.addIssue({ number: 43 });
    const [a, b] = await Promise.all([runReal(gh, c1, { issue: "42" }), runReal(gh, c2, { issue: "43" })]);

    const reserves = dailyEntries(fake).filter((e) => e.type === "reserve");
    expect(reserves).toHaveLength(2);
    const [earlier, later] = [...reserves].sort((x, y) => x.id - y.id);
    const byIssue = { "issue-42": a, "issue-43": b };
    const winner = byIssue[earlier!.sessionKey as keyof typeof byIssue];
    const loser = byIssue[later!.sessionKey as keyof typeof byIssue];
    expect(winner.outputs).toMatchObject({ status: "ended", reason: "succeeded" });
    expect(loser.outputs).toMatchObject({ status: "ended", reason: "budget_exhausted", attempts: "0" });
    expect(
      dailyEntries(fake)
        .filter((e) => e.type === "withdraw")
        .map((e) => [e.sessionKey, e.reservationId]),
    ).toEqual([[later!.sessionKey, later!.id]]);
    // One ledger issue in use: a second one created in the race was closed.
    const ledgers = [...fake.issues.values()].filter((i) => i.labels.includes("foreman:ledger"));
    expect(ledgers.filter((i) => i.state === "open")).toHaveLength(1);
    const loserIssue = Number(later!.sessionKey.slice("issue-".length));
    expect(fake.sessionState(loserIssue)?.attempts).toEqual([]);
  }, 90_000);

  it("a workspace that is not a git checkout fails before anything is written, naming the step to add", async () => {
    const c = await makeCheckout(ONE_TRY);
    const fake = await fakeRepoFor(c);
    const empty = await tempDir("no-checkout");
    const r = await runReal(gh, { ...c, checkout: empty }, {});
    expect(r.outcome).toBeUndefined();
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toContain("is not a git checkout");
    expect(r.failures[0]).toContain("actions/checkout");
    expect(fake.comments).toEqual([]);
    expect(fake.log.map((x) => x.method)).toEqual(["GET"]);
  }, 30_000);

  it("5xx, 429 with retry-after and a secondary rate limit 403 are retried: the session runs as if nothing happened", async () => {
    const c = await makeCheckout(ONE_TRY);
    const fake = await fakeRepoFor(c);
    fake.fail({ method: "GET", path: /\/issues\/42$/, status: 502 });
    fake.fail({ method: "GET", path: /\/issues\/42$/, status: 429, headers: { "retry-after": "1" } });
    fake.fail({
      method: "POST",
      path: /\/issues\/42\/comments$/,
      status: 403,
      headers: { "retry-after": "1" },
      body: {
        message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        documentation_url: "https://docs.github.com/rest",
      },
    });
    const r = await runReal(gh, c, {});
    expect(r.failures).toEqual([]);
    expect(r.outputs).toMatchObject({ status: "ended", reason: "succeeded" });
    expect(fake.log.filter((x) => x.status >= 400).map((x) => `${x.method} ${x.status}`)).toEqual(["GET 502", "GET 429", "POST 403"]);
    expect(stateComments(fake)).toHaveLength(1);
  }, 60_000);

  it("a GitHub failure that outlasts the retries fails the run clearly, with nothing reserved or started", async () => {
    const c = await makeCheckout(ONE_TRY);
    const fake = await fakeRepoFor(c);
    fake.fail({ method: "GET", path: /\/issues\/42$/, status: 503, times: 10 });
    const r = await runReal(gh, c, {});
    expect(r.outcome).toBeUndefined();
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toMatch(/503|GitHub/);
    expect(dailyEntries(fake)).toEqual([]);
    expect(fake.comments).toEqual([]);
  }, 60_000);

  it("stopped mid-attempt: the work in progress is pushed and recorded interrupted; a run on a fresh clone resumes from it at attempt 2", async () => {
    const work = await tempDir("action-stop");
    // The agent runs as its own user (isolation): it may write its marker here.
    await chmod(work, 0o777);
    const marker = path.join(work, "agent-started");
    const c = await makeCheckout({
      "1": [{ write: { path: "partial.txt", content: "half done\n" } }, { write: { path: marker, content: "{{pid}}" } }, { sleep: 60_000 }],
      "*": [{ write: { path: "value.txt", content: "good\n" } }, { result: { costUsd: 0.2 } }],
    });
    const fake = await fakeRepoFor(c);
    const controller = new AbortController();
    const running = runReal(gh, c, { reason: "label" }, { signal: controller.signal });
    expect(await waitFor(() => existsSync(marker), 30_000)).toBe(true);
    controller.abort();
    const r1 = await running;

    expect(r1.outputs).toMatchObject({ status: "interrupted", attempts: "1" });
    const interrupted = fake.sessionState(ISSUE);
    expect(interrupted?.status).toBe("interrupted");
    expect(interrupted?.attempts.map((a) => [a.n, a.outcome])).toEqual([[1, "interrupted"]]);
    expect((await git(c.origin, "show", "refs/foreman/issue-42/attempt-1:partial.txt")).trim()).toBe("half done");
    expect(fake.checkRuns).toEqual([]);

    const fresh = path.join(work, "fresh-checkout");
    await git(work, "clone", "-q", c.origin, fresh);
    await mkdir(path.join(work, "fresh-temp"));
    const r2 = await runReal(gh, { origin: c.origin, checkout: fresh, runnerTemp: path.join(work, "fresh-temp") }, { reason: "retry" });
    expect(r2.failures).toEqual([]);
    expect(r2.outputs).toMatchObject({ status: "ended", reason: "succeeded", attempts: "2" });
    expect(fake.sessionState(ISSUE)?.attempts.map((a) => [a.n, a.outcome])).toEqual([
      [1, "interrupted"],
      [2, "passed"],
    ]);
    // Attempt 2 started from attempt 1's tree: its file is in the PR without attempt 2 writing it.
    expect((await git(c.origin, "show", "foreman/issue-42:partial.txt")).trim()).toBe("half done");
    expect(await readFile(path.join(fresh, "value.txt"), "utf8")).toBe("start\n");
  }, 90_000);
});
