/** Sales over time and product performance: revenue, orders, units, AOV; product rankings; category mix; ABC. */
import pl from "nodejs-polars";
import { hasTable, type Store } from "../data/model.js";
import { completedOrders, f64, strs, UNKNOWN } from "./base.js";
import { lineFacts } from "../data/line-facts.js";
import { memoByStore } from "./memo.js";
import { rankDescending } from "./rank.js";

/** Calendar period for time series: a day, an ISO week (starting Monday) or a calendar month. */
export type Period = "day" | "week" | "month";

/** Options of `salesOverTime`. */
export interface SalesOverTimeOptions {
  /** Period length (default "month"). */
  period?: Period;
}

/**
 * Revenue, completed orders, units, buying customers and AOV per period, from completed orders only.
 * Columns: `period` (Utf8: "YYYY-MM" for months, else the first day "YYYY-MM-DD"; weeks start on Monday),
 * `revenue` (money), `orders` (completed orders with lines), `units`, `customers` (distinct known customer
 * ids), `aov` (revenue / orders, money), `orders_without_lines` (completed orders of the period with no lines
 * in the store: when > 0, revenue and units are lower bounds; a period whose completed orders all lack lines
 * has null, i.e. unknown, revenue, orders, units, customers and aov). Sorted by `period`; periods without
 * completed orders are absent. Computed once per store and period.
 */
export function salesOverTime(store: Store, options: SalesOverTimeOptions = {}): pl.DataFrame {
  const period = options.period ?? "month";
  return memoByStore(store, `salesOverTime:${period}`, () => computeSalesOverTime(store, period));
}

function computeSalesOverTime(store: Store, period: Period): pl.DataFrame {
  const every = period === "day" ? "1d" : period === "week" ? "1w" : "1mo";
  const fmt = period === "month" ? "%Y-%m" : "%Y-%m-%d";
  const periodOf = pl.col("ordered_at").dt.truncate(every).dt.strftime(fmt).alias("period");
  const withoutLines = completedOrders(store)
    .filter(pl.col("lines").eq(0))
    .withColumns(periodOf)
    .groupBy("period")
    .agg(pl.col("order_id").count().cast(pl.Float64).alias("orders_without_lines"));
  // completed orders with lines, each with its lines' value and units (line facts), in order_id order
  return completedOrders(store)
    .filter(pl.col("lines").gt(0))
    .withColumns(periodOf)
    .groupBy("period")
    .agg(
      pl.col("value").sum().alias("revenue"),
      pl.col("order_id").nUnique().cast(pl.Float64).alias("orders"),
      pl.col("units").sum().alias("units"),
      pl.col("customer_id").dropNulls().nUnique().cast(pl.Float64).alias("customers"),
    )
    .withColumns(pl.col("revenue").div(pl.col("orders")).alias("aov"))
    .join(withoutLines, { on: "period", how: "full", coalesce: true })
    .withColumns(pl.col("orders_without_lines").fillNull(0))
    .select("period", "revenue", "orders", "units", "customers", "aov", "orders_without_lines")
    .sort("period");
}

/**
 * Per-product performance, fees (`is_product = false`) excluded: `product_id`, `product_name`, `category`,
 * `interactions` (interaction events naming the product; null, i.e. unknown, when the store records no
 * interactions), `units` and `revenue` (money) from completed orders,
 * `orders` (completed orders containing it), and the ordinal ranks `rank_interactions` (null when the store has
 * no interactions), `rank_units`, `rank_revenue` (1 = most; ties by product_id). Products known from the
 * catalogue, the order lines or the interactions are all listed. Sorted by `rank_revenue`. Computed once per store.
 */
export function productPerformance(store: Store): pl.DataFrame {
  return memoByStore(store, "productPerformance", () => computeProductPerformance(store));
}

