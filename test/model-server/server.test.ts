/** The scripted model server on its own: each wire format, the script, the faults and the log (no CLI). */
import { afterEach, describe, expect, it } from "vitest";
import { startModelServer, type ModelServer, type Script } from "../support/model-server/server.js";

const SCRIPT: Script = {
  conversations: [
    [
      { write: { path: "value.txt", content: "wrong\n" }, usage: { input: 100, output: 10 } },
      { run: "npm test", usage: { input: 200, output: 20 } },
      { final: "Attempt one done.", usage: { input: 300, output: 30 } },
    ],
    [{ final: "Attempt two done.", usage: { input: 7, output: 3 } }],
  ],
};

const WRITE_TOOLS = [
  { name: "Write", input_schema: { type: "object", properties: { file_path: { type: "string" }, content: { type: "string" } } } },
  { name: "Bash", input_schema: { type: "object", properties: { command: { type: "string" }, description: { type: "string" } } } },
];

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(script: Script = SCRIPT): Promise<ModelServer> {
  server = await startModelServer(script, { model: "scripted" });
  return server;
}

async function post(s: ModelServer, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${s.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

/** The `data:` payloads of an SSE body, parsed (except `[DONE]`). */
async function events(res: Response): Promise<Record<string, unknown>[]> {
  const text = await res.text();
  return text
    .split("\n")
    .filter((l) => l.startsWith("data: ") && l !== "data: [DONE]")
    .map((l) => JSON.parse(l.slice(6)) as Record<string, unknown>);
}

const anthropicBody = (prompt: string, extra: unknown[] = []) => ({
  model: "claude-x",
  stream: true,
  system: "Working directory: /work/repo\n",
  tools: WRITE_TOOLS,
  messages: [{ role: "user", content: [{ type: "text", text: prompt }] }, ...extra],
});

const toolRound = (id: string) => [
  { role: "assistant", content: [{ type: "tool_use", id, name: "Write", input: {} }] },
  { role: "user", content: [{ type: "tool_result", tool_use_id: id, content: "ok" }] },
];

describe("Anthropic Messages", () => {
  it("streams the script's tool calls on the CLI's own tools, then the final answer with its usage", async () => {
    const s = await start();
    const first = await events(await post(s, "/v1/messages?beta=true", anthropicBody("fix it"), { "x-api-key": "sk-secret" }));
    expect(first.map((e) => e["type"])).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(first[1]).toMatchObject({ content_block: { type: "tool_use", name: "Write" } });
    expect(JSON.parse(String((first[2]?.["delta"] as Record<string, unknown>)["partial_json"]))).toEqual({
      file_path: "/work/repo/value.txt",
      content: "wrong\n",
    });
    expect(first[0]).toMatchObject({ message: { usage: { input_tokens: 100 } } });
    expect(first[4]).toMatchObject({ delta: { stop_reason: "tool_use" }, usage: { output_tokens: 10 } });

    const second = await events(await post(s, "/v1/messages", anthropicBody("fix it", toolRound("t1"))));
    expect(second[1]).toMatchObject({ content_block: { type: "tool_use", name: "Bash" } });
    expect(JSON.parse(String((second[2]?.["delta"] as Record<string, unknown>)["partial_json"]))).toMatchObject({ command: "npm test" });

    const res = await post(s, "/v1/messages", { ...anthropicBody("fix it", [...toolRound("t1"), ...toolRound("t2")]), stream: false });
    expect(await res.json()).toMatchObject({
      content: [{ type: "text", text: "Attempt one done." }],
      stop_reason: "end_turn",
      usage: { input_tokens: 300, output_tokens: 30 },
    });
    expect(s.usageServed()).toEqual({ input: 600, output: 60 });
    expect(s.log[0]?.headers["x-api-key"]).toBe("<redacted>");
    expect(s.log.map((e) => [e.kind, e.conversation, e.turnIndex])).toEqual([
      ["agent", 0, 0],
      ["agent", 0, 1],
      ["agent", 0, 2],
    ]);
  });

  it("gives each new prompt the next conversation and keeps a retried prompt in its own", async () => {
    const s = await start();
    await (await post(s, "/v1/messages", anthropicBody("attempt 1"))).text();
    await (await post(s, "/v1/messages", anthropicBody("attempt 1"))).text();
    const res = await post(s, "/v1/messages", { ...anthropicBody("attempt 2"), stream: false });
    expect(await res.json()).toMatchObject({ content: [{ text: "Attempt two done." }], usage: { input_tokens: 7, output_tokens: 3 } });
    expect(s.log.map((e) => e.conversation)).toEqual([0, 0, 1]);
    expect(s.conversationsSeen()).toBe(2);
  });

  it("answers requests without tools with a short text and counts them as side requests", async () => {
    const s = await start();
    const res = await post(s, "/v1/messages", { model: "m", messages: [{ role: "user", content: "title?" }] });
    expect(await res.json()).toMatchObject({ content: [{ type: "text" }], usage: { input_tokens: 1, output_tokens: 1 } });
    expect(s.log[0]?.kind).toBe("side");
    expect(s.conversationsSeen()).toBe(0);
  });

  it.each([
    ["401", 401, "authentication_error"],
    ["500", 500, "api_error"],
    ["529", 529, "overloaded_error"],
  ] as const)("answers fault %s with status %i and error type %s, for as many requests as asked", async (kind, status, type) => {
    const s = await start();
    s.setFault({ kind, times: 1 });
    const failed = await post(s, "/v1/messages", anthropicBody("p"));
    expect(failed.status).toBe(status);
    expect(await failed.json()).toEqual({ type: "error", error: { type, message: expect.any(String) as unknown } });
    const next = await post(s, "/v1/messages", anthropicBody("p"));
    expect(next.status).toBe(200);
    expect(s.log.map((e) => e.reply?.kind)).toEqual(["fault", "tool"]);
  });

  it("sends retry-after with a 429", async () => {
    const s = await start();
    s.setFault({ kind: "429", retryAfterSeconds: 7 });
    const res = await post(s, "/v1/messages", anthropicBody("p"));
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    expect((await post(s, "/v1/messages", anthropicBody("p"))).status).toBe(429);
  });

  it("stalls a stream: headers arrive, the body never ends until the server closes", async () => {
    const s = await start();
    s.setFault({ kind: "stall" });
    const res = await post(s, "/v1/messages", anthropicBody("p"));
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const firstChunk = await reader.read();
    expect(new TextDecoder().decode(firstChunk.value)).toContain("scripted stall");
    const pending = await Promise.race([reader.read().then(() => "ended"), new Promise((r) => setTimeout(() => r("still open"), 300))]);
    expect(pending).toBe("still open");
    await reader.cancel().catch(() => undefined);
  });
});

describe("OpenAI Responses", () => {
  const tools = [
    { type: "function", name: "shell", parameters: { type: "object", properties: { command: { type: "array", items: { type: "string" } } } } },
  ];
  it("streams a function call on the shell tool (argv form) and completes with usage", async () => {
    const s = await start({
      conversations: [
        [
          { run: "npm test", usage: { input: 11, output: 5 } },
          { final: "ok", usage: { input: 1, output: 2 } },
        ],
      ],
    });
    const evs = await events(
      await post(s, "/v1/responses", {
        model: "gpt-x",
        stream: true,
        tools,
        input: [{ role: "user", content: [{ type: "input_text", text: "go" }] }],
      }),
    );
    expect(evs.at(-1)).toMatchObject({ type: "response.completed", response: { usage: { input_tokens: 11, output_tokens: 5, total_tokens: 16 } } });
    const done = evs.find((e) => e["type"] === "response.output_item.done");
    expect(done).toMatchObject({ item: { type: "function_call", name: "shell" } });
    expect(JSON.parse(String((done?.["item"] as Record<string, unknown>)["arguments"]))).toEqual({ command: ["bash", "-lc", "npm test"] });
    const after = await events(
      await post(s, "/v1/responses", {
        model: "gpt-x",
        stream: true,
        tools,
        input: [
          { role: "user", content: [{ type: "input_text", text: "go" }] },
          { type: "function_call", call_id: "c" },
          { type: "function_call_output", call_id: "c", output: "ok" },
        ],
      }),
    );
    expect(after.find((e) => e["type"] === "response.output_text.delta")).toMatchObject({ delta: "ok" });
  });

  it("answers a 500 with OpenAI's error shape", async () => {
    const s = await start();
    s.setFault({ kind: "500" });
    const res = await post(s, "/v1/responses", { model: "m", tools, input: "go" });
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: { type: "server_error" } });
  });
});

