/**
 * The Action as a real process with the production adapters (test/action/fixtures/real-action.ts),
 * GitHub a stateful fake repository on 127.0.0.1 whose every request passes the contract checker:
 * - SIGINT mid-attempt (GitHub's cancellation): the agent is stopped, its work in progress pushed
 *   to the attempt's ref, the attempt recorded `interrupted` in the session comment, and the
 *   process exits before the kill; a `run` on a fresh clone resumes from that tree at attempt 2;
 * - isolation: a gate that tries to read the github token, the App's private key and the state
 *   key (its environment, `/proc/<ppid>/environ` and up, every file it can read) finds none.
 */
import { spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile } from "node:fs/promises";
import type { Server } from "node:http";
import path from "node:path";
import { stringify } from "yaml";
import { afterEach, describe, expect, it } from "vitest";
import { git, killPids, PROJECT_ROOT, rawConfig, removeTempDirs, tempDir, waitFor } from "../loop/helpers.js";
import { checkRequest } from "../support/github/contract.js";
import { FakeRepo, serveOnLoopback } from "../support/github/fake-repo.js";
import { actionEnv, ISSUE, makeCheckout, OWNER, REPO, STATE_KEY } from "./harness.js";
import { nodeArgs } from "../support/entry-points.js";

const servers: Server[] = [];
const strays: number[] = [];
afterEach(async () => {
  killPids(strays.splice(0));
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
  await removeTempDirs();
});

async function fakeGitHub(config: string): Promise<{ fake: FakeRepo; url: string; violations: string[] }> {
  const fake = new FakeRepo(OWNER, REPO);
  fake.addIssue({ number: ISSUE });
  fake.files.set(".github/foreman.yml", config);
  const { url, server, violations } = await serveOnLoopback(fake, checkRequest);
  servers.push(server);
  return { fake, url, violations };
}

interface Ended {
  code: number | null;
  ms: number;
  result: { outputs: Record<string, string>; failures: string[]; warnings: string[]; summaries: string[] };
  out: string;
}

