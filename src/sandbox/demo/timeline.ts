/**
 * The demo's timeline: what happened, in order, told from the stand-in's own record — the
 * webhook deliveries (each one an event GitHub would send: an issue opened, a label, a comment,
 * an edit of Foreman's status comment, a workflow run starting or ending, a pull request), the
 * reactions, the session state inside Foreman's status comment at each edit, the workflow runs'
 * outputs and the check runs. Nothing here is scripted text about what should have happened.
 */
import { decodeStateComment, hasStateBlock } from "../../core/state-codec.js";
import type { Attempt, SessionState } from "../../core/state.js";
import type { Delivery } from "../webhooks.js";
import type { Stage } from "./stage.js";

export interface TimelineEntry {
  /** Who acted: a login, `Actions` for the runner. */
  actor: string;
  text: string;
}

const REACTION_EMOJI: Record<string, string> = {
  "+1": "👍",
  "-1": "👎",
  laugh: "😄",
  confused: "😕",
  heart: "❤️",
  hooray: "🎉",
  rocket: "🚀",
  eyes: "👀",
};

function rec(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function str(value: unknown): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
}

/** The first line of a comment a person reads (Markdown heading marks and bold dropped), shortened. */
export function firstLine(body: string, max = 110): string {
  const line =
    body
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l !== "" && !l.startsWith("<!--")) ?? "";
  const plain = line.replace(/^#+\s*/, "").replace(/\*\*/g, "");
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}

function usd(n: number | undefined): string {
  return `$${(n ?? 0).toFixed(2)}`;
}

/** One line about a finished attempt: outcome, gates, cost, time, diff. */
export function describeAttempt(a: Attempt): string {
  const gates = a.gates ?? [];
  const passed = gates.filter((g) => g.ok).length;
  const gateText =
    gates.length === 0 ? "no gates ran" : `gates ${passed}/${gates.length} passed (${gates.map((g) => `${g.name} ${g.ok ? "✓" : "✗"}`).join(", ")})`;
  const diff = a.diffStats === undefined ? "" : `, diff ${a.diffStats.files} file(s) +${a.diffStats.additions} −${a.diffStats.deletions}`;
  const time = a.durationMs === undefined ? "" : `, ${(a.durationMs / 1000).toFixed(1)} s`;
  return `attempt ${a.n}: ${a.outcome ?? "open"} — ${gateText}, cost ${usd(a.costUsd)}${time}${diff}`;
}

function decoded(body: string): SessionState | undefined {
  if (!hasStateBlock(body)) return undefined;
  try {
    return decodeStateComment(body);
  } catch {
    return undefined;
  }
}

