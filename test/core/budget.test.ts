import { describe, expect, it } from "vitest";
import { fc, test } from "@fast-check/vitest";
import { attemptCost, checkBudget, dailyAdmission, effectiveRunBudget, readmission, type DailyLedgerEntry } from "../../src/core/budget.js";
import { parseConfig, type Config } from "../../src/core/config.js";

const SEED = { seed: 0xb0d9, numRuns: 300 };
const defaults = parseConfig({});

function withLimits(config: Config, limits: Partial<Config["limits"]>): Config {
  return { ...config, limits: { ...config.limits, ...limits } };
}

describe("effectiveRunBudget", () => {
  it("is per_run when nothing applies", () => {
    expect(effectiveRunBudget({ config: defaults, labels: [], budgetOverrideUsd: null, dailySpentUsd: 0 })).toEqual({
      exhausted: false,
      budget: { attempts: 5, minutes: 30, usd: 2 },
      notes: [],
      dailyRemainingUsd: 20,
    });
  });

  it("raises every field for a budget label", () => {
    const r = effectiveRunBudget({
      config: defaults,
      labels: ["bug", "foreman:budget-large"],
      budgetOverrideUsd: null,
      dailySpentUsd: 0,
    });
    expect(r.budget).toEqual({ attempts: 10, minutes: 60, usd: 5 });
    expect(r.notes).toEqual(['Label "foreman:budget-large" raises attempts from 5 to 10, minutes from 30 to 60, USD from 2 to 5.']);
  });

  it("takes the largest value per field across matching labels", () => {
    const config = parseConfig({
      budget: {
        labels: {
          "many-tries": { attempts: 15, minutes: 10, usd: 1 },
          "long-run": { attempts: 2, minutes: 90, usd: 3 },
        },
      },
    });
    const r = effectiveRunBudget({ config, labels: ["many-tries", "long-run"], budgetOverrideUsd: null, dailySpentUsd: 0 });
    expect(r.budget).toEqual({ attempts: 15, minutes: 90, usd: 3 });
    expect(r.notes).toEqual(['Label "long-run" raises minutes from 30 to 90, USD from 2 to 3.', 'Label "many-tries" raises attempts from 5 to 15.']);
  });

  it("never lowers a field below per_run for a label", () => {
    const config = parseConfig({ budget: { labels: { small: { attempts: 1, minutes: 1, usd: 0.1 } } } });
    const r = effectiveRunBudget({ config, labels: ["small"], budgetOverrideUsd: null, dailySpentUsd: 0 });
    expect(r.budget).toEqual({ attempts: 5, minutes: 30, usd: 2 });
    expect(r.notes).toEqual([]);
  });

  it("matches labels ignoring case and ignores unknown labels", () => {
    const r = effectiveRunBudget({
      config: defaults,
      labels: ["Foreman:Budget-XL", "foreman:budget-huge"],
      budgetOverrideUsd: null,
      dailySpentUsd: 0,
    });
    expect(r.budget).toEqual({ attempts: 20, minutes: 120, usd: 10 });
  });

  it("lets /budget raise the USD budget", () => {
    const r = effectiveRunBudget({ config: defaults, labels: [], budgetOverrideUsd: 8, dailySpentUsd: 0 });
    expect(r.budget).toEqual({ attempts: 5, minutes: 30, usd: 8 });
    expect(r.notes).toEqual(["USD set from 2 to 8 by /budget."]);
  });

  it("lets /budget lower the USD budget, also below a label's", () => {
    const r = effectiveRunBudget({ config: defaults, labels: ["foreman:budget-xl"], budgetOverrideUsd: 1.5, dailySpentUsd: 0 });
    expect(r.budget).toEqual({ attempts: 20, minutes: 120, usd: 1.5 });
    expect(r.notes.at(-1)).toBe("USD set from 10 to 1.50 by /budget.");
  });

  it("adds no note when /budget sets the same amount", () => {
    const r = effectiveRunBudget({ config: defaults, labels: [], budgetOverrideUsd: 2, dailySpentUsd: 0 });
    expect(r.notes).toEqual([]);
  });

  it.each([0, -3, Number.NaN, Number.POSITIVE_INFINITY])("ignores a /budget amount of %s with a note", (override) => {
    const r = effectiveRunBudget({ config: defaults, labels: [], budgetOverrideUsd: override, dailySpentUsd: 0 });
    expect(r.budget).toEqual({ attempts: 5, minutes: 30, usd: 2 });
    expect(r.notes).toEqual([`The /budget amount ${String(override)} is not a positive USD amount and was ignored.`]);
  });

  it("lowers every field to the org ceilings", () => {
    const config = withLimits(defaults, { per_run: { attempts: 7, minutes: 45, usd: 3 } });
    const r = effectiveRunBudget({ config, labels: ["foreman:budget-xl"], budgetOverrideUsd: null, dailySpentUsd: 0 });
    expect(r.budget).toEqual({ attempts: 7, minutes: 45, usd: 3 });
    expect(r.notes.slice(1)).toEqual([
      "Attempts lowered from 20 to 7: that is the org limit limits.per_run.attempts.",
      "Minutes lowered from 120 to 45: that is the org limit limits.per_run.minutes.",
      "USD lowered from 10 to 3: that is the org limit limits.per_run.usd.",
    ]);
  });

  it("lowers a /budget raise to the org ceiling", () => {
    const config = parseConfig({ limits: { per_run: { usd: 4 } } });
    const r = effectiveRunBudget({ config, labels: [], budgetOverrideUsd: 50, dailySpentUsd: 0 });
    expect(r.budget.usd).toBe(4);
    expect(r.notes).toEqual(["USD set from 2 to 50 by /budget.", "USD lowered from 50 to 4: that is the org limit limits.per_run.usd."]);
  });

  it("lowers USD to what remains of the daily cap", () => {
    const r = effectiveRunBudget({ config: defaults, labels: ["foreman:budget-xl"], budgetOverrideUsd: null, dailySpentUsd: 15.5 });
    expect(r).toMatchObject({ exhausted: false, budget: { attempts: 20, minutes: 120, usd: 4.5 }, dailyRemainingUsd: 4.5 });
    expect(r.notes.at(-1)).toBe("USD lowered from 10 to 4.50: that is what remains of today's 20 USD cap.");
  });

  it("keeps the budget when the daily remainder is larger", () => {
    const r = effectiveRunBudget({ config: defaults, labels: [], budgetOverrideUsd: null, dailySpentUsd: 17.99 });
    expect(r.budget.usd).toBe(2);
    expect(r.dailyRemainingUsd).toBe(2.01);
    expect(r.notes).toEqual([]);
  });

  it("applies the daily remainder to a /budget raise", () => {
    const r = effectiveRunBudget({ config: defaults, labels: [], budgetOverrideUsd: 100, dailySpentUsd: 0 });
    expect(r.budget.usd).toBe(20);
    expect(r.notes.at(-1)).toBe("USD lowered from 100 to 20: that is what remains of today's 20 USD cap.");
  });

  it("uses the stricter of budget.daily.usd and limits.daily.usd", () => {
    const config = withLimits(defaults, { daily: { usd: 6 } });
    const r = effectiveRunBudget({ config, labels: ["foreman:budget-xl"], budgetOverrideUsd: null, dailySpentUsd: 1 });
    expect(r.budget.usd).toBe(5);
    expect(r.notes.at(-1)).toBe("USD lowered from 10 to 5: that is what remains of today's 6 USD cap.");
  });

  it("is exhausted when the daily cap is used up", () => {
    expect(effectiveRunBudget({ config: defaults, labels: [], budgetOverrideUsd: null, dailySpentUsd: 20 })).toEqual({
      exhausted: true,
      budget: { attempts: 5, minutes: 30, usd: 0 },
      notes: ["Today's 20 USD cap is used up (20 USD spent): nothing remains for this run."],
      dailyRemainingUsd: 0,
    });
  });

  it("is exhausted when more than the cap was spent", () => {
    const r = effectiveRunBudget({ config: defaults, labels: [], budgetOverrideUsd: null, dailySpentUsd: 23.25 });
    expect(r.exhausted).toBe(true);
    expect(r.notes).toEqual(["Today's 20 USD cap is used up (23.25 USD spent): nothing remains for this run."]);
  });

  it("is exhausted when the remainder is float noise", () => {
    const config = parseConfig({ budget: { daily: { usd: 0.3 } } });
    const r = effectiveRunBudget({ config, labels: [], budgetOverrideUsd: null, dailySpentUsd: 0.1 + 0.2 });
    expect(r.exhausted).toBe(true);
  });

  it("fails closed when today's spend is not a number", () => {
    const r = effectiveRunBudget({ config: defaults, labels: [], budgetOverrideUsd: null, dailySpentUsd: Number.NaN });
    expect(r.exhausted).toBe(true);
    expect(r.notes).toEqual(["Today's spend is unknown, so today's 20 USD cap counts as used up."]);
  });

  it("is exhausted for an infinite spend and treats a negative spend as none", () => {
    expect(effectiveRunBudget({ config: defaults, labels: [], budgetOverrideUsd: null, dailySpentUsd: Number.POSITIVE_INFINITY }).exhausted).toBe(
      true,
    );
    const r = effectiveRunBudget({ config: defaults, labels: [], budgetOverrideUsd: 30, dailySpentUsd: -5 });
    expect(r.budget.usd).toBe(20);
    expect(r.dailyRemainingUsd).toBe(20);
  });
});

