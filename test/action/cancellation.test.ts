/**
 * Cancellation of a real Action process: SIGINT mid-attempt stops the agent, records the attempt
 * `interrupted` and exits well before GitHub's kill (SIGINT, SIGTERM 7.5 s later, kill 2.5 s
 * after); a `run` on a fresh clone then resumes the session at the next attempt number.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FileStateStore } from "../../src/local/file-state-store.js";
import { git, killPids, PROJECT_ROOT, removeTempDirs, waitFor } from "../loop/helpers.js";
import { actionEnv, issueJson, ISSUE, makeCheckout, OWNER, REPO } from "./harness.js";

const servers: Server[] = [];
const strays: number[] = [];
afterEach(async () => {
  killPids(strays.splice(0));
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
  await removeTempDirs();
});

/** GitHub on 127.0.0.1: answers the configuration and issue reads, counts requests. */
async function fakeApi(config: string): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (req.method === "GET" && req.url === `/repos/${OWNER}/${REPO}/issues/${ISSUE}`) {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(issueJson()));
    } else if (req.method === "GET" && req.url === `/repos/${OWNER}/${REPO}/contents/.github%2Fforeman.yml`) {
      res.writeHead(200, { "content-type": "application/vnd.github.raw; charset=utf-8" }).end(config);
    } else res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: "Not Found" }));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

function startAction(env: Record<string, string | undefined>): {
  done: Promise<{ code: number | null; out: string; ms: number }>;
  kill: (s: NodeJS.Signals) => void;
} {
  const started = Date.now();
  const child = spawn(process.execPath, ["--import", "tsx", path.join(PROJECT_ROOT, "test/action/fixtures/cancellable-action.ts")], {
    cwd: PROJECT_ROOT,
    env: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  return {
    done: new Promise((resolve) => child.on("exit", (code) => resolve({ code, out, ms: Date.now() - started }))),
    kill: (s) => child.kill(s),
  };
}

describe("foreman action: cancellation", () => {
  it("SIGINT mid-attempt: interrupted recorded, exit before the kill; a run on a fresh clone resumes at attempt 2", async () => {
    const work = path.dirname((await makeCheckout({})).checkout);
    const marker = path.join(work, "agent-started");
    const c = await makeCheckout({
      "1": [{ write: { path: "value.txt", content: "half done\n" } }, { write: { path: marker, content: "{{pid}}" } }, { sleep: 60_000 }],
      "*": [{ write: { path: "value.txt", content: "good\n" } }, { result: { costUsd: 0.2 } }],
    });
    const api = await fakeApi(await readFile(path.join(c.checkout, ".github", "foreman.yml"), "utf8"));
    const stateRoot = path.join(c.runnerTemp, "..", "github-state");
    const env = { ...actionEnv(c, { issue: String(ISSUE), reason: "label" }), GITHUB_API_URL: api.url, FOREMAN_TEST_STATE: stateRoot };

    const first = startAction(env);
    expect(await waitFor(() => existsSync(marker), 60_000)).toBe(true);
    strays.push(Number(await readFile(marker, "utf8")));
    const signalledAt = Date.now();
    first.kill("SIGINT");
    const r1 = await first.done;
    expect(Date.now() - signalledAt).toBeLessThan(7_500);
    expect(r1.code).toBe(1);
    const store = new FileStateStore({ root: stateRoot, now: () => Date.now() });
    const interrupted = await store.load(`issue-${ISSUE}`);
    expect(interrupted?.status).toBe("interrupted");
    expect(interrupted?.attempts.map((a) => [a.n, a.outcome])).toEqual([[1, "interrupted"]]);
    expect(JSON.parse(r1.out.trim().split("\n").at(-1) ?? "{}")).toMatchObject({ outputs: { status: "interrupted", attempts: "1" } });

    // A fresh runner: a new clone of origin, a new temp dir; the session lives on (in "GitHub").
    const fresh = path.join(work, "fresh-checkout");
    await git(work, "clone", "-q", c.origin, fresh);
    const r2 = await startAction({ ...env, GITHUB_WORKSPACE: fresh, RUNNER_TEMP: path.join(work, "fresh-temp") }).done;
    expect(JSON.parse(r2.out.trim().split("\n").at(-1) ?? "{}")).toMatchObject({
      outputs: { status: "ended", reason: "succeeded", attempts: "2" },
      failures: [],
    });
    const resumed = await store.load(`issue-${ISSUE}`);
    expect(resumed?.attempts.map((a) => [a.n, a.outcome])).toEqual([
      [1, "interrupted"],
      [2, "passed"],
    ]);
  }, 120_000);
});
