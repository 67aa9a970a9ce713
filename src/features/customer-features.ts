/** Per-customer features (recency, frequency, monetary value, …) from the canonical store, with polars. */
import pl from "nodejs-polars";
import { hasTable, type Store } from "../data/model.js";
import { categorySlug } from "./slug.js";
import { lineFacts } from "../data/line-facts.js";

/** Options of `customerFeatures`. */
export interface FeatureOptions {
  /** Also emit customers of the customers table without a completed order (recency/tenure null, counts 0). Default false. */
  includeInactive?: boolean;
  /** Add `cat_share_<slug>` columns when products carry categories. Default true. */
  categoryShares?: boolean;
}

/** Defaults of `customerFeatures`. */
export const FEATURE_DEFAULTS = { includeInactive: false, categoryShares: true } as const;

const DAY_MS = 86_400_000;

/**
 * One row per customer with at least one completed order, sorted by customer_id. Columns:
 * - `recency_days` (Int32): whole calendar days from the date of the customer's last completed order to the
 *   snapshot date, the day after the last order date in the store (any status); 1 = ordered on the last day.
 * - `frequency` (Int32): distinct completed orders. `monetary` (Float64): Σ revenue of those orders' lines, in
 *   the store's currency, rounded to cents (so the sum does not depend on the row order of the input). `aov` (Float64): monetary / frequency.
 * - `tenure_days` (Int32): whole days from the first completed order's date to the snapshot date.
 * - `distinct_products` (Int32): distinct product ids on completed lines.
 * - `cat_share_<slug>` (Float64, 0..1): share of the customer's revenue per product category (when products
 *   have categories; lines of unknown products or null categories go to `cat_share_unknown`); 0 when the
 *   customer's monetary is ≤ 0.
 * - when the store has interactions: `interactions` (Int32, events), `sessions` (Int32, distinct session ids),
 *   `interaction_span_days` (Float64, first → last event in fractional days); 0 for customers without events.
 * - when any order failed or was canceled: `failed_share` (Float64, 0..1) = (failed + canceled) / all orders.
 * - `country`, `region` (Utf8) from the customers table, else `country` = the customer's most frequent order
 *   country (alphabetical on ties); only when present in the data.
 * Only completed orders count as purchases (model.ts); returned orders are neither revenue nor failures.
 */
