import { createSign, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyAppJwt, identify, type IssuedToken } from "../../src/sandbox/auth.js";
import { Faults, seededRandom } from "../../src/sandbox/faults.js";
import { GitHubHttpError } from "../../src/sandbox/http-error.js";
import { Router, type RouteRequest } from "../../src/sandbox/router.js";
import { readWorkflow, renderRunName } from "../../src/sandbox/routes/actions.js";
import { paginate } from "../../src/sandbox/routes/input.js";
import { checkActions } from "../../src/sandbox/routes/limits.js";
import { World } from "../../src/sandbox/world.js";
import { caught } from "../support/caught.js";
import { WORKFLOW } from "./kit.js";

const ok = () => ({ status: 200 });

describe("Router", () => {
  const router = new Router()
    .add("GET", "/repos/{owner}/{repo}/issues/{issue_number}", ok)
    .add("GET", "/repos/{owner}/{repo}/issues/comments", ok)
    .add("GET", "/repos/{owner}/{repo}/git/ref/{ref+}", ok)
    .add("POST", "/repos/{owner}/{repo}/issues", ok);

  it("matches method and template, decodes parameters, and prefers literal segments", () => {
    expect(router.match("GET", "/repos/o/r/issues/12")).toMatchObject({
      template: "/repos/{owner}/{repo}/issues/{issue_number}",
      params: { owner: "o", repo: "r", issue_number: "12" },
    });
    expect(router.match("GET", "/repos/o/r/issues/comments")?.template).toBe("/repos/{owner}/{repo}/issues/comments");
    expect(router.match("GET", "/repos/o/r/git/ref/heads/feature/x")?.params).toEqual({ owner: "o", repo: "r", ref: "heads/feature/x" });
    expect(router.match("GET", "/repos/o/r/git/ref/heads%2Fmain")?.params["ref"]).toBe("heads/main");
    expect(router.match("GET", "/repos/o/r/issues/1/extra")).toBeUndefined();
    expect(router.match("DELETE", "/repos/o/r/issues")).toBeUndefined();
    expect(router.match("POST", "/repos/o/r/issues")?.auth).toBe("token");
  });
});

describe("workflow files", () => {
  it("the shipped workflow: run-name, dispatchable, its inputs", () => {
    expect(readWorkflow(WORKFLOW)).toEqual({
      runName: "foreman #${{ inputs.issue }} ${{ inputs.reason }}",
      dispatchable: true,
      inputs: ["issue", "reason", "mode"],
    });
  });

  it("other shapes of `on`, and files that are not workflows", () => {
    expect(readWorkflow("on: workflow_dispatch\n")).toEqual({ runName: undefined, dispatchable: true, inputs: [] });
    expect(readWorkflow("on: [push, workflow_dispatch]\n").dispatchable).toBe(true);
    expect(readWorkflow("on:\n  push: {}\n").dispatchable).toBe(false);
    expect(readWorkflow(": : :\n  - [").dispatchable).toBe(false);
    expect(readWorkflow("just text").dispatchable).toBe(false);
  });

  it("renderRunName substitutes inputs (both spellings); no run-name is the workflow's name", () => {
    expect(renderRunName("foreman #${{ inputs.issue }} ${{github.event.inputs.reason}}", "foreman.yml", { issue: "7", reason: "label" })).toBe(
      "foreman #7 label",
    );
    expect(renderRunName("x ${{ inputs.missing }}!", "f", {})).toBe("x !");
    expect(renderRunName(undefined, "foreman.yml", { issue: "7" })).toBe("foreman.yml");
  });
});