function computeProductPerformance(store: Store): pl.DataFrame {
  const facts = lineFacts(store).products;
  const hasInteractions = hasTable(store, "interactions");
  const idFrames = [facts.select(pl.col("product_id").cast(pl.Utf8))];
  if (hasTable(store, "products")) idFrames.push(store.products!.select(pl.col("product_id").cast(pl.Utf8)));
  if (hasInteractions)
    idFrames.push(store.interactions!.select(pl.col("product_id").cast(pl.Utf8)).filter(pl.col("product_id").isNotNull()));
  let df = pl.concat(idFrames).unique().sort("product_id");
  if (hasTable(store, "products")) {
    const p = store.products!;
    df = df.join(
      p.select(
        pl.col("product_id").cast(pl.Utf8),
        (p.columns.includes("product_name") ? pl.col("product_name") : pl.lit(null)).cast(pl.Utf8).alias("product_name"),
        (p.columns.includes("category") ? pl.col("category") : pl.lit(null)).cast(pl.Utf8).alias("category"),
        (p.columns.includes("is_product") ? pl.col("is_product") : pl.lit(true)).cast(pl.Bool).alias("is_product"),
      ),
      { on: "product_id", how: "left" },
    );
  } else {
    df = df.withColumns(
      pl.lit(null).cast(pl.Utf8).alias("product_name"),
      pl.lit(null).cast(pl.Utf8).alias("category"),
      pl.lit(true).alias("is_product"),
    );
  }
  df = df.filter(pl.col("is_product").fillNull(true)).drop("is_product");
  const sales = facts.filter(pl.col("orders").gt(0)).select("product_id", "units", "revenue", "orders");
  df = df.join(sales, { on: "product_id", how: "left" });
  if (hasInteractions) {
    const inter = store
      .interactions!.filter(pl.col("product_id").isNotNull())
      .groupBy("product_id")
      .agg(pl.col("event_type").count().cast(pl.Float64).alias("interactions"));
    df = df.join(inter, { on: "product_id", how: "left" });
  } else {
    df = df.withColumns(pl.lit(null).cast(pl.Float64).alias("interactions"));
  }
  df = df
    .withColumns(
      pl.col("units").fillNull(0),
      pl.col("revenue").fillNull(0),
      pl.col("orders").fillNull(0),
      hasInteractions ? pl.col("interactions").fillNull(0) : pl.col("interactions"),
    )
    .select("product_id", "product_name", "category", "interactions", "units", "revenue", "orders")
    .sort("product_id");
  const ids = strs(df, "product_id") as string[];
  return df
    .withColumns(
      pl.Series("rank_interactions", hasInteractions ? Array.from(rankDescending(f64(df, "interactions"), ids)) : ids.map(() => null), pl.Int32),
      pl.Series("rank_units", rankDescending(f64(df, "units"), ids), pl.Int32),
      pl.Series("rank_revenue", rankDescending(f64(df, "revenue"), ids), pl.Int32),
    )
    .sort("rank_revenue");
}

/** Options of `topProducts`. */
export interface TopProductsOptions {
  /** Keep products ranked in the top `n` by any of the three measures (default 10). */
  n?: number;
}

/**
 * Top products by interactions, by units and by revenue side by side: the rows of `productPerformance` whose
 * rank by any measure is ≤ n (so the table may hold up to 3n products), sorted by `rank_revenue`.
 */
export function topProducts(store: Store, options: TopProductsOptions = {}): pl.DataFrame {
  const n = options.n ?? 10;
  return productPerformance(store).filter(
    pl.col("rank_revenue").lessThanEquals(n)
      .or(pl.col("rank_units").lessThanEquals(n))
      .or(pl.col("rank_interactions").fillNull(n + 1).lessThanEquals(n)),
  );
}

/**
 * Revenue mix by product category (fees excluded; missing category = "Unknown"): `category`, `revenue` (money),
 * `units`, `orders` (completed orders with a line in the category), `products` (distinct products sold),
 * `share_of_revenue` (0..1, sums to 1 when revenue > 0). Sorted by revenue descending, then category.
 */
export function categoryMix(store: Store): pl.DataFrame {
  const mix = lineFacts(store).categories.select("category", "revenue", "units", "orders", "products");
  const total = mix.height ? (mix.getColumn("revenue").sum() as number) : 0;
  return mix
    .withColumns(pl.col("revenue").div(pl.lit(total > 0 ? total : 1)).alias("share_of_revenue"))
    .sort(["revenue", "category"], [true, false]);
}

