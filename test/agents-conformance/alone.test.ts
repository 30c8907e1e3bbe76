/**
 * `npm run test:agents`, first step: each pinned CLI alone (no Foreman) against the scripted
 * model server, on one conversation that reads value.txt, writes `good`, runs the gate and
 * answers. When this passes and the whole-loop case fails, the preset is at fault, not the
 * server. For Gemini CLI and Copilot CLI it is the only proof until their presets exist.
 */
import { afterEach, describe, expect, it } from "vitest";
import { removeTempDirs } from "../loop/helpers.js";
import { startModelServer, type ModelServer, type Script } from "../support/model-server/server.js";
import { isInstalled, selectedClis } from "./cli-cache.js";
import { runAlone, type AloneRun } from "./drive-cli.js";

const FIX: Script = {
  conversations: [
    [
      { read: { path: "value.txt" }, usage: { input: 500, output: 5 } },
      { write: { path: "value.txt", content: "good\n" }, usage: { input: 600, output: 60 } },
      { run: "node check.mjs", usage: { input: 700, output: 7 } },
      { final: "value.txt says good; the check passes.", usage: { input: 800, output: 80 } },
    ],
  ],
};

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  await removeTempDirs();
});

function explain(run: AloneRun, s: ModelServer): string {
  const requests = s.log.map(
    (e) =>
      `${e.at - run.startedAt}ms ${e.method} ${e.path} ${e.kind} turn=${e.turnIndex ?? "-"} tools=${(e.tools ?? []).join(",")} reply=${JSON.stringify(e.reply)}`,
  );
  return `exit ${run.exitCode}\nstdout ${run.stdout.slice(-2000)}\nstderr ${run.stderr.slice(-2000)}\nrequests:\n${requests.join("\n")}`;
}

for (const cli of selectedClis()) {
  const installed = isInstalled(cli);
  describe.skipIf(!installed)(`${cli.preset} ${cli.package}@${cli.version} alone${installed ? "" : " — skipped: not installed"}`, () => {
    it("reads, writes, runs the gate and answers, every call answered by the scripted server", async () => {
      server = await startModelServer(FIX);
      const run = await runAlone(cli, server.url, 150_000);
      const why = explain(run, server);
      expect(run.value, why).toBe("good\n");
      const turns = server.log.filter((e) => e.kind === "agent" && e.reply?.kind !== "fault").map((e) => e.turnIndex);
      expect(turns, why).toEqual(expect.arrayContaining([0, 1, 2, 3]));
      // The gate ran: its output came back to the model as a tool result.
      expect(
        server.log.some((e) => (e.turnIndex ?? 0) >= 3 && JSON.stringify(e.body).includes("GATE-OK")),
        why,
      ).toBe(true);
      expect(run.exitCode, why).toBe(0);
    });
  });
}
