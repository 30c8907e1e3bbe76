/**
 * A pinned CLI started alone, without Foreman, on a real temporary git repository against the
 * scripted model server: proves the CLI and the server understand each other before any preset
 * is involved (Gemini CLI and Copilot CLI have no preset until issue 12's src side lands). The
 * command lines are the documented headless modes (TOOLCHAIN.md's table), written out here.
 */
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { makeRepo, tempDir } from "../loop/helpers.js";
import { binDir, type PinnedCli } from "./cli-cache.js";
import { aloneSetup } from "./alone-setup.js";

export const ALONE_PROMPT = "Make value.txt say good. The check `node check.mjs` passes only when value.txt holds good.";

/** The headless command line of each CLI, the prompt as the last argument (or on stdin: `stdin`). */
export function aloneArgv(cli: PinnedCli, providerArgs: readonly string[]): { argv: string[]; stdin?: string } {
  switch (cli.preset) {
    case "pi":
      return { argv: ["--print", "--mode", "json", ...providerArgs, ALONE_PROMPT] };
    case "claude":
      return {
        argv: ["-p", "--output-format", "json", "--permission-mode", "acceptEdits", "--allowedTools", "Bash(node check.mjs)", ...providerArgs],
        stdin: ALONE_PROMPT,
      };
    case "codex":
      return { argv: ["exec", "--json", "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox", ...providerArgs, ALONE_PROMPT] };
    case "gemini":
      return { argv: ["--skip-trust", "--approval-mode", "yolo", "--output-format", "json", ...providerArgs, "--prompt", ALONE_PROMPT] };
    case "copilot":
      return { argv: ["--allow-all-tools", "--no-color", ...providerArgs, "--prompt", ALONE_PROMPT] };
  }
}

export interface AloneRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** `value.txt` after the run. */
  value: string;
  repo: string;
  startedAt: number;
  elapsedMs: number;
}

/** Runs the CLI alone in a fresh repository (value.txt `start`, gate `node check.mjs`); kills it after `timeoutMs`. */
export async function runAlone(cli: PinnedCli, url: string, timeoutMs: number): Promise<AloneRun> {
  const repo = await makeRepo();
  const home = await tempDir("home");
  const provider = await aloneSetup(cli, url, home);
  const { argv, stdin } = aloneArgv(cli, provider.args);
  const startedAt = Date.now();
  const child = spawn(path.join(binDir(cli), cli.bin), argv, {
    cwd: repo,
    env: { PATH: `${binDir(cli)}:${process.env["PATH"] ?? "/usr/bin:/bin"}`, HOME: home, LANG: "C.UTF-8", USER: "tester", ...provider.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stdin.end(stdin ?? "");
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const exitCode = await new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  clearTimeout(timer);
  const value = await readFile(path.join(repo, "value.txt"), "utf8");
  return { exitCode, stdout, stderr, value, repo, startedAt, elapsedMs: Date.now() - startedAt };
}
