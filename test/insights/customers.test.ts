import { describe, expect, it } from "vitest";
import pl from "nodejs-polars";
import { customerRevenue, paretoCurve, repeatBuyers, signupCohorts, topCustomerShare, unknownSpendIsMaterial } from "../../src/insights/index.js";
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

/**
 * The fixture with o2 (c1's £50 order of Feb 10) and o5 (c3's only completed order, £20) left without lines:
 * c1's spend is partly unknown (recorded £25 of 2 orders), c3's is unknown (no completed order with lines),
 * c2's £22 is known. 2 of 3 customers have unknown spend: material (≥ 1%).
 */
function partialStore() {
  const s = fixtureStore();
  return { ...s, order_lines: s.order_lines.filter(pl.col("order_id").neq(pl.lit("o2")).and(pl.col("order_id").neq(pl.lit("o5")))) };
}

describe("customers whose spend is unknown are never counted as 0", () => {
  it("customer revenue counts the orders without lines per customer", () => {
    expect(cols(customerRevenue(partialStore()), ["customer_id", "revenue", "orders", "orders_without_lines"])).toEqual({
      customer_id: ["c1", "c2", "c3"], revenue: [25, 22, 0], orders: [2, 1, 1], orders_without_lines: [1, 0, 1],
    });
    expect(unknownSpendIsMaterial(partialStore())).toBe(true);
    expect(unknownSpendIsMaterial(fixtureStore())).toBe(false);
  });
  it("material: the curve ranks only c2 (the one customer whose orders all have lines); c1 at least £25, c3 unknown, unranked", () => {
    expect(cols(paretoCurve(partialStore()))).toEqual({
      rank: [1, null, null],
      customer_id: ["c2", "c1", "c3"],
      revenue: [22, 25, null],
      cumulative_customer_share: [1, null, null],
      cumulative_revenue_share: [1, null, null],
      orders_without_lines: [0, 1, 1],
      revenue_is: ["exact", "lower bound", "unknown"],
    });
  });
  it("knownSpendOnly false: c1 ranked at its recorded £25 (a lower bound), c3 (nothing recorded) still unranked, not £0", () => {
    const p = paretoCurve(partialStore(), { knownSpendOnly: false });
    expect(cols(p, ["rank", "customer_id", "revenue", "cumulative_customer_share", "revenue_is"])).toEqual({
      rank: [1, 2, null], customer_id: ["c1", "c2", "c3"], revenue: [25, 22, null], cumulative_customer_share: [0.5, 1, null], revenue_is: ["lower bound", "exact", "unknown"],
    });
    const r = p.getColumn("cumulative_revenue_share").toArray() as (number | null)[];
    expect(r[0]).toBeCloseTo(25 / 47, 12);
    expect(r.slice(1)).toEqual([1, null]);
  });
  it("a complete store has no coverage columns (the export stays as it was)", () => {
    expect(paretoCurve(fixtureStore()).columns).toEqual(["rank", "customer_id", "revenue", "cumulative_customer_share", "cumulative_revenue_share"]);
  });
  it("invariants: each recorded revenue ≤ the complete store's; coverage counts add up; the top share matches the ranked curve", () => {
    const full = Object.fromEntries(((p) => (p.getColumn("customer_id").toArray() as string[]).map((id, i) => [id, p.getColumn("revenue").toArray()[i] as number]))(paretoCurve(fixtureStore())));
    for (const knownSpendOnly of [true, false]) {
      const p = cols(paretoCurve(partialStore(), { knownSpendOnly }));
      (p.customer_id as string[]).forEach((id, i) => {
        if (p.revenue[i] !== null) expect(p.revenue[i] as number).toBeLessThanOrEqual(full[id]);
      });
      expect((p.orders_without_lines as number[]).reduce((s, v) => s + v, 0)).toBe(2);
      const ranked = (p.rank as (number | null)[]).filter((v) => v !== null).length;
      const t = topCustomerShare(partialStore(), { knownSpendOnly });
      expect(t.customers).toBe(ranked);
      expect(p.revenue_is.filter((v) => v === "unknown").length + ranked + (knownSpendOnly ? 1 : 0)).toBe(3);
    }
    expect(topCustomerShare(partialStore(), { knownSpendOnly: true })).toEqual({ customers: 1, topCustomers: 1, revenue: 22, topRevenue: 22, share: 1 });
    expect(topCustomerShare(partialStore())).toEqual({ customers: 2, topCustomers: 1, revenue: 47, topRevenue: 25, share: 25 / 47 });
  });
});
