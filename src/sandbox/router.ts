/**
 * A small router for the stand-in: `METHOD /path/{param}` templates, as GitHub's REST
 * description writes them. A parameter written `{name+}` takes the rest of the path, slashes
 * included (git refs, file paths). Literal segments win over parameters.
 */
import type { Identity } from "./auth.js";
import type { World } from "./world.js";

export interface RouteRequest {
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  /** The parsed JSON body, or undefined when none was sent. */
  body: unknown;
  headers: Readonly<Record<string, string | undefined>>;
  caller: Identity;
  world: World;
}

export interface RouteResponse {
  status: number;
  /** JSON-serialized unless `raw` is given. */
  body?: unknown;
  /** A raw text body (repository contents with the raw media type). */
  raw?: { text: string; contentType: string };
  headers?: Record<string, string>;
}

export type Handler = (req: RouteRequest) => RouteResponse | Promise<RouteResponse>;

/** What a route needs from its caller before the handler runs. */
export type RouteAuth = "token" | "jwt" | "none";

interface Route {
  method: string;
  template: string;
  regex: RegExp;
  names: string[];
  literals: number;
  auth: RouteAuth;
  handler: Handler;
}

export interface RouteMatch {
  template: string;
  params: Record<string, string>;
  auth: RouteAuth;
  handler: Handler;
}

function compile(template: string): { regex: RegExp; names: string[]; literals: number } {
  const names: string[] = [];
  let literals = 0;
  const source = template
    .split("/")
    .map((segment) => {
      const param = /^\{([a-z_]+)(\+?)\}$/.exec(segment);
      if (param === null) {
        if (segment !== "") literals++;
        return segment.replace(/[.*+?^$()|[\]\\{}]/g, "\\$&");
      }
      names.push(param[1] ?? "");
      return param[2] === "+" ? "(.+)" : "([^/]+)";
    })
    .join("/");
  return { regex: new RegExp(`^${source}$`), names, literals };
}

export class Router {
  readonly #routes: Route[] = [];

  add(method: string, template: string, handler: Handler, auth: RouteAuth = "token"): this {
    this.#routes.push({ method, template, ...compile(template), auth, handler });
    return this;
  }

  /** Every route, as `METHOD /template` pairs (for tests that hold them to GitHub's description). */
  list(): { method: string; template: string }[] {
    return this.#routes.map((r) => ({ method: r.method, template: r.template }));
  }

  /** The route for `method` and the (URL-decoded per segment) path, or undefined. */
  match(method: string, path: string): RouteMatch | undefined {
    const found = this.#routes
      .filter((r) => r.method === method && r.regex.test(path))
      .sort((a, b) => b.literals - a.literals || a.names.length - b.names.length)[0];
    if (found === undefined) return undefined;
    const values = found.regex.exec(path)?.slice(1) ?? [];
    const params: Record<string, string> = {};
    found.names.forEach((name, i) => (params[name] = decodeURIComponent(values[i] ?? "")));
    return { template: found.template, params, auth: found.auth, handler: found.handler };
  }
}
