/** `AttemptFiles` in memory: `/memory/attempts/<n>/<name>`, with the local adapter's rules on names. */
import type { AttemptFiles } from "../../../src/loop/ports.js";
import { AGENT_HOME_DIR, isAgentHomeFileName } from "../../../src/loop/attempt-run-agent.js";

export const MEMORY_ATTEMPTS_DIR = "/memory/attempts";

export class MemoryAttemptFiles implements AttemptFiles {
  readonly #files = new Map<string, string>();

  path(n: number, name: string): string {
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`attempt number must be a positive integer, got ${n}`);
    const parts = name.split("/");
    const inAgentHome = parts.length === 3 && parts[0] === AGENT_HOME_DIR && isAgentHomeFileName(`${parts[1]}/${parts[2]}`);
    if (!inAgentHome && (parts.length > 2 || parts.some((p) => p === "" || p.includes("\\") || p.startsWith(".")))) {
      throw new RangeError(`attempt file name "${name}" must be a plain file name (or folder/file)`);
    }
    return `${MEMORY_ATTEMPTS_DIR}/${n}/${name}`;
  }

  async write(n: number, name: string, content: string): Promise<string> {
    const file = this.path(n, name);
    this.#files.set(file, content);
    return file;
  }

  async read(file: string): Promise<string | null> {
    return this.#files.get(file) ?? null;
  }

  /** Writes at an absolute path returned by `path` (what an agent does with its result file). */
  put(file: string, content: string): void {
    if (attemptOf(file) === null) throw new RangeError(`"${file}" is not a path under ${MEMORY_ATTEMPTS_DIR}/<n>/`);
    this.#files.set(file, content);
  }

  /** Content of `name` for attempt `n`, or null (for assertions). */
  get(n: number, name: string): string | null {
    return this.#files.get(this.path(n, name)) ?? null;
  }
}

/** The attempt number of a path returned by `MemoryAttemptFiles.path`, or null for any other path. */
export function attemptOf(file: string): number | null {
  const m = new RegExp(`^${MEMORY_ATTEMPTS_DIR}/([1-9][0-9]*)/[^/]+(?:/[^/]+){0,2}$`).exec(file);
  return m ? Number(m[1]) : null;
}
