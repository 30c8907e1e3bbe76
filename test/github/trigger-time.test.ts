/**
 * `lastLabeledAt` over the stateful fake repository (its events listing: ascending, 100 a page,
 * `Link` with `rel="last"`), every request contract-checked: the newest `labeled` event of the
 * label, read from the last page back, never every page.
 */
import nock from "nock";
import { describe, expect, it } from "vitest";
import { lastLabeledAt } from "../../src/github/trigger-time.js";
import { FakeRepo } from "../support/github/fake-repo.js";
import { serveWithNock } from "../support/github/fake-repo-nock.js";
import { API, useGitHubMocks } from "../support/github/http.js";

const OWNER = "octo-org";
const REPO = "widgets";
const ISSUE = 42;
const repo = { owner: OWNER, repo: REPO };
const EVENTS = `/repos/${OWNER}/${REPO}/issues/${ISSUE}/events`;

function fakeWithIssue(): FakeRepo {
  const fake = new FakeRepo(OWNER, REPO);
  fake.addIssue({ number: ISSUE, labels: [] });
  serveWithNock(fake);
  return fake;
}

/** The pages the listings asked for, in order. */
function pagesRead(fake: FakeRepo): number[] {
  return fake.requests("GET", new RegExp(`${EVENTS}$`)).map((r) => Number(r.query["page"] ?? 1));
}

describe("lastLabeledAt", () => {
  const gh = useGitHubMocks();

  it("one page: the newest labeled event of the label (added, removed, added again), matched without case; other labels are not it", async () => {
    const fake = fakeWithIssue();
    fake.labelIssue(ISSUE, "foreman");
    fake.unlabelIssue(ISSUE, "foreman");
    const again = fake.labelIssue(ISSUE, "Foreman");
    fake.labelIssue(ISSUE, "bug");
    expect(await lastLabeledAt(gh.client(), repo, ISSUE, "foreman")).toBe(Date.parse(again.created_at));
    expect(pagesRead(fake)).toEqual([1]);
    expect(fake.requests("GET", new RegExp(`${EVENTS}$`))[0]?.query).toEqual({ per_page: "100" });
  });

  it("many pages: the first names the last, which holds the label's event; the pages between are never read", async () => {
    const fake = fakeWithIssue();
    fake.addOtherLabels(ISSUE, 250);
    const labeled = fake.labelIssue(ISSUE, "foreman");
    expect(await lastLabeledAt(gh.client(), repo, ISSUE, "foreman")).toBe(Date.parse(labeled.created_at));
    expect(pagesRead(fake)).toEqual([1, 3]);
  });

  it("the label's event before the last page: read backwards until found, the first page not twice", async () => {
    const fake = fakeWithIssue();
    fake.addOtherLabels(ISSUE, 50);
    const labeled = fake.labelIssue(ISSUE, "foreman");
    fake.addOtherLabels(ISSUE, 200);
    expect(await lastLabeledAt(gh.client(), repo, ISSUE, "foreman")).toBe(Date.parse(labeled.created_at));
    expect(pagesRead(fake)).toEqual([1, 3, 2]);
  });

  it("no labeled event of the label (a manual dispatch): undefined, every page read once", async () => {
    const fake = fakeWithIssue();
    fake.addOtherLabels(ISSUE, 150);
    expect(await lastLabeledAt(gh.client(), repo, ISSUE, "foreman")).toBeUndefined();
    expect(pagesRead(fake)).toEqual([1, 2]);
  });

  it('pages without a rel="last" link are read forward, all of them', async () => {
    const event = (id: number, label: string, at: string) => ({
      id,
      node_id: `LE_${id}`,
      url: `${API}/repos/${OWNER}/${REPO}/issues/events/${id}`,
      actor: { login: "maintainer", id: 101, node_id: "U_1", type: "User", site_admin: false },
      event: "labeled",
      commit_id: null,
      commit_url: null,
      created_at: at,
      performed_via_github_app: null,
      label: { name: label, color: "ededed" },
    });
    nock(API)
      .get(EVENTS)
      .query({ per_page: "100" })
      .reply(200, [event(1, "foreman", "2026-03-02T09:00:01Z")], { link: `<${API}${EVENTS}?per_page=100&page=2>; rel="next"` });
    nock(API)
      .get(EVENTS)
      .query({ per_page: "100", page: "2" })
      .reply(200, [event(2, "foreman", "2026-03-02T09:00:05Z"), event(3, "bug", "2026-03-02T09:00:06Z")]);
    expect(await lastLabeledAt(gh.client(), repo, ISSUE, "foreman")).toBe(Date.parse("2026-03-02T09:00:05Z"));
  });
});
