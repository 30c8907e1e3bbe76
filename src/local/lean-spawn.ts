/**
 * A child process run to its end with its output collected: `child_process.spawn` and nothing
 * else. Foreman runs about fifteen short git processes (and the bubblewrap probe) before the
 * agent starts; going through execa costs about twice the spawn itself each time, and loading
 * nothing more keeps `foreman run` quick to reach the agent. Long-running children with
 * streaming output (the agent, the gates) stay with the process runner.
 *
 * Never throws and never rejects: whatever happened (exit code, signal, could not start,
 * output over its limit, timeout) is in the result, for the caller to turn into its own error.
 */
import { spawn } from "node:child_process";
import { StringDecoder } from "node:string_decoder";

export interface LeanSpawnOptions {
  /** Directory the child runs in. */
  cwd: string;
  /** The child's whole environment (nothing is inherited). */
  env: Readonly<Record<string, string>>;
  /** Written to the child's standard input, which is then closed; absent: no standard input at all. */
  input?: string;
  /** Most characters of standard output kept; beyond, the child is stopped and `overflow` is `"stdout"`. Default: no limit. */
  maxStdout?: number;
  /** The same for standard error. Default: no limit. */
  maxStderr?: number;
  /** Milliseconds after which the child is stopped (SIGTERM) and `timedOut` is true. Default: none. */
  timeoutMs?: number;
}

export interface LeanSpawnResult {
  /** Standard output as text (UTF-8), untouched; at most `maxStdout` characters. */
  stdout: string;
  /** Standard error as text (UTF-8), untouched; at most `maxStderr` characters. */
  stderr: string;
  /** Exit code; null when the child could not start or was ended by a signal. */
  exitCode: number | null;
  /** The signal that ended the child, if one did. */
  signal: NodeJS.Signals | null;
  /** Which output went over its limit (the child was then stopped); null when none did. */
  overflow: "stdout" | "stderr" | null;
  /** True when `timeoutMs` passed and the child was stopped. */
  timedOut: boolean;
  /** Why the child could not start (e.g. `ENOENT`); null when it started. */
  error: Error | null;
}

/** Runs `file args` (no shell) and collects what it wrote. */
export function spawnCollect(file: string, args: readonly string[], opts: LeanSpawnOptions): Promise<LeanSpawnResult> {
  return new Promise((resolve) => {
    let overflow: LeanSpawnResult["overflow"] = null;
    let timedOut = false;
    let settled = false;
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(file, args, {
        cwd: opts.cwd,
        env: opts.env,
        stdio: [opts.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
        windowsHide: true,
      });
    } catch (error) {
      // Refused before any process existed (e.g. a NUL byte in an argument).
      const e = error instanceof Error ? error : new Error(String(error));
      resolve({ stdout: "", stderr: "", exitCode: null, signal: null, overflow: null, timedOut: false, error: e });
      return;
    }
    const stop = (): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    };
    const collect = (limit: number | undefined, name: "stdout" | "stderr") => {
      const decoder = new StringDecoder("utf8");
      const out = { text: "" };
      const add = (text: string): void => {
        if (overflow !== null && overflow !== name) return;
        if (limit !== undefined && out.text.length + text.length > limit) {
          out.text += text.slice(0, Math.max(0, limit - out.text.length));
          if (overflow === null) {
            overflow = name;
            stop();
          }
          return;
        }
        out.text += text;
      };
      const stream = name === "stdout" ? child.stdout : child.stderr;
      stream?.on("data", (chunk: Buffer) => add(decoder.write(chunk)));
      stream?.on("end", () => add(decoder.end()));
      return out;
    };
    const stdout = collect(opts.maxStdout, "stdout");
    const stderr = collect(opts.maxStderr, "stderr");
    const timer = opts.timeoutMs === undefined ? undefined : setTimeout(() => ((timedOut = true), stop()), opts.timeoutMs);
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null, error: Error | null): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      resolve({ stdout: stdout.text, stderr: stderr.text, exitCode, signal, overflow, timedOut, error });
    };
    child.on("error", (error) => finish(null, null, error));
    child.on("close", (code, signal) => finish(code, signal, null));
    if (opts.input !== undefined && child.stdin !== null) {
      // A child that exits without reading its input (EPIPE) is judged by its exit code.
      child.stdin.on("error", () => undefined);
      child.stdin.end(opts.input);
    }
  });
}
