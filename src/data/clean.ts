/**
 * Cleaning: named, documented rules run in order on one table, with a log that accounts for every row
 * (`rows_in = rows_kept + Σ dropped[rule]`). Adapters choose which rules run on which table; the rules
 * themselves live here so every dataset is cleaned the same way.
 *
 * The standard order for sales lines (UCI invoices, transactions, line items):
 *  1. `unparseable_value`  a value present in the source that does not parse (a date that is not a date, a
 *                          quantity of `six`, `1,234`, `NaN`): dropped; first source lines in `examples`.
 *  2. `exact_duplicate`    a row identical to an earlier one in every source column: dropped (first kept).
 *  3. `missing_customer`   no customer id: dropped (an order must belong to a customer to be analysed).
 *  4. `bad_debt_adjustment` UCI `A` invoices (accounting entries, not sales): dropped.
 *  5. `non_positive_quantity`, 6. `non_positive_price`: dropped (returns written as negative lines, free
 *                          items and write-offs are not sales).
 *  Flags (rows kept, counted under `flagged`):
 *  - `order_not_completed`: lines of orders whose status is not `completed` (failed, canceled, returned).
 *    They stay in `order_lines` and their orders stay in `orders`, so order-status analysis can value what
 *    was lost, but they are NOT revenue: revenue is Σ `order_lines.revenue` over lines whose order has
 *    status `completed` (join on `order_id`). UCI `C` invoices are canceled orders; their lines carry
 *    negative quantities and are dropped by rule 5, which is what the standard UCI cleaning does.
 *  - `outlier_quantity`, `outlier_price`: Tukey's far-out fence, value > Q3 + 3·IQR, on the rows kept.
 *  Orders derived from lines (UCI), in the `orders` log: `no_valid_lines` (every line dropped by rules 1–4),
 *  then `no_kept_lines`: a `completed` order none of whose lines survived rules 5–6 is dropped (it bought
 *  nothing; the standard pandas cleaning has no such invoice). Canceled orders stay, with no lines: their value
 *  is unknown. Sources whose orders are their own table (three-file, ShopSmart) keep orders without lines.
 * Keyed tables (customers, products, orders of a normalized source) use `exact_duplicate`, then
 * `duplicate_key` (a repeated id with different values: the first row is kept) and `missing_key`.
 */
import pl from "nodejs-polars";
import type { CleaningLog, TableLog } from "./model.js";

/** One cleaning rule: rows it matches are dropped (or, for `flag`, counted and kept). */
export interface CleaningRule {
  /** Name used as the key in the log, e.g. `non_positive_price`. */
  name: string;
  action: "drop" | "flag";
  /** True for offending rows (nulls count as false). */
  match: (df: pl.DataFrame) => pl.Series;
  /** Record the first offending source lines in `examples` (for unparseable values). Default false. */
  examples?: boolean;
}

/** Options of {@link cleanTable}. */
export interface CleanTableOptions {
  /** Maps 0-based `__record` values to 1-based source line numbers for `examples`. Default record + 2. */
  lineOf?: (records: number[]) => number[];
  /** How many example lines to keep per rule. Default 10. */
  maxExamples?: number;
}

/** Number of true values of a boolean series. */
function countTrue(m: pl.Series): number {
  return Number(m.cast(pl.UInt32).sum() ?? 0);
}

function mask(df: pl.DataFrame, e: pl.Expr): pl.Series {
  return df.select(e.fillNull(false).alias("m")).getColumn("m");
}

/** Runs `rules` in order on `df`; returns the kept rows and the table's log. Pure apart from `lineOf`. */
export function cleanTable(
  df: pl.DataFrame,
  rules: readonly CleaningRule[],
  options: CleanTableOptions = {},
): { df: pl.DataFrame; log: TableLog } {
  const lineOf = options.lineOf ?? ((r: number[]) => r.map((x) => x + 2));
  const maxExamples = options.maxExamples ?? 10;
  const log: TableLog = { rows_in: df.height, rows_kept: 0, dropped: {} };
  let cur = df;
  for (const rule of rules) {
    const m = rule.match(cur);
    const n = countTrue(m);
    if (rule.action === "flag") {
      log.flagged = log.flagged ?? {};
      log.flagged[rule.name] = n;
      continue;
    }
    log.dropped[rule.name] = n;
    if (n === 0) continue;
    if (rule.examples && cur.columns.includes("__record")) {
      const recs = cur
        .filter(m)
        .getColumn("__record")
        .head(maxExamples)
        .toArray()
        .map((x) => Number(x));
      log.examples = log.examples ?? {};
      log.examples[rule.name] = lineOf(recs);
    }
    cur = cur.filter(m.not());
  }
  log.rows_kept = cur.height;
  return { df: cur, log };
}

/** `unparseable_value`: rows whose `__bad` marker (see parse.ts `firstUnparseable`) is set; keeps examples. */
export function unparseableValue(): CleaningRule {
  return {
    name: "unparseable_value",
    action: "drop",
    examples: true,
    match: (df) => (df.columns.includes("__bad") ? mask(df, pl.col("__bad").isNotNull()) : mask(df, pl.lit(false))),
  };
}

/** `exact_duplicate`: a row equal to an earlier row in all of `columns` (nulls equal); the first is kept. */
export function exactDuplicate(columns: readonly string[]): CleaningRule {
  return {
    name: "exact_duplicate",
    action: "drop",
    match: (df) => mask(df, pl.struct(columns.map((c) => pl.col(c))).isFirstDistinct().not()),
  };
}

