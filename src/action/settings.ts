/**
 * The Action's inputs and the runner's environment, read once into one typed object. Nothing
 * else in the Action reads `process.env`: the settings are the whole of what a run knows about
 * where it runs. A missing or malformed input is a `usage` error that names the input and the fix.
 *
 * Inputs arrive as `INPUT_<NAME>` (upper case, spaces as `_`, dashes kept), the way the runner
 * passes them (and the way `@actions/core` reads them).
 *
 * One tuning variable, set in the step's `env:` when wanted: `FOREMAN_CANCEL_POLL_SECONDS`, how
 * often a run looks for a `/cancel` while its session runs (default 15; an unchanged thread
 * answers 304, which costs no rate limit, so shorter only costs requests).
 */
import { ForemanError } from "../core/errors.js";
import type { RepoRef } from "../github/repo.js";

export const ACTION_MODES = ["run", "recover", "sweep"] as const;
export type ActionMode = (typeof ACTION_MODES)[number];

export interface ActionSettings {
  mode: ActionMode;
  /** The issue of the session; required for `run` and `recover`. */
  issue?: number;
  /** Why this run was woken (label, command, approve, recover, sweep, manual…): for logs and the summary. */
  reason: string;
  githubToken: string;
  /** App credentials: the installation token that opens PRs (so the repository's CI runs) and the signing key. */
  app?: { appId: string; privateKey: string };
  /** Signing secret when the Action runs without an App. */
  stateKey?: string;
  /** Preset name that overrides the configuration's `agent.preset`. */
  agent?: string;
  /** Argv of the `custom` preset: a JSON array of strings, or words split on whitespace (no shell ever sees it). */
  agentCommand?: string[];
  /** The configuration file, relative to the checkout. */
  configPath: string;
  repo: RepoRef;
  apiUrl: string;
  serverUrl: string;
  runId?: number;
  runAttempt?: number;
  /** The branch the run was dispatched on (`GITHUB_REF_NAME`): the base of the pull request. */
  baseBranch: string;
  /** The checkout (`GITHUB_WORKSPACE`). */
  workspace: string;
  runnerTemp: string;
  /**
   * Bot logins the credentials imply as state authors, on top of the configuration's
   * `bots.trusted_state_authors`: `github-actions[bot]` when the Action runs without an App
   * (it then writes as that bot, and the state key's signature is what makes its blocks trusted).
   */
  trustedBots: string[];
  /** How often the cancel watcher looks for a `/cancel` (`FOREMAN_CANCEL_POLL_SECONDS`, milliseconds here). */
  cancelPollMs: number;
}

/** The cancel watcher's interval unless `FOREMAN_CANCEL_POLL_SECONDS` says otherwise. */
export const DEFAULT_CANCEL_POLL_SECONDS = 15;

