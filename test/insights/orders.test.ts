import { describe, expect, it } from "vitest";
import { orderOutcome, orderStatusSummary, orderStatusTrend } from "../../src/insights/index.js";
import { cols, fixtureStore } from "./fixture.js";

describe("orders", () => {
  it("status shares sum to 1 and every canonical status has a row", () => {
    const s = orderStatusSummary(fixtureStore());
    expect(cols(s, ["status", "orders", "value"])).toEqual({
      status: ["completed", "failed", "canceled", "returned"],
      orders: [4, 1, 1, 0],
      value: [117, 100, 30, 0],
    });
    expect(s.getColumn("share").toArray()).toEqual([4 / 6, 1 / 6, 1 / 6, 0]);
    expect(s.getColumn("share").sum()).toBeCloseTo(1, 12);
  });
  it("revenue kept versus value lost in failed and canceled orders", () => {
    const o = orderOutcome(fixtureStore());
    expect(o.completedRevenue).toBe(117);
    expect(o.lostValue).toBe(130);
    expect(o.lostShareOfValue).toBeCloseTo(130 / 247, 12);
    expect(o.failedShare).toBeCloseTo(1 / 6, 12);
    expect(o.completedShare + o.failedShare + o.canceledShare + o.returnedShare).toBeCloseTo(1, 12);
  });
  it("monthly trend: shares sum to 1 within each month", () => {
    expect(cols(orderStatusTrend(fixtureStore()))).toEqual({
      month: ["2024-01", "2024-02", "2024-02", "2024-03", "2024-03"],
      status: ["completed", "completed", "failed", "completed", "canceled"],
      orders: [2, 1, 1, 1, 1],
      value: [47, 50, 100, 20, 30],
      share: [1, 0.5, 0.5, 0.5, 0.5],
    });
  });
});