describe("OpenAI Chat Completions", () => {
  it("streams tool_calls, then a usage chunk and [DONE]", async () => {
    const s = await start({ conversations: [[{ run: "npm test", usage: { input: 40, output: 4 } }]] });
    const tools = [{ type: "function", function: { name: "bash", parameters: { type: "object", properties: { command: { type: "string" } } } } }];
    const res = await post(s, "/v1/chat/completions", { model: "m", stream: true, tools, messages: [{ role: "user", content: "go" }] });
    const text = await res.clone().text();
    expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
    const evs = await events(res);
    expect(evs[0]).toMatchObject({
      choices: [{ delta: { tool_calls: [{ function: { name: "bash", arguments: JSON.stringify({ command: "npm test" }) } }] } }],
    });
    expect(evs[1]).toMatchObject({ choices: [{ finish_reason: "tool_calls" }] });
    expect(evs[2]).toMatchObject({ choices: [], usage: { prompt_tokens: 40, completion_tokens: 4, total_tokens: 44 } });
  });
});

describe("Gemini", () => {
  it("streams a functionCall on write_file with usageMetadata, and counts functionResponse parts as turns", async () => {
    const s = await start();
    const tools = [
      {
        functionDeclarations: [
          {
            name: "write_file",
            parametersJsonSchema: { type: "object", properties: { file_path: { type: "string" }, content: { type: "string" } } },
          },
          { name: "run_shell_command", parametersJsonSchema: { type: "object", properties: { command: { type: "string" } } } },
        ],
      },
    ];
    const body = { tools, contents: [{ role: "user", parts: [{ text: "fix it" }] }] };
    const evs = await events(await post(s, "/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse", body));
    expect(evs[0]).toMatchObject({
      candidates: [{ content: { parts: [{ functionCall: { name: "write_file", args: { file_path: "value.txt", content: "wrong\n" } } }] } }],
      usageMetadata: { promptTokenCount: 100, candidatesTokenCount: 10, totalTokenCount: 110 },
      modelVersion: "gemini-2.5-pro",
    });
    const next = await post(s, "/v1beta/models/gemini-2.5-pro:generateContent", {
      ...body,
      contents: [...body.contents, { role: "model", parts: [{ functionCall: {} }] }, { role: "user", parts: [{ functionResponse: {} }] }],
    });
    expect(await next.json()).toMatchObject({
      candidates: [{ content: { parts: [{ functionCall: { name: "run_shell_command", args: { command: "npm test" } } }] } }],
    });
  });
});

describe("startup calls", () => {
  it("answers model lists and token counts with minimal valid bodies, and logs them as other", async () => {
    const s = await start();
    const models = (await (await fetch(`${s.url}/v1/models`)).json()) as { data: { id: string }[] };
    expect(models.data[0]?.id).toBe("scripted");
    expect(await (await post(s, "/v1/messages/count_tokens", {})).json()).toMatchObject({ input_tokens: 100 });
    expect(await (await post(s, "/api/event_logging/batch", {})).json()).toEqual({});
    expect(s.log.map((e) => e.kind)).toEqual(["other", "other", "other"]);
    expect(s.modelRequests()).toEqual([]);
  });
});
