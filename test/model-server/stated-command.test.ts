/** The scripted server follows a CLI's instructions to run a gate's wrapper instead of the gate (Copilot preset, issue 12). */
import { describe, expect, it } from "vitest";
import { statedCommand } from "../support/model-server/tool-calls.js";

describe("statedCommand", () => {
  it("finds the wrapper the instructions name for the command", () => {
    const text =
      "# Running the checks\n\n- for `npm test` (in `pkg`) run `/h/gates/npm`\n- for `node check.mjs` (in `.`) run `/h/agent-home/gates/check`\n";
    expect(statedCommand(text, "node check.mjs")).toBe("/h/agent-home/gates/check");
    expect(statedCommand(text, "npm test")).toBe("/h/gates/npm");
  });

  it("is undefined when the instructions name no wrapper for it, and reads the command literally (no regex)", () => {
    expect(statedCommand("- for `node check.mjs` (in `.`) run `/w`", "node checkxmjs")).toBeUndefined();
    expect(statedCommand("nothing here", "node check.mjs")).toBeUndefined();
    expect(statedCommand("- for `node check.mjs`\nrun `/w`", "node check.mjs")).toBeUndefined();
  });
});
