/**
 * The baseline: the planned gates run once on the unchanged base before the first paid
 * attempt. A gate that cannot run there (a command or module that is not installed, a setup
 * step that failed) is not the agent's to fix: the session ends `setup_failed` before any agent
 * runs. Gates that fail, or already pass, on the base are told to the agent on attempt 1.
 *
 * Pure: the loop hands in what ran and how it ended.
 */
import { sanitizeUntrusted } from "./sanitize.js";

/** How one gate (or setup step) ran. */
export interface GateRunFacts {
  name: string;
  root: string;
  argv: readonly string[];
  exitCode: number | null;
  /** The signal that stopped it, if one did. */
  signal: string | null;
  timedOut: boolean;
  /** Combined output (the runner's start error, e.g. `command not found: uv`, included). */
  output: string;
}

export type Runnability =
  | { runnable: true }
  | {
      runnable: false;
      cause: "command_not_found" | "not_executable" | "missing_module";
      /** The command or module that is missing. */
      missing: string;
      /** The line of output that says so. */
      evidence: string;
    };

const SHELL_NOT_FOUND = [
  // sh: 1: tape: not found / bash: line 1: uvu: command not found / /bin/sh: tape: not found
  /^(?:\S*sh)(?:: line \d+)?(?:: \d+)?: ([^\s:]+): (?:command )?not found\s*$/m,
  // zsh, and the process runner's own start error
  /^(?:\S*sh: )?command not found: (\S+)\s*$/m,
  // env: 'uv': No such file or directory / npm: uv: No such file or directory (a script's interpreter)
  /^\S+: '?([^'\s:]+)'?: No such file or directory\s*$/m,
];
const NODE_MISSING = [/Cannot find module '([^'./][^']*)'/, /Cannot find package '([^'./][^']*)'/];
const PYTHON_MISSING = [/No module named '?(pytest|[A-Za-z_][\w.]*)'?(?=\s|$)/];

/**
 * Whether a gate that did not pass could run at all: exit 127 or a start error (a command not
 * found), exit 126 (not executable), or a module that is not installed (a bare Node package
 * name, a Python module). A failing test, a timeout or a signal is a run, not a setup problem.
 */
export function gateRunnability(run: GateRunFacts): Runnability {
  if (run.timedOut || run.signal !== null || run.exitCode === 0) return { runnable: true };
  const output = run.output;
  const command = run.argv[0] ?? "";
  const startError = run.exitCode === null;
  if (startError || run.exitCode === 127) {
    for (const re of SHELL_NOT_FOUND) {
      const m = re.exec(output);
      if (m) return { runnable: false, cause: "command_not_found", missing: m[1]!, evidence: m[0].trim() };
    }
    const denied = /^(?:\S*sh)(?:: line \d+)?(?:: \d+)?: ([^\s:]+): Permission denied\s*$/m.exec(output);
    if (denied) return { runnable: false, cause: "not_executable", missing: denied[1]!, evidence: denied[0].trim() };
    if (/permission denied: .* is not executable/.test(output)) {
      return { runnable: false, cause: "not_executable", missing: command, evidence: firstLine(output) };
    }
    if (run.exitCode === 127) return { runnable: false, cause: "command_not_found", missing: command, evidence: firstLine(output) };
  }
  if (run.exitCode === 126) {
    const denied = /^(?:\S*sh)(?:: line \d+)?(?:: \d+)?: ([^\s:]+): Permission denied\s*$/m.exec(output);
    return denied
      ? { runnable: false, cause: "not_executable", missing: denied[1]!, evidence: denied[0].trim() }
      : { runnable: false, cause: "not_executable", missing: command, evidence: firstLine(output) };
  }
  for (const re of NODE_MISSING) {
    const m = re.exec(output);
    if (m) return { runnable: false, cause: "missing_module", missing: m[1]!, evidence: lineOf(output, m.index) };
  }
  for (const re of PYTHON_MISSING) {
    const m = re.exec(output);
    if (m) return { runnable: false, cause: "missing_module", missing: m[1]!, evidence: lineOf(output, m.index) };
  }
  return { runnable: true };
}

/** A setup step that failed, as the baseline sees it. */
export interface SetupFailure {
  name: string;
  root: string;
  exitCode: number | null;
  output: string;
}

