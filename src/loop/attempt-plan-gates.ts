/**
 * Step 4 of an attempt: which gates judge this diff. The core plans from the changed paths and
 * the manifests it names; this step only reads those manifests from the agent's tree.
 */
import path from "node:path";
import type { Config } from "../core/config.js";
import { gatePlanNeedsPaths, MANIFESTS, planGates, type GatePlan, type PlannedGate } from "../core/gate-plan.js";
import { SETUP_LOCKFILE_NAMES, SETUP_INPUT_NAMES } from "../core/setup-plan.js";
import { WORKSPACE_FILES } from "../core/workspaces.js";
import type { Workspace, WorkspaceDiff } from "./ports.js";

/** Files the gate and setup planners read: manifests, workspace declarations, lockfiles (small ones are read whole). */
const PLAN_FILE_NAMES: ReadonlySet<string> = new Set([...MANIFESTS, ...WORKSPACE_FILES, ...SETUP_LOCKFILE_NAMES, ...SETUP_INPUT_NAMES]);

/** The paths of a tree and the content of the files the planners read, as a pure lookup. */
export interface PlanFiles {
  files: string[];
  readFile: (path: string) => string | null;
}

/** Lists the tree `hash` and reads its manifests, workspace files and lockfiles. */
export async function readPlanFiles(workspace: Workspace, hash: string): Promise<PlanFiles> {
  const files = await workspace.paths(hash);
  const contents = new Map<string, string>();
  for (const f of files) {
    if (!PLAN_FILE_NAMES.has(path.posix.basename(f))) continue;
    // A manifest the agent turned into a link out of the worktree is not read (nor trusted).
    const text = await workspace.readFile(f).catch(() => null);
    if (text !== null) contents.set(f, text);
  }
  return { files, readFile: (p) => contents.get(p) ?? null };
}

export interface PlanOptions {
  available?: (command: string) => boolean;
  planFiles?: PlanFiles;
}

export async function planAttemptGates(workspace: Workspace, diff: WorkspaceDiff, config: Config, options: PlanOptions = {}): Promise<GatePlan> {
  return planOnTree(
    workspace,
    () => Promise.resolve(diff.hash),
    config,
    () => diff.files.flatMap((f) => (f.previousPath === undefined ? [f.path] : [f.path, f.previousPath])),
    options,
  );
}

/**
 * The gates the agent may run itself, planned on the tree as it is before the agent starts:
 * configured gates exactly, auto gates as if every file could change (every package root's
 * gate). Never fails the attempt: a tree nothing can plan for gives no gate (no permission).
 */
export async function planAgentGates(workspace: Workspace, config: Config, options: PlanOptions = {}): Promise<PlannedGate[]> {
  try {
    // The working copy is measured only when the plan reads its files (auto gates).
    const plan = await planOnTree(
      workspace,
      async () => (await workspace.diff()).hash,
      config,
      (files) => files,
      options,
    );
    return plan.ok ? plan.gates : [];
  } catch {
    return [];
  }
}

async function planOnTree(
  workspace: Workspace,
  tree: () => Promise<string>,
  config: Config,
  changed: (files: string[]) => string[],
  options: PlanOptions,
): Promise<GatePlan> {
  const read =
    options.planFiles ?? (gatePlanNeedsPaths(config.gates) ? await readPlanFiles(workspace, await tree()) : { files: [], readFile: () => null });
  return planGates({
    changedPaths: changed(read.files),
    files: read.files,
    readFile: read.readFile,
    gates: config.gates,
    allowlist: config.gate_allowlist,
    ...(options.available === undefined ? {} : { available: options.available }),
  });
}
