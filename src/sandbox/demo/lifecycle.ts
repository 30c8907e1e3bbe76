/**
 * The lifecycle `foreman demo` shows and the end-to-end test checks, on a started `Stage`:
 * a maintainer opens an issue and adds the `foreman` label; attempt 1 fails the gates;
 * attempt 2 passes but touches a protected path, so the session waits for approval; a
 * read-only user's `/approve` is refused with a reply; the maintainer's `/approve` publishes a
 * draft pull request whose `Foreman` check run is green. Each step waits for what should
 * follow (a deadline names what did not happen); the end is checked against the stand-in's
 * data, and every problem found is listed (none: the scenario reached its end as expected).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { SessionState } from "../../core/state.js";
import type { EmulatedRun } from "../actions-emulator.js";
import { greeterRepoDir } from "../shipped-paths.js";
import type { Stage } from "./stage.js";

export interface LifecycleResult {
  issue: number;
  /** What did not go as expected; empty when the scenario reached its end. */
  problems: string[];
  session: SessionState | undefined;
  runs: EmulatedRun[];
  pull: { number: number; draft: boolean; body: string; headSha: string; headRef: string } | undefined;
  checkRun: { conclusion: string | null; status: string; headSha: string } | undefined;
  /** Milliseconds from the label to the end. */
  wallMs: number;
}

/** Progress lines as the scenario goes (who does what next). */
export type Narrate = (line: string) => void;

/** The issue the maintainer files: the example's TASK.md (its first heading is the title). */
export async function demoIssue(): Promise<{ title: string; body: string }> {
  const text = await readFile(path.join(greeterRepoDir(), "TASK.md"), "utf8");
  const [first = "", ...rest] = text.split("\n");
  return { title: first.replace(/^#+\s*/, "").trim(), body: rest.join("\n").trim() };
}

function rec(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export async function runLifecycle(stage: Stage, narrate: Narrate = () => {}, timeoutMs = 50_000): Promise<LifecycleResult> {
  const started = Date.now();
  const left = () => Math.max(1_000, timeoutMs - (Date.now() - started));
  const bot = stage.app.botLogin;
  const problems: string[] = [];
  const issue = stage.openIssue(await demoIssue());
  narrate(`@${stage.maintainer} opens issue #${issue} and adds the label \`foreman\`.`);
  stage.label(issue);

  const firstRun = await stage.waitFor(
    "the first workflow run (dispatched by the App for the label) to finish",
    () => stage.runs(issue).find((r) => r.state === "completed"),
    left(),
  );
  const paused = stage.session(issue);
  if (paused?.status !== "awaiting_approval")
    problems.push(
      `after run ${firstRun.runId} the session is ${paused?.status ?? "missing"}${paused?.reason ? ` (${paused.reason})` : ""}, expected awaiting_approval; the run said: ${lastError(firstRun)}`,
    );
  else narrate(`The session waits for approval (${paused.approval?.reasons.join("; ") ?? "no reason given"}).`);

  if (problems.length === 0) {
    narrate(`@${stage.reader} (read-only) comments /approve.`);
    const refused = stage.comment(issue, stage.reader, "/approve");
    await stage.waitFor(
      `Foreman's reply refusing @${stage.reader}'s /approve`,
      () => stage.comments(issue).find((c) => c.id > refused && c.author === bot && c.body.includes(`@${stage.reader}`)),
      left(),
    );
    narrate(`@${stage.maintainer} comments /approve.`);
    const asked = Date.now();
    stage.comment(issue, stage.maintainer, "/approve");
    await stage.waitFor(
      "the run woken by the maintainer's /approve to finish",
      () => stage.runs(issue).find((r) => r.queuedAt >= asked && r.state === "completed"),
      left(),
    );
  }
  await stage.settle(left());

  const session = stage.session(issue);
  const runs = stage.runs(issue);
  const pulls = stage.standIn.pulls(stage.repo);
  const pullJson = pulls[0];
  const pull =
    pullJson === undefined
      ? undefined
      : {
          number: Number(pullJson["number"]),
          draft: pullJson["draft"] === true,
          body: String(pullJson["body"] ?? ""),
          headSha: String(rec(pullJson["head"])["sha"] ?? ""),
          headRef: String(rec(pullJson["head"])["ref"] ?? ""),
        };
  const checkJson = stage.standIn.checkRuns(stage.repo).find((c) => c["name"] === "Foreman" && c["head_sha"] === pull?.headSha);
  const checkRun =
    checkJson === undefined
      ? undefined
      : {
          conclusion: checkJson["conclusion"] === null ? null : String(checkJson["conclusion"]),
          status: String(checkJson["status"]),
          headSha: String(checkJson["head_sha"]),
        };

  if (problems.length === 0) {
    if (session?.status !== "ended" || session.reason !== "succeeded")
      problems.push(`the session ended ${session?.status ?? "missing"} (${session?.reason ?? "no reason"}), expected ended (succeeded)`);
    if (pulls.length !== 1) problems.push(`${pulls.length} pull requests exist, expected exactly one`);
    if (pull !== undefined && !pull.draft) problems.push(`pull request #${pull.number} is not a draft`);
    if (pull !== undefined && !new RegExp(`Closes #${issue}\\b`).test(pull.body))
      problems.push(`pull request #${pull.number}'s body does not say "Closes #${issue}"`);
    if (checkRun?.conclusion !== "success")
      problems.push(
        `the Foreman check run on the PR's head is ${checkRun === undefined ? "missing" : `${checkRun.status}/${String(checkRun.conclusion)}`}, expected success`,
      );
    const bad = runs.filter((r) => r.conclusion !== "success");
    if (bad.length > 0)
      problems.push(`workflow run(s) ${bad.map((r) => `${r.runId} “${r.title}” ${r.conclusion ?? r.state}: ${lastError(r)}`).join("; ")}`);
    const bodies = stage
      .comments(issue)
      .filter((c) => c.author === bot)
      .map((c) => c.body);
    const dupes = bodies.filter((b, i) => bodies.indexOf(b) !== i);
    if (dupes.length > 0) problems.push(`Foreman posted the same comment twice: “${dupes[0]?.slice(0, 80) ?? ""}”`);
  }
  return { issue, problems, session, runs, pull, checkRun, wallMs: Date.now() - started };
}

/** The last `::error::` line of a run's log (what `setFailed` said), or its exit. */
export function lastError(run: EmulatedRun): string {
  const errors = run.log
    .split("\n")
    .filter((l) => l.startsWith("::error::"))
    .map((l) => l.slice("::error::".length).replace(/%0A/g, " "));
  return errors.at(-1) ?? run.note ?? `exit ${String(run.exitCode ?? run.exitSignal)}`;
}
