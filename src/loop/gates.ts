/**
 * Runs the planned gates in the working copy. Gates run code the agent wrote: they get the
 * scrubbed environment, no shell, a timeout bounded by the remaining budget, and the tree is
 * put back exactly as the agent left it if a gate writes to it.
 */
import path from "node:path";
import type { PlannedGate } from "../core/gate-plan.js";
import type { GateResult } from "../core/state.js";
import type { GateFailure } from "../core/task.js";
import type { ProcessRunner, Workspace } from "./ports.js";

export interface GateRunOutcome {
  results: GateResult[];
  failures: GateFailure[];
  /** True when the gates wrote to the tree (it was restored to the agent's tree). */
  dirtied: boolean;
  aborted: boolean;
}

export async function runGates(input: {
  gates: readonly PlannedGate[];
  workspace: Workspace;
  runner: ProcessRunner;
  env: Readonly<Record<string, string>>;
  treeHash: string;
  /** Milliseconds left in the wall-clock budget for all gates together. */
  remainingMs: () => number;
  signal: AbortSignal;
  onStart: (handle: string) => Promise<void>;
  /** Keeps the `index`-th gate's whole (bounded) output for `foreman log`. */
  keepOutput?: (index: number, gate: PlannedGate, output: string) => Promise<void>;
  /** Each chunk of a gate's output as it arrives (progress), with the gate's name. */
  onOutput?: (source: string, text: string) => void;
}): Promise<GateRunOutcome> {
  const out: GateRunOutcome = { results: [], failures: [], dirtied: false, aborted: false };
  try {
    for (const [index, gate] of input.gates.entries()) {
      const timeoutMs = input.remainingMs();
      if (timeoutMs <= 0) {
        out.results.push({ name: gate.name, root: gate.root, ok: false, exitCode: null, durationMs: 0 });
        out.failures.push({ name: gate.name, root: gate.root, exitCode: null, timedOut: true, output: "Not run: the wall-clock budget is used up." });
        continue;
      }
      const r = await input.runner.run({
        argv: gate.argv,
        cwd: path.join(input.workspace.dir, gate.root),
        env: { ...input.env, ...gate.env },
        timeoutMs,
        signal: input.signal,
        onStart: input.onStart,
        ...(input.onOutput === undefined
          ? {}
          : { onOutput: (_stream: "stdout" | "stderr", text: string) => input.onOutput?.(`gate ${gate.name}`, text) }),
      });
      await input.keepOutput?.(index, gate, [r.stdout, r.stderr].filter((s) => s.length > 0).join("\n"));
      if (r.aborted) {
        out.aborted = true;
        return out;
      }
      const ok = r.exitCode === 0 && !r.timedOut;
      out.results.push({ name: gate.name, root: gate.root, ok, exitCode: r.exitCode, durationMs: Math.round(r.durationMs) });
      if (!ok) {
        out.failures.push({
          name: gate.name,
          root: gate.root,
          exitCode: r.exitCode,
          timedOut: r.timedOut,
          signal: r.signal,
          output: [r.stdout, r.stderr].filter((s) => s.length > 0).join("\n"),
        });
      }
    }
  } finally {
    // Gates must not change what is judged or published: put the agent's tree back if they did,
    // also when the run is being stopped. Checked once after all gates (one git call).
    if (input.gates.length > 0 && !(await input.workspace.isClean(input.treeHash))) {
      out.dirtied = true;
      await input.workspace.restore(input.treeHash);
    }
  }
  return out;
}
