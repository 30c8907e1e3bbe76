/**
 * Markdown a person reads: the status comment, the terminal report and the check-run summary.
 *
 * Pure: every number and time comes from the state (the core never reads a clock). Untrusted
 * text (agent summaries and errors, issue titles, notes, approval reasons) goes through
 * `escapeInline`, so it can neither inject markdown, HTML or a forged state block
 * (`<!-- foreman:state … -->`), nor ping people (`@org/team`) or cross-reference issues (`#12`).
 * Every renderer caps its output within GitHub's limits.
 */
import {
  type Attempt,
  type AttemptOutcome,
  type CompactedAttempts,
  type DiffStats,
  type SessionState,
  type SessionStatus,
  type TerminalReason,
} from "./state.js";

/** Upper bound of `renderStatusComment` and `renderTerminalReport` (the codec keeps room for the state block). */
export const MAX_STATUS_CHARS = 12_000;
/** GitHub: check-run `output.title`. */
export const MAX_CHECK_RUN_TITLE_CHARS = 255;
/** GitHub: check-run `output.summary` (and `output.text`). */
export const MAX_CHECK_RUN_SUMMARY_CHARS = 65_535;

/** Attempts shown one per row in a check-run summary; older ones are one totals row. */
const MAX_LEDGER_ROWS = 100;
const MAX_GATE_LINES = 15;
const MAX_APPROVAL_REASONS = 5;

// ---------------------------------------------------------------------------------------------
// Escaping

/** Bidirectional overrides and isolates (Trojan Source), the Arabic letter mark, and a BOM. */
const BIDI_AND_BOM = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
/** C0 and C1 control characters, tab and newlines excepted (handled separately). */
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Characters markdown gives a meaning to anywhere in a line (tables, emphasis, links, code, strike). */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]|~]/g;
const ZERO_WIDTH_SPACE = "&#8203;";

/**
 * Makes untrusted text safe to place inside a markdown line (a table cell, a list item):
 * strips bidi controls and control characters, collapses newlines, caps it at `maxChars`
 * characters (before escaping; an ellipsis marks the cut), escapes `&`, `<`, `>` as entities
 * (no HTML, no `<!--`), backslash-escapes markdown punctuation (no code spans or fences, no
 * emphasis, links or table breaks), and breaks `@mention` and `#123` with a zero-width space.
 * The output can be up to ~9× `maxChars` long (each `&` becomes `&amp;`, each `@x` gains an entity).
 */
