/** Customer value distribution: revenue per customer, the Pareto curve, top-customer share, repeat buyers, signup cohorts. */
import pl from "nodejs-polars";
import { hasTable, type Store } from "../data/model.js";
import { completedOrders, f64, strs } from "./base.js";
import { orderDescending } from "./rank.js";
import { memoByStore } from "./memo.js";
import { SUFFICIENCY_THRESHOLDS } from "./sufficiency.js";

/**
 * Completed-order totals per known customer: `customer_id`, `revenue` (money), `orders` (completed orders),
 * `units`, `first_order_at`, `last_order_at` (Datetime ms), `orders_without_lines` (completed orders with no
 * lines in the store: when > 0 the customer's revenue is a lower bound). Customers without a completed order
 * are absent. Sorted by `customer_id`. Computed once per store (`memoByStore`): the Pareto curve, the
 * top-customer share, the CLV and the exports all start from it.
 */
export function customerRevenue(store: Store): pl.DataFrame {
  return memoByStore(store, "customerRevenue", () => computeCustomerRevenue(store));
}

function computeCustomerRevenue(store: Store): pl.DataFrame {
  return completedOrders(store)
    .filter(pl.col("customer_id").isNotNull())
    .groupBy("customer_id")
    .agg(
      pl.col("value").sum().alias("revenue"),
      pl.col("order_id").count().cast(pl.Float64).alias("orders"),
      pl.col("units").sum().alias("units"),
      pl.col("ordered_at").min().alias("first_order_at"),
      pl.col("ordered_at").max().alias("last_order_at"),
      pl.col("lines").eq(0).cast(pl.Float64).sum().alias("orders_without_lines"),
    )
    .sort("customer_id");
}

/**
 * Whether customers with unknown spend are material: at least `SUFFICIENCY_THRESHOLDS.materialMissingShare` of the
 * customers with a completed order have one without lines. Then the Pareto curve, the top-customer share and the
 * segment shares of revenue are computed among the customers whose completed orders all have lines; below it
 * (the synthetic store: 2 of 1,831 customers) over all customers with a recorded spend, flagged as lower bounds.
 */
export function unknownSpendIsMaterial(store: Store): boolean {
  const owl = f64(customerRevenue(store), "orders_without_lines");
  let unknown = 0;
  for (const v of owl) if (v > 0) unknown += 1;
  return owl.length > 0 && unknown / owl.length >= SUFFICIENCY_THRESHOLDS.materialMissingShare;
}

/** Options of `paretoCurve`. */
export interface ParetoOptions {
  /**
   * Rank only customers whose completed orders all have lines (default `unknownSpendIsMaterial(store)`).
   * Otherwise customers with at least one completed order with lines are ranked, a partly unknown spend
   * counted at its recorded part (a lower bound).
   */
  knownSpendOnly?: boolean;
}

/**
 * The Pareto (Lorenz-style) curve of customer revenue: the ranked customers sorted by revenue descending (ties by
 * id), with `rank` (1-based), `customer_id`, `revenue` (money), `cumulative_customer_share` = rank / ranked
 * customers and `cumulative_revenue_share` = running revenue / their total (both 0..1, non-decreasing, ending
 * at 1 on the last ranked row). When some customer has a completed order without lines two columns follow:
 * `orders_without_lines` and `revenue_is` ("exact"; "lower bound": part of the spend is unknown; "unknown": no
 * completed order of the customer has lines, revenue empty). Customers whose spend is unknown are never counted
 * as 0: those with no recorded spend, and with `knownSpendOnly` (see `ParetoOptions`) every customer with a
 * completed order without lines, are listed after the ranked rows with rank and shares empty (sorted by recorded
 * revenue descending, then id). Customers without a completed order are not in the table.
 */
