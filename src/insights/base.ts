/**
 * Shared table views for the insights: orders with their value, market and region, and the order lines of
 * completed orders. Only `completed` orders count as revenue (see ORDER_STATUSES in the data model).
 */
import pl from "nodejs-polars";
import { hasTable, type Store } from "../data/model.js";
import { memoByStore } from "./memo.js";
import { lineFacts } from "../data/line-facts.js";

/** Label used for a missing country, region or category. */
export const UNKNOWN = "Unknown";

/**
 * One row per order: `order_id`, `customer_id`, `ordered_at`, `status`, `country` (the order's country, else the
 * customer's, else "Unknown"), `region` (the customer's, else "Unknown"), `value` (Σ line revenue, money; 0 for
 * an order without lines), `units` (Σ quantity), `lines` (line count). Sorted by `order_id`. Computed once per
 * store (`memoByStore`).
 */
export function ordersEnriched(store: Store): pl.DataFrame {
  return memoByStore(store, "ordersEnriched", () => buildOrdersEnriched(store));
}

function buildOrdersEnriched(store: Store): pl.DataFrame {
  let orders: pl.DataFrame = store.orders.select("order_id", "customer_id", "ordered_at", "status", "country");
  const customers = hasTable(store, "customers") ? store.customers! : undefined;
  if (customers && customers.columns.includes("country")) {
    const cols = [pl.col("customer_id"), pl.col("country").alias("customer_country")];
    if (customers.columns.includes("region")) cols.push(pl.col("region").cast(pl.Utf8).alias("region"));
    orders = orders
      .join(customers.select(...cols), { on: "customer_id", how: "left" })
      .withColumns(
        pl.when(pl.col("country").isNull()).then(pl.col("customer_country")).otherwise(pl.col("country")).alias("country"),
      )
      .drop("customer_country");
  }
  if (!orders.columns.includes("region")) orders = orders.withColumns(pl.lit(null).cast(pl.Utf8).alias("region"));
  const perOrder = lineFacts(store).orders;
  return orders
    .join(perOrder, { on: "order_id", how: "left" })
    .withColumns(
      pl.col("country").cast(pl.Utf8).fillNull(pl.lit(UNKNOWN)).alias("country"),
      pl.col("region").cast(pl.Utf8).fillNull(pl.lit(UNKNOWN)).alias("region"),
      pl.col("value").fillNull(0),
      pl.col("units").fillNull(0),
      pl.col("lines").fillNull(0),
    )
    .sort("order_id");
}

/**
 * The order lines of completed orders, with the order's `customer_id`, `ordered_at`, `country` and `region`:
 * columns `order_id`, `customer_id`, `ordered_at`, `country`, `region`, `product_id`, `quantity` (Float64 units),
 * `unit_price`, `revenue` (money). Sorted by `order_id`, then `product_id`. Computed once per store (`memoByStore`).
 * Needs the lines in memory: the analysis itself reads the line facts (data/line-facts.ts) instead.
 */
export function completedLines(store: Store): pl.DataFrame {
  return memoByStore(store, "completedLines", () => buildCompletedLines(store));
}

function buildCompletedLines(store: Store): pl.DataFrame {
  const orders = completedOrders(store).select("order_id", "customer_id", "ordered_at", "country", "region");
  return orders
    .join(store.order_lines.select("order_id", "product_id", "quantity", "unit_price", "revenue"), {
      on: "order_id",
      how: "inner",
    })
    .withColumns(pl.col("quantity").cast(pl.Float64), pl.col("revenue").cast(pl.Float64))
    .sort(["order_id", "product_id"]);
}

/** Completed orders only (see `ordersEnriched`), sorted by `order_id`. Computed once per store (`memoByStore`). */
export function completedOrders(store: Store): pl.DataFrame {
  return memoByStore(store, "completedOrders", () => ordersEnriched(store).filter(pl.col("status").eq(pl.lit("completed"))));
}

/** Reads a numeric column as Float64Array (casting Int64/UInt32 deliberately, nulls as NaN). */
export function f64(df: pl.DataFrame, name: string): Float64Array {
  const values = df.getColumn(name).cast(pl.Float64).toArray() as (number | null)[];
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] ?? NaN;
  return out;
}

/** Reads a string column as a plain array (nulls as null). */
export function strs(df: pl.DataFrame, name: string): (string | null)[] {
  return df.getColumn(name).cast(pl.Utf8).toArray() as (string | null)[];
}

/** Day number since 1970-01-01 of a Datetime/Date column (Int32Array), for calendar arithmetic. */
export function epochDays(df: pl.DataFrame, name: string): Int32Array {
  return Int32Array.from(df.getColumn(name).cast(pl.Date).cast(pl.Int32).toArray() as number[]);
}

/** Month index (year × 12 + month − 1) of a Datetime/Date column (Int32Array). */
export function monthIndex(df: pl.DataFrame, name: string): Int32Array {
  const t = df.select(
    pl.col(name).dt.year().cast(pl.Int32).alias("y"),
    pl.col(name).dt.month().cast(pl.Int32).alias("m"),
  );
  const y = t.getColumn("y").toArray() as number[];
  const m = t.getColumn("m").toArray() as number[];
  const out = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = y[i] * 12 + m[i] - 1;
  return out;
}

/** "YYYY-MM" of a month index (year × 12 + month − 1). */
export function monthLabel(index: number): string {
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return `${y}-${m < 10 ? "0" : ""}${m}`;
}

/** "YYYY-MM-DD" of a day number since 1970-01-01. */
export function dayLabel(day: number): string {
  return new Date(day * 86400000).toISOString().slice(0, 10);
}
