import { gzipSync } from "node:zlib";
import { fc, test as propTest } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { StateDecodeError, type StateDecodeErrorCode } from "../../src/core/errors.js";
import { isSessionId } from "../../src/core/session-id.js";
import {
  compactState,
  decodeStateComment,
  encodeStateComment,
  hasStateBlock,
  MAX_COMMENT_CHARS,
  MAX_COMPACTED_DIFF_HASHES,
  MAX_KEPT_ATTEMPTS,
  migrateState,
  STATE_MARKER,
} from "../../src/core/state-codec.js";
import { StateEncodeError } from "../../src/core/errors.js";
import {
  ATTEMPT_OUTCOMES,
  sessionStateSchema,
  SESSION_STATUSES,
  TERMINAL_REASONS,
  type Attempt,
  type CompactedAttempts,
  type GateResult,
  type SessionState,
} from "../../src/core/state.js";
import { noise, seeded } from "../support/seeded-noise.js";
import { sampleSession } from "../support/session.js";

// ---------------------------------------------------------------------------------------------
// Fixtures

/** mulberry32: seeded, so "random" content is the same on every run. */

/** Property tests are seeded: the same cases on every run, so a failure can be replayed. */
const SEED = 20260105;

const T0 = "2026-01-05T09:00:00.000Z";
const T1 = "2026-01-05T09:30:00.000Z";
const SHA = "0123456789abcdef0123456789abcdef01234567";

const session = sampleSession;

function attempt(n: number, overrides: Partial<Attempt> = {}): Attempt {
  return {
    n,
    startedAt: T0,
    finishedAt: T1,
    outcome: "gates_failed",
    durationMs: 1000 * n,
    costUsd: 0.1,
    tokens: 100,
    diffHash: `hash-${n}`,
    gates: [{ name: "npm test", root: ".", ok: false, exitCode: 1, durationMs: 500 }],
    summary: `attempt ${n}`,
    ...overrides,
  };
}

/** The state with its ledger: spent totals computed from the attempts, as the loop would. */
function withAttempts(attempts: Attempt[], overrides: Partial<SessionState> = {}): SessionState {
  let costUsd = 0;
  let durationMs = 0;
  for (const a of attempts) {
    costUsd += a.costUsd ?? 0;
    durationMs += a.durationMs ?? 0;
  }
  return session({ status: "running", attempts, spent: { costUsd, durationMs, attempts: attempts.length }, ...overrides });
}

/** Totals over the whole ledger (compacted part + attempts in full), summed in ledger order. */
function ledgerTotals(s: SessionState) {
  const c = s.compacted;
  let costUsd = c?.costUsd ?? 0;
  let durationMs = c?.durationMs ?? 0;
  let tokens = c?.tokens ?? 0;
  const outcomes: Record<string, number> = { ...(c?.outcomes ?? {}) };
  for (const a of s.attempts) {
    costUsd += a.costUsd ?? 0;
    durationMs += a.durationMs ?? 0;
    tokens += a.tokens ?? 0;
    const key = a.outcome ?? (a.finishedAt === undefined ? "open" : "unknown");
    outcomes[key] = (outcomes[key] ?? 0) + 1;
  }
  const ns = s.attempts.map((a) => a.n);
  return {
    count: (c?.count ?? 0) + s.attempts.length,
    firstN: Math.min(c?.firstN ?? Infinity, ...ns),
    lastN: Math.max(c?.lastN ?? -Infinity, ...ns),
    costUsd,
    durationMs,
    tokens,
    outcomes,
  };
}

/** Everything but the ledger, which compaction is allowed to reshape. */
function withoutLedger(s: SessionState) {
  const { attempts: _a, compacted: _c, ...rest } = s;
  return rest;
}

function payloadOf(body: string): string {
  const match = /<!-- foreman:state v1 ([A-Za-z0-9+/=]+) -->/.exec(body);
  if (match === null) throw new Error("no block in body");
  return match[1]!;
}

function blockOf(json: string | Buffer, encoding = "v1"): string {
  return `status\n\n<!-- ${STATE_MARKER} ${encoding} ${gzipSync(json).toString("base64")} -->`;
}

