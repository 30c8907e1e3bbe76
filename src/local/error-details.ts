/** Small helpers that turn caught errors into the facts and words the local adapters report. */
import path from "node:path";
import type { z } from "zod";
import { ForemanError } from "../core/errors.js";
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

/**
 * A file operation on Foreman's own files failed (full disk, read-only or unwritable directory,
 * a file where a directory belongs). Not a bug and not a damaged file: the machine needs a fix
 * the message names, so the CLI reports it in one line, without a stack (`kind` `internal`:
 * exit 1, like any failure that asking differently cannot fix). `code` stays the system's, so
 * {@link errnoCode} reads it as it reads the original error.
 */
export class FileSystemError extends ForemanError {
  override readonly name = "FileSystemError";
  readonly kind = "internal";
  constructor(
    /** What Foreman was doing: `write`, `create the directory` … */
    readonly operation: string,
    /** Absolute path of the file or directory concerned. */
    readonly filePath: string,
    /** The system error code (`ENOSPC`, `EACCES`, `EROFS` …). */
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    const { what, fix } = explain(code, filePath);
    super(`Cannot ${operation} ${filePath}: ${what} (${code}). ${fix}`, options);
  }
}

function explain(code: string, filePath: string): { what: string; fix: string } {
  const dir = path.dirname(filePath);
  const again = "then run the command again (an interrupted session continues with `foreman resume`).";
  switch (code) {
    case "ENOSPC":
      return { what: "no space left on the device", fix: `Free some space on the file system that holds ${dir}, ${again}` };
    case "EDQUOT":
      return { what: "the disk quota is used up", fix: `Free some space or raise the quota for ${dir}, ${again}` };
    case "EACCES":
    case "EPERM":
      return { what: "permission denied", fix: `Make ${dir} writable for this user (chmod u+w), or run Foreman as its owner, ${again}` };
    case "EROFS":
      return {
        what: "the file system is read-only",
        fix: `Foreman keeps its state in the repository's git directory: run it on a writable checkout, or remount ${dir} read-write.`,
      };
    case "ENOTDIR":
      return { what: "a file stands where a directory is expected", fix: `Move the file in the way on ${filePath} aside, ${again}` };
    case "EISDIR":
      return { what: "a directory stands where a file is expected", fix: `Move the directory ${filePath} aside, ${again}` };
    case "EMFILE":
    case "ENFILE":
      return { what: "too many open files", fix: `Close other programs or raise the limit (ulimit -n), ${again}` };
    case "EIO":
      return { what: "an input/output error of the device", fix: `Check the disk that holds ${dir}, ${again}` };
    default:
      return { what: "the system refused it", fix: `Check the path, its permissions and the free space, ${again}` };
  }
}

/**
 * Runs a file operation and reports a system error as a {@link FileSystemError} naming `filePath`.
 * Errors that are not system errors (a ForemanError, a bug) pass through unchanged.
 */
export async function fileOp<T>(operation: string, filePath: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asFileSystemError(error, operation, filePath);
  }
}

/** `error` as a {@link FileSystemError} when it is a system error; otherwise unchanged. */
export function asFileSystemError(error: unknown, operation: string, filePath: string): unknown {
  if (error instanceof ForemanError) return error;
  const code = errnoCode(error);
  return code === undefined ? error : new FileSystemError(operation, filePath, code, { cause: error });
}

/**
 * A file Foreman keeps (a session folder, `state.json`, a lock, the ledger) is a symbolic link.
 * Foreman never reads or writes through one: a link there was put by someone else, and writing
 * through it would change a file elsewhere.
 */
export class SymlinkRefusedError extends ForemanError {
  override readonly name = "SymlinkRefusedError";
  readonly kind = "corrupt";
  constructor(
    /** Absolute path of the link. */
    readonly filePath: string,
    options?: { cause?: unknown },
  ) {
    super(
      `${filePath} is a symbolic link; Foreman never reads or writes its files through a link. ` +
        `Replace it with the real ${path.basename(filePath)} (or delete it to forget what it held).`,
      options,
    );
  }
}