function startAction(env: Record<string, string | undefined>): { done: Promise<Ended>; kill: (s: NodeJS.Signals) => void } {
  const started = Date.now();
  const child = spawn(process.execPath, nodeArgs("action"), {
    cwd: PROJECT_ROOT,
    env: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  return {
    done: new Promise((resolve) =>
      child.on("exit", (code) => {
        const last = out.trim().split("\n").at(-1) ?? "{}";
        let result: Ended["result"] = { outputs: {}, failures: [`no result line: ${out.slice(-2000)}`], warnings: [], summaries: [] };
        try {
          result = JSON.parse(last) as Ended["result"];
        } catch {
          /* keep the failure above */
        }
        resolve({ code, ms: Date.now() - started, result, out });
      }),
    ),
    kill: (s) => child.kill(s),
  };
}

describe("foreman action as a process (real adapters)", () => {
  it("SIGINT mid-attempt: work pushed, interrupted recorded, exit before the kill; a run on a fresh clone resumes at attempt 2", async () => {
    const work = await tempDir("action-sigint");
    await chmod(work, 0o777);
    const marker = path.join(work, "agent-started");
    const c = await makeCheckout({
      "1": [{ write: { path: "partial.txt", content: "half done\n" } }, { write: { path: marker, content: "{{pid}}" } }, { sleep: 60_000 }],
      "*": [{ write: { path: "value.txt", content: "good\n" } }, { result: { costUsd: 0.2 } }],
    });
    const { fake, url, violations } = await fakeGitHub(await readFile(path.join(c.checkout, ".github", "foreman.yml"), "utf8"));
    const env = { ...actionEnv(c, { issue: String(ISSUE), reason: "label" }), GITHUB_API_URL: url };

    const first = startAction(env);
    expect(await waitFor(() => existsSync(marker), 60_000)).toBe(true);
    strays.push(Number(await readFile(marker, "utf8")));
    const signalledAt = Date.now();
    first.kill("SIGINT");
    const r1 = await first.done;
    expect(Date.now() - signalledAt).toBeLessThan(7_500);
    expect(r1.code).toBe(1);
    expect(r1.result.outputs).toMatchObject({ status: "interrupted", attempts: "1" });
    const interrupted = fake.sessionState(ISSUE);
    expect(interrupted?.status).toBe("interrupted");
    expect(interrupted?.attempts.map((a) => [a.n, a.outcome])).toEqual([[1, "interrupted"]]);
    expect((await git(c.origin, "show", "refs/foreman/issue-42/attempt-1:partial.txt")).trim()).toBe("half done");

    const fresh = path.join(work, "fresh-checkout");
    await git(work, "clone", "-q", c.origin, fresh);
    await mkdir(path.join(work, "fresh-temp"));
    const r2 = await startAction({ ...env, GITHUB_WORKSPACE: fresh, RUNNER_TEMP: path.join(work, "fresh-temp") }).done;
    expect(r2.result.failures).toEqual([]);
    expect(r2.result.outputs).toMatchObject({ status: "ended", reason: "succeeded", attempts: "2" });
    expect(fake.sessionState(ISSUE)?.attempts.map((a) => [a.n, a.outcome])).toEqual([
      [1, "interrupted"],
      [2, "passed"],
    ]);
    expect((await git(c.origin, "show", "foreman/issue-42:partial.txt")).trim()).toBe("half done");
    expect(violations).toEqual([]);
  }, 120_000);

  it("a gate can read neither the github token, the App's private key nor the state key (environment, /proc/<ppid>/environ, files)", async () => {
    const work = await tempDir("action-spy");
    await chmod(work, 0o777);
    const report = path.join(work, "spy-report.json");
    const c = await makeCheckout({ "*": [{ write: { path: "value.txt", content: "good\n" } }, { result: { costUsd: 0.1 } }] });
    const spy = path.join(PROJECT_ROOT, "test", "fixtures", "spy-gate.mjs");
    const config = rawConfig({ script: path.join(path.dirname(c.checkout), "script.json") });
    config["gates"] = [{ name: "spy", run: ["node", spy, report, c.checkout, c.runnerTemp, path.dirname(c.checkout)] }];
    const { fake, url, violations } = await fakeGitHub(stringify(config));
    fake.writer = { login: "foreman[bot]", type: "Bot" };
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const appKey = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    const token = "ghs_testInstallationToken0123456789";
    const env = {
      ...actionEnv(c, { issue: String(ISSUE), "app-id": "12345", "app-private-key": appKey }),
      GITHUB_API_URL: url,
      "INPUT_STATE-KEY": STATE_KEY,
    };

    const r = await startAction(env).done;
    expect(r.result.failures).toEqual([]);
    expect(r.result.outputs).toMatchObject({ status: "ended", reason: "succeeded" });
    // Isolation was possible here (root: setpriv), so no warning says otherwise.
    expect(r.result.warnings.join("\n")).not.toContain("ran as the runner's own user");
    const seen = await readFile(report, "utf8");
    const parsed = JSON.parse(seen) as { uid: number; procs: Record<string, string>; files: Record<string, string> };
    expect(parsed.uid).not.toBe(process.getuid?.());
    expect(Object.keys(parsed.procs).length).toBeGreaterThan(0);
    expect(Object.values(parsed.procs).every((p) => p.startsWith("unreadable"))).toBe(true);
    expect(Object.keys(parsed.files).length).toBeGreaterThan(0);
    const keyBody = appKey.split("\n")[1] ?? appKey;
    for (const secret of [
      token,
      STATE_KEY,
      keyBody,
      "ghs_installationTokenFromApp0123456789",
      Buffer.from(`x-access-token:${token}`).toString("base64"),
    ]) {
      expect(seen.includes(secret), `the gate read ${secret.slice(0, 12)}…`).toBe(false);
    }
    expect(violations).toEqual([]);
  }, 120_000);
});