/** `duplicate_key`: a repeated value of `key` (after exact duplicates are gone); the first row is kept. */
export function duplicateKey(key: string): CleaningRule {
  return {
    name: "duplicate_key",
    action: "drop",
    match: (df) => mask(df, pl.col(key).isNotNull().and(pl.col(key).isFirstDistinct().not())),
  };
}

/** A row whose `column` is null (blank text was already turned into null by the parsers). */
export function missingValue(name: string, column: string): CleaningRule {
  return { name, action: "drop", match: (df) => mask(df, pl.col(column).isNull()) };
}

/** `bad_debt_adjustment`: UCI invoices starting with `A` (accounting adjustments, not sales). */
export function badDebtAdjustment(orderColumn = "order_id"): CleaningRule {
  return { name: "bad_debt_adjustment", action: "drop", match: (df) => mask(df, pl.col(orderColumn).str.startsWith("A")) };
}

/**
 * `order_not_completed` (a flag): lines of orders whose `status` is not `completed`. Kept in `order_lines`
 * for order-status analysis; they do not count as revenue (consumers join `orders.status`).
 */
export function orderNotCompleted(statusColumn = "status"): CleaningRule {
  return { name: "order_not_completed", action: "flag", match: (df) => mask(df, pl.col(statusColumn).neq(pl.lit("completed"))) };
}

/** A row whose numeric `column` is ≤ 0 (or null). */
export function nonPositive(name: string, column: string): CleaningRule {
  return { name, action: "drop", match: (df) => mask(df, pl.col(column).isNull().or(pl.col(column).ltEq(0))) };
}

/**
 * Flags values above Tukey's far-out fence, Q3 + 3·(Q3 − Q1) (Tukey 1977), computed on the rows present
 * when the rule runs. Flagged rows are kept; only counted.
 */
export function outlierFlag(name: string, column: string): CleaningRule {
  return {
    name,
    action: "flag",
    match: (df) => {
      if (df.height === 0) return pl.Series("m", [], pl.Bool);
      const q = df.select(
        pl.col(column).cast(pl.Float64).quantile(0.25).alias("q1"),
        pl.col(column).cast(pl.Float64).quantile(0.75).alias("q3"),
      );
      const q1 = Number(q.getColumn("q1").get(0));
      const q3 = Number(q.getColumn("q3").get(0));
      const fence = q3 + 3 * (q3 - q1);
      return mask(df, pl.col(column).cast(pl.Float64).gt(fence));
    },
  };
}

/** The standard rules for sales lines, in order (see the module comment). */
export function salesLineRules(options: { dedupeColumns: readonly string[]; adjustments?: boolean }): {
  orderLevel: CleaningRule[];
  lineLevel: CleaningRule[];
} {
  const orderLevel = [unparseableValue(), exactDuplicate(options.dedupeColumns), missingValue("missing_customer", "customer_id")];
  if (options.adjustments) orderLevel.push(badDebtAdjustment());
  const lineLevel = [
    nonPositive("non_positive_quantity", "quantity"),
    nonPositive("non_positive_price", "unit_price"),
    orderNotCompleted(),
    outlierFlag("outlier_quantity", "quantity"),
    outlierFlag("outlier_price", "unit_price"),
  ];
  return { orderLevel, lineLevel };
}

/**
 * Join accounting: how many rows of `left` carry a non-null `leftKey` that `right[rightKey]` lacks.
 * Such rows are kept and counted, never silently dropped.
 */
export function unmatchedKeys(
  left: pl.DataFrame,
  leftKey: string,
  right: pl.DataFrame | undefined,
  rightKey: string,
): { rows: number; unmatched: number } {
  if (!right) return { rows: left.height, unmatched: 0 };
  const keys = right.select(pl.col(rightKey).alias("__k")).unique();
  const missing = left
    .select(pl.col(leftKey).alias("__k"))
    .filter(pl.col("__k").isNotNull())
    .join(keys, { on: "__k", how: "anti" });
  return { rows: left.height, unmatched: missing.height };
}

/** The standard join checks of a store: order lines → orders and products, orders → customers. */
export function joinAccounting(tables: {
  orders: pl.DataFrame;
  order_lines: pl.DataFrame;
  customers?: pl.DataFrame;
  products?: pl.DataFrame;
  interactions?: pl.DataFrame;
}): NonNullable<CleaningLog["joins"]> {
  const joins: NonNullable<CleaningLog["joins"]> = {
    "order_lines.order_id→orders": unmatchedKeys(tables.order_lines, "order_id", tables.orders, "order_id"),
  };
  if (tables.products) joins["order_lines.product_id→products"] = unmatchedKeys(tables.order_lines, "product_id", tables.products, "product_id");
  if (tables.customers) joins["orders.customer_id→customers"] = unmatchedKeys(tables.orders, "customer_id", tables.customers, "customer_id");
  if (tables.interactions && tables.customers) {
    joins["interactions.customer_id→customers"] = unmatchedKeys(tables.interactions, "customer_id", tables.customers, "customer_id");
  }
  return joins;
}

/** A log for a table that no rule touched (every row kept). */
export function keptAll(rows: number): TableLog {
  return { rows_in: rows, rows_kept: rows, dropped: {} };
}
