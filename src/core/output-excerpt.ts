/**
 * The part of a gate's output the agent reads when the whole does not fit its feedback: the
 * first error lines and the tail, with a marker that says what was cut and where the whole
 * output is. Only the tail is not enough: `npm ci` prints its actual error first and pages of
 * usage text after it, and a test runner prints the first failure long before its summary.
 */

/** A line that says something went wrong (npm, node, pytest, cargo, go, tape, shells). */
const ERROR_LINE =
  /(^|[^a-z])(err!|errors?|fail(ed|ure|ures|s)?|fatal|panic(ked)?|exception|traceback|not ok|cannot|can't|could not|not found|no such file|undefined reference|assertion)([^a-z]|$)|^\s*E\s{2,}|✗|✖/i;

/** Lines kept before the first error line, for context (the command, the test's name). */
const CONTEXT_LINES = 2;

/** Below this cap only the tail is kept, unmarked (a marker would take most of it). */
const MIN_MARKED = 200;

/** Below this cap the tail is kept after one marker: two markers and a head would leave too little of either. */
const MIN_HEAD_AND_TAIL = 800;

/** Share of the budget given to the head (the first error lines); the rest is the tail. */
const HEAD_SHARE = 0.4;

/** Where the whole output is, said in every cut marker. */
export const WHOLE_OUTPUT_HINT = "whole output in the attempt's gate log";

/**
 * `output` when it fits in `max` characters; otherwise the first error lines (with a little
 * context) and the tail, each cut at line boundaries where possible, joined by markers that say
 * how many characters were left out. The result never exceeds `max` characters. Below 800
 * characters there is no head (the tail after one marker), below 200 no marker either.
 * Without an error line before the tail, the head is the beginning of the output.
 */
export function excerptOutput(output: string, max: number): string {
  if (output.length <= max) return output;
  const limit = Math.max(0, Math.floor(max));
  if (limit < MIN_MARKED) return output.slice(output.length - limit);
  if (limit < MIN_HEAD_AND_TAIL) {
    // Too little room for two markers and a head worth reading: the tail, after one marker.
    const tail = limit - marker(output.length, "here").length - 1;
    return `${marker(output.length - tail, "here")}\n${output.slice(output.length - tail)}`;
  }

  // Room for two markers and the newlines that join the four parts.
  const room = limit - 2 * markerLength(output.length) - 1;
  const headBudget = Math.floor(room * HEAD_SHARE);
  const tailBudget = room - headBudget;

  let tailStart = output.length - tailBudget;
  const nl = output.indexOf("\n", tailStart - 1);
  if (nl !== -1 && nl + 1 < output.length && nl + 1 - tailStart < tailBudget / 4) tailStart = nl + 1;

  const errorAt = firstErrorLine(output, tailStart);
  let headStart = errorAt === null ? 0 : contextStart(output, errorAt);
  if (errorAt !== null && errorAt - headStart > headBudget / 2) headStart = errorAt;
  let headEnd = Math.min(headStart + headBudget, tailStart);
  const lastNl = output.lastIndexOf("\n", headEnd - 1);
  if (lastNl >= headStart && headEnd - (lastNl + 1) < headBudget / 4) headEnd = lastNl + 1;

  const parts: string[] = [];
  if (headStart > 0) parts.push(marker(headStart, "before the first error line"));
  const head = output.slice(headStart, headEnd);
  parts.push(head.endsWith("\n") ? head.slice(0, -1) : head);
  const cut = tailStart - headEnd;
  if (cut > 0) parts.push(marker(cut, "here"));
  parts.push(output.slice(tailStart));
  return parts.join("\n");
}

/** Offset of the first line, starting before `end`, that looks like an error; null when none does. */
function firstErrorLine(output: string, end: number): number | null {
  let start = 0;
  while (start < end) {
    const stop = output.indexOf("\n", start);
    const lineEnd = stop === -1 ? output.length : stop;
    // Only the first 500 characters of a line are looked at (a minified bundle is one line).
    if (ERROR_LINE.test(output.slice(start, Math.min(lineEnd, start + 500)))) return start;
    if (stop === -1) return null;
    start = stop + 1;
  }
  return null;
}

/** Offset of the line `CONTEXT_LINES` lines above the line starting at `at`. */
function contextStart(output: string, at: number): number {
  let start = at;
  for (let i = 0; i < CONTEXT_LINES && start > 0; i++) start = output.lastIndexOf("\n", start - 2) + 1;
  return start;
}

function marker(chars: number, where: string): string {
  return `[… ${chars} characters cut ${where}; ${WHOLE_OUTPUT_HINT} …]`;
}

/** The longest marker for an output of `total` characters, plus its newline. */
function markerLength(total: number): number {
  return marker(total, "before the first error line").length + 1;
}