export function paretoCurve(store: Store, options: ParetoOptions = {}): pl.DataFrame {
  const knownSpendOnly = options.knownSpendOnly ?? unknownSpendIsMaterial(store);
  const cr = customerRevenue(store);
  const revenue = f64(cr, "revenue");
  const ordersCol = f64(cr, "orders");
  const owl = f64(cr, "orders_without_lines");
  const ids = strs(cr, "customer_id") as string[];
  const order = orderDescending(revenue, ids);
  const n = order.length;
  const anyUnknown = owl.some((v) => v > 0);
  const ranked = (i: number) => (knownSpendOnly ? owl[i] === 0 : owl[i] < ordersCol[i]);
  let m = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (ranked(i)) {
      m += 1;
      total += revenue[i];
    }
  }
  const rank: (number | null)[] = new Array(n).fill(null);
  const rev: (number | null)[] = new Array(n).fill(null);
  const cumC: (number | null)[] = new Array(n).fill(null);
  const cumR: (number | null)[] = new Array(n).fill(null);
  const without = new Float64Array(n);
  const revenueIs: string[] = new Array(n);
  const sortedIds: string[] = new Array(n);
  let run = 0;
  let k = 0;
  let tail = m;
  for (const i of order) {
    const row = ranked(i) ? k++ : tail++;
    sortedIds[row] = ids[i];
    without[row] = owl[i];
    revenueIs[row] = owl[i] === 0 ? "exact" : owl[i] < ordersCol[i] ? "lower bound" : "unknown";
    rev[row] = owl[i] < ordersCol[i] ? revenue[i] : null;
    if (row < m) {
      run += revenue[i];
      rank[row] = row + 1;
      cumC[row] = (row + 1) / m;
      cumR[row] = total !== 0 ? run / total : (row + 1) / m;
    }
  }
  if (m > 0) cumR[m - 1] = 1;
  return pl.DataFrame({
    rank: pl.Series("rank", rank, pl.Int32),
    customer_id: pl.Series("customer_id", sortedIds, pl.Utf8),
    revenue: pl.Series("revenue", rev, pl.Float64),
    cumulative_customer_share: pl.Series("cumulative_customer_share", cumC, pl.Float64),
    cumulative_revenue_share: pl.Series("cumulative_revenue_share", cumR, pl.Float64),
    ...(anyUnknown
      ? { orders_without_lines: pl.Series("orders_without_lines", without, pl.Float64), revenue_is: pl.Series("revenue_is", revenueIs, pl.Utf8) }
      : {}),
  });
}

/** Options of `topCustomerShare`. */
export interface TopShareOptions {
  /** Fraction of customers counted as "top" (default 0.2); the top group has ceil(fraction × n) customers. */
  fraction?: number;
  /**
   * Count only customers whose completed orders all have lines (default false: every customer with a recorded
   * spend, a partly unknown spend at its recorded part). Use it when some orders lack lines: those customers'
   * spend is unknown, and counting it as 0 would inflate the top group's share. Customers none of whose
   * completed orders has lines are never counted (their spend is unknown, not 0).
   */
  knownSpendOnly?: boolean;
}

/** The share of revenue from the top customers (by completed-order revenue). */
export interface TopCustomerShare {
  /** Customers counted: the ranked rows of `paretoCurve` with the same `knownSpendOnly`. */
  customers: number;
  /** ceil(fraction × customers). */
  topCustomers: number;
  /** Total revenue (money). */
  revenue: number;
  /** Revenue of the top customers (money). */
  topRevenue: number;
  /** topRevenue / revenue, 0..1 (0 when there is no revenue). */
  share: number;
}

/**
 * Share of revenue from the top `fraction` of the ranked customers of `paretoCurve` (default 20%; top group =
 * ceil(0.2 × n)), so the finding and the curve's 20% mark agree.
 * @example topCustomerShare(store).share; // e.g. 0.64 = "the top 20% bring 64% of revenue"
 */