function decodeError(body: string): StateDecodeError {
  try {
    decodeStateComment(body);
  } catch (error) {
    if (error instanceof StateDecodeError) return error;
    throw new Error(`expected StateDecodeError, got ${String(error)}`, { cause: error });
  }
  throw new Error("expected decodeStateComment to throw");
}

function expectDecodeError(body: string, code: StateDecodeErrorCode, message?: RegExp): void {
  const error = decodeError(body);
  expect(error.code).toBe(code);
  if (message) expect(error.message).toMatch(message);
}

// ---------------------------------------------------------------------------------------------
// Arbitraries: every generated state is valid per `sessionStateSchema` (checked below).

const HOSTILE = [
  "<!-- foreman:state v1 AAAA -->",
  "-->",
  "@org/team please look",
  "\u202Eevil\u202C \u2066x\u2069",
  "```js\nalert(1)\n```",
  "| a | b |",
  "\u0000\u001f\ud800 lone",
  "emoji 👩‍👩‍👧 ok",
];

type Size = "small" | "medium" | "max";
const text = (max: number, size: Size = "small") =>
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: "binary", maxLength: max, size }).map((s) => s.slice(0, max)) },
    { weight: 1, arbitrary: fc.constantFrom(...HOSTILE).map((s) => s.slice(0, max)) },
  );
const isoTime = fc
  .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString());
const hex = (length: number) => fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: length, maxLength: length });
const sha = fc.oneof(hex(40), hex(64));
const usd = fc.double({ min: 0, max: 1000, noNaN: true, noDefaultInfinity: true }).map((x) => x + 0);
const count = fc.nat({ max: 1_000_000_000 });

const gateArb = (maxText: number, size: Size): fc.Arbitrary<GateResult> =>
  fc.record({
    name: text(Math.min(200, maxText), size),
    root: text(Math.min(500, maxText), size),
    ok: fc.boolean(),
    exitCode: fc.option(fc.integer({ min: -255, max: 255 }), { nil: null }),
    durationMs: count,
  });

/** An attempt without its number (numbers are assigned in ledger order). */
const attemptArb = (maxText: number, maxGates: number, size: Size): fc.Arbitrary<Omit<Attempt, "n">> =>
  fc.record(
    {
      startedAt: isoTime,
      finishedAt: isoTime,
      outcome: fc.constantFrom(...ATTEMPT_OUTCOMES),
      durationMs: count,
      costUsd: usd,
      costAssumed: fc.boolean(),
      tokens: count,
      diffHash: fc.oneof(hex(64), text(128)),
      diffStats: fc.record({ files: count, additions: count, deletions: count }),
      gates: fc.array(gateArb(maxText, size), { maxLength: maxGates, size }),
      summary: text(Math.min(2000, maxText), size),
      error: text(Math.min(2000, maxText), size),
    },
    { requiredKeys: ["startedAt"] },
  );

const compactedArb: fc.Arbitrary<CompactedAttempts> = fc
  .record({
    count: fc.integer({ min: 1, max: 10_000 }),
    firstN: fc.integer({ min: 1, max: 100 }),
    costUsd: usd,
    durationMs: count,
    tokens: count,
    outcomes: fc.dictionary(fc.constantFrom(...ATTEMPT_OUTCOMES, "open", "unknown"), fc.nat({ max: 10_000 })),
    diffHashes: fc.uniqueArray(hex(64), { maxLength: MAX_COMPACTED_DIFF_HASHES }),
  })
  .map((c) => ({ ...c, lastN: c.firstN + c.count - 1 }));

