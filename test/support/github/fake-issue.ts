/**
 * One issue's comment thread as GitHub would keep it, served through nock: list (paginated),
 * create, get (with ETag / 304), edit. For the port contract suites, which make many requests in
 * an order the adapter chooses; scenario tests mock each call with nock and assert its body.
 * Interceptors are optional (a test that never lists leaves nothing pending).
 */
import nock from "nock";
import { API } from "./http.js";

export const OWNER = "octo-org";
export const REPO = "widgets";
export const BOT = "foreman-app[bot]";
const T0 = Date.parse("2026-03-02T09:00:00Z");

export interface FakeComment {
  id: number;
  body: string;
  login: string;
  type: "User" | "Bot";
  created_at: string;
  updated_at: string;
}

/** The response GitHub sends for an issue comment (fields copied from the REST docs' example). */
export function commentJson(c: FakeComment, issue = 1): Record<string, unknown> {
  return {
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${API}/repos/${OWNER}/${REPO}/issues/comments/${c.id}`,
    html_url: `https://github.com/${OWNER}/${REPO}/issues/${issue}#issuecomment-${c.id}`,
    body: c.body,
    user: { login: c.login, id: 1000 + c.login.length, node_id: "U_1", type: c.type, site_admin: false },
    created_at: c.created_at,
    updated_at: c.updated_at,
    issue_url: `${API}/repos/${OWNER}/${REPO}/issues/${issue}`,
    author_association: c.type === "Bot" ? "NONE" : "OWNER",
  };
}

export function comment(id: number, body: string, login = BOT, opts: { edited?: boolean } = {}): FakeComment {
  const created = new Date(T0 + id * 1000).toISOString();
  return {
    id,
    body,
    login,
    type: login.endsWith("[bot]") ? "Bot" : "User",
    created_at: created,
    updated_at: opts.edited ? new Date(T0 + id * 1000 + 60_000).toISOString() : created,
  };
}

/** A stateful fake of issue `issue`'s comments; `comments` is the live thread. */
export function fakeIssue(issue = 1, author = BOT): { comments: FakeComment[] } {
  const comments: FakeComment[] = [];
  let nextId = 5000;
  const etag = (c: FakeComment) => `W/"${c.id}-${c.updated_at}-${c.body.length}"`;
  const scope = nock(API).persist();
  scope
    .get(`/repos/${OWNER}/${REPO}/issues/${issue}/comments`)
    .query(true)
    .optionally()
    .reply((req) => {
      const url = new URL(req.url);
      const perPage = Number(url.searchParams.get("per_page") ?? 30);
      const page = Number(url.searchParams.get("page") ?? 1);
      const slice = comments.slice((page - 1) * perPage, page * perPage);
      const more = page * perPage < comments.length;
      const link = more ? { link: `<${API}/repositories/1/issues/${issue}/comments?per_page=${perPage}&page=${page + 1}>; rel="next"` } : {};
      return [200, slice.map((c) => commentJson(c, issue)), link];
    });
  scope
    .post(`/repos/${OWNER}/${REPO}/issues/${issue}/comments`)
    .optionally()
    .reply(async (req) => {
      const text = await bodyOf(req);
      const c = comment(nextId++, text, author);
      comments.push(c);
      return [201, commentJson(c, issue), { etag: etag(c) }];
    });
  scope
    .get(/\/repos\/[^/]+\/[^/]+\/issues\/comments\/\d+$/)
    .optionally()
    .reply((req) => {
      const id = Number(new URL(req.url).pathname.split("/").pop());
      const c = comments.find((x) => x.id === id);
      if (!c) return [404, { message: "Not Found" }];
      if (req.headers.get("if-none-match") === etag(c)) return [304, ""];
      return [200, commentJson(c, issue), { etag: etag(c) }];
    });
  scope
    .patch(/\/repos\/[^/]+\/[^/]+\/issues\/comments\/\d+$/)
    .optionally()
    .reply(async (req) => {
      const id = Number(new URL(req.url).pathname.split("/").pop());
      const c = comments.find((x) => x.id === id);
      if (!c) return [404, { message: "Not Found" }];
      c.body = await bodyOf(req);
      c.updated_at = new Date(Date.parse(c.updated_at) + 1000).toISOString();
      return [200, commentJson(c, issue), { etag: etag(c) }];
    });
  return { comments };
}

async function bodyOf(req: Request): Promise<string> {
  const json: unknown = await req.json();
  return typeof json === "object" && json !== null && "body" in json ? String(json.body) : "";
}
