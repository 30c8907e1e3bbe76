/**
 * Finds a command the way `execve` via `PATH` would (what the process runner does), without
 * running it: a bare name is searched in each `PATH` directory in order, an absolute path is
 * checked as it is. The decision of what to look up and what the answer means is core's
 * (`src/core/preflight.ts`); this file is only the file-system part.
 */
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import path from "node:path";
import type { CommandForm, CommandLookup } from "../core/preflight.js";

/** Looks up a bare or absolute command; null for forms that need no lookup. */
export async function lookupCommand(form: CommandForm, searchPath: string | undefined): Promise<CommandLookup | null> {
  switch (form.kind) {
    case "absolute":
      return (await probe(form.path)) ?? { kind: "missing" };
    case "bare": {
      let notExecutable: CommandLookup | null = null;
      // An empty PATH entry means the current directory, which a child's cwd decides: never searched.
      for (const dir of (searchPath ?? "").split(path.delimiter).filter((d) => path.isAbsolute(d))) {
        const found = await probe(path.join(dir, form.name));
        if (found?.kind === "found") return found;
        notExecutable ??= found;
      }
      return notExecutable ?? { kind: "missing" };
    }
    case "relative":
    case "empty":
      return null;
  }
}

/** What is at `file`: an executable regular file, something else, or nothing (null). */
async function probe(file: string): Promise<CommandLookup | null> {
  let info;
  try {
    info = await stat(file);
  } catch {
    return null;
  }
  if (!info.isFile()) return { kind: "not_executable", path: file };
  try {
    await access(file, constants.X_OK);
    return { kind: "found", path: file };
  } catch {
    return { kind: "not_executable", path: file };
  }
}
