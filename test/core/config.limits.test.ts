import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/core/config.js";

describe("parseConfig: the stricter of the repository's and the org's limits", () => {
  it("takes the lower value of each ceiling, whichever side sets it", () => {
    const c = parseConfig(
      {
        limits: { per_run: { attempts: 4, minutes: 90 }, daily: { usd: 50 }, max_changed_lines: 300 },
      },
      { limits: { per_run: { attempts: 6, minutes: 20, usd: 3 }, daily: { usd: 70 }, max_changed_files: 10 } },
    );
    expect(c.limits).toEqual({
      per_run: { attempts: 4, minutes: 20, usd: 3 },
      daily: { usd: 50 },
      max_changed_lines: 300,
      max_changed_files: 10,
    });
  });

  it("keeps the repository's limits when the org sets none, and the org's when the repository sets none", () => {
    const repoOnly = { per_run: { attempts: 2, minutes: 5, usd: 1 }, daily: { usd: 4 }, max_changed_lines: 9, max_changed_files: 3 };
    expect(parseConfig({ limits: repoOnly }, { limits: {} }).limits).toEqual(repoOnly);
    expect(parseConfig({}, { limits: repoOnly }).limits).toEqual(repoOnly);
  });
});

describe("parseConfig: ceilings lower values, never raise them", () => {
  it("clamps every per-run value, the daily cap and the diff limits, and reports each", () => {
    const c = parseConfig(
      {
        budget: { per_run: { attempts: 9, minutes: 45, usd: 4 }, daily: { usd: 30 }, labels: {} },
        paths: { max_changed_files: 80, max_changed_lines: 5000 },
      },
      { limits: { per_run: { attempts: 3, minutes: 10, usd: 1 }, daily: { usd: 8 }, max_changed_files: 20, max_changed_lines: 400 } },
    );
    expect(c.budget.per_run).toEqual({ attempts: 3, minutes: 10, usd: 1 });
    expect(c.budget.daily).toEqual({ usd: 8 });
    expect(c.paths.max_changed_files).toBe(20);
    expect(c.paths.max_changed_lines).toBe(400);
    expect(c.clamps).toEqual([
      { path: "budget.per_run.attempts", requested: 9, ceiling: 3 },
      { path: "budget.per_run.minutes", requested: 45, ceiling: 10 },
      { path: "budget.per_run.usd", requested: 4, ceiling: 1 },
      { path: "budget.daily.usd", requested: 30, ceiling: 8 },
      { path: "paths.max_changed_files", requested: 80, ceiling: 20 },
      { path: "paths.max_changed_lines", requested: 5000, ceiling: 400 },
    ]);
  });

  it("leaves a value at or under its ceiling as it is, unreported", () => {
    const c = parseConfig(
      { budget: { per_run: { attempts: 3, minutes: 10, usd: 1 }, daily: { usd: 8 }, labels: { big: { attempts: 2, minutes: 10, usd: 0.5 } } } },
      { limits: { per_run: { attempts: 3, minutes: 60, usd: 1 }, daily: { usd: 8 }, max_changed_files: 50, max_changed_lines: 2000 } },
    );
    expect(c.budget.per_run).toEqual({ attempts: 3, minutes: 10, usd: 1 });
    expect(c.budget.daily).toEqual({ usd: 8 });
    expect(c.budget.labels).toEqual({ big: { attempts: 2, minutes: 10, usd: 0.5 } });
    expect(c.paths.max_changed_files).toBe(50);
    expect(c.paths.max_changed_lines).toBe(2000);
    expect(c.clamps).toEqual([]);
  });

  it("never raises a budget below the ceiling up to it", () => {
    const c = parseConfig(
      { budget: { per_run: { usd: 1 }, daily: { usd: 2 } } },
      { limits: { per_run: { usd: 100, attempts: 50 }, daily: { usd: 100 } } },
    );
    expect(c.budget.per_run).toEqual({ attempts: 5, minutes: 30, usd: 1 });
    expect(c.budget.daily.usd).toBe(2);
  });

  it("clamps each label budget on its own path", () => {
    const c = parseConfig(
      { budget: { labels: { "foreman:huge": { attempts: 40, minutes: 240, usd: 25 } } } },
      { limits: { per_run: { attempts: 10, minutes: 60, usd: 5 } } },
    );
    expect(c.budget.labels).toEqual({ "foreman:huge": { attempts: 10, minutes: 60, usd: 5 } });
    expect(c.clamps).toEqual([
      { path: "budget.labels.foreman:huge.attempts", requested: 40, ceiling: 10 },
      { path: "budget.labels.foreman:huge.minutes", requested: 240, ceiling: 60 },
      { path: "budget.labels.foreman:huge.usd", requested: 25, ceiling: 5 },
    ]);
  });

  it("keeps every other setting as parsed", () => {
    const c = parseConfig({ trigger_label: "bot", approval: { policy: "before_pr" } }, { limits: { per_run: { usd: 1 } } });
    expect(c.trigger_label).toBe("bot");
    expect(c.approval.policy).toBe("before_pr");
    expect(c.budget.assumed_attempt_usd).toBe(0.5);
    expect(c.paths.allowed).toEqual(["**"]);
  });
});
