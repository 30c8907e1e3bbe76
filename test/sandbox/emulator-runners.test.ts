/**
 * The Actions emulator's runner limit (`maxConcurrentRuns`, for the bench's many-session figure):
 * runs of different issues past the limit wait for a runner before their step starts, then all
 * run, each ending in `workflow_run.completed`.
 */
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";
import { ActionsEmulator } from "../../src/sandbox/actions-emulator.js";
import { NAME, OWNER, startSandbox, useSandboxes, type Sandbox } from "./kit.js";

const STEP = fileURLToPath(new URL("./fixtures/emulated-step.mjs", import.meta.url));
useSandboxes();
const emulators: ActionsEmulator[] = [];
afterEach(async () => {
  for (const e of emulators.splice(0)) await e.close();
});

async function dispatch(box: Sandbox, issue: string, reason: string): Promise<void> {
  await box.client(box.tokens.bot).request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
    owner: OWNER,
    repo: NAME,
    workflow_id: "foreman.yml",
    ref: "main",
    inputs: { issue, reason },
  });
}

it("holds runs past maxConcurrentRuns until a runner is free, then runs them all", async () => {
  const box = await startSandbox();
  const emulator = new ActionsEmulator({
    standIn: box.standIn,
    credentials: { stateKey: "k".repeat(32) },
    actionEntry: STEP,
    timings: { sigtermAfterMs: 200, sigkillAfterMs: 200 },
    maxConcurrentRuns: 2,
  });
  emulators.push(emulator);
  box.standIn.setRunner(emulator);
  // Two runs that sleep until cancelled hold both runners; a third (another issue) must wait.
  await dispatch(box, "1", "sleep");
  await dispatch(box, "2", "sleep");
  await dispatch(box, "3", "ok");
  const started = () => emulator.runs().filter((r) => r.log.includes("started"));
  const end = Date.now() + 20_000;
  while (started().length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 500));
  expect(started().map((r) => r.issue)).toEqual(["1", "2"]);
  expect(box.standIn.runs(box.repo).map((r) => r["status"])).toEqual(["in_progress", "in_progress", "queued"]);
  // Cancelling one frees its runner: the third run starts and ends.
  const [first] = emulator.runs();
  await box
    .client(box.tokens.bot)
    .request("POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel", { owner: OWNER, repo: NAME, run_id: first!.runId });
  while (emulator.runs()[2]?.state !== "completed" && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  expect(emulator.runs().map((r) => r.conclusion)).toEqual(["cancelled", undefined, "success"]);
});
