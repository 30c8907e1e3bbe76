/**
 * The whole webhook loop with a real Probot server: the stand-in delivers a signed
 * `issues.labeled` over HTTP to Probot's Node middleware, Probot verifies it, authenticates
 * as the App (JWT verified by the stand-in, installation token minted by it) and reacts on the
 * issue through the stand-in's REST API. Proof the App can run on the stand-in unchanged.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeMiddleware, Probot, ProbotOctokit } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { APP_ID, BOT, appKeys, startSandbox, useSandboxes } from "./kit.js";

const SECRET = "probot-webhook-secret-0123456789";
const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

describe("a real Probot App on the stand-in", () => {
  useSandboxes();

  it("receives a signed delivery, mints an installation token and reacts through the REST API; a bad signature is refused", async () => {
    const box = await startSandbox();
    const labelled: string[] = [];
    const probot = new Probot({
      appId: APP_ID,
      privateKey: appKeys().privateKey,
      secret: SECRET,
      baseUrl: box.standIn.url,
      Octokit: ProbotOctokit.defaults((o: object) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } })),
      // Every request Probot sends and every answer it gets is checked against GitHub's description.
      request: { fetch: box.checked.fetch },
      logLevel: "fatal",
    });
    const middleware = await createNodeMiddleware(
      (app) => {
        app.on("issues.labeled", async (context) => {
          labelled.push(context.payload.label?.name ?? "");
          await context.octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/reactions", { ...context.issue(), content: "eyes" });
        });
      },
      { probot, webhooksPath: "/api/github/webhooks" },
    );
    const server = createServer((req, res) => {
      void middleware(req, res, () => res.writeHead(404).end());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    servers.push(server);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
    box.standIn.setWebhook({ url, secret: SECRET });
    const issue = box.standIn.openIssue(box.repo, "maintainer", { title: "Fix it" });
    box.standIn.addLabel(box.repo, issue, "foreman", "maintainer");
    await box.standIn.idle();
    expect(box.standIn.deliveries.map((d) => d.status)).toEqual([200, 200]);
    expect(labelled).toEqual(["foreman"]);
    expect(box.standIn.reactions(box.repo, { issue })).toEqual([{ user: BOT, content: "eyes" }]);
    expect(box.standIn.calls.map((c) => `${c.method} ${c.route} ${c.status}`)).toEqual([
      "POST /app/installations/{installation_id}/access_tokens 201",
      "POST /repos/{owner}/{repo}/issues/{issue_number}/reactions 201",
    ]);
    box.standIn.setWebhook({ url, secret: "not-the-app's-secret" });
    box.standIn.comment(box.repo, issue, "maintainer", "/status");
    await box.standIn.idle();
    expect(box.standIn.deliveries.at(-1)?.status).toBeGreaterThanOrEqual(400);
  });
});
