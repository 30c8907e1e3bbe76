/**
 * `StandIn`: an offline GitHub on 127.0.0.1 for tests and `foreman demo`. It serves the REST
 * subset Foreman uses (routes/*) over in-memory data, backs each repository with a bare git
 * repository on disk (the remote the Action pushes to), sends webhooks signed to the App's
 * real server, hands dispatched workflow runs to a pluggable runner, and injects faults on
 * demand. The methods below are what people do on github.com (open an issue, label it, comment,
 * edit a comment as an admin, click a check-run button) and what a runner reports.
 */
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Identity, IssuedToken } from "./auth.js";
import { Faults, type FaultPlan } from "./faults.js";
import { createBareRepo, commitFiles } from "./git-remote.js";
import { createFront, type LoggedCall, type Server } from "./http-server.js";
import { GitHubHttpError } from "./http-error.js";
import { Router } from "./router.js";
import { registerActions } from "./routes/actions.js";
import { registerApps } from "./routes/apps.js";
import { registerCheckRuns } from "./routes/check-runs.js";
import { registerCollaborators } from "./routes/collaborators.js";
import { addComment, editComment, registerComments } from "./routes/comments.js";
import { registerGitData } from "./routes/git-data.js";
import { addLabels, openIssue, registerIssues } from "./routes/issues.js";
import { registerPulls } from "./routes/pulls.js";
import type { Services } from "./routes/services.js";
import { checkRunJson, commentJson, issueJson, labelJson, pullJson, repositoryJson, userJson, workflowJson, workflowRunJson } from "./shapes.js";
import { deliveryGuid, postDelivery, type Delivery, type WebhookTarget } from "./webhooks.js";
import { CONTENT_CREATING, SecondaryLimit, type SecondaryLimitOptions } from "./secondary-limit.js";
import { iso, World, type Repo, type Role, type WorkflowRun } from "./world.js";

export { CONTENT_CREATING } from "./secondary-limit.js";

/** GitHub Actions' own App id on github.com (the author of `GITHUB_TOKEN` check runs). */
export const GITHUB_ACTIONS_APP_ID = 15368;

/** A dispatched workflow run, as the runner receives it. */
export interface QueuedRun {
  owner: string;
  repo: string;
  runId: number;
  runNumber: number;
  workflowFile: string;
  /** The branch dispatched on, and its SHA then. */
  ref: string;
  headSha: string;
  inputs: Readonly<Record<string, string>>;
  /** The workflow's `run-name` with the inputs substituted. */
  displayTitle: string;
  /** Who dispatched it. */
  actor: string;
  /** The bare repository to clone and push to. */
  gitDir: string;
}

/** Runs dispatched workflows (part B emulates Actions); without one, runs stay queued. */
export interface Runner {
  queued(run: QueuedRun): void;
  /** A cancel was requested; the runner stops the run and reports `finishRun(id, "cancelled")`. */
  cancel?(run: QueuedRun): void;
}

export interface StandInOptions {
  /** Where bare repositories are created; default a fresh temporary directory removed on close. */
  dataDir?: string;
  /** Milliseconds since the epoch (default `Date.now`): timestamps, token expiry, rate-limit windows. */
  now?: () => number;
  /**
   * The clock App JWTs (`iat`, `exp`) are judged by; default the wall clock, which is what
   * `@octokit/auth-app` signs with, so a test may run the data on a fixed clock.
   */
  jwtNow?: () => number;
  faults?: FaultPlan;
  /** Where webhooks go (the App's webhook URL and secret); none: only recorded. */
  webhook?: WebhookTarget;
  runner?: Runner;
  /**
   * Enforce GitHub's secondary limit on content-creating requests by rate, per user or
   * installation (`{ contentPerMinute: 80 }` as on github.com): over it, 403 with `retry-after`
   * and the request not performed. Default off (tests stay fast; random 403s are `faults`).
   */
  secondaryLimit?: SecondaryLimitOptions;
}