function stateArb(opts: { maxAttempts: number; maxText: number; maxGates: number; size: Size }): fc.Arbitrary<SessionState> {
  const { maxAttempts, maxText, maxGates, size } = opts;
  return fc
    .record(
      {
        version: count,
        // The one session-id rule (core/session-id.ts): 1 to 100 of [A-Za-z0-9._-], a letter or digit first.
        sessionId: fc
          .string({ unit: fc.constantFrom(..."abcXYZ019._-"), minLength: 0, maxLength: 99 })
          .map((rest) => `s${rest}`)
          .filter((id) => isSessionId(id)),
        status: fc.constantFrom(...SESSION_STATUSES),
        reason: fc.constantFrom(...TERMINAL_REASONS),
        createdAt: isoTime,
        updatedAt: isoTime,
        endedAt: isoTime,
        task: fc.record({ issue: fc.integer({ min: 1, max: 1_000_000 }), title: text(Math.min(1000, maxText)) }, { requiredKeys: ["title"] }),
        budget: fc.record({
          attempts: fc.integer({ min: 1, max: 100 }),
          minutes: fc.double({ min: 0.5, max: 1000, noNaN: true, noDefaultInfinity: true }),
          usd: fc.double({ min: 0.01, max: 1000, noNaN: true, noDefaultInfinity: true }),
        }),
        budgetOverrideUsd: fc.option(usd, { nil: null }),
        spentCost: usd,
        spentDuration: count,
        attempts: fc.array(attemptArb(maxText, maxGates, size), { maxLength: maxAttempts, size }),
        compacted: fc.option(compactedArb, { nil: null }),
        lastCommandId: count,
        baseRef: text(255),
        baseSha: sha,
        branch: text(255),
        headSha: sha,
        pullRequest: fc.integer({ min: 1, max: 1_000_000 }),
        checkRunId: fc.integer({ min: 1, max: 2 ** 40 }),
        approval: fc.record(
          {
            requestedAt: isoTime,
            expiresAt: isoTime,
            reasons: fc.array(text(Math.min(500, maxText)), { maxLength: 5 }),
            headSha: sha,
            approvedBy: text(100),
            approvedAt: isoTime,
          },
          { requiredKeys: ["requestedAt", "expiresAt", "reasons"] },
        ),
        reservation: fc.record({ id: text(100), usd }),
        reportedAt: isoTime,
        note: text(Math.min(2000, maxText)),
      },
      {
        requiredKeys: [
          "version",
          "sessionId",
          "status",
          "reason",
          "createdAt",
          "updatedAt",
          "task",
          "budget",
          "budgetOverrideUsd",
          "spentCost",
          "spentDuration",
          "attempts",
          "compacted",
          "lastCommandId",
        ],
      },
    )
    .map(({ spentCost, spentDuration, attempts, compacted, status, reason, ...rest }) => {
      const firstN = (compacted?.lastN ?? 0) + 1;
      const numbered = attempts.map((a, i) => ({ ...a, n: firstN + i }));
      const state: SessionState = {
        schemaVersion: 1,
        ...rest,
        status,
        reason: status === "ended" ? reason : null,
        attempts: numbered,
        compacted,
        spent: { costUsd: spentCost, durationMs: spentDuration, attempts: numbered.length + (compacted?.count ?? 0) },
      };
      return state;
    });
}

const smallState = stateArb({ maxAttempts: 8, maxText: 120, maxGates: 4, size: "small" });
/** Up to 160 attempts of up to 50 gates and 2,000-character texts: compaction is the common case. */
const largeState = stateArb({ maxAttempts: 160, maxText: 2000, maxGates: 50, size: "max" });

// ---------------------------------------------------------------------------------------------

describe("arbitraries", () => {
  propTest.prop([smallState], { seed: SEED, numRuns: 50 })("generate schema-valid states", (s) => {
    expect(sessionStateSchema.safeParse(s).success).toBe(true);
  });
});

