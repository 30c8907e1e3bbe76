/**
 * The two files users see first: `action.yml` (the Action's interface) and the workflow they
 * copy. Both are validated with @action-validator/core (the schemas GitHub's editor uses) and
 * held to what the design promises: least permissions, no persisted credentials, one run per
 * issue that is never cancelled in progress, a pinned agent CLI.
 */
import { readFileSync } from "node:fs";
import { validateAction, validateWorkflow } from "@action-validator/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = new URL("../../", import.meta.url);
const actionText = readFileSync(new URL("action.yml", root), "utf8");
const workflowText = readFileSync(new URL("examples/workflows/foreman.yml", root), "utf8");

interface ActionFile {
  name: string;
  description: string;
  branding: { icon: string; color: string };
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

describe("action.yml", () => {
  const action = parse(actionText) as ActionFile;

  it("validates, but for node24, which the validator's schema does not know yet", () => {
    // @action-validator/core 0.6 lists node12/16/20 only; GitHub's runners dropped node20 (TOOLCHAIN.md).
    expect(validateAction(actionText).errors.map((e) => ("path" in e ? e.path : e.title))).toEqual(["/runs"]);
    expect(validateAction(actionText.replace("using: node24", "using: node20")).errors).toEqual([]);
  });

  it("declares the inputs and outputs of the issue, each described, with defaults", () => {
    expect(Object.keys(action.inputs).sort()).toEqual(
      ["agent", "agent-command", "app-id", "app-private-key", "config-path", "github-token", "issue", "mode", "reason", "state-key"].sort(),
    );
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description.length, name).toBeGreaterThan(20);
      expect(input.default, name).toBeTypeOf("string");
    }
    expect(action.inputs["mode"]?.default).toBe("run");
    expect(action.inputs["github-token"]?.default).toBe("${{ github.token }}");
    expect(action.inputs["config-path"]?.default).toBe(".github/foreman.yml");
    expect(Object.keys(action.outputs).sort()).toEqual(["attempts", "cost-usd", "pr-number", "reason", "session-url", "status"]);
    expect(action.runs).toEqual({ using: "node24", main: "dist/action/index.js" });
    expect(action.branding.icon).toBeTruthy();
  });
});

interface WorkflowFile {
  "run-name": string;
  on: { workflow_dispatch: { inputs: Record<string, unknown> }; schedule: { cron: string }[] };
  concurrency: { group: string; "cancel-in-progress": boolean };
  permissions: Record<string, string>;
  jobs: Record<string, { steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] }>;
}

describe("examples/workflows/foreman.yml", () => {
  const wf = parse(workflowText) as WorkflowFile;
  const steps = Object.values(wf.jobs).flatMap((j) => j.steps);

  it("validates", () => {
    expect(validateWorkflow(workflowText).errors).toEqual([]);
  });

  it("is dispatched with the issue and the reason, names the run after them, and sweeps on a schedule", () => {
    expect(Object.keys(wf.on.workflow_dispatch.inputs)).toEqual(expect.arrayContaining(["issue", "reason"]));
    expect(wf["run-name"]).toBe("foreman #${{ inputs.issue }} ${{ inputs.reason }}");
    expect(wf.on.schedule.length).toBeGreaterThan(0);
    const foreman = steps.find((s) => s.uses?.includes("foreman"));
    expect(String(foreman?.with?.["mode"])).toContain("sweep");
  });

  it("runs one run per issue and never cancels one in progress", () => {
    expect(wf.concurrency.group).toMatch(/^foreman-\$\{\{ inputs\.issue/);
    expect(wf.concurrency["cancel-in-progress"]).toBe(false);
  });

  it("asks for least permissions and checks out without persisted credentials", () => {
    expect(wf.permissions).toEqual({ contents: "read" });
    const checkout = steps.find((s) => s.uses?.startsWith("actions/checkout@"));
    expect(checkout?.with?.["persist-credentials"]).toBe(false);
  });

  it("installs the agent CLI from npm at a pinned version", () => {
    const install = steps.find((s) => s.run?.includes("npm install"));
    expect(install?.run).toMatch(/@[0-9]+\.[0-9]+\.[0-9]+(\s|$)/);
  });
});
