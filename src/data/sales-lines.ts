/**
 * From denormalized sales lines (one row per source line, order fields repeated on every line: UCI invoices,
 * one-line transactions) to the canonical `orders` and `order_lines`, through the standard cleaning rules.
 */
import pl from "nodejs-polars";
import type { TableLog } from "./model.js";
import { cleanTable, missingValue, salesLineRules, type CleaningRule } from "./clean.js";
import { InputError } from "../util/errors.js";
import { DATETIME_EXPECTED } from "./parse.js";

/**
 * Staged lines: `order_id`, `customer_id`, `ordered_at` (Datetime ms), `status`, `country`, `product_id`,
 * `quantity` (Int32), `unit_price` (Float64), plus `__record` and `__bad` (see parse.ts) and any source
 * columns named in `dedupeColumns`.
 */
export type StagedLines = pl.DataFrame;

/** Options of {@link buildSalesTables}. */
export interface BuildSalesOptions {
  /** Columns compared by `exact_duplicate` (the source's own columns). */
  dedupeColumns: readonly string[];
  /** Drop UCI `A` invoices under `bad_debt_adjustment`. Default false. */
  adjustments?: boolean;
  /** Record → source line mapping for examples. */
  lineOf?: (records: number[]) => number[];
  /** File name for the error raised when no line has usable values. */
  source?: string;
  /**
   * Drop `completed` orders left with no kept line after the line-level rules, under `no_kept_lines` in the
   * orders log (e.g. a UCI invoice whose only line has UnitPrice 0). Only for sources whose orders exist only
   * as their lines (UCI). Orders of other statuses stay: a UCI `C` invoice keeps its `canceled` order although
   * its negative lines are dropped, so order-status analysis can count it (its value is then unknown).
   * Default false.
   */
  dropEmptyOrders?: boolean;
}

/** What each source column must hold, for the error raised when no line parses. */
const EXPECTED_VALUES: Record<string, string> = {
  Quantity: "a whole number like 6 or -2",
  UnitPrice: "a plain decimal number like 2.55 (no currency sign or thousands separator)",
  Price: "a plain decimal number like 2.55 (no currency sign or thousands separator)",
  InvoiceDate: DATETIME_EXPECTED,
  TransactionDate: DATETIME_EXPECTED,
};

/** Result of {@link buildSalesTables}. */
export interface SalesTables {
  orders: pl.DataFrame;
  order_lines: pl.DataFrame;
  /** Lines that survived the order-level rules (all statuses), with every staged column: for deriving products/customers. */
  validLines: pl.DataFrame;
  /**
   * One row per order among `validLines` (canonical orders columns), before `no_kept_lines`: for deriving
   * customers, who stay even when all their completed orders lost every line. Equals `orders` unless
   * `dropEmptyOrders` dropped some.
   */
  validOrders: pl.DataFrame;
  logs: { orders: TableLog; order_lines: TableLog };
}

/**
 * Cleans staged lines and splits them into canonical orders and order lines.
 * - Order-level rules (`missing_order_id`, `unparseable_value`, `exact_duplicate`, `missing_customer`,
 *   `bad_debt_adjustment`) decide which lines exist at all; `orders` has one row per order among them, with
 *   its status, earliest line time, first customer and country. The orders log counts distinct order ids:
 *   an order is dropped under `no_valid_lines` when every one of its lines was dropped by these rules.
 * - With `dropEmptyOrders`, a `completed` order none of whose lines survived the line-level rules is then
 *   dropped under `no_kept_lines` (orders log), so `orders` and `order_lines` agree on what was bought.
 * - Line-level rules (`non_positive_quantity`, `non_positive_price`) decide which lines are in `order_lines`,
 *   with `revenue = quantity × unit_price`; `order_not_completed` and the outlier rules only flag. Lines of
 *   orders that are not `completed` are kept but are not revenue (see clean.ts).
 * The order-lines log covers both steps (one row accounting over all source lines).
 */
export function buildSalesTables(lines: StagedLines, options: BuildSalesOptions): SalesTables {
  const rules = salesLineRules({ dedupeColumns: options.dedupeColumns, adjustments: options.adjustments });
  const orderRules: CleaningRule[] = [missingValue("missing_order_id", "order_id"), ...rules.orderLevel];
  const step1 = cleanTable(lines, orderRules, { lineOf: options.lineOf });
  const unparseable = step1.log.dropped.unparseable_value ?? 0;
  if (unparseable > 0 && unparseable === lines.height - (step1.log.dropped.missing_order_id ?? 0)) {
    // every line has a value that does not parse: a format problem with the whole file, not bad rows
    const first = lines.filter(pl.col("__bad").isNotNull()).head(1);
    const column = String(first.getColumn("__bad").get(0));
    const record = Number(first.getColumn("__record").get(0));
    const line = (options.lineOf ?? ((r: number[]) => r.map((x) => x + 2)))([record])[0];
    throw new InputError(`no line has usable values (expected ${EXPECTED_VALUES[column] ?? "a valid value"})`, {
      file: options.source ?? "input",
      line,
      column,
    });
  }
  const step2 = cleanTable(step1.df, rules.lineLevel, { lineOf: options.lineOf });
  const lineLog: TableLog = {
    rows_in: step1.log.rows_in,
    rows_kept: step2.log.rows_kept,
    dropped: { ...step1.log.dropped, ...step2.log.dropped },
  };
  if (step1.log.examples || step2.log.examples) lineLog.examples = { ...step1.log.examples, ...step2.log.examples };
  if (step2.log.flagged) lineLog.flagged = step2.log.flagged;

  const validLines = step1.df;
  const validOrders = validLines
    .groupBy("order_id")
    .agg(
      pl.col("customer_id").dropNulls().first().alias("customer_id"),
      pl.col("ordered_at").min().alias("ordered_at"),
      pl.col("status").first().alias("status"),
      pl.col("country").dropNulls().first().alias("country"),
      pl.col("__record").min().alias("__first"),
    )
    .sort("__first")
    .select(
      pl.col("order_id").cast(pl.Utf8),
      pl.col("customer_id").cast(pl.Utf8),
      pl.col("ordered_at").cast(pl.Datetime("ms")),
      pl.col("status").cast(pl.Utf8),
      pl.col("country").cast(pl.Utf8),
    );
  const ordersIn = Number(
    lines.select(pl.col("order_id").dropNulls().nUnique().alias("n")).getColumn("n").get(0) ?? 0,
  );
  let orders = validOrders;
  const orderLog: TableLog = {
    rows_in: ordersIn,
    rows_kept: 0,
    dropped: { no_valid_lines: ordersIn - validOrders.height },
  };
  if (options.dropEmptyOrders) {
    const keptIds = step2.df.select(pl.col("order_id").cast(pl.Utf8)).unique();
    const empty = validOrders
      .filter(pl.col("status").eq(pl.lit("completed")))
      .select("order_id")
      .join(keptIds, { on: "order_id", how: "anti" });
    orderLog.dropped.no_kept_lines = empty.height;
    if (empty.height > 0) orders = validOrders.join(empty, { on: "order_id", how: "anti" });
  }
  orderLog.rows_kept = orders.height;
  const order_lines = step2.df.select(
    pl.col("order_id").cast(pl.Utf8),
    pl.col("product_id").cast(pl.Utf8),
    pl.col("quantity").cast(pl.Int32),
    pl.col("unit_price").cast(pl.Float64),
    pl.col("quantity").cast(pl.Float64).mul(pl.col("unit_price")).alias("revenue"),
  );
  return { orders, order_lines, validLines, validOrders, logs: { orders: orderLog, order_lines: lineLog } };
}
