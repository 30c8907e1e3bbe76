import nock from "nock";
import { describe, expect, it } from "vitest";
import { cancelRunsFor } from "../../src/github/dispatch.js";
import { API, useGitHubMocks } from "../support/github/http.js";

const R = "/repos/octo/app";

describe("cancelRunsFor", () => {
  const gh = useGitHubMocks();

  it("cancels every run of the issue that has not completed, queued ones included, with one listing", async () => {
    nock(API)
      .get(`${R}/actions/workflows/foreman.yml/runs`)
      .query({ per_page: "100" })
      .reply(200, {
        total_count: 5,
        workflow_runs: [
          { id: 1, display_title: "foreman #7 approve", status: "queued" },
          { id: 2, display_title: "foreman #7 label", status: "in_progress" },
          { id: 3, display_title: "foreman #7 label", status: "completed" },
          { id: 4, display_title: "foreman #8 label", status: "in_progress" },
          { id: 5, display_title: "foreman #7 retry", status: "pending" },
        ],
      })
      .post(`${R}/actions/runs/1/cancel`)
      .reply(202, {})
      .post(`${R}/actions/runs/2/cancel`)
      .reply(202, {})
      .post(`${R}/actions/runs/5/cancel`)
      .reply(202, {});
    expect(await cancelRunsFor(gh.client(), { owner: "octo", repo: "app" }, "foreman.yml", 7)).toBe(3);
  });
});
