/**
 * The OpenAI Responses API (`POST /v1/responses`, Codex) and Chat Completions
 * (`POST /v1/chat/completions`, Copilot CLI's provider mode), streaming and not.
 */
import { array, isJson, retryHeaders, sendJson, sse, startSse, textOf, ERROR_STATUS, type Json, type WireFormat } from "./wire.js";

const ERRORS = {
  "401": { type: "invalid_request_error", code: "invalid_api_key", message: "Incorrect API key provided." },
  "429": { type: "requests", code: "rate_limit_exceeded", message: "Rate limit reached. Please try again in 1s." },
  "500": { type: "server_error", code: "server_error", message: "We're currently experiencing high demand, which may cause temporary errors." },
  "529": { type: "server_error", code: "overloaded", message: "The server is overloaded." },
} as const;

let ids = 0;

function functionTools(body: Json, nested: boolean) {
  return array(body["tools"]).flatMap((t) => {
    if (!isJson(t)) return [];
    const fn = nested && isJson(t["function"]) ? t["function"] : t;
    const name = fn["name"];
    if (typeof name !== "string") return [];
    const schema = isJson(fn["parameters"]) ? fn["parameters"] : {};
    return [{ name, schema }];
  });
}

export const openaiResponses: WireFormat = {
  api: "openai-responses",

  tools: (body) => functionTools(body, false),

  facts(body) {
    const input = body["input"];
    const items = typeof input === "string" ? [{ role: "user", content: input }] : array(input).filter(isJson);
    // Codex sends its environment context and instructions as leading user messages: the last
    // user message before the first assistant output is the prompt.
    const firstOutput = items.findIndex((i) => i["role"] === "assistant" || i["type"] === "function_call" || i["type"] === "custom_tool_call");
    const opening = items.slice(0, firstOutput === -1 ? items.length : firstOutput).filter((i) => i["role"] === "user");
    const toolResults = items.filter((i) => i["type"] === "function_call_output" || i["type"] === "custom_tool_call_output").length;
    return { prompt: opening.map((m) => textOf(m["content"])).join("\n"), toolResults };
  },

  streams: (body) => body["stream"] === true,

  reply(res, reply, model, stream) {
    const n = ++ids;
    const item: Json =
      reply.kind === "tool"
        ? {
            type: "function_call",
            id: `fc_scripted_${n}`,
            call_id: `call_scripted_${n}`,
            name: reply.call.name,
            arguments: JSON.stringify(reply.call.input),
            status: "completed",
          }
        : {
            type: "message",
            id: `msg_scripted_${n}`,
            role: "assistant",
            status: "completed",
            content: [{ type: "output_text", text: reply.text, annotations: [] }],
          };
    const usage = {
      input_tokens: reply.usage.input,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: reply.usage.output,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: reply.usage.input + reply.usage.output,
    };
    const response = {
      id: `resp_scripted_${n}`,
      object: "response",
      created_at: Math.floor(Date.now() / 1000),
      status: "completed",
      model,
      output: [item],
      usage,
    };
    if (!stream) return sendJson(res, 200, response);
    startSse(res);
    let seq = 0;
    const ev = (type: string, data: Json) => sse(res, { type, sequence_number: seq++, ...data }, type);
    ev("response.created", { response: { ...response, status: "in_progress", output: [], usage: null } });
    ev("response.in_progress", { response: { ...response, status: "in_progress", output: [], usage: null } });
    ev("response.output_item.added", {
      output_index: 0,
      item: reply.kind === "tool" ? { ...item, arguments: "", status: "in_progress" } : { ...item, status: "in_progress", content: [] },
    });
    if (reply.kind === "tool") {
      ev("response.function_call_arguments.delta", { item_id: item["id"], output_index: 0, delta: item["arguments"] });
      ev("response.function_call_arguments.done", { item_id: item["id"], output_index: 0, arguments: item["arguments"] });
    } else {
      ev("response.content_part.added", {
        item_id: item["id"],
        output_index: 0,
        content_index: 0,
        part: { type: "output_text", text: "", annotations: [] },
      });
      ev("response.output_text.delta", { item_id: item["id"], output_index: 0, content_index: 0, delta: reply.text });
      ev("response.output_text.done", { item_id: item["id"], output_index: 0, content_index: 0, text: reply.text });
      ev("response.content_part.done", {
        item_id: item["id"],
        output_index: 0,
        content_index: 0,
        part: { type: "output_text", text: reply.text, annotations: [] },
      });
    }
    ev("response.output_item.done", { output_index: 0, item });
    ev("response.completed", { response });
    res.end();
  },

  error(res, kind, retryAfterSeconds) {
    sendJson(res, ERROR_STATUS[kind], { error: { ...ERRORS[kind], param: null } }, retryHeaders(kind, retryAfterSeconds));
  },
};

export const openaiChat: WireFormat = {
  api: "openai-chat",

  tools: (body) => functionTools(body, true),

  facts(body) {
    const messages = array(body["messages"]).filter(isJson);
    const first = messages.find((m) => m["role"] === "user");
    return { prompt: first ? textOf(first["content"]) : "", toolResults: messages.filter((m) => m["role"] === "tool").length };
  },

  streams: (body) => body["stream"] === true,

  reply(res, reply, model, stream) {
    const n = ++ids;
    const id = `chatcmpl-scripted-${n}`;
    const created = Math.floor(Date.now() / 1000);
    const toolCall =
      reply.kind === "tool"
        ? { index: 0, id: `call_scripted_${n}`, type: "function", function: { name: reply.call.name, arguments: JSON.stringify(reply.call.input) } }
        : undefined;
    const finish = reply.kind === "tool" ? "tool_calls" : "stop";
    const usage = { prompt_tokens: reply.usage.input, completion_tokens: reply.usage.output, total_tokens: reply.usage.input + reply.usage.output };
    const message = reply.kind === "tool" ? { role: "assistant", content: null, tool_calls: [toolCall] } : { role: "assistant", content: reply.text };
    if (!stream) {
      return sendJson(res, 200, { id, object: "chat.completion", created, model, choices: [{ index: 0, message, finish_reason: finish }], usage });
    }
    startSse(res);
    const chunk = (choices: unknown[], extra: Json = {}) => sse(res, { id, object: "chat.completion.chunk", created, model, choices, ...extra });
    chunk([
      {
        index: 0,
        delta: { role: "assistant", content: reply.kind === "text" ? reply.text : null, ...(toolCall ? { tool_calls: [toolCall] } : {}) },
        finish_reason: null,
      },
    ]);
    chunk([{ index: 0, delta: {}, finish_reason: finish }]);
    chunk([], { usage });
    sse(res, "[DONE]");
    res.end();
  },

  error(res, kind, retryAfterSeconds) {
    sendJson(res, ERROR_STATUS[kind], { error: { ...ERRORS[kind], param: null } }, retryHeaders(kind, retryAfterSeconds));
  },
};