/** The timeline of `issue` (and of what Foreman did for it elsewhere: runs, the daily ledger, its pull request). */
export function buildTimeline(stage: Stage, issue: number): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  const bot = stage.app.botLogin;
  const seen = new Set<string>();
  const reported = new Set<number>();
  let lastStatus: string | undefined;
  const session = (state: SessionState) => {
    for (const a of state.attempts)
      if (a.outcome !== undefined && !reported.has(a.n)) {
        reported.add(a.n);
        out.push({ actor: bot, text: describeAttempt(a) });
      }
    if (state.status !== lastStatus) {
      lastStatus = state.status;
      const approval = state.status === "awaiting_approval" && state.approval !== undefined ? `: ${state.approval.reasons.join("; ")}` : "";
      const reason = state.reason === null ? "" : ` (${state.reason})`;
      const by = state.status === "approved" && state.approval?.approvedBy !== undefined ? ` by @${state.approval.approvedBy}` : "";
      out.push({ actor: bot, text: `session status → ${state.status}${by}${reason}${approval}` });
    }
  };
  const reactions = (subject: { issue: number } | { comment: number }) =>
    stage.standIn.reactions(stage.repo, subject).map((r) => ({ actor: r.user, text: `reacted ${REACTION_EMOJI[r.content] ?? r.content}` }));
  for (const d of stage.standIn.deliveries as readonly Delivery[]) {
    const key = `${d.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const p = d.payload;
    const sender = str(rec(p["sender"])["login"]);
    const number = Number(rec(p["issue"])["number"]);
    const event = `${d.event}.${d.action ?? ""}`;
    if (event === "issues.opened" && number === issue) {
      out.push({ actor: sender, text: `opened issue #${issue} “${str(rec(p["issue"])["title"])}”` });
    } else if (event === "issues.labeled" && number === issue) {
      out.push({ actor: sender, text: `added the label \`${str(rec(p["label"])["name"])}\`` });
      out.push(...reactions({ issue }));
    } else if (event === "issue_comment.created" || event === "issue_comment.edited") {
      const comment = rec(p["comment"]);
      const body = str(comment["body"]);
      const author = str(rec(comment["user"])["login"]);
      const id = Number(comment["id"]);
      const state = author === bot ? decoded(body) : undefined;
      if (number === issue && state !== undefined) {
        if (event === "issue_comment.created") out.push({ actor: bot, text: "posted the session's status comment" });
        session(state);
      } else if (number === issue && event === "issue_comment.created" && author !== bot) {
        out.push({ actor: author, text: `commented “${firstLine(body)}”` });
        out.push(...reactions({ comment: id }));
      } else if (number === issue && event === "issue_comment.created" && !body.includes("foreman:ledger")) {
        out.push({ actor: bot, text: `replied: ${firstLine(body)}` });
      } else if (number !== issue && author === bot && event === "issue_comment.created" && body.includes(`\`#${issue}\``)) {
        out.push({ actor: bot, text: `daily ledger (#${number}): ${firstLine(body)}` });
      }
    } else if (d.event === "workflow_run" && (d.action === "in_progress" || d.action === "completed")) {
      const run = rec(p["workflow_run"]);
      const title = str(run["display_title"]);
      if (!title.startsWith(`foreman #${issue} `)) continue;
      const id = Number(run["id"]);
      if (d.action === "in_progress") out.push({ actor: "Actions", text: `run ${id} “${title}” started` });
      else {
        const outputs = stage.emulator.run(id)?.outputs ?? {};
        const said =
          outputs["status"] === undefined
            ? ""
            : ` — Foreman's outputs: status ${outputs["status"]}${outputs["reason"] ? ` (${outputs["reason"]})` : ""}, ${outputs["attempts"] ?? "?"} attempt(s), cost $${outputs["cost-usd"] ?? "?"}${outputs["pr-number"] ? `, PR #${outputs["pr-number"]}` : ""}`;
        out.push({ actor: "Actions", text: `run ${id} “${title}” ${str(run["conclusion"])}${said}` });
      }
    } else if (event === "pull_request.opened") {
      const pr = rec(p["pull_request"]);
      if (!str(pr["body"]).includes(`#${issue}`)) continue;
      out.push({
        actor: sender,
        text: `opened ${pr["draft"] === true ? "draft " : ""}pull request #${str(pr["number"])} “${str(pr["title"])}” (${str(rec(pr["head"])["ref"])} → ${str(rec(pr["base"])["ref"])})`,
      });
    }
  }
  for (const c of stage.standIn.checkRuns(stage.repo)) {
    const externalId = str(c["external_id"]);
    if (externalId !== `issue-${issue}`) continue;
    out.push({
      actor: str(rec(c["app"])["slug"]) === stage.app.slug ? bot : str(rec(c["app"])["slug"]),
      text: `check run “${str(c["name"])}” on ${str(c["head_sha"]).slice(0, 7)}: ${str(c["status"])}${c["conclusion"] ? ` · ${str(c["conclusion"])}` : ""}`,
    });
  }
  return out;
}

/** The timeline as aligned lines: `actor  text`. */
export function renderTimeline(entries: readonly TimelineEntry[]): string {
  const width = Math.min(16, Math.max(0, ...entries.map((e) => e.actor.length)));
  return entries.map((e) => `  ${e.actor.padEnd(width)}  ${e.text}`).join("\n");
}
