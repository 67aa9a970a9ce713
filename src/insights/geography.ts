/** Markets: customers, revenue, orders and interactions by country or region, and the best and worst markets. */
import pl from "nodejs-polars";
import { hasTable, type Store } from "../data/model.js";
import { completedOrders, f64, strs, UNKNOWN } from "./base.js";
import { storeCoverage } from "./coverage.js";
import { SUFFICIENCY_THRESHOLDS } from "./sufficiency.js";

/** Market level: the order's country (else the customer's) or the customer's region. */
export type MarketLevel = "country" | "region";

/**
 * The level the geography findings use on this store: country when it is recorded for at least half of the
 * completed orders, else region under the same rule, else null (see `storeCoverage`).
 */
export function geographyLevel(store: Store): MarketLevel | null {
  return storeCoverage(store).geographyLevel;
}

/**
 * One row per market (`market`; missing = "Unknown"): `customers` (distinct customers with a completed order
 * there), `orders` (completed), `revenue` (money), `interactions` (events of customers whose customers-table
 * country/region is the market; null, i.e. unknown, when the store records no interactions or no such
 * customers-table column), `share_of_customers`, `share_of_revenue` (0..1),
 * `revenue_per_customer` and `aov` (money), `orders_without_lines` (completed orders with no lines in the store:
 * when > 0, revenue, revenue per customer and aov are lower bounds). Sorted by revenue descending, then market.
 */
export function marketSummary(store: Store, options: { level?: MarketLevel } = {}): pl.DataFrame {
  const level = options.level ?? "country";
  const orders = completedOrders(store).withColumns(pl.col(level).alias("market"));
  const agg = orders
    .groupBy("market")
    .agg(
      pl.col("customer_id").dropNulls().nUnique().cast(pl.Float64).alias("customers"),
      pl.col("order_id").count().cast(pl.Float64).alias("orders"),
      pl.col("value").sum().alias("revenue"),
      pl.col("lines").eq(0).cast(pl.Float64).sum().alias("orders_without_lines"),
    );
  let df = agg;
  if (hasTable(store, "interactions") && hasTable(store, "customers") && store.customers!.columns.includes(level)) {
    const inter = store
      .interactions!.select("customer_id")
      .join(store.customers!.select(pl.col("customer_id"), pl.col(level).cast(pl.Utf8).alias("market")), { on: "customer_id", how: "left" })
      .withColumns(pl.col("market").fillNull(pl.lit(UNKNOWN)))
      .groupBy("market")
      .agg(pl.col("customer_id").count().cast(pl.Float64).alias("interactions"));
    df = df.join(inter, { on: "market", how: "full", coalesce: true });
  } else {
    df = df.withColumns(pl.lit(null).cast(pl.Float64).alias("interactions"), pl.lit(true).alias("_no_interactions"));
  }
  const unknownInteractions = df.columns.includes("_no_interactions");
  df = df.withColumns(
    pl.col("customers").fillNull(0),
    pl.col("orders").fillNull(0),
    pl.col("revenue").fillNull(0),
    pl.col("orders_without_lines").fillNull(0),
    unknownInteractions ? pl.col("interactions") : pl.col("interactions").fillNull(0),
  );
  const totalCustomers = orders.filter(pl.col("customer_id").isNotNull()).getColumn("customer_id").nUnique();
  const totalRevenue = orders.height ? (orders.getColumn("value").sum() as number) : 0;
  return df
    .withColumns(
      pl.col("customers").div(pl.lit(totalCustomers || 1)).alias("share_of_customers"),
      pl.col("revenue").div(pl.lit(totalRevenue || 1)).alias("share_of_revenue"),
      pl.when(pl.col("customers").gt(0)).then(pl.col("revenue").div(pl.col("customers"))).otherwise(pl.lit(0)).alias("revenue_per_customer"),
      pl.when(pl.col("orders").gt(0)).then(pl.col("revenue").div(pl.col("orders"))).otherwise(pl.lit(0)).alias("aov"),
    )
    .select("market", "customers", "orders", "revenue", "interactions", "share_of_customers", "share_of_revenue", "revenue_per_customer", "aov", "orders_without_lines")
    .sort(["revenue", "market"], [true, false]);
}

