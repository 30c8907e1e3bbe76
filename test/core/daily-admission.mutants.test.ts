/**
 * `admitReservation` refuses a comment id it cannot find with an error that names the id (the
 * caller logs it; the fix is to pass the reservation's own comment id).
 */
import { describe, expect, it } from "vitest";
import { admitReservation } from "../../src/core/daily-admission.js";
import { InvalidArgumentError } from "../../src/core/errors.js";

describe("admitReservation: an unknown reservation", () => {
  it("throws an InvalidArgumentError whose message quotes the comment id", () => {
    const call = () =>
      admitReservation([{ commentId: 10, day: "2026-05-01", sessionKey: "issue-10", type: "reserve", usd: 1 }], 4242, 5, "2026-05-01");
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow(/4242/);
  });
});