/** Options of `abcClasses`. */
export interface AbcOptions {
  /** Cumulative revenue share covered by class A (default 0.8). */
  a?: number;
  /** Cumulative revenue share covered by classes A and B (default 0.95). */
  b?: number;
}

/**
 * ABC class of each item given its revenue, in the order given: items are sorted by revenue (descending, ties
 * by id); an item is A when the cumulative share of the items before it is < `a`, B when < `b`, else C (so the
 * item that crosses 80% is still A, and items with zero revenue are C unless nothing sold).
 * @example abcClassify(Float64Array.of(50, 30, 10, 6, 4), ["a","b","c","d","e"]); // => ["A","A","B","B","C"]
 */
export function abcClassify(revenue: ArrayLike<number>, ids: readonly string[], options: AbcOptions = {}): ("A" | "B" | "C")[] {
  const a = options.a ?? 0.8;
  const b = options.b ?? 0.95;
  const n = revenue.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += Math.max(0, revenue[i]);
  const ranks = rankDescending(revenue, ids);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[ranks[i] - 1] = i;
  const out = new Array<"A" | "B" | "C">(n);
  let before = 0;
  for (const i of order) {
    const share = total > 0 ? before / total : 0;
    out[i] = total > 0 && revenue[i] <= 0 ? "C" : share < a ? "A" : share < b ? "B" : "C";
    before += Math.max(0, revenue[i]);
  }
  return out;
}

/**
 * ABC classes of products by completed-order revenue (fees excluded): `product_id`, `product_name`, `revenue`
 * (money), `share_of_revenue`, `cumulative_share` (0..1, inclusive of the product) and `abc_class`.
 * Sorted by revenue descending, ties by product_id. Rule: see `abcClassify` (A = first 80% of revenue, B the
 * next 15%, C the rest).
 */
export function abcClasses(store: Store, options: AbcOptions = {}): pl.DataFrame {
  const perf = productPerformance(store).sort("rank_revenue");
  const revenue = f64(perf, "revenue");
  const ids = strs(perf, "product_id") as string[];
  const total = revenue.reduce((s, v) => s + Math.max(0, v), 0);
  const share = new Float64Array(revenue.length);
  const cum = new Float64Array(revenue.length);
  let run = 0;
  for (let i = 0; i < revenue.length; i++) {
    share[i] = total > 0 ? revenue[i] / total : 0;
    run += Math.max(0, revenue[i]);
    cum[i] = total > 0 ? run / total : 0;
  }
  return perf.select("product_id", "product_name", "revenue").withColumns(
    pl.Series("share_of_revenue", share, pl.Float64),
    pl.Series("cumulative_share", cum, pl.Float64),
    pl.Series("abc_class", abcClassify(revenue, ids, options), pl.Utf8),
  );
}

/**
 * Summary of the ABC classes: `abc_class`, `products`, `revenue` (money), `share_of_products`,
 * `share_of_revenue` (0..1). Always three rows A, B, C.
 */
export function abcSummary(store: Store, options: AbcOptions = {}): pl.DataFrame {
  const abc = abcClasses(store, options);
  const cls = strs(abc, "abc_class");
  const rev = f64(abc, "revenue");
  const counts = [0, 0, 0];
  const sums = [0, 0, 0];
  cls.forEach((c, i) => {
    const k = c === "A" ? 0 : c === "B" ? 1 : 2;
    counts[k] += 1;
    sums[k] += rev[i];
  });
  const n = cls.length;
  const total = sums[0] + sums[1] + sums[2];
  return pl.DataFrame({
    abc_class: ["A", "B", "C"],
    products: pl.Series("products", counts, pl.Float64),
    revenue: pl.Series("revenue", sums, pl.Float64),
    share_of_products: pl.Series("share_of_products", counts.map((c) => (n ? c / n : 0)), pl.Float64),
    share_of_revenue: pl.Series("share_of_revenue", sums.map((s) => (total > 0 ? s / total : 0)), pl.Float64),
  });
}
