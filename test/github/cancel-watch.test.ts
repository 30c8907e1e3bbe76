import nock from "nock";
import { describe, expect, it, vi } from "vitest";
import type { Command } from "../../src/core/commands.js";
import { createGitHubClient } from "../../src/github/client.js";
import { SINCE_MARGIN_MS, watchForCancel, type CancelWatchDeps } from "../../src/github/cancel-watch.js";
import type { Permission } from "../../src/github/permissions.js";
import { deriveSigningKey } from "../../src/github/signature.js";
import { sleep } from "../../src/local/sleep.js";
import { comment, commentJson, OWNER, REPO } from "../support/github/fake-issue.js";
import { API, contractFetch, TOKEN, useGitHubMocks } from "../support/github/http.js";

/** Under a loaded test run a poll can take more than waitFor's default second. */
const WAIT = { timeout: 10_000 };

const key = deriveSigningKey({ stateKey: "k".repeat(40) });
const R = `/repos/${OWNER}/${REPO}`;
const ISSUE = 1;
const PR = 17;
const RUN_ID = 9001;
const WATERMARK = 100;
/** The run started at this time; the listings reach back a margin before it. */
const STARTED = Date.parse("2026-03-02T10:00:00.250Z");
const SINCE = new Date(STARTED - SINCE_MARGIN_MS).toISOString().replace(/\.\d{3}Z$/, "Z");
const minimum = (c: Command): Permission => (c.kind === "status" || c.kind === "help" ? "none" : "write");

/** A pause the test ends by hand: each `tick` lets exactly one poll run. */
function manualSleep() {
  const waiting: (() => void)[] = [];
  return {
    sleep: (_ms: number, signal: AbortSignal) =>
      new Promise<void>((resolve) => {
        if (signal.aborted) return resolve();
        const wake = () => {
          waiting.splice(waiting.indexOf(wake), 1);
          resolve();
        };
        waiting.push(wake);
        signal.addEventListener("abort", wake, { once: true });
      }),
    get waiting() {
      return waiting.length;
    },
    /** Ends the pause the watcher is in (waits for it to be in one). */
    async tick(): Promise<void> {
      await vi.waitFor(() => expect(waiting).toHaveLength(1), WAIT);
      waiting[0]?.();
    },
    /** Resolves when the watcher pauses again (the poll is over). */
    async polled(): Promise<void> {
      await vi.waitFor(() => expect(waiting).toHaveLength(1), WAIT);
    },
  };
}

function listing(issue: number, query: Record<string, string> = {}, options: nock.Options = {}) {
  return nock(API, options)
    .get(`${R}/issues/${issue}/comments`)
    .query({ since: SINCE, per_page: "100", ...query });
}

function permission(login: string, perm: string): void {
  nock(API)
    .get(`${R}/collaborators/${encodeURIComponent(login)}/permission`)
    .reply(200, { permission: perm, role_name: perm, user: { login, type: "User" } });
}

