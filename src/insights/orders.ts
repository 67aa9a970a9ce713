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
 * Orders by status: `status`, `orders`, `share` (of all orders, 0..1, sums to 1), `value` (Σ line revenue of
 * those orders, money: revenue for completed orders, value lost for failed/canceled/returned ones) and
 * `share_of_value` (0..1). Every canonical status has a row (0 when absent); sorted in ORDER_STATUSES order.
 */
export function orderStatusSummary(store: Store): pl.DataFrame {
  const orders = ordersEnriched(store);
  const counts = orders.groupBy("status").agg(pl.col("order_id").count().cast(pl.Float64).alias("orders"), pl.col("value").sum().alias("value"));
  const all = pl.DataFrame({ status: [...ORDER_STATUSES] });
  const statuses = pl.concat([all, counts.select("status")]).unique();
  const n = orders.height;
  const totalValue = orders.height ? (orders.getColumn("value").sum() as number) : 0;
  const df = statuses
    .join(counts, { on: "status", how: "left" })
    .withColumns(pl.col("orders").fillNull(0), pl.col("value").fillNull(0))
    .withColumns(
      pl.col("orders").div(pl.lit(n > 0 ? n : 1)).alias("share"),
      pl.col("value").div(pl.lit(totalValue !== 0 ? totalValue : 1)).alias("share_of_value"),
    )
    .select("status", "orders", "share", "value", "share_of_value");
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
  /** Value of failed plus canceled orders. */
  lostValue: number;
  /** lostValue / (completedRevenue + lostValue). */
  lostShareOfValue: number;
}

/** Summarizes `orderStatusSummary` into the headline shares and the revenue kept versus value lost. */
export function orderOutcome(store: Store): OrderOutcome {
  const s = orderStatusSummary(store);
  const get = (status: string, col: string) => {
    const r = s.filter(pl.col("status").eq(pl.lit(status)));
    return r.height ? (r.getColumn(col).toArray()[0] as number) : 0;
  };
  const completedRevenue = get("completed", "value");
  const lostValue = get("failed", "value") + get("canceled", "value");
  return {
    orders: s.getColumn("orders").sum() as number,
    completedShare: get("completed", "share"),
    failedShare: get("failed", "share"),
    canceledShare: get("canceled", "share"),
    returnedShare: get("returned", "share"),
    completedRevenue,
    lostValue,
    lostShareOfValue: completedRevenue + lostValue > 0 ? lostValue / (completedRevenue + lostValue) : 0,
  };
}

/**
 * Monthly trend of order outcomes in long form: `month` ("YYYY-MM"), `status`, `orders`, `value` (money) and
 * `share` (of that month's orders, 0..1; sums to 1 within each month). Only statuses seen that month appear.
 * Sorted by month, then status in ORDER_STATUSES order.
 */
export function orderStatusTrend(store: Store): pl.DataFrame {
  const df = ordersEnriched(store)
    .withColumns(pl.col("ordered_at").dt.strftime("%Y-%m").alias("month"))
    .groupBy(["month", "status"])
    .agg(pl.col("order_id").count().cast(pl.Float64).alias("orders"), pl.col("value").sum().alias("value"))
    .withColumns(pl.col("orders").div(pl.col("orders").sum().over("month")).alias("share"))
    .select("month", "status", "orders", "value", "share");
  return statusOrder(df, ["month"]);
}
