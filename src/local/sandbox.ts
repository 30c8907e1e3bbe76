/**
 * The optional OS sandbox of the agent and the gates (config `sandbox: auto | required | off`),
 * on bubblewrap (`bwrap`): the whole filesystem read-only but for their working copy, the
 * attempt's files and a private temp directory; `/dev` and `/proc` fresh; their own PID
 * namespace, so nothing they start (a `setsid` daemon included) outlives the command, and
 * `--die-with-parent`, so nothing outlives Foreman either. The network is shared (agents need
 * their model's API) and HOME stays readable (their credentials and settings).
 *
 * Deciding (`resolveSandbox`) happens before a session or any cost exists; wrapping
 * (`bwrapArgv`) is a pure function the process runner applies to every command.
 */
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import path from "node:path";
import type { SandboxMode } from "../core/config.js";
import { ForemanError, InvalidArgumentError } from "../core/errors.js";
import { spawnCollect } from "./lean-spawn.js";

/** How the process runner sandboxes each command. */
export interface SandboxSettings {
  /** Absolute path of a `bwrap` that passed the probe. */
  bwrap: string;
  /**
   * Absolute directories the command may write (its working copy, the attempt files). One that
   * does not exist when a command starts is left out (and so stays unwritable).
   */
  writable: readonly string[];
  /** Where each command's private temp directory is made (bound into the sandbox as TMPDIR). Default: the OS temp dir. */
  tempRoot?: string;
}

export interface BwrapArgvInput {
  bwrap: string;
  /** The command to run inside, unchanged. */
  argv: readonly string[];
  cwd: string;
  writable: readonly string[];
  /** The command's private temp directory (writable, and its TMPDIR). */
  tmpDir: string;
  /** A file descriptor bwrap reads one byte from before it starts the command (see the runner). */
  blockFd: number;
}

/** The bwrap command line that runs `argv` in the sandbox: the argv is passed through as separate words, never a shell string. */
export function bwrapArgv(input: BwrapArgvInput): string[] {
  for (const [what, dir] of [["cwd", input.cwd], ["tmpDir", input.tmpDir], ...input.writable.map((w) => ["writable", w] as const)] as const) {
    if (!path.isAbsolute(dir)) throw new InvalidArgumentError(what, `sandbox ${what} must be an absolute path, got "${dir}".`);
  }
  if (input.argv.length === 0) throw new InvalidArgumentError("argv", "sandbox argv is empty: expected the command followed by its arguments.");
  if (!Number.isSafeInteger(input.blockFd) || input.blockFd < 3) {
    throw new InvalidArgumentError("blockFd", `sandbox blockFd must be a file descriptor >= 3, got ${input.blockFd}.`);
  }
  return [
    input.bwrap,
    // Read-only first; the writable binds are mounted over it, in order.
    "--ro-bind",
    "/",
    "/",
    "--dev",
    "/dev",
    "--proc",
    "/proc",
    ...[...input.writable, input.tmpDir].flatMap((dir) => ["--bind", dir, dir]),
    "--setenv",
    "TMPDIR",
    input.tmpDir,
    "--unshare-pid",
    "--die-with-parent",
    "--block-fd",
    String(input.blockFd),
    "--chdir",
    input.cwd,
    "--",
    ...input.argv,
  ];
}

/** Whether a working bwrap is here: its path, or why not (a short phrase for a notice). */
export type BwrapProbeResult = { available: true; bwrap: string } | { available: false; reason: string };

export type BwrapProbe = (hostEnv: Readonly<Record<string, string | undefined>>) => Promise<BwrapProbeResult>;

/**
 * Finds `bwrap` on the host's PATH and checks that it can really build the sandbox here (user
 * namespaces may be disabled, e.g. in some containers): a present but failing bwrap is "not available".
 */
export const probeBwrap: BwrapProbe = async (hostEnv) => {
  const bwrap = await findExecutable("bwrap", hostEnv["PATH"]);
  if (bwrap === null) return { available: false, reason: "bwrap is not on PATH" };
  // A bare spawn (no execa): the probe runs while `foreman run` is on its way to the agent.
  const tried = await spawnCollect(bwrap, ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--unshare-pid", "--die-with-parent", "true"], {
    cwd: process.cwd(),
    env: {},
    timeoutMs: 10_000,
  });
  if (tried.exitCode === 0) return { available: true, bwrap };
  const detail = tried.stderr.trim().split("\n")[0] ?? "";
  return { available: false, reason: `${bwrap} does not work here${detail ? ` (${detail})` : ""}` };
};

/** `sandbox: required` where no working bwrap is: refused before a session or any cost exists. */
export class SandboxUnavailableError extends ForemanError {
  override readonly name = "SandboxUnavailableError";
  readonly kind = "usage";
  constructor(readonly reason: string) {
    super(
      `The configuration says "sandbox: required", but the bubblewrap sandbox cannot be used here: ${reason}. ` +
        `Install bubblewrap (e.g. "apt-get install bubblewrap"), or set "sandbox: auto" (or "off") in .github/foreman.yml.`,
    );
  }
}

export interface ResolveSandboxOptions {
  hostEnv: Readonly<Record<string, string | undefined>>;
  onNotice: (message: string) => void;
  /** Default {@link probeBwrap}. */
  probe?: BwrapProbe;
}

/**
 * The bwrap to run commands with, or null to run them directly. `auto` without a working bwrap
 * says so in one notice; `required` throws {@link SandboxUnavailableError}; `off` never probes.
 */
export async function resolveSandbox(mode: SandboxMode, options: ResolveSandboxOptions): Promise<string | null> {
  if (mode === "off") return null;
  const probed = await (options.probe ?? probeBwrap)(options.hostEnv);
  if (probed.available) return probed.bwrap;
  if (mode === "required") throw new SandboxUnavailableError(probed.reason);
  options.onNotice(
    `No sandbox: ${probed.reason}; the agent and the gates run unsandboxed (install bubblewrap, or set "sandbox: off" to silence this).`,
  );
  return null;
}

/** The first executable `name` on `pathVar`, as execvp would find it; null when there is none. */
async function findExecutable(name: string, pathVar: string | undefined): Promise<string | null> {
  for (const dir of (pathVar ?? "").split(path.delimiter)) {
    if (!path.isAbsolute(dir)) continue;
    const candidate = path.join(dir, name);
    try {
      if ((await stat(candidate)).isFile()) {
        await access(candidate, constants.X_OK);
        return candidate;
      }
    } catch {
      // not here
    }
  }
  return null;
}
