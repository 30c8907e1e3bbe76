/**
 * A repository for the end-to-end lifecycle tests whose agent is a small script (the `custom`
 * preset) steered by the issue's text, so one repository serves many issues with different
 * fates: `plan=fail,hang,pass` says what each attempt does, `cost=0.25` what each attempt
 * reports spending, `tag=k` names the marker files a hanging attempt leaves for the test.
 *
 * - `pass` writes `answer.txt` = `ok` (the gate passes); `fail` writes `wrong-<attempt>` (the gate
 *   fails; the attempt number keeps diffs distinct, so no oscillation is detected);
 * - `hang` writes `<markerDir>/<tag>-attempt-<n>` and never ends (the test kills the runner);
 * - `gatehang` writes `answer.txt` = `hang <tag> <n>` and ends; the gate then writes
 *   `<markerDir>/<tag>-gate-<n>` and never ends (the runner is killed during the gates, after the
 *   agent's tree was kept);
 * - every attempt reports `{ costUsd, summary: "started from <answer.txt before it ran>" }`, so
 *   the state shows which tree an attempt started from.
 * The gate is `node .foreman/check.mjs` (no setup, no baseline, no OS sandbox: the hanging
 * agent writes its marker outside its working copy).
 */
import { chmod, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { existsSync } from "node:fs";
import path from "node:path";
import { exampleWorkflowFile } from "../../src/sandbox/shipped-paths.js";
import { StageTimeoutError, type Stage } from "../../src/sandbox/demo/stage.js";

export interface ScriptedRepoOptions {
  /** Where hanging attempts leave their marker files. */
  markerDir: string;
  /** Extra YAML lines appended to `.github/foreman.yml` (top-level keys not set here). */
  extraConfig?: string;
  /** `budget:` block (YAML, indented two spaces under `budget:`). */
  budget?: string;
}

const AGENT = (markerDir: string) => `import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
const attempt = Number(process.env.FOREMAN_ATTEMPT);
const task = readFileSync(process.env.FOREMAN_TASK_FILE, "utf8");
const plan = (/plan=([a-z,]+)/.exec(task)?.[1] ?? "pass").split(",");
const cost = Number(/cost=([0-9.]+)/.exec(task)?.[1] ?? "0");
const tag = /tag=([a-z0-9-]+)/.exec(task)?.[1] ?? "session";
const step = plan[Math.min(attempt, plan.length) - 1];
const before = existsSync("answer.txt") ? readFileSync("answer.txt", "utf8").trim() : "none";
const report = () => writeFileSync(process.env.FOREMAN_RESULT_FILE, JSON.stringify({ costUsd: cost, summary: "started from " + before }));
if (step === "hang") {
  mkdirSync(${JSON.stringify(markerDir)}, { recursive: true });
  writeFileSync(${JSON.stringify(markerDir)} + "/" + tag + "-attempt-" + attempt, before);
  setInterval(() => {}, 1000);
} else if (step === "gatehang") {
  writeFileSync("answer.txt", "hang " + tag + " " + attempt + "\\n");
  report();
} else {
  writeFileSync("answer.txt", step === "pass" ? "ok\\n" : "wrong-" + attempt + "\\n");
  report();
}
`;

const CHECK = (markerDir: string) => `import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
let text = "";
try { text = readFileSync("answer.txt", "utf8").trim(); } catch {}
const hang = /^hang ([a-z0-9-]+) ([0-9]+)$/.exec(text);
if (hang !== null) {
  mkdirSync(${JSON.stringify(markerDir)}, { recursive: true });
  writeFileSync(${JSON.stringify(markerDir)} + "/" + hang[1] + "-gate-" + hang[2], text);
  setInterval(() => {}, 1000);
} else if (text !== "ok") { console.error("answer.txt is " + JSON.stringify(text) + ", expected \\"ok\\""); process.exit(1); }
`;

/**
 * A directory for marker files that the agent can write to: on a runner where Foreman is root, the
 * agent runs as another user (`src/github/isolated-runner.ts`), so the directory is world-writable.
 */
export async function markerDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "foreman-e2e-markers-"));
  await chmod(dir, 0o777);
  return dir;
}

