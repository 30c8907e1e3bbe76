/**
 * A session's admission record (`sessions/<id>/admission.json`): the UTC day and the USD a run
 * was admitted for under the daily cap. Written under the repository's admission lock before
 * anything else of the run exists, so that concurrent runs see the reservation at once; for a
 * session with a state it only says the day it was last admitted (see `core/daily-usage.ts`).
 */
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ForemanError } from "../core/errors.js";
import { errnoCode, formatIssues } from "./error-details.js";

export const ADMISSION_FILE = "admission.json";

const admissionRecordSchema = z.object({
  /** UTC day the run was admitted, `YYYY-MM-DD`. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** USD reserved for the run (its effective per-run budget). */
  usd: z.number().finite().min(0),
  /** ISO-8601 time of the admission. */
  at: z.string(),
});
export type AdmissionRecord = z.infer<typeof admissionRecordSchema>;

/** `admission.json` exists but is not a record Foreman wrote. */
export class AdmissionRecordError extends ForemanError {
  override readonly name = "AdmissionRecordError";
  readonly kind = "corrupt";
  constructor(
    readonly filePath: string,
    readonly problem: string,
  ) {
    super(`Admission record ${filePath} is unusable: ${problem}. Delete it (the run it belonged to is admitted again when it continues).`);
  }
}

/** The record in a session directory, or null when there is none. */
export async function readAdmissionRecord(sessionDir: string): Promise<AdmissionRecord | null> {
  const file = path.join(sessionDir, ADMISSION_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return null;
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AdmissionRecordError(file, "not valid JSON");
  }
  const parsed = admissionRecordSchema.safeParse(json);
  if (!parsed.success) throw new AdmissionRecordError(file, formatIssues(parsed.error));
  return parsed.data;
}

/** Writes the record atomically (a reader sees the old record or the new one, never half). */
export async function writeAdmissionRecord(sessionDir: string, record: AdmissionRecord): Promise<void> {
  await mkdir(sessionDir, { recursive: true });
  const file = path.join(sessionDir, ADMISSION_FILE);
  const tmp = `${file}.${randomUUID()}.tmp`;
  try {
    await writeFile(tmp, `${JSON.stringify(record)}\n`, { flag: "wx" });
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
}
