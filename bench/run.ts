/**
 * `npm run bench`: the figures the issues ask for.
 * - the state codec: encoded size and encode+decode time for 100, 1,000 and 10,000 attempts;
 * - the loop: overhead per attempt against a plain shell loop running the same commands;
 * - the Action: cold start of the bundle to its first GitHub request, against `node -e 0`;
 * - agent startup: `foreman run` start to the CLI's first model request, against the CLI alone;
 * - the Action: GitHub calls per session, by endpoint;
 * - the App: handler CPU time (median, p99) and GitHub calls, per event type.
 */
import { benchCodec } from "./codec.js";
import { benchAgentStartup } from "./agent-startup.js";
import { benchLoop } from "./loop.js";
import { benchActionColdStart } from "./action-cold-start.js";
import { benchActionCalls } from "./action-calls.js";
import { benchAppHandlers } from "./app-handlers.js";

console.log("# Foreman benchmarks");
console.log(`node ${process.version}, ${process.platform}/${process.arch}\n`);
for (const line of await benchCodec()) console.log(line);
console.log("");
for (const line of await benchLoop()) console.log(line);
console.log("");
for (const line of await benchActionColdStart()) console.log(line);
console.log("");
for (const line of await benchAgentStartup()) console.log(line);
console.log("");
for (const line of await benchActionCalls()) console.log(line);
console.log("");
for (const line of await benchAppHandlers()) console.log(line);
