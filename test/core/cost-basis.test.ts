import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/core/config.js";
import { attemptCharge } from "../../src/core/cost-basis.js";

const config = parseConfig({ budget: { assumed_attempt_usd: 0.5 } });

describe("attemptCharge: cost is never invented or lost", () => {
  it("counts a reported cost as reported, also 0", () => {
    expect(attemptCharge({ costUsd: 0.12 }, config)).toEqual({ costUsd: 0.12, assumed: false, basis: "reported" });
    expect(attemptCharge({ costUsd: 0 }, config)).toEqual({ costUsd: 0, assumed: false, basis: "reported" });
  });

  it("prefers a reported figure over a not-billed claim", () => {
    expect(attemptCharge({ costUsd: 0.3, notBilled: true }, config)).toEqual({ costUsd: 0.3, assumed: false, basis: "reported" });
  });

  it("counts 0 when the output proves nothing was billed and no cost was reported", () => {
    expect(attemptCharge({ notBilled: true }, config)).toEqual({ costUsd: 0, assumed: false, basis: "not_billed" });
    expect(attemptCharge({ costUsd: Number.NaN, notBilled: true }, config)).toEqual({ costUsd: 0, assumed: false, basis: "not_billed" });
  });

  it("counts the assumed cost when the cost is unknown (fail closed)", () => {
    expect(attemptCharge({}, config)).toEqual({ costUsd: 0.5, assumed: true, basis: "assumed" });
    expect(attemptCharge({ notBilled: false }, config)).toEqual({ costUsd: 0.5, assumed: true, basis: "assumed" });
    expect(attemptCharge({ costUsd: -1 }, config)).toEqual({ costUsd: 0.5, assumed: true, basis: "assumed" });
    expect(attemptCharge({ costUsd: Number.POSITIVE_INFINITY }, config)).toEqual({ costUsd: 0.5, assumed: true, basis: "assumed" });
  });
});