describe("encodeStateComment / decodeStateComment round trip", () => {
  propTest.prop([smallState], { seed: SEED, numRuns: 150 })("decode(encode(s)) deep-equals s when nothing needs compacting", (s) => {
    const body = encodeStateComment(s);
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(decodeStateComment(body)).toEqual(s);
  });

  // No shrinking: a counterexample holds megabytes of text, and shrinking it would take hours.
  propTest.prop([largeState], { seed: SEED, numRuns: 25, endOnFailure: true })(
    "any state fits in 65,536 characters; compaction keeps the recent attempts, exact totals and every other field",
    (s) => {
      const body = encodeStateComment(s);
      expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
      const decoded = decodeStateComment(body);
      expect(sessionStateSchema.safeParse(decoded).success).toBe(true);
      expect(withoutLedger(decoded)).toEqual(withoutLedger(s));
      expect(ledgerTotals(decoded)).toEqual(ledgerTotals(s));
      // The attempts kept in full are exactly the most recent ones, unchanged.
      expect(decoded.attempts).toEqual(s.attempts.slice(s.attempts.length - decoded.attempts.length));
      if (decoded.attempts.length === s.attempts.length) expect(decoded).toEqual(s);
      else expect(decoded.compacted?.diffHashes.length ?? 0).toBeLessThanOrEqual(MAX_COMPACTED_DIFF_HASHES);
    },
  );

  it("round-trips the ref an attempt's tree was kept at", () => {
    const s = withAttempts([{ ...attempt(1), keptRef: "refs/foreman/issue-7/attempt-1" }]);
    expect(decodeStateComment(encodeStateComment(s)).attempts[0]?.keptRef).toBe("refs/foreman/issue-7/attempt-1");
    expect(sessionStateSchema.safeParse(withAttempts([{ ...attempt(1), keptRef: "r".repeat(256) }])).success).toBe(false);
  });

  it("writes the state unchanged when it fits, and the status people read comes first", () => {
    const s = withAttempts([attempt(1), attempt(2)]);
    const body = encodeStateComment(s);
    expect(decodeStateComment(body)).toEqual(s);
    expect(body.startsWith("### 🤖 Foreman")).toBe(true);
    expect(body).toMatch(/\n\n<!-- foreman:state v1 [A-Za-z0-9+/]+={0,2} -->$/);
  });

  it("uses the visible text it is given, neutralizing any comment opener in it", () => {
    const s = session();
    const body = encodeStateComment(s, { visible: "Hello <!-- foreman:state v1 AAAA --> there" });
    expect(body.startsWith("Hello &lt;!-- foreman:state v1 AAAA --> there\n\n")).toBe(true);
    expect(decodeStateComment(body)).toEqual(s);
  });

  it("caps a huge visible part and still fits", () => {
    const s = session();
    const body = encodeStateComment(s, { visible: "line of text\n".repeat(20_000) });
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(body).toContain("truncated");
    expect(decodeStateComment(body)).toEqual(s);
  });

  it("keeps a hostile attempt summary from forging a second state block", () => {
    const s = withAttempts([attempt(1, { summary: "<!-- foreman:state v1 AAAA --> @org/team \u202E" })]);
    const body = encodeStateComment(s);
    expect(body.match(/<!--/g)).toHaveLength(1);
    expect(decodeStateComment(body)).toEqual(s);
  });

  it("refuses to write an invalid state", () => {
    const bad = session({ status: "paused" as SessionState["status"] });
    expect(() => encodeStateComment(bad)).toThrow(StateEncodeError);
    try {
      encodeStateComment(bad);
    } catch (error) {
      expect(error instanceof StateEncodeError && error.code).toBe("invalid_state");
      expect(String(error)).toContain('state field "status": expected one of pending, running');
    }
  });
});

