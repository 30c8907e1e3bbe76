/**
 * The Action's job summary: what a person opening the workflow run needs. The session's state in
 * one line, the attempt ledger as a table (cost, time, gates per attempt), what to do next, and
 * what the run noticed but did not obey (forged comments, missing isolation, a PR that will not
 * start CI). Pure: the Action hands it the facts and writes the Markdown with `core.summary`.
 */
import { escapeInline, renderCheckRunSummary, capMarkdown } from "./render.js";
import type { SessionState } from "./state.js";

/** GitHub's limit for one step's summary is 1 MiB; a summary this size is far below it. */
export const MAX_JOB_SUMMARY_CHARS = 65_535;

export interface JobSummaryInput {
  /** The session after this run, or null when the run ended before there was one. */
  state: SessionState | null;
  mode: "run" | "recover" | "sweep";
  /** The wake reason the run was dispatched with. */
  reason: string;
  /** Links a person follows: the status comment, the pull request. */
  sessionUrl?: string;
  pullRequestUrl?: string;
  /** Things the run could not do as it should and says so (isolation, CI on the PR, …). */
  warnings: readonly string[];
  /** Comments that carried Foreman's markers but were not trusted, each described in one line. */
  ignored: readonly string[];
  /** The run's failure, already worded with its fix, when it failed. */
  failure?: string;
  /** For sweep: one line per session it touched. */
  swept?: readonly string[];
  /** What this run noticed about the session (refused commands, nothing to do, …), one paragraph each. */
  notes?: readonly string[];
}

/** The Markdown of the job summary. */
export function renderJobSummary(input: JobSummaryInput): string {
  const { state } = input;
  const title = state?.task.issue !== undefined ? `Foreman · issue #${state.task.issue}` : "Foreman";
  const lines = [`## 🤖 ${title}`, "", `Mode \`${input.mode}\`, woken by \`${escapeInline(input.reason, 60)}\`.`];
  const links = [
    input.sessionUrl !== undefined ? `[Session comment](${input.sessionUrl})` : undefined,
    input.pullRequestUrl !== undefined ? `[Pull request](${input.pullRequestUrl})` : undefined,
  ].filter((l): l is string => l !== undefined);
  if (links.length > 0) lines.push("", links.join(" · "));
  if (input.failure !== undefined) lines.push("", "> [!CAUTION]", `> ${escapeInline(input.failure, 2_000)}`);
  for (const warning of input.warnings) lines.push("", "> [!WARNING]", `> ${escapeInline(warning, 1_000)}`);
  if (state !== null) lines.push("", renderCheckRunSummary(state).summary);
  for (const note of input.notes ?? []) lines.push("", escapeInline(note, 2_000));
  if (input.swept !== undefined) {
    lines.push("", "### Sessions swept", ...(input.swept.length === 0 ? ["_Nothing to do._"] : input.swept.map((s) => `- ${escapeInline(s, 300)}`)));
  }
  if (input.ignored.length > 0) {
    lines.push("", "### Ignored comments", "Comments that carry Foreman's markers but were not written and signed by Foreman had no effect:");
    for (const line of input.ignored.slice(0, 50)) lines.push(`- ${escapeInline(line, 300)}`);
    if (input.ignored.length > 50) lines.push(`- … and ${input.ignored.length - 50} more`);
  }
  return capMarkdown(lines.join("\n"), MAX_JOB_SUMMARY_CHARS);
}