/** The repository's files: the scripted agent, its gate, the config and the shipped workflow. */
export async function scriptedRepoFiles(options: ScriptedRepoOptions): Promise<Record<string, string>> {
  const config = [
    "agent:",
    "  preset: custom",
    "  command: [node, .foreman/agent.mjs]",
    "gates:",
    "  - name: check",
    "    run: [node, .foreman/check.mjs]",
    "setup: none",
    "baseline: false",
    "sandbox: off",
    "budget:",
    options.budget ?? "  per_run:\n    attempts: 3\n    minutes: 5\n    usd: 2",
    options.extraConfig ?? "",
    "",
  ].join("\n");
  return {
    "README.md": "# scripted\n",
    ".foreman/agent.mjs": AGENT(options.markerDir),
    ".foreman/check.mjs": CHECK(options.markerDir),
    ".github/foreman.yml": config,
    ".github/workflows/foreman.yml": await readFile(exampleWorkflowFile(), "utf8"),
  };
}

/** An issue body that steers the scripted agent. */
export function planBody(plan: string, cost: number, tag = "session"): string {
  return `Make the check pass.\n\nplan=${plan} cost=${cost} tag=${tag}\n`;
}

/** Whether the hanging attempt `n` of `tag` has started (its agent, or with `gate`, its gate). */
export function markerExists(markerDir: string, tag: string, n: number, where: "agent" | "gate" = "agent"): boolean {
  return existsSync(path.join(markerDir, `${tag}-${where === "agent" ? "attempt" : "gate"}-${n}`));
}

/** Every line of a run's log that says why it failed, for assertion messages. */
export function runsReport(stage: Stage, issue?: number): string {
  return stage
    .runs(issue)
    .map(
      (r) =>
        `run ${r.runId} "${r.title}" ${r.state}/${r.conclusion ?? "-"}: ${r.log
          .split("\n")
          .filter((l) => l.startsWith("::error::"))
          .join(" | ")}`,
    )
    .join("\n");
}

/** `stage.waitFor`, whose timeout also says what the runs did and what Foreman last wrote (for a failing test's message). */
export async function until<T>(stage: Stage, what: string, probe: () => T | undefined | null | false, timeoutMs: number, issue?: number): Promise<T> {
  try {
    return await stage.waitFor(what, probe, timeoutMs);
  } catch (error) {
    if (!(error instanceof StageTimeoutError)) throw error;
    const last =
      issue === undefined
        ? []
        : stage
            .comments(issue)
            .slice(-3)
            .map((c) => `@${c.author}: ${c.body.slice(0, 300)}`);
    throw new StageTimeoutError(
      `${what}\n${runsReport(stage, issue)}\n${last.join("\n")}\n${stage.runs(issue).at(-1)?.log.slice(-1500) ?? ""}`,
      timeoutMs,
    );
  }
}

/** One signed entry of the daily ledger as a comment shows it (signature not checked: the test reads what Foreman wrote). */
export type LedgerComment = { commentId: number; sessionKey: string } & (
  { type: "reserve"; usd: number } | { type: "settle"; reservationId: number; usd: number } | { type: "withdraw"; reservationId: number }
);

/** The daily ledger's entries written by the App's bot, by comment id; empty when there is no ledger issue. */
export function dailyLedger(stage: Stage): LedgerComment[] {
  const repo = stage.standIn.world.repo(stage.repo.owner, stage.repo.name);
  const ledger = [...repo.issues.values()].filter((i) => i.labels.includes("foreman:ledger")).sort((a, b) => a.number - b.number)[0];
  if (ledger === undefined) return [];
  const out: LedgerComment[] = [];
  for (const c of stage.comments(ledger.number)) {
    if (c.author !== stage.app.botLogin) continue;
    const block = /<!-- foreman:daily-ledger v1 (\{[^<>]*\}) -->/.exec(c.body);
    if (block === null) continue;
    const raw: unknown = JSON.parse(block[1]!);
    const get = (k: string): unknown => (typeof raw === "object" && raw !== null ? Reflect.get(raw, k) : undefined);
    const sessionKey = String(get("sessionKey"));
    const type = get("type");
    if (type === "reserve") out.push({ commentId: c.id, sessionKey, type, usd: Number(get("usd")) });
    else if (type === "settle") out.push({ commentId: c.id, sessionKey, type, reservationId: Number(get("reservationId")), usd: Number(get("usd")) });
    else if (type === "withdraw") out.push({ commentId: c.id, sessionKey, type, reservationId: Number(get("reservationId")) });
  }
  return out.sort((a, b) => a.commentId - b.commentId);
}
