/**
 * `npm run test:agents`: each pinned agent CLI through a whole Foreman loop against the
 * scripted model server, then through each error path. CLIs are chosen with `FOREMAN_AGENTS`
 * (default all); one that is not installed (see install-clis.ts) or has no preset yet is
 * skipped with the reason in its name.
 */
import { afterEach, describe, expect, it } from "vitest";
import { removeTempDirs } from "../loop/helpers.js";
import { startModelServer, type LogEntry, type ModelServer, type Script } from "../support/model-server/server.js";
import { isInstalled, selectedClis, type PinnedCli } from "./cli-cache.js";
import { hasPreset, runForeman, type ForemanRun } from "./run-foreman.js";
import { providerSetup } from "./providers.js";

/**
 * Attempt 1 writes the wrong value; attempt 2 writes the right one and runs the gate itself.
 * Each edit reads the file first (Claude Code refuses to overwrite a file it has not read).
 */
const FIX_AT_ATTEMPT_2: Script = {
  conversations: [
    [
      { read: { path: "value.txt" }, usage: { input: 800, output: 20 } },
      { write: { path: "value.txt", content: "bad\n", replaces: "start\n" }, usage: { input: 1000, output: 100 } },
      { final: "I changed value.txt.", usage: { input: 1200, output: 50 } },
    ],
    [
      { read: { path: "value.txt" }, usage: { input: 1800, output: 30 } },
      // Attempt 2 goes on from attempt 1's tree.
      { write: { path: "value.txt", content: "good\n", replaces: "bad\n" }, usage: { input: 2000, output: 200 } },
      { run: "node check.mjs", usage: { input: 2400, output: 40 } },
      { final: "value.txt now says good and the check passes.", usage: { input: 2600, output: 60 } },
    ],
  ],
};

const ANY_EDIT: Script = {
  conversations: [
    [
      { read: { path: "value.txt" }, usage: { input: 10, output: 1 } },
      { write: { path: "value.txt", content: "good\n", replaces: "start\n" }, usage: { input: 10, output: 1 } },
      { final: "done", usage: { input: 10, output: 1 } },
    ],
  ],
};

/** A known-defect case stops here: long enough for the fixed preset, short of the defect. */
const KNOWN_DEFECT_TIMEOUT_MS = 90_000;

/**
 * Defects of a preset against its real CLI, seen here and left to fix in `src/agents`: each
 * listed case runs as `it.fails` with the defect in its name, so it turns red (and must move
 * off this list) the day the preset is fixed.
 */
type CaseName = "loop" | "401" | "429" | "500" | "529" | "stall";
const KNOWN_DEFECTS: Partial<Record<PinnedCli["preset"], Partial<Record<CaseName, string>>>> = {};

/** `it`, or `it.fails` naming the defect when the case is a known defect of this preset. */
function caseIt(cli: PinnedCli, name: CaseName, title: string, fn: () => Promise<void>): void {
  const defect = KNOWN_DEFECTS[cli.preset]?.[name];
  if (defect === undefined) it(title, fn);
  else it.fails(`${title} — known defect: ${defect}`, fn, KNOWN_DEFECT_TIMEOUT_MS);
}

let server: ModelServer | undefined;
let foreman: AbortController | undefined;
afterEach(async () => {
  // A case that timed out leaves its run going: stop it before the server goes away.
  foreman?.abort();
  foreman = undefined;
  await server?.close();
  server = undefined;
  await removeTempDirs();
});

function startRun(...args: Parameters<typeof runForeman>): ReturnType<typeof runForeman> {
  foreman = new AbortController();
  return runForeman(args[0], args[1], args[2], args[3] ?? {}, foreman.signal, args[5] ?? {});
}

function skipReason(cli: PinnedCli): string | undefined {
  if (!isInstalled(cli)) return `not installed (run: FOREMAN_AGENTS=${cli.preset} node --import tsx test/agents-conformance/install-clis.ts)`;
  if (!hasPreset(cli)) return `Foreman has no "${cli.preset}" preset yet`;
  return undefined;
}

