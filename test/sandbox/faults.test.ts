import { RequestError } from "@octokit/request-error";
import { describe, expect, it } from "vitest";
import { loopbackFetch, SECONDARY_LIMIT_MESSAGE } from "../../src/sandbox/index.js";
import { caught } from "../support/caught.js";
import { NAME, OWNER, startSandbox, useSandboxes } from "./kit.js";

const R = { owner: OWNER, repo: NAME };

describe("faults on demand", () => {
  useSandboxes();

  it("every request a 502: Foreman's client retries, then fails with GitHub's 502; nothing was written", async () => {
    const box = await startSandbox({ faults: { serverErrorRate: 1 } });
    box.standIn.openIssue(box.repo, "maintainer", { title: "t" });
    const error = await caught(
      box
        .client(box.tokens.bot, { retries: 2 })
        .request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...R, issue_number: 1, body: "x" }),
    );
    expect(error).toBeInstanceOf(RequestError);
    expect(error instanceof RequestError && error.status).toBe(502);
    expect(box.standIn.calls.map((c) => [c.status, c.fault])).toEqual([
      [502, true],
      [502, true],
      [502, true],
    ]);
    expect(box.standIn.comments(box.repo, 1)).toEqual([]);
    expect(box.standIn.faults.injected.serverError).toBe(3);
  });

  it("429 with retry-after and secondary-limit 403s are waited out by the client; the answers carry GitHub's headers and message", async () => {
    const box = await startSandbox({ faults: { tooManyRequestsRate: 0.3, secondaryLimitRate: 0.3, seed: 7, retryAfterSeconds: 2 } });
    const bot = box.client(box.tokens.bot, { retries: 10 });
    box.standIn.openIssue(box.repo, "maintainer", { title: "t" });
    for (let i = 0; i < 6; i++)
      await bot.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...R, issue_number: 1, body: `c${i}` });
    expect(box.standIn.comments(box.repo, 1).map((c) => c["body"])).toEqual(["c0", "c1", "c2", "c3", "c4", "c5"]);
    expect(box.standIn.faults.injected.tooManyRequests).toBeGreaterThan(0);
    expect(box.standIn.faults.injected.secondaryLimit).toBeGreaterThan(0);
    box.standIn.setFaults({ tooManyRequestsRate: 1, retryAfterSeconds: 2 });
    const tooMany = await loopbackFetch(`${box.standIn.url}/repos/${OWNER}/${NAME}/issues/1`, {
      headers: { authorization: `token ${box.tokens.bot}` },
    });
    expect([tooMany.status, tooMany.headers.get("retry-after")]).toEqual([429, "2"]);
    box.standIn.setFaults({ secondaryLimitRate: 1, retryAfterSeconds: 3 });
    const secondary = await loopbackFetch(`${box.standIn.url}/repos/${OWNER}/${NAME}/issues/1`, {
      headers: { authorization: `token ${box.tokens.bot}` },
    });
    expect([secondary.status, secondary.headers.get("retry-after")]).toEqual([403, "3"]);
    expect(await secondary.json()).toMatchObject({ message: SECONDARY_LIMIT_MESSAGE });
  });

  it("are seeded: the same seed injects the same faults on the same requests; a 5 % rate leaves most requests alone", async () => {
    const pattern = async (seed: number) => {
      const box = await startSandbox({ faults: { serverErrorRate: 0.05, tooManyRequestsRate: 0.05, seed } });
      box.standIn.openIssue(box.repo, "maintainer", { title: "t" });
      const statuses: number[] = [];
      for (let i = 0; i < 60; i++) {
        const res = await loopbackFetch(`${box.standIn.url}/repos/${OWNER}/${NAME}/issues/1`, {
          headers: { authorization: `token ${box.tokens.bot}` },
        });
        statuses.push(res.status);
      }
      return statuses;
    };
    const a = await pattern(42);
    expect(await pattern(42)).toEqual(a);
    expect(await pattern(43)).not.toEqual(a);
    const faults = a.filter((s) => s !== 200).length;
    expect(faults).toBeGreaterThan(0);
    expect(faults).toBeLessThan(20);
    expect(a.filter((s) => ![200, 502, 429].includes(s))).toEqual([]);
  });
});
