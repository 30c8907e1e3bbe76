/**
 * What every wire format of the scripted model server has in common: the reply it sends (a
 * tool call or text, with usage), how it reads a request, and how it writes Server-Sent Events.
 */
import type { ServerResponse } from "node:http";
import type { FaultKind, RequestFacts, Usage } from "./script.js";
import type { ToolCall, ToolSpec } from "./tool-calls.js";

export type Reply = { kind: "tool"; call: ToolCall; usage: Usage } | { kind: "text"; text: string; usage: Usage };

export type Json = Record<string, unknown>;

export interface WireFormat {
  /** The name the request log uses. */
  readonly api: "anthropic-messages" | "openai-responses" | "openai-chat" | "gemini";
  /** The tools the CLI declared (empty: a side request, e.g. a title or a quota check). */
  tools(body: Json): ToolSpec[];
  facts(body: Json): RequestFacts;
  /** Whether the caller asked for a stream. */
  streams(body: Json, url: URL): boolean;
  /** Writes the whole reply (stream or JSON). */
  reply(res: ServerResponse, reply: Reply, model: string, stream: boolean): void;
  /** Writes an HTTP error the way this API does. */
  error(res: ServerResponse, kind: Exclude<FaultKind, "stall">, retryAfterSeconds: number): void;
}

export function isJson(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function array(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The text of a message content that is a string or a list of parts with `text`. */
export function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  return array(content)
    .map((p) => (isJson(p) && typeof p["text"] === "string" ? p["text"] : ""))
    .join("\n");
}

export function startSse(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
}

export function sse(res: ServerResponse, data: unknown, event?: string): void {
  res.write(`${event === undefined ? "" : `event: ${event}\n`}data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

export const ERROR_STATUS: Readonly<Record<Exclude<FaultKind, "stall">, number>> = { "401": 401, "429": 429, "500": 500, "529": 529 };

export function retryHeaders(kind: FaultKind, retryAfterSeconds: number): Record<string, string> {
  return kind === "429" ? { "retry-after": String(retryAfterSeconds) } : {};
}
