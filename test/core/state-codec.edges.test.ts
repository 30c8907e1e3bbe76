import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { StateDecodeError, StateEncodeError, type StateDecodeErrorCode } from "../../src/core/errors.js";
import {
  compactState,
  decodeStateComment,
  encodeStateComment,
  hasStateBlock,
  MAX_COMMENT_CHARS,
  MAX_COMPACTED_DIFF_HASHES,
  MAX_DECODED_BYTES,
  MAX_VISIBLE_CHARS,
  migrateState,
  STATE_ENCODING_VERSION,
  STATE_MARKER,
} from "../../src/core/state-codec.js";
import { sessionStateSchema, type Attempt, type SessionState } from "../../src/core/state.js";
import { sampleSession as session } from "../support/session.js";
import { noise, seeded } from "../support/seeded-noise.js";

// The codec's edges: every refusal's exact wording (the message names the field and the
// value, which is what a maintainer reading a broken state comment gets), the size limit
// at its boundary, and the exact totals of compaction at saturation.

const T0 = "2026-01-05T09:00:00.000Z";
const T1 = "2026-01-05T09:30:00.000Z";

/** mulberry32: seeded, so "random" content is the same on every run. */

function attempt(n: number, overrides: Partial<Attempt> = {}): Attempt {
  return {
    n,
    startedAt: T0,
    finishedAt: T1,
    outcome: "gates_failed",
    durationMs: 10,
    costUsd: 0.1,
    tokens: 100,
    diffHash: `hash-${n}`,
    ...overrides,
  };
}

