/**
 * `Ledger` on local files: one `ledger.jsonl` per session directory (see session-paths.ts),
 * one JSON entry per line, appended and fsynced before `append` resolves.
 *
 * A crash in the middle of an append can leave a torn last line (no trailing newline). It was
 * never acknowledged, so `read` ignores it (with a notice) and the next `append` cuts it off
 * before writing. A bad line anywhere else means the file was damaged or edited: that is an
 * error naming the file and the line, never skipped.
 */
import { constants } from "node:fs";
import { mkdir, open, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { ForemanError, InvalidArgumentError } from "../core/errors.js";
import { ledgerEntrySchema } from "../core/ledger-entry.js";
import type { Ledger, LedgerEntry } from "../loop/ports.js";
import { sessionDir, validateSessionId } from "./session-paths.js";
import { asFileSystemError, errnoCode, errorMessage, fileOp, formatIssues } from "./error-details.js";

export const LEDGER_FILE = "ledger.jsonl";

/** The entry schema lives in the core (shared with the GitHub ledger); re-exported for existing importers. */
export { ledgerEntrySchema };

/** A ledger line that is not a valid entry, somewhere other than a torn last line. */
export class LedgerCorruptError extends ForemanError {
  override readonly name = "LedgerCorruptError";
  readonly kind = "corrupt";
  constructor(
    /** Absolute path of the ledger file. */
    readonly filePath: string,
    /** 1-based line number. */
    readonly line: number,
    /** What is wrong with the line. */
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Ledger ${filePath}, line ${line}: ${problem}. The ledger is append-only and written by Foreman ` +
        "alone; restore the file from a backup or remove the damaged line by hand.",
      options,
    );
  }
}

/**
 * `ledger.jsonl` is a symbolic link (or not a regular file): writing through it would append to
 * whatever it points at, so it is neither read nor written.
 */
export class LedgerNotAFileError extends ForemanError {
  override readonly name = "LedgerNotAFileError";
  readonly kind = "corrupt";
  constructor(
    /** Absolute path of the ledger file. */
    readonly filePath: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Ledger ${filePath} is a symbolic link or not a regular file; Foreman never writes through it. ` +
        "Replace it with a regular file (copy the content of what it points to in its place), or restore it from a backup.",
      options,
    );
  }
}

/** Opens the ledger itself, never what a symbolic link in its place points to. */
async function openLedger(file: string, flags: number): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(file, flags | constants.O_NOFOLLOW);
  } catch (error) {
    // O_NOFOLLOW on a symbolic link fails with ELOOP (EMLINK on some BSDs).
    if (errnoCode(error) === "ELOOP" || errnoCode(error) === "EMLINK") throw new LedgerNotAFileError(file, { cause: error });
    throw error;
  }
  const stat = await handle.stat();
  if (!stat.isFile()) {
    await handle.close();
    throw new LedgerNotAFileError(file);
  }
  return handle;
}

export interface JsonlLedgerOptions {
  /** State root, absolute (`<git-common-dir>/foreman`, see `stateRootFor`). */
  root: string;
  /** Told about repairs: a torn last line ignored or cut off. Default: nothing. */
  onNotice?: (message: string) => void;
}

export class JsonlLedger implements Ledger {
  readonly #root: string;
  readonly #notice: (message: string) => void;

  constructor(options: JsonlLedgerOptions) {
    this.#root = options.root;
    this.#notice = options.onNotice ?? (() => {});
  }

  /** Path of a session's ledger (the id is validated). */
  ledgerPath(id: string): string {
    return path.join(sessionDir(this.#root, id), LEDGER_FILE);
  }

  async append(entry: LedgerEntry): Promise<void> {
    validateSessionId(entry.sessionId);
    const parsed = ledgerEntrySchema.safeParse(entry);
    if (!parsed.success) {
      throw new InvalidArgumentError(
        "entry",
        `Refusing to append an invalid ledger entry for session ${entry.sessionId}: ${formatIssues(parsed.error)}.`,
      );
    }
    const file = this.ledgerPath(entry.sessionId);
    const data = Buffer.from(`${JSON.stringify(parsed.data)}\n`, "utf8");
    // A full disk or a read-only folder says which file and what to do, never a bare errno.
    await fileOp("append to the ledger", file, async () => {
      await mkdir(path.dirname(file), { recursive: true });
      const handle = await openLedger(file, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT);
      try {
        await this.#cutTornTail(handle, file);
        let written = 0;
        while (written < data.length) {
          const { bytesWritten } = await handle.write(data, written, data.length - written);
          written += bytesWritten;
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
  }

  async read(id: string): Promise<LedgerEntry[]> {
    const file = this.ledgerPath(id);
    let text: string;
    try {
      const handle = await openLedger(file, constants.O_RDONLY);
      try {
        text = await handle.readFile("utf8");
      } finally {
        await handle.close();
      }
    } catch (error) {
      if (errnoCode(error) === "ENOENT") return [];
      throw asFileSystemError(error, "read the ledger", file);
    }
    if (text === "") return [];
    const lines = text.split("\n");
    const torn = lines.pop() ?? "";
    const entries: LedgerEntry[] = [];
    lines.forEach((line, index) => {
      entries.push(parseLine(file, index + 1, line, id));
    });
    if (torn !== "") {
      let json: unknown;
      try {
        json = JSON.parse(torn);
      } catch {
        this.#notice(
          `Ignored the torn last line ${lines.length + 1} of ${file} (${torn.length} characters, ` +
            "no newline): an append interrupted by a crash, never acknowledged.",
        );
        return entries;
      }
      // Complete JSON without its newline: a whole entry, held to the same rules.
      entries.push(checkEntry(file, lines.length + 1, json, id));
    }
    return entries;
  }

  /** Cuts off a torn last line (left by a crash mid-append) so the next entry starts on its own line. */
  async #cutTornTail(handle: FileHandle, file: string): Promise<void> {
    const { size } = await handle.stat();
    if (size === 0) return;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    if (last[0] === 0x0a) return;
    // Find the end of the last complete line, reading backwards in blocks.
    const block = Buffer.alloc(64 * 1024);
    let end = size;
    let keep = 0;
    while (end > 0) {
      const start = Math.max(0, end - block.length);
      const { bytesRead } = await handle.read(block, 0, end - start, start);
      const newline = block.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (newline >= 0) {
        keep = start + newline + 1;
        break;
      }
      end = start;
    }
    await handle.truncate(keep);
    this.#notice(`Cut off a torn last line of ${file} (${size - keep} bytes, no newline) left by an interrupted append.`);
  }
}

function parseLine(file: string, lineNumber: number, line: string, id: string): LedgerEntry {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    throw new LedgerCorruptError(file, lineNumber, `not valid JSON (${errorMessage(error)})`, { cause: error });
  }
  return checkEntry(file, lineNumber, json, id);
}

function checkEntry(file: string, lineNumber: number, json: unknown, id: string): LedgerEntry {
  const parsed = ledgerEntrySchema.safeParse(json);
  if (!parsed.success) {
    throw new LedgerCorruptError(file, lineNumber, `not a valid ledger entry (${formatIssues(parsed.error)})`, {
      cause: parsed.error,
    });
  }
  if (parsed.data.sessionId !== id) {
    throw new LedgerCorruptError(
      file,
      lineNumber,
      `entry of session ${JSON.stringify(parsed.data.sessionId)} in the ledger of ${JSON.stringify(id)}`,
    );
  }
  return parsed.data;
}
