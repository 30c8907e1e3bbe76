/**
 * The job summary of one Action run: the session's status or terminal report (outcome, cost,
 * time, what to do next), the attempt ledger as a table, and what a maintainer must know about
 * this run: comments that carried Foreman's markers but were not trusted (forgeries are
 * ignored, never obeyed), and warnings (no isolation, no App so CI does not run on the PR).
 * (8E's renderer; the lead's job-summary renderer may replace it.)
 */
import { escapeInline, renderCheckRunSummary, renderStatusComment } from "../core/render.js";
import type { SessionState } from "../core/state.js";

/** A comment carrying a Foreman marker that was ignored (the shape `src/github` adapters report). */
export interface IgnoredCommentNote {
  commentId: number;
  author: string;
  reason: string;
  kind: string;
}

export interface SummaryInput {
  /** One entry per session this run touched (one in run and recover modes). */
  sessions: readonly { issue: number; state: SessionState | null; note?: string }[];
  ignored: readonly IgnoredCommentNote[];
  warnings: readonly string[];
}

export function renderJobSummary(input: SummaryInput): string {
  const parts: string[] = [];
  for (const w of input.warnings) parts.push(`> [!WARNING]\n> ${w.replace(/\n/g, "\n> ")}`);
  for (const s of input.sessions) {
    if (s.state === null) {
      parts.push(`### Issue #${s.issue}\n\n${s.note ?? "No session."}`);
      continue;
    }
    parts.push(renderStatusComment(s.state));
    if (s.state.attempts.length > 0 || s.state.compacted !== null) parts.push(renderCheckRunSummary(s.state).summary);
    if (s.note !== undefined) parts.push(s.note);
  }
  if (input.ignored.length > 0) {
    const rows = input.ignored.map(
      (c) => `| ${c.commentId} | ${escapeInline(c.author, 100)} | ${escapeInline(c.kind, 40)} | ${escapeInline(c.reason.replace(/_/g, " "), 60)} |`,
    );
    parts.push(
      [
        "**Ignored comments** (they carry Foreman's hidden markers but are not Foreman's: they had no effect)",
        "",
        "| comment | author | kind | why |",
        "| --- | --- | --- | --- |",
        ...rows,
      ].join("\n"),
    );
  }
  return `${parts.join("\n\n")}\n`;
}
