/** Order outcomes: status shares, revenue kept versus value lost, and the monthly trend. */
import pl from "nodejs-polars";
import { lineFacts } from "../data/line-facts.js";
import { ORDER_STATUSES, type Store } from "../data/model.js";
import { ordersEnriched } from "./base.js";
import { storeCoverage } from "./coverage.js";
import { SUFFICIENCY_THRESHOLDS } from "./sufficiency.js";

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
  const withLines = lineFacts(store).orders.select(pl.col("order_id"), pl.lit(true).alias("has_lines"));
  return ordersEnriched(store)
    .join(withLines, { on: "order_id", how: "left" })
    .withColumns(pl.col("has_lines").fillNull(false));
}

/**
 * What a group's `value` is: "exact" when every order of the group has lines, "lower bound" when some do and
 * some do not (the sum covers only the orders with lines), "unknown" when none do (e.g. UCI `C` invoices,
 * whose negative lines cleaning drops; the sum would be 0, which is not their value).
 */
const valueIs = pl
  .when(pl.col("orders").eq(0).or(pl.col("orders_without_lines").eq(0)))
  .then(pl.lit("exact"))
  .when(pl.col("orders_without_lines").lt(pl.col("orders")))
  .then(pl.lit("lower bound"))
  .otherwise(pl.lit("unknown"))
  .alias("value_is");

/** The value as money, or null (unknown) when no order of the group has lines (see `valueIs`). */
const knownValue = pl
  .when(pl.col("value_is").eq(pl.lit("unknown")))
  .then(pl.lit(null).cast(pl.Float64))
  .otherwise(pl.col("value"))
  .alias("value");

/**
 * Orders by status: `status`, `orders`, `share` (of all orders, 0..1, sums to 1), `value` (Σ line revenue of
 * those orders, money: revenue for completed orders, value lost for failed/canceled/returned ones), `value_is`
 * ("exact"; "lower bound" when some of the orders have no lines in the store, so the sum covers only those
 * with lines; "unknown" when none has lines, and `value` is then null), `share_of_value` (0..1; null unless
 * every status's value is exact or misses lines on under `materialMissingShare` of its orders) and
 * `orders_without_lines` (count). Every canonical status has a row (0 when
 * absent), except that a store which records no order outcome (every order `completed`) has null (unknown)
 * counts for the other statuses. Sorted in ORDER_STATUSES order.
 */
export function orderStatusSummary(store: Store): pl.DataFrame {
  const orders = ordersWithLineFlag(store);
  const counts = orders
    .groupBy("status")
    .agg(
      pl.col("order_id").count().cast(pl.Float64).alias("orders"),
      pl.col("value").sum().alias("value"),
      pl.col("has_lines").not().cast(pl.Float64).sum().alias("orders_without_lines"),
    );
  const all = pl.DataFrame({ status: [...ORDER_STATUSES] });
  const statuses = pl.concat([all, counts.select("status")]).unique();
  const n = orders.height;
  const recorded = storeCoverage(store).statusesRecorded;
  const absent = (expr: pl.Expr, fill: number) => (recorded ? expr.fillNull(fill) : expr);
  let df = statuses
    .join(counts, { on: "status", how: "left" })
    .withColumns(absent(pl.col("orders"), 0), absent(pl.col("value"), 0), absent(pl.col("orders_without_lines"), 0))
    .withColumns(
      pl.when(pl.col("orders").isNull()).then(pl.lit("unknown")).otherwise(valueIs.alias("v")).alias("value_is"),
      pl.col("orders").div(pl.lit(n > 0 ? n : 1)).alias("share"),
    )
    .withColumns(knownValue);
  // Shares of the total value need every status's value: exact, or a lower bound missing under
  // `materialMissingShare` of its orders (e.g. 2 of 7,804 completed orders of the synthetic store).
  const valueIsCol = df.getColumn("value_is").toArray() as string[];
  const ordersCol = df.getColumn("orders").toArray() as (number | null)[];
  const withoutCol = df.getColumn("orders_without_lines").toArray() as (number | null)[];
  const shareable = valueIsCol.every(
    (v, i) =>
      v === "exact" ||
      (ordersCol[i] ?? 0) === 0 ||
      (v === "lower bound" && (withoutCol[i] ?? 0) / (ordersCol[i] ?? 1) < SUFFICIENCY_THRESHOLDS.materialMissingShare),
  );
  const totalValue = Number(df.getColumn("value").sum() ?? 0);
  df = df
    .withColumns(
      shareable
        ? pl.col("value").div(pl.lit(totalValue !== 0 ? totalValue : 1)).alias("share_of_value")
        : pl.lit(null).cast(pl.Float64).alias("share_of_value"),
    )
    .select("status", "orders", "share", "value", "value_is", "share_of_value", "orders_without_lines");
  return statusOrder(df);
}

