/**
 * GitHub's size limits the stand-in enforces, with GitHub's 422 answers: comment, issue and
 * pull request bodies of at most 65,536 characters; check-run buttons (at most 3, `label` ≤ 20,
 * `description` ≤ 40, `identifier` ≤ 20 characters) and outputs (≤ 65,535 characters each).
 */
import { GitHubHttpError, invalid } from "../http-error.js";

export const BODY_LIMIT = 65_536;
export const CHECK_OUTPUT_LIMIT = 65_535;
export const CHECK_ACTIONS_MAX = 3;
export const ACTION_LABEL_MAX = 20;
export const ACTION_DESCRIPTION_MAX = 40;
export const ACTION_IDENTIFIER_MAX = 20;

export function bodyTooLong(resource: string): GitHubHttpError {
  return invalid(resource, "data", "custom", `Body is too long (maximum is ${BODY_LIMIT} characters)`);
}

/** 422 for check-run `actions` GitHub would refuse; returns them typed otherwise. */
export function checkActions(value: unknown): { label: string; description: string; identifier: string }[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw invalid("CheckRun", "actions", "invalid", "actions is not an array.");
  if (value.length > CHECK_ACTIONS_MAX)
    throw invalid("CheckRun", "actions", "invalid", `Only ${CHECK_ACTIONS_MAX} actions are allowed (got ${value.length}).`);
  return value.map((a: unknown, i) => {
    const field = (name: string, max: number): string => {
      const v: unknown = typeof a === "object" && a !== null ? Reflect.get(a, name) : undefined;
      if (typeof v !== "string" || v === "") throw invalid("CheckRun", `actions[${i}].${name}`, "missing_field");
      if (v.length > max) throw invalid("CheckRun", `actions[${i}].${name}`, "invalid", `${name} '${v}' is too long (maximum is ${max} characters).`);
      return v;
    };
    return {
      label: field("label", ACTION_LABEL_MAX),
      description: field("description", ACTION_DESCRIPTION_MAX),
      identifier: field("identifier", ACTION_IDENTIFIER_MAX),
    };
  });
}

export function checkOutputText(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw invalid("CheckRun", `output.${field}`, "invalid");
  if (value.length > CHECK_OUTPUT_LIMIT)
    throw new GitHubHttpError(422, `Invalid request.\n\nOnly ${CHECK_OUTPUT_LIMIT} characters are allowed; ${value.length} were supplied.`);
  return value;
}
