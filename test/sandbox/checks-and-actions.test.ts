import { RequestError } from "@octokit/request-error";
import { describe, expect, it } from "vitest";
import type { QueuedRun } from "../../src/sandbox/index.js";
import { caught } from "../support/caught.js";
import { APP_ID, NAME, OWNER, startSandbox, useSandboxes } from "./kit.js";

const R = { owner: OWNER, repo: NAME };

async function requestError(p: Promise<unknown>): Promise<RequestError> {
  const error = await caught(p);
  if (!(error instanceof RequestError)) throw new Error(`expected a RequestError, got ${String(error)}`);
  return error;
}

const BUTTON = { label: "Approve", description: "Approve this SHA", identifier: "approve" };

describe("check runs on the stand-in", () => {
  useSandboxes();

  it("create on a real commit, update to completed, list for a SHA or a branch (latest per name)", async () => {
    const box = await startSandbox();
    const bot = box.client(box.tokens.bot);
    const { data: main } = await bot.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { ...R, ref: "heads/main" });
    const sha = main.object.sha;
    const created = await bot.request("POST /repos/{owner}/{repo}/check-runs", {
      ...R,
      name: "Foreman",
      head_sha: sha,
      status: "in_progress",
      external_id: "issue-7",
      output: { title: "Running", summary: "attempt 1" },
      actions: [BUTTON],
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      name: "Foreman",
      head_sha: sha,
      status: "in_progress",
      conclusion: null,
      external_id: "issue-7",
      app: { id: APP_ID },
    });
    const done = await bot.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
      ...R,
      check_run_id: created.data.id,
      conclusion: "success",
      output: { title: "Done", summary: "ok" },
    });
    expect(done.data).toMatchObject({ status: "completed", conclusion: "success", output: { title: "Done", summary: "ok" } });
    expect(done.data.completed_at).not.toBeNull();
    await bot.request("POST /repos/{owner}/{repo}/check-runs", { ...R, name: "Foreman", head_sha: sha });
    const bySha = await bot.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", { ...R, ref: sha, check_name: "Foreman" });
    expect(bySha.data.total_count).toBe(1);
    expect(bySha.data.check_runs[0]?.id).toBeGreaterThan(created.data.id);
    const all = await bot.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", { ...R, ref: "main", filter: "all" });
    expect(all.data.total_count).toBe(2);
    const other = await bot.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", { ...R, ref: sha, check_name: "CI" });
    expect(other.data).toEqual({ total_count: 0, check_runs: [] });
  });

  it("GitHub's limits: at most 3 buttons; label ≤ 20, description ≤ 40, identifier ≤ 20 characters; a real head SHA; Apps only", async () => {
    const box = await startSandbox();
    const bot = box.client(box.tokens.bot);
    const { data: main } = await bot.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { ...R, ref: "heads/main" });
    const base = { ...R, name: "Foreman", head_sha: main.object.sha };
    const at = (n: number) => "x".repeat(n);
    // Requests at the limits pass the request contract; over them GitHub's own schema refuses
    // some before the server does, so those are sent around the contract check.
    expect(
      (
        await bot.request("POST /repos/{owner}/{repo}/check-runs", {
          ...base,
          actions: [BUTTON, BUTTON, { label: at(20), description: at(40), identifier: at(20) }],
        })
      ).status,
    ).toBe(201);
    const raw = (body: unknown) =>
      fetchStatus(box.standIn.url, box.tokens.bot, "POST", `/repos/${OWNER}/${NAME}/check-runs`, {
        name: "Foreman",
        head_sha: main.object.sha,
        ...(body as object),
      });
    expect(await raw({ actions: [BUTTON, BUTTON, BUTTON, BUTTON] })).toBe(422);
    expect(await raw({ actions: [{ ...BUTTON, label: at(21) }] })).toBe(422);
    expect(await raw({ actions: [{ ...BUTTON, description: at(41) }] })).toBe(422);
    expect(await raw({ actions: [{ ...BUTTON, identifier: at(21) }] })).toBe(422);
    expect(await raw({ output: { title: "t", summary: at(65_536) } })).toBe(422);
    expect(await raw({ status: "completed" })).toBe(422);
    box.allowUndocumented(422, "POST", "/check-runs");
    const noCommit = await requestError(bot.request("POST /repos/{owner}/{repo}/check-runs", { ...base, head_sha: "0".repeat(40) }));
    expect(noCommit.status).toBe(422);
    const person = await requestError(box.client(box.tokens.admin).request("POST /repos/{owner}/{repo}/check-runs", base));
    expect(person.status).toBe(403);
  });

  it("a button click is a check_run.requested_action delivery; an unknown button is refused", async () => {
    const box = await startSandbox();
    const bot = box.client(box.tokens.bot);
    const { data: main } = await bot.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { ...R, ref: "heads/main" });
    const run = await bot.request("POST /repos/{owner}/{repo}/check-runs", { ...R, name: "Foreman", head_sha: main.object.sha, actions: [BUTTON] });
    box.standIn.clickCheckRunButton(box.repo, Number(run.data.id), "approve", "maintainer");
    const delivery = box.standIn.deliveries.at(-1);
    expect(delivery).toMatchObject({
      event: "check_run",
      action: "requested_action",
      payload: { requested_action: { identifier: "approve" }, sender: { login: "maintainer" } },
    });
    expect(() => box.standIn.clickCheckRunButton(box.repo, Number(run.data.id), "reject", "maintainer")).toThrow(/no button 'reject'/);
  });
});

