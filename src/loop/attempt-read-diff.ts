/** Step 2 of an attempt: what the agent changed, and its size for reports. */
import type { DiffStats } from "../core/state.js";
import type { Workspace, WorkspaceDiff } from "./ports.js";

export async function readDiff(workspace: Workspace): Promise<{ diff: WorkspaceDiff; diffStats: DiffStats }> {
  const diff = await workspace.diff();
  const diffStats: DiffStats = {
    files: diff.files.length,
    additions: diff.files.reduce((t, f) => t + f.additions, 0),
    deletions: diff.files.reduce((t, f) => t + f.deletions, 0),
  };
  return { diff, diffStats };
}
