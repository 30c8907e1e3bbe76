/**
 * GitHub's own description as a test oracle. Every request a test client sends is checked
 * against `@octokit/openapi` (the operation exists for this method and path, query parameters
 * are known, the JSON body validates against the request schema) and every GraphQL document
 * against `@octokit/graphql-schema`. A violation fails the request itself, so a test that
 * mocks a misspelled route or body key goes red instead of passing against a mock.
 *
 * The description itself (73 MB, ~190 MB of heap) is never loaded here: `openapi-extract.ts`
 * keeps the parts these checks read, written once by a child process.
 */
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { validate as validateGraphql } from "@octokit/graphql-schema";
import { extractedOperations } from "./openapi-extract.js";

interface Operation {
  /** Its index in the extract (names its responses file). */
  index: number;
  template: string;
  method: string;
  regex: RegExp;
  pathParams: string[];
  query: Set<string>;
  bodySchema?: object;
  responses: Set<string>;
  validateBody?: ValidateFunction;
}

let operations: Operation[] | undefined;
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
// ajv-formats is CommonJS: under Node's ESM interop its plugin is the `default` of the default import.
type FormatsPlugin = (a: Ajv) => Ajv;
const formats = addFormatsModule as unknown as FormatsPlugin | { default: FormatsPlugin };
(typeof formats === "function" ? formats : formats.default)(ajv);

function load(): Operation[] {
  if (operations) return operations;
  const regexes = new Map<string, RegExp>();
  operations = extractedOperations().map((op, index) => {
    let regex = regexes.get(op.template);
    if (regex === undefined) {
      regex = new RegExp(`^${op.template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{[^}]+\\?\}/g, "([^/]+)")}$`);
      regexes.set(op.template, regex);
    }
    return {
      index,
      template: op.template,
      method: op.method,
      regex,
      pathParams: [...op.template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? ""),
      query: new Set(op.query),
      ...(op.bodySchema === undefined ? {} : { bodySchema: op.bodySchema }),
      responses: new Set(op.responses),
    };
  });
  return operations;
}

export class ContractViolation extends Error {
  constructor(
    readonly request: string,
    readonly problems: string[],
  ) {
    super(`GitHub contract violation in ${request}:\n- ${problems.join("\n- ")}`);
    this.name = "ContractViolation";
  }
}

/** The operation a concrete request path matches, preferring literal segments over parameters. */
export function findOperation(method: string, path: string): Operation | undefined {
  const candidates = load().filter((o) => o.method === method && o.regex.test(path));
  return candidates.sort((a, b) => a.pathParams.length - b.pathParams.length)[0];
}

export interface CheckedRequest {
  method: string;
  /** Absolute URL with query. */
  url: string;
  /** JSON body as sent (string) or undefined. */
  body?: string;
}

/**
 * OpenAPI 3.0 puts `nullable` beside `oneOf` without a `type` (e.g. the `milestone` of
 * `POST /repos/{owner}/{repo}/issues`), which Ajv refuses to compile: such a schema becomes
 * `anyOf: [schema, { type: "null" }]`.
 */
function typelessNullable(schema: object): object {
  const out = rewriteNullable(schema);
  return typeof out === "object" && out !== null ? out : schema;
}

function rewriteNullable(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rewriteNullable);
  if (typeof schema !== "object" || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = rewriteNullable(v);
  if (!("nullable" in out) || "type" in out) return out;
  const { nullable, ...rest } = out;
  return nullable === true ? { anyOf: [rest, { type: "null" }] } : rest;
}

/** Problems with one request, or an empty list. */
export function checkRequest(req: CheckedRequest): string[] {
  const url = new URL(req.url);
  const path = url.pathname.replace(/^\/api\/v3/, "");
  const method = req.method.toUpperCase();
  const body = req.body === undefined || req.body === "" ? undefined : (JSON.parse(req.body) as unknown);
  if (method === "POST" && path === "/graphql") {
    const query = typeof body === "object" && body !== null && "query" in body ? String((body as { query: unknown }).query) : "";
    return validateGraphql(query).map((e: { message: string }) => `GraphQL: ${e.message}`);
  }
  const op = findOperation(method, decodeURI(path));
  if (!op) return [`no operation ${method} ${path} in GitHub's REST description`];
  const problems: string[] = [];
  for (const key of url.searchParams.keys()) {
    if (!op.query.has(key)) problems.push(`unknown query parameter "${key}" for ${method} ${op.template}`);
  }
  if (body !== undefined) {
    if (!op.bodySchema) problems.push(`${method} ${op.template} takes no JSON body`);
    else {
      op.validateBody ??= ajv.compile(typelessNullable(op.bodySchema));
      if (!op.validateBody(body)) {
        for (const e of op.validateBody.errors ?? [])
          problems.push(`body${e.instancePath || ""} ${e.message ?? "invalid"}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`);
      }
    }
  }
  return problems;
}

/** Whether GitHub documents `status` as a response of this request's operation. */
export function documentedStatus(method: string, url: string, status: number): boolean {
  const path = new URL(url).pathname.replace(/^\/api\/v3/, "");
  if (path === "/graphql") return true;
  const op = findOperation(method.toUpperCase(), decodeURI(path));
  // Errors every endpoint can answer, whether or not the description lists them for it (404:
  // GitHub hides what the token may not see, e.g. a workflow file that does not exist).
  if ([304, 401, 403, 404, 429, 500, 502, 503, 504].includes(status)) return true;
  return op ? op.responses.has(String(status)) || op.responses.has("default") : false;
}
