/**
 * A refused command's message, in the words of the surface that shows it. The state machine
 * speaks GitHub (`/approve`, "Add the trigger label"); local mode names `foreman` commands.
 */
import type { RenderSurface } from "./render.js";

/** Slash commands and the `foreman` command that does the same locally. */
const LOCAL_VERB: Record<string, string> = {
  approve: "foreman approve",
  reject: "foreman reject",
  retry: "foreman resume",
  cancel: "foreman cancel",
  status: "foreman status",
  help: "foreman --help",
  budget: "budget.per_run in the configuration",
};

const TRIGGER_LABEL_HINT = "Add the trigger label again to start a new session.";
const LOCAL_RESTART_HINT = "Start a new session with foreman run --task FILE.";

export function refusalText(message: string, surface: RenderSurface): string {
  if (surface === "github") return message;
  return message
    .replaceAll(TRIGGER_LABEL_HINT, LOCAL_RESTART_HINT)
    .replace(
      /(^|[\s(`"])\/(approve|reject|retry|cancel|status|help|budget)\b/g,
      (_m, before: string, verb: string) => `${before}${LOCAL_VERB[verb]}`,
    );
}
