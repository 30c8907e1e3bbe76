/**
 * The Gemini API as Gemini CLI calls it with `GOOGLE_GEMINI_BASE_URL`:
 * `POST /v1beta/models/{model}:streamGenerateContent?alt=sse` and `:generateContent`.
 */
import { array, isJson, retryHeaders, sendJson, sse, startSse, textOf, ERROR_STATUS, type WireFormat } from "./wire.js";

const STATUS = { "401": "UNAUTHENTICATED", "429": "RESOURCE_EXHAUSTED", "500": "INTERNAL", "529": "UNAVAILABLE" } as const;

export const gemini: WireFormat = {
  api: "gemini",

  tools(body) {
    return array(body["tools"])
      .filter(isJson)
      .flatMap((t) => array(t["functionDeclarations"]).filter(isJson))
      .flatMap((d) => {
        const name = d["name"];
        if (typeof name !== "string") return [];
        const schema = isJson(d["parametersJsonSchema"]) ? d["parametersJsonSchema"] : isJson(d["parameters"]) ? d["parameters"] : {};
        return [{ name, schema }];
      });
  },

  facts(body) {
    const contents = array(body["contents"]).filter(isJson);
    const first = contents.find((c) => c["role"] === "user");
    const toolResults = contents.flatMap((c) => array(c["parts"])).filter((p) => isJson(p) && "functionResponse" in p).length;
    return { prompt: first ? textOf(first["parts"]) : "", toolResults };
  },

  streams: (_body, url) => url.pathname.endsWith(":streamGenerateContent"),

  reply(res, reply, model, stream) {
    const part = reply.kind === "tool" ? { functionCall: { name: reply.call.name, args: reply.call.input } } : { text: reply.text };
    const body = {
      candidates: [{ content: { role: "model", parts: [part] }, finishReason: "STOP", index: 0 }],
      usageMetadata: {
        promptTokenCount: reply.usage.input,
        candidatesTokenCount: reply.usage.output,
        totalTokenCount: reply.usage.input + reply.usage.output,
      },
      modelVersion: model,
    };
    if (!stream) return sendJson(res, 200, body);
    startSse(res);
    sse(res, body);
    res.end();
  },

  error(res, kind, retryAfterSeconds) {
    const code = ERROR_STATUS[kind];
    sendJson(
      res,
      code === 529 ? 503 : code,
      { error: { code: code === 529 ? 503 : code, message: `scripted ${kind}`, status: STATUS[kind] } },
      retryHeaders(kind, retryAfterSeconds),
    );
  },
};
