/**
 * The session snapshot as a GitHub comment body: a readable status for people, then one
 * hidden block `<!-- foreman:state v1 BASE64 -->` where BASE64 is gzip(JSON of the state).
 *
 * - `v1` is the *encoding* version (how the block is written); `schemaVersion` inside the JSON
 *   is the *data* version (what the fields mean). Each has its own "newer Foreman" error.
 * - The base64 alphabet has no `-`, `<` or `>`, so the payload can never close the comment early.
 * - A comment body holds at most 65,536 characters. The encoder compacts the ledger (recent
 *   attempts in full, older ones folded into exact totals) until the whole body fits, for any
 *   valid session; it never cuts data into something that would not decode.
 * - Decoding trusts nothing: size-capped gunzip, strict UTF-8, JSON, migration, the zod
 *   schema, and a refusal of any field the schema does not know (forged or corrupted state).
 *
 * Pure: `node:zlib`'s synchronous gzip is computation, not I/O.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import type { z } from "zod";
import { StateDecodeError, StateEncodeError } from "./errors.js";
import { issuePath as formatPath } from "./zod-issues.js";
import { capMarkdown, renderStatusComment, truncate } from "./render.js";
import { STATE_SCHEMA_VERSION, sessionStateSchema, type Attempt, type CompactedAttempts, type SessionState } from "./state.js";

/** The word that identifies a Foreman state block inside an HTML comment. */
export const STATE_MARKER = "foreman:state";
/** Encoding version written in the block (`<!-- foreman:state v1 … -->`). */
export const STATE_ENCODING_VERSION = 1;
/** GitHub refuses a comment body longer than this ("Body is too long"). */
export const MAX_COMMENT_CHARS = 65_536;
/** The visible part of a state comment is capped at this; the rest is for the block. */
export const MAX_VISIBLE_CHARS = 12_000;
/** Attempts kept in full at most; older ones are always folded into `compacted`. */
export const MAX_KEPT_ATTEMPTS = 100;
/** Distinct diff hashes of folded attempts kept for oscillation detection (the most recent). */
export const MAX_COMPACTED_DIFF_HASHES = 20;
/** Largest JSON a block may inflate to; bigger is refused as a decompression bomb (and never written). */
export const MAX_DECODED_BYTES = 5 * 1024 * 1024;

const SEPARATOR = "\n\n";
/** `<!--`, optional spaces, the marker, and not a longer word (`foreman:states`). */
const BLOCK_OPENER = /<!--\s*foreman:state(?![A-Za-z0-9_:])/g;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** True when `body` carries something that looks like a state block (valid or not). */
export function hasStateBlock(body: string): boolean {
  return new RegExp(BLOCK_OPENER.source).test(body);
}

// ---------------------------------------------------------------------------------------------
// Encoding

export interface EncodeOptions {
  /** The part people read; default `renderStatusComment(state)`. Capped, and `<!--` is neutralized. */
  visible?: string;
  /** Size limit of the whole body; default and maximum `MAX_COMMENT_CHARS` (smaller for tests or other stores). */
  maxChars?: number;
}

/**
 * The comment body for `state`: `visible` (default: `renderStatusComment(state)`), capped and
 * with any `<!--` neutralized, then the state block. At most `MAX_COMMENT_CHARS` characters.
 *
 * The state is written unchanged when it fits with at most `MAX_KEPT_ATTEMPTS` attempts;
 * otherwise the largest window of recent attempts that fits is kept and older ones are folded
 * into `compacted` (see `compactState`). If even no window fits beside the visible status, a
 * one-line status is used instead; as a last resort (huge, incompressible text only) the
 * title, note and approval reasons are cut. Throws `StateEncodeError` for an invalid state,
 * or (`too_large`) when even that cannot fit, which within 65,536 characters only fields the
 * schema leaves unbounded can cause (thousands of foreign `compacted.outcomes` keys, a
 * timestamp with thousands of fractional digits).
 */