function withAttempts(attempts: Attempt[], overrides: Partial<SessionState> = {}): SessionState {
  const costUsd = attempts.reduce((s, a) => s + (a.costUsd ?? 0), 0);
  const durationMs = attempts.reduce((s, a) => s + (a.durationMs ?? 0), 0);
  return session({ status: "running", attempts, spent: { costUsd, durationMs, attempts: attempts.length }, ...overrides });
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

function expectDecodeError(body: string, code: StateDecodeErrorCode, message: string): void {
  const error = decodeError(body);
  expect(error.code).toBe(code);
  expect(error.message).toBe(message);
}

/** The `invalid_state` message for a state JSON with `patch` applied. */
function invalidMessage(patch: Record<string, unknown>): string {
  const error = decodeError(blockOf(JSON.stringify({ ...withAttempts([attempt(1)]), ...patch })));
  expect(error.code).toBe("invalid_state");
  return error.message;
}

function encodeError(state: SessionState, maxChars?: number): StateEncodeError {
  try {
    encodeStateComment(state, maxChars === undefined ? {} : { maxChars });
  } catch (error) {
    if (error instanceof StateEncodeError) return error;
    throw new Error(`expected StateEncodeError, got ${String(error)}`, { cause: error });
  }
  throw new Error("expected encodeStateComment to throw");
}

describe("invalid_state messages name the field, the expectation and the value", () => {
  const a1 = attempt(1);

  it("a wrong type, a missing field, and how many more problems there are", () => {
    expect(invalidMessage({ version: "3" })).toBe('state field "version": expected number, got "3"');
    expect(invalidMessage({ status: "paused", version: "3" })).toMatch(/ \(and 1 more problem\)$/);
    expect(invalidMessage({ status: "paused", version: "3", lastCommandId: "x" })).toMatch(/ \(and 2 more problems\)$/);
    expect(invalidMessage({ createdAt: undefined })).toBe('state field "createdAt": expected string, but it is missing');
  });

  it("lengths in characters for text and items for lists, none for numbers", () => {
    expect(invalidMessage({ sessionId: "" })).toBe('state field "sessionId": not a session id: it is empty');
    expect(invalidMessage({ task: { title: "x".repeat(1001) } })).toMatch(
      /^state field "task.title": expected at most 1000 characters, got "x{56}\.\.\.$/,
    );
    expect(invalidMessage({ note: "x".repeat(2001) })).toMatch(/^state field "note": expected at most 2000 characters, got "x{56}\.\.\.$/);
    const gate = { name: "t", root: ".", ok: true, exitCode: 0, durationMs: 1 };
    expect(invalidMessage({ attempts: [{ ...a1, gates: Array.from({ length: 51 }, () => gate) }] })).toBe(
      'state field "attempts[0].gates": expected at most 50 items, got a list',
    );
    expect(invalidMessage({ attempts: [{ ...a1, n: 0 }] })).toBe('state field "attempts[0].n": expected at least 0, got 0');
  });

  it("date-times and hashes say which format is expected", () => {
    expect(invalidMessage({ updatedAt: "yesterday" })).toBe('state field "updatedAt": expected an ISO-8601 date-time with offset, got "yesterday"');
    expect(invalidMessage({ headSha: "xyz" })).toBe('state field "headSha": expected text matching /^[0-9a-f]{40,64}$/, got "xyz"');
  });

  it("describes lists, objects and null by kind, not by content", () => {
    expect(invalidMessage({ task: null })).toBe('state field "task": expected object, got null');
    expect(invalidMessage({ sessionId: ["a"] })).toBe('state field "sessionId": expected string, got a list');
    expect(invalidMessage({ sessionId: { a: 1 } })).toBe('state field "sessionId": expected string, got an object');
  });

  it("a single allowed value is named as that value", () => {
    // Only a caller that bypasses the types can hand over another version; the encoder still refuses it.
    const zero: number = 0;
    const error = encodeError(session({ schemaVersion: zero as SessionState["schemaVersion"] }));
    expect(error.code).toBe("invalid_state");
    expect(error.message).toBe('Refusing to write an invalid session state: state field "schemaVersion": expected 1, got 0');
  });

  it("a problem zod words itself (an unknown outcome key) still names the field", () => {
    const compacted = { count: 1, firstN: 1, lastN: 1, costUsd: 0, durationMs: 0, tokens: 0, outcomes: { won: 1 }, diffHashes: [] };
    expect(invalidMessage({ compacted })).toMatch(/^state field "compacted\.outcomes(\.won)?": \S/);
  });

  it("shortens a long unknown field name to 80 characters", () => {
    const key = "k".repeat(100);
    expect(invalidMessage({ [key]: 1 })).toBe(
      `state field "${"k".repeat(77)}...": unknown field; Foreman never writes it (forged or corrupted state).`,
    );
  });

  it("a body whose JSON is not an object says what it got", () => {
    expectDecodeError(blockOf("[1, 2]"), "invalid_state", "State must be a JSON object, got a list.");
    expectDecodeError(blockOf("null"), "invalid_state", "State must be a JSON object, got null.");
    expectDecodeError(blockOf('"x"'), "invalid_state", 'State must be a JSON object, got "x".');
  });

  it("keeps the zod error as the cause", () => {
    expect(decodeError(blockOf(JSON.stringify({ ...session(), status: "paused" }))).cause).toBeInstanceOf(Error);
  });
});

describe("migrateState refusals", () => {
  it.each([
    [{ version: 1 }, "got nothing"],
    [{ schemaVersion: -1 }, "got -1"],
    [{ schemaVersion: 0.5 }, "got 0.5"],
    [{ schemaVersion: [1] }, "got a list"],
    [{ schemaVersion: "1" }, 'got "1"'],
  ])("%j: schemaVersion must be a whole number (%s)", (raw, got) => {
    try {
      migrateState(raw);
      expect.unreachable("migrateState should refuse");
    } catch (error) {
      expect(error).toBeInstanceOf(StateDecodeError);
      expect(error instanceof StateDecodeError && error.code).toBe("invalid_state");
      expect(error instanceof Error && error.message).toBe(`state field "schemaVersion": expected a whole number of 0 or more, ${got}`);
    }
  });

  it("a newer schemaVersion names both versions", () => {
    try {
      migrateState({ schemaVersion: 2 });
      expect.unreachable("migrateState should refuse");
    } catch (error) {
      expect(error instanceof StateDecodeError && error.message).toBe(
        "State schemaVersion 2 was written by a newer Foreman (this one reads up to 1); upgrade Foreman.",
      );
    }
  });

  it("reads a v0 state whose spent was not an object: the cost still moves into spent", () => {
    const v0 = { ...session(), schemaVersion: 0, cost: 0.5, spent: null, compacted: undefined };
    expect(migrateState(v0)).toMatchObject({ schemaVersion: 1, spent: { costUsd: 0.5 }, compacted: null });
  });
});

describe("the state block's envelope", () => {
  const s = withAttempts([attempt(1), attempt(2)]);
  const payload = /v1 (\S+) -->$/.exec(encodeStateComment(s))![1]!;

  it("reads a block whose words are split by newlines and runs of spaces", () => {
    expect(decodeStateComment(`text\n<!--foreman:state\nv1   ${payload}\n-->\nafter`)).toEqual(s);
  });

  it("refuses an unknown older encoding, a missing payload and a malformed version, quoting what it found", () => {
    expectDecodeError(`<!-- foreman:state v0 ${payload} -->`, "bad_encoding", "State block encoding v0 is not known (expected v1).");
    expectDecodeError("<!-- foreman:state v1 -->", "bad_encoding", "State block must hold one base64 payload after v1, found 0 words.");
    expectDecodeError(
      `<!-- foreman:state v1 ${payload} x y -->`,
      "bad_encoding",
      "State block must hold one base64 payload after v1, found 3 words.",
    );
    expectDecodeError(
      `<!-- foreman:state v1234567 ${payload} -->`,
      "bad_encoding",
      'State block has no encoding version (expected "v1", got "v1234567").',
    );
    expectDecodeError(
      `<!-- foreman:state x${payload} -->`,
      "bad_encoding",
      `State block has no encoding version (expected "v1", got "x${payload.slice(0, 76)}...").`,
    );
  });

  it("refuses a newer encoding with the exact upgrade advice", () => {
    expectDecodeError(
      `<!-- foreman:state v${STATE_ENCODING_VERSION + 1} ${payload} -->`,
      "unknown_schema_version",
      "State block encoding v2 was written by a newer Foreman (this one reads v1); upgrade Foreman.",
    );
  });

  it("refuses a block that is never closed, and names two blocks", () => {
    expectDecodeError(`<!-- foreman:state v1 ${payload}`, "bad_encoding", "State block is not closed with --> (the comment was cut).");
    const body = encodeStateComment(s);
    expectDecodeError(
      `${body}\n${body}\n${body}`,
      "invalid_state",
      "Comment has 3 state blocks; Foreman writes exactly one and cannot tell which is genuine (one may be pasted text).",
    );
    expectDecodeError("no block", "no_state_block", "Comment has no state block (<!-- foreman:state … -->).");
  });

  it("the --> searched for is the one after the marker, not an earlier one", () => {
    expect(decodeStateComment(`a --> b\n\n<!-- foreman:state v1 ${payload} -->`)).toEqual(s);
  });

  it("refuses a payload with characters outside base64 anywhere, or padding in the middle", () => {
    const message = "State block payload is not base64 (the comment was edited or cut).";
    expectDecodeError(`<!-- foreman:state v1 !${payload.slice(1)} -->`, "bad_encoding", message);
    expectDecodeError(`<!-- foreman:state v1 ${payload.slice(0, -4)}AAA! -->`, "bad_encoding", message);
    expectDecodeError(`<!-- foreman:state v1 ==${payload.slice(2)} -->`, "bad_encoding", message);
    expectDecodeError(`<!-- foreman:state v1 ${payload.slice(1)} -->`, "bad_encoding", message);
  });

  it("names the decoding step that failed", () => {
    expectDecodeError(
      `<!-- foreman:state v1 ${Buffer.from("hello, world").toString("base64")} -->`,
      "bad_encoding",
      "State block payload is not valid gzip data (corrupted or edited).",
    );
    expectDecodeError(blockOf("{not json"), "bad_encoding", "State block payload is not JSON.");
    expectDecodeError(blockOf(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), "bad_encoding", "State block payload is not UTF-8 text.");
    expectDecodeError(
      blockOf(Buffer.alloc(MAX_DECODED_BYTES + 1, 0x20)),
      "bad_encoding",
      `State block inflates to more than ${MAX_DECODED_BYTES} bytes; refusing it (decompression bomb?).`,
    );
  });

  it("accepts a JSON of exactly the largest decoded size", () => {
    const json = JSON.stringify(s);
    const padded = Buffer.concat([Buffer.from(json), Buffer.alloc(MAX_DECODED_BYTES - Buffer.byteLength(json), 0x20)]);
    expect(decodeStateComment(blockOf(padded))).toEqual(s);
  });

  it.each([
    ["<!-- foreman:state:x v1 AAAA -->", false],
    ["<!-- foreman:state_x v1 AAAA -->", false],
    ["<!-- foreman:state1 v1 AAAA -->", false],
    ["<!-- foreman:stateZ v1 AAAA -->", false],
    ["<!--\tforeman:state v1 AAAA -->", true],
    ["<!-- foreman:state-x v1 AAAA -->", true],
    ["<!-- foreman:state", true],
    ["<!- foreman:state v1 AAAA -->", false],
  ])("hasStateBlock(%j) is %s", (body, expected) => {
    expect(hasStateBlock(body)).toBe(expected);
  });
});

describe("encodeStateComment: the size limit", () => {
  const s = withAttempts(Array.from({ length: 6 }, (_, i) => attempt(i + 1, { summary: `summary ${i}` })));

  it("a limit of exactly the body's length writes the same body; one less cannot", () => {
    const body = encodeStateComment(s);
    expect(encodeStateComment(s, { maxChars: body.length })).toBe(body);
    expect(encodeStateComment(s, { maxChars: body.length - 1 })).not.toBe(body);
  });

  it("never exceeds a limit, whatever it is, or says it is too large", () => {
    for (let maxChars = 150; maxChars <= 2200; maxChars += 41) {
      try {
        const body = encodeStateComment(s, { maxChars });
        expect(body.length).toBeLessThanOrEqual(maxChars);
        expect(sessionStateSchema.safeParse(decodeStateComment(body)).success).toBe(true);
      } catch (error) {
        expect(error instanceof StateEncodeError && error.code).toBe("too_large");
      }
    }
  });

  it("keeps the largest window of recent attempts that fits", () => {
    const random = seeded(17);
    const noisy = withAttempts(Array.from({ length: 6 }, (_, i) => attempt(i + 1, { summary: noise(random, 300) })));
    const visible = "status";
    const full = encodeStateComment(noisy, { visible });
    const maxChars = full.length - 200;
    const decoded = decodeStateComment(encodeStateComment(noisy, { visible, maxChars }));
    const kept = decoded.attempts.length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(noisy.attempts.length);
    // One more attempt in full would not have fitted beside the same visible status.
    expect(encodeStateComment(compactState(noisy, kept + 1), { visible }).length).toBeGreaterThan(maxChars);
  });

  it("refuses with too_large when not even the block fits, naming the session and the limit", () => {
    const error = encodeError(s, 100);
    expect(error.code).toBe("too_large");
    expect(error.message).toBe(
      'Session "issue-7" does not fit in a 100-character comment even with every attempt compacted; its other fields (note, approval reasons, compacted outcomes) are too large.',
    );
  });

  it("a limit above GitHub's is clamped to it", () => {
    const random = seeded(11);
    const big = withAttempts(Array.from({ length: 60 }, (_, i) => attempt(i + 1, { summary: noise(random, 2000) })));
    const body = encodeStateComment(big, { maxChars: 10 * MAX_COMMENT_CHARS });
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(decodeStateComment(body).attempts.length).toBeLessThan(60);
  });

  it("the one-line status names an ended session's reason", () => {
    const ended = withAttempts([attempt(1)], {
      status: "ended",
      reason: "cancelled",
      endedAt: T1,
      spent: { costUsd: 0.1, durationMs: 10, attempts: 1 },
    });
    const block = encodeStateComment(ended).split("\n\n").at(-1)!;
    const body = encodeStateComment(ended, { visible: "v".repeat(MAX_VISIBLE_CHARS), maxChars: block.length + 150 });
    expect(body.split("\n\n")[0]).toBe("**Foreman** · status: ended (cancelled) · 1 attempts. Run `/status` for details.");
  });

  it("cutting prose keeps at most five approval reasons of 200 characters", () => {
    const random = seeded(13);
    const s7 = session({ approval: { requestedAt: T0, expiresAt: T1, reasons: Array.from({ length: 7 }, () => noise(random, 500)) } });
    const full = encodeStateComment(s7);
    const blockLength = full.length - full.indexOf("<!--");
    const cut = decodeStateComment(encodeStateComment(s7, { maxChars: Math.floor(blockLength / 2) }));
    expect(cut.approval?.reasons).toEqual(s7.approval!.reasons.slice(0, 5).map((r) => `${r.slice(0, 199)}…`));
    expect(cut.task.title).toBe(s7.task.title);
    expect(cut.note).toBeUndefined();
  });
});

describe("compactState: bounds and saturation", () => {
  const compacted = (diffHashes: string[]) => ({ count: 1, firstN: 1, lastN: 1, costUsd: 0, durationMs: 0, tokens: 0, outcomes: {}, diffHashes });

  it("returns the state itself with exactly the maximum of compacted hashes, and trims one more", () => {
    const hashes = Array.from({ length: MAX_COMPACTED_DIFF_HASHES + 1 }, (_, i) => `h${i}`);
    const atMax = withAttempts([attempt(2)], { compacted: compacted(hashes.slice(1)) });
    expect(compactState(atMax, 1)).toBe(atMax);
    const over = withAttempts([attempt(2)], { compacted: compacted(hashes) });
    const trimmed = compactState(over, 1);
    expect(trimmed.compacted?.diffHashes).toEqual(hashes.slice(1));
    expect(trimmed.attempts).toEqual(over.attempts);
    expect(over.compacted?.diffHashes).toHaveLength(MAX_COMPACTED_DIFF_HASHES + 1);
  });

  it("does not change the state it folds", () => {
    const s = withAttempts([attempt(1), attempt(2)], { compacted: null });
    const before = structuredClone(s);
    compactState(s, 0);
    expect(s).toEqual(before);
    const withC = withAttempts([attempt(2), attempt(3)], { compacted: { ...compacted(["x"]), outcomes: { passed: 1 } } });
    const beforeC = structuredClone(withC);
    expect(compactState(withC, 0).compacted).toMatchObject({ count: 3, firstN: 1, lastN: 3, outcomes: { passed: 1, gates_failed: 2 } });
    expect(withC).toEqual(beforeC);
  });

  it("a finished attempt without an outcome counts as unknown", () => {
    const c = compactState(withAttempts([attempt(1, { outcome: undefined })]), 0);
    expect(c.compacted?.outcomes).toEqual({ unknown: 1 });
  });

  it("saturates cost, duration and tokens at the largest valid value", () => {
    const huge = Number.MAX_SAFE_INTEGER - 1;
    const s = withAttempts([
      attempt(1, { durationMs: huge, tokens: huge, costUsd: Number.MAX_VALUE }),
      attempt(2, { durationMs: huge, tokens: huge, costUsd: Number.MAX_VALUE }),
    ]);
    const c = compactState({ ...s, spent: { costUsd: 1, durationMs: 1, attempts: 2 } }, 0);
    expect(c.compacted).toMatchObject({
      count: 2,
      costUsd: Number.MAX_VALUE,
      durationMs: Number.MAX_SAFE_INTEGER,
      tokens: Number.MAX_SAFE_INTEGER,
    });
    expect(sessionStateSchema.safeParse(c).success).toBe(true);
  });

  it("names the refused window", () => {
    expect(() => compactState(session(), -2)).toThrow(new RangeError("keepRecent must be a whole number of 0 or more, got -2"));
  });
});
