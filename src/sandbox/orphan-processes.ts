/**
 * The Actions runner's orphan-process cleanup, for the emulator. At the end of a job the real
 * runner ("Cleaning up orphan processes") ends every process that still carries the job's
 * `RUNNER_TRACKING_ID` in its environment: a step that died (killed runner, SIGKILL on cancel)
 * leaves no child behind, even one in its own process group (Foreman's gates and agents are)
 * or running as another user. The emulator does the same, so a killed run leaves nothing
 * running on the test machine either.
 *
 * Linux only (`/proc/<pid>/environ`); a process whose environment this user may not read is
 * left alone, as the runner would (it runs as one user).
 */
import { readdir, readFile } from "node:fs/promises";

/** The environment variable that marks a job's processes. */
export const TRACKING_VARIABLE = "RUNNER_TRACKING_ID";

/** The process ids (other than this process) whose environment holds `RUNNER_TRACKING_ID=<id>`. */
export async function trackedProcesses(trackingId: string, procRoot = "/proc"): Promise<number[]> {
  const entry = `${TRACKING_VARIABLE}=${trackingId}`;
  const names = await readdir(procRoot).catch(() => [] as string[]);
  const found: number[] = [];
  await Promise.all(
    names.map(async (name) => {
      if (!/^[1-9][0-9]*$/.test(name) || Number(name) === process.pid) return;
      const environ = await readFile(`${procRoot}/${name}/environ`, "latin1").catch(() => "");
      if (environ.split("\0").includes(entry)) found.push(Number(name));
    }),
  );
  return found.sort((a, b) => a - b);
}

/** SIGKILLs every process still tracked by `trackingId`; returns the pids it signalled. */
export async function terminateOrphans(trackingId: string, procRoot = "/proc"): Promise<number[]> {
  const killed: number[] = [];
  for (const pid of await trackedProcesses(trackingId, procRoot)) {
    try {
      process.kill(pid, "SIGKILL");
      killed.push(pid);
    } catch {
      // Already gone, or not ours to signal.
    }
  }
  return killed;
}
