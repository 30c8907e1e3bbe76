/**
 * Misconfiguration is not charged: an agent command that cannot be started, or a configured gate
 * off the allowlist, is refused (exit 2, saying the fix) before a session is created or any
 * cost counted. Through `main(io)` in-process.
 */
import { existsSync } from "node:fs";
import { chmod, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { makeRepo, PROJECT_ROOT, rawConfig, removeTempDirs, tempDir, writeScript } from "../loop/helpers.js";

afterEach(removeTempDirs);

async function setup(change: (config: Record<string, unknown>) => Record<string, unknown> = (c) => c) {
  const repo = await makeRepo();
  const out = await tempDir("mis");
  const task = path.join(out, "task.md");
  await writeFile(task, "# Make value good\n\nThe file `value.txt` must say good.\n");
  const configFile = path.join(out, "foreman.json");
  await writeFile(configFile, JSON.stringify(change(rawConfig({ script: await writeScript(out, { "*": [] }) }))));
  return { repo, out, task, configFile, home: await tempDir("home") };
}

async function foreman(args: string[], env: Record<string, string>) {
  let stdout = "";
  let stderr = "";
  const code = await main({
    argv: args,
    cwd: PROJECT_ROOT,
    env,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    signal: new AbortController().signal,
    now: () => Date.now(),
  });
  return { code, stdout, stderr };
}

function foremanDirExists(repo: string): boolean {
  return existsSync(path.join(repo, ".git", "foreman", "sessions"));
}

describe("misconfiguration is refused before a session exists", () => {
  it("--agent claude without a claude binary: exit 2, command not found, no session, no spend", async () => {
    const s = await setup();
    // A PATH with the tools git needs but no `claude`.
    const bin = await tempDir("bin");
    const r = await foreman(["run", "--repo", s.repo, "--task", s.task, "--config", s.configFile, "--agent", "claude"], {
      PATH: `${bin}:/usr/bin:/bin`,
      HOME: s.home,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("command not found: claude (install it, or choose another agent with --agent)");
    expect(foremanDirExists(s.repo)).toBe(false);
  });

  it("a relative --agent-command is refused with the fix: use an absolute path", async () => {
    const s = await setup();
    const r = await foreman(["run", "--repo", s.repo, "--task", s.task, "--config", s.configFile, "--agent-command", "./agent.sh"], {
      PATH: process.env["PATH"] ?? "/usr/bin:/bin",
      HOME: s.home,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"\.\/agent\.sh" is a relative path: use an absolute path/);
    expect(foremanDirExists(s.repo)).toBe(false);
  });

  it("a non-executable --agent-command is refused", async () => {
    const s = await setup();
    const script = path.join(s.out, "agent.sh");
    await writeFile(script, "#!/bin/sh\nexit 0\n");
    await chmod(script, 0o644);
    const r = await foreman(["run", "--repo", s.repo, "--task", s.task, "--config", s.configFile, "--agent-command", script], {
      PATH: process.env["PATH"] ?? "/usr/bin:/bin",
      HOME: s.home,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${script} is not executable`);
    expect(foremanDirExists(s.repo)).toBe(false);
  });

  it("a configured gate missing from gate_allowlist is refused before the agent runs", async () => {
    const s = await setup((c) => ({ ...c, gates: [{ name: "lint", run: ["eslint", "."] }] }));
    const r = await foreman(["run", "--repo", s.repo, "--task", s.task, "--config", s.configFile], {
      PATH: process.env["PATH"] ?? "/usr/bin:/bin",
      HOME: s.home,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/eslint/);
    expect(r.stderr).toMatch(/gate_allowlist/);
    expect(foremanDirExists(s.repo)).toBe(false);
  });
});
