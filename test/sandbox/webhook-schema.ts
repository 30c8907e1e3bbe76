/**
 * `@octokit/webhooks-schemas` as the oracle for the stand-in's webhook payloads: a delivery of
 * `event` with `action` validates against the schema of `event$action`.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

const require = createRequire(import.meta.url);
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
type FormatsPlugin = (a: Ajv) => Ajv;
const formats: unknown = addFormatsModule;
(typeof formats === "function" ? (formats as FormatsPlugin) : (formats as { default: FormatsPlugin }).default)(ajv);
let loaded = false;
const compiled = new Map<string, ValidateFunction>();

/** Problems of one payload against its event's schema (empty when valid). */
export function checkWebhookPayload(event: string, action: string | undefined, payload: unknown): string[] {
  if (!loaded) {
    const schema = JSON.parse(readFileSync(require.resolve("@octokit/webhooks-schemas/schema.json"), "utf8")) as object;
    ajv.addSchema({ ...schema, $id: "webhooks" });
    loaded = true;
  }
  const name = action === undefined ? event : `${event}$${action}`;
  let validate = compiled.get(name);
  if (validate === undefined) {
    validate = ajv.compile({ $ref: `webhooks#/definitions/${name.replace("$", "%24")}` });
    compiled.set(name, validate);
  }
  if (validate(payload)) return [];
  return (validate.errors ?? []).slice(0, 10).map((e) => `${name}${e.instancePath} ${e.message ?? "invalid"} ${JSON.stringify(e.params)}`);
}
