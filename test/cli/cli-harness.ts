/**
 * Shared set-up of the CLI tests in this folder: `foreman <args>` in-process through `main(io)`,
 * a spawned `foreman` for the signal tests, and a repository with the scripted agent.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { main, type CliIo } from "../../src/cli/main.js";
import { makeRepo, PROJECT_ROOT, rawConfig, SECRETS, tempDir, writeScript, type AgentScript, type ConfigOptions } from "../loop/helpers.js";
import { nodeArgs } from "../support/entry-points.js";

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

let home: string | undefined;

/** Call from `afterEach` (after `removeTempDirs`). */
export function resetHome(): void {
  home = undefined;
}

export async function cliEnv(): Promise<Record<string, string>> {
  home ??= await tempDir("home");
  return { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: home, LANG: "C.UTF-8", USER: "tester", ...SECRETS };
}

/** `foreman <args>` in-process; `extra` sets the optional parts of the io (terminal, timer). */
export async function fm(args: string[], extra: Partial<Pick<CliIo, "isTTY" | "every" | "now">> = {}): Promise<Exit> {
  let stdout = "";
  let stderr = "";
  const code = await main({
    argv: args,
    cwd: PROJECT_ROOT,
    env: await cliEnv(),
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    signal: new AbortController().signal,
    now: () => Date.now(),
    ...extra,
  });
  return { code, signal: null, stdout, stderr };
}

export interface Running {
  child: ChildProcess;
  exited: Promise<Exit>;
  /** What the child printed so far. */
  output: () => { stdout: string; stderr: string };
}

export async function start(args: string[], children: ChildProcess[]): Promise<Running> {
  const child = spawn(process.execPath, [...nodeArgs("cli"), ...args], {
    cwd: PROJECT_ROOT,
    env: await cliEnv(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const exited = new Promise<Exit>((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

export const count = (out: string) => ({ append: { path: path.join(out, "counter"), content: "{{attempt}}\n" } });
export const value = (content: string) => ({ write: { path: "value.txt", content: `${content}\n` } });

/** A repository, a task file, a script and a config file, all but the repository outside it. */
export async function setup(script: (out: string) => AgentScript, config: Omit<ConfigOptions, "script"> = {}) {
  const repo = await makeRepo();
  const out = await tempDir("out");
  const task = path.join(out, "task.md");
  await writeFile(task, "# Make value good\n\nThe file `value.txt` must say good.\n");
  const configFile = path.join(out, "foreman.json");
  await writeFile(configFile, JSON.stringify(rawConfig({ script: await writeScript(out, script(out)), ...config })));
  return { repo, out, task, configFile, counter: path.join(out, "counter") };
}