export function customerFeatures(store: Store, options: FeatureOptions = {}): pl.DataFrame {
  const includeInactive = options.includeInactive ?? FEATURE_DEFAULTS.includeInactive;
  const categoryShares = options.categoryShares ?? FEATURE_DEFAULTS.categoryShares;
  const orders = store.orders.withColumns(pl.col("ordered_at").cast(pl.Date).cast(pl.Int32).alias("__day"));
  const snapshotDay = orders.height ? Number(orders.getColumn("__day").max()) + 1 : 0;
  const completed = orders.filter(pl.col("status").eq(pl.lit("completed")).and(pl.col("customer_id").isNotNull()));

  let df = completed
    .groupBy("customer_id")
    .agg(
      pl.col("order_id").nUnique().cast(pl.Int32).alias("frequency"),
      pl.col("__day").min().alias("__first"),
      pl.col("__day").max().alias("__last"),
    )
    .withColumns(
      pl.lit(snapshotDay).sub(pl.col("__last")).cast(pl.Int32).alias("recency_days"),
      pl.lit(snapshotDay).sub(pl.col("__first")).cast(pl.Int32).alias("tenure_days"),
    );

  // per-customer sums of the completed orders' lines (line facts: the lines themselves are not needed)
  const facts = lineFacts(store);
  const money = facts.customers.select(
    pl.col("customer_id"),
    pl.col("revenue").round(2).alias("monetary"),
    pl.col("products").cast(pl.Int32).alias("distinct_products"),
  );
  df = df
    .join(money, { on: "customer_id", how: "left" })
    .withColumns(pl.col("monetary").fillNull(0), pl.col("distinct_products").fillNull(0))
    .withColumns(pl.col("monetary").div(pl.col("frequency").cast(pl.Float64)).alias("aov"));

  const columns = ["customer_id", "recency_days", "frequency", "monetary", "aov", "tenure_days", "distinct_products"];

  if (categoryShares && facts.customers.height > 0 && store.products && store.products.columns.includes("category") && store.products.getColumn("category").nullCount() < store.products.height) {
    const cats = [...new Set((store.products.getColumn("category").dropNulls().toArray() as string[]).map(String))].sort();
    const slugOf = pl.DataFrame({ category: cats, __slug: cats.map(categorySlug) });
    const withCat = facts.customerCategories
      .join(slugOf, { on: "category", how: "left" })
      .withColumns(pl.col("__slug").fillNull(pl.lit("unknown")));
    const slugs = [...new Set(withCat.getColumn("__slug").toArray() as string[])].sort();
    const shares = withCat
      .groupBy("customer_id")
      .agg(...slugs.map((s) => pl.col("revenue").filter(pl.col("__slug").eq(pl.lit(s))).sum().cast(pl.Float64).round(2).alias(`cat_share_${s}`)));
    df = df.join(shares, { on: "customer_id", how: "left" }).withColumns(
      ...slugs.map((s) =>
        pl
          .when(pl.col("monetary").gt(0))
          .then(pl.col(`cat_share_${s}`).fillNull(0).div(pl.col("monetary")))
          .otherwise(pl.lit(0))
          .cast(pl.Float64)
          .alias(`cat_share_${s}`),
      ),
    );
    columns.push(...slugs.map((s) => `cat_share_${s}`));
  }

  if (store.interactions && hasTable(store, "interactions")) {
    const ev = store.interactions
      .filter(pl.col("customer_id").isNotNull())
      .withColumns(pl.col("occurred_at").cast(pl.Float64).alias("__ms"))
      .groupBy("customer_id")
      .agg(
        pl.len().cast(pl.Int32).alias("interactions"),
        pl.col("session_id").nUnique().cast(pl.Int32).alias("sessions"),
        pl.col("__ms").max().sub(pl.col("__ms").min()).div(DAY_MS).alias("interaction_span_days"),
      );
    df = df
      .join(ev, { on: "customer_id", how: "left" })
      .withColumns(pl.col("interactions").fillNull(0), pl.col("sessions").fillNull(0), pl.col("interaction_span_days").fillNull(0).cast(pl.Float64));
    columns.push("interactions", "sessions", "interaction_span_days");
  }

  const failedLike = pl.col("status").eq(pl.lit("failed")).or(pl.col("status").eq(pl.lit("canceled")));
  if (orders.filter(failedLike).height > 0) {
    const fs = orders
      .filter(pl.col("customer_id").isNotNull())
      .groupBy("customer_id")
      .agg(failedLike.cast(pl.Float64).sum().div(pl.len().cast(pl.Float64)).alias("failed_share"));
    df = df.join(fs, { on: "customer_id", how: "left" });
    columns.push("failed_share");
  }

  const geo = geography(store);
  if (geo) {
    df = df.join(geo.df, { on: "customer_id", how: "left" });
    columns.push(...geo.columns);
  }

  let out = df.select(...columns);
  if (includeInactive && store.customers && hasTable(store, "customers")) {
    const active = new Set(out.getColumn("customer_id").toArray() as string[]);
    const ids = (store.customers.getColumn("customer_id").toArray() as string[]).filter((id) => id !== null && !active.has(id));
    if (ids.length) {
      let extra: pl.DataFrame = pl.DataFrame({ customer_id: ids });
      if (geo) extra = extra.join(geo.df, { on: "customer_id", how: "left" });
      const fills = out.columns
        .filter((c) => c !== "customer_id" && !(geo && geo.columns.includes(c)))
        .map((c) => {
          const dtype = out.getColumn(c).dtype;
          const zero = c === "recency_days" || c === "tenure_days" || c === "aov" ? pl.lit(null) : pl.lit(0);
          return zero.cast(dtype).alias(c);
        });
      extra = extra.withColumns(...fills).select(...out.columns);
      out = pl.concat([out, extra], { how: "vertical" });
    }
  }
  return out.sort("customer_id");
}

/** Country / region per customer: the customers table's columns, else the most frequent order country. */
function geography(store: Store): { df: pl.DataFrame; columns: string[] } | null {
  const cols: string[] = [];
  let df: pl.DataFrame | null = null;
  const c = store.customers;
  if (c && hasTable(store, "customers")) {
    for (const name of ["country", "region"]) if (c.columns.includes(name) && c.getColumn(name).nullCount() < c.height) cols.push(name);
    if (cols.length) df = c.select("customer_id", ...cols).unique({ subset: "customer_id", keep: "first", maintainOrder: true });
  }
  if (!cols.includes("country") && store.orders.columns.includes("country") && store.orders.getColumn("country").nullCount() < store.orders.height) {
    const mode = store.orders
      .filter(pl.col("customer_id").isNotNull().and(pl.col("country").isNotNull()))
      .groupBy(["customer_id", "country"])
      .agg(pl.len().alias("__n"))
      .sort(["customer_id", "__n", "country"], [false, true, false])
      .unique({ subset: "customer_id", keep: "first", maintainOrder: true })
      .select("customer_id", "country");
    df = df ? df.join(mode, { on: "customer_id", how: "left" }) : mode;
    cols.unshift("country");
  }
  return df && cols.length ? { df: df.select("customer_id", ...cols.map((x) => pl.col(x).cast(pl.Utf8))), columns: cols } : null;
}
