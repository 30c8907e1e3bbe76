/**
 * Reads Gemini CLI's `--output-format stream-json` events (one JSON object a line) into the facts
 * the preset decides on: the final answer, whether any model response arrived, the tools the CLI
 * refused, the `result` event with its status, error and token stats. Untrusted data: never
 * throws on it, skips lines that are not events.
 */
import { z } from "zod";
import { isRecord, jsonLines } from "./output.js";

const count = z.number().finite().nonnegative();

const statsSchema = z.looseObject({
  total_tokens: count.optional().catch(undefined),
  input_tokens: count.optional().catch(undefined),
  output_tokens: count.optional().catch(undefined),
  cached: count.optional().catch(undefined),
});

const resultSchema = z.looseObject({
  status: z.string().optional().catch(undefined),
  error: z
    .looseObject({ type: z.string().optional().catch(undefined), message: z.string().optional().catch(undefined) })
    .optional()
    .catch(undefined),
  stats: statsSchema.optional().catch(undefined),
});

export type GeminiStreamStats = z.output<typeof statsSchema>;
export type GeminiStreamResult = z.output<typeof resultSchema>;

export interface GeminiStream {
  /** The assistant's text after its last tool call (its final answer), trimmed. */
  summary: string;
  /** Whether any model response arrived: an assistant message or a tool call. */
  responded: boolean;
  /** Tool calls the CLI refused: `run_shell_command(rm -rf /) (policy_violation)`. */
  denied: string[];
  /** Messages of `error` events of severity `error` (a blocked or invalid response). */
  errors: string[];
  /** The last `result` event; undefined when the stream ended without one (the CLI was killed or crashed). */
  result?: GeminiStreamResult;
}

/** Event types of the stream; stdout holding none of them is not a stream. */
const EVENT_TYPES: ReadonlySet<unknown> = new Set(["init", "message", "tool_use", "tool_result", "error", "result"]);

/** Error types of a `tool_result` that mean the CLI refused the call, not that the tool failed. */
const REFUSALS: ReadonlySet<unknown> = new Set(["policy_violation", "permission_denied"]);

/** The stream's facts, or undefined when stdout holds no stream event (another output format). */
export function readGeminiStream(stdout: string): GeminiStream | undefined {
  const events = jsonLines(stdout)
    .map((l) => l.value)
    .filter((e) => EVENT_TYPES.has(e["type"]));
  if (events.length === 0) return undefined;
  const out: GeminiStream = { summary: "", responded: false, denied: [], errors: [] };
  const calls = new Map<string, string>();
  let text = "";
  for (const e of events) {
    switch (e["type"]) {
      case "message":
        if (e["role"] === "assistant" && typeof e["content"] === "string") {
          out.responded = true;
          text = e["delta"] === true ? text + e["content"] : e["content"];
        }
        break;
      case "tool_use": {
        out.responded = true;
        text = "";
        if (typeof e["tool_id"] === "string") calls.set(e["tool_id"], describeCall(e));
        break;
      }
      case "tool_result": {
        const error = isRecord(e["error"]) ? e["error"] : undefined;
        if (e["status"] === "error" && error !== undefined && REFUSALS.has(error["type"])) {
          const call = typeof e["tool_id"] === "string" ? calls.get(e["tool_id"]) : undefined;
          out.denied.push(`${call ?? "a tool call"} (${String(error["type"])})`);
        }
        break;
      }
      case "error":
        if (e["severity"] === "error" && typeof e["message"] === "string" && e["message"].trim() !== "") out.errors.push(e["message"].trim());
        break;
      case "result": {
        const parsed = resultSchema.safeParse(e);
        if (parsed.success) out.result = parsed.data;
        break;
      }
      default:
        break;
    }
  }
  out.summary = text.trim();
  return out;
}

/** `run_shell_command(npm test)`, `write_file(src/a.ts)`, or the tool's name. */
function describeCall(e: Record<string, unknown>): string {
  const name = typeof e["tool_name"] === "string" ? e["tool_name"] : "tool";
  const params = isRecord(e["parameters"]) ? e["parameters"] : {};
  for (const key of ["command", "file_path", "path", "url"]) {
    const v = params[key];
    if (typeof v === "string" && v !== "") return `${name}(${v})`;
  }
  return name;
}

/**
 * The HTTP status of a failed API call as gemini shows it: the API's own JSON in the result's
 * message (`[API Error: {"error":{"code":401,…}}]`), else the `status: 429` line of the error it
 * dumps on stderr (the last one). Undefined when neither says.
 */
export function geminiApiStatus(message: string, stderr: string): number | undefined {
  const inMessage = /"code"\s*:\s*([1-5]\d\d)(?!\d)/.exec(message);
  if (inMessage) return Number(inMessage[1]);
  const dumped = [...stderr.matchAll(/^\s*status:\s*([1-5]\d\d)\s*,?\s*$/gm)].at(-1);
  return dumped ? Number(dumped[1]) : undefined;
}
