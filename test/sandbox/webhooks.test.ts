import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { verify } from "@octokit/webhooks-methods";
import { afterEach, describe, expect, it } from "vitest";
import { signPayload } from "../../src/sandbox/index.js";
import { NAME, OWNER, startSandbox, useSandboxes } from "./kit.js";
import { checkWebhookPayload } from "./webhook-schema.js";

const SECRET = "webhook-secret-0123456789";

interface Received {
  headers: IncomingMessage["headers"];
  body: string;
}

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A receiver on 127.0.0.1 standing in for the App's webhook endpoint. */
async function receiver(status = 200): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`, received };
}

describe("webhook deliveries", () => {
  useSandboxes();

  it("are POSTed signed with X-Hub-Signature-256, with X-GitHub-Event and X-GitHub-Delivery, and match GitHub's payload schemas", async () => {
    const hook = await receiver();
    const box = await startSandbox({ webhook: { url: hook.url, secret: SECRET } });
    const issue = box.standIn.openIssue(box.repo, "maintainer", { title: "Fix it", body: "details" });
    box.standIn.addLabel(box.repo, issue, "foreman", "maintainer");
    box.standIn.addLabel(box.repo, issue, "foreman", "maintainer");
    const comment = box.standIn.comment(box.repo, issue, "maintainer", "/approve");
    box.standIn.editComment(box.repo, comment, "/approve please", "boss");
    box.standIn.closeIssue(box.repo, issue, "maintainer");
    await box.standIn.idle();
    const names = box.standIn.deliveries.map((d) => `${d.event}.${d.action ?? ""}`);
    expect(names).toEqual(["issues.opened", "issues.labeled", "issue_comment.created", "issue_comment.edited", "issues.closed"]);
    expect(hook.received).toHaveLength(5);
    for (const [i, got] of hook.received.entries()) {
      const delivery = box.standIn.deliveries[i];
      expect(got.headers["x-github-event"]).toBe(delivery?.event);
      expect(got.headers["x-github-delivery"]).toBe(delivery?.id);
      expect(got.headers["content-type"]).toBe("application/json");
      expect(await verify(SECRET, got.body, String(got.headers["x-hub-signature-256"]))).toBe(true);
      expect(await verify("another-secret", got.body, String(got.headers["x-hub-signature-256"]))).toBe(false);
      const payload: unknown = JSON.parse(got.body);
      expect(checkWebhookPayload(String(delivery?.event), delivery?.action, payload)).toEqual([]);
      expect(delivery?.status).toBe(200);
    }
    expect(JSON.parse(hook.received[1]?.body ?? "{}")).toMatchObject({
      action: "labeled",
      label: { name: "foreman" },
      issue: { number: issue },
      repository: { full_name: `${OWNER}/${NAME}` },
      sender: { login: "maintainer" },
      installation: { id: box.installationId },
    });
    expect(JSON.parse(hook.received[3]?.body ?? "{}")).toMatchObject({
      changes: { body: { from: "/approve" } },
      comment: { body: "/approve please" },
      sender: { login: "boss" },
    });
  });

  it("check_run.requested_action, workflow_run.completed and pull_request.closed match GitHub's payload schemas too", async () => {
    const box = await startSandbox({ runner: { queued: () => {} } });
    const bot = box.client(box.tokens.bot);
    const R = { owner: OWNER, repo: NAME };
    const { data: main } = await bot.request("GET /repos/{owner}/{repo}/git/ref/{ref}", { ...R, ref: "heads/main" });
    const run = await bot.request("POST /repos/{owner}/{repo}/check-runs", {
      ...R,
      name: "Foreman",
      head_sha: main.object.sha,
      actions: [{ label: "Approve", description: "Approve", identifier: "approve" }],
    });
    box.standIn.clickCheckRunButton(box.repo, Number(run.data.id), "approve", "maintainer");
    const dispatched = await bot.request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
      ...R,
      workflow_id: "foreman.yml",
      ref: "main",
      inputs: { issue: "1" },
      return_run_details: true,
    });
    const data: unknown = dispatched.data;
    const runId = Number(typeof data === "object" && data !== null ? Reflect.get(data, "workflow_run_id") : Number.NaN);
    box.standIn.startRun(box.repo, runId);
    box.standIn.finishRun(box.repo, runId, "failure");
    await box.standIn.commit(box.repo, { "x.txt": "x" }, "work", "feature");
    const pr = await bot.request("POST /repos/{owner}/{repo}/pulls", { ...R, title: "t", head: "feature", base: "main" });
    await bot.request("PATCH /repos/{owner}/{repo}/pulls/{pull_number}", { ...R, pull_number: pr.data.number, state: "closed" });
    const problems = box.standIn.deliveries.flatMap((d) => checkWebhookPayload(d.event, d.action, d.payload));
    expect(box.standIn.deliveries.map((d) => `${d.event}.${d.action ?? ""}`)).toEqual([
      "check_run.requested_action",
      "workflow_run.in_progress",
      "workflow_run.completed",
      "pull_request.opened",
      "pull_request.closed",
    ]);
    expect(problems).toEqual([]);
  });

  it("duplicated on demand: the same delivery id twice; an unreachable receiver is recorded, not thrown", async () => {
    const hook = await receiver(202);
    const box = await startSandbox({ webhook: { url: hook.url, secret: SECRET }, faults: { duplicateWebhooks: true } });
    const issue = box.standIn.openIssue(box.repo, "maintainer", { title: "t" });
    await box.standIn.idle();
    expect(hook.received.map((r) => r.headers["x-github-delivery"])).toEqual([box.standIn.deliveries[0]?.id, box.standIn.deliveries[0]?.id]);
    expect(box.standIn.deliveries.map((d) => d.status)).toEqual([202, 202]);
    box.standIn.setFaults({});
    box.standIn.setWebhook({ url: "http://127.0.0.1:1/nothing", secret: SECRET });
    box.standIn.comment(box.repo, issue, "maintainer", "hello");
    await box.standIn.idle();
    expect(box.standIn.deliveries.at(-1)?.status).toBeUndefined();
    expect(box.standIn.deliveries.at(-1)?.error).toBeTruthy();
  });

  it("signPayload is GitHub's sha256= HMAC of the exact body", async () => {
    const body = JSON.stringify({ zen: "Keep it logically awesome." });
    expect(signPayload(SECRET, body)).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(await verify(SECRET, body, signPayload(SECRET, body))).toBe(true);
    expect(await verify(SECRET, `${body} `, signPayload(SECRET, body))).toBe(false);
  });
});
