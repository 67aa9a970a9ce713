import { describe, expect, it } from "vitest";
import pl from "nodejs-polars";
import type { Store } from "../../src/data/model.js";
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
      value_is: ["exact", "exact", "exact", "exact", "exact"],
      share: [1, 0.5, 0.5, 0.5, 0.5],
    });
  });
});

/** The fixture with the canceled order o6 left without lines (as cleaning leaves a UCI `C` invoice). */
function canceledWithoutLines(): Store {
  const s = fixtureStore();
  return { ...s, order_lines: s.order_lines.filter(pl.col("order_id").neq(pl.lit("o6"))) };
}

/**
 * UCI style: the failed order o4 (and its line) removed, o6 renamed to the credit note `C536379` without lines.
 * Five orders: four completed (117), one canceled of unknown value.
 */
function uciStyleStore(dataset = "online-retail"): Store {
  const s = fixtureStore();
  const rename = pl.when(pl.col("order_id").eq(pl.lit("o6"))).then(pl.lit("C536379")).otherwise(pl.col("order_id")).alias("order_id");
  return {
    ...s,
    dataset,
    orders: s.orders.filter(pl.col("order_id").neq(pl.lit("o4"))).withColumns(rename),
    order_lines: s.order_lines.filter(pl.col("order_id").neq(pl.lit("o4")).and(pl.col("order_id").neq(pl.lit("o6")))),
  };
}

describe("orders without lines have an unknown value, not 0", () => {
  it("status summary: canceled value unknown (null), so no status has a share of the total value", () => {
    const s = orderStatusSummary(canceledWithoutLines());
    expect(cols(s, ["status", "orders", "value", "value_is", "orders_without_lines"])).toEqual({
      status: ["completed", "failed", "canceled", "returned"],
      orders: [4, 1, 1, 0],
      value: [117, 100, null, 0],
      value_is: ["exact", "exact", "unknown", "exact"],
      orders_without_lines: [0, 0, 1, 0],
    });
    // the total value is unknown, so no share of it can be stated
    expect(s.getColumn("share_of_value").toArray()).toEqual([null, null, null, null]);
    expect(s.getColumn("share").toArray()).toEqual([4 / 6, 1 / 6, 1 / 6, 0]);
  });
  it("outcome: lost value unknown (null), one lost order without lines; o6 is not a credit note", () => {
    const o = orderOutcome(canceledWithoutLines());
    expect(o.completedRevenue).toBe(117);
    expect(o.lostValue).toBeNull();
    expect(o.lostShareOfValue).toBeNull();
    expect(o.lostOrdersWithoutLines).toBe(1);
    expect(o.canceledShare).toBeCloseTo(1 / 6, 12);
    expect(o.canceledAreReversals).toBe(false);
    // the complete fixture: every order has lines
    expect(orderOutcome(fixtureStore()).lostOrdersWithoutLines).toBe(0);
  });
  it("monthly trend: the canceled month's value is null", () => {
    const t = orderStatusTrend(canceledWithoutLines());
    expect(cols(t, ["month", "status", "value", "value_is"])).toEqual({
      month: ["2024-01", "2024-02", "2024-02", "2024-03", "2024-03"],
      status: ["completed", "completed", "failed", "completed", "canceled"],
      value: [47, 50, 100, 20, null],
      value_is: ["exact", "exact", "exact", "exact", "unknown"],
    });
  });
  it("UCI-style credit notes are reversals: by dataset name, or by C ids without lines", () => {
    const o = orderOutcome(uciStyleStore());
    expect(o.orders).toBe(5);
    expect(o.canceledShare).toBeCloseTo(1 / 5, 12);
    expect(o.lostValue).toBeNull();
    expect(o.canceledAreReversals).toBe(true);
    expect(orderOutcome(uciStyleStore("canonical")).canceledAreReversals).toBe(true);
  });
});
