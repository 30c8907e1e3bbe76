/**
 * The inputs kept beside a session (`task.json`, `config.json` in its folder), so that resume,
 * approve, reject and cancel use what the run started with. They are files a person could
 * edit: they are validated when read, and a bad one is named.
 */
import { readFile, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { parseConfig, type Config } from "../core/config.js";
import { ConfigError } from "../core/errors.js";
import type { TaskInput } from "../core/task.js";
import { formatZodIssues } from "../core/zod-issues.js";
import { errorMessage, fileOp } from "./error-details.js";
import { StateFileError } from "./file-state-store.js";

export const SESSION_TASK = "task.json";
export const SESSION_CONFIG = "config.json";

const storedTask = z.object({ title: z.string(), body: z.string(), issue: z.number().int().positive().optional() });

/** Writes the task and the raw configuration the session starts with into its folder. */
export async function writeSessionInputs(dir: string, task: TaskInput, rawConfig: unknown): Promise<void> {
  await fileOp("create the session folder", dir, () => mkdir(dir, { recursive: true }));
  for (const [name, value] of [
    [SESSION_TASK, task],
    [SESSION_CONFIG, rawConfig],
  ] as const) {
    const file = path.join(dir, name);
    await fileOp("write the session's inputs", file, () => writeFile(file, JSON.stringify(value), "utf8"));
  }
}

/** The task and configuration the session started with, validated; a bad file is a StateFileError naming it. */
export async function readSessionInputs(dir: string): Promise<{ task: TaskInput; config: Config }> {
  const read = async (name: string): Promise<unknown> => {
    const file = path.join(dir, name);
    try {
      return JSON.parse(await readFile(file, "utf8"));
    } catch (e) {
      throw new StateFileError(file, `cannot be read as JSON (${errorMessage(e)})`);
    }
  };
  const task = storedTask.safeParse(await read(SESSION_TASK));
  if (!task.success) throw new StateFileError(path.join(dir, SESSION_TASK), `is not a task (${formatZodIssues(task.error.issues, 1)})`);
  try {
    return {
      task: task.data.issue === undefined ? { title: task.data.title, body: task.data.body } : task.data,
      config: parseConfig(await read(SESSION_CONFIG)),
    };
  } catch (e) {
    if (e instanceof ConfigError) throw new StateFileError(path.join(dir, SESSION_CONFIG), e.message);
    throw e;
  }
}
