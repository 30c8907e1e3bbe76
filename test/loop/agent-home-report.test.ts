/**
 * The agent home's edges (issue 12), end to end with the real local adapters and the scripted
 * agent as a real child process: a preset's file in one sub-folder (`.gemini/settings.json`), a
 * name that would leave the home refused before the agent starts, and the report file a preset
 * names read back for `parse` only when it lies inside the agent home.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../src/core/errors.js";
import type { TaskInput } from "../../src/core/task.js";
import type { AgentInvocation, AgentOutput, AgentPresetDefinition } from "../../src/loop/agent-preset.js";
import { runSession } from "../../src/loop/engine.js";
import { harness, hostEnv, makeRepo, rawConfig, removeTempDirs, request, tempDir, writeScript } from "./helpers.js";

const TASK: TaskInput = { title: "Make value.txt good", body: "The file `value.txt` must say good.\n" };

afterEach(removeTempDirs);

/** One session whose preset adds `extra(agentHome)` to its invocation; returns what parse saw. */
async function session(extra: (home: string) => Partial<AgentInvocation>) {
  const repo = await makeRepo();
  const out = await tempDir("out");
  const scriptFile = await writeScript(out, { "*": [{ write: { path: "value.txt", content: "good\n" } }] });
  const raw = rawConfig({ script: scriptFile, budget: { attempts: 1, minutes: 5 } });
  const h = await harness(repo, raw, { env: hostEnv() });
  const req = await request(h, TASK);
  const seen: { home: string; output?: AgentOutput } = { home: "" };
  const preset: AgentPresetDefinition = {
    ...req.preset,
    invocation: (ctx) => {
      seen.home = ctx.agentHome ?? "";
      return { ...req.preset.invocation(ctx), ...extra(seen.home) };
    },
    parse: (output, ctx) => {
      seen.output = output;
      return req.preset.parse(output, ctx);
    },
  };
  const outcome = await runSession(h.deps, { ...req, preset });
  return { ...outcome, seen };
}

describe("agent home: one sub-folder, a report file", () => {
  it("writes .gemini/settings.json and reads back a report file inside the home", async () => {
    const { state, seen } = await session((home) => ({
      files: [
        { name: ".gemini/settings.json", content: "{}\n" },
        { name: "log/report.jsonl", content: '{"usage":1}\n' },
      ],
      reportFile: `${home}/log/report.jsonl`,
    }));
    expect(state.reason).toBe("succeeded");
    expect(readFileSync(path.join(seen.home, ".gemini", "settings.json"), "utf8")).toBe("{}\n");
    expect(seen.output?.reportFileText).toBe('{"usage":1}\n');
  });

  it("writes a file the preset marks executable with mode 0755", async () => {
    const { seen } = await session(() => ({ files: [{ name: "gates/check", content: "#!/bin/sh\nexit 0\n", executable: true }] }));
    expect(statSync(path.join(seen.home, "gates", "check")).mode & 0o777).toBe(0o755);
  });

  it("a report file the CLI did not write reads as null; one outside the home is not read at all", async () => {
    const missing = await session((home) => ({ reportFile: `${home}/session-state/x/events.jsonl` }));
    expect(missing.seen.output?.reportFileText).toBeNull();
    const outside = await session((home) => ({ reportFile: `${home}/../prompt.md` }));
    expect(outside.seen.output).toBeDefined();
    expect(outside.seen.output && "reportFileText" in outside.seen.output).toBe(false);
    const sibling = await session((home) => ({ reportFile: `${path.dirname(home)}/prompt.md` }));
    expect(sibling.seen.output && "reportFileText" in sibling.seen.output).toBe(false);
  });

  it("refuses a file name that would leave the agent home, before the agent starts", async () => {
    for (const name of ["../escape.json", "/etc/x", ".env", "a/b/c", ".gemini/../../x"]) {
      let home = "";
      await expect(
        session((h) => {
          home = h;
          return { files: [{ name, content: "x" }] };
        }),
        name,
      ).rejects.toBeInstanceOf(InvalidArgumentError);
      expect(existsSync(path.join(path.dirname(home), "escape.json"))).toBe(false);
    }
  });
});
