import pl from "nodejs-polars";
import { describe, expect, it } from "vitest";
import { buildInsights, completedLines, exportTables, insightsToJson, ordersEnriched, predictiveClv, salesOverTime } from "../../src/insights/index.js";
import { memoByStore } from "../../src/insights/memo.js";
import { cols, fixtureStore } from "./fixture.js";

describe("memoByStore", () => {
  it("computes once per store and key", () => {
    const store = fixtureStore();
    let calls = 0;
    const f = () => memoByStore(store, "k", () => ++calls);
    expect([f(), f(), memoByStore(store, "other", () => 10 + ++calls)]).toEqual([1, 1, 12]);
    expect(memoByStore(fixtureStore(), "k", () => -1)).toBe(-1); // another store object has its own memo
  });
  it("recomputes when one of the store's tables is replaced", () => {
    const store = fixtureStore();
    const before = ordersEnriched(store);
    expect(ordersEnriched(store)).toBe(before);
    store.orders = store.orders.filter(pl.col("order_id").neq(pl.lit("o1")));
    expect(ordersEnriched(store).height).toBe(before.height - 1);
    expect(cols(completedLines(store), ["order_id"]).order_id).not.toContain("o1");
  });
  it("the shared views are the same objects on every call, and equal to a fresh store's", () => {
    const store = fixtureStore();
    expect(completedLines(store)).toBe(completedLines(store));
    expect(salesOverTime(store, { period: "week" })).toBe(salesOverTime(store, { period: "week" }));
    expect(salesOverTime(store, { period: "week" })).not.toBe(salesOverTime(store, { period: "month" }));
    expect(predictiveClv(store, { horizonDays: 90 })).not.toBe(predictiveClv(store));
    expect(cols(completedLines(store))).toEqual(cols(completedLines(fixtureStore())));
  });
  it("insights and export tables are the same whether the store's views were cached first or not", () => {
    const warm = fixtureStore();
    exportTables({ store: warm });
    expect(insightsToJson(buildInsights({ store: warm }))).toBe(insightsToJson(buildInsights({ store: fixtureStore() })));
    expect(exportTables({ store: warm })).toEqual(exportTables({ store: fixtureStore() }));
  });
});
