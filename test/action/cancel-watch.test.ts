/**
 * A `/cancel` written while the session runs, with the production adapters over the stateful
 * fake GitHub (github-harness.ts): the run's cancel watcher sees it, asks GitHub to cancel its
 * own workflow run, and stops the run the way SIGINT does (attempt `interrupted`, work pushed);
 * the run woken for the command then applies it. The App's part (config, permission, 👀,
 * dispatch) is test/app; the whole on the stand-in is test/e2e/cancel-running.test.ts.
 */
import { existsSync } from "node:fs";
import { chmod } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { git, removeTempDirs, tempDir, waitFor } from "../loop/helpers.js";
import { useGitHubMocks } from "../support/github/http.js";
import { ISSUE, makeCheckout, OWNER, REPO } from "./harness.js";
import { fakeRepoFor, runReal } from "./github-harness.js";

/** The fake GitHub's clock starts here (fake-repo.ts); the runner's clock runs from the same instant. */
const FAKE_START = Date.parse("2026-03-02T09:00:00Z");

describe("foreman action: a /cancel while the session runs", () => {
  const gh = useGitHubMocks();
  afterEach(removeTempDirs);

  it("stops the run: its own workflow run cancelled, attempt 1 interrupted with its work pushed; the woken run ends the session cancelled", async () => {
    const work = await tempDir("action-cancel");
    await chmod(work, 0o777);
    const marker = path.join(work, "agent-started");
    const c = await makeCheckout({
      "1": [{ write: { path: "partial.txt", content: "half done\n" } }, { write: { path: marker, content: "{{pid}}" } }, { sleep: 60_000 }],
    });
    const fake = await fakeRepoFor(c);
    fake.permissions.set("maya", "write");
    const t0 = Date.now();
    const now = () => FAKE_START + (Date.now() - t0);
    const env = { FOREMAN_CANCEL_POLL_SECONDS: "1" };
    const running = runReal(gh, c, { reason: "label" }, { env, now });
    expect(await waitFor(() => existsSync(marker), 30_000)).toBe(true);
    const cancel = fake.addComment(ISSUE, "/cancel", { login: "maya", type: "User" });
    const r1 = await running;

    expect(r1.outputs).toMatchObject({ status: "interrupted", attempts: "1" });
    expect(fake.requests("POST", /\/actions\/runs\/\d+\/cancel$/).map((q) => q.path)).toEqual([`/repos/${OWNER}/${REPO}/actions/runs/9001/cancel`]);
    expect(r1.infos).toContain(`Cancelled (/cancel by @maya in comment ${cancel.id}): stopping the agent and saving the work in progress.`);
    expect(r1.warnings.filter((w) => w.includes("/cancel"))).toEqual([]);
    const interrupted = fake.sessionState(ISSUE);
    expect(interrupted?.attempts.map((a) => [a.n, a.outcome])).toEqual([[1, "interrupted"]]);
    // The command is left for the run woken for it: the watcher applies nothing.
    expect(interrupted?.lastCommandId).toBeLessThan(cancel.id);
    expect((await git(c.origin, "show", "refs/foreman/issue-42/attempt-1:partial.txt")).trim()).toBe("half done");
    // Only the listings, the permission read and the cancel: the watcher posts nothing.
    expect(fake.requests("GET", /\/collaborators\/maya\/permission$/)).toHaveLength(1);

    const r2 = await runReal(gh, c, { reason: "cancel" }, { env, now });
    expect(r2.failures).toEqual([]);
    expect(r2.outputs).toMatchObject({ status: "ended", reason: "cancelled", attempts: "1" });
    expect(fake.requests("POST", /\/actions\/runs\/\d+\/cancel$/)).toHaveLength(1);
  }, 90_000);
});
