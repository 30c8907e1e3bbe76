/**
 * The Action's inputs and the runner's variables, read once into one typed object. Every later
 * function receives `ActionSettings`, never `process.env`. (Minimal version written by 8E against
 * the interface in the issue split; the lead's `settings.ts` replaces it on merge.)
 */
import { UsageError } from "../core/errors.js";
import type { RepoRef } from "../github/repo.js";

export type ActionMode = "run" | "recover" | "sweep";

export interface ActionSettings {
  mode: ActionMode;
  /** Required for run and recover. */
  issue?: number;
  /** The wake reason (label, command, approve, recover, sweep, manual…). */
  reason: string;
  githubToken: string;
  app?: { appId: string; privateKey: string };
  stateKey?: string;
  /** Preset name override. */
  agent?: string;
  /** argv for the custom preset. */
  agentCommand?: string[];
  /** Default ".github/foreman.yml", relative to the checkout. */
  configPath: string;
  /** GITHUB_REPOSITORY */
  repo: RepoRef;
  /** GITHUB_API_URL */
  apiUrl: string;
  /** GITHUB_SERVER_URL */
  serverUrl: string;
  runId?: number;
  runAttempt?: number;
  /** GITHUB_WORKSPACE (the checkout). */
  workspace: string;
  /** RUNNER_TEMP */
  runnerTemp: string;
  /** Bot logins whose state is trusted. */
  trustedBots: string[];
}

type Env = Readonly<Record<string, string | undefined>>;

function input(env: Env, name: string): string | undefined {
  const value = env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

function positiveInt(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(value)) throw new UsageError(`Invalid ${what} '${value}'. Expected a positive whole number.`);
  return Number(value);
}

export function readActionSettings(env: Env): ActionSettings {
  const modeText = input(env, "mode") ?? "run";
  if (modeText !== "run" && modeText !== "recover" && modeText !== "sweep") {
    throw new UsageError(`Invalid input 'mode' '${modeText}'. Expected one of run, recover, sweep.`);
  }
  const mode: ActionMode = modeText;
  const issue = positiveInt(input(env, "issue"), "input 'issue'");
  if (mode !== "sweep" && issue === undefined) throw new UsageError(`Input 'issue' is required in mode '${mode}'. Pass the issue number.`);
  const githubToken = input(env, "github-token") ?? env["GITHUB_TOKEN"];
  if (githubToken === undefined || githubToken === "")
    throw new UsageError("Input 'github-token' is required. Pass `github-token: ${{ github.token }}`.");
  const slug = env["GITHUB_REPOSITORY"] ?? "";
  const [owner, repo, ...rest] = slug.split("/");
  if (!owner || !repo || rest.length > 0) throw new UsageError(`Invalid repository '${slug}'. Expected format {owner}/{repo} in GITHUB_REPOSITORY.`);
  const appId = input(env, "app-id");
  const privateKey = input(env, "app-private-key");
  if ((appId === undefined) !== (privateKey === undefined)) {
    throw new UsageError("Inputs 'app-id' and 'app-private-key' go together. Pass both, or neither (then 'state-key' is required).");
  }
  const stateKey = input(env, "state-key");
  const agent = input(env, "agent");
  const agentCommandText = input(env, "agent-command");
  const workspace = env["GITHUB_WORKSPACE"];
  if (workspace === undefined || workspace === "")
    throw new UsageError("GITHUB_WORKSPACE is not set. Run Foreman as a step of a GitHub Actions job.");
  const runId = positiveInt(env["GITHUB_RUN_ID"], "GITHUB_RUN_ID");
  const runAttempt = positiveInt(env["GITHUB_RUN_ATTEMPT"], "GITHUB_RUN_ATTEMPT");
  return {
    mode,
    ...(issue === undefined ? {} : { issue }),
    reason: input(env, "reason") ?? "manual",
    githubToken,
    ...(appId !== undefined && privateKey !== undefined ? { app: { appId, privateKey } } : {}),
    ...(stateKey === undefined ? {} : { stateKey }),
    ...(agent === undefined ? {} : { agent }),
    ...(agentCommandText === undefined ? {} : { agentCommand: agentCommandText.split(/\s+/) }),
    configPath: input(env, "config-path") ?? ".github/foreman.yml",
    repo: { owner, repo },
    apiUrl: env["GITHUB_API_URL"] ?? "https://api.github.com",
    serverUrl: env["GITHUB_SERVER_URL"] ?? "https://github.com",
    ...(runId === undefined ? {} : { runId }),
    ...(runAttempt === undefined ? {} : { runAttempt }),
    workspace,
    runnerTemp: env["RUNNER_TEMP"] ?? env["TMPDIR"] ?? "/tmp",
    trustedBots: appId !== undefined ? [] : ["github-actions[bot]"],
  };
}
