import { describe, expect, it } from "vitest";
import { approvalExpiry, approvalReasons, isApprovalExpired } from "../../src/core/approval.js";
import { parseConfig } from "../../src/core/config.js";

const approval = (raw: Record<string, unknown>) => parseConfig({ approval: raw }).approval;

describe("approvalReasons", () => {
  it("never asks under policy never", () => {
    expect(approvalReasons(approval({ policy: "never" }), { protectedTouched: ["src/auth.ts"], costUsd: 99 })).toEqual([]);
  });

  it("always asks under before_pr", () => {
    expect(approvalReasons(approval({ policy: "before_pr" }), { protectedTouched: [], costUsd: 0 })).toEqual([expect.stringContaining("before_pr")]);
  });

  it("asks under protected_paths only when a protected path changed, and names them", () => {
    const policy = approval({ policy: "protected_paths" });
    expect(approvalReasons(policy, { protectedTouched: [], costUsd: 5 })).toEqual([]);
    expect(approvalReasons(policy, { protectedTouched: ["src/auth.ts", "infra/main.tf"], costUsd: 0 })).toEqual([
      "the change touches protected paths: src/auth.ts, infra/main.tf",
    ]);
    const many = Array.from({ length: 12 }, (_, i) => `p${i}`);
    expect(approvalReasons(policy, { protectedTouched: many, costUsd: 0 })[0]).toMatch(/p9, …$/);
  });

  it("asks under cost_over_usd only above the threshold", () => {
    const policy = approval({ policy: "cost_over_usd", cost_over_usd: 1.5 });
    expect(approvalReasons(policy, { protectedTouched: [], costUsd: 1.5 })).toEqual([]);
    expect(approvalReasons(policy, { protectedTouched: [], costUsd: 1.51 })).toEqual([
      "the session cost 1.51 USD, over approval.cost_over_usd (1.50 USD)",
    ]);
  });
});

describe("approvalExpiry", () => {
  it("adds approval.timeout_hours", () => {
    expect(approvalExpiry(approval({ timeout_hours: 2 }), Date.UTC(2026, 10, 21, 10))).toBe(Date.UTC(2026, 10, 21, 12));
    expect(approvalExpiry(parseConfig({}).approval, 0)).toBe(72 * 3_600_000);
  });
});

describe("isApprovalExpired", () => {
  const expiresAt = "2026-11-21T12:00:00.000Z";
  const deadline = Date.parse(expiresAt);
  const awaiting = { status: "awaiting_approval" as const, approval: { requestedAt: "2026-11-21T10:00:00.000Z", expiresAt, reasons: [] } };

  it("is valid strictly before expiresAt and expired from that instant on", () => {
    expect(isApprovalExpired(awaiting, deadline - 1)).toBe(false);
    expect(isApprovalExpired(awaiting, deadline)).toBe(true);
    expect(isApprovalExpired(awaiting, deadline + 1)).toBe(true);
  });

  it("never expires a session that is not awaiting approval, or has no request", () => {
    expect(isApprovalExpired({ ...awaiting, status: "approved" }, deadline + 1)).toBe(false);
    expect(isApprovalExpired({ status: "awaiting_approval" }, deadline + 1)).toBe(false);
  });
});
