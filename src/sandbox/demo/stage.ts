/**
 * `Stage`: the whole product on one machine, for `foreman demo`, the end-to-end tests and the
 * bench. It starts the stand-in, the Foreman App (a real Probot on an HTTP server on
 * 127.0.0.1, registered and installed in the stand-in with a private key generated at start
 * and a webhook secret), the Actions emulator running the Action as a child process, and a
 * repository (by default the greeter example with its stand-in overlay and the shipped
 * workflow). Then it does what people do (open an issue, label, comment), waits for what
 * should follow (polling the stand-in's data with short sleeps, a deadline that names what did
 * not happen), kills runs, and reads the session back.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { createNodeMiddleware, Probot, ProbotOctokit } from "probot";
import { foremanApp } from "../../app/index.js";
import { depsFromEnv } from "../../app/index.js";
import { decodeStateComment, hasStateBlock } from "../../core/state-codec.js";
import type { SessionState } from "../../core/state.js";
import { ActionsEmulator, type EmulatedRun } from "../actions-emulator.js";
import type { FaultPlan } from "../faults.js";
import { loopbackFetch } from "../loopback-fetch.js";
import { exampleWorkflowFile, greeterRepoDir, greeterStandInOverlayDir } from "../shipped-paths.js";
import type { SecondaryLimitOptions } from "../secondary-limit.js";
import { StandIn, type RegisteredApp, type RepoHandle } from "../stand-in.js";

export interface StageOptions {
  owner?: string;
  repoName?: string;
  /** The repository's files (default: {@link greeterFiles}). */
  files?: Record<string, string>;
  /** Logins with write (maintain) and read access. */
  maintainer?: string;
  reader?: string;
  /** The App's id (default {@link DEMO_APP_ID}). */
  appId?: number;
  /** The App's slug: its bot is `<slug>[bot]` (default `foreman`, the login Foreman trusts by default). */
  appSlug?: string;
  /** The Action the emulator runs (default the shipped bundle) and `node` arguments before it. */
  actionEntry?: string;
  nodeArgs?: readonly string[];
  /** The workflow step's `env:` (e.g. `FOREMAN_CANCEL_POLL_SECONDS`), added to each run's environment. */
  stepEnv?: Readonly<Record<string, string>>;
  /** Cancellation delays (default GitHub's 7.5 s and 2.5 s). */
  timings?: { sigtermAfterMs: number; sigkillAfterMs: number };
  faults?: FaultPlan;
  /** Each line a run's step prints. */
  onLog?: (runId: number, line: string) => void;
  /** Where the stand-in keeps its bare repositories (default a temporary directory removed by `stop`). */
  dataDir?: string;
  /** Runners available at once (default unlimited; GitHub's free plan runs 20 jobs at a time). */
  maxConcurrentRuns?: number;
  /** The stand-in enforces GitHub's secondary limit (`{ contentPerMinute: 80 }`); default off. */
  secondaryLimit?: SecondaryLimitOptions;
}

/** The id the stage's App is registered with unless told otherwise. */
export const DEMO_APP_ID = 31_337;

/** A deadline passed before what was awaited happened. */
export class StageTimeoutError extends Error {
  override readonly name = "StageTimeoutError";
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`Timed out after ${(ms / 1000).toFixed(1)} s waiting for ${what}.`);
  }
}

/** Every file under `dir` (path relative to it, `/`-separated → content). */
async function readTree(dir: string, prefix = ""): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const rel = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) Object.assign(out, await readTree(full, rel));
    else if (entry.isFile()) out[rel] = await readFile(full, "utf8");
  }
  return out;
}

/** The greeter example repository, its stand-in overlay (`.github/foreman.yml`) and the shipped workflow. */
export async function greeterFiles(): Promise<Record<string, string>> {
  return {
    ...(await readTree(greeterRepoDir())),
    ...(await readTree(greeterStandInOverlayDir())),
    ".github/workflows/foreman.yml": await readFile(exampleWorkflowFile(), "utf8"),
  };
}

export class Stage {
  readonly standIn: StandIn;
  readonly emulator: ActionsEmulator;
  readonly repo: RepoHandle;
  readonly app: RegisteredApp;
  readonly installationId: number;
  readonly maintainer: string;
  readonly reader: string;
  /** The App's webhook URL. */
  readonly appUrl: string;
  readonly #server: Server;
  #stopped = false;

  private constructor(parts: {
    standIn: StandIn;
    emulator: ActionsEmulator;
    repo: RepoHandle;
    app: RegisteredApp;
    installationId: number;
    maintainer: string;
    reader: string;
    appUrl: string;
    server: Server;
  }) {
    this.standIn = parts.standIn;
    this.emulator = parts.emulator;
    this.repo = parts.repo;
    this.app = parts.app;
    this.installationId = parts.installationId;
    this.maintainer = parts.maintainer;
    this.reader = parts.reader;
    this.appUrl = parts.appUrl;
    this.#server = parts.server;
  }