describe("watchForCancel", () => {
  const gh = useGitHubMocks();

  function setup(over: Partial<CancelWatchDeps> = {}) {
    const clock = manualSleep();
    const stopRun = vi.fn<(reason: string) => void>();
    const log = { info: vi.fn<(m: string) => void>(), warning: vi.fn<(m: string) => void>() };
    const deps: CancelWatchDeps = {
      client: gh.client(),
      repo: { owner: OWNER, repo: REPO },
      issue: ISSUE,
      key,
      botAllowlist: [],
      minimumPermission: minimum,
      sinceCommentId: WATERMARK,
      notBefore: STARTED,
      runId: RUN_ID,
      intervalMs: 15_000,
      sleep: clock.sleep,
      stopRun,
      log,
      ...over,
    };
    return { clock, stopRun, log, watch: watchForCancel(deps) };
  }

  it("a /cancel by a write user after the watermark: its own workflow run is cancelled and the run stopped", async () => {
    listing(ISSUE, {}, { badheaders: ["if-none-match"] }).reply(
      200,
      [commentJson(comment(WATERMARK, "/cancel", "maya")), commentJson(comment(120, "/cancel", "maya"))],
      { etag: 'W/"a"' },
    );
    permission("maya", "write");
    nock(API).post(`${R}/actions/runs/${RUN_ID}/cancel`).reply(202, {});
    const { clock, stopRun, log, watch } = setup();
    await clock.tick();
    await vi.waitFor(() => expect(stopRun).toHaveBeenCalledOnce(), WAIT);
    expect(stopRun).toHaveBeenCalledWith("/cancel by @maya in comment 120");
    expect(log.info).toHaveBeenCalledWith(expect.stringMatching(/^\/cancel by @maya \(comment 120\): stopping this run/));
    expect(log.warning).not.toHaveBeenCalled();
    await watch.stop();
    expect(clock.waiting).toBe(0);
    // The POST carries no body; the listing is conditional from the second poll on only.
    expect(gh.calls.map((c) => [c.method, new URL(c.url).pathname, c.body])).toEqual([
      ["GET", `${R}/issues/${ISSUE}/comments`, undefined],
      ["GET", `${R}/collaborators/maya/permission`, undefined],
      ["POST", `${R}/actions/runs/${RUN_ID}/cancel`, undefined],
    ]);
  });

  it("a /cancel by a read-only user, an edited one, a bot's, or one at the watermark: nothing, and it keeps watching", async () => {
    listing(ISSUE).reply(200, [
      commentJson(comment(WATERMARK, "/cancel", "maya")),
      commentJson(comment(110, "/cancel", "rob")),
      commentJson(comment(111, "/cancel", "maya", { edited: true })),
      commentJson(comment(112, "/cancel", "helper[bot]")),
    ]);
    permission("rob", "read");
    const { clock, stopRun, log, watch } = setup();
    await clock.tick();
    await clock.polled();
    await watch.stop();
    expect(stopRun).not.toHaveBeenCalled();
    expect(log.warning).not.toHaveBeenCalled();
    expect(gh.calls.map((c) => `${c.method} ${new URL(c.url).pathname}`)).toEqual([
      `GET ${R}/issues/${ISSUE}/comments`,
      `GET ${R}/collaborators/rob/permission`,
    ]);
  });

  it("an unchanged thread (304 to If-None-Match) is not judged again; a /cancel that appears later is", async () => {
    listing(ISSUE).reply(200, [commentJson(comment(110, "/cancel", "rob"))], { etag: 'W/"a"' });
    permission("rob", "read");
    listing(ISSUE).matchHeader("if-none-match", 'W/"a"').reply(304, "", { etag: 'W/"a"' });
    listing(ISSUE)
      .matchHeader("if-none-match", 'W/"a"')
      .reply(200, [commentJson(comment(110, "/cancel", "rob")), commentJson(comment(130, "/cancel", "maya"))], { etag: 'W/"b"' });
    permission("maya", "admin");
    nock(API).post(`${R}/actions/runs/${RUN_ID}/cancel`).reply(202, {});
    const { clock, stopRun, log, watch } = setup();
    await clock.tick();
    await clock.polled();
    await clock.tick();
    await clock.polled();
    expect(stopRun).not.toHaveBeenCalled();
    await clock.tick();
    await vi.waitFor(() => expect(stopRun).toHaveBeenCalledWith("/cancel by @maya in comment 130"), WAIT);
    await watch.stop();
    expect(log.warning).not.toHaveBeenCalled();
    // rob's permission was read once for the whole watch, not once per poll.
    expect(gh.calls.filter((c) => c.url.includes("/collaborators/rob/"))).toHaveLength(1);
  });

  it("a failing poll is logged (a warning once, then quieter) and tried again at the next interval; it never throws", async () => {
    listing(ISSUE).reply(502, { message: "Server Error" });
    listing(ISSUE).reply(500, { message: "Server Error" });
    listing(ISSUE).reply(200, [commentJson(comment(140, "/cancel", "maya"))]);
    permission("maya", "write");
    nock(API).post(`${R}/actions/runs/${RUN_ID}/cancel`).reply(202, {});
    const { clock, stopRun, log, watch } = setup();
    await clock.tick();
    await clock.polled();
    await clock.tick();
    await clock.polled();
    expect(log.warning).toHaveBeenCalledOnce();
    expect(log.warning).toHaveBeenCalledWith(expect.stringMatching(/^Looking for \/cancel on #1 failed \(.*\); trying again in 15 s\.$/));
    expect(log.info).toHaveBeenCalledWith(expect.stringMatching(/^Looking for \/cancel on #1 failed/));
    await clock.tick();
    await vi.waitFor(() => expect(stopRun).toHaveBeenCalledOnce(), WAIT);
    await watch.stop();
    // No retries between intervals: one request per failed poll.
    expect(gh.calls.filter((c) => c.url.includes("/issues/1/comments"))).toHaveLength(3);
  });

  it("its own run's cancel answered 403 (no Actions: write): said once, and the run still stops", async () => {
    listing(ISSUE).reply(200, [commentJson(comment(150, "/cancel", "maya"))]);
    permission("maya", "write");
    nock(API).post(`${R}/actions/runs/${RUN_ID}/cancel`).reply(403, { message: "Resource not accessible by integration" });
    const { clock, stopRun, log, watch } = setup();
    await clock.tick();
    await vi.waitFor(() => expect(stopRun).toHaveBeenCalledOnce(), WAIT);
    await watch.stop();
    expect(log.warning).toHaveBeenCalledOnce();
    expect(log.warning).toHaveBeenCalledWith(
      expect.stringContaining("could not cancel its own workflow run 9001 (HTTP 403): the token lacks the Actions: write permission"),
    );
  });

  it("without a run id (not on a runner) the run only stops itself", async () => {
    listing(ISSUE).reply(200, [commentJson(comment(150, "/cancel", "maya"))]);
    permission("maya", "write");
    const { clock, stopRun, watch } = setup({ runId: undefined });
    await clock.tick();
    await vi.waitFor(() => expect(stopRun).toHaveBeenCalledOnce(), WAIT);
    await watch.stop();
    expect(gh.calls.some((c) => c.method === "POST")).toBe(false);
  });

  it("watches the session's Foreman PR too: a /cancel there stops the run", async () => {
    listing(ISSUE).reply(200, [commentJson(comment(160, "Looks slow", "maya"))]);
    listing(PR).reply(200, [commentJson(comment(161, "/cancel", "maya"), PR)]);
    permission("maya", "write");
    nock(API).post(`${R}/actions/runs/${RUN_ID}/cancel`).reply(202, {});
    const { clock, stopRun, watch } = setup({ pullRequest: PR });
    await clock.tick();
    await vi.waitFor(() => expect(stopRun).toHaveBeenCalledWith("/cancel by @maya in comment 161"), WAIT);
    await watch.stop();
  });

  it("reads every page when more than 100 comments changed during the run", async () => {
    const next = `<${API}${R}/issues/${ISSUE}/comments?since=${encodeURIComponent(SINCE)}&per_page=100&page=2>; rel="next"`;
    listing(ISSUE).reply(
      200,
      Array.from({ length: 100 }, (_, i) => commentJson(comment(200 + i, "progress"))),
      { etag: 'W/"p1"', link: next },
    );
    listing(ISSUE, { page: "2" }).reply(200, [commentJson(comment(300, "/cancel", "maya"))]);
    permission("maya", "write");
    nock(API).post(`${R}/actions/runs/${RUN_ID}/cancel`).reply(202, {});
    const { clock, stopRun, watch } = setup();
    await clock.tick();
    await vi.waitFor(() => expect(stopRun).toHaveBeenCalledWith("/cancel by @maya in comment 300"), WAIT);
    await watch.stop();
  });

  it("stops cleanly: before any poll nothing is asked; a listing in flight is cut short, not retried", async () => {
    const idle = setup();
    await idle.watch.stop();
    expect(idle.clock.waiting).toBe(0);
    expect(gh.calls).toHaveLength(0);

    // A server that has not answered yet: the request ends only when its signal aborts (as fetch does).
    const hanging = contractFetch((_input, init) => {
      return new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () => reject(new DOMException("This operation was aborted", "AbortError")), { once: true });
      });
    });
    const busy = setup({ client: createGitHubClient({ token: TOKEN, fetch: hanging.fetch, retryAfterBaseMs: 1, paceWrites: false }) });
    await busy.clock.tick();
    await vi.waitFor(() => expect(hanging.calls).toHaveLength(1), WAIT);
    await busy.watch.stop();
    expect(busy.stopRun).not.toHaveBeenCalled();
    expect(busy.log.warning).not.toHaveBeenCalled();
    expect(busy.log.info).not.toHaveBeenCalled();
    expect(busy.clock.waiting).toBe(0);
    // Aborted, not retried.
    expect(hanging.calls.map((c) => `${c.method} ${new URL(c.url).pathname}`)).toEqual([`GET ${R}/issues/${ISSUE}/comments`]);
    expect(hanging.violations).toEqual([]);
  });

  it("a listing answered after stop (a server that ignored the abort) is not acted on", async () => {
    let answer: ((r: Response) => void) | undefined;
    const late = contractFetch(() => new Promise<Response>((resolve) => (answer = resolve)));
    const { clock, stopRun, log, watch } = setup({
      client: createGitHubClient({ token: TOKEN, fetch: late.fetch, retryAfterBaseMs: 1, paceWrites: false }),
    });
    await clock.tick();
    await vi.waitFor(() => expect(answer).toBeDefined(), WAIT);
    const stopping = watch.stop();
    answer?.(
      new Response(JSON.stringify([commentJson(comment(180, "/cancel", "maya"))]), { status: 200, headers: { "content-type": "application/json" } }),
    );
    await stopping;
    expect(stopRun).not.toHaveBeenCalled();
    expect(log.warning).not.toHaveBeenCalled();
    // No permission read, no cancel: only the listing went out.
    expect(late.calls).toHaveLength(1);
    expect(late.violations).toEqual([]);
  });

  it("with the real pause, stop leaves no timer behind (it returns at once, not after the interval)", async () => {
    const { watch } = setup({ sleep, intervalMs: 60_000 });
    const t0 = Date.now();
    await watch.stop();
    expect(Date.now() - t0).toBeLessThan(1_000);
  });
});