describe("seeded faults", () => {
  it("seededRandom repeats per seed and stays in [0, 1)", () => {
    const a = seededRandom(5);
    const b = seededRandom(5);
    const xs = Array.from({ length: 200 }, () => a());
    expect(Array.from({ length: 200 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBe(200);
  });

  it("rates are honoured roughly, by kind, with retry-after on 429 and 403", () => {
    const faults = new Faults({ seed: 3, serverErrorRate: 0.1, tooManyRequestsRate: 0.1, secondaryLimitRate: 0.1, retryAfterSeconds: 4 });
    const drawn = Array.from({ length: 2000 }, () => faults.draw());
    const byStatus = (s: number) => drawn.filter((d) => d?.status === s);
    for (const s of [502, 429, 403]) expect(byStatus(s).length).toBeGreaterThan(120);
    for (const s of [502, 429, 403]) expect(byStatus(s).length).toBeLessThan(280);
    expect(byStatus(429)[0]?.headers["retry-after"]).toBe("4");
    expect(byStatus(403)[0]?.headers["retry-after"]).toBe("4");
    expect(faults.injected).toEqual({
      serverError: byStatus(502).length,
      tooManyRequests: byStatus(429).length,
      secondaryLimit: byStatus(403).length,
    });
    expect(new Faults().draw()).toBeUndefined();
  });
});

describe("App JWTs", () => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const world = new World(() => 0, "http://127.0.0.1:1");
  world.apps.set(9, { id: 9, slug: "a", name: "a", owner: "o", publicKey });
  const now = 1_800_000_000_000;
  const jwt = (claims: Record<string, unknown>, alg = "RS256") => {
    const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    const data = `${part({ alg, typ: "JWT" })}.${part(claims)}`;
    return `${data}.${createSign("RSA-SHA256").update(data).sign(privateKey).toString("base64url")}`;
  };
  const t = now / 1000;
  const status401 = (f: () => unknown) => {
    try {
      f();
    } catch (error) {
      return error instanceof GitHubHttpError ? error.status : -1;
    }
    return 0;
  };

  it("accepts a JWT of a registered App within GitHub's 10-minute window", () => {
    expect(verifyAppJwt(world, jwt({ iss: 9, iat: t - 30, exp: t + 540 }), now)).toEqual({ kind: "app", appId: 9 });
    expect(verifyAppJwt(world, jwt({ iss: "9", iat: t - 60, exp: t + 540 }), now)).toEqual({ kind: "app", appId: 9 });
  });

  it("refuses (401) an unknown App, another algorithm, expiry past or over 10 minutes away, iat in the future, a bad signature, garbage", () => {
    expect(status401(() => verifyAppJwt(world, jwt({ iss: 10, iat: t, exp: t + 60 }), now))).toBe(401);
    expect(status401(() => verifyAppJwt(world, jwt({ iss: 9, iat: t, exp: t + 60 }, "HS256"), now))).toBe(401);
    expect(status401(() => verifyAppJwt(world, jwt({ iss: 9, iat: t - 700, exp: t - 1 }), now))).toBe(401);
    expect(status401(() => verifyAppJwt(world, jwt({ iss: 9, iat: t, exp: t + 601 }), now))).toBe(401);
    expect(status401(() => verifyAppJwt(world, jwt({ iss: 9, iat: t + 61, exp: t + 300 }), now))).toBe(401);
    const good = jwt({ iss: 9, iat: t, exp: t + 60 });
    expect(status401(() => verifyAppJwt(world, `${good.slice(0, -4)}AAAA`, now))).toBe(401);
    expect(status401(() => verifyAppJwt(world, "ey.not.jwt", now))).toBe(401);
  });

  it("identify: no header is anonymous; unknown and expired tokens are 401; a malformed header is 401", () => {
    const tokens = new Map<string, IssuedToken>([
      ["ghp_live", { identity: { kind: "user", login: "u" } }],
      ["ghs_old", { identity: { kind: "user", login: "u" }, expiresAt: -1 }],
    ]);
    expect(identify(world, tokens, undefined, () => now)).toEqual({ kind: "anonymous" });
    expect(identify(world, tokens, "token ghp_live", () => now)).toEqual({ kind: "user", login: "u" });
    expect(identify(world, tokens, "Bearer ghp_live", () => now)).toEqual({ kind: "user", login: "u" });
    expect(status401(() => identify(world, tokens, "token ghs_old", () => now))).toBe(401);
    expect(status401(() => identify(world, tokens, "token nope", () => now))).toBe(401);
    expect(status401(() => identify(world, tokens, "Basic a b", () => now))).toBe(401);
  });
});

describe("pagination and limits", () => {
  const req = (query: string): RouteRequest => ({
    params: {},
    query: new URLSearchParams(query),
    body: undefined,
    headers: {},
    caller: { kind: "anonymous" },
    world: new World(() => 0, ""),
  });

  it("paginate: pages of per_page (≤ 100) with next/last and first/prev links", () => {
    const items = Array.from({ length: 250 }, (_, i) => i);
    const first = paginate(req("per_page=100"), "http://x/list", items);
    expect(first.items).toHaveLength(100);
    expect(first.headers["link"]).toBe('<http://x/list?per_page=100&page=2>; rel="next", <http://x/list?per_page=100&page=3>; rel="last"');
    const last = paginate(req("per_page=100&page=3"), "http://x/list", items);
    expect(last.items).toEqual(items.slice(200));
    expect(last.headers["link"]).toContain('rel="prev"');
    expect(last.headers["link"]).not.toContain('rel="next"');
    expect(paginate(req("per_page=1000"), "u", items).items).toHaveLength(100);
    expect(paginate(req(""), "u", items).items).toHaveLength(30);
    expect(paginate(req(""), "u", [1]).headers).toEqual({});
  });

  it("checkActions: GitHub's button limits, exactly at and one past each", async () => {
    const b = (label: number, description: number, identifier: number) => ({
      label: "l".repeat(label),
      description: "d".repeat(description),
      identifier: "i".repeat(identifier),
    });
    expect(checkActions([b(20, 40, 20), b(1, 1, 1), b(1, 1, 1)])).toHaveLength(3);
    expect(checkActions(undefined)).toBeUndefined();
    for (const bad of [[b(1, 1, 1), b(1, 1, 1), b(1, 1, 1), b(1, 1, 1)], [b(21, 1, 1)], [b(1, 41, 1)], [b(1, 1, 21)], [b(0, 1, 1)], "x"]) {
      const error = await caught(Promise.resolve().then(() => checkActions(bad)));
      expect(error instanceof GitHubHttpError && error.status).toBe(422);
    }
  });
});

describe("the routes served", () => {
  it("each is an operation of GitHub's REST description, under the same path template", async () => {
    const { StandIn } = await import("../../src/sandbox/index.js");
    const { findOperation } = await import("../support/github/contract.js");
    const standIn = await StandIn.start();
    try {
      const routes = standIn.routes();
      expect(routes.length).toBeGreaterThanOrEqual(30);
      for (const { method, template } of routes) {
        const sample = template.replace(/\{([a-z_]+)\+?\}/g, "x");
        const op = findOperation(method, sample);
        expect(op?.template.replace(/\{[a-z_]+\}/g, "{}"), `${method} ${template}`).toBe(template.replace(/\{[a-z_]+\+?\}/g, "{}"));
      }
    } finally {
      await standIn.close();
    }
  });
});
