/** A short numeric summary of a store, for the CLI and notebook headers. */
import pl from "nodejs-polars";
import type { Store } from "./model.js";

/** Rows per table, customers with orders, orders, revenue (store currency) and the order date range. */
export interface StoreSummary {
  dataset: string;
  label: string;
  currency: string | null;
  rows: Record<string, number>;
  customers: number;
  orders: number;
  revenue: number;
  firstOrder: string | null;
  lastOrder: string | null;
}

/**
 * Revenue: Σ `order_lines.revenue` over lines whose order has status `completed` (store currency); from the
 * line facts' order values when the store has them (an engine's store holds no lines).
 */
export function completedRevenue(store: Store): number {
  const completed = store.orders.filter(pl.col("status").eq(pl.lit("completed"))).select("order_id");
  if (store.facts) return Number(store.facts.orders.join(completed, { on: "order_id", how: "inner" }).getColumn("value").sum() ?? 0);
  const lines = store.order_lines.join(completed, { on: "order_id", how: "inner" });
  return Number(lines.getColumn("revenue").sum() ?? 0);
}

/** Summarizes a store (counts, revenue of completed orders, date range of `orders.ordered_at`). */
export function summarizeStore(store: Store): StoreSummary {
  const rows: Record<string, number> = {};
  for (const t of ["customers", "products", "orders", "order_lines", "interactions"] as const) {
    if (t === "order_lines") rows[t] = store.facts ? store.facts.lines : store.order_lines.height;
    else if (store[t]) rows[t] = store[t]!.height;
  }
  const range = store.orders.select(
    pl.col("ordered_at").min().cast(pl.Utf8).alias("a"),
    pl.col("ordered_at").max().cast(pl.Utf8).alias("b"),
    pl.col("customer_id").nUnique().alias("c"),
  );
  const revenue = completedRevenue(store);
  const customersWithOrders = store.orders.filter(pl.col("customer_id").isNotNull()).getColumn("customer_id").nUnique();
  return {
    dataset: store.dataset,
    label: store.label,
    currency: store.currency,
    rows,
    customers: customersWithOrders,
    orders: store.orders.height,
    revenue: Math.round(revenue * 100) / 100,
    firstOrder: (range.getColumn("a").get(0) as string | null) ?? null,
    lastOrder: (range.getColumn("b").get(0) as string | null) ?? null,
  };
}

/** The summary as a few human lines. */
export function formatSummary(s: StoreSummary): string {
  const money = s.revenue.toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const rows = Object.entries(s.rows).map(([t, n]) => `${t} ${n.toLocaleString("en-GB")}`).join(", ");
  return [
    `${s.label}`,
    `rows: ${rows}`,
    `customers with orders: ${s.customers.toLocaleString("en-GB")}, orders: ${s.orders.toLocaleString("en-GB")}, revenue: ${money}${s.currency ? " " + s.currency : ""}`,
    `orders from ${s.firstOrder?.slice(0, 19) ?? "?"} to ${s.lastOrder?.slice(0, 19) ?? "?"}`,
  ].join("\n");
}
