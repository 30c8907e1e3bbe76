/**
 * The end-to-end harness: a `Stage` (src/sandbox/demo/stage.ts) — the stand-in, the Foreman App
 * on a real Probot server, the Actions emulator and the greeter repository — whose Action is
 * this checkout's source (`src/action/main.ts`, bundled once per test run by the integration
 * tier's global setup, so no rebuild of dist/ is needed and no child transpiles TypeScript),
 * stopped after each test. What a test does with it:
 *
 *   const stage = await startStage();                 // or startStage({ faults, timings, files, … })
 *   const n = stage.openIssue({ title, body });        // as the maintainer (or pass an author)
 *   stage.label(n);                                   // the `foreman` label, by the maintainer
 *   stage.comment(n, stage.reader, "/approve");       // any login, any text
 *   await stage.waitFor("what", () => value | undefined, ms);   // polls; throws naming "what"
 *   stage.killRun(runId);                             // the runner dies (SIGKILL): run → failure
 *   await stage.settle();                             // no run pending or running, webhooks answered
 *   stage.runs(n) / stage.comments(n) / stage.session(n) / stage.standIn.*   // what happened
 *
 * `runLifecycle(stage)` (src/sandbox/demo/lifecycle.ts) plays the demo's scenario on it.
 */
import { rm } from "node:fs/promises";
import { afterAll, afterEach, beforeAll } from "vitest";
import { Stage, type StageOptions } from "../../src/sandbox/demo/stage.js";
import { bundlePath } from "../support/entry-points.js";
import { markerDir, scriptedRepoFiles, type ScriptedRepoOptions } from "./scripted-repo.js";

/** The Stage options that run this checkout's Action (its test bundle) instead of dist/. */
export function sourceAction(): Pick<StageOptions, "actionEntry" | "nodeArgs"> {
  return { actionEntry: bundlePath("actionMain"), nodeArgs: [] };
}

const started: Stage[] = [];

/** Starts a stage running the Action from source; it is stopped after the test (see {@link useStages}). */
export async function startStage(options: StageOptions = {}): Promise<Stage> {
  const stage = await Stage.start({ ...sourceAction(), ...options });
  started.push(stage);
  return stage;
}

/** Registers the after-each stop of every stage the test started. */
export function useStages(): void {
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.stop()));
  });
}

/** The log of every run of a stage, for a failure message. */
export function runLogs(stage: Stage): string {
  return stage
    .runs()
    .map((r) => `── run ${r.runId} “${r.title}” ${r.conclusion ?? r.state}\n${r.log.replace(/^::add-mask::.*$/gm, "")}`)
    .join("\n");
}

/**
 * One stage on the scripted repository for the whole file: started before its tests with this
 * checkout's Action, stopped (and its marker directory removed) after them. `stage` options
 * (the workflow step's `env:`) are passed on.
 */
export function useScriptedStage(
  options: Omit<ScriptedRepoOptions, "markerDir"> = {},
  stageOptions: Pick<StageOptions, "stepEnv"> = {},
): { readonly stage: Stage; readonly markers: string } {
  let stage: Stage | undefined;
  let markers: string | undefined;
  beforeAll(async () => {
    markers = await markerDir();
    stage = await Stage.start({ ...sourceAction(), ...stageOptions, files: await scriptedRepoFiles({ ...options, markerDir: markers }) });
  });
  afterAll(async () => {
    await stage?.stop();
    if (markers !== undefined) await rm(markers, { recursive: true, force: true });
  });
  return {
    get stage(): Stage {
      if (stage === undefined) throw new Error("The scripted stage is used before beforeAll started it.");
      return stage;
    },
    get markers(): string {
      if (markers === undefined) throw new Error("The marker directory is used before beforeAll made it.");
      return markers;
    },
  };
}
