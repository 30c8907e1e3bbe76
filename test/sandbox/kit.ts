/**
 * A stand-in with one repository set up the way Foreman meets it on GitHub: the shipped
 * workflow and a `.github/foreman.yml`, an App (fresh RSA key) installed on it and on the org's
 * `.github` repository, a maintainer and a read-only user. Clients are Foreman's own factory
 * over a fetch that checks every request and answer against GitHub's description.
 */
import { generateKeyPairSync } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterEach } from "vitest";
import { createGitHubClient, type GitHubClient, type GitHubClientOptions } from "../../src/github/client.js";
import { StandIn, type RepoHandle, type StandInOptions } from "../../src/sandbox/index.js";
import { checkedFetch, type CheckedFetch } from "./response-contract.js";

export const OWNER = "octo-org";
export const NAME = "widgets";
export const APP_ID = 4242;
export const APP_SLUG = "foreman-app";
export const BOT = `${APP_SLUG}[bot]`;
export const WORKFLOW = readFileSync(new URL("../../examples/workflows/foreman.yml", import.meta.url), "utf8");

let keys: { privateKey: string; publicKey: string } | undefined;
/** One RSA key pair per worker (generating one takes a moment). */
export function appKeys(): { privateKey: string; publicKey: string } {
  keys ??= generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return keys;
}

export interface Sandbox {
  standIn: StandIn;
  repo: RepoHandle;
  orgRepo: RepoHandle;
  installationId: number;
  tokens: { bot: string; maintainer: string; reader: string; admin: string; outsider: string };
  /** The checked fetch of the current test. */
  checked: CheckedFetch;
  /**
   * Accepts `status` for `method` on paths ending in `pathEnd` although GitHub's description does
   * not list it (GitHub does answer it: a dispatch of a missing workflow is 404, say).
   */
  allowUndocumented(status: number, method: string, pathEnd: string): void;
  /** Foreman's client as `who`, over the checked fetch. */
  client(token: string, overrides?: Partial<GitHubClientOptions>): GitHubClient;
}

/** Starts a sandbox; closes it and fails the test on any contract violation afterwards. */
export async function startSandbox(
  options: StandInOptions = {},
  files: Record<string, string> = {},
  lifetime: "test" | "manual" = "test",
): Promise<Sandbox> {
  const standIn = await StandIn.start(options);
  const repo = await standIn.createRepo(OWNER, NAME, {
    files: {
      "README.md": "# widgets\n",
      ".github/workflows/foreman.yml": WORKFLOW,
      ".github/foreman.yml": "_extends: .github\nbudget:\n  daily:\n    usd: 8\n",
      ...files,
    },
  });
  const orgRepo = await standIn.createRepo(OWNER, ".github", { files: { ".github/foreman.yml": "limits:\n  daily:\n    usd: 5\n" } });
  standIn.registerApp({ id: APP_ID, slug: APP_SLUG, owner: OWNER, publicKey: appKeys().publicKey });
  const installationId = standIn.install(APP_ID, OWNER, [NAME, ".github"]);
  standIn.grant(repo, "maintainer", "maintain");
  standIn.grant(repo, "reader", "read");
  standIn.grant(repo, "boss", "admin");
  const tokens = {
    bot: standIn.installationToken(installationId),
    maintainer: standIn.addUser("maintainer"),
    reader: standIn.addUser("reader"),
    admin: standIn.addUser("boss"),
    outsider: standIn.addUser("outsider"),
  };
  const box: Sandbox = {
    standIn,
    repo,
    orgRepo,
    installationId,
    tokens,
    checked: checkedFetch(),
    allowUndocumented(status, method, pathEnd) {
      allowed.set(box, [...(allowed.get(box) ?? []), { status, method, pathEnd }]);
    },
    client(token, overrides = {}) {
      return createGitHubClient({ token, baseUrl: standIn.url, fetch: box.checked.fetch, retryAfterBaseMs: 1, paceWrites: false, ...overrides });
    },
  };
  if (lifetime === "test") opened.push(box);
  return box;
}

const opened: Sandbox[] = [];
const allowed = new WeakMap<Sandbox, { status: number; method: string; pathEnd: string }[]>();

/** The contract violations of `box`, less the undocumented statuses the test allowed. */
function violationsOf(box: Sandbox): string[] {
  const ok = allowed.get(box) ?? [];
  return box.checked.violations.filter((v) => {
    const m = /^GitHub does not document status (\d+) for (\w+) (\S+)$/.exec(v);
    if (m === null) return true;
    const path = new URL(m[3] ?? "").pathname;
    return !ok.some((a) => String(a.status) === m[1] && a.method === m[2] && path.endsWith(a.pathEnd));
  });
}

/** Closes a sandbox started with lifetime "manual"; throws its contract violations. */
export async function closeSandbox(box: Sandbox): Promise<void> {
  const violations = violationsOf(box);
  await box.standIn.close();
  if (violations.length > 0) throw new Error(`GitHub contract violations:\n${violations.join("\n")}`);
}

/** Registers the after-each check: no contract violation, sandboxes closed. */
export function useSandboxes(): void {
  afterEach(async () => {
    const boxes = opened.splice(0);
    const violations = boxes.flatMap(violationsOf);
    await Promise.all(boxes.map((b) => b.standIn.close()));
    if (violations.length > 0) throw new Error(`GitHub contract violations:\n${violations.join("\n")}`);
  });
}