/** Headline order outcome numbers (shares 0..1, money in the store currency). */
export interface OrderOutcome {
  orders: number;
  /** False when every order is `completed`: the store records no outcome, and the shares below are unknown. */
  statusesRecorded: boolean;
  completedShare: number;
  failedShare: number;
  canceledShare: number;
  returnedShare: number;
  /** Σ line revenue of completed orders (a lower bound when some completed orders have no lines). */
  completedRevenue: number;
  completedOrders: number;
  completedOrdersWithLines: number;
  /**
   * Value of failed plus canceled orders when every one of them has lines; null otherwise (part of it was not
   * recorded: see `lostValueAtLeast`).
   */
  lostValue: number | null;
  /** Σ value of the failed and canceled orders that have lines: a lower bound of the value lost (exact when lostValue is). */
  lostValueAtLeast: number;
  /**
   * lostValue / (completedRevenue + lostValue); null when lostValue is null or when at least
   * `materialMissingShare` of completed orders lack lines (revenue then too partial for a share).
   */
  lostShareOfValue: number | null;
  /** Failed plus canceled orders. */
  lostOrders: number;
  /** Failed plus canceled orders with lines in the store. */
  lostOrdersWithLines: number;
  /** Failed plus canceled orders without lines in the store. */
  lostOrdersWithoutLines: number;
  /**
   * True when the canceled orders are reversals of earlier invoices rather than orders stopped before
   * fulfilment: UCI Online Retail, where a `C` invoice is a credit note (cancellation or return) whose lines
   * cleaning drops. Detected from the dataset name, or from every canceled order having a `C…` id and no lines.
   */
  canceledAreReversals: boolean;
}

/** The headline shares and the revenue kept versus value lost, with their coverage (`storeCoverage`). */
export function orderOutcome(store: Store): OrderOutcome {
  const c = storeCoverage(store);
  const count = (status: string) => c.statusCounts[status] ?? 0;
  const share = (status: string) => (c.orders > 0 ? count(status) / c.orders : 0);
  const canceledOrders = count("canceled");
  let canceledAreReversals = false;
  if (canceledOrders > 0) {
    if (store.dataset === "online-retail") canceledAreReversals = true;
    else {
      const canceled = store.orders.filter(pl.col("status").eq(pl.lit("canceled")));
      const withLines = canceled.join(lineFacts(store).orders.select("order_id"), { on: "order_id", how: "inner" }).height;
      const notC = canceled.filter(pl.col("order_id").str.startsWith("C").not()).height;
      canceledAreReversals = withLines === 0 && notC === 0;
    }
  }
  const lostExact = c.lostOrdersWithLines === c.lostOrders;
  const lostValue = lostExact ? c.lostValueKnown : null;
  const revenueExact = c.completedOrders === 0 || (c.completedOrders - c.completedOrdersWithLines) / c.completedOrders < SUFFICIENCY_THRESHOLDS.materialMissingShare;
  return {
    orders: c.orders,
    statusesRecorded: c.statusesRecorded,
    completedShare: share("completed"),
    failedShare: share("failed"),
    canceledShare: share("canceled"),
    returnedShare: share("returned"),
    completedRevenue: c.completedRevenueKnown,
    completedOrders: c.completedOrders,
    completedOrdersWithLines: c.completedOrdersWithLines,
    lostValue,
    lostValueAtLeast: c.lostValueKnown,
    lostShareOfValue:
      lostValue === null || !revenueExact ? null : c.completedRevenueKnown + lostValue > 0 ? lostValue / (c.completedRevenueKnown + lostValue) : 0,
    lostOrders: c.lostOrders,
    lostOrdersWithLines: c.lostOrdersWithLines,
    lostOrdersWithoutLines: c.lostOrders - c.lostOrdersWithLines,
    canceledAreReversals,
  };
}

/**
 * Monthly trend of order outcomes in long form: `month` ("YYYY-MM"), `status`, `orders`, `value` (money; a
 * lower bound or null when unknown, as `value_is` says, as in {@link orderStatusSummary}) and
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
    .withColumns(valueIs)
    .withColumns(knownValue)
    .withColumns(pl.col("orders").div(pl.col("orders").sum().over("month")).alias("share"))
    .select("month", "status", "orders", "value", "value_is", "share");
  return statusOrder(df, ["month"]);
}
