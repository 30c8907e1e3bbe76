/** The help texts of `foreman --help` and `foreman <command> --help`: one per command. */

export const COMMANDS = ["run", "resume", "approve", "reject", "cancel", "status", "list", "log", "clean", "demo"] as const;
export type CommandName = (typeof COMMANDS)[number];

export const USAGE = `Usage: npx foreman <command> [options]

Commands:
  foreman run [--repo DIR] --task FILE [--agent PRESET] [--agent-command CMD] [--config FILE] [--session ID] [--json] [--progress]
  foreman resume|approve|reject|cancel|status [SESSION] [--repo DIR] [--reason TEXT] [--json] [--progress]
  foreman list [--repo DIR] [--json]
  foreman log SESSION [--attempt N] [--repo DIR]
  foreman clean [SESSION | --all] [--repo DIR] [--json]
  foreman demo [--keep DIR] [--local] [--json]
  foreman --version
  foreman <command> --help

Exit codes: 0 succeeded, 1 ended unsuccessfully, 2 usage or configuration error,
            3 awaiting approval, 4 interrupted.`;

const COMMON = `  --repo DIR     any directory of the repository (default: the current directory)
  --json         print one JSON object on stdout (progress and messages go to stderr)`;

const HELP: Record<CommandName, string> = {
  run: `Usage: foreman run --task FILE [--repo DIR] [--agent PRESET] [--agent-command CMD] [--config FILE] [--session ID] [--json] [--progress]

Starts a session: the agent works on the task in its own clone, attempt after attempt, until
the gates pass or a budget runs out. The result is kept on the branch foreman/<session>.

  --task FILE          markdown file; its first "# " heading is the title
  --agent PRESET       claude, codex, aider, pi, gemini, copilot, custom or replay (overrides the configuration)
  --agent-command CMD  the command of a custom agent (split on spaces, no shell)
  --config FILE        configuration (default: .github/foreman.yml of the repository)
  --session ID         the session id (default: from the task file's name)
  --progress           show progress even when stdout is not a terminal
${COMMON}`,
  resume: `Usage: foreman resume [SESSION] [--repo DIR] [--json] [--progress]

Continues an interrupted session at its next attempt (finished attempts never run again).
SESSION defaults to the most recently updated session.
${COMMON}`,
  approve: `Usage: foreman approve [SESSION] [--repo DIR] [--json]

Approves the staged result of a session awaiting approval and publishes it.
${COMMON}`,
  reject: `Usage: foreman reject [SESSION] [--reason TEXT] [--repo DIR] [--json]

Rejects the staged result of a session awaiting approval; the session ends.
${COMMON}`,
  cancel: `Usage: foreman cancel [SESSION] [--repo DIR] [--json]

Ends a session that has not ended; its spend so far stays counted.
${COMMON}`,
  status: `Usage: foreman status [SESSION] [--repo DIR] [--json]

Shows a session: status, attempts, cost and what you can do next.
${COMMON}`,
  list: `Usage: foreman list [--repo DIR] [--json]

Lists the sessions of the repository: id, status and reason, attempts, cost, age.
${COMMON}`,
  log: `Usage: foreman log SESSION [--attempt N] [--repo DIR]

Prints what an attempt left: the agent's stdout and stderr, every gate's output and the
attempt's diff (each file capped). --attempt defaults to the last attempt.
  --repo DIR     any directory of the repository (default: the current directory)`,
  clean: `Usage: foreman clean [SESSION | --all] [--repo DIR] [--json]

Removes the workspace and files of sessions that are over (ended). A live session (pending,
running, interrupted, awaiting approval, approved, or held by a run) is never removed.
  --all          every session that is over
${COMMON}`,
  demo: `Usage: foreman demo [--keep DIR] [--local] [--json]

Foreman on GitHub, offline: starts a GitHub stand-in, the Foreman App and an Actions runner on
127.0.0.1, and plays a session on an example repository with a scripted agent (no account, no
model, no network). A maintainer labels an issue; attempt 1 fails the tests; attempt 2 passes
but touches a protected path, so the session waits for approval; a read-only user's /approve is
refused; the maintainer's /approve opens a draft PR with a green Foreman check. Prints the
timeline; exits 0 when the session reached that end.
  --keep DIR     write the issue thread (Markdown) and the repository, PR branch included, to DIR
  --local        the loop alone on a local copy of the example (what \`foreman run\` does), no GitHub side
  --json         print one JSON object on stdout`,
};

export function commandHelp(command: CommandName): string {
  return HELP[command];
}

export function isCommandName(name: string): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name);
}
