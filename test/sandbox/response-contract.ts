/**
 * GitHub's REST description as the oracle for the stand-in's answers: every JSON response is
 * validated against the schema `@octokit/openapi` gives for its operation and status, and every
 * request (through `contractFetch`, test/support/github/http.ts) against the request schema.
 * A stand-in that drops a required field or answers an undocumented status turns a test red.
 */
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { loopbackFetch } from "../../src/sandbox/index.js";
import { findOperation } from "../support/github/contract.js";
import { contractFetch, type ContractFetch } from "../support/github/http.js";
import { extractedResponses } from "../support/github/openapi-extract.js";

const compiled = new Map<string, ValidateFunction | null>();
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
type FormatsPlugin = (a: Ajv) => Ajv;
const formats: unknown = addFormatsModule;
(typeof formats === "function" ? (formats as FormatsPlugin) : (formats as { default: FormatsPlugin }).default)(ajv);

/** OpenAPI 3.0 `nullable` on an enum, or beside a `oneOf`/`anyOf`/`allOf` without a `type`: Ajv needs it spelled out. */
function rewriteNullable(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rewriteNullable);
  if (typeof schema !== "object" || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = rewriteNullable(v);
  // Ajv checks `enum` before `nullable`: a nullable enum lists null itself, as GitHub sends it.
  if (out["nullable"] === true && Array.isArray(out["enum"]) && !out["enum"].includes(null)) out["enum"] = [...out["enum"], null];
  if (!("nullable" in out) || "type" in out) return out;
  const { nullable, ...rest } = out;
  return nullable === true ? { anyOf: [rest, { type: "null" }] } : rest;
}

/** The validator of the JSON answer `status` to `method path`, or null when GitHub documents none. */
export function responseValidator(method: string, path: string, status: number): ValidateFunction | null | undefined {
  const op = findOperation(method, path);
  if (op === undefined) return undefined;
  const key = `${method} ${op.template} ${status}`;
  if (!compiled.has(key)) {
    const schema = extractedResponses(op.index)[String(status)];
    compiled.set(key, schema === undefined ? null : ajv.compile(rewriteNullable(schema) as object));
  }
  return compiled.get(key);
}

/** Problems with one answer (empty when it matches GitHub's description). */
export function checkResponse(method: string, url: string, status: number, contentType: string, text: string): string[] {
  const path = decodeURI(new URL(url).pathname);
  if (!contentType.includes("application/json") || text === "") return [];
  const body: unknown = JSON.parse(text);
  if (status >= 400) {
    const ok =
      typeof body === "object" &&
      body !== null &&
      typeof Reflect.get(body, "message") === "string" &&
      typeof Reflect.get(body, "documentation_url") === "string";
    return ok ? [] : [`${method} ${path} → ${status}: error body is not GitHub's {message, documentation_url}`];
  }
  const validate = responseValidator(method, path, status);
  if (validate === undefined) return [`${method} ${path}: no operation in GitHub's description`];
  if (validate === null) return [];
  if (validate(body)) return [];
  return (validate.errors ?? [])
    .slice(0, 8)
    .map((e) => `${method} ${path} → ${status}: response${e.instancePath} ${e.message ?? "invalid"} ${JSON.stringify(e.params)}`);
}

export interface CheckedFetch extends ContractFetch {
  /** Answers checked against a response schema (for a test that all routes were covered). */
  validated: string[];
}

/** A fetch that checks each request (contract.ts) and each answer (above) against GitHub's description. */
export function checkedFetch(): CheckedFetch {
  const validated: string[] = [];
  // The request checker's violation list, once it exists: answers' problems join it.
  const sink: { violations?: string[] } = {};
  const inner: typeof globalThis.fetch = async (input, init) => {
    const response = await loopbackFetch(input, init);
    const request = input instanceof Request ? input : undefined;
    const url = request ? request.url : String(input);
    const method = (init?.method ?? request?.method ?? "GET").toUpperCase();
    const text = await response.clone().text();
    const problems = checkResponse(method, url, response.status, response.headers.get("content-type") ?? "", text);
    sink.violations?.push(...problems);
    const op = findOperation(method, decodeURI(new URL(url).pathname));
    validated.push(`${method} ${op?.template ?? new URL(url).pathname} ${response.status}`);
    return response;
  };
  const outer = contractFetch(inner);
  sink.violations = outer.violations;
  return { ...outer, validated };
}
