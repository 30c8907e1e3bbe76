/** Small helpers that turn caught errors into the facts and words the local adapters report. */
import type { z } from "zod";
import { formatZodIssues } from "../core/zod-issues.js";

/** The `code` of a Node system error (`ENOENT`, `EEXIST` …), if any. */
export function errnoCode(error: unknown): string | undefined {
  if (error instanceof Error && "code" in error && typeof error.code === "string") return error.code;
  return undefined;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The first few problems of a zod error, each with the path it concerns (the core's one wording). */
export function formatIssues(error: z.ZodError): string {
  return formatZodIssues(error.issues);
}
