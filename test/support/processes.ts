/** Process facts for tests that kill process trees. */
import { readFile } from "node:fs/promises";

/** Running means: exists and is not a zombie (this container's init does not reap orphans). */
export async function isRunning(pid: number): Promise<boolean> {
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, "utf8");
  } catch {
    return false;
  }
  const state = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
  return state !== "Z" && state !== "X";
}
