/**
 * Slash commands in a comment body (`/approve`, `/reject [reason]`, `/budget <usd>` …).
 *
 * Only what a reader of the rendered comment sees as a command counts. A command is a line
 * that starts with `/word` (after at most three spaces, as in CommonMark), outside
 *  - fenced code blocks (``` or ~~~, any info string; closed by a fence of the same character
 *    and at least the same length; an unclosed fence runs to the end of the comment; a fence
 *    that opens a list item, `- ````, ends with the item),
 *  - indented code (four spaces or a tab before the `/`),
 *  - block quotes (`> /approve`, any line starting with optional spaces then `>`),
 *  - HTML comments `<!-- … -->`, also across lines (an unterminated one runs to the end).
 * Where Markdown is ambiguous the scanner errs towards *not* finding a command: a missed
 * command can be typed again, a phantom `/approve` cannot be taken back.
 *
 * `parseCommands` never throws; a malformed argument becomes an `invalid` command so the
 * caller can answer with `problem`. The text after a command (a reject reason) is untrusted.
 */
import { closestName } from "./closest-name.js";

/** Every command Foreman knows, in the order `/help` lists them. */
export const COMMAND_NAMES = ["approve", "reject", "retry", "cancel", "status", "help", "budget"] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export type Command =
  | { kind: "approve" }
  | { kind: "reject"; reason: string }
  | { kind: "retry" }
  | { kind: "cancel" }
  | { kind: "status" }
  | { kind: "help" }
  | { kind: "budget"; usd: number }
  /** A known command with an argument it cannot use, e.g. `/budget ten`. */
  | { kind: "invalid"; name: CommandName; problem: string }
  /** A `/word` that is not a command; `suggestion` is the closest known name when one is close. */
  | { kind: "unknown"; name: string; suggestion?: CommandName };

/** A reject reason is cut to this many characters. */
export const MAX_REASON_LENGTH = 500;
/** A `/word` longer than this is not read as a command at all. */
export const MAX_COMMAND_WORD_LENGTH = 32;

const HELP: Record<CommandName, { usage: string; text: string }> = {
  approve: { usage: "/approve", text: "approve the change that passed the gates, so Foreman publishes it" },
  reject: { usage: "/reject [reason]", text: "reject the change and end the session; the reason is recorded" },
  retry: { usage: "/retry", text: "start again after a failure or an interruption, at the next attempt" },
  cancel: { usage: "/cancel", text: "stop the session now; nothing more is published" },
  status: { usage: "/status", text: "show the session status, attempts, cost and time used" },
  help: { usage: "/help", text: "show this list" },
  budget: {
    usage: "/budget <usd>",
    text: 'set this session\'s USD budget, e.g. "/budget 5" (admins only; still capped by the daily budget)',
  },
};

/** A Markdown list of the commands, one line each, for `/help` replies. */
export function helpText(): string {
  const lines = COMMAND_NAMES.map((name) => `- \`${HELP[name].usage}\` — ${HELP[name].text}`);
  return ["Foreman commands (write one at the start of a line in a new comment, outside quotes and code blocks):", "", ...lines].join("\n");
}

/** Finds the commands in a comment body, in order; duplicates are kept. Never throws. */
export function parseCommands(body: string): Command[] {
  if (typeof body !== "string" || body.length === 0) return [];
  const commands: Command[] = [];
  let fence: Fence | null = null;
  /** A fence opened inside a block quote: it ends with the quote. */
  let quoteFence: Fence | null = null;
  let inComment = false;

  for (const line of body.split(/\r\n|\r|\n/)) {
    if (fence) {
      const step = fenceStep(fence, line);
      if (step === "content") continue;
      fence = null;
      if (step === "closed") continue;
      // "left": the list item holding the fence ended on this line; read the line afresh.
    }
    if (inComment) {
      const end = line.indexOf("-->");
      if (end === -1) continue;
      // A line that starts inside a comment is never a command line.
      inComment = scanComments(line.slice(end + 3)).open;
      continue;
    }
    if (/^ {0,3}>/.test(line)) {
      const inner = stripQuoteMarkers(line);
      if (quoteFence) {
        if (fenceStep(quoteFence, inner) === "closed") quoteFence = null;
        continue;
      }
      quoteFence = fenceOpener(inner);
      if (!quoteFence) inComment = scanComments(line).open;
      continue;
    }
    quoteFence = null;
    fence = fenceOpener(line);
    if (fence) continue;
    const scan = scanComments(line);
    inComment = scan.open;
    const command = commandAt(line, scan.visible);
    if (command) commands.push(command);
  }
  return commands;
}

interface Fence {
  char: "`" | "~";
  length: number;
  /** Columns of the list items the fence sits in (0 at top level): lines must be indented this far. */
  offset: number;
}