export type BaselineVerdict =
  | { kind: "unrunnable"; message: string }
  | {
      kind: "ok";
      /** Gates that fail on the base (the task is to make them pass, or they are unrelated). */
      failing: string[];
      /** Gates that already pass on the base (the task may need a new test). */
      passing: string[];
    };

/** The session's verdict from the baseline: the first gate that cannot run (or setup failure) ends it. */
export function baselineVerdict(runs: readonly GateRunFacts[], setupFailures: readonly SetupFailure[] = []): BaselineVerdict {
  const failedSetup = setupFailures[0];
  if (failedSetup !== undefined) {
    const missing = gateRunnability({ ...failedSetup, argv: failedSetup.name.split(" "), signal: null, timedOut: false });
    const why = missing.runnable
      ? `exited with code ${failedSetup.exitCode ?? "none"}${evidenceSuffix(firstErrorLine(failedSetup.output))}`
      : `\`${missing.missing}\` is not installed (${missing.evidence})`;
    return {
      kind: "unrunnable",
      message: capLine(
        `Setup step \`${failedSetup.name}\` in \`${failedSetup.root}\` failed before any agent ran: ${why}. ` +
          (missing.runnable
            ? "Fix the repository's dependencies (manifest, lockfile), or set `setup:` to steps that work (or `setup: none`)."
            : `Install \`${missing.missing}\`, or set \`setup:\` to steps that exist (or \`setup: none\`).`),
      ),
    };
  }
  const failing: string[] = [];
  const passing: string[] = [];
  for (const run of runs) {
    const r = gateRunnability(run);
    if (!r.runnable) return { kind: "unrunnable", message: unrunnableMessage(run, r) };
    (run.exitCode === 0 && !run.timedOut ? passing : failing).push(`\`${run.name}\` in \`${run.root}\``);
  }
  return { kind: "ok", failing, passing };
}

/** Names the gate, the command, what is missing and the fix. */
export function unrunnableMessage(run: Pick<GateRunFacts, "name" | "root" | "argv">, r: Extract<Runnability, { runnable: false }>): string {
  const where = `Gate \`${run.name}\` in \`${run.root}\` (\`${run.argv.join(" ")}\`) cannot run on the unchanged repository`;
  switch (r.cause) {
    case "command_not_found":
      return capLine(
        `${where}: \`${r.missing}\` is not installed (${r.evidence}): install it, or set \`gates:\` to a command that exists. No agent ran; nothing was spent.`,
      );
    case "not_executable":
      return capLine(
        `${where}: \`${r.missing}\` is not executable (${r.evidence}): fix its permissions, or set \`gates:\` to a command that exists. No agent ran; nothing was spent.`,
      );
    case "missing_module":
      return capLine(
        `${where}: the module \`${r.missing}\` is not installed (${r.evidence}): add it to the dependencies or set \`setup:\` to install it, or set \`gates:\` to a command that exists. No agent ran; nothing was spent.`,
      );
  }
}

/** What attempt 1 is told about the base: which gates fail before its change, which already pass. */
export function renderBaselineFeedback(verdict: Extract<BaselineVerdict, { kind: "ok" }>): string {
  if (verdict.failing.length === 0 && verdict.passing.length === 0) return "";
  const parts = ["# The gates on the unchanged repository", ""];
  if (verdict.failing.length > 0) parts.push(`- These gates fail before your change: ${verdict.failing.join(", ")}.`);
  if (verdict.passing.length > 0) {
    parts.push(
      `- These gates already pass before your change: ${verdict.passing.join(", ")}. They must keep passing; the task may need a new test that fails without your change.`,
    );
  }
  return `${sanitizeUntrusted(parts.join("\n"), { maxLength: 4000 })}\n`;
}

function firstLine(text: string): string {
  return (
    text
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l !== "") ?? "no output"
  );
}

/** The first line that looks like an error (`npm ERR!`, `error:`), else the first line. */
function firstErrorLine(text: string): string {
  const lines = text.split("\n").map((l) => l.trim());
  return lines.find((l) => /\b(err!?|error)\b/i.test(l)) ?? firstLine(text);
}

function evidenceSuffix(line: string): string {
  return line === "no output" ? "" : ` (${line})`;
}

function lineOf(text: string, index: number): string {
  const start = text.lastIndexOf("\n", index) + 1;
  const end = text.indexOf("\n", index);
  return text.slice(start, end === -1 ? undefined : end).trim();
}

function capLine(text: string): string {
  const clean = sanitizeUntrusted(text, { maxLength: 1500 });
  return clean;
}
