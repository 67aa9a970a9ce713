/**
 * The benchmark's core work after the product's loader (`loadStore`): exactly what the two peers
 * (bench/reference.py, bench/reference_polars.py) compute from their cleaned lines, here from the canonical
 * store. Lazy nodejs-polars queries, no per-row JavaScript objects.
 */
import pl from "nodejs-polars";
import type { Store } from "../src/data/index.js";

const DAY_MS = 86_400_000;

/** Order lines of completed orders with their order's customer, time and country (what the peers call clean lines). */
function completedLines(store: Store): pl.LazyDataFrame {
  const orders = store.orders
    .lazy()
    .filter(pl.col("status").eq(pl.lit("completed")))
    .select("order_id", "customer_id", "ordered_at", "country");
  return store.order_lines.lazy().join(orders, { on: "order_id", how: "inner" });
}

/**
 * Per customer: recency_days (whole days from the last purchase to the last date in the data + 1 day),
 * frequency (distinct orders), monetary (Σ revenue), aov (monetary / frequency). Rows in the peers' order:
 * numeric ids by value (they read CustomerID as a number), then the rest as text.
 */
export async function rfmTable(store: Store): Promise<pl.DataFrame> {
  const lines = completedLines(store);
  const ms = pl.col("ordered_at").cast(pl.Int64).cast(pl.Float64);
  const last = await lines.select(ms.max().alias("m")).collect();
  const refMs = Number(last.getColumn("m").get(0)) + DAY_MS;
  return lines
    .groupBy("customer_id")
    .agg(ms.max().alias("last_ms"), pl.col("order_id").nUnique().alias("frequency"), pl.col("revenue").sum().alias("monetary"))
    .sort([pl.col("customer_id").cast(pl.Float64, false), pl.col("customer_id")])
    .select(
      pl.col("customer_id"),
      pl.lit(refMs).sub(pl.col("last_ms")).div(DAY_MS).floor().alias("recency_days"),
      pl.col("frequency").cast(pl.Float64),
      pl.col("monetary"),
      pl.col("monetary").div(pl.col("frequency").cast(pl.Float64)).alias("aov"),
    )
    .collect();
}

/** Revenue by country (descending), by calendar month (ascending) and the top 10 products by revenue. */
export async function revenueAggregates(store: Store): Promise<{ byCountry: pl.DataFrame; byMonth: pl.DataFrame; topProducts: pl.DataFrame }> {
  const lines = completedLines(store);
  const [byCountry, byMonth, topProducts] = await Promise.all([
    lines.groupBy("country").agg(pl.col("revenue").sum()).sort(["revenue", "country"], [true, false]).collect(),
    lines.groupBy(pl.col("ordered_at").dt.strftime("%Y-%m").alias("month")).agg(pl.col("revenue").sum()).sort("month").collect(),
    lines.groupBy("product_id").agg(pl.col("revenue").sum()).sort(["revenue", "product_id"], [true, false]).head(10).collect(),
  ]);
  return { byCountry, byMonth, topProducts };
}