const FENCE_OPENER = /^( {0,3})((?:(?:[-*+]|\d{1,9}[.)])[ \t]{1,4})*)(`{3,}|~{3,})(.*)$/;

function fenceOpener(line: string): Fence | null {
  const m = FENCE_OPENER.exec(line);
  if (!m) return null;
  const marks = m[3]!;
  const char = marks[0] === "`" ? "`" : "~";
  // A backtick "fence" whose info string holds a backtick is inline code, not a fence.
  if (char === "`" && m[4]!.includes("`")) return null;
  // Only a list item's content column binds the lines that follow; a top-level fence's own
  // indentation does not.
  const offset = m[2] === "" ? 0 : m[1]!.length + m[2]!.length;
  return { char, length: marks.length, offset };
}

/**
 * What `line` does to an open fence: stays code, closes it, or (in a list item) is not
 * indented enough to belong to the item, which ends the item and the fence with it.
 */
function fenceStep(fence: Fence, line: string): "content" | "closed" | "left" {
  if (line.trim() === "") return "content";
  const indent = /^ */.exec(line)![0].length;
  if (indent < fence.offset) return "left";
  const rest = line.slice(fence.offset);
  const m = /^ {0,3}(`+|~+)[ \t]*$/.exec(rest);
  if (m && m[1]![0] === fence.char && m[1]!.length >= fence.length) return "closed";
  return "content";
}

function stripQuoteMarkers(line: string): string {
  let rest = line;
  for (;;) {
    const m = /^ {0,3}> ?/.exec(rest);
    if (!m) return rest;
    rest = rest.slice(m[0].length);
  }
}

/**
 * Removes the HTML comments of a line that starts outside a comment. `open` says whether the
 * line ends inside one. `<!-->` is not taken as a whole comment: the scanner keeps looking for
 * a later `-->`, hiding more rather than less.
 */
function scanComments(line: string): { visible: string; open: boolean } {
  let visible = "";
  let at = 0;
  for (;;) {
    const start = line.indexOf("<!--", at);
    if (start === -1) return { visible: visible + line.slice(at), open: false };
    visible += line.slice(at, start);
    const end = line.indexOf("-->", start + 4);
    if (end === -1) return { visible, open: true };
    at = end + 3;
  }
}

/** `/word`, then optional `.`, `!` or `,`, then whitespace or the end of the line. */
const COMMAND_WORD = /^ {0,3}\/([A-Za-z][A-Za-z-]*)[.!,]*(?=\s|$)/;

function commandAt(line: string, visible: string): Command | null {
  const m = COMMAND_WORD.exec(line);
  if (!m) return null;
  const word = m[1]!;
  if (word.length > MAX_COMMAND_WORD_LENGTH) return null;
  // The match ends before any `<!--`, so `visible` agrees with `line` up to here.
  const rest = visible.slice(m[0].length);
  const name = word.toLowerCase();
  switch (name) {
    case "approve":
    case "retry":
    case "cancel":
    case "status":
    case "help":
      return { kind: name };
    case "reject":
      return { kind: "reject", reason: capReason(rest.trim()) };
    case "budget":
      return parseBudget(rest.trim());
    default: {
      const suggestion = closestCommand(name);
      return suggestion ? { kind: "unknown", name, suggestion } : { kind: "unknown", name };
    }
  }
}

function capReason(reason: string): string {
  if (reason.length <= MAX_REASON_LENGTH) return reason;
  let cut = reason.slice(0, MAX_REASON_LENGTH);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return cut.trimEnd();
}

/** `5`, `5.50`, `.5`, `$5`, `5 usd`, `$5.50 USD`, with an optional final `.` or `!`. */
const USD_AMOUNT = /^\$?[ \t]*(\d+(?:\.\d*)?|\.\d+)(?:[ \t]*usd)?[.!]?$/i;
const BUDGET_EXAMPLE = 'expected a positive USD amount like "/budget 5"';

function parseBudget(arg: string): Command {
  const invalid = (problem: string): Command => ({ kind: "invalid", name: "budget", problem });
  if (arg === "") return invalid(`${BUDGET_EXAMPLE}, got nothing`);
  const m = USD_AMOUNT.exec(arg);
  if (!m) return invalid(`${BUDGET_EXAMPLE}, got ${quote(arg)}`);
  const digits = m[1]!;
  const decimals = digits.includes(".") ? digits.length - digits.indexOf(".") - 1 : 0;
  if (decimals > 2) {
    return invalid(`expected a USD amount with at most 2 decimals (whole cents) like "/budget 5.50", got ${quote(arg)}`);
  }
  const usd = Number(digits);
  if (!Number.isFinite(usd) || usd <= 0) return invalid(`${BUDGET_EXAMPLE}, got ${quote(arg)}`);
  return { kind: "budget", usd };
}

function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

/** The known command closest to `name` (at most 2 edits, and fewer than half its letters). */
function closestCommand(name: string): CommandName | undefined {
  return closestName(name, COMMAND_NAMES, Math.min(2, Math.floor(name.length / 2)));
}
