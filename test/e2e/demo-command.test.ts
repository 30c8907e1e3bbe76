/**
 * `foreman demo`'s command line: the stand-in demo by default, `--keep DIR`, `--local` (the
 * loop-only demo, still reachable and still exiting 0), and the options that do not combine.
 * The stand-in demo itself is played by lifecycle.test.ts through the same modules.
 */
import { afterEach, describe, expect, it } from "vitest";
import { parseCli, UsageError } from "../../src/cli/args.js";
import { commandHelp, USAGE } from "../../src/cli/help.js";
import { fm, resetHome } from "../cli/cli-harness.js";
import { removeTempDirs } from "../loop/helpers.js";

afterEach(async () => {
  await removeTempDirs();
  resetHome();
});

describe("foreman demo: arguments", () => {
  it("runs on the stand-in by default; --keep DIR and --local are its options and no other command's", () => {
    expect(parseCli(["demo"], "/w")).toEqual({ kind: "demo", json: false, local: false });
    expect(parseCli(["demo", "--keep", "out", "--json"], "/w")).toEqual({ kind: "demo", json: true, local: false, keep: "out" });
    expect(parseCli(["demo", "--local"], "/w")).toEqual({ kind: "demo", json: false, local: true });
    expect(() => parseCli(["demo", "--local", "--keep", "out"], "/w")).toThrow(UsageError);
    expect(() => parseCli(["demo", "--keep", ""], "/w")).toThrow(/--keep needs a directory/);
    expect(() => parseCli(["run", "--task", "t.md", "--keep", "out"], "/w")).toThrow(/--keep does not apply to "foreman run"/);
    expect(() => parseCli(["list", "--local"], "/w")).toThrow(/--local does not apply to "foreman list"/);
    expect(USAGE).toContain("foreman demo [--keep DIR] [--local] [--json]");
    expect(commandHelp("demo")).toMatch(/--keep DIR .*\n.*--local/);
  });

  it("--local still plays the loop-only demo on a copy of the example and exits 0", async () => {
    const r = await fm(["demo", "--local", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: "ended", reason: "succeeded", attempts: 2 });
  });
});
