/**
 * `replay`: applies a recorded patch instead of running a model, for demos, benchmarks and
 * tests of the loop. Attempt N applies `<agent.replay_dir>/<N>.patch` with
 * `git apply --whitespace=nowarn` in the worktree. `replay_dir` is relative to the repository
 * root (or absolute). Replaying costs nothing.
 *
 * Pure like every preset: `repoRoot` is absolute, so `resolve` reads no working directory, and
 * a missing patch is recognised from git's answer (exit 128 naming the patch it could not
 * open), not by looking at the file system.
 */
import { resolve, sep } from "node:path";
import { ConfigError } from "../core/errors.js";
import type { AgentContext, AgentPresetDefinition, AgentResult } from "../loop/agent-preset.js";
import { ERROR_TAIL_CHARS, tail, timedOutResult } from "./output.js";

/** Absolute directory of the patches. */
export function replayDir(ctx: AgentContext): string {
  const dir = ctx.agent.replay_dir;
  if (!dir) throw new ConfigError([{ path: "agent.replay_dir", message: "required when agent.preset is replay" }]);
  return resolve(ctx.repoRoot, dir);
}

/** Absolute path of the patch for this attempt. */
export function patchPath(ctx: AgentContext): string {
  // Joined by hand: the bundler rewrites `path.resolve(dir, "<n>.patch")` as if it named a
  // file shipped with Foreman and copies matching files into dist/.
  return `${replayDir(ctx)}${sep}${ctx.attempt}.patch`;
}

export const replay: AgentPresetDefinition = {
  name: "replay",
  envAllowlist: [],

  invocation(ctx) {
    return { argv: ["git", "apply", "--whitespace=nowarn", patchPath(ctx)] };
  },

  parse(output, ctx): AgentResult {
    if (output.timedOut) return { ...timedOutResult("git apply"), costUsd: 0 };
    const name = `${ctx.attempt}.patch`;
    if (output.exitCode === 0) return { ok: true, costUsd: 0, summary: `applied ${name}` };
    const dir = ctx.agent.replay_dir ? resolve(ctx.repoRoot, ctx.agent.replay_dir) : undefined;
    // git exits 128 and quotes the path when it cannot open the patch (in any locale).
    const missing = output.exitCode === GIT_FATAL && dir !== undefined && output.stderr.includes(patchPath(ctx));
    if (dir === undefined || missing) {
      const where = dir ?? "(agent.replay_dir is not set)";
      return { ok: false, costUsd: 0, summary: "", failure: { message: `no patch for attempt ${ctx.attempt} in ${where}` } };
    }
    const detail = tail(output.stderr, ERROR_TAIL_CHARS) || tail(output.stdout, ERROR_TAIL_CHARS);
    const status = output.exitCode === null ? "was killed by a signal" : `exited with code ${output.exitCode}`;
    return { ok: false, costUsd: 0, summary: "", failure: { message: `git apply ${name} ${status}${detail ? `: ${detail}` : ""}` } };
  },
};

/** git's exit status for a fatal error, such as a patch file it cannot open. */
const GIT_FATAL = 128;
