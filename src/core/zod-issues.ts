/**
 * The one way Foreman words zod issues: each problem with the path it concerns, written as in
 * code and configuration (`budget.per_run.usd`, `attempts[2].outcome`, `(root)` for the value
 * itself). Callers that add their own wording (the configuration's "did you mean", the state
 * codec's "expected … got …") still name paths with {@link issuePath}.
 */
import type { z } from "zod";

/** How many problems {@link formatZodIssues} lists before "and N more". */
export const ISSUES_SHOWN = 5;

/** `a.b[0].c`; `(root)` for the empty path. */
export function issuePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(root)";
  return path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join("");
}

/** `path: message; path: message; and 3 more`: the first `limit` issues (default 5), each with its path. */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[], limit = ISSUES_SHOWN): string {
  if (issues.length === 0) return "(root): invalid";
  const shown = issues.slice(0, limit).map((issue) => `${issuePath(issue.path)}: ${issue.message}`);
  const more = issues.length - shown.length;
  return shown.join("; ") + (more > 0 ? `; and ${more} more` : "");
}
