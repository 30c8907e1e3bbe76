/**
 * Names Foreman writes and must read back, each as a format/parse pair: the session branch,
 * the pull request's title and body, and the commit trailer. The GitHub side finds its own
 * branches, PRs and commits by parsing these, so `parse(format(x))` gives `x` back.
 */

/** Every session branch starts with this. */
export const SESSION_BRANCH_PREFIX = "foreman/";

/** `foreman/<sessionId>`. */
export function formatSessionBranch(sessionId: string): string {
  return `${SESSION_BRANCH_PREFIX}${sessionId}`;
}

/** The session id of a session branch (`foreman/<id>`, also as `refs/heads/foreman/<id>`), or null for any other branch. */
export function parseSessionBranch(branch: string): string | null {
  const name = branch.startsWith("refs/heads/") ? branch.slice("refs/heads/".length) : branch;
  if (!name.startsWith(SESSION_BRANCH_PREFIX)) return null;
  const id = name.slice(SESSION_BRANCH_PREFIX.length);
  return id === "" ? null : id;
}

export const PULL_REQUEST_TITLE_PREFIX = "Foreman: ";
/** GitHub accepts longer titles; this keeps them readable in lists and commit subjects. */
export const PULL_REQUEST_TITLE_MAX = 250;

/** `Foreman: <title>` on one line, cut to `PULL_REQUEST_TITLE_MAX` characters. */
export function formatPullRequestTitle(title: string): string {
  const line = title.replace(/\s+/g, " ").trim();
  return `${PULL_REQUEST_TITLE_PREFIX}${line}`.slice(0, PULL_REQUEST_TITLE_MAX);
}

/** The task title of a Foreman PR title, or null when the title is not Foreman's. */
export function parsePullRequestTitle(title: string): string | null {
  return title.startsWith(PULL_REQUEST_TITLE_PREFIX) ? title.slice(PULL_REQUEST_TITLE_PREFIX.length) : null;
}

export interface PullRequestBody {
  sessionId: string;
  /** The issue the PR closes, if the session came from one. */
  issue?: number;
  /** Attempts the session took. */
  attempts: number;
  /** What the session cost, USD. */
  costUsd: number;
}

const MARKER_PREFIX = "<!-- foreman:session ";
const MARKER_SUFFIX = " -->";

/**
 * `Closes #<issue>.` (when there is an issue), the summary line, then the hidden marker
 * `<!-- foreman:session <id> -->` on the last line. Only numbers reach the visible part; the
 * session id is percent-encoded in the marker, so no id can close the comment early.
 */
export function formatPullRequestBody(body: PullRequestBody): string {
  return [
    ...(body.issue === undefined ? [] : [`Closes #${body.issue}.`]),
    `Produced by Foreman in ${body.attempts} attempt(s), ${body.costUsd.toFixed(2)} USD.`,
    `${MARKER_PREFIX}${encodeURIComponent(body.sessionId)}${MARKER_SUFFIX}`,
  ].join("\n\n");
}

/**
 * What a PR body written by `formatPullRequestBody` says: the session (from the marker on its
 * last line) and the issue it closes. Null when the last line is not Foreman's marker (a body a
 * person rewrote is not trusted to name a session).
 */
export function parsePullRequestBody(text: string): { sessionId: string; issue?: number } | null {
  const lines = text.replace(/\r\n/g, "\n").trimEnd().split("\n");
  const last = lines[lines.length - 1] ?? "";
  if (!last.startsWith(MARKER_PREFIX) || !last.endsWith(MARKER_SUFFIX)) return null;
  const encoded = last.slice(MARKER_PREFIX.length, last.length - MARKER_SUFFIX.length);
  const sessionId = decodeOrNull(encoded);
  if (sessionId === null || sessionId === "") return null;
  const closes = /^Closes #([1-9][0-9]*)\.$/.exec(lines[0] ?? "");
  return closes === null ? { sessionId } : { sessionId, issue: Number(closes[1]) };
}

function decodeOrNull(encoded: string): string | null {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null;
  }
}

/** The git trailer that marks a commit as Foreman's work for one session. */
export const SESSION_TRAILER = "Foreman-Session";

/** `Foreman-Session: <sessionId>`. */
export function formatSessionTrailer(sessionId: string): string {
  return `${SESSION_TRAILER}: ${sessionId}`;
}

/** The session named by the trailer in the last paragraph of a commit message, or null. */
export function parseSessionTrailer(message: string): string | null {
  const paragraphs = message.trimEnd().split(/\n\s*\n/);
  const last = paragraphs[paragraphs.length - 1] ?? "";
  const prefix = `${SESSION_TRAILER}: `;
  for (const line of last.split("\n")) {
    if (line.startsWith(prefix)) return line.slice(prefix.length);
  }
  return null;
}
