import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/core/config.js";
import { planAgentGates } from "../../src/loop/attempt-plan-gates.js";
import { MemoryWorkspace } from "../support/memory/workspace.js";

/** A memory workspace that counts how often the working copy is measured and listed. */
class CountingWorkspace extends MemoryWorkspace {
  diffs = 0;
  listings = 0;
  override diff() {
    this.diffs++;
    return super.diff();
  }
  override paths(hash: string) {
    this.listings++;
    return super.paths(hash);
  }
}

const BASE = { "package.json": JSON.stringify({ name: "x", scripts: { test: "node t.js" } }), "t.js": "" };

describe("planAgentGates: the gates the agent may run, before it starts", () => {
  it("configured gates: given as they are, without measuring the working copy", async () => {
    const ws = new CountingWorkspace({ base: BASE });
    const config = parseConfig({ gates: [{ name: "check", run: ["node", "check.mjs"] }] });
    const gates = await planAgentGates(ws, config);
    expect(gates.map((g) => [g.name, g.argv])).toEqual([["check", ["node", "check.mjs"]]]);
    expect([ws.diffs, ws.listings]).toEqual([0, 0]);
  });

  it("auto gates: planned on the working copy as it is (every package root)", async () => {
    const ws = new CountingWorkspace({ base: BASE });
    const gates = await planAgentGates(ws, parseConfig({}));
    expect(gates.map((g) => [g.root, g.argv])).toEqual([[".", ["npm", "test"]]]);
    expect([ws.diffs, ws.listings]).toEqual([1, 1]);
  });
});