export function encodeStateComment(state: SessionState, options: EncodeOptions = {}): string {
  const limit = Math.min(options.maxChars ?? MAX_COMMENT_CHARS, MAX_COMMENT_CHARS);
  const parsed = sessionStateSchema.safeParse(state, { reportInput: true });
  if (!parsed.success) {
    throw new StateEncodeError("invalid_state", `Refusing to write an invalid session state: ${describeIssues(parsed.error.issues)}`);
  }
  const valid = parsed.data;
  const full = sanitizeVisible(options.visible ?? renderStatusComment(valid));
  const minimal = minimalVisible(valid);
  // Data before decoration: a one-line status comes before cutting any text of the state.
  const tiers: [string, SessionState][] = [
    [full, valid],
    [minimal, valid],
    [minimal, trimProse(valid, 200)],
    [minimal, trimProse(valid, 0)],
  ];
  for (const [visible, candidate] of tiers) {
    const block = fitBlock(candidate, limit - visible.length - SEPARATOR.length);
    if (block !== null) return `${visible}${SEPARATOR}${block}`;
  }
  throw new StateEncodeError(
    "too_large",
    `Session ${JSON.stringify(valid.sessionId.slice(0, 80))} does not fit in a ${limit}-character comment even with every attempt compacted; ` +
      `its other fields (note, approval reasons, compacted outcomes) are too large.`,
  );
}

