/**
 * Reading request input the way GitHub checks it: a JSON object body, typed fields (422 naming
 * the resource and field otherwise), integer path parameters, and page/per_page pagination
 * with a `Link` header (`rel="next"`, `rel="last"`) that Octokit's paginate follows.
 */
import { GitHubHttpError, invalid } from "../http-error.js";
import type { RouteRequest, RouteResponse } from "../router.js";

export type Body = Record<string, unknown>;

/** The JSON object body, `{}` when none was sent; 400 when it is not an object. */
export function objectBody(req: RouteRequest): Body {
  if (req.body === undefined) return {};
  if (typeof req.body !== "object" || req.body === null || Array.isArray(req.body)) throw new GitHubHttpError(400, "Problems parsing JSON");
  return req.body as Body;
}

export function requiredString(body: Body, resource: string, field: string): string {
  const value = body[field];
  if (value === undefined || value === null) throw invalid(resource, field, "missing_field");
  if (typeof value !== "string") throw invalid(resource, field, "invalid", `${field} is not a string.`);
  return value;
}

export function optionalString(body: Body, resource: string, field: string): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw invalid(resource, field, "invalid", `${field} is not a string.`);
  return value;
}

export function intParam(req: RouteRequest, name: string): number {
  const value = Number(req.params[name]);
  if (!Number.isSafeInteger(value) || value <= 0) throw new GitHubHttpError(404, "Not Found");
  return value;
}

/** One page of `items` and its `Link` header, from `page` and `per_page` (max 100). */
export function paginate<T>(req: RouteRequest, url: string, items: readonly T[]): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(100, Math.max(1, Number(req.query.get("per_page") ?? 30) || 30));
  const page = Math.max(1, Number(req.query.get("page") ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (p: number): string => {
    const q = new URLSearchParams(req.query);
    q.set("per_page", String(perPage));
    q.set("page", String(p));
    return `<${url}?${q.toString()}>`;
  };
  const parts: string[] = [];
  if (page < last) parts.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`);
  if (page > 1) parts.push(`${link(1)}; rel="first"`, `${link(page - 1)}; rel="prev"`);
  return { items: slice, headers: parts.length > 0 ? { link: parts.join(", ") } : {} };
}

/** A JSON answer. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): RouteResponse {
  return { status, body, headers };
}
