/**
 * The stand-in's HTTP front: Node `http` on 127.0.0.1, one request at a time through the same
 * steps GitHub takes — parse the JSON body (400 otherwise), find the route (404 with GitHub's
 * error body), identify the caller (401), draw an injected fault, run the route — and answer
 * with GitHub's headers: JSON content type, `x-github-request-id`, `x-ratelimit-*` (a 304
 * costs nothing, as on GitHub). Each request is logged by method and route template.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { identify, type Identity, type IssuedToken } from "./auth.js";
import type { Faults } from "./faults.js";
import { DOCS, GitHubHttpError } from "./http-error.js";
import type { Router, RouteResponse } from "./router.js";
import { CONTENT_CREATING, limitIdentity, type SecondaryLimit } from "./secondary-limit.js";
import type { World } from "./world.js";

/** Requests per hour an installation or user token gets on GitHub. */
export const RATE_LIMIT = 5000;

export interface LoggedCall {
  method: string;
  /** The route template (`/repos/{owner}/{repo}/issues`), or the path when no route matched. */
  route: string;
  status: number;
  /** Who called (`login`, `app:<id>`, or `anonymous`). */
  caller: string;
  /** Milliseconds since the epoch, by the stand-in's clock. */
  at: number;
  /** Set when the answer was an injected fault. */
  fault?: boolean;
}

export interface FrontDeps {
  world: World;
  router: Router;
  tokens: ReadonlyMap<string, IssuedToken>;
  faults: Faults;
  /** Enforces the secondary limit on content-creating requests (opt-in). */
  secondaryLimit?: SecondaryLimit;
  calls: LoggedCall[];
  /** The clock App JWTs are judged by. */
  jwtNow: () => number;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function callerName(caller: Identity): string {
  switch (caller.kind) {
    case "user":
    case "installation":
      return caller.login;
    case "app":
      return `app:${caller.appId}`;
    case "anonymous":
      return "anonymous";
  }
}

function headerRecord(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

export function createFront(deps: FrontDeps): Server {
  const used = new Map<string, { used: number; windowStart: number }>();
  let requestNo = 0;

  const rateHeaders = (who: string, charge: boolean): Record<string, string> => {
    const now = deps.world.now();
    let entry = used.get(who);
    if (entry === undefined || now - entry.windowStart >= 3_600_000) {
      entry = { used: 0, windowStart: now };
      used.set(who, entry);
    }
    if (charge) entry.used++;
    return {
      "x-ratelimit-limit": String(RATE_LIMIT),
      "x-ratelimit-remaining": String(Math.max(0, RATE_LIMIT - entry.used)),
      "x-ratelimit-used": String(entry.used),
      "x-ratelimit-reset": String(Math.floor((entry.windowStart + 3_600_000) / 1000)),
      "x-ratelimit-resource": "core",
    };
  };

  const handle = async (req: IncomingMessage): Promise<{ response: RouteResponse; route: string; caller: string; fault: boolean }> => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = (req.method ?? "GET").toUpperCase();
    const headers = headerRecord(req);
    const text = await readBody(req);
    const match = deps.router.match(method, url.pathname);
    let caller: Identity = { kind: "anonymous" };
    try {
      if (match === undefined) throw new GitHubHttpError(404, "Not Found");
      caller = identify(deps.world, deps.tokens, headers["authorization"], deps.jwtNow);
      if (caller.kind === "anonymous") throw new GitHubHttpError(401, "Requires authentication");
      const fault = deps.faults.draw();
      if (fault !== undefined) return { response: errorResponse(fault), route: match.template, caller: callerName(caller), fault: true };
      let body: unknown;
      if (text.trim() !== "") {
        try {
          body = JSON.parse(text);
        } catch {
          throw new GitHubHttpError(400, "Problems parsing JSON");
        }
      }
      if (deps.secondaryLimit !== undefined && CONTENT_CREATING.has(`${method} ${match.template}`))
        deps.secondaryLimit.admit(limitIdentity(caller), deps.world.now());
      const response = await match.handler({ params: match.params, query: url.searchParams, body, headers, caller, world: deps.world });
      return { response, route: match.template, caller: callerName(caller), fault: false };
    } catch (error) {
      const route = match?.template ?? url.pathname;
      if (error instanceof GitHubHttpError) return { response: errorResponse(error), route, caller: callerName(caller), fault: false };
      const message = error instanceof Error ? error.message : String(error);
      return {
        response: { status: 500, body: { message: `Stand-in error: ${message}`, documentation_url: DOCS } },
        route,
        caller: callerName(caller),
        fault: false,
      };
    }
  };

  const write = (res: ServerResponse, response: RouteResponse, extra: Record<string, string>): void => {
    const headers: Record<string, string> = { "x-github-media-type": "github.v3; format=json", ...extra, ...(response.headers ?? {}) };
    if (response.raw !== undefined) {
      res.writeHead(response.status, { ...headers, "content-type": response.raw.contentType });
      res.end(response.raw.text);
    } else if (response.body === undefined || response.status === 204 || response.status === 304) {
      res.writeHead(response.status, headers);
      res.end();
    } else {
      res.writeHead(response.status, { ...headers, "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(response.body));
    }
  };

  return createServer((req, res) => {
    handle(req).then(
      ({ response, route, caller, fault }) => {
        requestNo++;
        const rate = rateHeaders(caller, response.status !== 304);
        deps.calls.push({
          method: (req.method ?? "GET").toUpperCase(),
          route,
          status: response.status,
          caller,
          at: deps.world.now(),
          ...(fault ? { fault } : {}),
        });
        write(res, response, { ...rate, "x-github-request-id": `STANDIN:${requestNo.toString(16).toUpperCase()}` });
      },
      (error: unknown) => {
        res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
        res.end(JSON.stringify({ message: `Stand-in error: ${error instanceof Error ? error.message : String(error)}`, documentation_url: DOCS }));
      },
    );
  });
}

function errorResponse(error: GitHubHttpError): RouteResponse {
  return { status: error.status, body: error.body(), headers: { ...error.headers } };
}

export type { Server };
