/**
 * Step 4 of an attempt: which gates judge this diff. The core plans from the changed paths and
 * the manifests it names; this step only reads those manifests from the agent's tree.
 */
import path from "node:path";
import type { Config } from "../core/config.js";
import { gatePlanNeedsPaths, MANIFESTS, planGates, type GatePlan, type PlannedGate } from "../core/gate-plan.js";
import type { Workspace, WorkspaceDiff } from "./ports.js";

/** Manifest files the gate planner reads to choose gates. */
const MANIFEST_NAMES: ReadonlySet<string> = new Set(MANIFESTS);

export async function planAttemptGates(workspace: Workspace, diff: WorkspaceDiff, config: Config): Promise<GatePlan> {
  return planOnTree(workspace, diff, config, () => diff.files.flatMap((f) => (f.previousPath === undefined ? [f.path] : [f.path, f.previousPath])));
}

/**
 * The gates the agent may run itself, planned on the tree as it is before the agent starts:
 * configured gates exactly, auto gates as if every file could change (every package root's
 * gate). Never fails the attempt: a tree nothing can plan for gives no gate (no permission).
 */
export async function planAgentGates(workspace: Workspace, config: Config): Promise<PlannedGate[]> {
  try {
    const diff = await workspace.diff();
    const plan = await planOnTree(workspace, diff, config, (files) => files);
    return plan.ok ? plan.gates : [];
  } catch {
    return [];
  }
}

async function planOnTree(workspace: Workspace, diff: WorkspaceDiff, config: Config, changed: (files: string[]) => string[]): Promise<GatePlan> {
  const files = gatePlanNeedsPaths(config.gates) ? await workspace.paths(diff.hash) : [];
  const manifests = new Map<string, string>();
  for (const f of files) {
    if (!MANIFEST_NAMES.has(path.posix.basename(f))) continue;
    // A manifest the agent turned into a link out of the worktree is not read (nor trusted).
    const text = await workspace.readFile(f).catch(() => null);
    if (text !== null) manifests.set(f, text);
  }
  return planGates({
    changedPaths: changed(files),
    files,
    readFile: (p) => manifests.get(p) ?? null,
    gates: config.gates,
    allowlist: config.gate_allowlist,
  });
}
