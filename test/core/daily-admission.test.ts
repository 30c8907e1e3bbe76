import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { admitReservation, usedOnDay, type DailyLedgerEntry } from "../../src/core/daily-admission.js";
import { InvalidArgumentError } from "../../src/core/errors.js";

const DAY = "2026-05-01";
const NEXT = "2026-05-02";

const reserve = (commentId: number, usd: number, sessionKey = `issue-${commentId}`, day = DAY): DailyLedgerEntry => ({
  commentId,
  day,
  sessionKey,
  type: "reserve",
  usd,
});
const settle = (commentId: number, reservationId: number, usd: number, sessionKey = `issue-${reservationId}`, day = DAY): DailyLedgerEntry => ({
  commentId,
  day,
  sessionKey,
  type: "settle",
  reservationId,
  usd,
});
const withdraw = (commentId: number, reservationId: number, sessionKey = `issue-${reservationId}`, day = DAY): DailyLedgerEntry => ({
  commentId,
  day,
  sessionKey,
  type: "withdraw",
  reservationId,
});

describe("admitReservation", () => {
  it("admits the first reservation of the day within the cap, and one exactly at the cap", () => {
    expect(admitReservation([reserve(10, 3)], 10, 5, DAY)).toEqual({ admitted: true, usedBeforeUsd: 0 });
    expect(admitReservation([reserve(10, 5)], 10, 5, DAY)).toEqual({ admitted: true, usedBeforeUsd: 0 });
    expect(admitReservation([reserve(10, 5.000001)], 10, 5, DAY)).toEqual({ admitted: false, usedBeforeUsd: 0 });
  });

  it("counts open earlier reservations whole; later ones by comment id count nothing", () => {
    const entries = [reserve(10, 3), reserve(11, 2), reserve(12, 1)];
    expect(admitReservation(entries, 11, 5, DAY)).toEqual({ admitted: true, usedBeforeUsd: 3 });
    expect(admitReservation(entries, 12, 5, DAY)).toEqual({ admitted: false, usedBeforeUsd: 5 });
    expect(admitReservation(entries, 10, 5, DAY)).toEqual({ admitted: true, usedBeforeUsd: 0 });
  });

  it("orders by comment id, not by position in the list", () => {
    const entries = [reserve(12, 1), reserve(11, 2), reserve(10, 3)];
    expect(admitReservation(entries, 12, 5, DAY)).toEqual({ admitted: false, usedBeforeUsd: 5 });
    expect(admitReservation(entries, 11, 5, DAY).usedBeforeUsd).toBe(3);
  });

  it("counts a settled reservation at its actual cost (the unused part returns to the day), also above the reservation", () => {
    expect(admitReservation([reserve(10, 3), settle(20, 10, 0.5), reserve(30, 4.5)], 30, 5, DAY)).toEqual({ admitted: true, usedBeforeUsd: 0.5 });
    expect(admitReservation([reserve(10, 3), settle(20, 10, 4), reserve(30, 1.5)], 30, 5, DAY)).toEqual({ admitted: false, usedBeforeUsd: 4 });
  });

  it("applies a settle or withdraw appended after the reservation being judged (it closes an earlier reservation)", () => {
    expect(admitReservation([reserve(10, 3), reserve(11, 2.5), withdraw(12, 10)], 11, 5, DAY)).toEqual({ admitted: true, usedBeforeUsd: 0 });
    expect(admitReservation([reserve(10, 3), reserve(11, 2.5), settle(12, 10, 1)], 11, 5, DAY)).toEqual({ admitted: true, usedBeforeUsd: 1 });
  });

  it("counts a withdrawn reservation as nothing", () => {
    expect(admitReservation([reserve(10, 5), withdraw(11, 10), reserve(12, 5)], 12, 5, DAY)).toEqual({ admitted: true, usedBeforeUsd: 0 });
  });

  it("takes only the first closing entry of a reservation, by comment id", () => {
    const settledThenWithdrawn = [reserve(10, 3), withdraw(22, 10), settle(21, 10, 2), reserve(30, 1)];
    expect(admitReservation(settledThenWithdrawn, 30, 5, DAY).usedBeforeUsd).toBe(2);
    const withdrawnThenSettled = [reserve(10, 3), settle(22, 10, 2), withdraw(21, 10), reserve(30, 1)];
    expect(admitReservation(withdrawnThenSettled, 30, 5, DAY).usedBeforeUsd).toBe(0);
    const twoSettles = [reserve(10, 3), settle(21, 10, 1), settle(22, 10, 2.5), reserve(30, 1)];
    expect(admitReservation(twoSettles, 30, 5, DAY).usedBeforeUsd).toBe(1);
  });

  it("ignores a closing entry from another session than the one that reserved, and one for an unknown reservation", () => {
    const entries = [
      reserve(10, 3, "issue-1"),
      withdraw(11, 10, "issue-2"),
      settle(12, 10, 0, "issue-3"),
      withdraw(13, 99, "issue-1"),
      reserve(30, 1),
    ];
    expect(admitReservation(entries, 30, 5, DAY)).toEqual({ admitted: true, usedBeforeUsd: 3 });
    // The rightful session's closing entry still counts after an ignored one.
    expect(admitReservation([...entries, settle(14, 10, 0.25, "issue-1")], 30, 5, DAY).usedBeforeUsd).toBe(0.25);
  });

  it("ignores a closing entry that names a settle or withdraw comment instead of a reservation", () => {
    const entries = [reserve(10, 3), settle(11, 10, 1), withdraw(12, 11, "issue-10"), reserve(30, 1)];
    expect(admitReservation(entries, 30, 5, DAY).usedBeforeUsd).toBe(1);
  });

  it("counts only reservations of the same UTC day; a settle written the next day still closes its reservation", () => {
    const entries = [reserve(5, 4, "issue-5", "2026-04-30"), reserve(10, 3), settle(20, 10, 1, "issue-10", NEXT), reserve(30, 4)];
    expect(admitReservation(entries, 30, 5, DAY)).toEqual({ admitted: true, usedBeforeUsd: 1 });
    expect(admitReservation([reserve(10, 3), reserve(30, 4, "issue-30", NEXT)], 30, 5, NEXT)).toEqual({ admitted: true, usedBeforeUsd: 0 });
  });

  it("sums in exact cents (0.1 + 0.2 leaves exactly 0.2 of a 0.5 cap)", () => {
    expect(admitReservation([reserve(1, 0.1), reserve(2, 0.2), reserve(3, 0.2)], 3, 0.5, DAY)).toEqual({ admitted: true, usedBeforeUsd: 0.3 });
  });

  it("counts a reservation listed twice (pagination overlap) once", () => {
    expect(admitReservation([reserve(10, 3), reserve(10, 3), reserve(11, 2)], 11, 5, DAY)).toEqual({ admitted: true, usedBeforeUsd: 3 });
  });

  it("admits nothing under a cap that is not a finite number of 0 or more; a zero reservation fits a zero cap", () => {
    for (const cap of [Number.NaN, -1, Number.POSITIVE_INFINITY]) expect(admitReservation([reserve(10, 0)], 10, cap, DAY).admitted).toBe(false);
    expect(admitReservation([reserve(10, 0)], 10, 0, DAY).admitted).toBe(true);
    expect(admitReservation([reserve(10, 0.01)], 10, 0, DAY).admitted).toBe(false);
  });

  it("fails closed on an amount that is not a finite number of 0 or more", () => {
    for (const bad of [Number.NaN, -2, Number.POSITIVE_INFINITY]) {
      expect(admitReservation([reserve(10, bad)], 10, 5, DAY).admitted).toBe(false);
      const after = admitReservation([reserve(9, bad), reserve(10, 1)], 10, 5, DAY);
      expect(after.admitted).toBe(false);
      expect(after.usedBeforeUsd).toBeNaN();
      expect(admitReservation([reserve(8, 1), settle(9, 8, bad), reserve(10, 1)], 10, 5, DAY).admitted).toBe(false);
    }
  });

  it("throws an InvalidArgumentError when the reservation is not among the entries (or is not a reserve)", () => {
    const caught = (() => {
      try {
        admitReservation([reserve(10, 1), settle(11, 10, 1)], 11, 5, DAY);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(caught).toBeInstanceOf(InvalidArgumentError);
    expect(caught).toMatchObject({ argument: "reservationCommentId", kind: "internal" });
    expect(() => admitReservation([], 1, 5, DAY)).toThrow(InvalidArgumentError);
  });
});

describe("usedOnDay", () => {
  it("counts the day's open reservations whole, settled ones at cost, withdrawn ones as nothing, other days not at all", () => {
    const entries = [
      reserve(1, 9, "issue-1", "2026-04-30"),
      reserve(10, 3),
      reserve(11, 2),
      reserve(12, 4),
      settle(20, 10, 1.25),
      withdraw(21, 12),
      settle(22, 1, 9, "issue-1", DAY),
    ];
    expect(usedOnDay(entries, DAY)).toBe(3.25);
    expect(usedOnDay(entries, "2026-04-30")).toBe(9);
    expect(usedOnDay(entries, NEXT)).toBe(0);
    expect(usedOnDay([], DAY)).toBe(0);
  });

  it("is unknown (NaN) when an amount is invalid", () => {
    expect(usedOnDay([reserve(1, Number.NaN)], DAY)).toBeNaN();
  });
});

/**
 * Runners racing: each session appends a reserve (ids increase with time), later reads the
 * ledger and judges its own reservation, then either withdraws (refused) or runs and settles
 * at most what it reserved. Whatever the interleaving, what admitted sessions spend, counted
 * at every step (open reservations whole, settled ones at cost), never passes the cap.
 */
describe("admission under any interleaving", () => {
  type Step = { session: number; phase: "reserve" | "judge" | "close" };
  const scenario = fc
    .record({
      cents: fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 8 }),
      capCents: fc.integer({ min: 0, max: 1000 }),
      spendShare: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 8, maxLength: 8 }),
      order: fc.array(fc.nat(), { minLength: 24, maxLength: 24 }),
    })
    .map(({ cents, capCents, spendShare, order }) => {
      // A random interleaving that keeps each session's own steps in order.
      const remaining = cents.map(() => ["reserve", "judge", "close"] as Step["phase"][]);
      const steps: Step[] = [];
      for (let k = 0; steps.length < cents.length * 3; k++) {
        const live = remaining.flatMap((r, i) => (r.length > 0 ? [i] : []));
        const session = live[(order[k % order.length] ?? 0) % live.length]!;
        steps.push({ session, phase: remaining[session]!.shift()! });
      }
      return { cents, capCents, spendShare, steps };
    });

  test.prop([scenario], { seed: 0x8c0de, numRuns: 400 })(
    "never lets admitted sessions spend more than the cap",
    ({ cents, capCents, spendShare, steps }) => {
      const entries: DailyLedgerEntry[] = [];
      const reservationOf = new Map<number, number>();
      const admitted = new Map<number, boolean>();
      const settled = new Map<number, number>();
      let nextId = 100;
      const cap = capCents / 100;
      for (const { session, phase } of steps) {
        const key = `issue-${session + 1}`;
        const usd = cents[session]! / 100;
        if (phase === "reserve") {
          const id = nextId++;
          reservationOf.set(session, id);
          entries.push({ commentId: id, day: DAY, sessionKey: key, type: "reserve", usd });
        } else if (phase === "judge") {
          admitted.set(session, admitReservation(entries, reservationOf.get(session)!, cap, DAY).admitted);
        } else if (admitted.get(session) === true) {
          const spent = Math.floor((cents[session]! * spendShare[session]!) / 100) / 100;
          settled.set(session, spent);
          entries.push({ commentId: nextId++, day: DAY, sessionKey: key, type: "settle", reservationId: reservationOf.get(session)!, usd: spent });
        } else {
          entries.push({ commentId: nextId++, day: DAY, sessionKey: key, type: "withdraw", reservationId: reservationOf.get(session)! });
        }
        let committed = 0;
        for (const [s, ok] of admitted) if (ok) committed += Math.round((settled.get(s) ?? cents[s]! / 100) * 100);
        expect(committed).toBeLessThanOrEqual(capCents);
      }
      // The first reservation by id always fits when it alone is within the cap.
      const first = [...reservationOf].sort(([, a], [, b]) => a - b)[0]!;
      expect(admitted.get(first[0])).toBe(cents[first[0]]! <= capCents);
    },
  );
});