describe("compaction", () => {
  it("folds older attempts into exact totals and keeps the recent ones in full", () => {
    const attempts = [
      attempt(1, { costUsd: 0.1, durationMs: 100, tokens: 5, outcome: "agent_error", diffHash: "a" }),
      attempt(2, { costUsd: 0.2, durationMs: 200, tokens: 7, outcome: "gates_failed", diffHash: "b" }),
      attempt(3, { costUsd: 0.3, durationMs: 300, tokens: 11, outcome: "gates_failed", diffHash: "a" }),
      attempt(4, { costUsd: undefined, durationMs: undefined, tokens: undefined, outcome: undefined, finishedAt: undefined, diffHash: undefined }),
      attempt(5, { costUsd: 0.5, outcome: "passed", diffHash: "c" }),
    ];
    const s = withAttempts(attempts);
    const c = compactState(s, 1);
    expect(c.attempts).toEqual([attempts[4]]);
    expect(c.compacted).toEqual({
      count: 4,
      firstN: 1,
      lastN: 4,
      costUsd: 0.1 + 0.2 + 0.3,
      durationMs: 600,
      tokens: 23,
      outcomes: { agent_error: 1, gates_failed: 2, open: 1 },
      diffHashes: ["b", "a"],
    });
    expect(c.spent).toEqual(s.spent);
    expect(ledgerTotals(c)).toEqual(ledgerTotals(s));
  });

  it("adds to earlier totals, and compacting twice equals compacting once", () => {
    const s = withAttempts(Array.from({ length: 30 }, (_, i) => attempt(i + 1, { costUsd: (i + 1) / 7, diffHash: `h${i % 9}` })));
    const once = compactState(s, 3);
    const twice = compactState(compactState(s, 12), 3);
    expect(twice).toEqual(once);
    expect(once.compacted?.count).toBe(27);
    // Attempts 19–27 carry h0…h8 last: that is the order of most recent occurrence.
    expect(once.compacted?.diffHashes).toEqual(["h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8"]);
    expect(ledgerTotals(once)).toEqual(ledgerTotals(s));
  });

  it("keeps only the most recent distinct diff hashes", () => {
    const s = withAttempts(Array.from({ length: 100 }, (_, i) => attempt(i + 1, { diffHash: `h${i}` })));
    const c = compactState(s, 0);
    expect(c.compacted?.diffHashes).toEqual(Array.from({ length: MAX_COMPACTED_DIFF_HASHES }, (_, i) => `h${80 + i}`));
  });

  it("returns the same state when there is nothing to fold, and refuses a negative window", () => {
    const s = withAttempts([attempt(1)]);
    expect(compactState(s, 1)).toBe(s);
    expect(compactState(s, 5)).toBe(s);
    expect(() => compactState(s, -1)).toThrow(RangeError);
    expect(() => compactState(s, 1.5)).toThrow(RangeError);
  });

  it("saturates absurd sums at the largest valid value instead of writing an invalid number", () => {
    const huge = Number.MAX_SAFE_INTEGER - 1;
    const s = withAttempts([attempt(1, { durationMs: huge, tokens: huge }), attempt(2, { durationMs: huge, tokens: huge })], {
      spent: { costUsd: 0.2, durationMs: huge, attempts: 2 },
    });
    const c = compactState(s, 0);
    expect(c.compacted?.durationMs).toBe(Number.MAX_SAFE_INTEGER);
    expect(sessionStateSchema.safeParse(c).success).toBe(true);
  });

  it("compacts a long ledger to at most MAX_KEPT_ATTEMPTS attempts even when it would fit", () => {
    const s = withAttempts(Array.from({ length: MAX_KEPT_ATTEMPTS + 20 }, (_, i) => attempt(i + 1, { gates: [], summary: "" })));
    const decoded = decodeStateComment(encodeStateComment(s));
    expect(decoded.attempts).toHaveLength(MAX_KEPT_ATTEMPTS);
    expect(decoded.attempts[0]?.n).toBe(21);
    expect(decoded.compacted).toMatchObject({ count: 20, firstN: 1, lastN: 20 });
  });

  it("fits 10,000 attempts of maximal, incompressible size (summaries, errors, 50 gates each)", () => {
    const random = seeded(7);
    const names = Array.from({ length: 64 }, () => noise(random, 200));
    const roots = Array.from({ length: 64 }, () => noise(random, 500));
    const texts = Array.from({ length: 64 }, () => noise(random, 2000));
    const pick = (pool: string[]) => pool[Math.floor(random() * pool.length)]!;
    const attempts: Attempt[] = [];
    for (let n = 1; n <= 10_000; n++) {
      attempts.push({
        n,
        startedAt: T0,
        finishedAt: T1,
        outcome: ATTEMPT_OUTCOMES[n % ATTEMPT_OUTCOMES.length],
        durationMs: 60_000 + n,
        costUsd: n / 1000,
        costAssumed: n % 2 === 0,
        tokens: 50_000 + n,
        diffHash: noise(random, 128),
        diffStats: { files: 50, additions: 2000, deletions: 2000 },
        gates: Array.from({ length: 50 }, (_, g) => ({ name: pick(names), root: pick(roots), ok: g % 2 === 0, exitCode: 1, durationMs: 1000 })),
        summary: pick(texts),
        error: pick(texts),
      });
    }
    const s = withAttempts(attempts, {
      sessionId: `issue-${"9".repeat(94)}`,
      status: "awaiting_approval",
      task: { issue: 7, title: noise(random, 1000) },
      baseRef: noise(random, 255),
      branch: noise(random, 255),
      baseSha: SHA,
      headSha: SHA,
      pullRequest: 12,
      approval: { requestedAt: T0, expiresAt: T1, reasons: Array.from({ length: 20 }, () => noise(random, 500)), approvedBy: noise(random, 100) },
      reservation: { id: noise(random, 100), usd: 5 },
      note: noise(random, 2000),
    });
    const body = encodeStateComment(s);
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    const decoded = decodeStateComment(body);
    expect(decoded.spent).toEqual(s.spent);
    expect(ledgerTotals(decoded)).toEqual(ledgerTotals(s));
    expect(decoded.compacted?.count).toBe(10_000 - decoded.attempts.length);
    expect(decoded.compacted?.diffHashes).toEqual(
      attempts
        .slice(0, decoded.compacted?.count)
        .slice(-MAX_COMPACTED_DIFF_HASHES)
        .map((a) => a.diffHash),
    );
    // Identifiers and people's text survive intact: only the ledger was compacted.
    expect(withoutLedger(decoded)).toEqual(withoutLedger(s));
  });

  it("falls back to a one-line status, then cuts prose, before giving up", () => {
    const random = seeded(3);
    const s = session({ note: noise(random, 2000), approval: { requestedAt: T0, expiresAt: T1, reasons: [noise(random, 500), noise(random, 500)] } });
    const fullVisible = encodeStateComment(s);
    const blockLength = fullVisible.length - fullVisible.indexOf("<!--");
    // Room for the whole state with the one-line status, not with a 5,000-character one.
    const oneLine = encodeStateComment(s, { visible: "x".repeat(5000), maxChars: blockLength + 200 });
    expect(oneLine.length).toBeLessThanOrEqual(blockLength + 200);
    expect(oneLine.startsWith("**Foreman** · status: pending")).toBe(true);
    expect(decodeStateComment(oneLine)).toEqual(decodeStateComment(fullVisible));
    // Less room: the note and reasons are cut (still valid, identifiers intact).
    const cut = decodeStateComment(encodeStateComment(s, { maxChars: Math.floor(blockLength / 2) }));
    expect(cut.note).toBe(`${s.note?.slice(0, 199)}…`);
    expect(cut.approval?.reasons.map((r) => r.length)).toEqual([200, 200]);
    expect(cut.sessionId).toBe(s.sessionId);
    // Less still: no prose at all.
    const bare = decodeStateComment(encodeStateComment(s, { maxChars: 1500 }));
    expect(bare.note).toBeUndefined();
    expect(bare.approval?.reasons).toEqual([]);
    expect(bare.approval?.expiresAt).toBe(T1);
    // No room at all: a typed error, never an oversized body.
    expect(() => encodeStateComment(s, { maxChars: 300 })).toThrow(StateEncodeError);
  });

  it("refuses (invalid_state) compacted totals with an unknown outcome key, however long", () => {
    const random = seeded(5);
    const outcomes = { [noise(random, 40_000)]: 1 } as NonNullable<SessionState["compacted"]>["outcomes"];
    const s = session({ compacted: { count: 1, firstN: 1, lastN: 1, costUsd: 0, durationMs: 0, tokens: 0, outcomes, diffHashes: [] } });
    try {
      encodeStateComment(s);
      expect.unreachable("encode should refuse");
    } catch (error) {
      expect(error instanceof StateEncodeError && error.code).toBe("invalid_state");
    }
  });
});