/** An input or runner variable that is missing or malformed. */
export class ActionInputError extends ForemanError {
  override readonly name = "ActionInputError";
  readonly kind = "usage";
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(message);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function input(env: Env, name: string): string | undefined {
  const value = env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`]?.trim();
  return value ? value : undefined;
}

function required(env: Env, variable: string, what: string): string {
  const value = env[variable]?.trim();
  if (!value) throw new ActionInputError(variable, `${variable} is not set: ${what}. Run Foreman as a step of a GitHub Actions job.`);
  return value;
}

function positiveInt(raw: string | undefined, name: string, label: string, fix: string): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^[1-9][0-9]{0,9}$/.test(raw)) throw new ActionInputError(name, `${label} must be a positive whole number, got "${raw}": ${fix}`);
  return Number(raw);
}

function parseAgentCommand(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  if (!raw.startsWith("[")) return raw.split(/\s+/).filter(Boolean);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((a): a is string => typeof a === "string" && a.length > 0)) {
    throw new ActionInputError(
      "agent-command",
      `Input "agent-command" starts with "[" but is not a JSON array of non-empty strings: ${raw.slice(0, 80)}`,
    );
  }
  return parsed;
}

/** Reads the settings from the step's environment; throws `ActionInputError` naming the input to fix. */
export function readActionSettings(env: Env): ActionSettings {
  const rawMode = input(env, "mode") ?? "run";
  if (!(ACTION_MODES as readonly string[]).includes(rawMode)) {
    throw new ActionInputError("mode", `Input "mode" must be one of ${ACTION_MODES.join(", ")}, got "${rawMode}".`);
  }
  const mode = rawMode as ActionMode;
  const issue = positiveInt(input(env, "issue"), "issue", 'Input "issue"', "pass the issue number (`issue: ${{ inputs.issue }}`).");
  if (issue === undefined && mode !== "sweep") {
    throw new ActionInputError("issue", `Input 'issue' is required in mode '${mode}'. Pass the issue number.`);
  }
  const githubToken = input(env, "github-token");
  if (!githubToken) {
    throw new ActionInputError("github-token", 'Input "github-token" is empty: pass `github-token: ${{ github.token }}` (the default).');
  }
  const appId = input(env, "app-id");
  const privateKey = input(env, "app-private-key");
  if ((appId === undefined) !== (privateKey === undefined)) {
    const missing = appId === undefined ? "app-id" : "app-private-key";
    throw new ActionInputError(missing, `Input "${missing}" is empty while its pair is set: pass both app-id and app-private-key, or neither.`);
  }
  if (appId !== undefined && !/^[0-9]+$/.test(appId) && !/^Iv[0-9A-Za-z.]+$/.test(appId)) {
    throw new ActionInputError("app-id", `Input "app-id" must be the App's numeric id or client id, got "${appId}".`);
  }
  const stateKey = input(env, "state-key");
  if (appId === undefined && stateKey === undefined) {
    throw new ActionInputError(
      "state-key",
      "No key to sign Foreman's state: pass 'app-id' and 'app-private-key' (recommended: PRs then run your CI), or 'state-key', a secret of at least 32 random characters (`state-key: ${{ secrets.FOREMAN_STATE_KEY }}`).",
    );
  }
  if (stateKey !== undefined && stateKey.length < 32) {
    throw new ActionInputError(
      "state-key",
      `Input "state-key" is ${stateKey.length} characters long: use a random secret of at least 32 characters.`,
    );
  }
  const repository = required(env, "GITHUB_REPOSITORY", "it names the repository (owner/name)");
  const [owner, repo, ...rest] = repository.split("/");
  if (!owner || !repo || rest.length > 0)
    throw new ActionInputError("GITHUB_REPOSITORY", `GITHUB_REPOSITORY must be owner/name, got "${repository}".`);
  const agentCommand = parseAgentCommand(input(env, "agent-command"));
  const settings: ActionSettings = {
    mode,
    reason: input(env, "reason") ?? (mode === "run" ? "manual" : mode),
    githubToken,
    configPath: input(env, "config-path") ?? ".github/foreman.yml",
    repo: { owner, repo },
    apiUrl: env.GITHUB_API_URL?.trim() || "https://api.github.com",
    serverUrl: env.GITHUB_SERVER_URL?.trim() || "https://github.com",
    baseBranch: env.GITHUB_REF_NAME?.trim() || "main",
    workspace: required(env, "GITHUB_WORKSPACE", "it is the checkout Foreman works from"),
    runnerTemp: required(env, "RUNNER_TEMP", "Foreman keeps attempt files there"),
    trustedBots: appId === undefined ? ["github-actions[bot]"] : [],
    cancelPollMs:
      1000 *
      (positiveInt(
        env.FOREMAN_CANCEL_POLL_SECONDS?.trim() || undefined,
        "FOREMAN_CANCEL_POLL_SECONDS",
        "FOREMAN_CANCEL_POLL_SECONDS",
        `set it in the step's \`env:\` to how many seconds a run waits between looks for a /cancel, or leave it unset (${DEFAULT_CANCEL_POLL_SECONDS}).`,
      ) ?? DEFAULT_CANCEL_POLL_SECONDS),
  };
  if (issue !== undefined) settings.issue = issue;
  if (appId !== undefined && privateKey !== undefined) settings.app = { appId, privateKey: privateKey.replace(/\\n/g, "\n") };
  if (stateKey !== undefined) settings.stateKey = stateKey;
  const agent = input(env, "agent");
  if (agent !== undefined) settings.agent = agent;
  if (agentCommand && agentCommand.length > 0) settings.agentCommand = agentCommand;
  const runId = positiveInt(env.GITHUB_RUN_ID?.trim() || undefined, "GITHUB_RUN_ID", "GITHUB_RUN_ID", "the runner sets it.");
  if (runId !== undefined) settings.runId = runId;
  const runAttempt = positiveInt(env.GITHUB_RUN_ATTEMPT?.trim() || undefined, "GITHUB_RUN_ATTEMPT", "GITHUB_RUN_ATTEMPT", "the runner sets it.");
  if (runAttempt !== undefined) settings.runAttempt = runAttempt;
  return settings;
}
