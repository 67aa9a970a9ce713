import { describe, expect, it } from "vitest";
import pl from "nodejs-polars";
import { abcClassify, abcClasses, abcSummary, categoryMix, productPerformance, salesOverTime, topProducts } from "../../src/insights/index.js";
import { cols, fixtureStore } from "./fixture.js";

describe("salesOverTime", () => {
  it("sums completed orders per month (failed and canceled excluded)", () => {
    const df = salesOverTime(fixtureStore(), { period: "month" });
    expect(cols(df)).toEqual({
      period: ["2024-01", "2024-02", "2024-03"],
      revenue: [47, 50, 20],
      orders: [2, 1, 1],
      units: [7, 1, 5],
      customers: [2, 1, 1],
      aov: [23.5, 50, 20],
      orders_without_lines: [0, 0, 0],
    });
  });
  it("a month whose completed orders lack lines is a lower bound; one where all lack lines is unknown (null)", () => {
    const s = fixtureStore();
    // o2 (Feb, the month's only completed order) and o3 (Jan, one of two) lose their lines
    const store = { ...s, order_lines: s.order_lines.filter(pl.col("order_id").neq(pl.lit("o2")).and(pl.col("order_id").neq(pl.lit("o3")))) };
    expect(cols(salesOverTime(store, { period: "month" }), ["period", "revenue", "orders", "orders_without_lines"])).toEqual({
      period: ["2024-01", "2024-02", "2024-03"],
      revenue: [25, null, 20],
      orders: [1, null, 1],
      orders_without_lines: [1, 1, 0],
    });
  });
  it("labels days by date and weeks by their Monday", () => {
    expect(cols(salesOverTime(fixtureStore(), { period: "day" }), ["period", "revenue"])).toEqual({
      period: ["2024-01-05", "2024-01-20", "2024-02-10", "2024-03-03"],
      revenue: [25, 22, 50, 20],
    });
    // 2024-01-05 is a Friday (week of Mon 01-01); 01-20 a Saturday (Mon 01-15); 02-10 Sat (02-05); 03-03 Sun (02-26)
    expect(cols(salesOverTime(fixtureStore(), { period: "week" }), ["period"]).period).toEqual([
      "2024-01-01", "2024-01-15", "2024-02-05", "2024-02-26",
    ]);
  });
  it("revenue over time sums to total completed revenue for every period", () => {
    for (const period of ["day", "week", "month"] as const) {
      const r = salesOverTime(fixtureStore(), { period }).getColumn("revenue").sum();
      expect(r).toBe(117);
    }
  });
});

describe("products", () => {
  it("ranks products by interactions, units and revenue side by side, fees excluded", () => {
    const df = productPerformance(fixtureStore());
    expect(cols(df)).toEqual({
      product_id: ["p2", "p3", "p1"],
      product_name: ["Lamp", "Candle", "Mug"],
      category: ["Home", "Home", "Kitchen"],
      interactions: [2, 1, 3],
      units: [1, 8, 3],
      revenue: [50, 32, 30],
      orders: [1, 2, 2],
      rank_interactions: [2, 3, 1],
      rank_units: [3, 1, 2],
      rank_revenue: [1, 2, 3],
    });
  });
  it("without interactions the interaction rank is null", () => {
    const df = productPerformance(fixtureStore(false));
    expect(df.getColumn("rank_interactions").toArray()).toEqual([null, null, null]);
  });
  it("topProducts keeps products ranked ≤ n by any measure", () => {
    expect(topProducts(fixtureStore(), { n: 1 }).getColumn("product_id").toArray()).toEqual(["p2", "p3", "p1"]);
    expect(topProducts(fixtureStore(false), { n: 1 }).getColumn("product_id").toArray()).toEqual(["p2", "p3"]);
  });
  it("category mix over products only (postage excluded)", () => {
    const df = categoryMix(fixtureStore());
    expect(cols(df, ["category", "revenue", "units", "orders", "products"])).toEqual({
      category: ["Home", "Kitchen"],
      revenue: [82, 30],
      units: [9, 3],
      orders: [3, 2],
      products: [2, 1],
    });
    expect(df.getColumn("share_of_revenue").toArray()).toEqual([82 / 112, 30 / 112]);
  });
});

describe("ABC classes", () => {
  it("A until 80% is reached (the crossing item included), B until 95%, C the rest", () => {
    expect(abcClassify(Float64Array.of(50, 30, 10, 6, 4), ["a", "b", "c", "d", "e"])).toEqual(["A", "A", "B", "B", "C"]);
    expect(abcClassify(Float64Array.of(4, 50, 0), ["x", "y", "z"])).toEqual(["B", "A", "C"]);
  });
  it("on the fixture every product is A: the third starts at 82/112 = 73% < 80%", () => {
    const df = abcClasses(fixtureStore());
    expect(cols(df, ["product_id", "abc_class"])).toEqual({ product_id: ["p2", "p3", "p1"], abc_class: ["A", "A", "A"] });
    expect(df.getColumn("cumulative_share").toArray().at(-1)).toBeCloseTo(1, 12);
    expect(cols(abcSummary(fixtureStore()), ["abc_class", "products", "revenue"])).toEqual({
      abc_class: ["A", "B", "C"], products: [3, 0, 0], revenue: [112, 0, 0],
    });
  });
});
