/**
 * Line facts: everything the analysis needs from the order lines, as tables that grow with orders, products,
 * customers and categories, never with lines. The line-level engines (engines/) return them instead of the
 * lines; for a store whose lines are in memory they are computed here, with the same definitions. Every
 * consumer after loading (features, insights, exports, notebooks' views) reads these, not `order_lines`.
 *
 * Definitions (L = the store's order lines; C = the lines of `completed` orders, joined on `order_id`):
 * - `orders`: per order with ≥ 1 line in L (any status): `value` (Σ revenue), `units` (Σ quantity), `lines`.
 * - `products`: per product id in L: `units`, `revenue`, `orders` (distinct orders) over C (0 when none).
 * - `customers`: per known customer of C: `revenue` (Σ), `products` (distinct product ids).
 * - `customerCategories`: per known customer of C and product category (null = none): `revenue`.
 * - `categories`: per category ("Unknown" for none) over the lines of C whose product is merchandise
 *   (`is_product` not false): `revenue`, `units`, `orders` and `products` (distinct).
 * - `customerProducts`: distinct (customer, product) pairs of C, only for stores with interactions.
 * Money: the line-level engines (engines/) sum it as exact integers of 1/10,000 of the currency (each line's
 * revenue rounded half away from zero to that unit), then divide by 10,000: the same bytes whichever engine
 * summed it. Stores built in memory by the other adapters (synthetic, three-file, ShopSmart, canonical) sum
 * the Float64 revenue in the order the analysis always did (`exact: false`), so their outputs do not move.
 */
import pl from "nodejs-polars";
import { hasTable, type Store } from "./model.js";

/** Label of lines whose product has no category, in `categories`. */
export const UNKNOWN_CATEGORY = "Unknown";

/** The line facts of a store (see the module comment). Money columns are Float64 in the store's currency. */
export interface LineFacts {
  /** Rows of `order_lines` (all statuses). */
  lines: number;
  /** `order_id`, `value`, `units`, `lines` (Float64); sorted by order_id. */
  orders: pl.DataFrame;
  /** `product_id`, `units`, `revenue`, `orders` (Float64); sorted by product_id. */
  products: pl.DataFrame;
  /** `customer_id`, `revenue` (Float64), `products` (Int32); sorted by customer_id. */
  customers: pl.DataFrame;
  /** `customer_id`, `category` (Utf8, null = none), `revenue` (Float64); sorted by customer_id, category. */
  customerCategories: pl.DataFrame;
  /** `category`, `revenue`, `units`, `orders`, `products` (Float64); sorted by category. */
  categories: pl.DataFrame;
  /** `customer_id`, `product_id`: pairs bought on completed orders; present when the store has interactions. */
  customerProducts?: pl.DataFrame;
}

/**
 * The facts as engines return them, money as integer `*_e4` columns: `orders` (order_id, value_e4, units,
 * lines), `products` (product_id, units, revenue_e4, orders), `customers` (customer_id, revenue_e4,
 * products), `customerCategories` (customer_id, category, revenue_e4), `categories` (category, revenue_e4,
 * units, orders, products).
 */
export interface RawLineFacts {
  orders: pl.DataFrame;
  products: pl.DataFrame;
  customers: pl.DataFrame;
  customerCategories: pl.DataFrame;
  categories: pl.DataFrame;
  customerProducts?: pl.DataFrame;
}

/** `out` from `<out>_e4` (integer 1/10,000 units) when the raw table has it, else the Float64 column `out`. */
const moneyOf = (df: pl.DataFrame, c: string, out: string) =>
  df.columns.includes(c) ? pl.col(c).cast(pl.Float64).div(pl.lit(10000)).alias(out) : pl.col(out).cast(pl.Float64).alias(out);
const f64 = (c: string) => pl.col(c).cast(pl.Float64).alias(c);

/**
 * The one conversion from raw facts (any engine) to `LineFacts`: dtypes fixed, money divided by 10,000,
 * rows in a total order (nulls first).
 */
export function finishLineFacts(raw: RawLineFacts): LineFacts {
  const orders = raw.orders.select(pl.col("order_id").cast(pl.Utf8), moneyOf(raw.orders, "value_e4", "value"), f64("units"), f64("lines")).sort("order_id");
  return {
    lines: orders.height ? Number(orders.getColumn("lines").sum()) : 0,
    orders,
    products: raw.products.select(pl.col("product_id").cast(pl.Utf8), f64("units"), moneyOf(raw.products, "revenue_e4", "revenue"), f64("orders")).sort("product_id"),
    customers: raw.customers
      .select(pl.col("customer_id").cast(pl.Utf8), moneyOf(raw.customers, "revenue_e4", "revenue"), pl.col("products").cast(pl.Int32))
      .sort("customer_id"),
    customerCategories: raw.customerCategories
      .select(pl.col("customer_id").cast(pl.Utf8), pl.col("category").cast(pl.Utf8), moneyOf(raw.customerCategories, "revenue_e4", "revenue"))
      .sort(["customer_id", "category"]),
    categories: raw.categories
      .select(pl.col("category").cast(pl.Utf8), moneyOf(raw.categories, "revenue_e4", "revenue"), f64("units"), f64("orders"), f64("products"))
      .sort("category"),
    customerProducts: raw.customerProducts?.select(pl.col("customer_id").cast(pl.Utf8), pl.col("product_id").cast(pl.Utf8)).sort(["customer_id", "product_id"]),
  };
}

