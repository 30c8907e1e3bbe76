/** `ProcessSpec.onOutput`: each chunk of a child's output as it arrives, for progress. */
import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ExecaProcessRunner } from "../../src/local/process-runner.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(await realpath(tmpdir()), "foreman-out-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const env = { PATH: process.env["PATH"] ?? "/usr/bin:/bin" };

describe("ExecaProcessRunner: onOutput", () => {
  it("streams stdout and stderr while the child runs, before it exits; the result keeps the record", async () => {
    const seen: Array<[string, string]> = [];
    let exitedWhenFirstSeen: boolean | undefined;
    let exited = false;
    const script = `process.stdout.write("first\\n"); setTimeout(() => { process.stderr.write("second\\n"); process.stdout.write("third\\n"); }, 300);`;
    const result = await new ExecaProcessRunner()
      .run({
        argv: [process.execPath, "-e", script],
        cwd: dir,
        env,
        timeoutMs: 10_000,
        onOutput: (stream, text) => {
          exitedWhenFirstSeen ??= exited;
          seen.push([stream, text]);
        },
      })
      .finally(() => (exited = true));
    expect(exitedWhenFirstSeen).toBe(false);
    expect(
      seen
        .filter(([s]) => s === "stdout")
        .map(([, t]) => t)
        .join(""),
    ).toBe("first\nthird\n");
    expect(
      seen
        .filter(([s]) => s === "stderr")
        .map(([, t]) => t)
        .join(""),
    ).toBe("second\n");
    expect(seen[0]).toEqual(["stdout", "first\n"]);
    expect(result).toMatchObject({ exitCode: 0, stdout: "first\nthird\n", stderr: "second\n" });
  });

  it("a listener that throws disturbs neither the child nor its record", async () => {
    const result = await new ExecaProcessRunner().run({
      argv: [process.execPath, "-e", `console.log("hello")`],
      cwd: dir,
      env,
      timeoutMs: 10_000,
      onOutput: () => {
        throw new Error("listener broke");
      },
    });
    expect(result).toMatchObject({ exitCode: 0, stdout: "hello\n" });
  });
});
