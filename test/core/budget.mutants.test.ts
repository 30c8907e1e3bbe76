/**
 * Budget math at its edges, where the suite had not pinned it down (found by mutation testing):
 * a label field equal to per_run, a daily remainder equal to the budget, cents in notes,
 * costs that are not numbers in the day's spend, and readmission with non-finite figures.
 */
import { describe, expect, it } from "vitest";
import { dailyAdmission, effectiveRunBudget, readmission, spentOnDay, type DailyLedgerEntry } from "../../src/core/budget.js";
import { parseConfig } from "../../src/core/config.js";

const defaults = parseConfig({});

describe("effectiveRunBudget notes", () => {
  it("names only the fields a label really raises", () => {
    const config = parseConfig({ budget: { labels: { long: { attempts: 5, minutes: 60, usd: 2 } } } });
    const r = effectiveRunBudget({ config, labels: ["long"], budgetOverrideUsd: null, dailySpentUsd: 0 });
    expect(r.budget).toEqual({ attempts: 5, minutes: 60, usd: 2 });
    expect(r.notes).toEqual(['Label "long" raises minutes from 30 to 60.']);
  });

  it("writes a USD amount with cents in label and ceiling notes", () => {
    const configured = parseConfig({ budget: { labels: { pricey: { attempts: 1, minutes: 1, usd: 7.5 } } } });
    const config = { ...configured, limits: { ...configured.limits, per_run: { usd: 3.25 } } };
    const r = effectiveRunBudget({ config, labels: ["pricey"], budgetOverrideUsd: null, dailySpentUsd: 0 });
    expect(r.budget.usd).toBe(3.25);
    expect(r.notes).toEqual([
      'Label "pricey" raises USD from 2 to 7.50.',
      "USD lowered from 7.50 to 3.25: that is the org limit limits.per_run.usd.",
    ]);
  });

  it("keeps the budget, silently, when the daily remainder equals it", () => {
    const r = effectiveRunBudget({ config: defaults, labels: [], budgetOverrideUsd: null, dailySpentUsd: 18 });
    expect(r).toEqual({ exhausted: false, budget: { attempts: 5, minutes: 30, usd: 2 }, notes: [], dailyRemainingUsd: 2 });
  });
});

describe("spentOnDay", () => {
  it("leaves out a cost that is not a finite number", () => {
    const sessions = [
      {
        attempts: [
          { finishedAt: "2026-11-21T01:00:00.000Z", costUsd: Number.NaN },
          { finishedAt: "2026-11-21T02:00:00.000Z", costUsd: Number.POSITIVE_INFINITY },
          { finishedAt: "2026-11-21T03:00:00.000Z", costUsd: 0.25 },
        ],
      },
    ];
    expect(spentOnDay(sessions, "2026-11-21")).toBe(0.25);
  });
});

describe("readmission with figures that are not finite", () => {
  it("is exhausted when what remains today is not finite (fail closed)", () => {
    expect(readmission({ budgetUsd: 2, spentUsd: 0, dailyCapUsd: 10, dailySpentUsd: Number.NEGATIVE_INFINITY })).toEqual({ kind: "exhausted" });
    expect(readmission({ budgetUsd: 2, spentUsd: 0, dailyCapUsd: Number.POSITIVE_INFINITY, dailySpentUsd: 0 })).toEqual({ kind: "exhausted" });
  });

  it("never lowers a budget to zero or less, even from a spend figure below zero", () => {
    expect(readmission({ budgetUsd: 2, spentUsd: -2, dailyCapUsd: 10, dailySpentUsd: 9 })).toEqual({ kind: "exhausted" });
  });
});

describe("dailyAdmission, read in id order", () => {
  const day = "2025-03-14";
  const reserve = (id: number, sessionId: string, usd: number): DailyLedgerEntry => ({ id, day, kind: "reserve", sessionId, usd });
  const settle = (id: number, sessionId: string, usd: number): DailyLedgerEntry => ({ id, day, kind: "settle", sessionId, usd });

  it("a settle of 0 closes the session's reservations: a run that spent nothing frees its whole reservation", () => {
    expect(dailyAdmission([reserve(1, "a", 9), settle(2, "a", 0), reserve(3, "b", 2)], 3, 10)).toEqual({ admitted: true, usedBeforeUsd: 0 });
  });

  it("a settle listed before the reservation it closes still closes it", () => {
    expect(dailyAdmission([settle(2, "a", 1), reserve(1, "a", 9), reserve(3, "b", 5)], 3, 10)).toEqual({ admitted: true, usedBeforeUsd: 1 });
  });
});
