/** Attempt files (task, feedback, prompt, result) in the session's folder, outside the worktree. */
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { AttemptFiles } from "../loop/ports.js";
import { InvalidArgumentError } from "../core/errors.js";
import { AGENT_HOME_DIR, isAgentHomeFileName } from "../loop/attempt-run-agent.js";

/**
 * Layout: `<sessionDir>/attempts/<n>/<name>`. A name is a plain file name, or one plain folder
 * and a plain file name (`agent-home/models.json`: the config a preset writes for its CLI), or,
 * in the agent home only, one more folder that may be a dot-folder (`agent-home/.gemini/settings.json`:
 * a CLI that reads its settings from `<home>/.gemini/`). Never `.` or `..`, an absolute path, or
 * an empty part: nothing can land outside the attempt's folder.
 */
export class LocalAttemptFiles implements AttemptFiles {
  constructor(private readonly sessionDir: string) {}

  path(n: number, name: string): string {
    if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError("n", `attempt number must be a positive integer, got ${n}`);
    const parts = name.split("/");
    if (!isAttemptFileName(parts))
      throw new InvalidArgumentError(
        "name",
        `attempt file name "${name}" must be a plain file name (or folder/file, or ${AGENT_HOME_DIR}/folder/file); no "..", no leading "/"`,
      );
    return path.join(this.sessionDir, "attempts", String(n), ...parts);
  }

  async write(n: number, name: string, content: string, options: { executable?: boolean } = {}): Promise<string> {
    const file = this.path(n, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content, "utf8");
    if (options.executable === true) await chmod(file, 0o755);
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

/** A plain name: not empty, no separator, not starting with a dot (so never `.` or `..`). */
function isPlain(part: string): boolean {
  return part !== "" && part === path.basename(part) && !part.includes("\\") && !part.includes("\0") && !part.startsWith(".");
}

/** `file`, `folder/file`, or `agent-home/<folder or .folder>/file`. */
function isAttemptFileName(parts: readonly string[]): boolean {
  if (parts.length === 3 && parts[0] === AGENT_HOME_DIR) return isAgentHomeFileName(`${parts[1]}/${parts[2]}`);
  return parts.length <= 2 && parts.every(isPlain);
}
