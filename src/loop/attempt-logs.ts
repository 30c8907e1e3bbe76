/**
 * What each attempt leaves for `foreman log`: the agent's stdout and stderr, each gate's
 * output and the attempt's diff, kept through the `AttemptFiles` port beside the attempt's
 * other files. Each file is bounded (the end is kept: that is where errors are) and says when
 * it was cut. Keeping a log never fails an attempt: a log that cannot be written is skipped.
 */
import type { AttemptFiles } from "./ports.js";

/** The fixed log files of an attempt, in the order `foreman log` shows them (gate logs come between). */
export const ATTEMPT_LOG_FILES: readonly string[] = ["agent.stdout.log", "agent.stderr.log", "diff.patch"];

/** Largest kept log, in characters. */
export const MAX_LOG_CHARS = 256 * 1024;

/** The last `max` characters of `text`, after a line that says how many were cut. */
export function boundedLog(text: string, max: number = MAX_LOG_CHARS): string {
  if (text.length <= max) return text;
  const cut = text.length - max;
  return `[foreman: ${cut} earlier characters cut; the last ${max} are kept]\n${text.slice(cut)}`;
}

/** File name of the `index`-th gate's output (0-based), readable and always a plain file name. */
export function gateLogName(index: number, gateName: string): string {
  const slug = gateName
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[-.]+|-+$/g, "")
    .slice(0, 60);
  return `gate-${index + 1}${slug ? `-${slug}` : ""}.log`;
}

/**
 * Writes one log of attempt `n`, bounded; a failure to produce or write it is ignored (logs are
 * a convenience). `text` may be a function, so that producing it (a git call) is covered too.
 */
export async function keepLog(files: AttemptFiles, n: number, name: string, text: string | (() => Promise<string>)): Promise<void> {
  try {
    await files.write(n, name, boundedLog(typeof text === "string" ? text : await text()));
  } catch {
    // A full disk or a read-only folder must not turn a finished attempt into a crash.
  }
}