export function escapeInline(text: string, maxChars: number): string {
  const cleaned = text
    .replace(LONE_SURROGATE, "\uFFFD")
    .replace(BIDI_AND_BOM, "")
    .replace(CONTROLS, "")
    .replace(/\s*[\r\n]+\s*/g, " ")
    .replace(/\t/g, " ")
    .trim();
  return truncate(cleaned, maxChars)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`)
    .replace(/@(?=[\p{L}\p{N}_-])|#(?=\d)/gu, (c) => `${c}${ZERO_WIDTH_SPACE}`);
}

/** Cuts `text` to at most `maxChars` UTF-16 units, never inside a surrogate pair, marking the cut with `…`. */
export function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  if (maxChars <= 0) return "";
  let cut = maxChars - 1;
  const last = text.charCodeAt(cut - 1);
  if (cut > 0 && last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/**
 * Caps rendered markdown at `maxChars`: cuts at the last line break that leaves room for a
 * note, so that no entity, escape or table row is cut in half.
 */
export function capMarkdown(markdown: string, maxChars: number): string {
  if (markdown.length <= maxChars) return markdown;
  const note = "\n\n_…(truncated to fit GitHub's size limit)_";
  const room = Math.max(0, maxChars - note.length);
  const lineEnd = markdown.lastIndexOf("\n", room);
  const cut = lineEnd > 0 ? lineEnd : room;
  const head = markdown.slice(0, cut);
  const code = head.charCodeAt(head.length - 1);
  const safeHead = code >= 0xd800 && code <= 0xdbff ? head.slice(0, -1) : head;
  return `${safeHead}${note}`.slice(0, maxChars);
}

// ---------------------------------------------------------------------------------------------
// Numbers and times

/** `$0.42`, `$1,234.50`; amounts below a cent show as `<$0.01`. Not locale-dependent. */
export function formatUsd(n: number): string {
  if (!Number.isFinite(n)) return "—";
  if (n < 0) return `-${formatUsd(-n)}`;
  if (n > 0 && n < 0.005) return "<$0.01";
  const [whole = "0", cents = "00"] = n.toFixed(2).split(".");
  return `$${groupThousands(whole)}.${cents}`;
}

/** `850ms`, `45s`, `12m 5s`, `3h 4m`, `2d 3h`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const totalSeconds = Math.floor(ms / 1000);
  const s = totalSeconds % 60;
  const totalMinutes = Math.floor(totalSeconds / 60);
  const m = totalMinutes % 60;
  const totalHours = Math.floor(totalMinutes / 60);
  const h = totalHours % 24;
  const d = Math.floor(totalHours / 24);
  if (totalMinutes === 0) return `${s}s`;
  if (totalHours === 0) return s === 0 ? `${m}m` : `${m}m ${s}s`;
  if (d === 0) return m === 0 ? `${h}h` : `${h}h ${m}m`;
  return h === 0 ? `${groupThousands(String(d))}d` : `${groupThousands(String(d))}d ${h}h`;
}

/** `12,345`. */
export function formatCount(n: number): string {
  return Number.isSafeInteger(n) ? `${n < 0 ? "-" : ""}${groupThousands(String(Math.abs(n)))}` : String(n);
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Wall-clock time from creation to the end (or the last update while still going), if both parse. */
function elapsedMs(state: SessionState): number | null {
  const from = Date.parse(state.createdAt);
  const to = Date.parse(state.endedAt ?? state.updatedAt);
  return Number.isFinite(from) && Number.isFinite(to) && to >= from ? to - from : null;
}

// ---------------------------------------------------------------------------------------------
// Words for states, outcomes and reasons

const STATUS_LABEL: Record<SessionStatus, string> = {
  pending: "⏳ Pending — waiting for a runner",
  running: "🔄 Running",
  awaiting_approval: "✋ Awaiting approval",
  approved: "👍 Approved — publishing",
  interrupted: "⚠️ Interrupted — resumable",
  ended: "🏁 Ended",
};

const REASON_TITLE: Record<TerminalReason, string> = {
  succeeded: "✅ Succeeded",
  gates_failed: "❌ Gates still failing",
  budget_exhausted: "💸 Budget exhausted",
  oscillation_detected: "🔁 Going in circles",
  policy_violation: "🚫 Policy violation",
  agent_error: "💥 Agent error",
  cancelled: "⏹️ Cancelled",
  rejected: "🙅 Rejected",
  approval_expired: "⌛ Approval expired",
  setup_failed: "🧰 Setup failed",
};

const REASON_WORDS: Record<TerminalReason, string> = {
  succeeded: "The gates passed and the change was published.",
  gates_failed: "Every allowed attempt was used and the gates still fail.",
  budget_exhausted: "The session reached its cost, time or attempt budget, or the daily cap, before the gates passed.",
  oscillation_detected: "The agent produced a change identical to an earlier attempt, so more attempts would repeat themselves.",
  policy_violation:
    "The change broke the path policy (a forbidden path, a lockfile, a new binary or oversized file, or too many changed files or lines), and still did when the attempts ran out. Nothing that breaks it was published.",
  agent_error: "The agent itself failed (it crashed, timed out or reported an error).",
  cancelled: "Someone cancelled the session (`/cancel`, or the issue or pull request was closed).",
  rejected: "A reviewer rejected the change (`/reject`).",
  approval_expired: "Nobody approved the change before the approval expired.",
  setup_failed:
    "A gate could not run on the unchanged repository (a missing command, module or dependency install), so no agent was started and nothing was spent.",
};

const OUTCOME_LABEL: Record<AttemptOutcome, string> = {
  passed: "✅ passed",
  gates_failed: "❌ gates failed",
  policy_violation: "🚫 policy violation",
  agent_error: "💥 agent error",
  empty_diff: "⚪ no change",
  interrupted: "⚠️ interrupted",
};

/** A change the path policy refused and put back (the session went on). */
const REFUSED_LABEL = "🚫 refused by the path policy (put back, next attempt told why)";

function outcomeLabel(a: Attempt): string {
  if (a.outcome === "policy_violation" && a.refused === true) return REFUSED_LABEL;
  if (a.outcome !== undefined) return OUTCOME_LABEL[a.outcome];
  return a.finishedAt === undefined ? "⏳ in progress" : "❔ unknown";
}

/**
 * Where the person reading is, and so how they act: slash commands and labels on GitHub, the
 * `foreman` command in local mode.
 */
export type RenderSurface = "github" | "local";

interface Vocabulary {
  /** What happens to a session waiting for a run. */
  pending: string;
  restart: string;
  raiseBudget: string;
  configFile: string;
  approve: string;
  reject: string;
  retry: string;
  cancel: string;
  status: string;
  logs: string;
}

function vocabulary(surface: RenderSurface, state: SessionState): Vocabulary {
  if (surface === "github") {
    return {
      pending: "A run will pick this up shortly.",
      restart: "Start a new session by removing and adding the trigger label again.",
      raiseBudget: "Add a larger budget label (`foreman:budget-large`, `foreman:budget-xl`), or have an admin raise the cap with `/budget <usd>`",
      configFile: "`.github/foreman.yml`",
      approve: "`/approve`",
      reject: "`/reject [reason]`",
      retry: "`/retry`",
      cancel: "`/cancel`",
      status: "`/status` refreshes this comment.",
      logs: "the workflow run log (model key secret, quota, timeout)",
    };
  }
  const id = escapeInline(state.sessionId, 100);
  return {
    pending: `\`foreman resume ${id}\` runs it.`,
    restart: "Start a new session with `foreman run --task FILE`.",
    raiseBudget: "Raise `budget.per_run` (or `budget.daily`) in the configuration",
    configFile: "the configuration (`--config`, or `.github/foreman.yml`)",
    approve: `\`foreman approve ${id}\``,
    reject: `\`foreman reject ${id} --reason TEXT\``,
    retry: `\`foreman resume ${id}\``,
    cancel: `\`foreman cancel ${id}\``,
    status: `\`foreman status ${id}\` shows it again.`,
    logs: "the agent's output (model key, quota, timeout)",
  };
}