/** Dumps the server's log on failure, so a CLI that called something unexpected shows what. */
function explain(run: ForemanRun, s: ModelServer): string {
  const requests = s.log.map(
    (e) =>
      `${e.method} ${e.path} ${e.kind} conv=${e.conversation ?? "-"} turn=${e.turnIndex ?? "-"} tools=${(e.tools ?? []).join(",")} reply=${JSON.stringify(e.reply)}`,
  );
  return `summary ${JSON.stringify(run.summary)}\nattempts ${JSON.stringify(run.attempts, null, 1)}\nstderr ${run.stderr.slice(-3000)}\nrequests:\n${requests.join("\n")}`;
}

/** Whether a later request of the same conversation carries the passing gate's output as a tool result. */
function gateOutputReturned(s: ModelServer, call: LogEntry): boolean {
  return s.log.some(
    (e) => e.conversation === call.conversation && (e.turnIndex ?? -1) > (call.turnIndex ?? 0) && JSON.stringify(e.body).includes("GATE-OK"),
  );
}

function costOf(usage: { input: number; output: number }, price: { input: number; output: number }): number {
  return (usage.input * price.input + usage.output * price.output) / 1e6;
}

for (const cli of selectedClis()) {
  const reason = skipReason(cli);
  describe.skipIf(reason !== undefined)(`${cli.preset} ${cli.package}@${cli.version}${reason ? ` — skipped: ${reason}` : ""}`, () => {
    caseIt(cli, "loop", "fixes the task at attempt 2, running the gate itself, with cost and tokens read exactly as served", async () => {
      server = await startModelServer(FIX_AT_ATTEMPT_2);
      const run = await startRun(cli, server.url, { attempts: 3, minutes: 5 });
      const why = explain(run, server);
      expect(run.summary.reason, why).toBe("succeeded");
      expect(run.exitCode).toBe(0);
      expect(run.summary.attempts, why).toBe(2);
      expect(run.attempts.map((a) => a.outcome)).toEqual(["gates_failed", "passed"]);
      expect(server.conversationsSeen()).toBe(2);
      // The agent ran the gate itself at attempt 2: the server asked for it once, and the CLI
      // sent back the gate's own output ("GATE-OK"), not a permission denial.
      const setup = providerSetup(cli, server.url);
      const gateCall = setup.gateWrapper === true ? /\/agent-home\/gates\/check"/ : /node check\.mjs/;
      const ranGate = server.log.filter((e) => e.reply?.kind === "tool" && gateCall.test(JSON.stringify(e.reply.input)));
      expect(ranGate.length, why).toBe(1);
      expect(gateOutputReturned(server, ranGate[0]!), why).toBe(true);
      // Copilot's wrapper is allowed exactly: nothing refused.
      if (setup.gateWrapper === true) expect(run.attempts[1]?.["deniedTools"], why).toBeUndefined();

      const perConversation = [0, 1].map((c) => {
        const total = { input: 0, output: 0 };
        for (const e of server!.log) {
          if ((e.conversation === c || (e.kind === "side" && c === 0)) && e.reply && e.reply.kind !== "fault") {
            total.input += e.reply.usage.input;
            total.output += e.reply.usage.output;
          }
        }
        return total;
      });
      if (setup.reportsUsage === false) {
        // The CLI printed no usage: the cost is unknown, so Foreman counts the assumed cost (fail closed), and says so.
        for (const a of run.attempts) expect(a, why).toMatchObject({ costAssumed: true, costBasis: "assumed", costUsd: 0.5 });
        expect(run.attempts.every((a) => a.tokens === undefined)).toBe(true);
        return;
      }
      const served = server.usageServed();
      const tokens = run.attempts.reduce((n, a) => n + (a.tokens ?? 0), 0);
      expect(tokens, why).toBe(served.input + served.output);
      expect(
        run.attempts.every((a) => a.costAssumed !== true),
        why,
      ).toBe(true);
      const price = setup.price;
      if (price !== undefined) {
        expect(run.summary.costUsd).toBeCloseTo(costOf(served, price), 9);
        expect(run.attempts[1]?.costUsd).toBeCloseTo(costOf(perConversation[1]!, price), 9);
      }
    });

    caseIt(cli, "401", "401: one attempt, recorded as a permanent agent error, no cost invented, within 60 s", async () => {
      server = await startModelServer(ANY_EDIT);
      server.setFault({ kind: "401" });
      const run = await startRun(cli, server.url, { attempts: 3, minutes: 3 });
      const why = explain(run, server);
      expect(run.summary.reason, why).toBe("agent_error");
      expect(run.attempts).toHaveLength(1);
      expect(run.attempts[0]).toMatchObject({ outcome: "agent_error", transient: false });
      // No response was billed: the CLI's output proves it (issue 12, "cost is never invented").
      expect(run.attempts[0]?.costUsd, why).toBe(0);
      expect(run.elapsedMs).toBeLessThan(60_000);
    });

    for (const kind of ["429", "500", "529"] as const) {
      caseIt(cli, kind, `${kind} on every request: transient, retried with a pause, nothing billed`, async () => {
        server = await startModelServer(ANY_EDIT);
        server.setFault({ kind, retryAfterSeconds: 1 });
        const run = await startRun(cli, server.url, { attempts: 2, minutes: 3 });
        const why = explain(run, server);
        expect(run.summary.reason, why).not.toBe("succeeded");
        expect(run.attempts.length, why).toBe(2);
        for (const a of run.attempts) expect(a, why).toMatchObject({ outcome: "agent_error", transient: true, costUsd: 0 });
        expect(run.summary.costUsd).toBe(0);
        // Foreman paused before attempt 2 (exponential backoff, jitter 0.5), and not after the last one.
        expect(run.attempts[0]?.backoffMs, why).toBeGreaterThanOrEqual(1_000);
        expect(run.attempts[1]?.backoffMs, why).toBeUndefined();
        const requestTimes = server.log.map((e) => e.at);
        expect(Math.max(...requestTimes) - Math.min(...requestTimes), why).toBeGreaterThanOrEqual(1_000);
        expect(run.elapsedMs).toBeLessThan(180_000);
      });
    }

    it.runIf(cli.preset === "codex")(
      "codex without Foreman's sandbox: its own sandbox failing (every command fails, exit 0) is a failed attempt that says so, never an empty diff",
      async () => {
        server = await startModelServer(FIX_AT_ATTEMPT_2);
        const run = await startRun(cli, server.url, { attempts: 1, minutes: 3 }, {}, undefined, { sandbox: "off" });
        const why = explain(run, server);
        expect(run.attempts, why).toHaveLength(1);
        const a = run.attempts[0]!;
        if (a.outcome === "passed" || a.outcome === "gates_failed") {
          // Codex's own sandbox worked on this machine: nothing to detect, the edit went through.
          expect(
            server.log.some((e) => e.reply?.kind === "tool"),
            why,
          ).toBe(true);
          return;
        }
        expect(a, why).toMatchObject({ outcome: "agent_error", transient: false });
        expect(a.error, why).toMatch(/codex's own sandbox could not run commands/);
        // What codex showed: its helper (codex-linux-sandbox) missing, or bubblewrap failing.
        expect(a.error, why).toMatch(/could not create PATH aliases|bwrap: /);
      },
    );

    caseIt(cli, "stall", "a stalled stream is stopped by agent.idle_timeout_minutes (3 s here) as transient, in seconds", async () => {
      server = await startModelServer(ANY_EDIT);
      server.setFault({ kind: "stall" });
      const run = await startRun(cli, server.url, { attempts: 1, minutes: 3 }, { idle_timeout_minutes: 0.05 });
      const why = explain(run, server);
      expect(run.attempts[0], why).toMatchObject({ outcome: "agent_error", transient: true });
      expect(run.elapsedMs, why).toBeLessThan(45_000);
    });
  });
}