describe("attemptCost", () => {
  it("uses a reported cost", () => {
    expect(attemptCost(1.25, defaults)).toEqual({ costUsd: 1.25, assumed: false });
    expect(attemptCost(0, defaults)).toEqual({ costUsd: 0, assumed: false });
  });

  it.each([undefined, Number.NaN, -0.5, Number.POSITIVE_INFINITY])("assumes the configured cost for %s", (reported) => {
    expect(attemptCost(reported, defaults)).toEqual({ costUsd: 0.5, assumed: true });
  });

  it("uses budget.assumed_attempt_usd", () => {
    const config = parseConfig({ budget: { assumed_attempt_usd: 1.75 } });
    expect(attemptCost(undefined, config)).toEqual({ costUsd: 1.75, assumed: true });
  });
});

describe("checkBudget", () => {
  const budget = { attempts: 5, minutes: 30, usd: 2 };

  it("allows the next attempt and says how much time is left", () => {
    expect(checkBudget({ budget, spent: { attempts: 2, costUsd: 1, durationMs: 600_000 } })).toEqual({
      ok: true,
      remainingMs: 1_200_000,
    });
  });

  it("allows the first attempt", () => {
    expect(checkBudget({ budget, spent: { attempts: 0, costUsd: 0, durationMs: 0 } })).toEqual({ ok: true, remainingMs: 1_800_000 });
  });

  it("stops when the attempts are used", () => {
    expect(checkBudget({ budget, spent: { attempts: 5, costUsd: 0, durationMs: 0 } })).toEqual({
      ok: false,
      exhausted: "attempts",
      message: "attempt budget used: 5 of 5 attempts",
    });
  });

  it("stops when the wall clock is used", () => {
    expect(checkBudget({ budget, spent: { attempts: 1, costUsd: 0, durationMs: 1_800_000 } })).toEqual({
      ok: false,
      exhausted: "minutes",
      message: "time budget used: 30 of 30 minutes",
    });
    expect(checkBudget({ budget, spent: { attempts: 1, costUsd: 0, durationMs: 1_875_000 } })).toMatchObject({
      message: "time budget used: 31.3 of 30 minutes",
    });
  });

  it("stops when the USD budget is spent", () => {
    expect(checkBudget({ budget, spent: { attempts: 1, costUsd: 2, durationMs: 0 } })).toEqual({
      ok: false,
      exhausted: "usd",
      message: "USD budget used: 2 of 2 USD",
    });
    expect(checkBudget({ budget, spent: { attempts: 1, costUsd: 2.1, durationMs: 0 } })).toMatchObject({
      exhausted: "usd",
      message: "USD budget used: 2.10 of 2 USD",
    });
    expect(checkBudget({ budget: { ...budget, usd: 0.01 }, spent: { attempts: 1, costUsd: 0.0125, durationMs: 0 } })).toMatchObject({
      message: "USD budget used: 0.0125 of 0.01 USD",
    });
  });

  it("treats float noise just under the cap as spent", () => {
    const r = checkBudget({ budget: { ...budget, usd: 0.3 }, spent: { attempts: 1, costUsd: 0.1 + 0.2 - 1e-12, durationMs: 0 } });
    expect(r).toMatchObject({ ok: false, exhausted: "usd" });
  });

  it("reports attempts first, then minutes, then USD", () => {
    const all = { attempts: 5, costUsd: 9, durationMs: 9_999_999 };
    expect(checkBudget({ budget, spent: all })).toMatchObject({ exhausted: "attempts" });
    expect(checkBudget({ budget, spent: { ...all, attempts: 1 } })).toMatchObject({ exhausted: "minutes" });
    expect(checkBudget({ budget, spent: { ...all, attempts: 1, durationMs: 0 } })).toMatchObject({ exhausted: "usd" });
  });

  it("does not forecast without nextAttemptAssumedUsd", () => {
    expect(checkBudget({ budget, spent: { attempts: 1, costUsd: 1.99, durationMs: 0 } })).toMatchObject({ ok: true });
  });

  it("refuses an attempt whose assumed cost would go over", () => {
    expect(checkBudget({ budget, spent: { attempts: 1, costUsd: 1.8, durationMs: 0 }, nextAttemptAssumedUsd: 0.5 })).toEqual({
      ok: false,
      exhausted: "usd",
      message: "USD budget would be exceeded: 1.80 of 2 USD used, and the next attempt is assumed to cost 0.50 USD",
    });
  });

  it("allows an attempt whose assumed cost lands exactly on the budget", () => {
    expect(checkBudget({ budget, spent: { attempts: 1, costUsd: 1.5, durationMs: 0 }, nextAttemptAssumedUsd: 0.5 })).toMatchObject({
      ok: true,
    });
  });

  it.each([
    ["attempts", { attempts: Number.NaN, costUsd: 0, durationMs: 0 }],
    ["minutes", { attempts: 0, costUsd: 0, durationMs: Number.NaN }],
    ["usd", { attempts: 0, costUsd: Number.NaN, durationMs: 0 }],
  ] as const)("fails closed on an unknown %s figure", (exhausted, spent) => {
    expect(checkBudget({ budget, spent })).toMatchObject({ ok: false, exhausted });
  });

  it("fails closed on an unknown forecast", () => {
    expect(checkBudget({ budget, spent: { attempts: 0, costUsd: 0, durationMs: 0 }, nextAttemptAssumedUsd: Number.NaN })).toMatchObject({
      ok: false,
      exhausted: "usd",
    });
  });
});

