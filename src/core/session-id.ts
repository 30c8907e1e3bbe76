/**
 * The one rule for session ids, everywhere they are used: a path segment (the session's folder),
 * part of a git ref (`foreman/<id>`), a commit trailer, the state's `sessionId`. One to 100
 * letters, digits, `.`, `_` or `-`, starting with a letter or digit, without `..`, and not
 * ending in `.` or `.lock` (which git refuses in a ref). On GitHub the key is per issue, such as
 * `issue-12`: the repository is where the state lives, not part of the id.
 */
import { ForemanError } from "./errors.js";

/** Longest session id. */
export const SESSION_ID_MAX_LENGTH = 100;

const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const ALLOWED_CHAR = /^[A-Za-z0-9._-]$/;
const FIRST_CHAR = /^[A-Za-z0-9]$/;

/** What the rule expects, said once for every message that refuses an id. */
export const SESSION_ID_RULE =
  "Expected 1 to 100 characters: letters, digits, '.', '_' or '-', starting with a letter or digit, " +
  "without '..', and not ending in '.' or '.lock'.";

/** A session id that could escape a directory or make an invalid git ref. */
export class InvalidSessionIdError extends ForemanError {
  override readonly name = "InvalidSessionIdError";
  readonly kind = "usage";
  constructor(
    /** The rejected id, as given. */
    readonly sessionId: string,
    /** What is wrong with it, e.g. `it contains "/"`. */
    readonly problem: string,
  ) {
    super(`Invalid session id ${JSON.stringify(sessionId)}: ${problem}. ${SESSION_ID_RULE}`);
  }
}

/** What is wrong with `id` as a session id, or null when it follows the rule. */
export function sessionIdProblem(id: string): string | null {
  if (id.length === 0) return "it is empty";
  if (id.length > SESSION_ID_MAX_LENGTH) return `it is ${id.length} characters long`;
  if (!SESSION_ID.test(id)) {
    const first = id[0]!;
    if (!FIRST_CHAR.test(first)) return `it starts with ${JSON.stringify(first)}`;
    const bad = [...id].find((c) => !ALLOWED_CHAR.test(c))!;
    return `it contains ${JSON.stringify(bad)}`;
  }
  if (id.includes("..")) return "it contains '..'";
  if (id.endsWith(".lock")) return "it ends in '.lock'";
  if (id.endsWith(".")) return "it ends in '.'";
  return null;
}

/** True when `id` follows the session-id rule. */
export function isSessionId(id: string): boolean {
  return sessionIdProblem(id) === null;
}

/** Returns `id` unchanged when it follows the rule; throws {@link InvalidSessionIdError} otherwise. */
export function validateSessionId(id: string): string {
  const problem = sessionIdProblem(id);
  if (problem !== null) throw new InvalidSessionIdError(id, problem);
  return id;
}

/**
 * A session id made from a name (a task file's name): lowercase letters and digits, runs of
 * anything else as one `-`, at most 60 characters; `session` when nothing is left.
 */
export function slugify(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return s || "session";
}