/** What a person can do once a session ended for `reason`. Exhaustive: a new reason fails to compile. */
export function nextStepsForReason(reason: TerminalReason, state: SessionState, surface: RenderSurface = "github"): string[] {
  const v = vocabulary(surface, state);
  const pr = state.pullRequest !== undefined ? `pull request #${state.pullRequest}` : undefined;
  const branch = state.branch !== undefined ? `branch ${escapeInline(state.branch, 255)}` : undefined;
  const restart = v.restart;
  switch (reason) {
    case "succeeded":
      return [
        pr ? `Review and merge ${pr}.` : branch ? `Review ${branch} and open a pull request.` : "Review the published change.",
        "Ask for changes in a review or a comment; a new session can build on them.",
      ];
    case "gates_failed":
      return [
        "Read the failing gates of the last attempt below.",
        "Make the issue more precise (what to change, how to check it), then restart: " + restart,
        `Or give it more room (${v.raiseBudget.replace(/^./, (c) => c.toLowerCase())}) before restarting.`,
      ];
    case "budget_exhausted":
      return [`${v.raiseBudget}, then restart: ${restart}`, "If the daily cap was reached, wait for it to reset at 00:00 UTC."];
    case "oscillation_detected":
      return ["The agent is repeating itself: add a hint to the issue (the approach, the file, a failing test), then restart.", restart];
    case "policy_violation":
      return [
        "See the note below for the path or limit that was broken.",
        `Narrow the task so the change stays within the allowed paths, or adjust \`paths\` or \`gates\` in ${v.configFile}, then restart.`,
      ];
    case "agent_error":
      return [`Check the agent's error below and ${v.logs}.`, "Fix the cause, then restart: " + restart];
    case "cancelled":
      return ["Nothing more will run.", restart];
    case "rejected":
      return [
        branch ? `The work stays on ${branch} for reference.` : "Nothing was published.",
        "Clarify the issue with what the reviewer asked for, then restart: " + restart,
      ];
    case "approval_expired":
      return [
        branch ? `The work stays on ${branch}.` : "Nothing was published.",
        `Restart to run again; approve with ${v.approve} within the approval time: ${restart}`,
      ];
    case "setup_failed":
      return [
        "See the note below for the gate or setup step that could not run, and the fix.",
        `Install what is missing on the machine that runs Foreman, or set \`gates:\` (and \`setup:\`) in ${v.configFile} to commands that exist, then restart: ${restart}`,
      ];
    default: {
      const unreachable: never = reason;
      return [`Unknown reason ${String(unreachable)}.`];
    }
  }
}

