/**
 * From denormalized sales lines (one row per source line, order fields repeated on every line: UCI invoices,
 * one-line transactions) to the canonical `orders` and `order_lines`, through the standard cleaning rules
 * (clean.ts): the line-level stage of every sales source.
 *
 * Cost: the staged lines are materialized once, with the rule code of every line (`__rule`); the log is one
 * aggregation over them, and orders and order lines are lazy queries over that one frame. Text columns may be
 * Categorical (the CSV reader's choice); the canonical tables are cast to plain text at the end.
 */
import pl, { type DataType } from "nodejs-polars";
import type { TableLog } from "./model.js";
import { RULE_CODE, ruleLog, salesLineRules, withRuleCodes, type CleaningRule } from "./clean.js";
import { InputError } from "../util/errors.js";
import { DATETIME_EXPECTED } from "./parse.js";

/**
 * Staged lines: `order_id`, `customer_id`, `ordered_at` (Datetime ms), `status`, `country`, `product_id`,
 * `quantity` (Int32), `unit_price` (Float64), plus `__record` and `__bad` (see parse.ts), `__ragged` when the
 * source is delimited text, `__adjustment` with `adjustments`, and any source columns named in
 * `dedupeColumns`. Text columns are Utf8 or Categorical.
 */
export type StagedLines = pl.DataFrame | pl.LazyDataFrame;

/** Options of {@link buildSalesTables}. */
export interface BuildSalesOptions {
  /** Columns compared by `exact_duplicate` (the source's own columns). */
  dedupeColumns: readonly string[];
  /** Drop UCI `A` invoices under `bad_debt_adjustment` (needs the `__adjustment` column). Default false. */
  adjustments?: boolean;
  /** The lines come from delimited text with a `__ragged` column: run `ragged_line` first. Default false. */
  ragged?: boolean;
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
  /**
   * Lines that survived the order-level rules (all statuses), with every staged column, as a lazy query over
   * the one staged frame: for deriving products/customers.
   */
  validLines: pl.LazyDataFrame;
  /**
   * One row per order among `validLines` (canonical orders columns), before `no_kept_lines`: for deriving
   * customers, who stay even when all their completed orders lost every line. Equals `orders` unless
   * `dropEmptyOrders` dropped some.
   */
  validOrders: pl.DataFrame;
  /**
   * `validOrders` before its columns become text (`order_id`, `customer_id`, `ordered_at`, `status`, `country`
   * as staged, e.g. Categorical, plus `__first`): to join with `keptLines` on the staged `order_id`.
   */
  validOrdersStaged: pl.DataFrame;
  /** The lines of `order_lines` (no rule dropped them) with every staged column, as a lazy query over the one staged frame. */
  keptLines: pl.LazyDataFrame;
  /** Types of the staged columns (of `validLines` and `keptLines`), e.g. which ids are Categorical. */
  stagedSchema: Record<string, DataType>;
  logs: { orders: TableLog; order_lines: TableLog };
  /** The rules that ran on the lines, in order (order-level first). */
  rules: CleaningRule[];
}

/**
 * Cleans staged lines and splits them into canonical orders and order lines.
 * - Order-level rules (`ragged_line`, `missing_order_id`, `unparseable_value`, `exact_duplicate`,
 *   `missing_customer`, `bad_debt_adjustment`) decide which lines exist at all; `orders` has one row per order
 *   among them, with its status, earliest line time, first customer and country. The orders log counts
 *   distinct order ids: an order is dropped under `no_valid_lines` when every one of its lines was dropped by
 *   these rules.
 * - With `dropEmptyOrders`, a `completed` order none of whose lines survived the line-level rules is then
 *   dropped under `no_kept_lines` (orders log), so `orders` and `order_lines` agree on what was bought.
 * - Line-level rules (`non_positive_quantity`, `non_positive_price`) decide which lines are in `order_lines`,
 *   with `revenue = quantity × unit_price`; `order_not_completed` and the outlier rules only flag. Lines of
 *   orders that are not `completed` are kept but are not revenue (see clean.ts).
 * The order-lines log covers all rules (one row accounting over all source lines).
 */
