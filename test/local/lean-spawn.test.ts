import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { spawnCollect } from "../../src/local/lean-spawn.js";

const node = (script: string, opts: Partial<Parameters<typeof spawnCollect>[2]> = {}) =>
  spawnCollect(process.execPath, ["-e", script], { cwd: tmpdir(), env: {}, ...opts });

describe("spawnCollect", () => {
  it("collects stdout and stderr as text, with the exit code", async () => {
    const r = await node("process.stdout.write('out é\\n'); process.stderr.write('err'); process.exit(4)");
    expect(r).toEqual({ stdout: "out é\n", stderr: "err", exitCode: 4, signal: null, overflow: null, timedOut: false, error: null });
  });

  it("gives the child exactly the environment passed", async () => {
    const r = await node("process.stdout.write(JSON.stringify(process.env))", { env: { ONLY_THIS: "1" } });
    expect(JSON.parse(r.stdout)).toEqual({ ONLY_THIS: "1" });
  });

  it("feeds input and closes standard input; without input the child reads nothing", async () => {
    const echo = "process.stdin.pipe(process.stdout)";
    expect((await node(echo, { input: "hello" })).stdout).toBe("hello");
    expect((await node(echo)).stdout).toBe("");
  });

  it("judges a child that ignores its input by its exit code (no EPIPE failure)", async () => {
    const r = await node("process.exit(0)", { input: "x".repeat(1 << 20) });
    expect(r.exitCode).toBe(0);
    expect(r.error).toBeNull();
  });

  it("stops the child when stdout passes its limit, and keeps exactly the limit", async () => {
    const r = await node("setInterval(() => process.stdout.write('x'.repeat(1000)), 1)", { maxStdout: 2500 });
    expect(r.overflow).toBe("stdout");
    expect(r.stdout).toBe("x".repeat(2500));
    expect(r.signal).toBe("SIGTERM");
  });

  it("stops the child when stderr passes its limit", async () => {
    const r = await node("setInterval(() => process.stderr.write('y'.repeat(1000)), 1)", { maxStderr: 10 });
    expect(r.overflow).toBe("stderr");
    expect(r.stderr).toBe("y".repeat(10));
  });

  it("stops the child after timeoutMs", async () => {
    const r = await node("setTimeout(() => {}, 60000)", { timeoutMs: 100 });
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBeNull();
    expect(r.signal).toBe("SIGTERM");
  });

  it("reports a program that cannot start, without throwing", async () => {
    const r = await spawnCollect("/nonexistent/program", [], { cwd: tmpdir(), env: {} });
    expect(r.exitCode).toBeNull();
    expect(r.error).toBeInstanceOf(Error);
  });
});
