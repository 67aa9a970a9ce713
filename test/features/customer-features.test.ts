import pl from "nodejs-polars";
import { describe, expect, it } from "vitest";
import type { Store } from "../../src/data/model.js";
import { categorySlug, customerFeatures } from "../../src/features/index.js";

const t = (iso: string) => new Date(iso + "Z");

/** Three customers, seven orders. The last order in the store is o5 on 2024-01-20, so the snapshot is 2024-01-21. */
function tinyStore(withInteractions = true, withCustomers = false): Store {
  const orders = pl.DataFrame({
    order_id: ["o1", "o2", "o3", "o4", "o5", "o6", "o7"],
    customer_id: ["c1", "c1", "c2", "c2", "c3", null, "c3"],
    ordered_at: pl.Series("ordered_at", [t("2024-01-01T10:00:00"), t("2024-01-10T09:00:00"), t("2024-01-05T00:00:00"), t("2024-01-09T00:00:00"), t("2024-01-20T23:00:00"), t("2024-01-15T00:00:00"), t("2024-01-02T00:00:00")], pl.Datetime("ms")),
    status: ["completed", "completed", "completed", "failed", "canceled", "completed", "returned"],
    country: ["GB", "GB", "FR", "FR", "DE", "GB", "DE"],
  });
  const order_lines = pl.DataFrame({
    order_id: ["o1", "o1", "o2", "o3", "o4", "o6", "o7"],
    product_id: ["p1", "p2", "p1", "p3", "p1", "p1", "p2"],
    quantity: pl.Series("quantity", [2, 1, 1, 4, 1, 3, 1], pl.Int32),
    unit_price: [5, 20, 5, 2.5, 5, 5, 20],
    revenue: [10, 20, 5, 10, 5, 15, 20],
  });
  const products = pl.DataFrame({
    product_id: ["p1", "p2", "p3"],
    product_name: ["Mug", "Kite", "Pen"],
    category: ["Home & Garden", "Toys", null],
    list_price: [5, 20, 2.5],
    is_product: [true, true, true],
  });
  const interactions = pl.DataFrame({
    customer_id: ["c1", "c1"],
    product_id: ["p1", "p2"],
    occurred_at: pl.Series("occurred_at", [t("2024-01-01T00:00:00"), t("2024-01-03T12:00:00")], pl.Datetime("ms")),
    event_type: ["view", "view"],
    session_id: ["s1", "s2"],
  });
  const customers = pl.DataFrame({
    customer_id: ["c1", "c2", "c3", "c4"],
    customer_name: ["A", "B", "C", "D"],
    country: ["United Kingdom", "France", "Germany", "Spain"],
    region: ["Europe", "Europe", "Europe", "Europe"],
    signup_date: pl.Series("signup_date", [t("2023-12-01T00:00:00"), t("2023-12-01T00:00:00"), t("2023-12-01T00:00:00"), t("2023-12-01T00:00:00")], pl.Datetime("ms")).cast(pl.Date),
  });
  return {
    dataset: "canonical",
    label: "tiny",
    currency: "GBP",
    orders,
    order_lines,
    products,
    ...(withInteractions ? { interactions } : {}),
    ...(withCustomers ? { customers } : {}),
  };
}

describe("customerFeatures on a tiny store", () => {
  const f = customerFeatures(tinyStore());
  const col = (c: string) => f.getColumn(c).toArray();

  it("has one row per customer with a completed order, sorted by id (c3 only failed/returned, the guest order is dropped)", () => {
    expect(col("customer_id")).toEqual(["c1", "c2"]);
  });

  it("counts distinct completed orders and sums their lines only (the failed o4 is left out)", () => {
    expect(col("frequency")).toEqual([2, 1]);
    expect(col("monetary")).toEqual([35, 10]); // c1: 10 + 20 + 5; c2: 10
    expect(col("aov")).toEqual([17.5, 10]);
    expect(col("distinct_products")).toEqual([2, 1]);
  });

  it("measures recency and tenure in whole days to the snapshot 2024-01-21 (last order date + 1)", () => {
    expect(col("recency_days")).toEqual([11, 16]); // c1 last 01-10, c2 last 01-05
    expect(col("tenure_days")).toEqual([20, 16]); // c1 first 01-01
  });

  it("splits revenue by category; unknown categories get their own share", () => {
    expect(f.columns.filter((c) => c.startsWith("cat_share_"))).toEqual(["cat_share_home_garden", "cat_share_toys", "cat_share_unknown"]);
    expect(col("cat_share_home_garden")[0]).toBeCloseTo(15 / 35, 15);
    expect(col("cat_share_toys")[0]).toBeCloseTo(20 / 35, 15);
    expect(col("cat_share_unknown")).toEqual([0, 1]);
  });

  it("counts interactions, sessions and the first→last span in fractional days; 0 without events", () => {
    expect(col("interactions")).toEqual([2, 0]);
    expect(col("sessions")).toEqual([2, 0]);
    expect(col("interaction_span_days")).toEqual([2.5, 0]);
  });

  it("failed_share = (failed + canceled) / all orders of the customer", () => {
    expect(col("failed_share")).toEqual([0, 0.5]);
  });

  it("takes the country from the customer's most frequent order country when there is no customers table", () => {
    expect(col("country")).toEqual(["GB", "FR"]);
    expect(f.columns).not.toContain("region");
  });

  it("uses the customers table's country and region, and adds inactive customers when asked", () => {
    const g = customerFeatures(tinyStore(false, true), { includeInactive: true });
    expect(g.getColumn("customer_id").toArray()).toEqual(["c1", "c2", "c3", "c4"]);
    expect(g.getColumn("country").toArray()).toEqual(["United Kingdom", "France", "Germany", "Spain"]);
    expect(g.getColumn("region").toArray()).toEqual(["Europe", "Europe", "Europe", "Europe"]);
    expect(g.getColumn("frequency").toArray()).toEqual([2, 1, 0, 0]);
    expect(g.getColumn("recency_days").toArray()).toEqual([11, 16, null, null]);
    expect(g.columns).not.toContain("interactions");
  });

  it("does not depend on the order of the input rows", () => {
    const s = tinyStore();
    const shuffled: Store = { ...s, orders: s.orders.sample(s.orders.height, undefined, false, 3), order_lines: s.order_lines.reverse() };
    expect(customerFeatures(shuffled).toRecords()).toEqual(f.toRecords());
  });

  it("slugs category names for column names", () => {
    expect(categorySlug("Home & Garden")).toBe("home_garden");
    expect(categorySlug(" Électronique ")).toBe("electronique");
    expect(categorySlug("!!")).toBe("unknown");
  });
});
