/**
 * One repository's side of GitHub, stateful, for the Action's end-to-end tests and the calls
 * bench: issues (the session's and the daily ledger's) and their comments, labels (and the
 * issue events that record their addition and removal, listed paged with a `Link` header), collaborator
 * permissions, check runs, pull requests, the configuration file (contents API, raw), and the
 * App's installation token. It answers the requests the real `src/github` adapters make, keeps
 * what they write, and logs every request (method, path, query, body, status) so tests assert
 * the bodies and count the calls.
 *
 * It is a plain handler (`handle(method, url, headers, body)`), served two ways: through nock
 * (`serveWithNock` in fake-repo-nock.ts, in process, behind the contract-checked fetch of
 * `useGitHubMocks`; apart, since loading nock patches `fetch` for the whole process), and as
 * an HTTP server on 127.0.0.1 (`serveOnLoopback`, for a real Action child process), where each
 * request goes through the same contract check (`checkRequest`).
 *
 * Faults (`fail`) answer the next matching requests with a status of the test's choosing (5xx,
 * 429 with `retry-after`, the secondary-limit 403) before the fake's own answer.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { decodeStateComment, hasStateBlock } from "../../../src/core/state-codec.js";
import type { SessionState } from "../../../src/core/state.js";
/** GitHub's API root (as `http.ts` says; not imported from there: it loads nock). */
const API = "https://api.github.com";

export interface FakeUser {
  login: string;
  type: "User" | "Bot";
}

export interface RepoComment {
  id: number;
  issue: number;
  body: string;
  user: FakeUser;
  created_at: string;
  updated_at: string;
}

export interface RepoIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  state: "open" | "closed";
  user: FakeUser;
  pull?: boolean;
}

/** An issue event (only labels are recorded: what Foreman reads of the events). */
export interface RepoIssueEvent {
  id: number;
  issue: number;
  event: "labeled" | "unlabeled";
  label: string;
  actor: FakeUser;
  created_at: string;
}

export interface RepoCheckRun {
  id: number;
  head_sha: string;
  name: string;
  external_id: string;
  status: string;
  conclusion?: string;
  output?: { title?: string; summary?: string; text?: string };
  actions?: { label: string; description: string; identifier: string }[];
}

export interface RepoPull {
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  draft: boolean;
  state: "open" | "closed";
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: unknown;
  status: number;
}

export interface Fault {
  method: string;
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  times: number;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const BOT_LOGIN = "github-actions[bot]";

export class FakeRepo {
  readonly issues = new Map<number, RepoIssue>();
  readonly comments: RepoComment[] = [];
  readonly events: RepoIssueEvent[] = [];
  readonly checkRuns: RepoCheckRun[] = [];
  readonly pulls: RepoPull[] = [];
  readonly files = new Map<string, string>();
  readonly permissions = new Map<string, "admin" | "write" | "read" | "none">();
  readonly log: LoggedRequest[] = [];
  readonly faults: Fault[] = [];
  /** Who the token writes as. */
  writer: FakeUser = { login: BOT_LOGIN, type: "Bot" };
  #nextComment = 3000;
  #nextEvent = 90_000;
  #nextIssue = 100;
  #nextCheckRun = 700;
  #nextPull = 17;
  #clock: number;

  constructor(
    readonly owner: string,
    readonly repo: string,
    opts: { start?: number } = {},
  ) {
    this.#clock = opts.start ?? Date.parse("2026-03-02T09:00:00Z");
  }

  /** GitHub's clock: one second per write, so ids and times ascend together. */
  #now(): string {
    this.#clock += 1000;
    return new Date(this.#clock).toISOString();
  }

  addIssue(i: Partial<RepoIssue> & { number: number }): RepoIssue {
    const issue: RepoIssue = {
      title: "Make value.txt good",
      body: "The file `value.txt` must say good.",
      labels: ["foreman"],
      state: "open",
      user: { login: "maintainer", type: "User" },
      ...i,
    };
    this.issues.set(issue.number, issue);
    return issue;
  }

