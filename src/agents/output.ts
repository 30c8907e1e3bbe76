/**
 * Helpers shared by the presets for reading an agent's output. Everything an agent prints is
 * untrusted data: these functions never throw on it, never evaluate it, and never hand it to a
 * shell.
 */
import type { AgentFailure, AgentOutput, AgentResult } from "../loop/agent-preset.js";

/** How much of a stream's end an error message quotes. The engine caps it again. */
export const ERROR_TAIL_CHARS = 2_000;

/** A plain JSON object (not an array, not null). */
export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// ANSI escape sequences (colours, cursor moves) as terminals print them.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

/** Removes terminal colour and cursor codes. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/**
 * The last `maxChars` characters of `text`, trimmed, without terminal codes; prefixed with `…`
 * when something was cut.
 */
export function tail(text: string, maxChars: number): string {
  const clean = stripAnsi(text).trim();
  if (maxChars <= 0) return "";
  if (clean.length <= maxChars) return clean;
  return `…${clean.slice(clean.length - maxChars + 1).trimStart()}`;
}

/**
 * An HTTP status the way agents quote one: `API Error: 529 …` (Claude Code), `unexpected status
 * 401 …` / `last status: 429 …` (Codex), `HTTP 503`, `HTTP/1.1 502`, or a message that starts with
 * it (`529 {"type":"error",…}`, Pi). Only 100–599, and never part of a longer number or a decimal.
 * A fact for the classifier, not a verdict.
 */
export function quotedStatus(text: string): number | undefined {
  const m = QUOTED_STATUS.exec(stripAnsi(text));
  return m ? Number(m[1]) : undefined;
}

const QUOTED_STATUS = /(?:^\s*|\bAPI Error:?\s*|\bstatus(?: code)?[:=]?\s*|\bHTTP(?:\/\d(?:\.\d)?)?\s+)([1-5]\d\d)(?!\w|\.\d)/i;

/** One line of a JSON Lines stream that parsed to an object. */
export interface JsonLine {
  /** 1-based line number in the stream, for error messages. */
  line: number;
  value: JsonRecord;
}

/**
 * The JSON objects of a JSON Lines stream, in order. Lines that are empty, are not JSON, or are
 * JSON but not an object (progress text, warnings, a truncated last line) are skipped.
 */
export function jsonLines(text: string): JsonLine[] {
  const out: JsonLine[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const value = parseJsonObject(lines[i]!);
    if (value !== undefined) out.push({ line: i + 1, value });
  }
  return out;
}

/** `JSON.parse` that returns `undefined` instead of throwing, and only for objects. */
export function parseJsonObject(text: string): JsonRecord | undefined {
  const value = parseJson(text);
  return isRecord(value) ? value : undefined;
}

/** `JSON.parse` that returns `undefined` instead of throwing. */
export function parseJson(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "" || (trimmed[0] !== "{" && trimmed[0] !== "[")) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return value;
  } catch {
    return undefined;
  }
}

/**
 * The result of an attempt that ran past its time limit: always a failure, with the `timedOut`
 * fact. Whatever cost and tokens the partial output showed are kept, so the budget still counts
 * them.
 */
export function timedOutResult(agent: string, partial: { costUsd?: number | undefined; tokens?: number | undefined } = {}): AgentResult {
  return {
    ok: false,
    ...definedUsage(partial),
    summary: "",
    failure: { message: `${agent} did not finish within the attempt's time limit and was stopped`, timedOut: true },
  };
}

/**
 * Why the process failed, from its exit status and the end of its standard error (or of its
 * standard output when stderr is empty), with the HTTP status that text quotes, if any.
 * Undefined when it exited with 0.
 */
export function exitFailure(agent: string, output: AgentOutput): AgentFailure | undefined {
  if (output.exitCode === 0) return undefined;
  const how = output.exitCode === null ? `${agent} was killed by a signal before it finished` : `${agent} exited with code ${output.exitCode}`;
  const detail = tail(output.stderr, ERROR_TAIL_CHARS) || tail(output.stdout, ERROR_TAIL_CHARS);
  return withStatus(detail ? `${how}: ${detail}` : how, quotedStatus(detail));
}

/** A failure with `message` and, when known, `status` (no `status: undefined` key). */
export function withStatus(message: string, status: number | undefined): AgentFailure {
  return status === undefined ? { message } : { message, status };
}

/** `{ costUsd, tokens }` without keys whose value is undefined (exactOptionalPropertyTypes-friendly). */
export function definedUsage(u: { costUsd?: number | undefined; tokens?: number | undefined }): {
  costUsd?: number;
  tokens?: number;
} {
  const out: { costUsd?: number; tokens?: number } = {};
  if (u.costUsd !== undefined) out.costUsd = u.costUsd;
  if (u.tokens !== undefined) out.tokens = u.tokens;
  return out;
}

/** A count or an amount as an agent reported it: finite and not negative, else undefined. */
export function nonNegative(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Sum of the defined values; undefined when none is defined. */
export function sumDefined(values: readonly (number | undefined)[]): number | undefined {
  let total: number | undefined;
  for (const v of values) if (v !== undefined) total = (total ?? 0) + v;
  return total;
}
