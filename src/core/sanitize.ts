/**
 * Cleans untrusted text (issue bodies, comments, agent output) before Foreman shows it to an
 * agent or a person, or stores it in its own comments.
 *
 * - HTML comments go, Foreman's own `<!-- foreman:state … -->` markers included, and an
 *   unterminated `<!--` takes the rest of the text with it. Removal repeats until nothing
 *   changes, so `<!<!-- x -->-- y -->` cannot leave a comment behind by joining the pieces.
 * - Invisible and format characters go: every Unicode "format" character (category Cf: zero
 *   width spaces and joiners U+200B–U+200D, word joiner and invisible operators U+2060–U+2064,
 *   U+FEFF, soft hyphen U+00AD, bidirectional controls U+202A–U+202E, U+2066–U+2069, U+200E,
 *   U+200F, U+061C, tag characters U+E0000–U+E007F …) and the variation selectors supplement
 *   U+E0100–U+E01EF, both used to hide text from a reader that a model still reads.
 * - Control characters (C0, DEL, C1) go, except `\n` and `\t`. `\r\n` and a lone `\r` become
 *   `\n`, as do U+2028 and U+2029. A lone surrogate (not text) becomes U+FFFD.
 * - The result is capped at `maxLength` UTF-16 code units (default 20,000), a truncation
 *   marker included; a surrogate pair is never split.
 *
 * The function is idempotent: cleaning clean text changes nothing.
 */

export const DEFAULT_SANITIZE_MAX_LENGTH = 20_000;

export interface SanitizeOptions {
  /** Most UTF-16 code units returned, marker included; a whole number of 0 or more. */
  maxLength?: number;
}

/** Characters that are removed outright. */
const INVISIBLE = /[\p{Cf}\u{E0100}-\u{E01EF}]|[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]/gu;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const COMMENT = /<!--[\s\S]*?-->/g;

export function sanitizeUntrusted(text: string, options: SanitizeOptions = {}): string {
  const maxLength = options.maxLength ?? DEFAULT_SANITIZE_MAX_LENGTH;
  if (!Number.isInteger(maxLength) || maxLength < 0) {
    throw new RangeError(`sanitizeUntrusted: maxLength must be a whole number of 0 or more, got ${String(maxLength)}`);
  }
  const cleaned = removeComments(
    text
      .replace(LONE_SURROGATE, "\uFFFD")
      .replace(/\r\n?|[\u2028\u2029]/g, "\n")
      .replace(INVISIBLE, ""),
  );
  return cap(cleaned, maxLength);
}

/** Removes comments until none is left; an unterminated `<!--` runs to the end. */
function removeComments(text: string): string {
  let current = text;
  for (;;) {
    const next = current.replace(COMMENT, "");
    if (next !== current) {
      current = next;
      continue;
    }
    const open = current.indexOf("<!--");
    return open === -1 ? current : current.slice(0, open);
  }
}

/**
 * Keeps the start of `text` and says how much was left out, all within `maxLength`. The room
 * for the marker is measured with the largest number it could carry, so it always fits. A cap
 * too small for any marker (under about 50) gets the start of the text alone.
 */
function cap(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const marker = (omitted: number) => `\n[… truncated by Foreman: ${omitted} characters omitted]`;
  const room = maxLength - marker(text.length).length;
  if (room < 0) return slicePairs(text, maxLength);
  const kept = slicePairs(text, room);
  return kept + marker(text.length - kept.length);
}

/** The first `n` code units of `text`, one fewer when the last would be half a surrogate pair. */
function slicePairs(text: string, n: number): string {
  if (n <= 0) return "";
  const cut = text.slice(0, n);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
