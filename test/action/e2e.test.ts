/**
 * The Action end to end with the real `src/github` adapters over a stateful fake GitHub
 * (issue 8's "Tests" scenarios): every request contract-checked, every write's body asserted
 * through the fake's state, a real checkout with a bare `origin`.
 */
import { decodeStateComment } from "../../src/core/state-codec.js";
import { afterEach, describe, expect, it } from "vitest";
import { git, removeTempDirs } from "../loop/helpers.js";
import { useGitHubMocks } from "../support/github/http.js";
import { BOT_LOGIN } from "../support/github/fake-repo.js";
import { ISSUE, makeCheckout, OWNER, REPO } from "./harness.js";
import { fakeRepoFor, runReal } from "./github-harness.js";

const TWO_TRIES = {
  "1": [{ write: { path: "value.txt", content: "bad\n" } }, { result: { costUsd: 0.1, summary: "first try" } }],
  "2": [{ write: { path: "value.txt", content: "good\n" } }, { result: { costUsd: 0.2, summary: "fixed it" } }],
};

describe("foreman action end to end (real adapters)", () => {
  const gh = useGitHubMocks();
  afterEach(removeTempDirs);

  it("a fresh session succeeds at attempt 2: one session comment, reserve + settle, refs pushed, one draft PR, green check run", async () => {
    const c = await makeCheckout(TWO_TRIES);
    const fake = await fakeRepoFor(c);
    const r = await runReal(gh, c, { reason: "label" });

    if (r.failures.length > 0) console.log(r.summaries[0], r.warnings, JSON.stringify(fake.sessionState(ISSUE)?.attempts, null, 1));
    expect(r.failures).toEqual([]);
    expect(r.outputs).toMatchObject({ status: "ended", reason: "succeeded", attempts: "2", "cost-usd": "0.3000", "pr-number": "17" });
    const state = fake.sessionState(ISSUE);
    expect(state?.attempts.map((a) => a.outcome)).toEqual(["gates_failed", "passed"]);
    for (const q of fake.log) {
      const body = (q.body as { body?: string } | undefined)?.body ?? "";
      let what = "";
      if (body.includes("foreman:state")) { const s = decodeStateComment(body); what = `state v${s.version} ${s.status} ${s.reason ?? ""} rep=${s.reportedAt ?? ""} cr=${s.checkRunId ?? ""} pr=${s.pullRequest ?? ""}`; }
      else if (body.includes("foreman:ledger")) what = "ledger";
      else if (body.includes("daily-ledger")) what = "daily";
      console.log(q.method, q.path, q.status, what);
    }
    void git;
    void OWNER;
    void REPO;
    void BOT_LOGIN;
  }, 60_000);
});
