/**
 * A run killed (SIGKILL) right after the publisher moved the branch, before the state save and
 * the terminal report: the next `resume` finishes the job. The kill comes from a `git` wrapper
 * put first on the child's PATH: it runs the real git, then kills its parent (the Foreman
 * process) when the command was the publisher's `update-ref` — exactly after `publish` did its
 * work and before Foreman could record it.
 */
import { spawn } from "node:child_process";
import { chmod, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import type { LedgerEntry } from "../../src/loop/ports.js";
import { branchSha, makeRepo, PROJECT_ROOT, rawConfig, removeTempDirs, SECRETS, tempDir, writeScript } from "../loop/helpers.js";
import { nodeArgs } from "../support/entry-points.js";

afterEach(removeTempDirs);

const REAL_GIT = "/usr/bin/git";

/**
 * A directory holding `git`: the real one, plus a SIGKILL of its caller at the end of `publish`.
 * The publisher stages the commit onto the branch (`update-ref -m "foreman: stage …"`); its
 * `publish` then checks that commit and reads the branch tip one last time before it returns:
 * that read is the wrapper's cue. The kill lands before git's exit is seen, so Foreman dies
 * with the branch published and nothing of it recorded.
 */
async function killingGit(): Promise<string> {
  const bin = await tempDir("bin");
  const staged = path.join(bin, "staged");
  const script = `#!/bin/sh
${REAL_GIT} "$@"
rc=$?
case "$*" in
  *"update-ref -m foreman: stage"*) : > "${staged}" ;;
  *"rev-parse --verify --quiet refs/heads/foreman/"*) [ -e "${staged}" ] && kill -9 $PPID ;;
esac
exit $rc
`;
  await writeFile(path.join(bin, "git"), script);
  await chmod(path.join(bin, "git"), 0o755);
  return bin;
}

async function setup() {
  const repo = await makeRepo();
  const out = await tempDir("out");
  const home = await tempDir("home");
  const task = path.join(out, "task.md");
  await writeFile(task, "# Make value good\n\nThe file `value.txt` must say good.\n");
  const script = await writeScript(out, { "*": [{ write: { path: "value.txt", content: "good\n" } }] });
  const configFile = path.join(out, "foreman.json");
  await writeFile(configFile, JSON.stringify(rawConfig({ script })));
  const env = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: home, LANG: "C.UTF-8", USER: "tester", ...SECRETS };
  return { repo, task, configFile, home, env };
}

function runChild(args: string[], env: Record<string, string>): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, [...nodeArgs("cli"), ...args], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  return new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stderr })));
}

async function inProcess(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
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

function sessionDir(repo: string, id: string): string {
  return path.join(repo, ".git", "foreman", "sessions", id);
}

async function ledger(repo: string, id: string): Promise<LedgerEntry[]> {
  const text = await readFile(path.join(sessionDir(repo, id), "ledger.jsonl"), "utf8");
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as LedgerEntry);
}

/** Every file or directory under the user's cache that belongs to this session's workspace. */
async function workspaceLeft(home: string, id: string): Promise<string[]> {
  const root = path.join(home, ".cache", "foreman");
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (name === id) found.push(path.join(dir, name));
      else if (depth < 4) await walk(path.join(dir, name), depth + 1);
    }
  };
  await walk(root, 0);
  return found;
}

describe("a run killed right after publishing", () => {
  it("is finished by the next resume: succeeded, one report, session_ended once, no workspace, no lock files", async () => {
    const s = await setup();
    const bin = await killingGit();
    const first = await runChild(["run", "--repo", s.repo, "--task", s.task, "--config", s.configFile, "--session", "pub", "--json"], {
      ...s.env,
      PATH: `${bin}:${s.env.PATH}`,
    });
    expect(first.signal).toBe("SIGKILL");
    const published = await branchSha(s.repo, "foreman/pub");
    expect(published).not.toBeNull();
    // Killed before the state recorded the publication and before the report.
    expect((await ledger(s.repo, "pub")).filter((e) => e.type === "session_ended")).toEqual([]);

    const resumed = await inProcess(["resume", "pub", "--repo", s.repo, "--json"], s.env);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ sessionId: "pub", status: "ended", reason: "succeeded", branch: "foreman/pub" });
    // The same commit: nothing was published a second time.
    expect(await branchSha(s.repo, "foreman/pub")).toBe(published);
    const ended = (await ledger(s.repo, "pub")).filter((e) => e.type === "session_ended");
    expect(ended).toEqual([expect.objectContaining({ reason: "succeeded" })]);
    expect(await workspaceLeft(s.home, "pub")).toEqual([]);
    const files = await readdir(sessionDir(s.repo, "pub"));
    expect(files.filter((f) => f.includes("lock") || f.endsWith(".tmp") || f.includes("takeover"))).toEqual([]);

    // A second resume has nothing left to do: no second report, no second session_ended.
    await inProcess(["resume", "pub", "--repo", s.repo, "--json"], s.env);
    expect((await ledger(s.repo, "pub")).filter((e) => e.type === "session_ended")).toHaveLength(1);
  }, 60_000);
});
