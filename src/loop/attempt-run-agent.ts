/**
 * Step 1 of an attempt: hand the agent its files (and the config files its preset needs, in a
 * per-attempt agent home), tell the preset which gate commands the agent may run, run it in the
 * working copy with a scrubbed environment, the remaining wall-clock budget and the idle limit
 * (`agent.idle_timeout_minutes`), and parse what it said.
 */
import type { AgentContext, AgentPresetDefinition } from "./agent-preset.js";
import type { Config } from "../core/config.js";
import { copyFromHost, scrubEnvironment } from "../core/environment.js";
import { planAgentGates } from "./attempt-plan-gates.js";
import { renderTaskFile, type TaskInput } from "../core/task.js";
import { keepLog } from "./attempt-logs.js";
import type { AttemptFiles, ProcessResult, ProcessRunner, Workspace } from "./ports.js";
import { InvalidArgumentError } from "../core/errors.js";

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

/** Name of the per-attempt agent home among the attempt's files (a directory once a preset writes to it). */
export const AGENT_HOME_DIR = "agent-home";

/**
 * Whether a preset's file name stays inside the agent home: `file`, or `folder/file` where the
 * folder may be a dot-folder (`.gemini/settings.json`). Never an empty part, `.` or `..`, a
 * leading `/`, a backslash or NUL, a dot-file, or a deeper path.
 */
export function isAgentHomeFileName(name: string): boolean {
  const parts = name.split("/");
  if (parts.length > 2) return false;
  const file = parts[parts.length - 1]!;
  const folder = parts.length === 2 ? parts[0]! : undefined;
  return isPlainName(file) && (folder === undefined || isPlainName(folder.startsWith(".") ? folder.slice(1) : folder));
}

/** Whether `file` is a path below `dir` with no `.`, `..` or empty segment on the way. */
export function isInside(dir: string, file: string): boolean {
  if (!file.startsWith(`${dir}/`)) return false;
  return file
    .slice(dir.length + 1)
    .split("/")
    .every((p) => p !== "" && p !== "." && p !== ".." && !p.includes("\0"));
}

function isPlainName(part: string): boolean {
  return part !== "" && !/[\\/\0]/.test(part) && !part.startsWith(".");
}

export async function runAgent(input: RunAgentInput): Promise<AgentRun> {
  const { n, files } = input;
  const taskText = renderTaskFile(input.task);
  const gates = await planAgentGates(input.workspace, input.config);
  const ctx: AgentContext = {
    attempt: n,
    worktree: input.workspace.dir,
    taskFile: await files.write(n, "task.md", taskText),
    feedbackFile: await files.write(n, "feedback.md", input.feedback),
    promptFile: await files.write(n, "prompt.md", input.feedback ? `${taskText}\n${input.feedback}` : taskText),
    resultFile: files.path(n, "result.json"),
    repoRoot: input.repoRoot,
    agent: input.config.agent,
    gates: gates.map((g) => ({ name: g.name, argv: [...g.argv], root: g.root })),
    agentHome: files.path(n, AGENT_HOME_DIR),
    ...(input.runner.sandboxed === true ? { sandboxed: true } : {}),
  };
  const invocation = input.preset.invocation(ctx);
  for (const file of invocation.files ?? []) {
    if (!isAgentHomeFileName(file.name)) {
      throw new InvalidArgumentError(
        "files",
        `preset "${input.preset.name}" asked to write "${file.name}" in the agent home; a name must be "file" or "folder/file" (the folder may start with a dot), with no "..", no leading "/" and no dot-file`,
      );
    }
    if (file.executable === true) await files.write(n, `${AGENT_HOME_DIR}/${file.name}`, file.content, { executable: true });
    else await files.write(n, `${AGENT_HOME_DIR}/${file.name}`, file.content);
  }
  const env = {
    ...scrubEnvironment(input.hostEnv, [...input.preset.envAllowlist, ...input.config.agent.env]),
    ...copyFromHost(input.hostEnv, invocation.envFrom ?? {}),
    ...invocation.env,
  };
  const timeoutMs = Math.max(1, input.remainingMs);
  const idleTimeoutMs = input.config.agent.idle_timeout_minutes * 60_000;
  const run = await input.runner.run({
    argv: invocation.argv,
    cwd: input.workspace.dir,
    env,
    timeoutMs,
    ...(idleTimeoutMs < timeoutMs ? { idleTimeoutMs } : {}),
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
      // A stalled agent stopped by the idle limit is read as one stopped by a time limit.
      timedOut: run.timedOut || run.idle === true,
      stdout: run.stdout,
      stderr: run.stderr,
      resultFileText: await files.read(ctx.resultFile),
      ...(invocation.reportFile !== undefined && ctx.agentHome !== undefined && isInside(ctx.agentHome, invocation.reportFile)
        ? { reportFileText: await files.read(invocation.reportFile) }
        : {}),
    },
    ctx,
  );
  return { aborted: false, run, parsed };
}
