/**
 * The contract between the attempt engine and an agent preset: how to start the agent, and
 * how to read what it said. It lives with the loop's ports because the loop owns it: presets
 * (`src/agents`) implement it, the engine only consumes it (the arrow points agents → loop).
 *
 * Presets never spawn anything themselves; the engine runs the returned argv through its
 * `ProcessRunner`, without a shell, in a scrubbed environment.
 *
 * Purity: `invocation` and `parse` are pure functions of their arguments. They read no file,
 * no environment variable, no clock and no randomness (whatever the engine knows about the run
 * arrives in `AgentContext` and `AgentOutput`), so every preset is tested on recorded output
 * alone and the GitHub Action reads an agent exactly as local mode does. They may throw a
 * `ConfigError` for a configuration they cannot work with (e.g. `custom` without a command).
 *
 * Facts, not verdicts: a failed attempt carries what the agent's output showed (message,
 * HTTP status, error code, timeout). Whether another attempt may help is decided in one place,
 * `classifyError` in `src/core/retry.ts`, never by a preset.
 */
import type { Config } from "../core/config.js";
import type { ErrorFacts } from "../core/retry.js";

/** What the engine hands a preset for one attempt. All paths are absolute. */
export interface AgentContext {
  /** 1-based attempt number. */
  attempt: number;
  /** The worktree the agent works in (its cwd). */
  worktree: string;
  /** Markdown file: the sanitized task (title, body, acceptance criteria). */
  taskFile: string;
  /** Markdown file: the previous attempt's failures (empty on attempt 1). */
  feedbackFile: string;
  /** A file the agent may write a JSON result to (custom preset contract). */
  resultFile: string;
  /** A file holding the full prompt (task + feedback), for agents that take a message file. */
  promptFile: string;
  /** The repository root (not the worktree), to resolve configured relative paths such as replay_dir. */
  repoRoot: string;
  /** The `agent` block of the configuration. */
  agent: Config["agent"];
  /**
   * The gate commands planned on the tree before the agent runs (for configured gates exactly
   * them): presets grant the agent permission to run these and nothing broader.
   */
  gates?: readonly PlannedGateCommand[];
  /**
   * A per-attempt directory Foreman owns, outside the worktree, where the files a preset lists
   * in `AgentInvocation.files` are written (a CLI's config home). It exists only when files are.
   */
  agentHome?: string;
  /**
   * True when the agent runs inside Foreman's own OS sandbox (`sandbox: auto` with bubblewrap
   * working, or `required`): a CLI's inner sandbox is then redundant and may be turned off.
   */
  sandboxed?: boolean;
}

/** A gate the agent may run itself: its name and argv (run in `root`, relative to the repository). */
export interface PlannedGateCommand {
  name: string;
  argv: readonly string[];
  root: string;
}

/** A file a preset needs in the agent's home (a CLI's config file), written before the agent starts. */
export interface AgentHomeFile {
  /** A plain file name, or `folder/file` where the folder may be a dot-folder (`.gemini/settings.json`); never `..` or absolute. */
  name: string;
  content: string;
  /** Written with mode 0755: a script the CLI runs (Copilot CLI's exact gate wrappers). */
  executable?: boolean;
}

/** How to start the agent for one attempt. */
export interface AgentInvocation {
  argv: string[];
  /** Extra variables set by the preset (never secrets); merged over the scrubbed environment. */
  env?: Record<string, string>;
  /** A file fed to the agent's standard input. */
  stdinFile?: string;
  /**
   * Variables the child gets from another host variable: `{ ANTHROPIC_AUTH_TOKEN: "GATEWAY_TOKEN" }`
   * sets the child's `ANTHROPIC_AUTH_TOKEN` to the host's `GATEWAY_TOKEN` (a configured secret the
   * preset cannot read itself). Names that must never reach a child are dropped.
   */
  envFrom?: Record<string, string>;
  /** Files written into `AgentContext.agentHome` before the agent starts (config the CLI reads). */
  files?: readonly AgentHomeFile[];
  /**
   * A file the CLI writes in `AgentContext.agentHome` that the preset reads after the run (Copilot
   * CLI's session events, where its token usage is): an absolute path inside the agent home, else
   * ignored. Its content reaches `parse` as `AgentOutput.reportFileText`.
   */
  reportFile?: string;
}

/** What the agent's process left behind. */
export interface AgentOutput {
  exitCode: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** Content of the result file if the agent wrote one. */
  resultFileText: string | null;
  /** Content of the invocation's `reportFile`, when it named one and the CLI wrote it (untrusted). */
  reportFileText?: string | null;
}

/**
 * Why an attempt failed, as the agent's output showed it. `message` is what people read (the
 * engine caps it); `status` is the HTTP status of the model API when the output names one;
 * `timedOut` is set when the engine's time limit stopped the agent. No verdict: core's
 * `classifyError` reads these facts.
 */
export interface AgentFailure extends ErrorFacts {
  message: string;
}

/** What an agent reported spending, and what it said it did. */
interface AgentReport {
  /** USD spent, when the agent reports it (or it can be priced from tokens). Unknown: undefined. */
  costUsd?: number;
  tokens?: number;
  /** Untrusted text; the engine caps it. */
  summary: string;
  /** Tool calls the agent's CLI refused (e.g. Claude's `permission_denials`), as `Tool(input)` strings. */
  deniedTools?: string[];
  /**
   * True only when the output proves no model response was billed (the run failed before any
   * response arrived). Then the attempt costs 0; an unknown cost otherwise counts as assumed.
   */
  notBilled?: boolean;
}

/** The preset's reading of one attempt: a success, or a failure with its facts. */
export type AgentResult = (AgentReport & { ok: true; failure?: undefined }) | (AgentReport & { ok: false; failure: AgentFailure });

export interface AgentPresetDefinition {
  name: string;
  /** Names of environment variables the agent may see besides the base allowlist (its model keys). */
  envAllowlist: readonly string[];
  /** Globs of files the agent writes in the worktree for itself (caches): never part of the change. */
  scratchPaths?: readonly string[];
  /** Pure: the argv, extra variables and stdin file for this attempt. */
  invocation(ctx: AgentContext): AgentInvocation;
  /** Pure: never throws on the agent's output, whatever it printed. */
  parse(output: AgentOutput, ctx: AgentContext): AgentResult;
}
