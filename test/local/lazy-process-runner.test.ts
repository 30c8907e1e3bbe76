import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../src/core/errors.js";
import { LazyProcessRunner, loadProcessRunner } from "../../src/local/lazy-process-runner.js";
import type { ProcessSpec } from "../../src/loop/ports.js";

const spec = (script: string): ProcessSpec => ({
  argv: [process.execPath, "-e", script],
  cwd: tmpdir(),
  env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin" },
  timeoutMs: 10_000,
});

describe("LazyProcessRunner", () => {
  it("runs commands as the ExecaProcessRunner it loads", async () => {
    const runner = new LazyProcessRunner();
    const result = await runner.run(spec("process.stdout.write('out'); process.stderr.write('err'); process.exit(3)"));
    expect(result).toMatchObject({ exitCode: 3, stdout: "out", stderr: "err", timedOut: false });
    expect(await runner.stopOrphan("not-a-handle")).toBe(false);
  });

  it("says whether it sandboxes before its module is loaded", () => {
    expect(new LazyProcessRunner().sandboxed).toBe(false);
    expect(new LazyProcessRunner({ sandbox: { bwrap: "/usr/bin/bwrap", writable: [tmpdir()] } }).sandboxed).toBe(true);
  });

  it("loads the module once", async () => {
    expect(loadProcessRunner()).toBe(loadProcessRunner());
    expect(typeof (await loadProcessRunner()).ExecaProcessRunner).toBe("function");
  });

  it("reports invalid options where it is used", async () => {
    const runner = new LazyProcessRunner({ maxOutputBytes: -1 });
    await expect(runner.run(spec(""))).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