/** Revenue of one line in 1/10,000 of the currency, from its Float64 `revenue` (rounded half away from zero). */
export function revenueE4(revenue: pl.Expr): pl.Expr {
  return revenue.cast(pl.Float64).mul(pl.lit(10000)).round(0).cast(pl.Int64);
}

/** Options of {@link rawLineFacts}. */
export interface RawLineFactsOptions {
  /** Sum money as integer 1/10,000 units (`*_e4` columns, as the engines do). Default true. */
  exact?: boolean;
}

/**
 * The raw facts of a store whose lines are in memory (polars; the definitions of the module comment). With
 * `exact: false`, money columns are Float64 sums (`value`, `revenue`) in the order the analysis summed them
 * before line facts existed: per order and per customer in line order, per product and category in
 * (order_id, product_id) order.
 */
export function rawLineFacts(store: Store, options: RawLineFactsOptions = {}): RawLineFacts {
  const exact = options.exact ?? true;
  const m = exact ? "revenue_e4" : "revenue";
  const orders = store.orders.lazy().select(pl.col("order_id").cast(pl.Utf8), pl.col("customer_id").cast(pl.Utf8), pl.col("status").cast(pl.Utf8));
  const hasProducts = hasTable(store, "products");
  const p = store.products;
  const products = hasProducts
    ? p!.lazy().select(
        pl.col("product_id").cast(pl.Utf8),
        (p!.columns.includes("category") ? pl.col("category") : pl.lit(null)).cast(pl.Utf8).alias("category"),
        (p!.columns.includes("is_product") ? pl.col("is_product") : pl.lit(true)).cast(pl.Bool).alias("is_product"),
      )
    : undefined;
  let lines = store.order_lines
    .lazy()
    .select(
      pl.col("order_id").cast(pl.Utf8),
      pl.col("product_id").cast(pl.Utf8),
      pl.col("quantity").cast(pl.Int64).alias("quantity"),
      exact ? revenueE4(pl.col("revenue")).alias(m) : pl.col("revenue").cast(pl.Float64).alias(m),
    )
    .join(orders, { on: "order_id", how: "left" })
    .withColumns(pl.col("status").eq(pl.lit("completed")).fillNull(false).alias("completed"));
  lines = products
    ? lines.join(products, { on: "product_id", how: "left" })
    : lines.withColumns(pl.lit(null).cast(pl.Utf8).alias("category"), pl.lit(null).cast(pl.Bool).alias("is_product"));
  const l = lines.collectSync();
  if (exact) return exactLineFacts(l, { customerProducts: hasTable(store, "interactions") });
  // per customer: float sums over the same inner join the features always used
  const known = store.order_lines
    .join(
      store.orders.filter(pl.col("status").eq(pl.lit("completed")).and(pl.col("customer_id").isNotNull())).select("order_id", "customer_id"),
      { on: "order_id", how: "inner" },
    )
    .lazy()
    .select(pl.col("customer_id").cast(pl.Utf8), pl.col("product_id").cast(pl.Utf8), pl.col("revenue").cast(pl.Float64))
    .join(products ?? pl.DataFrame({ product_id: pl.Series("product_id", [], pl.Utf8), category: pl.Series("category", [], pl.Utf8) }).lazy(), {
      on: "product_id",
      how: "left",
    })
    .select("customer_id", "product_id", "category", "revenue");
  const sorted = l.sort(["order_id", "product_id"]);
  return { ...keyFacts(l, sorted, known, false, hasTable(store, "interactions")), ...categoryFacts(sorted, known, false) };
}

/** Options of {@link exactLineFacts}. */
export interface ExactLineFactsOptions {
  /** Also return `customerProducts` (stores with interactions). Default false. */
  customerProducts?: boolean;
}

/**
 * The raw facts with money as exact `*_e4` sums (the definitions of the module comment), from order lines
 * that already carry their order's and product's fields: `order_id`, `product_id`, `customer_id` (the
 * order's), `quantity` (Int64), `revenue_e4` (see {@link revenueE4}), `completed` (Boolean: the order is
 * completed), `category` (absent when no product has one) and `is_product`. Ids may be text or Categorical
 * (grouping on category codes is grouping on the text; `finishLineFacts` casts the keys to text).
 * `rawLineFacts(store, { exact: true })` joins a store's lines into this shape; the UCI loader passes its
 * cleaned lines before they become text.
 */
