/**
 * `npm run bench`: the figures the issues ask for.
 * - the state codec: encoded size and encode+decode time for 100, 1,000 and 10,000 attempts;
 * - the loop: overhead per attempt against a plain shell loop running the same commands;
 * - real repositories: Foreman with no configuration against a shell loop that installs and
 *   tests on every attempt, with the setup time apart (`real-repos.ts`);
 * - the Action: cold start of the bundle to its first GitHub request, against `node -e 0`;
 * - the Action: GitHub calls per session, by endpoint;
 * - the App: handler CPU time (median, p99) and GitHub calls per event type;
 * - agent startup: `foreman run` start to the CLI's first model request, against the CLI alone;
 * - the whole product on the GitHub stand-in: calls per session by endpoint, demo wall time,
 *   sessions per minute under GitHub's secondary limit (`lifecycle.ts`).
 */
import { benchActionCalls } from "./action-calls.js";
import { benchActionColdStart } from "./action-cold-start.js";
import { benchAgentStartup } from "./agent-startup.js";
import { benchAppHandlersAsDeployed } from "./app-handlers.js";
import { benchCodec } from "./codec.js";
import { benchLifecycle } from "./lifecycle.js";
import { benchLoop } from "./loop.js";
import { benchRealRepos } from "./real-repos.js";

const sections: Record<string, () => Promise<string[]>> = {
  codec: benchCodec,
  loop: benchLoop,
  "real-repos": benchRealRepos,
  "action-cold-start": benchActionColdStart,
  "action-calls": benchActionCalls,
  "app-handlers": benchAppHandlersAsDeployed,
  "agent-startup": benchAgentStartup,
  lifecycle: benchLifecycle,
};

// `BENCH_ONLY=app-handlers,agent-startup npm run bench` runs those sections alone.
const only = (process.env["BENCH_ONLY"] ?? "")
  .split(",")
  .map((s) => s.trim())
  .filter((s) => s !== "");
const unknown = only.filter((name) => !(name in sections));
if (unknown.length > 0) {
  console.error(`BENCH_ONLY names no section: ${unknown.join(", ")}. Sections: ${Object.keys(sections).join(", ")}.`);
  process.exit(2);
}

console.log("# Foreman benchmarks");
console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
for (const [name, section] of Object.entries(sections)) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log("");
  for (const line of await section()) console.log(line);
}