async function fetchStatus(base: string, token: string, method: string, path: string, body: unknown): Promise<number> {
  const { loopbackFetch } = await import("../../src/sandbox/index.js");
  const res = await loopbackFetch(`${base}${path}`, { method, headers: { authorization: `token ${token}` }, body: JSON.stringify(body) });
  return res.status;
}

describe("Actions on the stand-in: dispatch, runs, cancel", () => {
  useSandboxes();

  it("a dispatch with return_run_details answers 200 with the run id, hands the run to the runner, titles it by run-name", async () => {
    const queued: QueuedRun[] = [];
    const box = await startSandbox({ runner: { queued: (run) => queued.push(run) } });
    const bot = box.client(box.tokens.bot);
    const res = await bot.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
      ...R,
      workflow_id: "foreman.yml",
      ref: "main",
      inputs: { issue: "7", reason: "label" },
      return_run_details: true,
    });
    expect(res.status).toBe(200);
    const data: unknown = res.data;
    const runId = typeof data === "object" && data !== null ? Reflect.get(data, "workflow_run_id") : undefined;
    expect(queued).toEqual([
      expect.objectContaining({
        runId,
        workflowFile: "foreman.yml",
        ref: "main",
        inputs: { issue: "7", reason: "label" },
        displayTitle: "foreman #7 label",
        actor: "foreman-app[bot]",
      }),
    ]);
    expect(queued[0]?.headSha).toMatch(/^[0-9a-f]{40}$/);
    const plain = await bot.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
      ...R,
      workflow_id: "foreman.yml",
      ref: "main",
      inputs: { issue: "8" },
    });
    expect(plain.status).toBe(204);
    const runs = await bot.request("GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", {
      ...R,
      workflow_id: "foreman.yml",
      status: "queued",
    });
    expect(runs.data.workflow_runs.map((r) => r.display_title)).toEqual(["foreman #8 ", "foreman #7 label"]);
    const everything = await bot.request("GET /repos/{owner}/{repo}/actions/runs", { ...R, per_page: 100 });
    expect(everything.data.total_count).toBe(2);
  });

  it("a missing workflow is 404, undeclared inputs and a workflow without workflow_dispatch are 422, a missing branch is 422", async () => {
    const box = await startSandbox({}, { ".github/workflows/ci.yml": "name: ci\non: [push]\njobs: {}\n" });
    const bot = box.client(box.tokens.bot);
    // GitHub answers these (dispatch.ts depends on them) though its description lists only 200 and 204.
    box.allowUndocumented(404, "POST", "/missing.yml/dispatches");
    box.allowUndocumented(422, "POST", "/dispatches");
    const dispatch = (workflow_id: string, ref: string, inputs: Record<string, string>) =>
      requestError(bot.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", { ...R, workflow_id, ref, inputs }));
    expect((await dispatch("missing.yml", "main", {})).status).toBe(404);
    expect((await dispatch("ci.yml", "main", {})).status).toBe(422);
    expect((await dispatch("foreman.yml", "main", { issue: "1", colour: "red" })).status).toBe(422);
    expect((await dispatch("foreman.yml", "nope", { issue: "1" })).status).toBe(422);
    expect(
      (
        await requestError(
          box
            .client(box.tokens.reader)
            .request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", { ...R, workflow_id: "foreman.yml", ref: "main" }),
        )
      ).status,
    ).toBe(403);
  });

  it("cancel: 202 and the runner is told; without a runner the run ends cancelled and workflow_run.completed is sent; 409 once completed", async () => {
    const cancelled: number[] = [];
    const box = await startSandbox({ runner: { queued: () => {}, cancel: (run) => cancelled.push(run.runId) } });
    const bot = box.client(box.tokens.bot);
    await bot.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
      ...R,
      workflow_id: "foreman.yml",
      ref: "main",
      inputs: { issue: "3" },
    });
    const [run] = (await bot.request("GET /repos/{owner}/{repo}/actions/runs", { ...R })).data.workflow_runs;
    if (run === undefined) throw new Error("no run");
    box.standIn.startRun(box.repo, Number(run.id));
    expect((await bot.request("POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel", { ...R, run_id: Number(run.id) })).status).toBe(202);
    expect(cancelled).toEqual([Number(run.id)]);
    box.standIn.finishRun(box.repo, Number(run.id), "cancelled");
    const completed = box.standIn.deliveries.filter((d) => d.event === "workflow_run" && d.action === "completed");
    expect(completed).toHaveLength(1);
    expect(completed[0]?.payload).toMatchObject({
      workflow_run: { id: run.id, status: "completed", conclusion: "cancelled", display_title: "foreman #3 " },
    });
    expect(
      (await requestError(bot.request("POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel", { ...R, run_id: Number(run.id) }))).status,
    ).toBe(409);

    box.standIn.setRunner(undefined);
    await bot.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
      ...R,
      workflow_id: "foreman.yml",
      ref: "main",
      inputs: { issue: "4" },
    });
    const [second] = (await bot.request("GET /repos/{owner}/{repo}/actions/runs", { ...R, status: "queued" })).data.workflow_runs;
    if (second === undefined) throw new Error("no second run");
    await bot.request("POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel", { ...R, run_id: Number(second.id) });
    const after = await bot.request("GET /repos/{owner}/{repo}/actions/runs/{run_id}", { ...R, run_id: Number(second.id) });
    expect(after.data).toMatchObject({ status: "completed", conclusion: "cancelled" });
  });
});
