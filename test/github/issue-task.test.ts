import nock from "nock";
import { describe, expect, it } from "vitest";
import { NotAnIssueError, readIssueTask } from "../../src/github/issue-task.js";
import { API, useGitHubMocks } from "../support/github/http.js";
import { issueJson, ISSUE, OWNER, REPO } from "../action/harness.js";

describe("readIssueTask", () => {
  const gh = useGitHubMocks();
  const repo = { owner: OWNER, repo: REPO };

  it("reads title, body and label names in one call", async () => {
    nock(API)
      .get(`/repos/${OWNER}/${REPO}/issues/${ISSUE}`)
      .reply(200, issueJson({ labels: ["foreman", "foreman:budget-large"], title: "Fix it", body: "Body text" }));
    const t = await readIssueTask(gh.client(), repo, ISSUE);
    expect(t).toEqual({
      task: { title: "Fix it", body: "Body text", issue: ISSUE },
      labels: ["foreman", "foreman:budget-large"],
      htmlUrl: `https://github.com/${OWNER}/${REPO}/issues/${ISSUE}`,
      state: "open",
    });
    expect(gh.countByEndpoint()).toEqual({ [`GET /repos/${OWNER}/${REPO}/issues/{n}`]: 1 });
  });

  it("an issue without a body gives an empty body", async () => {
    nock(API)
      .get(`/repos/${OWNER}/${REPO}/issues/${ISSUE}`)
      .reply(200, { ...issueJson(), body: null, state: "closed" });
    const t = await readIssueTask(gh.client(), repo, ISSUE);
    expect(t.task.body).toBe("");
    expect(t.state).toBe("closed");
  });

  it("refuses a pull request, naming it and the fix", async () => {
    nock(API)
      .get(`/repos/${OWNER}/${REPO}/issues/${ISSUE}`)
      .reply(200, {
        ...issueJson(),
        pull_request: { url: `${API}/repos/${OWNER}/${REPO}/pulls/${ISSUE}`, html_url: "https://github.com/x", diff_url: null, patch_url: null },
      });
    const error = await readIssueTask(gh.client(), repo, ISSUE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotAnIssueError);
    expect(error).toMatchObject({ issue: ISSUE, kind: "usage" });
  });
});
