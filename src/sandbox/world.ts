/**
 * The stand-in's in-memory data: users, apps and installations, repositories (each backed by a
 * bare git repository on disk), issues, comments, reactions, labels (and the issue events of
 * their addition and removal), check runs, workflow runs and pull requests. Routes read and change it; `StandIn` seeds it. Ids come from one counter
 * and times from the injected clock, so two runs with the same inputs answer the same.
 */
import { notFound } from "./http-error.js";

/** A repository role, as `role_name` names it. */
export type Role = "admin" | "maintain" | "write" | "triage" | "read";

export interface User {
  login: string;
  id: number;
  type: "User" | "Bot" | "Organization";
}

export interface Label {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface Issue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  stateReason: "completed" | "not_planned" | "reopened" | null;
  author: string;
  labels: string[];
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  /** Set when the issue is a pull request's conversation. */
  isPull: boolean;
}

export interface Comment {
  id: number;
  issue: number;
  body: string;
  author: string;
  createdAt: number;
  updatedAt: number;
}

/** An issue event: only labels are recorded (`labeled`, `unlabeled`), the events Foreman reads. */
export interface IssueEvent {
  id: number;
  issue: number;
  event: "labeled" | "unlabeled";
  /** The label's name. */
  label: string;
  actor: string;
  createdAt: number;
}

export interface Reaction {
  id: number;
  /** `issue:<number>` or `comment:<id>`. */
  subject: string;
  author: string;
  content: string;
  createdAt: number;
}

export interface CheckRunAction {
  label: string;
  description: string;
  identifier: string;
}

export interface CheckRun {
  id: number;
  name: string;
  headSha: string;
  status: "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";
  conclusion: string | null;
  externalId: string | null;
  detailsUrl: string | null;
  startedAt: number;
  completedAt: number | null;
  output: { title: string | null; summary: string | null; text: string | null };
  actions: CheckRunAction[];
  appId: number;
}

export type RunStatus = "queued" | "pending" | "in_progress" | "completed";

export interface WorkflowRun {
  id: number;
  runNumber: number;
  /** `.github/workflows/<file>`. */
  path: string;
  workflowFile: string;
  displayTitle: string;
  event: string;
  ref: string;
  headSha: string;
  inputs: Record<string, string>;
  status: RunStatus;
  conclusion: "success" | "failure" | "cancelled" | null;
  actor: string;
  createdAt: number;
  updatedAt: number;
}

export interface Pull {
  id: number;
  number: number;
  head: string;
  base: string;
  draft: boolean;
  /** Head SHA when it was last read from git. */
  headSha: string;
  baseSha: string;
}

export interface Repo {
  id: number;
  owner: string;
  name: string;
  defaultBranch: string;
  /** The bare git repository serving as this repository's remote. */
  gitDir: string;
  roles: Map<string, Role>;
  issues: Map<number, Issue>;
  comments: Map<number, Comment>;
  labels: Map<string, Label>;
  /** Issue events, oldest first. */
  events: IssueEvent[];
  pulls: Map<number, Pull>;
  checkRuns: Map<number, CheckRun>;
  runs: Map<number, WorkflowRun>;
  nextNumber: number;
  nextRunNumber: number;
}

export interface App {
  id: number;
  slug: string;
  name: string;
  owner: string;
  /** PEM public key JWTs are verified with. */
  publicKey: string;
}

export interface Installation {
  id: number;
  appId: number;
  account: string;
  /** `owner/name` of each repository it is installed on. */
  repos: Set<string>;
}

/** Where repository events go (webhook deliveries), set by `StandIn`. */
export type EventSink = (event: string, payload: Record<string, unknown>, installationId: number | undefined) => void;

export class World {
  readonly users = new Map<string, User>();
  readonly repos = new Map<string, Repo>();
  readonly apps = new Map<number, App>();
  readonly installations = new Map<number, Installation>();
  readonly reactions: Reaction[] = [];
  #nextId = 1000;

  constructor(
    /** Milliseconds since the epoch. */
    readonly now: () => number,
    /** `http://127.0.0.1:<port>`, known once the server listens. */
    public baseUrl: string,
    public emit: EventSink = () => {},
  ) {}

  nextId(): number {
    return ++this.#nextId;
  }

  key(owner: string, name: string): string {
    return `${owner.toLowerCase()}/${name.toLowerCase()}`;
  }

  repo(owner: string, name: string): Repo {
    const repo = this.repos.get(this.key(owner, name));
    if (repo === undefined) throw notFound();
    return repo;
  }

  issue(repo: Repo, number: number): Issue {
    const issue = repo.issues.get(number);
    if (issue === undefined) throw notFound();
    return issue;
  }

  user(login: string): User {
    const key = login.toLowerCase();
    let user = this.users.get(key);
    if (user === undefined) {
      user = { login, id: this.nextId(), type: login.endsWith("[bot]") ? "Bot" : "User" };
      this.users.set(key, user);
    }
    return user;
  }

  /** The installation on `repo` of an App that gets webhooks (not GitHub Actions' built-in one). */
  installationFor(repo: Repo): Installation | undefined {
    return [...this.installations.values()].find((i) => i.repos.has(this.key(repo.owner, repo.name)) && this.apps.get(i.appId)?.publicKey !== "");
  }

  /** The role of `login` on `repo`; the owner is admin. */
  role(repo: Repo, login: string): Role | undefined {
    if (login.toLowerCase() === repo.owner.toLowerCase()) return "admin";
    return repo.roles.get(login.toLowerCase());
  }
}

/** GitHub's timestamps: ISO 8601 in UTC without milliseconds. */
export function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}
