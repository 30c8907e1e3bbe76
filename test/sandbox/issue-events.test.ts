/**
 * The stand-in's issue events (labels added and removed, at creation too), checked against
 * GitHub's description both ways: what a run reads to know when the trigger label was added
 * (src/github/trigger-time.ts), from the last page back.
 */
import { describe, expect, it } from "vitest";
import { lastLabeledAt } from "../../src/github/trigger-time.js";
import { NAME, OWNER, startSandbox, useSandboxes } from "./kit.js";

const R = { owner: OWNER, repo: NAME };

describe("the stand-in's issue events", () => {
  useSandboxes();

  it("labels given at creation, added, removed and set are events, oldest first, with the actor and GitHub's shape", async () => {
    const box = await startSandbox();
    const gh = box.client(box.tokens.maintainer);
    await gh.request("POST /repos/{owner}/{repo}/issues", { ...R, title: "t", labels: ["bug"] });
    await gh.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", { ...R, issue_number: 1, labels: ["foreman"] });
    await gh.request("DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", { ...R, issue_number: 1, name: "bug" });
    await gh.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...R, issue_number: 1, labels: ["docs"] });
    box.standIn.addLabel(box.repo, 1, "foreman", "boss");

    const { data } = await gh.request("GET /repos/{owner}/{repo}/issues/{issue_number}/events", { ...R, issue_number: 1 });
    expect(data.map((e) => ["label" in e ? e.label.name : undefined, e.event, e.actor?.login])).toEqual([
      ["bug", "labeled", "maintainer"],
      ["foreman", "labeled", "maintainer"],
      ["bug", "unlabeled", "maintainer"],
      ["foreman", "unlabeled", "maintainer"],
      ["docs", "labeled", "maintainer"],
      ["foreman", "labeled", "boss"],
    ]);
    expect(data.map((e) => e.id)).toEqual([...data.map((e) => e.id)].sort((a, b) => a - b));
  });

  it('paged with rel="last": the trigger label\'s time is read from the last page, the pages between skipped', async () => {
    const box = await startSandbox();
    const gh = box.client(box.tokens.maintainer);
    await gh.request("POST /repos/{owner}/{repo}/issues", { ...R, title: "busy" });
    for (let k = 0; k < 210; k++) box.standIn.addLabel(box.repo, 1, `triage-${k}`, "maintainer");
    box.standIn.addLabel(box.repo, 1, "foreman", "maintainer");
    const before = box.checked.calls.length;

    const at = await lastLabeledAt(box.client(box.tokens.bot), R, 1, "foreman");
    const { data } = await gh.request("GET /repos/{owner}/{repo}/issues/{issue_number}/events", { ...R, issue_number: 1, per_page: 100, page: 3 });
    const last = data.at(-1)!;
    expect("label" in last && last.label.name).toBe("foreman");
    expect(at).toBe(Date.parse(last.created_at));
    const pages = box.checked.calls.slice(before, -1).map((c) => new URL(c.url).searchParams.get("page") ?? "1");
    expect(pages).toEqual(["1", "3"]);
  });
});
