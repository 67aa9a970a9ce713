import { describe, expect, it } from "vitest";
import { bestWorstMarkets, marketSummary } from "../../src/insights/index.js";
import { cols, fixtureStore } from "./fixture.js";

describe("geography", () => {
  it("by country: customers, completed orders, revenue and interactions", () => {
    expect(cols(marketSummary(fixtureStore()), ["market", "customers", "orders", "revenue", "interactions", "revenue_per_customer"])).toEqual({
      market: ["United Kingdom", "France", "USA"],
      customers: [1, 1, 1],
      orders: [2, 1, 1],
      revenue: [75, 22, 20],
      interactions: [3, 1, 3],
      revenue_per_customer: [75, 22, 20],
    });
  });
  it("by region (from the customers table)", () => {
    expect(cols(marketSummary(fixtureStore(), { level: "region" }), ["market", "customers", "orders", "revenue", "interactions"])).toEqual({
      market: ["Europe", "Americas"],
      customers: [2, 1],
      orders: [3, 1],
      revenue: [97, 20],
      interactions: [4, 3],
    });
  });
  it("best and worst markets by revenue per customer among eligible markets", () => {
    const b = bestWorstMarkets(fixtureStore(), { minCustomers: 1 });
    expect([b.best?.market, b.worst?.market, b.eligible]).toEqual(["United Kingdom", "USA", 3]);
  });
  it("by default a market needs at least 10 customers: none of the fixture's qualifies", () => {
    const b = bestWorstMarkets(fixtureStore());
    expect([b.best, b.worst, b.eligible, b.markets]).toEqual([null, null, 0, 3]);
  });
  it("the minimum-size rule keeps tiny markets out; one eligible market has no worst", () => {
    const b = bestWorstMarkets(fixtureStore(), { minCustomerShare: 0.5, minOrders: 2, minCustomers: 1 });
    expect([b.best?.market, b.worst, b.eligible]).toEqual(["United Kingdom", null, 1]);
  });
});