export function exactLineFacts(lines: pl.DataFrame, options: ExactLineFactsOptions = {}): RawLineFacts {
  const known = lines.lazy().filter(pl.col("completed")).filter(pl.col("customer_id").isNotNull());
  const byKey = keyFacts(lines, lines, known, true, options.customerProducts ?? false);
  if (lines.columns.includes("category")) return { ...byKey, ...categoryFacts(lines, known, true) };
  // No categories: every line is in the category "none" (null per customer, "Unknown" in `categories`), so
  // the per-category tables are a group-by on the customer and one total, instead of group-bys on a column
  // of millions of nulls. Integer sums: the same values whatever the grouping.
  const customerCategories = known
    .groupBy("customer_id")
    .agg(pl.col("revenue_e4").sum().alias("revenue_e4"))
    .select(pl.col("customer_id"), pl.lit(null).cast(pl.Utf8).alias("category"), pl.col("revenue_e4"))
    .collectSync();
  const categories = lines
    .lazy()
    .filter(pl.col("completed").and(pl.col("is_product").fillNull(true)))
    .select(
      pl.lit(UNKNOWN_CATEGORY).alias("category"),
      pl.col("revenue_e4").sum().alias("revenue_e4"),
      pl.col("quantity").sum().alias("units"),
      pl.col("order_id").dropNulls().nUnique().alias("orders"),
      pl.col("product_id").dropNulls().nUnique().alias("products"),
      pl.len().alias("__lines"),
    )
    .filter(pl.col("__lines").gt(0))
    .drop("__lines")
    .collectSync();
  return { ...byKey, customerCategories, categories };
}

/**
 * The facts per order, product and customer over the joined lines `l` (`sorted`: the same lines in the order
 * float sums run over per product) and `known` (completed lines with a customer).
 */
function keyFacts(
  l: pl.DataFrame,
  sorted: pl.DataFrame,
  known: pl.LazyDataFrame,
  exact: boolean,
  customerProducts: boolean,
): Omit<RawLineFacts, "customerCategories" | "categories"> {
  const m = exact ? "revenue_e4" : "revenue";
  const mo = (name: string) => (exact ? `${name}_e4` : name);
  const when = (e: pl.Expr) => pl.when(pl.col("completed")).then(e).otherwise(pl.lit(null));
  return {
    orders: l
      .lazy()
      .filter(pl.col("order_id").isNotNull())
      .groupBy("order_id")
      .agg(pl.col(m).sum().alias(mo("value")), pl.col("quantity").sum().alias("units"), pl.len().alias("lines"))
      .collectSync(),
    products: sorted
      .lazy()
      .filter(pl.col("product_id").isNotNull())
      .groupBy("product_id")
      .agg(
        when(pl.col("quantity")).sum().fillNull(0).alias("units"),
        when(pl.col(m)).sum().fillNull(0).alias(m),
        when(pl.col("order_id")).dropNulls().nUnique().alias("orders"),
      )
      .collectSync(),
    customers: known
      .groupBy("customer_id")
      .agg(pl.col(m).sum().alias(m), pl.col("product_id").dropNulls().nUnique().alias("products"))
      .collectSync(),
    customerProducts: customerProducts
      ? known.filter(pl.col("product_id").isNotNull()).select("customer_id", "product_id").unique().collectSync()
      : undefined,
  };
}

/** The facts per customer × category and per category, over `sorted` (the joined lines) and `known`. */
function categoryFacts(sorted: pl.DataFrame, known: pl.LazyDataFrame, exact: boolean): Pick<RawLineFacts, "customerCategories" | "categories"> {
  const m = exact ? "revenue_e4" : "revenue";
  return {
    customerCategories: known.groupBy(["customer_id", "category"]).agg(pl.col(m).sum().alias(m)).collectSync(),
    categories: sorted
      .lazy()
      .filter(pl.col("completed"))
      .filter(pl.col("is_product").fillNull(true))
      .withColumns(pl.col("category").fillNull(pl.lit(UNKNOWN_CATEGORY)))
      .groupBy("category")
      .agg(
        pl.col(m).sum().alias(m),
        pl.col("quantity").sum().alias("units"),
        pl.col("order_id").dropNulls().nUnique().alias("orders"),
        pl.col("product_id").dropNulls().nUnique().alias("products"),
      )
      .collectSync(),
  };
}

const computed = new WeakMap<Store, { tables: unknown[]; facts: LineFacts }>();
const inputs = (s: Store): unknown[] => [s.order_lines, s.orders, s.products, s.interactions];

/**
 * The line facts of `store`: the ones its engine returned (`store.facts`), else computed once from its
 * order lines (and recomputed when its lines, orders, products or interactions are replaced).
 */
export function lineFacts(store: Store): LineFacts {
  if (store.facts) return store.facts;
  const hit = computed.get(store);
  const tables = inputs(store);
  if (hit && hit.tables.every((t, i) => t === tables[i])) return hit.facts;
  const facts = finishLineFacts(rawLineFacts(store, { exact: false }));
  computed.set(store, { tables, facts });
  return facts;
}
