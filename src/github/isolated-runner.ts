/**
 * The agent and the gates run as a separate unprivileged user on the runner, where it allows it.
 *
 * Gates run code the agent wrote. A child running as the Action's own user could read the
 * Action's initial environment (`/proc/<ppid>/environ`: the token inputs, the App key, the state
 * key) and any file the Action can read, however scrubbed its own environment is. Run as
 * another user, the kernel refuses both (`/proc/<pid>/environ` needs ptrace access; files of
 * mode 0600 belong to the Action's user).
 *
 * - `detectIsolation`: as root, the user `foreman-agent` is created with `useradd` if missing
 *   and children are started with `setpriv` (real and effective ids dropped, supplementary
 *   groups of that user, no new privileges: a setuid `sudo` inside does nothing); as a user
 *   with passwordless `sudo` (GitHub-hosted runners), through `sudo -n`; otherwise isolation
 *   is impossible and the reason says so (the job summary shows it as a warning).
 * - `isolatedRunner`: wraps each argv; the child's environment stays exactly the spec's (setpriv
 *   keeps it; sudo is told to keep those variables and no others).
 * - `grantAccess`: the separate user must work in the workspace and attempt files. Those trees
 *   are made world-writable (`chmod -R a+rwX`) rather than given away (`chown`): they stay owned
 *   by the Action's user, so Foreman's own git calls there pass git's ownership check, and
 *   the agent still writes everything it needs. Each ancestor only gets `o+x` (traverse, not
 *   list): files next to them, such as a 0600 key under `RUNNER_TEMP`, stay unreadable.
 */
import { chmod, stat } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import type { ProcessResult, ProcessRunner, ProcessSpec } from "../loop/ports.js";

/** How children are separated from the Action: as another user, or not at all (and why). */
export type Isolation = { mode: "user"; user: string; uid: number; gid: number } | { mode: "none"; reason: string };

/** The unprivileged user agent and gates run as. */
export const AGENT_USER = "foreman-agent";

export interface DetectOptions {
  /** Default `foreman-agent`. */
  user?: string;
  /** The Action's uid; default `process.getuid()`. */
  uid?: number;
}

/** Finds (and, where allowed, creates) the separate user; `{ mode: "none", reason }` where impossible. */
export async function detectIsolation(opts: DetectOptions = {}): Promise<Isolation> {
  const user = opts.user ?? AGENT_USER;
  const uid = opts.uid ?? process.getuid?.() ?? -1;
  if (uid === 0) {
    if (!(await succeeds(["setpriv", "--version"])))
      return none(`setpriv is not installed on the runner, so Foreman cannot start children as ${user}`);
    return (await ensureUser([], user)) ?? none(`Foreman runs as root but could not create the user ${user} with useradd`);
  }
  if (uid >= 0 && (await succeeds(["sudo", "-n", "true"]))) {
    return (await ensureUser(["sudo", "-n"], user)) ?? none(`Foreman could not create the user ${user} with sudo useradd`);
  }
  return none(`Foreman runs as uid ${uid} without passwordless sudo`);
}

/** Runs every child as `how.user` (see the module header); with `mode: "none"`, `inner` as it is. */
export function isolatedRunner(inner: ProcessRunner, how: Isolation): ProcessRunner {
  if (how.mode === "none") return inner;
  const root = process.getuid?.() === 0;
  return {
    run(spec: ProcessSpec): Promise<ProcessResult> {
      return inner.run({ ...spec, argv: isolatedArgv(spec, how, root) });
    },
    stopOrphan(handle: string): Promise<boolean> {
      return inner.stopOrphan(handle);
    },
  };
}

/** The argv that starts `spec.argv` as `how.user`: setpriv as root, `sudo -n` otherwise. */
export function isolatedArgv(spec: Pick<ProcessSpec, "argv" | "env">, how: Extract<Isolation, { mode: "user" }>, root: boolean): string[] {
  if (root) {
    return ["setpriv", `--reuid=${how.uid}`, `--regid=${how.gid}`, "--init-groups", "--no-new-privs", "--", ...spec.argv];
  }
  const keep = Object.keys(spec.env).filter((k) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k));
  return ["sudo", "-n", "-u", how.user, ...(keep.length === 0 ? [] : [`--preserve-env=${keep.join(",")}`]), "--", ...spec.argv];
}

/**
 * Lets `how.user` write in `writable` (recursively) and traverse to it; a no-op without
 * isolation. `readable` trees (e.g. the object store the workspace clone borrows) get read
 * access only.
 */
export async function grantAccess(how: Isolation, dirs: { writable: readonly string[]; readable?: readonly string[] }): Promise<void> {
  if (how.mode === "none") return;
  const sudo = process.getuid?.() === 0 ? [] : ["sudo", "-n"];
  for (const dir of dirs.writable) await run([...sudo, "chmod", "-R", "a+rwX", dir]);
  for (const dir of dirs.readable ?? []) await run([...sudo, "chmod", "-R", "a+rX", dir]);
  for (const dir of [...dirs.writable, ...(dirs.readable ?? [])]) await traversable(path.resolve(dir));
}

/** Adds `o+x` to every ancestor of `dir` that lacks it (owned by us: we may chmod them). */
async function traversable(dir: string): Promise<void> {
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    const mode = (await stat(d)).mode;
    if ((mode & 0o001) === 0) await chmod(d, (mode & 0o7777) | 0o001);
    if (d === path.dirname(d)) return;
  }
}

async function ensureUser(prefix: string[], user: string): Promise<Isolation | null> {
  if (!(await succeeds([...prefix, "id", "-u", user]))) {
    const created = await succeeds([...prefix, "useradd", "--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", user]);
    if (!created) return null;
  }
  const uid = Number((await execa("id", ["-u", user], { reject: false })).stdout);
  const gid = Number((await execa("id", ["-g", user], { reject: false })).stdout);
  if (!Number.isInteger(uid) || !Number.isInteger(gid) || uid <= 0) return null;
  return { mode: "user", user, uid, gid };
}

function none(why: string): Isolation {
  return {
    mode: "none",
    reason:
      `${why}: the agent and the gates run as the Action's own user and could read its environment (/proc/<pid>/environ) and files. ` +
      "Run Foreman on a runner with passwordless sudo (GitHub-hosted runners have it) or as root to separate them.",
  };
}

async function succeeds(argv: readonly string[]): Promise<boolean> {
  const [file, ...args] = argv;
  if (file === undefined) return false;
  const r = await execa(file, args, { reject: false, stdin: "ignore" });
  return r.exitCode === 0;
}

async function run(argv: readonly string[]): Promise<void> {
  const [file, ...args] = argv;
  if (file === undefined) return;
  await execa(file, args, { stdin: "ignore" });
}
