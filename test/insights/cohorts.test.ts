import pl from "nodejs-polars";
import { describe, expect, it } from "vitest";
import { cohortRetention, meanRetention } from "../../src/insights/index.js";
import { cols, fixtureStore } from "./fixture.js";

describe("cohortRetention", () => {
  it("groups customers by first completed order month; later months are right-censored", () => {
    const r = cohortRetention(fixtureStore());
    // c1 first Jan (also Feb), c2 first Jan (its March order was canceled), c3 first March (Feb order failed)
    expect(cols(r)).toEqual({
      cohort: ["2024-01", "2024-01", "2024-01", "2024-03"],
      months_since: [0, 1, 2, 0],
      cohort_size: [2, 2, 2, 1],
      active_customers: [2, 1, 0, 1],
      retention: [1, 0.5, 0, 1],
      left_censored: [true, true, true, false],
    });
  });
  it("the first column is always 1", () => {
    const r = cohortRetention(fixtureStore());
    const zero = r.filter(pl.col("months_since").eq(0));
    expect(new Set(zero.getColumn("retention").toArray())).toEqual(new Set([1]));
  });
  it("mean month-1 retention falls back to the censored cohort when it is the only one", () => {
    expect(meanRetention(cohortRetention(fixtureStore()), 1)).toEqual({ retention: 0.5, cohorts: 1, customers: 2 });
  });
});