export function buildSalesTables(lines: StagedLines, options: BuildSalesOptions): SalesTables {
  const set = salesLineRules({ dedupeColumns: options.dedupeColumns, adjustments: options.adjustments, ragged: options.ragged });
  const rules: CleaningRule[] = [...set.orderLevel, ...set.lineLevel];
  const firstLineRule = set.orderLevel.length;
  const lf: pl.LazyDataFrame = typeof (lines as pl.LazyDataFrame).collectSync === "function" ? (lines as pl.LazyDataFrame) : (lines as pl.DataFrame).lazy();
  // materialized once: the rules that compare rows collect from it before the codes are, and would otherwise
  // stage (gather and parse) every line again each time
  const staged = lf.collectSync();
  const coded = withRuleCodes(staged.lazy(), rules).collectSync();
  const log = ruleLog(coded, rules, { lineOf: options.lineOf });

  const unparseable = log.dropped.unparseable_value ?? 0;
  if (unparseable > 0 && unparseable === log.rows_in - (log.dropped.missing_order_id ?? 0) - (log.dropped.ragged_line ?? 0)) {
    // every line has a value that does not parse: a format problem with the whole file, not bad rows
    const first = coded.lazy().filter(pl.col("__bad").isNotNull()).select("__bad", "__record").head(1).collectSync();
    const column = String(first.select(pl.col("__bad").cast(pl.Utf8)).getColumn("__bad").get(0));
    const record = Number(first.getColumn("__record").get(0));
    const line = (options.lineOf ?? ((r: number[]) => r.map((x) => x + 2)))([record])[0];
    throw new InputError(`no line has usable values (expected ${EXPECTED_VALUES[column] ?? "a valid value"})`, {
      file: options.source ?? "input",
      line,
      column,
    });
  }

  const ruleCode = pl.col(RULE_CODE);
  const validLines = coded.lazy().filter(ruleCode.isNull().or(ruleCode.gtEq(firstLineRule)));
  const validOrdersStaged = validLines
    .groupBy("order_id")
    .agg(
      pl.col("customer_id").dropNulls().first().alias("customer_id"),
      pl.col("ordered_at").min().alias("ordered_at"),
      pl.col("status").first().alias("status"),
      pl.col("country").dropNulls().first().alias("country"),
      pl.col("__record").min().alias("__first"),
    )
    .sort("__first")
    .collectSync();
  const validOrders = validOrdersStaged
    .lazy()
    .select(
      pl.col("order_id").cast(pl.Utf8),
      pl.col("customer_id").cast(pl.Utf8),
      pl.col("ordered_at").cast(pl.Datetime("ms")),
      pl.col("status").cast(pl.Utf8),
      pl.col("country").cast(pl.Utf8),
    )
    .collectSync();
  const ordersIn = Number(coded.lazy().select(pl.col("order_id").dropNulls().nUnique().alias("n")).collectSync().getColumn("n").get(0) ?? 0);
  const kept = coded.lazy().filter(ruleCode.isNull());
  let orders = validOrders;
  const orderLog: TableLog = {
    rows_in: ordersIn,
    rows_kept: 0,
    dropped: { no_valid_lines: ordersIn - validOrders.height },
  };
  if (options.dropEmptyOrders) {
    const keptIds = kept.select(pl.col("order_id")).unique().select(pl.col("order_id").cast(pl.Utf8));
    const empty = validOrders
      .lazy()
      .filter(pl.col("status").eq(pl.lit("completed")))
      .select("order_id")
      .join(keptIds, { on: "order_id", how: "anti" })
      .collectSync();
    orderLog.dropped.no_kept_lines = empty.height;
    if (empty.height > 0) orders = validOrders.lazy().join(empty.lazy(), { on: "order_id", how: "anti" }).collectSync();
  }
  orderLog.rows_kept = orders.height;
  const order_lines = kept
    .select(
      pl.col("order_id").cast(pl.Utf8),
      pl.col("product_id").cast(pl.Utf8),
      pl.col("quantity").cast(pl.Int32),
      pl.col("unit_price").cast(pl.Float64),
      pl.col("quantity").cast(pl.Float64).mul(pl.col("unit_price")).alias("revenue"),
    )
    .collectSync();
  return { orders, order_lines, validLines, validOrders, validOrdersStaged, keptLines: kept, stagedSchema: staged.schema, logs: { orders: orderLog, order_lines: log }, rules };
}
