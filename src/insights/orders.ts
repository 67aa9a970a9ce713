/** Order outcomes: status shares, revenue kept versus value lost, and the monthly trend. */
import pl from "nodejs-polars";
import { ORDER_STATUSES, type Store } from "../data/model.js";
import { ordersEnriched } from "./base.js";

/** Sorts by `before` columns, then status in ORDER_STATUSES order (other statuses after, alphabetically). */
function statusOrder(df: pl.DataFrame, before: string[] = []): pl.DataFrame {
  const known = ORDER_STATUSES as readonly string[];
  const status = df.getColumn("status").toArray() as string[];
  const key = status.map((s) => (known.includes(s) ? known.indexOf(s) : known.length));
  return df
    .withColumns(pl.Series("_status_order", key, pl.Int32))
    .sort([...before, "_status_order", "status"])
    .drop("_status_order");
}

/**
 * Orders with a `has_lines` flag (at least one row in `order_lines`): an order without lines has an unknown
 * value (e.g. UCI `C` invoices, whose negative lines cleaning drops), not a value of 0.
 */
function ordersWithLineFlag(store: Store): pl.DataFrame {
  const withLines = store.order_lines
    .select(pl.col("order_id").cast(pl.Utf8))
    .unique()
    .withColumns(pl.lit(true).alias("has_lines"));
  return ordersEnriched(store)
    .join(withLines, { on: "order_id", how: "left" })
    .withColumns(pl.col("has_lines").fillNull(false));
}

/**
 * Value per group as money, or null (unknown) for a group of non-`completed` orders of which some have no
 * lines in the store: their value was not recorded, so the sum would understate what was lost. Completed
 * orders are revenue, which is Σ line revenue by definition.
 */
const knownValue = pl
  .when(pl.col("status").neq(pl.lit("completed")).and(pl.col("orders_without_lines").gt(0)))
  .then(pl.lit(null).cast(pl.Float64))
  .otherwise(pl.col("value"))
  .alias("value");

/**
 * Orders by status: `status`, `orders`, `share` (of all orders, 0..1, sums to 1), `value` (Σ line revenue of
 * those orders, money: revenue for completed orders, value lost for failed/canceled/returned ones; null, i.e.
 * unknown, for a non-completed status some of whose orders have no lines in the store), `share_of_value`
 * (0..1 of the known values; null when `value` is) and `orders_without_lines` (count). Every canonical status
 * has a row (0 when absent); sorted in ORDER_STATUSES order.
 */
export function orderStatusSummary(store: Store): pl.DataFrame {
  const orders = ordersWithLineFlag(store);
  const counts = orders
    .groupBy("status")
    .agg(
      pl.col("order_id").count().cast(pl.Float64).alias("orders"),
      pl.col("value").sum().alias("value"),
      pl.col("has_lines").not().cast(pl.Float64).sum().alias("orders_without_lines"),
    )
    .withColumns(knownValue);
  const all = pl.DataFrame({ status: [...ORDER_STATUSES] });
  const statuses = pl.concat([all, counts.select("status")]).unique();
  const n = orders.height;
  const totalValue = counts.height ? Number(counts.getColumn("value").sum() ?? 0) : 0;
  const df = statuses
    .join(counts, { on: "status", how: "left" })
    .withColumns(
      pl.col("orders").fillNull(0),
      pl.when(pl.col("orders").isNull()).then(pl.lit(0)).otherwise(pl.col("value")).cast(pl.Float64).alias("value"),
      pl.col("orders_without_lines").fillNull(0),
    )
    .withColumns(
      pl.col("orders").div(pl.lit(n > 0 ? n : 1)).alias("share"),
      pl.col("value").div(pl.lit(totalValue !== 0 ? totalValue : 1)).alias("share_of_value"),
    )
    .select("status", "orders", "share", "value", "share_of_value", "orders_without_lines");
  return statusOrder(df);
}

/** Headline order outcome numbers (shares 0..1, money in the store currency). */
export interface OrderOutcome {
  orders: number;
  completedShare: number;
  failedShare: number;
  canceledShare: number;
  returnedShare: number;
  /** Revenue of completed orders. */
  completedRevenue: number;
  /**
   * Value of failed plus canceled orders, or null when some of them have no lines in the store (their value
   * was not recorded: unknown, not 0).
   */
  lostValue: number | null;
  /** lostValue / (completedRevenue + lostValue); null when lostValue is. */
  lostShareOfValue: number | null;
  /** Failed plus canceled orders without lines in the store. */
  lostOrdersWithoutLines: number;
  /**
   * True when the canceled orders are reversals of earlier invoices rather than orders stopped before
   * fulfilment: UCI Online Retail, where a `C` invoice is a credit note (cancellation or return) whose lines
   * cleaning drops. Detected from the dataset name, or from every canceled order having a `C…` id and no lines.
   */
  canceledAreReversals: boolean;
}

/** Summarizes `orderStatusSummary` into the headline shares and the revenue kept versus value lost. */
export function orderOutcome(store: Store): OrderOutcome {
  const s = orderStatusSummary(store);
  const get = (status: string, col: string): number | null => {
    const r = s.filter(pl.col("status").eq(pl.lit(status)));
    return r.height ? (r.getColumn(col).toArray()[0] as number | null) : 0;
  };
  const num = (status: string, col: string) => get(status, col) ?? 0;
  const completedRevenue = num("completed", "value");
  const failedValue = get("failed", "value");
  const canceledValue = get("canceled", "value");
  const lostValue = failedValue === null || canceledValue === null ? null : failedValue + canceledValue;
  const canceledOrders = num("canceled", "orders");
  let canceledAreReversals = false;
  if (canceledOrders > 0) {
    if (store.dataset === "online-retail") canceledAreReversals = true;
    else if (num("canceled", "orders_without_lines") === canceledOrders) {
      const notC = store.orders.filter(pl.col("status").eq(pl.lit("canceled")).and(pl.col("order_id").str.startsWith("C").not()));
      canceledAreReversals = notC.height === 0;
    }
  }
  return {
    orders: s.getColumn("orders").sum() as number,
    completedShare: num("completed", "share"),
    failedShare: num("failed", "share"),
    canceledShare: num("canceled", "share"),
    returnedShare: num("returned", "share"),
    completedRevenue,
    lostValue,
    lostShareOfValue: lostValue === null ? null : completedRevenue + lostValue > 0 ? lostValue / (completedRevenue + lostValue) : 0,
    lostOrdersWithoutLines: num("failed", "orders_without_lines") + num("canceled", "orders_without_lines"),
    canceledAreReversals,
  };
}

/**
 * Monthly trend of order outcomes in long form: `month` ("YYYY-MM"), `status`, `orders`, `value` (money; null
 * when unknown, as in {@link orderStatusSummary}) and
 * `share` (of that month's orders, 0..1; sums to 1 within each month). Only statuses seen that month appear.
 * Sorted by month, then status in ORDER_STATUSES order.
 */
export function orderStatusTrend(store: Store): pl.DataFrame {
  const df = ordersWithLineFlag(store)
    .withColumns(pl.col("ordered_at").dt.strftime("%Y-%m").alias("month"))
    .groupBy(["month", "status"])
    .agg(
      pl.col("order_id").count().cast(pl.Float64).alias("orders"),
      pl.col("value").sum().alias("value"),
      pl.col("has_lines").not().cast(pl.Float64).sum().alias("orders_without_lines"),
    )
    .withColumns(knownValue)
    .withColumns(pl.col("orders").div(pl.col("orders").sum().over("month")).alias("share"))
    .select("month", "status", "orders", "value", "share");
  return statusOrder(df, ["month"]);
}