  static async start(options: StageOptions = {}): Promise<Stage> {
    const owner = options.owner ?? "acme";
    const name = options.repoName ?? "greeter";
    const maintainer = options.maintainer ?? "maya";
    const reader = options.reader ?? "rob";
    const slug = options.appSlug ?? "foreman";
    const { privateKey, publicKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const secret = randomBytes(24).toString("hex");
    const standIn = await StandIn.start({
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      ...(options.faults === undefined ? {} : { faults: options.faults }),
      ...(options.secondaryLimit === undefined ? {} : { secondaryLimit: options.secondaryLimit }),
    });
    try {
      const repo = await standIn.createRepo(owner, name, { files: options.files ?? (await greeterFiles()) });
      const app = standIn.registerApp({ id: options.appId ?? DEMO_APP_ID, slug, name: "Foreman", owner, publicKey });
      const installationId = standIn.install(app.id, owner, [name]);
      standIn.grant(repo, maintainer, "maintain");
      standIn.grant(repo, reader, "read");
      const probot = new Probot({
        appId: app.id,
        privateKey,
        secret,
        baseUrl: standIn.url,
        logLevel: "fatal",
        Octokit: ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, throttle: { enabled: false } })),
        request: { fetch: loopbackFetch },
      });
      const middleware = await createNodeMiddleware(foremanApp(depsFromEnv({ PRIVATE_KEY: privateKey })), {
        probot,
        webhooksPath: "/api/github/webhooks",
      });
      const server = createServer((req, res) => {
        void middleware(req, res, () => res.writeHead(404).end());
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
      standIn.setWebhook({ url: appUrl, secret });
      const emulator = new ActionsEmulator({
        standIn,
        credentials: { appId: String(app.id), appPrivateKey: privateKey },
        ...(options.actionEntry === undefined ? {} : { actionEntry: options.actionEntry }),
        ...(options.nodeArgs === undefined ? {} : { nodeArgs: options.nodeArgs }),
        ...(options.stepEnv === undefined ? {} : { stepEnv: options.stepEnv }),
        ...(options.timings === undefined ? {} : { timings: options.timings }),
        ...(options.onLog === undefined ? {} : { onLog: options.onLog }),
        ...(options.maxConcurrentRuns === undefined ? {} : { maxConcurrentRuns: options.maxConcurrentRuns }),
      });
      standIn.setRunner(emulator);
      return new Stage({ standIn, emulator, repo, app, installationId, maintainer, reader, appUrl, server });
    } catch (error) {
      await standIn.close();
      throw error;
    }
  }

  // ── what people do ─────────────────────────────────────────────────────────────────────

  /** `author` (default the maintainer) opens an issue; returns its number. */
  openIssue(fields: { title: string; body?: string }, author = this.maintainer): number {
    return this.standIn.openIssue(this.repo, author, fields);
  }

  /** `by` (default the maintainer) adds `label` (default `foreman`). */
  label(issue: number, by = this.maintainer, label = "foreman"): void {
    this.standIn.addLabel(this.repo, issue, label, by);
  }

  /** `author` comments; returns the comment id. */
  comment(issue: number, author: string, body: string): number {
    return this.standIn.comment(this.repo, issue, author, body);
  }

  /** The runner of `runId` dies mid-step (SIGKILL of the step's tree): the run concludes `failure`. */
  killRun(runId: number): void {
    this.emulator.kill(runId);
  }

  // ── waiting and reading ────────────────────────────────────────────────────────────────

  /** Polls `probe` every `pollMs` until it returns a value other than undefined/false/null; throws `StageTimeoutError` naming `what`. */
  async waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 45_000, pollMs = 25): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const got = probe();
      if (got !== undefined && got !== null && got !== false) return got;
      if (Date.now() > end) throw new StageTimeoutError(what, timeoutMs);
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  /** Waits until no run is pending or running and every webhook has been answered (twice over: a delivery may dispatch a run). */
  async settle(timeoutMs = 45_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      await this.standIn.idle();
      const quiet = this.emulator.runs().every((r) => r.state === "completed");
      if (quiet) {
        await new Promise((r) => setTimeout(r, 50));
        await this.standIn.idle();
        if (this.emulator.runs().every((r) => r.state === "completed")) return;
      }
      if (Date.now() > end) {
        const busy = this.emulator.runs().filter((r) => r.state !== "completed");
        throw new StageTimeoutError(`the runs to end (${busy.map((r) => `${r.runId} "${r.title}" ${r.state}`).join(", ")})`, timeoutMs);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** The workflow runs of an issue (all, when `issue` is undefined), oldest first. */
  runs(issue?: number): EmulatedRun[] {
    return this.emulator.runs().filter((r) => issue === undefined || r.issue === String(issue));
  }

  /** The issue's comments, oldest first: id, author, body, created/updated times. */
  comments(issue: number): { id: number; author: string; body: string; createdAt: string; updatedAt: string }[] {
    return this.standIn.comments(this.repo, issue).map((c) => {
      const user: unknown = c["user"];
      return {
        id: Number(c["id"]),
        author: typeof user === "object" && user !== null ? String(Reflect.get(user, "login")) : "",
        body: String(c["body"] ?? ""),
        createdAt: String(c["created_at"] ?? ""),
        updatedAt: String(c["updated_at"] ?? ""),
      };
    });
  }

  /** The session as the App's bot last wrote it (its state comment, decoded; signature not checked), if any. */
  session(issue: number): SessionState | undefined {
    const comment = this.comments(issue).find((c) => c.author === this.app.botLogin && hasStateBlock(c.body));
    if (comment === undefined) return undefined;
    try {
      return decodeStateComment(comment.body);
    } catch {
      return undefined;
    }
  }

  /** Stops the App's server, the emulator (killing what runs) and the stand-in. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await this.emulator.close();
    await this.standIn.idle();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    await this.standIn.close();
  }
}