/** The largest window of recent attempts whose block fits in `room` characters, as a block. */
function fitBlock(state: SessionState, room: number): string | null {
  const widest = Math.min(state.attempts.length, MAX_KEPT_ATTEMPTS);
  // Folding is a left fold in ledger order, so folding the always-folded prefix once and the
  // rest per probe gives exactly `compactState(state, keep)`.
  const base = compactState(state, widest);
  const attempt = (keep: number): string | null => {
    const candidate = compactState(base, keep);
    const block = encodeBlock(candidate, room);
    if (block !== null) assertWritable(candidate);
    return block;
  };
  const full = attempt(widest);
  if (full !== null) return full;
  // Largest fitting window in [0, widest - 1] (size grows with the window, so binary search).
  let lo = 0;
  let hi = widest - 1;
  let best: string | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const block = attempt(mid);
    if (block !== null) {
      best = block;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}

/**
 * Last resort, reached only by states whose human-readable text is both huge and
 * incompressible: cuts the title and the note to `maxChars` and keeps at most 5 approval
 * reasons of `maxChars` (none when 0). Identifiers, times, numbers and hashes are never cut.
 */
function trimProse(state: SessionState, maxChars: number): SessionState {
  const { note, approval, ...rest } = state;
  const trimmed: SessionState = { ...rest, task: { ...state.task, title: truncate(state.task.title, maxChars) } };
  if (note !== undefined && maxChars > 0) trimmed.note = truncate(note, maxChars);
  if (approval !== undefined) {
    trimmed.approval = { ...approval, reasons: maxChars > 0 ? approval.reasons.slice(0, 5).map((r) => truncate(r, maxChars)) : [] };
  }
  return trimmed;
}

const BLOCK_PREFIX = `<!-- ${STATE_MARKER} v${STATE_ENCODING_VERSION} `;
const BLOCK_SUFFIX = " -->";

/**
 * The block for `state` if it is at most `room` characters long, else null (also when its
 * JSON is larger than a decoder accepts). gzip stops as soon as its output is too large, so
 * a probe costs about as much as a block that fits, however large the state.
 */
function encodeBlock(state: SessionState, room: number): string | null {
  const maxGzipBytes = Math.floor((room - BLOCK_PREFIX.length - BLOCK_SUFFIX.length) / 4) * 3;
  if (maxGzipBytes <= 0) return null;
  const json = JSON.stringify(state);
  if (json.length > MAX_DECODED_BYTES) return null;
  const bytes = Buffer.from(json, "utf8");
  if (bytes.length > MAX_DECODED_BYTES) return null;
  let gz: Buffer;
  try {
    gz = gzipSync(bytes, { level: 6, memLevel: 9, maxOutputLength: maxGzipBytes });
  } catch (error) {
    if (hasCode(error, "ERR_BUFFER_TOO_LARGE")) return null;
    throw error;
  }
  return `${BLOCK_PREFIX}${gz.toString("base64")}${BLOCK_SUFFIX}`;
}

/** Compaction must never produce what a decoder would refuse (sums saturate, hashes are bounded). */
function assertWritable(state: SessionState): void {
  const check = sessionStateSchema.safeParse(state, { reportInput: true });
  if (!check.success) {
    throw new StateEncodeError("invalid_state", `Compacted state is invalid (a Foreman bug): ${describeIssues(check.error.issues)}`);
  }
}

function sanitizeVisible(visible: string): string {
  // A `<!--` in the visible part could open a second block (refused on read) or hide ours.
  return capMarkdown(visible.replace(/<!--/g, "&lt;!--"), MAX_VISIBLE_CHARS);
}

function minimalVisible(state: SessionState): string {
  const reason = state.status === "ended" && state.reason !== null ? ` (${state.reason})` : "";
  return `**Foreman** · status: ${state.status}${reason} · ${state.spent.attempts} attempts. Run \`/status\` for details.`;
}

// ---------------------------------------------------------------------------------------------
// Compaction

/**
 * Keeps the `keepRecent` most recent attempts in full and folds the older ones into
 * `compacted`, adding to any earlier totals: `count`, `firstN`, `lastN`, `costUsd`,
 * `durationMs`, `tokens` (absent values count as 0), `outcomes` (`open` for an unfinished
 * attempt, `unknown` for a finished one without outcome) and the `MAX_COMPACTED_DIFF_HASHES`
 * most recent distinct diff hashes (oldest first). Sums are exact (costs are added in ledger
 * order, the order `spent` was summed in); they saturate at the largest valid value only for
 * absurd inputs (more than 2^53 ms or tokens). `spent` is untouched. Returns `state` itself
 * when there is nothing to fold and `compacted` is already within bounds.
 */
export function compactState(state: SessionState, keepRecent: number): SessionState {
  if (!Number.isInteger(keepRecent) || keepRecent < 0) {
    throw new RangeError(`keepRecent must be a whole number of 0 or more, got ${keepRecent}`);
  }
  const fold = Math.max(0, state.attempts.length - keepRecent);
  const hashesInBounds = state.compacted === null || state.compacted.diffHashes.length <= MAX_COMPACTED_DIFF_HASHES;
  if (fold === 0 && hashesInBounds) return state;
  const folded = state.attempts.slice(0, fold);
  const first = folded[0];
  const c: CompactedAttempts | null =
    state.compacted !== null
      ? { ...state.compacted, outcomes: { ...state.compacted.outcomes }, diffHashes: state.compacted.diffHashes.slice(-MAX_COMPACTED_DIFF_HASHES) }
      : first !== undefined
        ? { count: 0, firstN: first.n, lastN: first.n, costUsd: 0, durationMs: 0, tokens: 0, outcomes: {}, diffHashes: [] }
        : null;
  if (c !== null) for (const attempt of folded) foldInto(c, attempt);
  return { ...state, attempts: state.attempts.slice(fold), compacted: c };
}

/** Adds one attempt to the totals `c` (mutated: `c` is a fresh copy owned by `compactState`). */
function foldInto(c: CompactedAttempts, a: Attempt): void {
  c.count = addCount(c.count, 1);
  c.firstN = Math.min(c.firstN, a.n);
  c.lastN = Math.max(c.lastN, a.n);
  c.costUsd = addUsd(c.costUsd, a.costUsd ?? 0);
  c.durationMs = addCount(c.durationMs, a.durationMs ?? 0);
  c.tokens = addCount(c.tokens, a.tokens ?? 0);
  const key = a.outcome ?? (a.finishedAt === undefined ? "open" : "unknown");
  c.outcomes[key] = addCount(c.outcomes[key] ?? 0, 1);
  if (a.diffHash !== undefined) {
    const seen = c.diffHashes.indexOf(a.diffHash);
    if (seen >= 0) c.diffHashes.splice(seen, 1);
    c.diffHashes.push(a.diffHash);
    if (c.diffHashes.length > MAX_COMPACTED_DIFF_HASHES) c.diffHashes.shift();
  }
}

function addCount(a: number, b: number): number {
  return Math.min(a + b, Number.MAX_SAFE_INTEGER);
}

function addUsd(a: number, b: number): number {
  const sum = a + b;
  return Number.isFinite(sum) ? sum : Number.MAX_VALUE;
}

// ---------------------------------------------------------------------------------------------
// Decoding

/**
 * The session state carried by a comment body. Throws `StateDecodeError`:
 * - `no_state_block`: the body has no `<!-- foreman:state … -->`;
 * - `bad_encoding`: the block is truncated, not base64, not gzip, too large when inflated,
 *   not UTF-8 or not JSON;
 * - `unknown_schema_version`: a newer encoding or `schemaVersion` (upgrade Foreman);
 * - `invalid_state`: more than one block, or JSON that is not a valid state (the message
 *   names the field).
 */
export function decodeStateComment(body: string): SessionState {
  const payload = findPayload(body);
  if (!BASE64.test(payload) || payload.length % 4 !== 0) {
    throw new StateDecodeError("bad_encoding", "State block payload is not base64 (the comment was edited or cut).");
  }
  const gz = Buffer.from(payload, "base64");
  let bytes: Buffer;
  try {
    bytes = gunzipSync(gz, { maxOutputLength: MAX_DECODED_BYTES });
  } catch (cause) {
    if (hasCode(cause, "ERR_BUFFER_TOO_LARGE")) {
      throw new StateDecodeError("bad_encoding", `State block inflates to more than ${MAX_DECODED_BYTES} bytes; refusing it (decompression bomb?).`, {
        cause,
      });
    }
    throw new StateDecodeError("bad_encoding", "State block payload is not valid gzip data (corrupted or edited).", { cause });
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new StateDecodeError("bad_encoding", "State block payload is not UTF-8 text.", { cause });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new StateDecodeError("bad_encoding", "State block payload is not JSON.", { cause });
  }
  return validateState(migrateState(raw));
}

/** The base64 payload of the single state block in `body`. */
function findPayload(body: string): string {
  const openers = [...body.matchAll(BLOCK_OPENER)];
  if (openers.length === 0) {
    throw new StateDecodeError("no_state_block", `Comment has no state block (<!-- ${STATE_MARKER} … -->).`);
  }
  if (openers.length > 1) {
    throw new StateDecodeError(
      "invalid_state",
      `Comment has ${openers.length} state blocks; Foreman writes exactly one and cannot tell which is genuine (one may be pasted text).`,
    );
  }
  const opener = openers[0]!;
  const start = opener.index + opener[0].length;
  const end = body.indexOf("-->", start);
  if (end < 0) throw new StateDecodeError("bad_encoding", "State block is not closed with --> (the comment was cut).");
  const words = body.slice(start, end).trim().split(/\s+/);
  const version = /^v(\d{1,6})$/.exec(words[0] ?? "");
  if (version === null) {
    throw new StateDecodeError(
      "bad_encoding",
      `State block has no encoding version (expected "v${STATE_ENCODING_VERSION}", got ${quote(words[0] ?? "")}).`,
    );
  }
  const encoding = Number(version[1]);
  if (encoding > STATE_ENCODING_VERSION) {
    throw new StateDecodeError(
      "unknown_schema_version",
      `State block encoding v${encoding} was written by a newer Foreman (this one reads v${STATE_ENCODING_VERSION}); upgrade Foreman.`,
    );
  }
  if (encoding !== STATE_ENCODING_VERSION) {
    throw new StateDecodeError("bad_encoding", `State block encoding v${encoding} is not known (expected v${STATE_ENCODING_VERSION}).`);
  }
  if (words.length !== 2) {
    throw new StateDecodeError(
      "bad_encoding",
      `State block must hold one base64 payload after v${STATE_ENCODING_VERSION}, found ${words.length - 1} words.`,
    );
  }
  return words[1]!;
}

// ---------------------------------------------------------------------------------------------
// Migration

/** One step: a plain object of data version `n` in, a plain object of version `n + 1` out. */
export type StateMigration = (raw: Record<string, unknown>) => Record<string, unknown>;

/**
 * `STATE_MIGRATIONS[n]` turns data version `n` into `n + 1`. A new schema version adds one
 * entry here (and bumps `STATE_SCHEMA_VERSION` in state.ts); old comments then read as new.
 */
export const STATE_MIGRATIONS: Readonly<Record<number, StateMigration>> = {
  /**
   * v0 was a pre-release shape (never shipped; kept as the worked example): no ledger
   * compaction, so no `compacted`, and the total cost at the top level as `cost` instead of
   * `spent.costUsd`. Everything else was already as in v1.
   */
  0: (v0) => {
    const { cost, spent, ...rest } = v0;
    const spentFields = isPlainObject(spent) ? spent : {};
    return { ...rest, schemaVersion: 1, spent: { ...spentFields, costUsd: cost }, compacted: null };
  },
};

/**
 * Brings decoded JSON up to `STATE_SCHEMA_VERSION`, one step at a time. Not an object:
 * returned as is (validation names the problem). Throws `StateDecodeError`
 * (`unknown_schema_version`) for a version newer than this Foreman or one with no path.
 */
export function migrateState(raw: unknown): unknown {
  if (!isPlainObject(raw)) return raw;
  const version = raw.schemaVersion;
  if (typeof version !== "number" || !Number.isSafeInteger(version) || version < 0) {
    throw new StateDecodeError("invalid_state", `state field "schemaVersion": expected a whole number of 0 or more, got ${describeValue(version)}`);
  }
  if (version > STATE_SCHEMA_VERSION) {
    throw new StateDecodeError(
      "unknown_schema_version",
      `State schemaVersion ${version} was written by a newer Foreman (this one reads up to ${STATE_SCHEMA_VERSION}); upgrade Foreman.`,
    );
  }
  let current = raw;
  for (let v = version; v < STATE_SCHEMA_VERSION; v++) {
    const step = STATE_MIGRATIONS[v];
    if (step === undefined) {
      throw new StateDecodeError("unknown_schema_version", `State schemaVersion ${v} cannot be read by this Foreman (no migration from it).`);
    }
    current = step(current);
  }
  return current;
}

// ---------------------------------------------------------------------------------------------
// Validation

function validateState(raw: unknown): SessionState {
  if (!isPlainObject(raw)) {
    throw new StateDecodeError("invalid_state", `State must be a JSON object, got ${describeValue(raw)}.`);
  }
  const parsed = sessionStateSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new StateDecodeError("invalid_state", describeIssues(parsed.error.issues), { cause: parsed.error });
  const unknown = findUnknownField(raw, parsed.data, []);
  if (unknown !== null) {
    throw new StateDecodeError(
      "invalid_state",
      `state field ${quote(formatPath(unknown))}: unknown field; Foreman never writes it (forged or corrupted state).`,
    );
  }
  return parsed.data;
}

/** The first key of `input` that the schema dropped from `output` (zod strips unknown keys). */
function findUnknownField(input: unknown, output: unknown, path: PropertyKey[]): PropertyKey[] | null {
  if (Array.isArray(input) && Array.isArray(output)) {
    for (let i = 0; i < input.length; i++) {
      const found = findUnknownField(input[i], output[i], [...path, i]);
      if (found !== null) return found;
    }
    return null;
  }
  if (isPlainObject(input) && isPlainObject(output)) {
    for (const key of Object.keys(input)) {
      if (!Object.prototype.hasOwnProperty.call(output, key)) return [...path, key];
      const found = findUnknownField(input[key], output[key], [...path, key]);
      if (found !== null) return found;
    }
  }
  return null;
}

/** `state field "attempts[2].outcome": expected one of …, got "won"` (and how many more problems). */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const first = issues[0];
  if (first === undefined) return "state is invalid";
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
  return `state field ${quote(formatPath(first.path))}: ${describeIssue(first)}${more}`;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const got = "input" in issue && issue.input !== undefined ? `, got ${describeValue(issue.input)}` : ", but it is missing";
  switch (issue.code) {
    case "invalid_value":
      return issue.values.length === 1
        ? `expected ${describeValue(issue.values[0])}${got}`
        : `expected one of ${issue.values.map(String).join(", ")}${got}`;
    case "invalid_type":
      return `expected ${issue.expected}${got}`;
    case "too_big":
      return `expected at most ${String(issue.maximum)}${unit(issue.origin)}${got}`;
    case "too_small":
      return `expected at least ${String(issue.minimum)}${unit(issue.origin)}${got}`;
    case "invalid_format":
      return `expected ${issue.format === "datetime" ? "an ISO-8601 date-time with offset" : issue.format === "regex" ? `text matching ${issue.pattern ?? "the pattern"}` : issue.format}${got}`;
    default:
      return issue.message;
  }
}

function unit(origin: string): string {
  return origin === "string" ? " characters" : origin === "array" ? " items" : "";
}

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function quote(s: string): string {
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasCode(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === code;
}
