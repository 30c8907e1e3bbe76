/**
 * The contract between the attempt engine and an agent preset: how to start the agent, and
 * how to read what it said. Presets never spawn anything themselves; the engine runs the
 * returned argv through its `ProcessRunner`, without a shell, in a scrubbed environment.
 */
import type { Config } from "../core/config.js";

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
}

/** How to start the agent for one attempt. */
export interface AgentInvocation {
  argv: string[];
  /** Extra variables set by the preset (never secrets); merged over the scrubbed environment. */
  env?: Record<string, string>;
  /** A file fed to the agent's standard input. */
  stdinFile?: string;
}

/** What the agent's process left behind. */
export interface AgentOutput {
  exitCode: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** Content of the result file if the agent wrote one. */
  resultFileText: string | null;
}

/** The preset's reading of one attempt. Untrusted text (summary, error) is capped by the engine. */
export interface AgentResult {
  ok: boolean;
  /** USD spent, when the agent reports it (or it can be priced from tokens). Unknown: undefined. */
  costUsd?: number;
  tokens?: number;
  summary: string;
  error?: string;
  /** The error is worth another attempt (rate limit, overloaded, network), not a permanent failure. */
  transient?: boolean;
}

export interface AgentPresetDefinition {
  name: string;
  /** Names of environment variables the agent may see besides the base allowlist (its model keys). */
  envAllowlist: readonly string[];
  /** Globs of files the agent writes in the worktree for itself (caches): never part of the change. */
  scratchPaths?: readonly string[];
  invocation(ctx: AgentContext): AgentInvocation;
  parse(output: AgentOutput, ctx: AgentContext): AgentResult;
}
