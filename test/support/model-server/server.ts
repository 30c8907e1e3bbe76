/**
 * A scripted model server for the agent conformance tests: Node `http` on 127.0.0.1 (port 0),
 * speaking enough of the Anthropic Messages API, the OpenAI Responses and Chat Completions
 * APIs and the Gemini API, streaming, to drive each agent CLI offline. Agent requests (those
 * that declare tools) are answered from a `Script`; side requests (titles, quota checks) get a
 * short text; startup calls (model lists, token counts, telemetry) get minimal valid bodies.
 * On demand it answers 401, 429 with `retry-after`, 500, 529 or a stream that stalls. Every
 * request is logged (secrets redacted) with the reply and usage it got.
 */
import { appendFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { anthropic, sideReply } from "./anthropic.js";
import { gemini } from "./gemini.js";
import { openaiChat, openaiResponses } from "./openai.js";
import { ScriptPlayer, type Fault, type FaultKind, type Script, type Usage } from "./script.js";
import { readCall, shellCall, statedCommand, statedCwd, writeCall } from "./tool-calls.js";
import { isJson, sendJson, startSse, type Json, type Reply, type WireFormat } from "./wire.js";

export type { Fault, FaultKind, Script, Turn, Usage } from "./script.js";

const SECRET_HEADERS = new Set(["authorization", "x-api-key", "x-goog-api-key", "api-key", "cookie", "proxy-authorization"]);

/** One request as the server saw it. */
export interface LogEntry {
  /** `Date.now()` when the request arrived. */
  at: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  api?: WireFormat["api"];
  /** `agent`: declared tools, answered from the script; `side`: a model call without tools; `other`: not a model call. */
  kind: "agent" | "side" | "other";
  tools?: string[];
  conversation?: number;
  turnIndex?: number;
  /** What the server answered: a tool call, a text, or a fault. */
  reply?:
    | { kind: "tool"; name: string; input: Record<string, unknown>; usage: Usage }
    | { kind: "text"; usage: Usage }
    | { kind: "fault"; fault: FaultKind };
}

export interface ModelServer {
  /** `http://127.0.0.1:<port>` (no trailing slash, no `/v1`). */
  readonly url: string;
  readonly log: readonly LogEntry[];
  /** Answer the next model requests with a fault (`undefined`: back to the script). */
  setFault(fault: Fault | undefined): void;
  /** The log's model requests (agent and side). */
  modelRequests(): LogEntry[];
  /** The sum of the usage of every model response the server sent. */
  usageServed(): Usage;
  /** How many distinct prompts (agent runs) the server has answered. */
  conversationsSeen(): number;
  close(): Promise<void>;
}

export interface ModelServerOptions {
  /** The model name reported when the request names none. */
  model?: string;
  /** Appends each log entry as a JSON line to this file. */
  logFile?: string;
}

function route(method: string, url: URL): { wire: WireFormat; model?: string } | "count" | "models" | undefined {
  const p = url.pathname;
  if (method === "GET" && /\/models(\/|$)/.test(p)) return "models";
  if (method !== "POST") return undefined;
  if (p.endsWith("/messages/count_tokens") || p.endsWith(":countTokens")) return "count";
  if (p.endsWith("/messages")) return { wire: anthropic };
  if (p.endsWith("/responses")) return { wire: openaiResponses };
  if (p.endsWith("/chat/completions")) return { wire: openaiChat };
  const g = /\/models\/([^/:]+):(streamGenerateContent|generateContent)$/.exec(p);
  if (g) return { wire: gemini, model: decodeURIComponent(g[1] ?? "") };
  return undefined;
}

function redact(headers: IncomingMessage["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[k] = SECRET_HEADERS.has(k) ? "<redacted>" : Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}

function modelsBody(model: string): Json {
  const entry = {
    id: model,
    object: "model",
    type: "model",
    display_name: model,
    created: 0,
    created_at: "2025-01-01T00:00:00Z",
    owned_by: "scripted",
  };
  return { object: "list", data: [entry], has_more: false, first_id: model, last_id: model, models: [] };
}

/** A side request asking for JSON (Gemini CLI's next-speaker check) gets JSON text. */
function sideText(body: Json): string {
  const config = body["generationConfig"];
  if (isJson(config) && config["responseMimeType"] === "application/json") return JSON.stringify({ next_speaker: "user", reasoning: "scripted" });
  return "Scripted";
}

export async function startModelServer(script: Script, options: ModelServerOptions = {}): Promise<ModelServer> {
  const player = new ScriptPlayer(script);
  const log: LogEntry[] = [];
  const sockets = new Set<Socket>();
  let fault: (Fault & { left: number }) | undefined;
  const defaultModel = options.model ?? "scripted-model";

  const record = (entry: LogEntry): void => {
    log.push(entry);
    if (options.logFile) appendFileSync(options.logFile, `${JSON.stringify(entry)}\n`);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string): void => {
    const at = Date.now();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    let body: unknown = raw;
    try {
      body = raw === "" ? {} : JSON.parse(raw);
    } catch {
      // Not JSON: logged as text.
    }
    const json: Json = isJson(body) ? body : {};
    const entry: LogEntry = { at, method: req.method ?? "", path: `${url.pathname}${url.search}`, headers: redact(req.headers), body, kind: "other" };
    const target = route(entry.method, url);
    if (target === undefined || target === "count" || target === "models") {
      record(entry);
      if (target === "count") return sendJson(res, 200, { input_tokens: 100, totalTokens: 100 });
      if (target === "models") return sendJson(res, 200, modelsBody(defaultModel));
      return sendJson(res, 200, {});
    }
    const { wire } = target;
    const model = target.model ?? (typeof json["model"] === "string" ? json["model"] : defaultModel);
    const tools = wire.tools(json);
    const stream = wire.streams(json, url);
    entry.api = wire.api;
    entry.kind = tools.length > 0 ? "agent" : "side";
    if (tools.length > 0) entry.tools = tools.map((t) => t.name);

    if (fault !== undefined) {
      const current = fault;
      current.left -= 1;
      if (current.left <= 0) fault = undefined;
      entry.reply = { kind: "fault", fault: current.kind };
      record(entry);
      if (current.kind === "stall") {
        // Headers and a comment, then nothing: the client waits until it gives up or the server closes.
        startSse(res);
        res.write(": scripted stall\n\n");
        return;
      }
      return wire.error(res, current.kind, current.retryAfterSeconds ?? 1);
    }

    let reply: Reply;
    if (tools.length === 0) {
      reply = sideReply(sideText(json));
    } else {
      const facts = wire.facts(json);
      const step = player.next(facts);
      entry.conversation = step.conversation;
      entry.turnIndex = step.turnIndex;
      const turn = step.turn;
      const text = raw.replace(/\\n/g, "\n");
      const cwd = statedCwd(text);
      if ("read" in turn) reply = { kind: "tool", call: readCall(tools, cwd, turn.read.path), usage: turn.usage };
      else if ("write" in turn)
        reply = {
          kind: "tool",
          call: writeCall(tools, cwd, turn.write.path, turn.write.content, turn.write.replaces),
          usage: turn.usage,
        };
      else if ("run" in turn) reply = { kind: "tool", call: shellCall(tools, statedCommand(text, turn.run) ?? turn.run), usage: turn.usage };
      else reply = { kind: "text", text: turn.final, usage: turn.usage };
    }
    entry.reply =
      reply.kind === "tool"
        ? { kind: "tool", name: reply.call.name, input: reply.call.input, usage: reply.usage }
        : { kind: "text", usage: reply.usage };
    record(entry);
    wire.reply(res, reply, model, stream);
  };

  const server = createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (raw += chunk));
    req.on("end", () => {
      try {
        handle(req, res, raw);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        record({ at: Date.now(), method: req.method ?? "", path: req.url ?? "", headers: redact(req.headers), body: raw, kind: "other" });
        if (!res.headersSent) sendJson(res, 500, { error: { type: "scripted_server_error", message } });
        else res.end();
      }
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    log,
    setFault(f) {
      fault = f === undefined ? undefined : { ...f, left: f.times ?? Number.POSITIVE_INFINITY };
    },
    modelRequests: () => log.filter((e) => e.kind !== "other"),
    usageServed() {
      const total = { input: 0, output: 0 };
      for (const e of log) {
        if (e.reply && e.reply.kind !== "fault") {
          total.input += e.reply.usage.input;
          total.output += e.reply.usage.output;
        }
      }
      return total;
    },
    conversationsSeen: () => player.conversationsSeen,
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
