/** One line of progress per attempt, for people watching `foreman run`. */
import { formatDuration, formatUsd } from "../core/render.js";
import type { ProgressEvent } from "../loop/engine.js";

export function formatProgress(event: ProgressEvent): string {
  switch (event.type) {
    case "attempt_started":
      return `attempt ${event.n}/${event.maxAttempts}: running the agent…`;
    case "attempt_finished": {
      const a = event.attempt;
      const gates = (a.gates ?? []).map((g) => `${g.ok ? "✓" : "✗"} ${g.name}`).join(", ");
      const parts = [
        `attempt ${a.n}: ${(a.outcome ?? "unknown").replace(/_/g, " ")}`,
        gates ? `gates: ${gates}` : "",
        a.diffStats ? `+${a.diffStats.additions}/-${a.diffStats.deletions} in ${a.diffStats.files} file(s)` : "",
        `${formatUsd(a.costUsd ?? 0)}${a.costAssumed ? " (assumed)" : ""}`,
        formatDuration(a.durationMs ?? 0),
      ].filter(Boolean);
      const lines = [parts.join(" · ")];
      if (a.error) lines.push(`  ${a.error.split("\n")[0]}`);
      for (const note of event.notes) lines.push(`  note: ${note}`);
      return lines.join("\n");
    }
    case "note":
      return `note: ${event.message}`;
  }
}