export interface RepoHandle {
  owner: string;
  name: string;
  /** The bare git repository: the remote to clone from and push to. */
  gitDir: string;
  defaultBranch: string;
}

export interface RegisteredApp {
  id: number;
  slug: string;
  /** The login its installation tokens act as. */
  botLogin: string;
}

export class StandIn {
  readonly world: World;
  /** Every API request answered, in order. */
  readonly calls: LoggedCall[] = [];
  /** Every webhook delivery made (a duplicated one appears twice, same id). */
  readonly deliveries: Delivery[] = [];
  readonly faults: Faults;
  /** The enforced secondary limit, when `secondaryLimit` was given (its `refused` counts the 403s). */
  readonly secondaryLimit: SecondaryLimit | undefined;
  readonly #tokens = new Map<string, IssuedToken>();
  readonly #pending = new Set<Promise<void>>();
  readonly #server: Server;
  readonly #router: Router;
  readonly #ownsDataDir: boolean;
  #dataDir: string;
  #tokenCount = 0;
  #deliveryCount = 0;
  #webhook: WebhookTarget | undefined;
  #runner: Runner | undefined;

  private constructor(options: StandInOptions, dataDir: string, owns: boolean) {
    this.world = new World(options.now ?? Date.now, "");
    this.faults = new Faults(options.faults);
    this.secondaryLimit = options.secondaryLimit === undefined ? undefined : new SecondaryLimit(options.secondaryLimit);
    this.#webhook = options.webhook;
    this.#runner = options.runner;
    this.#dataDir = dataDir;
    this.#ownsDataDir = owns;
    const router = new Router();
    this.#router = router;
    const services = this.#services();
    registerIssues(router, services);
    registerComments(router, services);
    registerCheckRuns(router, services);
    registerActions(router, services);
    registerPulls(router, services);
    registerGitData(router);
    registerApps(router, services);
    registerCollaborators(router);
    this.#server = createFront({
      world: this.world,
      router,
      tokens: this.#tokens,
      faults: this.faults,
      ...(this.secondaryLimit === undefined ? {} : { secondaryLimit: this.secondaryLimit }),
      calls: this.calls,
      jwtNow: options.jwtNow ?? Date.now,
    });
  }

  /** Starts a stand-in on 127.0.0.1 on a free port. */
  static async start(options: StandInOptions = {}): Promise<StandIn> {
    const owns = options.dataDir === undefined;
    const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), "foreman-stand-in-")));
    const standIn = new StandIn(options, dataDir, owns);
    await new Promise<void>((resolve, reject) => {
      standIn.#server.once("error", reject);
      standIn.#server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = standIn.#server.address() as AddressInfo;
    standIn.world.baseUrl = `http://127.0.0.1:${port}`;
    return standIn;
  }

  /** The REST routes served, as `METHOD` and GitHub's path template. */
  routes(): { method: string; template: string }[] {
    return this.#router.list();
  }

  /** The API base URL (`GITHUB_API_URL`). */
  get url(): string {
    return this.world.baseUrl;
  }

  /** Stops serving, waits for deliveries in flight, removes the data directory it created. */
  async close(): Promise<void> {
    await this.idle();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    if (this.#ownsDataDir) await rm(this.#dataDir, { recursive: true, force: true });
  }

  /** Resolves once every webhook delivery started so far has been answered. */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  setWebhook(target: WebhookTarget | undefined): void {
    this.#webhook = target;
  }

  setRunner(runner: Runner | undefined): void {
    this.#runner = runner;
  }

  setFaults(plan: FaultPlan): void {
    this.faults.set(plan);
  }

  // ── people and apps ────────────────────────────────────────────────────────────────────

  /** Adds a user (or returns the existing one); returns a personal token acting as them. */
  addUser(login: string): string {
    this.world.user(login);
    return this.#issue({ kind: "user", login }, undefined, "ghp");
  }

  /** Registers a GitHub App whose JWTs are verified with `publicKey` (PEM). */
  registerApp(app: { id: number; slug: string; name?: string; owner: string; publicKey: string }): RegisteredApp {
    this.world.user(app.owner);
    this.world.apps.set(app.id, { id: app.id, slug: app.slug, name: app.name ?? app.slug, owner: app.owner, publicKey: app.publicKey });
    this.world.user(`${app.slug}[bot]`);
    return { id: app.id, slug: app.slug, botLogin: `${app.slug}[bot]` };
  }

  /** Installs the App on `account`'s repositories `repos` (names); returns the installation id. */
  install(appId: number, account: string, repos: readonly string[]): number {
    if (!this.world.apps.has(appId)) throw new GitHubHttpError(404, `No App with id ${appId}: register it first.`);
    const id = this.world.nextId();
    this.world.installations.set(id, { id, appId, account, repos: new Set(repos.map((r) => this.world.key(account, r))) });
    return id;
  }

  /** A token acting as the App's bot on the installation (as if minted), for tests. */
  installationToken(installationId: number): string {
    const installation = this.world.installations.get(installationId);
    const app = installation === undefined ? undefined : this.world.apps.get(installation.appId);
    if (installation === undefined || app === undefined) throw new GitHubHttpError(404, `No installation ${installationId}.`);
    return this.#issue({ kind: "installation", login: `${app.slug}[bot]`, installationId, appId: app.id, repos: undefined }, 3_600_000, "ghs");
  }

  /**
   * A token like a workflow's `GITHUB_TOKEN`: it acts as `github-actions[bot]` (an App's
   * installation, so it may write check runs) on `repo` only, and expires in an hour.
   */
  runToken(repo: RepoHandle): string {
    if (!this.world.apps.has(GITHUB_ACTIONS_APP_ID))
      this.registerApp({ id: GITHUB_ACTIONS_APP_ID, slug: "github-actions", name: "GitHub Actions", owner: "github", publicKey: "" });
    const r = this.#repo(repo);
    const key = this.world.key(r.owner, r.name);
    let installation = [...this.world.installations.values()].find(
      (i) => i.appId === GITHUB_ACTIONS_APP_ID && i.account.toLowerCase() === r.owner.toLowerCase(),
    );
    if (installation === undefined) {
      const id = this.install(GITHUB_ACTIONS_APP_ID, r.owner, []);
      installation = this.world.installations.get(id);
    }
    installation?.repos.add(key);
    return this.#issue(
      {
        kind: "installation",
        login: "github-actions[bot]",
        installationId: installation?.id ?? 0,
        appId: GITHUB_ACTIONS_APP_ID,
        repos: new Set([key]),
      },
      3_600_000,
      "ghs",
    );
  }

  // ── repositories ───────────────────────────────────────────────────────────────────────

  /** Creates `owner/name` with one commit of `files` on the default branch (`main`). */
  async createRepo(owner: string, name: string, options: { files?: Record<string, string>; defaultBranch?: string } = {}): Promise<RepoHandle> {
    const key = this.world.key(owner, name);
    if (this.world.repos.has(key)) throw new GitHubHttpError(422, `Repository ${owner}/${name} already exists: pick another name.`);
    this.world.user(owner);
    const defaultBranch = options.defaultBranch ?? "main";
    const gitDir = path.join(this.#dataDir, `${owner}__${name}.git`);
    await createBareRepo(gitDir, defaultBranch, options.files ?? { "README.md": `# ${name}\n` });
    const repo: Repo = {
      id: this.world.nextId(),
      owner,
      name,
      defaultBranch,
      gitDir,
      roles: new Map(),
      issues: new Map(),
      comments: new Map(),
      labels: new Map(),
      events: [],
      pulls: new Map(),
      checkRuns: new Map(),
      runs: new Map(),
      nextNumber: 1,
      nextRunNumber: 1,
    };
    this.world.repos.set(key, repo);
    return { owner, name, gitDir, defaultBranch };
  }

  /** Commits `files` on `branch` (default: the default branch); returns the new SHA. */
  async commit(repo: RepoHandle, files: Record<string, string>, message = "Update files", branch?: string): Promise<string> {
    return commitFiles(this.#repo(repo).gitDir, branch ?? repo.defaultBranch, files, message);
  }

  /** Gives `login` a role on `repo` (a user is created when new). */
  grant(repo: RepoHandle, login: string, role: Role): void {
    this.world.user(login);
    this.#repo(repo).roles.set(login.toLowerCase(), role);
  }

  // ── what people do ─────────────────────────────────────────────────────────────────────

  /** Opens an issue as `author` (sends `issues.opened`); returns its number. */
  openIssue(repo: RepoHandle, author: string, fields: { title: string; body?: string; labels?: string[] }): number {
    const r = this.#repo(repo);
    const issue = openIssue(this.world, r, author, fields);
    this.#event(r, "issues", { action: "opened", issue: issueJson(this.world, r, issue) }, author);
    return issue.number;
  }

  /** `by` adds `label` to the issue (sends `issues.labeled` when it was not there). */
  addLabel(repo: RepoHandle, issue: number, label: string, by: string): void {
    const r = this.#repo(repo);
    const found = this.world.issue(r, issue);
    for (const added of addLabels(this.world, r, found, [label], by))
      this.#event(r, "issues", { action: "labeled", issue: issueJson(this.world, r, found), label: labelJson(this.world, r, added) }, by);
  }

  /** `author` comments on the issue (sends `issue_comment.created`); returns the comment id. */
  comment(repo: RepoHandle, issue: number, author: string, body: string): number {
    const r = this.#repo(repo);
    const found = this.world.issue(r, issue);
    const comment = addComment(this.world, r, found.number, author, body);
    this.#event(
      r,
      "issue_comment",
      { action: "created", issue: issueJson(this.world, r, found), comment: commentJson(this.world, r, comment) },
      author,
    );
    return comment.id;
  }

  /** `by` (an admin, say) edits any comment, bot comments included (sends `issue_comment.edited`). */
  editComment(repo: RepoHandle, commentId: number, body: string, by: string): void {
    const r = this.#repo(repo);
    const comment = r.comments.get(commentId);
    if (comment === undefined) throw new GitHubHttpError(404, `No comment ${commentId} on ${repo.owner}/${repo.name}.`);
    const before = editComment(this.world, comment, body);
    const issue = this.world.issue(r, comment.issue);
    this.#event(
      r,
      "issue_comment",
      { action: "edited", changes: { body: { from: before } }, issue: issueJson(this.world, r, issue), comment: commentJson(this.world, r, comment) },
      by,
    );
  }

  /** `by` closes the issue (sends `issues.closed`). */
  closeIssue(repo: RepoHandle, issue: number, by: string): void {
    const r = this.#repo(repo);
    const found = this.world.issue(r, issue);
    if (found.state === "closed") return;
    const now = this.world.now();
    Object.assign(found, { state: "closed", stateReason: "completed", closedAt: now, updatedAt: now });
    this.#event(r, "issues", { action: "closed", issue: issueJson(this.world, r, found) }, by);
  }

  /** `by` clicks the check run's button `identifier` (sends `check_run.requested_action`). */
  clickCheckRunButton(repo: RepoHandle, checkRunId: number, identifier: string, by: string): void {
    const r = this.#repo(repo);
    const run = r.checkRuns.get(checkRunId);
    if (run === undefined) throw new GitHubHttpError(404, `No check run ${checkRunId} on ${repo.owner}/${repo.name}.`);
    if (!run.actions.some((a) => a.identifier === identifier))
      throw new GitHubHttpError(
        422,
        `Check run ${checkRunId} has no button '${identifier}' (it has: ${run.actions.map((a) => a.identifier).join(", ") || "none"}).`,
      );
    this.#event(r, "check_run", { action: "requested_action", check_run: checkRunJson(this.world, r, run), requested_action: { identifier } }, by);
  }

  // ── what a runner reports ──────────────────────────────────────────────────────────────

  /** The run started (`in_progress`; sends `workflow_run.in_progress`). */
  startRun(repo: RepoHandle, runId: number): void {
    const r = this.#repo(repo);
    const run = this.#run(r, runId);
    run.status = "in_progress";
    run.updatedAt = this.world.now();
    this.#event(
      r,
      "workflow_run",
      { action: "in_progress", workflow_run: workflowRunJson(this.world, r, run), workflow: workflowJson(this.world, r, run) },
      run.actor,
    );
  }

  /** The run ended (sends `workflow_run.completed`). */
  finishRun(repo: RepoHandle, runId: number, conclusion: "success" | "failure" | "cancelled"): void {
    const r = this.#repo(repo);
    const run = this.#run(r, runId);
    if (run.status === "completed") return;
    run.status = "completed";
    run.conclusion = conclusion;
    run.updatedAt = this.world.now();
    this.#event(
      r,
      "workflow_run",
      { action: "completed", workflow_run: workflowRunJson(this.world, r, run), workflow: workflowJson(this.world, r, run) },
      run.actor,
    );
  }

  // ── reading what happened (GitHub's JSON shapes) ───────────────────────────────────────

  issue(repo: RepoHandle, number: number): Record<string, unknown> {
    const r = this.#repo(repo);
    return issueJson(this.world, r, this.world.issue(r, number));
  }

  comments(repo: RepoHandle, issue: number): Record<string, unknown>[] {
    const r = this.#repo(repo);
    return [...r.comments.values()]
      .filter((c) => c.issue === issue)
      .sort((a, b) => a.id - b.id)
      .map((c) => commentJson(this.world, r, c));
  }

  pulls(repo: RepoHandle): Record<string, unknown>[] {
    const r = this.#repo(repo);
    return [...r.pulls.values()].flatMap((p) => {
      const issue = r.issues.get(p.number);
      return issue ? [pullJson(this.world, r, p, issue)] : [];
    });
  }

  checkRuns(repo: RepoHandle): Record<string, unknown>[] {
    const r = this.#repo(repo);
    return [...r.checkRuns.values()].map((c) => checkRunJson(this.world, r, c));
  }

  runs(repo: RepoHandle): Record<string, unknown>[] {
    const r = this.#repo(repo);
    return [...r.runs.values()].map((w) => workflowRunJson(this.world, r, w));
  }

  reactions(repo: RepoHandle, subject: { issue: number } | { comment: number }): { user: string; content: string }[] {
    this.#repo(repo);
    const key = "issue" in subject ? `issue:${subject.issue}` : `comment:${subject.comment}`;
    return this.world.reactions.filter((r) => r.subject === key).map((r) => ({ user: r.author, content: r.content }));
  }

  /** API calls answered, per `METHOD /template` (faults included), for call budgets and the bench. */
  callCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const c of this.calls) out[`${c.method} ${c.route}`] = (out[`${c.method} ${c.route}`] ?? 0) + 1;
    return out;
  }

  /**
   * The most content-creating requests (issues, comments, pull requests opened) answered with
   * success in any 60 s window, by the stand-in's clock: GitHub's secondary limit is about 80.
   * With `caller` (a login, as in {@link LoggedCall}), only that caller's: GitHub counts per
   * user or installation.
   */
  peakContentCreationsPerMinute(caller?: string): number {
    const times = this.calls
      .filter((c) => c.status < 300 && CONTENT_CREATING.has(`${c.method} ${c.route}`) && (caller === undefined || c.caller === caller))
      .map((c) => c.at);
    let peak = 0;
    for (let i = 0, j = 0; j < times.length; j++) {
      while ((times[j] ?? 0) - (times[i] ?? 0) >= 60_000) i++;
      peak = Math.max(peak, j - i + 1);
    }
    return peak;
  }

  /** The issue's thread as Markdown a person can read: title, body, then each comment with its author. */
  threadMarkdown(repo: RepoHandle, number: number): string {
    const r = this.#repo(repo);
    const issue = this.world.issue(r, number);
    const parts = [
      `# ${issue.title} (#${issue.number}, ${issue.state})`,
      "",
      `_opened by @${issue.author} at ${iso(issue.createdAt)}_`,
      "",
      issue.body ?? "",
    ];
    for (const c of [...r.comments.values()].filter((x) => x.issue === number).sort((a, b) => a.id - b.id)) {
      const edited = c.updatedAt !== c.createdAt ? ` (edited ${iso(c.updatedAt)})` : "";
      parts.push("", "---", "", `**@${c.author}** at ${iso(c.createdAt)}${edited}:`, "", c.body);
    }
    return `${parts.join("\n")}\n`;
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────

  #repo(handle: RepoHandle): Repo {
    return this.world.repo(handle.owner, handle.name);
  }

  #run(repo: Repo, runId: number): WorkflowRun {
    const run = repo.runs.get(runId);
    if (run === undefined) throw new GitHubHttpError(404, `No workflow run ${runId} on ${repo.owner}/${repo.name}.`);
    return run;
  }

  #issue(identity: Identity, ttlMs: number | undefined, prefix: string): string {
    const token = `${prefix}_standin${String(++this.#tokenCount).padStart(6, "0")}${"x".repeat(24)}`;
    this.#tokens.set(token, { identity, ...(ttlMs !== undefined ? { expiresAt: this.world.now() + ttlMs } : {}) });
    return token;
  }

  #queued(repo: Repo, run: WorkflowRun): QueuedRun {
    return {
      owner: repo.owner,
      repo: repo.name,
      runId: run.id,
      runNumber: run.runNumber,
      workflowFile: run.workflowFile,
      ref: run.ref,
      headSha: run.headSha,
      inputs: { ...run.inputs },
      displayTitle: run.displayTitle,
      actor: run.actor,
      gitDir: repo.gitDir,
    };
  }

  #services(): Services {
    return {
      issueToken: (identity, ttlMs) => this.#issue(identity, ttlMs, "ghs"),
      runQueued: (repo, run) => this.#runner?.queued(this.#queued(repo, run)),
      runCancelRequested: (repo, run) => {
        if (this.#runner?.cancel !== undefined) this.#runner.cancel(this.#queued(repo, run));
        else this.finishRun({ owner: repo.owner, name: repo.name, gitDir: repo.gitDir, defaultBranch: repo.defaultBranch }, run.id, "cancelled");
      },
      event: (repo, event, payload, sender) => this.#event(repo, event, payload, sender),
    };
  }

  #event(repo: Repo, event: string, payload: Record<string, unknown>, sender: string): void {
    const installation = this.world.installationFor(repo);
    const full: Record<string, unknown> = {
      ...payload,
      repository: repositoryJson(this.world, repo),
      sender: userJson(this.world, sender),
      ...(installation !== undefined
        ? { installation: { id: installation.id, node_id: `MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${installation.id}` } }
        : {}),
    };
    const id = deliveryGuid(++this.#deliveryCount);
    const action = typeof payload["action"] === "string" ? payload["action"] : undefined;
    const copies = this.faults.duplicateWebhooks ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      const delivery: Delivery = { id, event, action, payload: full };
      this.deliveries.push(delivery);
      const target = this.#webhook;
      if (target === undefined) continue;
      const sending = postDelivery(target, delivery).finally(() => this.#pending.delete(sending));
      this.#pending.add(sending);
    }
  }
}