  /** A comment written by `user` (default: a person), as if through GitHub's UI. */
  addComment(issue: number, body: string, user: FakeUser = { login: "someone", type: "User" }): RepoComment {
    const at = this.#now();
    const c: RepoComment = { id: this.#nextComment++, issue, body, user, created_at: at, updated_at: at };
    this.comments.push(c);
    return c;
  }

  /** `user` adds `label` to the issue, as through GitHub's UI (a `labeled` event, even when it was there). */
  labelIssue(issue: number, label: string, user: FakeUser = { login: "maintainer", type: "User" }): RepoIssueEvent {
    const i = this.issues.get(issue);
    if (i === undefined) throw new Error(`no issue ${issue}`);
    if (!i.labels.includes(label)) i.labels.push(label);
    const e: RepoIssueEvent = { id: this.#nextEvent++, issue, event: "labeled", label, actor: user, created_at: this.#now() };
    this.events.push(e);
    return e;
  }

  /** `user` removes `label` from the issue (an `unlabeled` event). */
  unlabelIssue(issue: number, label: string, user: FakeUser = { login: "maintainer", type: "User" }): RepoIssueEvent {
    const i = this.issues.get(issue);
    if (i === undefined) throw new Error(`no issue ${issue}`);
    i.labels = i.labels.filter((l) => l !== label);
    const e: RepoIssueEvent = { id: this.#nextEvent++, issue, event: "unlabeled", label, actor: user, created_at: this.#now() };
    this.events.push(e);
    return e;
  }

  /** `count` other labels added to the issue, one event each (a busy issue whose events span pages). */
  addOtherLabels(issue: number, count: number): void {
    for (let k = 0; k < count; k++) this.labelIssue(issue, `triage-${k}`, { login: "someone", type: "User" });
  }

  /** Someone edits a comment (an admin can edit any). */
  editComment(id: number, body: string): void {
    const c = this.comments.find((x) => x.id === id);
    if (c === undefined) throw new Error(`no comment ${id}`);
    c.body = body;
    c.updated_at = this.#now();
  }

  commentsOf(issue: number): RepoComment[] {
    return this.comments.filter((c) => c.issue === issue);
  }

  /** The session state the trusted bot's state comment holds (null: none). */
  sessionState(issue: number): SessionState | null {
    const c = this.commentsOf(issue).find((x) => x.user.login === this.writer.login && hasStateBlock(x.body));
    return c === undefined ? null : decodeStateComment(c.body);
  }

  fail(f: Omit<Fault, "times"> & { times?: number }): void {
    this.faults.push({ times: 1, ...f });
  }

  /** Requests per `METHOD /path` with numbers as `{n}`. */
  countByEndpoint(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.log) {
      const key = `${r.method} ${r.path.replace(/\/\d+(?=\/|$)/g, "/{n}").replace(/\/commits\/[0-9a-f]{40}/, "/commits/{sha}")}`;
      out[key] = (out[key] ?? 0) + 1;
    }
    return out;
  }

  /** Requests (with their parsed JSON bodies) matching method and path. */
  requests(method: string, path: RegExp): LoggedRequest[] {
    return this.log.filter((r) => r.method === method && path.test(r.path));
  }

  handle(method: string, url: string, headers: Record<string, string | undefined>, rawBody: string | undefined): Reply {
    const u = new URL(url, API);
    const path = u.pathname;
    const query = Object.fromEntries(u.searchParams.entries());
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = rawBody;
    }
    const fault = this.faults.find((f) => f.times > 0 && f.method === method && f.path.test(path));
    let reply: Reply;
    if (fault !== undefined) {
      fault.times--;
      reply = {
        status: fault.status,
        body: fault.body ?? { message: `fault ${fault.status}` },
        ...(fault.headers ? { headers: fault.headers } : {}),
      };
    } else {
      reply = this.#route(method, path, query, headers, body);
    }
    this.log.push({ method, path, query, ...(body === undefined ? {} : { body }), status: reply.status });
    return reply;
  }

  #route(method: string, path: string, q: Record<string, string>, headers: Record<string, string | undefined>, body: unknown): Reply {
    const prefix = `/repos/${this.owner}/${this.repo}`;
    const b = (body ?? {}) as Record<string, unknown>;
    let m: RegExpExecArray | null;
    if (method === "POST" && (m = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(path))) {
      return { status: 201, body: { token: "ghs_installationTokenFromApp0123456789", expires_at: new Date(this.#clock + 3_600_000).toISOString() } };
    }
    if (!path.startsWith(prefix)) return notFound();
    const rest = path.slice(prefix.length);
    if (method === "GET" && rest === "/installation") return { status: 200, body: { id: 4242, app_id: 1, account: { login: this.owner } } };
    if (method === "GET" && (m = /^\/contents\/(.+)$/.exec(rest))) {
      const content = this.files.get(decodeURIComponent(m[1]!));
      if (content === undefined) return notFound();
      return { status: 200, body: content, headers: { "content-type": "application/vnd.github.raw; charset=utf-8" } };
    }
    if (method === "GET" && (m = /^\/issues\/(\d+)$/.exec(rest))) {
      const issue = this.issues.get(Number(m[1]));
      return issue === undefined ? notFound() : { status: 200, body: this.#issueJson(issue) };
    }
    if (method === "PATCH" && (m = /^\/issues\/(\d+)$/.exec(rest))) {
      const issue = this.issues.get(Number(m[1]));
      if (issue === undefined) return notFound();
      if (b["state"] === "closed" || b["state"] === "open") issue.state = b["state"];
      return { status: 200, body: this.#issueJson(issue) };
    }
    if (method === "GET" && rest === "/issues") {
      const label = q["labels"];
      const state = q["state"] ?? "open";
      const list = [...this.issues.values()]
        .filter((i) => (label === undefined || label.split(",").every((l) => i.labels.includes(l))) && (state === "all" || i.state === state))
        .sort((a, b2) => b2.number - a.number);
      return { status: 200, body: list.map((i) => this.#issueJson(i)) };
    }
    if (method === "POST" && rest === "/issues") {
      const issue = this.addIssue({
        number: this.#nextIssue++,
        title: String(b["title"]),
        body: String(b["body"] ?? ""),
        labels: Array.isArray(b["labels"]) ? b["labels"].map(String) : [],
        user: this.writer,
      });
      return { status: 201, body: this.#issueJson(issue) };
    }
    if ((m = /^\/issues\/(\d+)\/comments$/.exec(rest))) {
      const n = Number(m[1]);
      // A PR shares the issue number space: its conversation is an issue thread.
      if (!this.issues.has(n) && !this.pulls.some((p) => p.number === n)) return notFound();
      if (method === "POST") {
        const at = this.#now();
        const c: RepoComment = { id: this.#nextComment++, issue: n, body: String(b["body"]), user: this.writer, created_at: at, updated_at: at };
        this.comments.push(c);
        return { status: 201, body: this.#commentJson(c), headers: { etag: etag(c) } };
      }
      if (method === "GET") {
        const since = q["since"] === undefined ? undefined : Date.parse(q["since"]);
        const all = this.commentsOf(n).filter((c) => since === undefined || Date.parse(c.updated_at) >= since);
        const perPage = Number(q["per_page"] ?? 30);
        const page = Number(q["page"] ?? 1);
        const slice = all.slice((page - 1) * perPage, page * perPage);
        const more = page * perPage < all.length;
        const link = more
          ? { link: `<${API}${path}?per_page=${perPage}&page=${page + 1}${since === undefined ? "" : `&since=${q["since"]}`}>; rel="next"` }
          : undefined;
        return { status: 200, body: slice.map((c) => this.#commentJson(c)), ...(link ? { headers: link } : {}) };
      }
    }
    if ((m = /^\/issues\/comments\/(\d+)$/.exec(rest))) {
      const c = this.comments.find((x) => x.id === Number(m![1]));
      if (c === undefined) return notFound();
      if (method === "GET") {
        if (headers["if-none-match"] === etag(c)) return { status: 304 };
        return { status: 200, body: this.#commentJson(c), headers: { etag: etag(c) } };
      }
      if (method === "PATCH") {
        c.body = String(b["body"]);
        c.updated_at = this.#now();
        return { status: 200, body: this.#commentJson(c), headers: { etag: etag(c) } };
      }
    }
    if (method === "GET" && (m = /^\/issues\/(\d+)\/events$/.exec(rest))) {
      const n = Number(m[1]);
      if (!this.issues.has(n)) return notFound();
      // Ascending (oldest first), paged: `Link` names the next, last, first and previous pages, as GitHub's does.
      const all = this.events.filter((e) => e.issue === n);
      const perPage = Math.min(100, Number(q["per_page"] ?? 30));
      const page = Number(q["page"] ?? 1);
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const link = (p: number, rel: string) => `<${API}/repositories/1/issues/${n}/events?per_page=${perPage}&page=${p}>; rel="${rel}"`;
      const links = [
        ...(page < last ? [link(page + 1, "next"), link(last, "last")] : []),
        ...(page > 1 ? [link(page - 1, "prev"), link(1, "first")] : []),
      ];
      return {
        status: 200,
        body: all.slice((page - 1) * perPage, page * perPage).map((e) => this.#eventJson(e)),
        ...(links.length > 0 ? { headers: { link: links.join(", ") } } : {}),
      };
    }
    if (method === "GET" && (m = /^\/collaborators\/([^/]+)\/permission$/.exec(rest))) {
      const login = decodeURIComponent(m[1]!);
      const permission = this.permissions.get(login) ?? "none";
      return { status: 200, body: { permission, role_name: permission, user: { login, id: 1, type: "User" } } };
    }
    if (method === "GET" && (m = /^\/commits\/([^/]+)\/check-runs$/.exec(rest))) {
      const runs = this.checkRuns.filter((r) => r.head_sha === m![1] && (q["check_name"] === undefined || r.name === q["check_name"]));
      return { status: 200, body: { total_count: runs.length, check_runs: runs.map((r) => this.#checkRunJson(r)) } };
    }
    if (method === "POST" && rest === "/check-runs") {
      const run: RepoCheckRun = {
        id: this.#nextCheckRun++,
        head_sha: String(b["head_sha"]),
        name: String(b["name"]),
        external_id: String(b["external_id"] ?? ""),
        status: String(b["conclusion"] === undefined ? (b["status"] ?? "queued") : "completed"),
      };
      applyCheckRun(run, b);
      this.checkRuns.push(run);
      return { status: 201, body: this.#checkRunJson(run) };
    }
    if (method === "PATCH" && (m = /^\/check-runs\/(\d+)$/.exec(rest))) {
      const run = this.checkRuns.find((r) => r.id === Number(m![1]));
      if (run === undefined) return notFound();
      applyCheckRun(run, b);
      return { status: 200, body: this.#checkRunJson(run) };
    }
    if (method === "GET" && rest === "/pulls") {
      const head = q["head"]?.split(":").pop();
      const state = q["state"] ?? "open";
      const list = this.pulls.filter((p) => (head === undefined || p.head === head) && (state === "all" || p.state === state));
      return { status: 200, body: list.map((p) => this.#pullJson(p)) };
    }
    if (method === "POST" && rest === "/pulls") {
      if (this.pulls.some((p) => p.head === b["head"] && p.state === "open")) {
        return {
          status: 422,
          body: { message: "Validation Failed", errors: [{ resource: "PullRequest", code: "custom", message: "A pull request already exists" }] },
        };
      }
      const pull: RepoPull = {
        number: this.#nextPull++,
        head: String(b["head"]),
        base: String(b["base"]),
        title: String(b["title"]),
        body: String(b["body"] ?? ""),
        draft: b["draft"] === true,
        state: "open",
      };
      this.pulls.push(pull);
      return { status: 201, body: this.#pullJson(pull) };
    }
    if (method === "PATCH" && (m = /^\/pulls\/(\d+)$/.exec(rest))) {
      const pull = this.pulls.find((p) => p.number === Number(m![1]));
      if (pull === undefined) return notFound();
      if (typeof b["title"] === "string") pull.title = b["title"];
      if (typeof b["body"] === "string") pull.body = b["body"];
      return { status: 200, body: this.#pullJson(pull) };
    }
    if (method === "GET" && rest === "/actions/runs") return { status: 200, body: { total_count: 0, workflow_runs: [] } };
    // A run cancelling itself (the cancel watcher): accepted; the request log is the record.
    if (method === "POST" && /^\/actions\/runs\/\d+\/cancel$/.test(rest)) return { status: 202, body: {} };
    return notFound();
  }

  #html(): string {
    return `https://github.com/${this.owner}/${this.repo}`;
  }

  #userJson(u: FakeUser): Record<string, unknown> {
    return { login: u.login, id: 1000 + u.login.length, node_id: "U_1", type: u.type, site_admin: false };
  }

  #issueJson(i: RepoIssue): Record<string, unknown> {
    return {
      id: 1_800_000_000 + i.number,
      node_id: `I_${i.number}`,
      url: `${API}/repos/${this.owner}/${this.repo}/issues/${i.number}`,
      html_url: `${this.#html()}/issues/${i.number}`,
      number: i.number,
      state: i.state,
      title: i.title,
      body: i.body,
      user: this.#userJson(i.user),
      labels: i.labels.map((name, k) => ({ id: 9000 + k, node_id: `LA_${k}`, name, color: "ededed", default: false })),
      locked: false,
      comments: this.commentsOf(i.number).length,
      created_at: "2026-03-01T10:00:00Z",
      updated_at: "2026-03-01T10:00:00Z",
      closed_at: null,
      author_association: "MEMBER",
      ...(i.pull ? { pull_request: { url: `${API}/repos/${this.owner}/${this.repo}/pulls/${i.number}` } } : {}),
    };
  }

  #commentJson(c: RepoComment): Record<string, unknown> {
    return {
      id: c.id,
      node_id: `IC_${c.id}`,
      url: `${API}/repos/${this.owner}/${this.repo}/issues/comments/${c.id}`,
      html_url: `${this.#html()}/issues/${c.issue}#issuecomment-${c.id}`,
      body: c.body,
      user: this.#userJson(c.user),
      created_at: c.created_at,
      updated_at: c.updated_at,
      issue_url: `${API}/repos/${this.owner}/${this.repo}/issues/${c.issue}`,
      author_association: c.user.type === "Bot" ? "NONE" : "OWNER",
    };
  }

  #eventJson(e: RepoIssueEvent): Record<string, unknown> {
    return {
      id: e.id,
      node_id: `LE_${e.id}`,
      url: `${API}/repos/${this.owner}/${this.repo}/issues/events/${e.id}`,
      actor: this.#userJson(e.actor),
      event: e.event,
      commit_id: null,
      commit_url: null,
      created_at: e.created_at,
      performed_via_github_app: null,
      label: { name: e.label, color: "ededed" },
    };
  }

  #checkRunJson(r: RepoCheckRun): Record<string, unknown> {
    return { ...r, html_url: `${this.#html()}/runs/${r.id}`, conclusion: r.conclusion ?? null };
  }

  #pullJson(p: RepoPull): Record<string, unknown> {
    return {
      id: 5_000_000 + p.number,
      number: p.number,
      state: p.state,
      title: p.title,
      body: p.body,
      draft: p.draft,
      html_url: `${this.#html()}/pull/${p.number}`,
      head: { ref: p.head, label: `${this.owner}:${p.head}` },
      base: { ref: p.base },
    };
  }
}

function applyCheckRun(run: RepoCheckRun, b: Record<string, unknown>): void {
  if (typeof b["status"] === "string") run.status = b["status"];
  if (typeof b["conclusion"] === "string") {
    run.conclusion = b["conclusion"];
    run.status = "completed";
  }
  if (typeof b["output"] === "object" && b["output"] !== null) run.output = b["output"] as RepoCheckRun["output"] & object;
  if (Array.isArray(b["actions"])) run.actions = b["actions"] as RepoCheckRun["actions"] & object;
}

function etag(c: RepoComment): string {
  return `W/"${c.id}-${c.updated_at}-${c.body.length}"`;
}

function notFound(): Reply {
  return { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } };
}

export function serialize(reply: Reply): { text: string; headers: Record<string, string> } {
  const headers = { ...(reply.headers ?? {}) };
  if (typeof reply.body === "string") return { text: reply.body, headers };
  return {
    text: reply.body === undefined ? "" : JSON.stringify(reply.body),
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  };
}

/** Serves `repo` over HTTP on 127.0.0.1 (for a child process); `check` validates each request first. */
export async function serveOnLoopback(
  repo: FakeRepo,
  check?: (req: { method: string; url: string; body?: string }) => string[],
): Promise<{ url: string; server: Server; violations: string[] }> {
  const violations: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (d: Buffer) => chunks.push(d));
    req.on("end", () => {
      const text = chunks.length === 0 ? undefined : Buffer.concat(chunks).toString("utf8");
      const method = req.method ?? "GET";
      const problems = check?.({ method, url: `${API}${req.url ?? "/"}`, ...(text === undefined ? {} : { body: text }) }) ?? [];
      if (problems.length > 0) {
        violations.push(`${method} ${req.url}: ${problems.join("; ")}`);
        res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ message: problems.join("; ") }));
        return;
      }
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v[0] : v;
      const reply = repo.handle(method, req.url ?? "/", headers, text);
      const { text: out, headers: h } = serialize(reply);
      res.writeHead(reply.status, h).end(out);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, violations };
}