export function topCustomerShare(store: Store, options: TopShareOptions = {}): TopCustomerShare {
  const fraction = options.fraction ?? 0.2;
  const rev = f64(paretoCurve(store, { knownSpendOnly: options.knownSpendOnly ?? false }).filter(pl.col("rank").isNotNull()), "revenue");
  const n = rev.length;
  const top = Math.min(n, Math.ceil(fraction * n - 1e-9));
  let total = 0;
  let topRevenue = 0;
  for (let i = 0; i < n; i++) {
    total += rev[i];
    if (i < top) topRevenue += rev[i];
  }
  return { customers: n, topCustomers: top, revenue: total, topRevenue, share: total > 0 ? topRevenue / total : 0 };
}

/** One-time versus repeat buyers among customers with a completed order. */
export interface RepeatBuyers {
  customers: number;
  /** Customers with exactly one completed order. */
  oneTime: number;
  /** Customers with two or more completed orders. */
  repeat: number;
  /** repeat / customers, 0..1. */
  repeatShare: number;
  /** Revenue of repeat customers (money). */
  repeatRevenue: number;
  /** repeatRevenue / total revenue, 0..1. */
  repeatRevenueShare: number;
}

/**
 * Counts one-time and repeat buyers (by completed orders) and the revenue share of repeat buyers;
 * `knownSpendOnly` counts only customers whose completed orders all have lines (see `TopShareOptions`).
 */
export function repeatBuyers(store: Store, options: { knownSpendOnly?: boolean } = {}): RepeatBuyers {
  let cr = customerRevenue(store);
  if (options.knownSpendOnly) cr = cr.filter(pl.col("orders_without_lines").eq(0));
  const orders = f64(cr, "orders");
  const revenue = f64(cr, "revenue");
  let repeat = 0;
  let repeatRevenue = 0;
  let total = 0;
  for (let i = 0; i < orders.length; i++) {
    total += revenue[i];
    if (orders[i] >= 2) {
      repeat += 1;
      repeatRevenue += revenue[i];
    }
  }
  const n = orders.length;
  return {
    customers: n,
    oneTime: n - repeat,
    repeat,
    repeatShare: n ? repeat / n : 0,
    repeatRevenue,
    repeatRevenueShare: total > 0 ? repeatRevenue / total : 0,
  };
}

/**
 * Signup cohorts (customers table with `signup_date` required; otherwise an empty frame with these columns):
 * `signup_month` ("YYYY-MM"), `customers` (signed up), `buyers` (with ≥ 1 completed order), `conversion`
 * (buyers / customers, 0..1), `revenue` (money, all their completed orders), `revenue_per_customer` (money).
 * Customers without a signup date are left out. Sorted by `signup_month`.
 */
export function signupCohorts(store: Store): pl.DataFrame {
  const empty = pl.DataFrame({
    signup_month: pl.Series("signup_month", [], pl.Utf8),
    customers: pl.Series("customers", [], pl.Float64),
    buyers: pl.Series("buyers", [], pl.Float64),
    conversion: pl.Series("conversion", [], pl.Float64),
    revenue: pl.Series("revenue", [], pl.Float64),
    revenue_per_customer: pl.Series("revenue_per_customer", [], pl.Float64),
  });
  if (!hasTable(store, "customers") || !store.customers!.columns.includes("signup_date")) return empty;
  const c = store.customers!.filter(pl.col("signup_date").isNotNull());
  if (c.height === 0) return empty;
  const cr = customerRevenue(store).select("customer_id", "revenue");
  return c
    .select(pl.col("customer_id"), pl.col("signup_date").cast(pl.Date).dt.strftime("%Y-%m").alias("signup_month"))
    .join(cr, { on: "customer_id", how: "left" })
    .groupBy("signup_month")
    .agg(
      pl.col("customer_id").count().cast(pl.Float64).alias("customers"),
      pl.col("revenue").isNotNull().cast(pl.Float64).sum().alias("buyers"),
      pl.col("revenue").fillNull(0).sum().alias("revenue"),
    )
    .withColumns(
      pl.col("buyers").div(pl.col("customers")).alias("conversion"),
      pl.col("revenue").div(pl.col("customers")).alias("revenue_per_customer"),
    )
    .select("signup_month", "customers", "buyers", "conversion", "revenue", "revenue_per_customer")
    .sort("signup_month");
}
