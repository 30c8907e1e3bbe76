/**
 * `npm run bench`: the figures the issues ask for.
 * - the state codec: encoded size and encode+decode time for 100, 1,000 and 10,000 attempts;
 * - the loop: overhead per attempt against a plain shell loop running the same commands;
 * - real repositories: Foreman with no configuration against a shell loop that installs and
 *   tests on every attempt, with the setup time apart (`real-repos.ts`).
 */
import { benchCodec } from "./codec.js";
import { benchLoop } from "./loop.js";
import { benchRealRepos } from "./real-repos.js";

console.log("# Foreman benchmarks");
console.log(`node ${process.version}, ${process.platform}/${process.arch}\n`);
for (const line of await benchCodec()) console.log(line);
console.log("");
for (const line of await benchLoop()) console.log(line);
console.log("");
for (const line of await benchRealRepos()) console.log(line);