describe("dailyAdmission", () => {
  const day = "2025-03-14";
  const reserve = (id: number, sessionId: string, usd: number, d = day): DailyLedgerEntry => ({ id, day: d, kind: "reserve", sessionId, usd });
  const settle = (id: number, sessionId: string, usd: number, d = day): DailyLedgerEntry => ({ id, day: d, kind: "settle", sessionId, usd });

  it("admits the first reservation of the day within the cap", () => {
    expect(dailyAdmission([reserve(1, "a", 5)], 1, 20)).toEqual({ admitted: true, usedBeforeUsd: 0 });
  });

  it("refuses a first reservation larger than the cap", () => {
    expect(dailyAdmission([reserve(1, "a", 25)], 1, 20)).toEqual({ admitted: false, usedBeforeUsd: 0 });
  });

  it("counts earlier reservations", () => {
    const entries = [reserve(1, "a", 10), reserve(2, "b", 5), reserve(3, "c", 5), reserve(4, "d", 6)];
    expect(dailyAdmission(entries, 3, 20)).toEqual({ admitted: true, usedBeforeUsd: 15 });
    expect(dailyAdmission(entries, 4, 20)).toEqual({ admitted: false, usedBeforeUsd: 20 });
  });

  it("admits a reservation that lands exactly on the cap, also with float sums", () => {
    expect(dailyAdmission([reserve(1, "a", 0.1), reserve(2, "b", 0.2), reserve(3, "c", 0.3)], 3, 0.6)).toEqual({
      admitted: true,
      usedBeforeUsd: 0.3,
    });
  });

  it("does not count a withdrawn (refused) reservation", () => {
    const entries = [reserve(1, "a", 8), reserve(2, "b", 5), reserve(3, "c", 2)];
    expect(dailyAdmission(entries, 2, 10).admitted).toBe(false);
    expect(dailyAdmission(entries, 3, 10)).toEqual({ admitted: true, usedBeforeUsd: 8 });
  });

  it("orders by id, whatever the order of the list, and ignores later entries", () => {
    const entries = [reserve(9, "late", 100), reserve(3, "c", 2), settle(7, "a", 0), reserve(1, "a", 8)];
    expect(dailyAdmission(entries, 3, 10)).toEqual({ admitted: true, usedBeforeUsd: 8 });
  });

  it("replaces a settled session's reservation with its actual spend", () => {
    const entries = [reserve(1, "a", 15), settle(2, "a", 2.25), reserve(3, "b", 15)];
    expect(dailyAdmission(entries, 3, 20)).toEqual({ admitted: true, usedBeforeUsd: 2.25 });
    expect(dailyAdmission([reserve(1, "a", 15), reserve(3, "b", 15)], 3, 20).admitted).toBe(false);
  });

  it("closes every open reservation of the session with one settle", () => {
    const entries = [reserve(1, "a", 4), reserve(2, "a", 4), reserve(3, "b", 1), settle(4, "a", 3), reserve(5, "c", 1)];
    expect(dailyAdmission(entries, 5, 20)).toEqual({ admitted: true, usedBeforeUsd: 4 });
  });

  it("counts a new reservation of a session made after its settle", () => {
    const entries = [reserve(1, "a", 4), settle(2, "a", 1), reserve(3, "a", 4), reserve(4, "b", 1)];
    expect(dailyAdmission(entries, 4, 20)).toEqual({ admitted: true, usedBeforeUsd: 5 });
  });

  it("does not let a settle of another session release a reservation", () => {
    const entries = [reserve(1, "a", 9), settle(2, "b", 0), reserve(3, "c", 2)];
    expect(dailyAdmission(entries, 3, 10)).toEqual({ admitted: false, usedBeforeUsd: 9 });
  });

  it("counts a settle with nothing to close (money spent is spent)", () => {
    expect(dailyAdmission([settle(1, "ghost", 3), reserve(2, "b", 1)], 2, 20)).toEqual({ admitted: true, usedBeforeUsd: 3 });
  });

  it.each([Number.NaN, -1, Number.POSITIVE_INFINITY])("ignores a settle of %s: the reservation keeps counting", (usd) => {
    expect(dailyAdmission([reserve(1, "a", 9), settle(2, "a", usd), reserve(3, "b", 2)], 3, 10)).toEqual({
      admitted: false,
      usedBeforeUsd: 9,
    });
  });

  it("counts only entries of the reservation's day", () => {
    const entries = [reserve(1, "a", 19, "2025-03-13"), settle(2, "x", 19, "2025-03-15"), reserve(3, "b", 5)];
    expect(dailyAdmission(entries, 3, 20)).toEqual({ admitted: true, usedBeforeUsd: 0 });
  });

  it("does not admit an id that is missing or not a reservation", () => {
    const entries = [reserve(1, "a", 1), settle(2, "a", 1)];
    expect(dailyAdmission(entries, 99, 20).admitted).toBe(false);
    expect(dailyAdmission(entries, 2, 20).admitted).toBe(false);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])("does not admit a reservation of %s", (usd) => {
    expect(dailyAdmission([reserve(1, "a", usd)], 1, 20).admitted).toBe(false);
  });

  it("does not count an invalid earlier reservation", () => {
    expect(dailyAdmission([reserve(1, "a", Number.NaN), reserve(2, "b", 5)], 2, 20)).toEqual({ admitted: true, usedBeforeUsd: 0 });
  });

  it.each([Number.NaN, 0, -5])("admits nothing under a cap of %s", (cap) => {
    expect(dailyAdmission([reserve(1, "a", 1)], 1, cap).admitted).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const LABEL_POOL = ["big", "huge", "long", "foreman:budget-large", "foreman:budget-xl"];
const runBudget = fc.record({
  attempts: fc.integer({ min: 1, max: 50 }),
  minutes: fc.integer({ min: 1, max: 600 }),
  usd: fc.integer({ min: 1, max: 10_000 }).map((c) => c / 100),
});
const optionalCeiling = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const configArb = fc
  .record({
    per_run: runBudget,
    daily: fc.integer({ min: 1, max: 10_000 }).map((c) => c / 100),
    labels: fc.dictionary(fc.constantFrom(...LABEL_POOL), runBudget, { maxKeys: 4 }),
    ceilings: fc.record({
      attempts: optionalCeiling(fc.integer({ min: 1, max: 50 })),
      minutes: optionalCeiling(fc.integer({ min: 1, max: 600 })),
      usd: optionalCeiling(fc.integer({ min: 1, max: 10_000 }).map((c) => c / 100)),
    }),
    dailyCeiling: optionalCeiling(fc.integer({ min: 1, max: 10_000 }).map((c) => c / 100)),
  })
  .map((r) => {
    const perRunLimits = Object.fromEntries(Object.entries(r.ceilings).filter(([, v]) => v !== undefined));
    const config = parseConfig({
      budget: { per_run: r.per_run, daily: { usd: r.daily }, labels: r.labels },
      limits: { per_run: perRunLimits, ...(r.dailyCeiling === undefined ? {} : { daily: { usd: r.dailyCeiling } }) },
    });
    return { config, ceilings: r.ceilings, cap: Math.min(r.daily, r.dailyCeiling ?? Number.POSITIVE_INFINITY) };
  });
const budgetInput = fc.record({
  c: configArb,
  labels: fc.subarray([...LABEL_POOL, "other"]),
  override: fc.option(
    fc.oneof(
      fc.double({ noNaN: false }),
      fc.integer({ min: 1, max: 100_000 }).map((c) => c / 100),
    ),
    { nil: null },
  ),
  spent: fc.oneof(
    fc.double({ min: -10, max: 200, noNaN: true }),
    fc.integer({ min: 0, max: 10_000 }).map((c) => c / 100),
  ),
});

test.prop([budgetInput], SEED)("the effective budget never exceeds a ceiling or the daily remainder", ({ c, labels, override, spent }) => {
  const r = effectiveRunBudget({ config: c.config, labels, budgetOverrideUsd: override, dailySpentUsd: spent });
  const remaining = c.cap - Math.max(0, spent);
  for (const field of ["attempts", "minutes", "usd"] as const) {
    const ceiling = c.ceilings[field];
    if (ceiling !== undefined) expect(r.budget[field]).toBeLessThanOrEqual(ceiling);
  }
  expect(r.budget.usd).toBeLessThanOrEqual(Math.max(0, remaining) + 1e-6);
  expect(r.dailyRemainingUsd).toBeLessThanOrEqual(Math.max(0, remaining) + 1e-6);
  if (r.exhausted) {
    expect(r.budget.usd).toBe(0);
    expect(remaining).toBeLessThan(1e-6);
  } else {
    expect(r.budget.usd).toBeGreaterThan(0);
    expect(r.budget.attempts).toBeGreaterThanOrEqual(1);
    expect(r.budget.minutes).toBeGreaterThan(0);
  }
});

test.prop([budgetInput], SEED)("labels never lower a field below per_run (before ceilings)", ({ c, labels }) => {
  const config: Config = { ...c.config, limits: { per_run: {}, daily: {} } };
  const r = effectiveRunBudget({ config, labels, budgetOverrideUsd: null, dailySpentUsd: 0 });
  expect(r.budget.attempts).toBeGreaterThanOrEqual(config.budget.per_run.attempts);
  expect(r.budget.minutes).toBeGreaterThanOrEqual(config.budget.per_run.minutes);
  expect(r.budget.usd).toBeGreaterThanOrEqual(Math.min(config.budget.per_run.usd, config.budget.daily.usd));
});

const ledger = fc
  .array(
    fc.record({
      kind: fc.constantFrom<"reserve" | "settle">("reserve", "reserve", "settle"),
      sessionId: fc.constantFrom("a", "b", "c", "d"),
      day: fc.constantFrom("2025-03-14", "2025-03-14", "2025-03-15"),
      usd: fc.integer({ min: 0, max: 2_000 }).map((c) => c / 100),
    }),
    { maxLength: 25 },
  )
  .map((rows) => rows.map((r, i): DailyLedgerEntry => ({ ...r, id: (i + 1) * 10 })));
const dailyCap = fc.integer({ min: 1, max: 5_000 }).map((c) => c / 100);

test.prop([ledger.map((es) => es.map((e): DailyLedgerEntry => ({ ...e, kind: "reserve" }))), dailyCap], SEED)(
  "without settles, the admitted reservations of a day never sum above the cap",
  (entries, cap) => {
    for (const day of ["2025-03-14", "2025-03-15"]) {
      const admitted = entries.filter((e) => e.day === day && dailyAdmission(entries, e.id, cap).admitted);
      expect(admitted.reduce((sum, e) => sum + e.usd, 0)).toBeLessThanOrEqual(cap + 1e-9);
    }
  },
);

test.prop([ledger, ledger, dailyCap], SEED)("a verdict never changes as the ledger grows", (entries, more, cap) => {
  const offset = entries.length * 10 + 10;
  const grown = [...entries, ...more.map((e) => ({ ...e, id: e.id + offset }))];
  for (const e of entries.filter((x) => x.kind === "reserve")) {
    expect(dailyAdmission(grown, e.id, cap)).toEqual(dailyAdmission(entries, e.id, cap));
  }
});

describe("spentOnDay", () => {
  it("sums the cost of attempts finished on that UTC day, across sessions", async () => {
    const { spentOnDay } = await import("../../src/core/budget.js");
    const sessions = [
      {
        attempts: [
          { finishedAt: "2026-11-21T01:00:00.000Z", costUsd: 0.1 },
          { finishedAt: "2026-11-20T23:59:59.000Z", costUsd: 5 },
        ],
      },
      { attempts: [{ finishedAt: "2026-11-21T12:00:00.000Z", costUsd: 0.2 }, { costUsd: 9 }, { finishedAt: "2026-11-21T13:00:00.000Z" }] },
    ];
    expect(spentOnDay(sessions, "2026-11-21")).toBe(0.3);
    expect(spentOnDay(sessions, "2026-11-20")).toBe(5);
    expect(spentOnDay([], "2026-11-21")).toBe(0);
  });
});

describe("reservedByLiveSessions", () => {
  it("counts what pending, running and interrupted sessions may still spend, except the asking one", async () => {
    const { reservedByLiveSessions } = await import("../../src/core/budget.js");
    const s = (sessionId: string, status: string, usd: number, spent: number) => ({ sessionId, status, budget: { usd }, spent: { costUsd: spent } });
    const sessions = [
      s("a", "running", 2, 0.5),
      s("b", "pending", 1, 0),
      s("c", "ended", 5, 1),
      s("d", "awaiting_approval", 5, 1),
      s("e", "running", 1, 3),
      s("f", "interrupted", 1, 0.25),
      s("me", "running", 9, 0),
    ];
    expect(reservedByLiveSessions(sessions, "me")).toBe(3.25);
    expect(reservedByLiveSessions([], "me")).toBe(0);
  });
});

describe("readmission", () => {
  it("leaves a session alone when what it may still spend fits in what remains today", async () => {
    const { readmission } = await import("../../src/core/budget.js");
    expect(readmission({ budgetUsd: 2, spentUsd: 0.5, dailyCapUsd: 20, dailySpentUsd: 10 })).toEqual({ kind: "unchanged" });
    expect(readmission({ budgetUsd: 2, spentUsd: 0.5, dailyCapUsd: 20, dailySpentUsd: 18.5 })).toEqual({ kind: "unchanged" });
  });

  it("lowers the USD budget to what it spent plus what remains today, never raising it", async () => {
    const { readmission } = await import("../../src/core/budget.js");
    expect(readmission({ budgetUsd: 2, spentUsd: 0.3, dailyCapUsd: 10, dailySpentUsd: 9.5 })).toEqual({ kind: "lowered", usd: 0.8 });
    expect(readmission({ budgetUsd: 2, spentUsd: 0, dailyCapUsd: 1, dailySpentUsd: 0.25 })).toEqual({ kind: "lowered", usd: 0.75 });
  });

  it("is exhausted when nothing remains today, or the day's spend is unknown (fail closed)", async () => {
    const { readmission } = await import("../../src/core/budget.js");
    expect(readmission({ budgetUsd: 2, spentUsd: 0.3, dailyCapUsd: 10, dailySpentUsd: 10 })).toEqual({ kind: "exhausted" });
    expect(readmission({ budgetUsd: 2, spentUsd: 0, dailyCapUsd: 10, dailySpentUsd: 12 })).toEqual({ kind: "exhausted" });
    expect(readmission({ budgetUsd: 2, spentUsd: 0, dailyCapUsd: 10, dailySpentUsd: Number.NaN })).toEqual({ kind: "exhausted" });
  });
});

describe("ceilings and readmission only ever lower a budget", () => {
  it("an org ceiling above per_run leaves every field where it was", () => {
    const config = withLimits(parseConfig({ budget: { per_run: { attempts: 3, minutes: 20, usd: 2 } } }), {
      per_run: { attempts: 10, minutes: 100, usd: 50 },
    });
    const r = effectiveRunBudget({ config, labels: [], budgetOverrideUsd: null, dailySpentUsd: 0 });
    expect(r.budget).toEqual({ attempts: 3, minutes: 20, usd: 2 });
    expect(r.notes).toEqual([]);
  });

  it("an org ceiling equal to per_run changes nothing and says nothing", () => {
    const config = withLimits(parseConfig({ budget: { per_run: { attempts: 3, minutes: 20, usd: 2 } } }), {
      per_run: { attempts: 3, minutes: 20, usd: 2 },
    });
    const r = effectiveRunBudget({ config, labels: [], budgetOverrideUsd: null, dailySpentUsd: 0 });
    expect(r.budget).toEqual({ attempts: 3, minutes: 20, usd: 2 });
    expect(r.notes).toEqual([]);
  });

  it("readmission never gives a session more than its budget", () => {
    expect(readmission({ budgetUsd: 2, spentUsd: 0, dailyCapUsd: 100, dailySpentUsd: 0 })).toEqual({ kind: "unchanged" });
    // What remains today (2.5) exactly equals what the session may still spend: unchanged, not raised.
    expect(readmission({ budgetUsd: 3, spentUsd: 0.5, dailyCapUsd: 10, dailySpentUsd: 7.5 })).toEqual({ kind: "unchanged" });
  });

  test.prop(
    [
      fc.double({ min: 0.01, max: 100, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 200, noNaN: true }),
      fc.double({ min: 0, max: 200, noNaN: true }),
    ],
    SEED,
  )("a lowered budget is always below the one the session had", (budgetUsd, spentShare, dailyCapUsd, dailySpentUsd) => {
    const r = readmission({ budgetUsd, spentUsd: budgetUsd * spentShare, dailyCapUsd, dailySpentUsd });
    if (r.kind === "lowered") expect(r.usd).toBeLessThan(budgetUsd);
  });
});