describe("decodeStateComment errors", () => {
  const good = encodeStateComment(withAttempts([attempt(1), attempt(2)]));
  const payload = payloadOf(good);

  it("no_state_block: plain text, or an escaped marker", () => {
    expectDecodeError("just a comment", "no_state_block");
    expectDecodeError("&lt;!-- foreman:state v1 AAAA -->", "no_state_block");
    expectDecodeError("<!-- foreman:states v1 AAAA -->", "no_state_block");
  });

  it("invalid_state: two blocks in one body are refused, whichever is genuine", () => {
    expectDecodeError(`${good}\n${good}`, "invalid_state", /2 state blocks/);
  });

  it("bad_encoding: a block cut before its end", () => {
    expectDecodeError(good.slice(0, good.length - 10), "bad_encoding", /not closed/);
  });

  it("bad_encoding: not base64, or extra words", () => {
    expectDecodeError(`<!-- foreman:state v1 ${payload.slice(0, 8)}!${payload.slice(9)} -->`, "bad_encoding", /base64/);
    expectDecodeError(`<!-- foreman:state v1 ${payload.slice(1)} -->`, "bad_encoding");
    expectDecodeError(`<!-- foreman:state v1 ${payload} extra -->`, "bad_encoding", /one base64 payload/);
    expectDecodeError(`<!-- foreman:state ${payload} -->`, "bad_encoding", /encoding version/);
  });

  it("bad_encoding: base64 that is not gzip, gzip of non-JSON, non-UTF-8", () => {
    expectDecodeError(`<!-- foreman:state v1 ${Buffer.from("hello, world").toString("base64")} -->`, "bad_encoding", /gzip/);
    expectDecodeError(blockOf("{not json"), "bad_encoding", /not JSON/);
    expectDecodeError(blockOf(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), "bad_encoding", /UTF-8/);
  });

  it("bad_encoding: a decompression bomb is refused", () => {
    const bomb = blockOf(Buffer.alloc(6 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(20_000);
    expectDecodeError(bomb, "bad_encoding", /decompression bomb/);
  });

  propTest.prop([fc.integer({ min: 16, max: 100_000 }), fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")], {
    seed: SEED,
  })("bad_encoding: a flipped character inside the compressed data", (at, replacement) => {
    const i = 16 + (at % (payload.length - 32));
    fc.pre(payload[i] !== replacement);
    const flipped = `${payload.slice(0, i)}${replacement}${payload.slice(i + 1)}`;
    expectDecodeError(`<!-- foreman:state v1 ${flipped} -->`, "bad_encoding");
  });

  propTest.prop([fc.nat(), fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")], { seed: SEED })(
    "a flipped character anywhere never yields a different state: a typed error or the same state",
    (at, replacement) => {
      const i = at % payload.length;
      const flipped = `${payload.slice(0, i)}${replacement}${payload.slice(i + 1)}`;
      let decoded: SessionState | undefined;
      try {
        decoded = decodeStateComment(`<!-- foreman:state v1 ${flipped} -->`);
      } catch (error) {
        expect(error).toBeInstanceOf(StateDecodeError);
        return;
      }
      expect(decoded).toEqual(decodeStateComment(good));
    },
  );

  propTest.prop([fc.jsonValue()], { seed: SEED, numRuns: 200 })("any JSON that is not a state is a typed error", (value) => {
    const error = decodeError(blockOf(JSON.stringify(value) ?? "null"));
    expect(["invalid_state", "unknown_schema_version"]).toContain(error.code);
  });

  it("invalid_state: valid JSON that is not a valid state names the field", () => {
    const s = withAttempts([attempt(1)]);
    expectDecodeError(
      blockOf(JSON.stringify({ ...s, status: "paused" })),
      "invalid_state",
      /state field "status": expected one of pending, running, awaiting_approval, approved, interrupted, ended, got "paused"/,
    );
    expectDecodeError(
      blockOf(JSON.stringify({ ...s, attempts: [{ ...s.attempts[0], outcome: "won" }] })),
      "invalid_state",
      /state field "attempts\[0\]\.outcome": expected one of passed/,
    );
    expectDecodeError(
      blockOf(JSON.stringify({ ...s, sessionId: undefined })),
      "invalid_state",
      /state field "sessionId": expected string, but it is missing/,
    );
    expectDecodeError(
      blockOf(JSON.stringify({ ...s, note: "x".repeat(2001) })),
      "invalid_state",
      /state field "note": expected at most 2000 characters/,
    );
    expectDecodeError(blockOf("[1, 2]"), "invalid_state", /must be a JSON object/);
    expectDecodeError(blockOf(JSON.stringify({ ...s, schemaVersion: "1" })), "invalid_state", /schemaVersion/);
  });

  it("invalid_state: forged extra fields, at the top or nested, are refused by name", () => {
    const s = withAttempts([attempt(1)]);
    expectDecodeError(blockOf(JSON.stringify({ ...s, approvedBy: "mallory" })), "invalid_state", /state field "approvedBy": unknown field/);
    expectDecodeError(
      blockOf(JSON.stringify({ ...s, attempts: [{ ...s.attempts[0], gates: [{ ...s.attempts[0]!.gates![0], trusted: true }] }] })),
      "invalid_state",
      /state field "attempts\[0\]\.gates\[0\]\.trusted": unknown field/,
    );
    expectDecodeError(blockOf(`{"__proto__": {"x": 1}, ${JSON.stringify(s).slice(1)}`), "invalid_state", /"__proto__": unknown field/);
  });

  it("unknown_schema_version: a newer data version or a newer encoding says to upgrade", () => {
    const s = session();
    expectDecodeError(
      blockOf(JSON.stringify({ ...s, schemaVersion: 2 })),
      "unknown_schema_version",
      /schemaVersion 2 was written by a newer Foreman.*upgrade/,
    );
    expectDecodeError(blockOf(JSON.stringify(s), "v2"), "unknown_schema_version", /encoding v2 was written by a newer Foreman.*upgrade/);
  });
});

describe("migrateState", () => {
  /** The documented v0 shape: no `compacted`; the total cost was `cost`, not `spent.costUsd`. */
  const v0 = {
    schemaVersion: 0,
    version: 3,
    sessionId: "issue-7",
    status: "interrupted",
    reason: null,
    createdAt: T0,
    updatedAt: T1,
    task: { issue: 7, title: "Fix the parser" },
    budget: { attempts: 5, minutes: 30, usd: 2 },
    budgetOverrideUsd: null,
    cost: 0.75,
    spent: { durationMs: 4000, attempts: 1 },
    attempts: [attempt(1)],
    lastCommandId: 0,
  };

  it("reads a v0 state as v1", () => {
    const decoded = decodeStateComment(blockOf(JSON.stringify(v0)));
    expect(decoded.schemaVersion).toBe(1);
    expect(decoded.spent).toEqual({ costUsd: 0.75, durationMs: 4000, attempts: 1 });
    expect(decoded.compacted).toBeNull();
    expect(decoded.attempts).toEqual(v0.attempts);
    expect(Object.keys(decoded)).not.toContain("cost");
  });

  it("leaves a current state as it is, and non-objects to validation", () => {
    const s = session();
    expect(migrateState(s)).toEqual(s);
    expect(migrateState("text")).toBe("text");
  });

  it("a v0 state without its cost fails validation by name", () => {
    const { cost: _cost, ...noCost } = v0;
    expectDecodeError(blockOf(JSON.stringify(noCost)), "invalid_state", /state field "spent\.costUsd": expected number/);
  });

  it("refuses a missing, negative or newer schemaVersion", () => {
    expect(() => migrateState({ version: 1 })).toThrow(/state field "schemaVersion": expected a whole number/);
    expect(() => migrateState({ schemaVersion: -1 })).toThrow(StateDecodeError);
    try {
      migrateState({ schemaVersion: 9 });
      expect.unreachable("should throw");
    } catch (error) {
      expect(error instanceof StateDecodeError && error.code).toBe("unknown_schema_version");
    }
  });
});

describe("hasStateBlock", () => {
  it("spots a block, valid or not, and ignores escaped or different markers", () => {
    expect(hasStateBlock(encodeStateComment(session()))).toBe(true);
    expect(hasStateBlock("<!--foreman:state v9 junk")).toBe(true);
    expect(hasStateBlock("&lt;!-- foreman:state v1 AAAA -->")).toBe(false);
    expect(hasStateBlock("<!-- foreman:status -->")).toBe(false);
    expect(hasStateBlock("no block")).toBe(false);
  });
});
