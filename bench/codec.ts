/**
 * State codec benchmark: comment size and encode+decode time for sessions of 100, 1,000 and
 * 10,000 realistic attempts (deterministic: a seeded generator, no clock in the data).
 *
 * Run alone with `node --import tsx bench/codec.ts`, or through `npm run bench`.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { decodeStateComment, encodeStateComment, MAX_COMMENT_CHARS } from "../src/core/state-codec.js";
import { ATTEMPT_OUTCOMES, newSession, type Attempt, type SessionState } from "../src/core/state.js";

const SIZES = [100, 1_000, 10_000] as const;
const WARMUP = 1;
const ITERATIONS = 5;

const WORDS = [
  "fix",
  "the",
  "failing",
  "test",
  "in",
  "parser",
  "by",
  "handling",
  "empty",
  "input",
  "update",
  "snapshot",
  "refactor",
  "config",
  "loader",
  "add",
  "missing",
  "null",
  "check",
  "to",
  "retry",
  "logic",
  "rename",
  "helper",
  "and",
  "adjust",
  "types",
  "for",
  "strict",
  "mode",
  "so",
  "lint",
  "passes",
  "again",
  "after",
  "change",
];

/** mulberry32: a small seeded generator, so every run benchmarks the same data. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A session of `count` finished attempts that look like real ones (summaries, 3 gates, hashes). */
export function realisticSession(count: number, seed = 42): SessionState {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const start = Date.UTC(2026, 0, 5, 9, 0, 0);
  const attempts: Attempt[] = [];
  let costUsd = 0;
  let durationMs = 0;
  for (let n = 1; n <= count; n++) {
    const started = start + n * 120_000;
    const duration = 30_000 + Math.floor(random() * 90_000);
    const cost = Math.round(random() * 40) / 100;
    const outcome = n === count ? "passed" : pick(ATTEMPT_OUTCOMES.filter((o) => o !== "passed"));
    const summary = Array.from({ length: 20 + Math.floor(random() * 40) }, () => pick(WORDS)).join(" ");
    const hash = Array.from({ length: 64 }, () => "0123456789abcdef"[Math.floor(random() * 16)]).join("");
    attempts.push({
      n,
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(started + duration).toISOString(),
      outcome,
      durationMs: duration,
      costUsd: cost,
      tokens: 10_000 + Math.floor(random() * 50_000),
      diffHash: hash,
      diffStats: { files: 1 + Math.floor(random() * 5), additions: Math.floor(random() * 200), deletions: Math.floor(random() * 80) },
      gates: [
        { name: "npm test", root: ".", ok: outcome === "passed" || random() < 0.5, exitCode: 1, durationMs: 20_000 },
        { name: "npm run lint", root: ".", ok: true, exitCode: 0, durationMs: 4_000 },
        { name: "npm run typecheck", root: "packages/core", ok: outcome === "passed", exitCode: outcome === "passed" ? 0 : 2, durationMs: 9_000 },
      ],
      summary,
      ...(outcome === "agent_error" ? { error: "agent exited with code 1: rate limited, retry later" } : {}),
    });
    costUsd += cost;
    durationMs += duration;
  }
  const session = newSession({
    sessionId: "issue-1234",
    now: new Date(start).toISOString(),
    title: "Parser crashes on empty input",
    issue: 1234,
    budget: { attempts: count, minutes: count * 3, usd: count },
  });
  return {
    ...session,
    version: count * 2,
    status: "ended",
    reason: "succeeded",
    updatedAt: new Date(start + (count + 1) * 120_000).toISOString(),
    endedAt: new Date(start + (count + 1) * 120_000).toISOString(),
    spent: { costUsd, durationMs, attempts: count },
    attempts,
    branch: "foreman/1234",
    pullRequest: 1240,
  };
}

export async function benchCodec(): Promise<string[]> {
  const lines: string[] = [];
  for (const size of SIZES) {
    const state = realisticSession(size);
    let body = "";
    for (let i = 0; i < WARMUP; i++) decodeStateComment(encodeStateComment(state));
    const started = performance.now();
    for (let i = 0; i < ITERATIONS; i++) {
      body = encodeStateComment(state);
      decodeStateComment(body);
    }
    const meanMs = (performance.now() - started) / ITERATIONS;
    const decoded = decodeStateComment(body);
    lines.push(
      `codec ${String(size).padStart(6)} attempts: ${String(body.length).padStart(6)} chars ` +
        `(limit ${MAX_COMMENT_CHARS}; ${decoded.attempts.length} kept in full, ${decoded.compacted?.count ?? 0} compacted), ` +
        `encode+decode ${meanMs.toFixed(1)} ms (mean of ${ITERATIONS})`,
    );
  }
  return lines;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  benchCodec().then(
    (lines) => lines.forEach((line) => console.log(line)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
