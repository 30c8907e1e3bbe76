/**
 * Counts the git commands Foreman runs, with real git: a `git` script first on PATH logs each
 * invocation's subcommand (the first word after the options Foreman puts before it: `-c`,
 * `--git-dir`, `--work-tree`) and runs the real git. The engine's overhead is counted in git
 * processes, so tests of a cut say how many calls remain.
 */
import { chmod, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { vi } from "vitest";

export interface GitCallLog {
  /** The subcommands run since the last call (or since `countGitCalls`), oldest first; the log starts afresh. */
  take: () => Promise<string[]>;
}

/** Puts the logging `git` first on PATH (undone by `vi.unstubAllEnvs()`), in `dir`. */
export async function countGitCalls(dir: string): Promise<GitCallLog> {
  const log = path.join(dir, "git-calls.log");
  await writeFile(log, "");
  const real = (await execa("sh", ["-c", "command -v git"])).stdout.trim();
  const script = [
    "#!/bin/sh",
    'sub=""; skip=0',
    'for a in "$@"; do',
    '  if [ "$skip" = 1 ]; then skip=0; continue; fi',
    '  case "$a" in -c|--git-dir|--work-tree) skip=1 ;; -*) ;; *) sub="$a"; break ;; esac',
    "done",
    `echo "$sub" >> '${log}'`,
    `exec '${real}' "$@"`,
    "",
  ].join("\n");
  await writeFile(path.join(dir, "git"), script);
  await chmod(path.join(dir, "git"), 0o755);
  vi.stubEnv("PATH", `${dir}:${process.env["PATH"] ?? ""}`);
  return {
    take: async () => {
      const text = await readFile(log, "utf8");
      await writeFile(log, "");
      return text.split("\n").filter((l) => l !== "");
    },
  };
}