/** Commands that mean something in `status` (for a running session). Exhaustive. */
export function nextStepsForStatus(state: SessionState, surface: RenderSurface = "github"): string[] {
  const v = vocabulary(surface, state);
  const status = state.status;
  switch (status) {
    case "pending":
      return [`${v.pending} ${v.cancel} stops it; ${v.status}`];
    case "running":
      return [`Foreman is working. ${v.cancel} stops it after the current step; ${v.status}`];
    case "awaiting_approval":
      return [`${v.approve} publishes the change exactly as tested.`, `${v.reject} ends the session without publishing.`];
    case "approved":
      return [`The next run publishes the approved change (${v.retry}). ${v.cancel} stops it.`];
    case "interrupted": {
      const next = lastAttemptNumber(state) + 1;
      return [`${v.retry} resumes at attempt ${formatCount(next)} (finished attempts are kept and not re-run).`, `${v.cancel} ends the session.`];
    }
    case "ended":
      return state.reason === null ? ["Nothing more will run."] : nextStepsForReason(state.reason, state, surface);
    default: {
      const unreachable: never = status;
      return [`Unknown status ${String(unreachable)}.`];
    }
  }
}

function lastAttemptNumber(state: SessionState): number {
  return state.attempts.at(-1)?.n ?? state.compacted?.lastN ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Shared fragments

function headerTitle(state: SessionState): string {
  if (state.status === "ended") return state.reason === null ? STATUS_LABEL.ended : REASON_TITLE[state.reason];
  return STATUS_LABEL[state.status];
}

function taskLine(state: SessionState): string {
  const title = escapeInline(state.task.title, 200);
  return state.task.issue !== undefined ? `**Task:** issue #${state.task.issue} — ${title}` : `**Task:** ${title}`;
}

function factsTable(state: SessionState, diffStats: DiffStats | undefined): string[] {
  const rows: [string, string][] = [
    ["Attempts", `${formatCount(state.spent.attempts)} of ${formatCount(state.budget.attempts)}`],
    ["Cost", `${formatUsd(state.spent.costUsd)} of ${formatUsd(state.budget.usd)}`],
  ];
  const elapsed = elapsedMs(state);
  rows.push([
    "Time",
    `${elapsed === null ? "—" : formatDuration(elapsed)} elapsed · ${formatDuration(state.spent.durationMs)} in attempts · budget ${formatDuration(state.budget.minutes * 60_000)}`,
  ]);
  const setup = setupFact(state);
  if (setup !== null) rows.push(["Setup", setup]);
  if (diffStats !== undefined) {
    rows.push(["Diff", `${formatCount(diffStats.files)} files, +${formatCount(diffStats.additions)} −${formatCount(diffStats.deletions)}`]);
  }
  if (state.branch !== undefined) rows.push(["Branch", escapeInline(state.branch, 255)]);
  if (state.pullRequest !== undefined) rows.push(["Pull request", `#${state.pullRequest}`]);
  return ["| | |", "| --- | --- |", ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
}

/** Dependency setup, apart from the attempts: its steps, outcome and time (null when nothing was set up). */
function setupFact(state: SessionState): string | null {
  const setup = state.setup;
  if (setup === undefined || setup.runs === 0) return null;
  const steps = setup.steps
    .slice(0, MAX_GATE_LINES)
    .map(
      (s) =>
        `${s.ok ? "✅" : "❌"} ${escapeInline(s.command, 80)}${s.root === "." ? "" : ` in ${escapeInline(s.root, 80)}`}${s.ok ? "" : ` (exit ${s.exitCode ?? "none"})`}`,
    );
  const runs = setup.runs === 1 ? "once" : `${formatCount(setup.runs)} times`;
  return `${steps.join(", ")} · ran ${runs}, ${formatDuration(setup.durationMs)} · not an attempt, no cost`;
}

function lastAttemptLines(state: SessionState): string[] {
  const last = state.attempts.at(-1);
  if (last === undefined) return [];
  const lines = [`**Last attempt (${formatCount(last.n)}):** ${outcomeLabel(last)}`];
  const gates = last.gates ?? [];
  for (const g of gates.slice(0, MAX_GATE_LINES)) {
    const where = g.root === "." || g.root === "" ? "" : ` in ${escapeInline(g.root, 80)}`;
    const exit = g.ok ? "" : g.exitCode === null ? " — killed or timed out" : ` — exit ${g.exitCode}`;
    lines.push(`- ${g.ok ? "✅" : "❌"} ${escapeInline(g.name, 80)}${where} (${formatDuration(g.durationMs)})${exit}`);
  }
  if (gates.length > MAX_GATE_LINES) lines.push(`- … and ${gates.length - MAX_GATE_LINES} more gates`);
  if (last.summary !== undefined && last.summary.trim() !== "") lines.push("", `**Agent's summary:** ${escapeInline(last.summary, 500)}`);
  if (last.error !== undefined && last.error.trim() !== "") {
    lines.push("", `**${last.refused === true ? "Refused" : "Error"}:** ${escapeInline(last.error, 500)}`);
  }
  const denied = last.deniedTools ?? [];
  if (denied.length > 0) {
    const shown = denied.slice(0, MAX_DENIED_LINES).map((t) => `\`${escapeCode(t, 120)}\``);
    const more = denied.length > MAX_DENIED_LINES ? ` and ${denied.length - MAX_DENIED_LINES} more` : "";
    lines.push("", `**Tool calls the agent's CLI refused:** ${shown.join(", ")}${more}`);
  }
  const basis = costBasisWords(last);
  if (basis !== null) lines.push("", `**Cost of this attempt:** ${basis}`);
  return lines;
}

/** Denied tool calls listed by name in a report. */
const MAX_DENIED_LINES = 5;

/** Text for inline code: no backticks or line breaks, capped. */
function escapeCode(text: string, max: number): string {
  const flat = text.replace(/[\r\n]+/g, " ").replace(/`/g, "'");
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Where the attempt's cost comes from, in words; null when it was simply reported. */
function costBasisWords(a: Attempt): string | null {
  if (a.costUsd === undefined) return null;
  if (a.costBasis === "not_billed") return `${formatUsd(a.costUsd)}: the agent's output shows no model response was billed.`;
  if (a.costBasis === "assumed" || a.costAssumed === true) {
    return `${formatUsd(a.costUsd)} assumed: the agent reported no cost, so the configured assumed cost counts (budget.assumed_attempt_usd).`;
  }
  return null;
}

function approvalLines(state: SessionState): string[] {
  const approval = state.approval;
  if (approval === undefined || state.status !== "awaiting_approval") return [];
  const lines = [`**Approval needed** (expires ${escapeInline(approval.expiresAt, 40)}):`];
  for (const reason of approval.reasons.slice(0, MAX_APPROVAL_REASONS)) lines.push(`- ${escapeInline(reason, 200)}`);
  if (approval.reasons.length > MAX_APPROVAL_REASONS) lines.push(`- … and ${approval.reasons.length - MAX_APPROVAL_REASONS} more`);
  return lines;
}

function noteLines(state: SessionState): string[] {
  return state.note !== undefined && state.note.trim() !== "" ? ["", `**Note:** ${escapeInline(state.note, 500)}`] : [];
}

// ---------------------------------------------------------------------------------------------
// Renderers

/**
 * The visible part of the status comment: what a person reads at a glance. A terminal
 * session shows its terminal report instead. At most `MAX_STATUS_CHARS` characters.
 */
export function renderStatusComment(state: SessionState, options: { surface?: RenderSurface } = {}): string {
  const surface = options.surface ?? "github";
  if (state.status === "ended") return renderTerminalReport(state, { surface });
  const lines = [`### 🤖 Foreman · ${headerTitle(state)}`, "", taskLine(state), "", ...factsTable(state, state.attempts.at(-1)?.diffStats)];
  const approval = approvalLines(state);
  if (approval.length > 0) lines.push("", ...approval);
  // Next steps before the details: if hostile text makes the comment hit its cap, only details are cut.
  lines.push("", "**What you can do next**", ...nextStepsForStatus(state, surface).map((s) => `- ${s}`));
  const last = lastAttemptLines(state);
  if (last.length > 0) lines.push("", ...last);
  lines.push(...noteLines(state));
  return capMarkdown(lines.join("\n"), MAX_STATUS_CHARS);
}

/**
 * The single terminal report: outcome, reason in words, attempts, cost, time, diff stats and
 * what a person can do next for this reason. `diffStats` defaults to the last attempt's.
 */
export function renderTerminalReport(
  state: SessionState,
  extra?: { diffStats?: { files: number; additions: number; deletions: number }; surface?: RenderSurface },
): string {
  const reason = state.reason;
  const lines = [
    `### 🤖 Foreman · ${reason === null ? STATUS_LABEL.ended : REASON_TITLE[reason]}`,
    "",
    reason === null ? "The session ended." : REASON_WORDS[reason],
    "",
    taskLine(state),
    "",
    ...factsTable(state, extra?.diffStats ?? state.attempts.at(-1)?.diffStats),
  ];
  const steps = reason === null ? ["Nothing more will run."] : nextStepsForReason(reason, state, extra?.surface ?? "github");
  lines.push("", "**What you can do next**", ...steps.map((s) => `- ${s}`));
  const last = lastAttemptLines(state);
  if (last.length > 0) lines.push("", ...last);
  lines.push(...noteLines(state));
  return capMarkdown(lines.join("\n"), MAX_STATUS_CHARS);
}

/** Title and summary of the `Foreman` check run: the attempt ledger as a table. */
export function renderCheckRunSummary(state: SessionState): { title: string; summary: string } {
  return { title: truncate(checkRunTitle(state), MAX_CHECK_RUN_TITLE_CHARS), summary: checkRunSummary(state) };
}

function checkRunTitle(state: SessionState): string {
  const attempts = `${formatCount(state.spent.attempts)} attempt${state.spent.attempts === 1 ? "" : "s"}`;
  const cost = formatUsd(state.spent.costUsd);
  switch (state.status) {
    case "ended":
      return state.reason === "succeeded"
        ? `Succeeded after ${attempts} · ${cost}`
        : `Stopped: ${state.reason === null ? "ended" : state.reason.replace(/_/g, " ")} after ${attempts} · ${cost}`;
    case "awaiting_approval":
      return `Awaiting approval · ${attempts} · ${cost}`;
    default:
      return `${STATUS_LABEL[state.status].replace(/^\S+ /, "")} · attempt ${formatCount(state.spent.attempts)} of ${formatCount(state.budget.attempts)} · ${cost} of ${formatUsd(state.budget.usd)}`;
  }
}

const LEDGER_HEADER = ["| # | Outcome | Gates | Cost | Time | Diff | Summary |", "| --- | --- | --- | ---: | ---: | --- | --- |"];

function checkRunSummary(state: SessionState): string {
  const head = [
    `**${headerTitle(state)}** · ${formatCount(state.spent.attempts)} of ${formatCount(state.budget.attempts)} attempts · ${formatUsd(state.spent.costUsd)} of ${formatUsd(state.budget.usd)} · ${formatDuration(state.spent.durationMs)} in attempts`,
    "",
  ];
  if (state.status === "ended" && state.reason !== null) head.push(REASON_WORDS[state.reason], "");
  const tail = ["", "**What you can do next**", ...nextStepsForStatus(state).map((s) => `- ${s}`)];
  const fixed = head.join("\n").length + tail.join("\n").length + LEDGER_HEADER.join("\n").length + 8;
  // Rows newest first until the budget is spent; what does not fit joins the totals row.
  let budget = MAX_CHECK_RUN_SUMMARY_CHARS - fixed - 1_000; // room for the totals row
  const shown: string[] = [];
  let hidden = state.attempts.length;
  for (let i = state.attempts.length - 1; i >= 0 && shown.length < MAX_LEDGER_ROWS; i--) {
    const row = attemptRow(state.attempts[i]!);
    if (row.length + 1 > budget) break;
    budget -= row.length + 1;
    shown.push(row);
    hidden = i;
  }
  shown.reverse();
  const earlier = foldTotals(state.compacted, state.attempts.slice(0, hidden));
  const rows = earlier === null ? shown : [totalsRow(earlier, state.compacted !== null), ...shown];
  const table = rows.length === 0 ? ["_No attempts yet._"] : [...LEDGER_HEADER, ...rows];
  return capMarkdown([...head, ...table, ...tail].join("\n"), MAX_CHECK_RUN_SUMMARY_CHARS);
}

function attemptRow(a: Attempt): string {
  const gates = a.gates ?? [];
  const passed = gates.filter((g) => g.ok).length;
  const gateCell = gates.length === 0 ? "—" : `${passed === gates.length ? "✅" : "❌"} ${passed}/${gates.length}`;
  const diff =
    a.diffStats === undefined
      ? "—"
      : `${formatCount(a.diffStats.files)} files +${formatCount(a.diffStats.additions)} −${formatCount(a.diffStats.deletions)}`;
  const text = a.error !== undefined && a.outcome !== "passed" ? a.error : (a.summary ?? "");
  const basis = a.costAssumed === true || a.costBasis === "assumed" ? " (assumed)" : a.costBasis === "not_billed" ? " (not billed)" : "";
  const cost = a.costUsd === undefined ? "—" : `${formatUsd(a.costUsd)}${basis}`;
  return `| ${formatCount(a.n)} | ${outcomeLabel(a)} | ${gateCell} | ${cost} | ${a.durationMs === undefined ? "—" : formatDuration(a.durationMs)} | ${diff} | ${escapeInline(text, 120)} |`;
}

interface Totals {
  count: number;
  firstN: number;
  lastN: number;
  costUsd: number;
  durationMs: number;
  outcomes: Record<string, number>;
}

function foldTotals(compacted: CompactedAttempts | null, attempts: readonly Attempt[]): Totals | null {
  if (compacted === null && attempts.length === 0) return null;
  const t: Totals = compacted
    ? { ...compacted, outcomes: { ...compacted.outcomes } }
    : { count: 0, firstN: Number.MAX_SAFE_INTEGER, lastN: 0, costUsd: 0, durationMs: 0, outcomes: {} };
  for (const a of attempts) {
    t.count += 1;
    t.firstN = Math.min(t.firstN, a.n);
    t.lastN = Math.max(t.lastN, a.n);
    t.costUsd += a.costUsd ?? 0;
    t.durationMs += a.durationMs ?? 0;
    const key = a.outcome ?? (a.finishedAt === undefined ? "open" : "unknown");
    t.outcomes[key] = (t.outcomes[key] ?? 0) + 1;
  }
  return t;
}

function totalsRow(t: Totals, compacted: boolean): string {
  const outcomes = Object.entries(t.outcomes)
    .sort(([, a], [, b]) => b - a)
    .slice(0, 8)
    .map(([k, v]) => `${formatCount(v)} ${escapeInline(k.replace(/_/g, " "), 32)}`)
    .join(", ");
  const range = t.firstN === t.lastN ? formatCount(t.firstN) : `${formatCount(t.firstN)}–${formatCount(t.lastN)}`;
  return `| ${range} | ${formatCount(t.count)} earlier attempts${compacted ? " (totals)" : ""} | — | ${formatUsd(t.costUsd)} | ${formatDuration(t.durationMs)} | — | ${outcomes} |`;
}
