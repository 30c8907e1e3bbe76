/** `ProcessSpec.idleTimeoutMs`: a child that stops printing is stopped as stalled; any output restarts the count. */
import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../src/core/errors.js";
import { ExecaProcessRunner } from "../../src/local/process-runner.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(await realpath(tmpdir()), "foreman-idle-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const env = { PATH: process.env["PATH"] ?? "/usr/bin:/bin" };
const runner = () => new ExecaProcessRunner({ killGraceMs: 200 });

describe("ExecaProcessRunner: idle limit", () => {
  it("stops a child silent for idleTimeoutMs: idle, not timedOut, what it said kept", async () => {
    const started = Date.now();
    const r = await runner().run({
      argv: [process.execPath, "-e", `process.stdout.write("hello\\n"); setTimeout(() => {}, 30000);`],
      cwd: dir,
      env,
      timeoutMs: 20_000,
      idleTimeoutMs: 400,
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.idle).toBe(true);
    expect(r.timedOut).toBe(false);
    expect(r.aborted).toBe(false);
    expect(r.exitCode).toBeNull();
    expect(r.stdout).toBe("hello\n");
  });

  it("lets a child that keeps printing run past idleTimeoutMs", async () => {
    const script = `let i = 0; const t = setInterval(() => { process.stderr.write("tick " + i + "\\n"); if (++i === 8) { clearInterval(t); } }, 100);`;
    const r = await runner().run({ argv: [process.execPath, "-e", script], cwd: dir, env, timeoutMs: 20_000, idleTimeoutMs: 500 });
    expect(r.idle).toBeUndefined();
    expect(r.exitCode).toBe(0);
    expect(r.durationMs).toBeGreaterThanOrEqual(700);
    expect(r.stderr).toContain("tick 7");
  });

  it("the overall timeout still wins when it comes first", async () => {
    const r = await runner().run({
      argv: [process.execPath, "-e", `setInterval(() => process.stdout.write("."), 50);`],
      cwd: dir,
      env,
      timeoutMs: 600,
      idleTimeoutMs: 5_000,
    });
    expect(r.timedOut).toBe(true);
    expect(r.idle).toBeUndefined();
  });

  it("refuses an idle limit that is not a positive number", async () => {
    for (const idleTimeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(runner().run({ argv: ["true"], cwd: dir, env, timeoutMs: 1_000, idleTimeoutMs })).rejects.toBeInstanceOf(InvalidArgumentError);
    }
  });
});
