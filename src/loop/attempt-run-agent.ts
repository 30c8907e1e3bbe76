/**
 * Step 1 of an attempt: hand the agent its files, run it in the working copy with a scrubbed
 * environment and the remaining wall-clock budget, and parse what it said.
 */
import type { AgentPresetDefinition } from "./agent-preset.js";
import type { Config } from "../core/config.js";
import { scrubEnvironment } from "../core/environment.js";
import { renderTaskFile, type TaskInput } from "../core/task.js";
import { keepLog } from "./attempt-logs.js";
import type { AttemptFiles, ProcessResult, ProcessRunner, Workspace } from "./ports.js";

export interface RunAgentInput {
  n: number;
  config: Config;
  task: TaskInput;
  preset: AgentPresetDefinition;
  repoRoot: string;
  /** The previous attempt's failures (empty for the first attempt). */
  feedback: string;
  /** Wall-clock milliseconds left: the agent's timeout. */
  remainingMs: number;
  signal: AbortSignal;
  workspace: Workspace;
  runner: ProcessRunner;
  files: AttemptFiles;
  hostEnv: Readonly<Record<string, string | undefined>>;
  recordProcess: (handle: string) => Promise<void>;
  /** Each chunk of the agent's output as it arrives (progress). */
  onOutput?: (source: string, text: string) => void;
}

export type AgentRun = { aborted: true } | { aborted: false; run: ProcessResult; parsed: ReturnType<AgentPresetDefinition["parse"]> };

export async function runAgent(input: RunAgentInput): Promise<AgentRun> {
  const { n, files } = input;
  const taskText = renderTaskFile(input.task);
  const ctx = {
    attempt: n,
    worktree: input.workspace.dir,
    taskFile: await files.write(n, "task.md", taskText),
    feedbackFile: await files.write(n, "feedback.md", input.feedback),
    promptFile: await files.write(n, "prompt.md", input.feedback ? `${taskText}\n${input.feedback}` : taskText),
    resultFile: files.path(n, "result.json"),
    repoRoot: input.repoRoot,
    agent: input.config.agent,
  };
  const invocation = input.preset.invocation(ctx);
  const env = {
    ...scrubEnvironment(input.hostEnv, [...input.preset.envAllowlist, ...input.config.agent.env]),
    ...invocation.env,
  };
  const run = await input.runner.run({
    argv: invocation.argv,
    cwd: input.workspace.dir,
    env,
    timeoutMs: Math.max(1, input.remainingMs),
    ...(invocation.stdinFile === undefined ? {} : { stdinFile: invocation.stdinFile }),
    signal: input.signal,
    onStart: input.recordProcess,
    ...(input.onOutput === undefined ? {} : { onOutput: (_stream: "stdout" | "stderr", text: string) => input.onOutput?.("agent", text) }),
  });
  // Kept for `foreman log`, also when the run was stopped (what it said so far).
  await keepLog(files, n, "agent.stdout.log", run.stdout);
  await keepLog(files, n, "agent.stderr.log", run.stderr);
  if (run.aborted) return { aborted: true };
  const parsed = input.preset.parse(
    {
      exitCode: run.exitCode,
      timedOut: run.timedOut,
      stdout: run.stdout,
      stderr: run.stderr,
      resultFileText: await files.read(ctx.resultFile),
    },
    ctx,
  );
  return { aborted: false, run, parsed };
}
