import { describe, expect, it } from "vitest";
import { customerRevenue, paretoCurve, repeatBuyers, signupCohorts, topCustomerShare } from "../../src/insights/index.js";
import { cols, fixtureStore } from "./fixture.js";

describe("customers", () => {
  it("revenue per customer counts completed orders only (c3's failed order is not revenue)", () => {
    expect(cols(customerRevenue(fixtureStore()), ["customer_id", "revenue", "orders", "units"])).toEqual({
      customer_id: ["c1", "c2", "c3"],
      revenue: [75, 22, 20],
      orders: [2, 1, 1],
      units: [4, 4, 5],
    });
  });
  it("the Pareto curve is sorted by revenue, monotone and ends at 1", () => {
    const p = paretoCurve(fixtureStore());
    expect(cols(p, ["rank", "customer_id", "revenue", "cumulative_customer_share"])).toEqual({
      rank: [1, 2, 3],
      customer_id: ["c1", "c2", "c3"],
      revenue: [75, 22, 20],
      cumulative_customer_share: [1 / 3, 2 / 3, 1],
    });
    const r = p.getColumn("cumulative_revenue_share").toArray() as number[];
    expect(r[0]).toBeCloseTo(75 / 117, 12);
    expect(r[1]).toBeCloseTo(97 / 117, 12);
    expect(r[2]).toBe(1);
    for (let i = 1; i < r.length; i++) expect(r[i]).toBeGreaterThanOrEqual(r[i - 1]);
  });
  it("the top 20% of three customers is ceil(0.6) = 1 customer with 75 of 117", () => {
    const t = topCustomerShare(fixtureStore());
    expect(t).toEqual({ customers: 3, topCustomers: 1, revenue: 117, topRevenue: 75, share: 75 / 117 });
  });
  it("one repeat buyer (c1) of three", () => {
    expect(repeatBuyers(fixtureStore())).toEqual({
      customers: 3, oneTime: 2, repeat: 1, repeatShare: 1 / 3, repeatRevenue: 75, repeatRevenueShare: 75 / 117,
    });
  });
  it("signup cohorts by month", () => {
    expect(cols(signupCohorts(fixtureStore()))).toEqual({
      signup_month: ["2024-01", "2024-02"],
      customers: [2, 1],
      buyers: [2, 1],
      conversion: [1, 1],
      revenue: [97, 20],
      revenue_per_customer: [48.5, 20],
    });
  });
  it("signup cohorts are empty without a customers table", () => {
    const s = fixtureStore();
    delete s.customers;
    expect(signupCohorts(s).height).toBe(0);
  });
});
