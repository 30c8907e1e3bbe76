/** Temporary directories and plain git, as a user of the repository would run it. */
import { mkdtemp, realpath } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";

/** Creates `foreman-<prefix>-…` under the real temp dir and records it in `registry` for cleanup. */
export async function tempDirIn(registry: string[], prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(await realpath(tmpdir()), `foreman-${prefix}-`));
  registry.push(dir);
  return dir;
}

/** Plain git with a user identity, as the user would run it. */
export async function userGit(cwd: string, ...args: string[]): Promise<string> {
  const out = await execa("git", ["-c", "user.name=User", "-c", "user.email=user@example.com", ...args], { cwd });
  return out.stdout;
}