/** Options of `bestWorstMarkets`; the defaults are the documented minimum-size rule (SUFFICIENCY_THRESHOLDS). */
export interface MarketRuleOptions {
  /** Default: `geographyLevel(store)` (country when recorded, else region), "country" when neither is. */
  level?: MarketLevel;
  /** A market is eligible with at least this share of customers (default 0.01)… */
  minCustomerShare?: number;
  /** …or at least this many completed orders (default 50)… */
  minOrders?: number;
  /** …and in every case at least this many customers (default 10), so a few wholesale accounts are not a market. */
  minCustomers?: number;
  /** Ranking measure (default "revenue_per_customer": fair between large and small markets). */
  metric?: "revenue" | "revenue_per_customer" | "aov";
}

/** One market's numbers, as in `marketSummary`. */
export interface MarketRow {
  market: string;
  customers: number;
  orders: number;
  revenue: number;
  revenue_per_customer: number;
  aov: number;
  share_of_customers: number;
  share_of_revenue: number;
}

/** Best and worst eligible markets under the minimum-size rule. */
export interface BestWorstMarkets {
  level: MarketLevel;
  metric: "revenue" | "revenue_per_customer" | "aov";
  /** The rule in words, with its numbers. */
  rule: string;
  markets: number;
  eligible: number;
  best: MarketRow | null;
  /** Null when fewer than two markets are eligible. */
  worst: MarketRow | null;
  /** The eligible market with the most revenue (ties by name); null when none is eligible. */
  top: MarketRow | null;
}

/**
 * Best and worst markets by `metric` (default revenue per customer), and the top market by revenue, among
 * markets that pass the minimum-size rule: (share of customers ≥ `minCustomerShare` (1%) or completed orders ≥ `minOrders` (50)) and customers ≥
 * `minCustomers` (10), never the "Unknown" market, so one tiny order or a few wholesale accounts cannot make a
 * best or worst market. Ties broken by market name.
 */
export function bestWorstMarkets(store: Store, options: MarketRuleOptions = {}): BestWorstMarkets {
  const T = SUFFICIENCY_THRESHOLDS;
  const level = options.level ?? geographyLevel(store) ?? "country";
  const minCustomerShare = options.minCustomerShare ?? T.marketMinCustomerShare;
  const minOrders = options.minOrders ?? T.marketMinOrders;
  const minCustomers = options.minCustomers ?? T.marketMinCustomers;
  const metric = options.metric ?? "revenue_per_customer";
  const all = marketSummary(store, { level });
  const eligible = all
    .filter(
      pl.col("market").neq(pl.lit(UNKNOWN))
        .and(pl.col("share_of_customers").gtEq(minCustomerShare).or(pl.col("orders").gtEq(minOrders)))
        .and(pl.col("customers").gtEq(minCustomers)),
    )
    .sort([metric, "market"], [true, false]);
  const row = (i: number): MarketRow => {
    const r: Record<string, unknown> = {};
    for (const c of ["market", "customers", "orders", "revenue", "revenue_per_customer", "aov", "share_of_customers", "share_of_revenue"])
      r[c] = c === "market" ? strs(eligible, c)[i] : f64(eligible, c)[i];
    return r as unknown as MarketRow;
  };
  const n = eligible.height;
  let top = -1;
  if (n > 0) {
    const rev = f64(eligible, "revenue");
    const names = strs(eligible, "market") as string[];
    for (let i = 0; i < n; i++) if (top < 0 || rev[i] > rev[top] || (rev[i] === rev[top] && names[i] < names[top])) top = i;
  }
  return {
    level,
    metric,
    rule: `markets with at least ${minCustomerShare * 100}% of customers or ${minOrders} completed orders, and at least ${minCustomers} customers; "${UNKNOWN}" excluded`,
    markets: all.height,
    eligible: n,
    best: n >= 1 ? row(0) : null,
    worst: n >= 2 ? row(n - 1) : null,
    top: top >= 0 ? row(top) : null,
  };
}
