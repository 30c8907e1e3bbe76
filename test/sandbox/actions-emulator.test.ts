/**
 * The Actions emulator with a tiny script as the step (fixtures/emulated-step.mjs): the
 * concurrency rule of `foreman-<issue>`, the step's explicit environment (inputs, event,
 * outputs, summary; none of the parent's secrets), cancellation's SIGINT → SIGTERM → SIGKILL
 * escalation and the runner killed mid-step, each ending in `workflow_run.completed`.
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ActionsEmulator,
  concurrencyGroup,
  inputVariable,
  parseOutputFile,
  stepInputs,
  withInputDefaults,
} from "../../src/sandbox/actions-emulator.js";
import { NAME, OWNER, startSandbox, useSandboxes, WORKFLOW, type Sandbox } from "./kit.js";

const STEP = fileURLToPath(new URL("./fixtures/emulated-step.mjs", import.meta.url));
const R = { owner: OWNER, repo: NAME };

const emulators: ActionsEmulator[] = [];
afterEach(async () => {
  for (const e of emulators.splice(0)) await e.close();
  vi.unstubAllEnvs();
});

async function setup(timings = { sigtermAfterMs: 300, sigkillAfterMs: 300 }): Promise<{ box: Sandbox; emulator: ActionsEmulator }> {
  const box = await startSandbox();
  const emulator = new ActionsEmulator({ standIn: box.standIn, credentials: { stateKey: "k".repeat(32) }, actionEntry: STEP, timings });
  emulators.push(emulator);
  box.standIn.setRunner(emulator);
  return { box, emulator };
}

async function dispatch(box: Sandbox, inputs: Record<string, string>): Promise<number> {
  const res = await box.client(box.tokens.bot).request("POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", {
    ...R,
    workflow_id: "foreman.yml",
    ref: "main",
    inputs,
    return_run_details: true,
  });
  const data: unknown = res.data;
  const id: unknown = typeof data === "object" && data !== null ? Reflect.get(data, "workflow_run_id") : undefined;
  if (typeof id !== "number") throw new Error("no workflow_run_id in the dispatch answer");
  return id;
}

/** Whether `pid` is a live process (a zombie nobody reaped yet counts as ended). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function completions(box: Sandbox): { id: unknown; conclusion: unknown }[] {
  return box.standIn.deliveries
    .filter((d) => d.event === "workflow_run" && d.action === "completed")
    .map((d) => {
      const run: unknown = d.payload["workflow_run"];
      return typeof run === "object" && run !== null ? { id: Reflect.get(run, "id"), conclusion: Reflect.get(run, "conclusion") } : {};
    })
    .map((x) => ({ id: x.id, conclusion: x.conclusion }));
}

describe("the Actions emulator's pure parts", () => {
  it("parses GITHUB_OUTPUT in both forms, fills input defaults, names INPUT_ variables and the group", () => {
    expect(parseOutputFile("a<<D1\nline 1\nline 2\nD1\nb=x=y\nempty<<D2\nD2\n")).toEqual({ a: "line 1\nline 2", b: "x=y", empty: "" });
    expect(withInputDefaults(WORKFLOW, { issue: "3" })).toEqual({ issue: "3", reason: "manual", mode: "run" });
    expect(withInputDefaults(WORKFLOW, { issue: "3", reason: "label" })).toMatchObject({ reason: "label" });
    expect(withInputDefaults("on: [push", { issue: "3" })).toEqual({ issue: "3" });
    expect(withInputDefaults(undefined, {})).toEqual({});
    expect(inputVariable("app-private-key")).toBe("INPUT_APP-PRIVATE-KEY");
    expect(inputVariable("a b")).toBe("INPUT_A_B");
    expect(concurrencyGroup({ issue: "12" })).toBe("foreman-12");
    expect(concurrencyGroup({ issue: "" })).toBe("foreman-sweep");
    expect(stepInputs({ issue: "4", reason: "", mode: "recover" }, { appId: "7", appPrivateKey: "PEM" }, "tok")).toEqual({
      "github-token": "tok",
      "app-id": "7",
      "app-private-key": "PEM",
      "state-key": "",
      issue: "4",
      reason: "sweep",
      mode: "recover",
      agent: "",
      "agent-command": "",
      "config-path": ".github/foreman.yml",
    });
  });
});

describe("the Actions emulator", () => {
  useSandboxes();

  it("runs the step in a fresh checkout with the Actions environment and none of the parent's secrets; outputs and summary are kept", async () => {
    vi.stubEnv("FOREMAN_PARENT_SECRET", "do-not-leak");
    const { box, emulator } = await setup();
    const id = await dispatch(box, { issue: "5", reason: "ok" });
    await emulator.idle();
    const run = emulator.run(id);
    expect(run).toMatchObject({ state: "completed", conclusion: "success", title: "foreman #5 ok", group: "foreman-5", exitCode: 0 });
    expect(run?.outputs).toMatchObject({ issue: "5", mode: "run" });
    expect(run?.summary).toBe("## step ok\n");
    const keys = (run?.outputs["env-keys"] ?? "").split(",");
    expect(keys).not.toContain("FOREMAN_PARENT_SECRET");
    for (const k of [
      "GITHUB_ACTIONS",
      "GITHUB_API_URL",
      "GITHUB_EVENT_PATH",
      "GITHUB_OUTPUT",
      "GITHUB_STEP_SUMMARY",
      "GITHUB_REPOSITORY",
      "GITHUB_RUN_ID",
      "GITHUB_RUN_ATTEMPT",
      "GITHUB_REF_NAME",
      "GITHUB_SERVER_URL",
      "GITHUB_WORKSPACE",
      "RUNNER_TEMP",
      "INPUT_GITHUB-TOKEN",
      "INPUT_STATE-KEY",
      "INPUT_ISSUE",
      "INPUT_REASON",
      "INPUT_MODE",
      "PATH",
      "HOME",
    ])
      expect(keys).toContain(k);
    const cwd = run?.outputs["cwd"] ?? "";
    expect(await readFile(`${cwd}/.github/workflows/foreman.yml`, "utf8")).toBe(WORKFLOW);
    expect(box.standIn.runs(box.repo)).toEqual([expect.objectContaining({ id, status: "completed", conclusion: "success" })]);
    expect(completions(box)).toEqual([{ id, conclusion: "success" }]);
    const failing = await dispatch(box, { issue: "5", reason: "fail" });
    await emulator.idle();
    expect(emulator.run(failing)).toMatchObject({ conclusion: "failure", exitCode: 1 });
  });

  it("concurrency: the first runs, the second waits and is cancelled when a third is queued, the third runs after the first", async () => {
    const { box, emulator } = await setup();
    const first = await dispatch(box, { issue: "9", reason: "sleep" });
    await until("the first run to start", () => emulator.run(first)?.log.includes("started") === true);
    const second = await dispatch(box, { issue: "9", reason: "ok" });
    const other = await dispatch(box, { issue: "10", reason: "ok" });
    expect(emulator.run(second)?.state).toBe("pending");
    const third = await dispatch(box, { issue: "9", reason: "ok" });
    expect(emulator.run(second)).toMatchObject({ state: "completed", conclusion: "cancelled" });
    expect(emulator.run(second)?.startedAt).toBeUndefined();
    expect(emulator.run(third)?.state).toBe("pending");
    await until("the other issue's run", () => emulator.run(other)?.state === "completed");
    expect(emulator.run(third)?.state).toBe("pending");
    await box.client(box.tokens.bot).request("POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel", { ...R, run_id: first });
    await emulator.idle();
    expect(emulator.run(first)).toMatchObject({ conclusion: "cancelled", signals: ["SIGINT"] });
    expect(emulator.run(third)).toMatchObject({ conclusion: "success" });
    expect(emulator.run(third)?.startedAt ?? 0).toBeGreaterThanOrEqual(emulator.run(first)?.endedAt ?? Infinity);
    await box.standIn.idle();
    expect(completions(box)).toEqual([
      { id: second, conclusion: "cancelled" },
      { id: other, conclusion: "success" },
      { id: first, conclusion: "cancelled" },
      { id: third, conclusion: "success" },
    ]);
  });

  it("cancel escalates SIGINT → SIGTERM → SIGKILL with the configured delays on a step that ignores the first two", async () => {
    const { box, emulator } = await setup({ sigtermAfterMs: 400, sigkillAfterMs: 300 });
    const id = await dispatch(box, { issue: "11", reason: "stubborn" });
    await until("the step to start", () => emulator.run(id)?.log.includes("started") === true);
    const asked = Date.now();
    await box.client(box.tokens.bot).request("POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel", { ...R, run_id: id });
    await emulator.idle();
    const run = emulator.run(id);
    expect(run).toMatchObject({ conclusion: "cancelled", signals: ["SIGINT", "SIGTERM", "SIGKILL"], exitSignal: "SIGKILL" });
    expect(run?.log).toContain("got SIGINT");
    expect(run?.log).toContain("got SIGTERM");
    expect((run?.endedAt ?? 0) - asked).toBeGreaterThanOrEqual(700);
    await box.standIn.idle();
    expect(completions(box)).toEqual([{ id, conclusion: "cancelled" }]);
  });

  it("the runner killed mid-step: SIGKILL now, the run concludes failure and workflow_run.completed is sent", async () => {
    const { box, emulator } = await setup();
    const id = await dispatch(box, { issue: "12", reason: "stubborn" });
    await until("the step to start", () => emulator.run(id)?.log.includes("started") === true);
    emulator.kill(id);
    await emulator.idle();
    expect(emulator.run(id)).toMatchObject({ conclusion: "failure", signals: ["SIGKILL"], exitSignal: "SIGKILL" });
    expect(() => emulator.kill(id)).toThrow(/not running/);
    await box.standIn.idle();
    expect(completions(box)).toEqual([{ id, conclusion: "failure" }]);
    expect(box.standIn.runs(box.repo)).toEqual([expect.objectContaining({ id, conclusion: "failure" })]);
  });

  it("the runner's orphan cleanup: a child the killed step started in its own process group ends with the job", async () => {
    const { box, emulator } = await setup();
    const id = await dispatch(box, { issue: "13", reason: "orphan" });
    await until("the step to start its child", () => emulator.run(id)?.log.includes("orphan ") === true);
    emulator.kill(id);
    await emulator.idle();
    const run = emulator.run(id);
    const pid = Number(run?.outputs["orphan-pid"]);
    expect(pid).toBeGreaterThan(0);
    expect(run?.log).toContain(`[emulator] Terminate orphan process: pid (${pid})`);
    await until("the orphan to end", () => !alive(pid), 5_000);
  });
});
