/** The Anthropic Messages API (`POST /v1/messages`), streaming and not: Claude Code and Pi speak it. */
import type { ServerResponse } from "node:http";
import { array, isJson, retryHeaders, sendJson, sse, startSse, textOf, ERROR_STATUS, type Json, type Reply, type WireFormat } from "./wire.js";

const ERROR_TYPES = { "401": "authentication_error", "429": "rate_limit_error", "500": "api_error", "529": "overloaded_error" } as const;
const ERROR_MESSAGES = {
  "401": "invalid x-api-key",
  "429": "Number of request tokens has exceeded your rate limit",
  "500": "Internal server error",
  "529": "Overloaded",
} as const;

let ids = 0;

export const anthropic: WireFormat = {
  api: "anthropic-messages",

  tools(body) {
    return array(body["tools"]).flatMap((t) =>
      isJson(t) && typeof t["name"] === "string" ? [{ name: t["name"], schema: isJson(t["input_schema"]) ? t["input_schema"] : {} }] : [],
    );
  },

  facts(body) {
    const messages = array(body["messages"]).filter(isJson);
    const first = messages.find((m) => m["role"] === "user");
    const toolResults = messages.flatMap((m) => array(m["content"])).filter((p) => isJson(p) && p["type"] === "tool_result").length;
    return { prompt: first ? textOf(first["content"]) : "", toolResults };
  },

  streams(body) {
    return body["stream"] === true;
  },

  reply(res, reply, model, stream) {
    const id = `msg_scripted_${++ids}`;
    const block: Json =
      reply.kind === "tool"
        ? { type: "tool_use", id: `toolu_scripted_${ids}`, name: reply.call.name, input: reply.call.input }
        : { type: "text", text: reply.text };
    const stopReason = reply.kind === "tool" ? "tool_use" : "end_turn";
    const usage = { input_tokens: reply.usage.input, output_tokens: reply.usage.output, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
    if (!stream) {
      sendJson(res, 200, { id, type: "message", role: "assistant", model, content: [block], stop_reason: stopReason, stop_sequence: null, usage });
      return;
    }
    startSse(res);
    sse(
      res,
      {
        type: "message_start",
        message: {
          id,
          type: "message",
          role: "assistant",
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { ...usage, output_tokens: 1 },
        },
      },
      "message_start",
    );
    if (reply.kind === "tool") {
      sse(res, { type: "content_block_start", index: 0, content_block: { ...block, input: {} } }, "content_block_start");
      sse(
        res,
        { type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: JSON.stringify(reply.call.input) } },
        "content_block_delta",
      );
    } else {
      sse(res, { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }, "content_block_start");
      sse(res, { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: reply.text } }, "content_block_delta");
    }
    sse(res, { type: "content_block_stop", index: 0 }, "content_block_stop");
    sse(
      res,
      { type: "message_delta", delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: reply.usage.output } },
      "message_delta",
    );
    sse(res, { type: "message_stop" }, "message_stop");
    res.end();
  },

  error(res: ServerResponse, kind, retryAfterSeconds) {
    sendJson(
      res,
      ERROR_STATUS[kind],
      { type: "error", error: { type: ERROR_TYPES[kind], message: ERROR_MESSAGES[kind] } },
      retryHeaders(kind, retryAfterSeconds),
    );
  },
};

/** A text reply for requests that are not agent turns (titles, quota checks): no usage worth counting. */
export function sideReply(text: string): Reply {
  return { kind: "text", text, usage: { input: 1, output: 1 } };
}
