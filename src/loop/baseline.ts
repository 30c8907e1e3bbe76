/**
 * Before the first paid attempt: install the dependencies (`setup.ts`) and run the planned
 * gates once on the unchanged base (`baseline: true`). A gate that cannot run there, or a setup
 * step that failed, ends the session `setup_failed` before any agent runs (the core's
 * `baselineVerdict` decides); otherwise attempt 1 is told which gates fail and which already
 * pass before its change. Outputs are kept beside attempt 1's files (`baseline-*.log`).
 */
import { baselineVerdict, renderBaselineFeedback, type GateRunFacts } from "../core/baseline.js";
import type { Config } from "../core/config.js";
import { MANIFESTS, planGates } from "../core/gate-plan.js";
import type { GateResult } from "../core/state.js";
import { readPlanFiles } from "./attempt-plan-gates.js";
import { gateLogName, keepLog } from "./attempt-logs.js";
import { runGates } from "./gates.js";
import type { AttemptFiles, ProcessRunner, Workspace } from "./ports.js";
import type { DependencySetup } from "./setup.js";

/** At most this many gates run on the base (a monorepo's root gate comes first). */
export const BASELINE_MAX_GATES = 8;

export type BaseOutcome = { kind: "ended"; message: string } | { kind: "aborted" } | { kind: "ready"; feedback: string; baseline?: GateResult[] };

export async function prepareBase(input: {
  workspace: Workspace;
  runner: ProcessRunner;
  files: AttemptFiles;
  env: Readonly<Record<string, string>>;
  config: Config;
  setup: DependencySetup;
  signal: AbortSignal;
  remainingMs: () => number;
  onStart: (handle: string) => Promise<void>;
  onOutput?: (source: string, text: string) => void;
}): Promise<BaseOutcome> {
  const base = await input.workspace.diff();
  const planFiles = await readPlanFiles(input.workspace, base.hash);
  await input.setup.probe(planFiles.files);
  // On the base nothing changed: every package root counts (for `auto`), the configured gates as they are.
  const plan = planGates({
    changedPaths: planFiles.files.filter((f) => (MANIFESTS as readonly string[]).includes(f.slice(f.lastIndexOf("/") + 1))),
    files: planFiles.files,
    readFile: planFiles.readFile,
    gates: input.config.gates,
    allowlist: input.config.gate_allowlist,
    available: input.setup.available,
  });
  // A plan problem is judged on the agent's change, as before; nothing to set up or run here.
  if (!plan.ok) return { kind: "ready", feedback: "" };
  const gates = plan.gates.slice(0, BASELINE_MAX_GATES);
  const setup = await input.setup.prepare({
    treeHash: base.hash,
    roots: gates.map((g) => g.root),
    planFiles,
    signal: input.signal,
    remainingMs: input.remainingMs(),
  });
  if (setup.aborted) return { kind: "aborted" };
  if (!input.config.baseline) return { kind: "ready", feedback: "" };
  if (setup.failed.length > 0) {
    const verdict = baselineVerdict(
      [],
      setup.failed.map((f) => ({ name: f.step.name, root: f.step.root, exitCode: f.exitCode, output: f.output })),
    );
    if (verdict.kind === "unrunnable") return { kind: "ended", message: verdict.message };
  }
  const outputs: string[] = [];
  const ran = await runGates({
    gates,
    workspace: input.workspace,
    runner: input.runner,
    env: input.env,
    treeHash: base.hash,
    remainingMs: input.remainingMs,
    signal: input.signal,
    onStart: input.onStart,
    keepOutput: async (index, gate, output) => {
      outputs[index] = output;
      await keepLog(input.files, 1, `baseline-${gateLogName(index, gate.name)}`, `$ ${gate.argv.join(" ")}  (in ${gate.root})\n${output}`);
    },
    ...(input.onOutput === undefined ? {} : { onOutput: input.onOutput }),
  });
  if (ran.aborted) return { kind: "aborted" };
  const facts: GateRunFacts[] = ran.results.map((r, i) => ({
    name: r.name,
    root: r.root,
    argv: gates[i]?.argv ?? [],
    exitCode: r.exitCode,
    signal: ran.failures.find((f) => f.name === r.name && f.root === r.root)?.signal ?? null,
    timedOut: ran.failures.find((f) => f.name === r.name && f.root === r.root)?.timedOut ?? false,
    output: outputs[i] ?? "",
  }));
  const verdict = baselineVerdict(facts);
  if (verdict.kind === "unrunnable") return { kind: "ended", message: verdict.message };
  return { kind: "ready", feedback: renderBaselineFeedback(verdict), baseline: ran.results };
}
