/** Attempt files (task, feedback, prompt, result) in the session's folder, outside the worktree. */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { AttemptFiles } from "../loop/ports.js";
import { InvalidArgumentError } from "../core/errors.js";

/**
 * Layout: `<sessionDir>/attempts/<n>/<name>`. A name is a plain file name, or one plain folder
 * and a plain file name (`agent-home/models.json`: the config a preset writes for its CLI).
 */
export class LocalAttemptFiles implements AttemptFiles {
  constructor(private readonly sessionDir: string) {}

  path(n: number, name: string): string {
    if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError("n", `attempt number must be a positive integer, got ${n}`);
    const parts = name.split("/");
    if (parts.length > 2 || parts.some((p) => p === "" || p !== path.basename(p) || p.startsWith(".")))
      throw new InvalidArgumentError("name", `attempt file name "${name}" must be a plain file name (or folder/file)`);
    return path.join(this.sessionDir, "attempts", String(n), ...parts);
  }

  async write(n: number, name: string, content: string): Promise<string> {
    const file = this.path(n, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content, "utf8");
    return file;
  }

  async read(file: string): Promise<string | null> {
    try {
      return await readFile(file, "utf8");
    } catch (e) {
      if (e instanceof Error && "code" in e && e.code === "ENOENT") return null;
      throw e;
    }
  }
}
