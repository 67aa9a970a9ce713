/**
 * Cleaning: named, documented rules run in order on one table, with a log that accounts for every row
 * (`rows_in = rows_kept + Σ dropped[rule]`). This file is the one place the rules are defined (the rule table
 * below and the factories that implement it); adapters only choose which rules run on which table.
 *
 * How rules run: every rule is one polars expression over whole columns, never a loop over rows. A row is
 * dropped by the FIRST drop rule (in list order) that matches it, so each dropped row is counted once, under
 * that rule; rules that compare rows with each other (duplicates) only look among the rows no earlier rule
 * dropped. Flags run last, on the kept rows, and only count. `withRuleCodes` evaluates a whole list in one
 * lazy pass (column `__rule` = index of the first matching drop rule, null when the row is kept);
 * `ruleLog` turns that into the table's log. A second engine (SQL: DuckDB, Spark) implements the same
 * contract with the same names and order: `CASE WHEN rule_1 THEN 1 WHEN rule_2 THEN 2 … END`, duplicates
 * with `ROW_NUMBER() OVER (PARTITION BY <columns> ORDER BY source_line) > 1` among the rows still kept.
 *
 * The rule table for sales lines (UCI invoices, one-line transactions, line items), in order:
 *
 * | # | rule                  | level | action | matches                                                        |
 * |---|-----------------------|-------|--------|----------------------------------------------------------------|
 * | 0 | `ragged_line`         | order | drop   | (text sources) a line whose number of fields differs from the header's: a cut-off or blank line, or an unquoted separator; its values cannot be trusted. Examples: source lines. |
 * | 1 | `missing_order_id`    | order | drop   | no order id                                                    |
 * | 2 | `unparseable_value`   | order | drop   | a value present in the source that does not parse (a date that is not a date, a quantity of `six`, `1,234`, `NaN`). Examples: source lines. |
 * | 3 | `exact_duplicate`     | order | drop   | a row equal to an earlier kept row in every source column (nulls equal); the first is kept |
 * | 4 | `missing_customer`    | order | drop   | no customer id (an order must belong to a customer to be analysed) |
 * | 5 | `bad_debt_adjustment` | order | drop   | (UCI) invoices starting with `A`: accounting entries, not sales  |
 * | 6 | `non_positive_quantity` | line | drop  | quantity ≤ 0 or missing (returns written as negative lines)     |
 * | 7 | `non_positive_price`  | line  | drop   | unit price ≤ 0 or missing (free items, write-offs)              |
 * | – | `order_not_completed` | line  | flag   | lines of orders whose status is not `completed`                |
 * | – | `outlier_quantity`, `outlier_price` | line | flag | value > Q3 + 3·IQR (Tukey's far-out fence) over the kept lines |
 *
 * Order-level rules decide which lines exist at all (orders are derived from the lines they keep); line-level
 * rules decide which lines are in `order_lines`.
 * - `order_not_completed`: lines of failed, canceled or returned orders stay in `order_lines` and their orders
 *   stay in `orders`, so order-status analysis can value what was lost, but they are NOT revenue: revenue is
 *   Σ `order_lines.revenue` over lines whose order has status `completed` (join on `order_id`). UCI `C`
 *   invoices are canceled orders; their lines carry negative quantities and are dropped by rule 6, which is
 *   what the standard UCI cleaning does.
 * - Orders derived from lines (UCI), in the `orders` log: `no_valid_lines` (every line dropped by the
 *   order-level rules), then `no_kept_lines`: a `completed` order none of whose lines survived rules 6–7 is
 *   dropped (it bought nothing; the standard pandas cleaning has no such invoice). Canceled orders stay, with no
 *   lines: their value is unknown. Sources whose orders are their own table (three-file, ShopSmart) keep
 *   orders without lines.
 * - `ragged_line` runs for tables read from delimited text only (a Parquet or xlsx source cannot have ragged
 *   lines, and its log does not list the rule); on a well-formed file its count is 0.
 *
 * Keyed tables (customers, products, orders of a normalized source) use `ragged_line` (text sources),
 * `unparseable_value`, `exact_duplicate`, then `missing_key` and `duplicate_key` (a repeated id with
 * different values: the first row is kept).
 */
import pl from "nodejs-polars";
import type { CleaningLog, TableLog } from "./model.js";
import { count } from "../util/progress.js";

/** What a rule's expression may refer to besides the table's own columns. */
export interface RuleScope {
  /** True for rows an earlier drop rule of the same list dropped (for rules that compare rows). */
  dropped: pl.Expr;
  /** True for rows no drop rule dropped (for flags, e.g. quantile fences over the kept rows). */
  kept: pl.Expr;
}

/** One cleaning rule: rows it matches are dropped (or, for `flag`, counted and kept). */
export interface CleaningRule {
  /** Name used as the key in the log, e.g. `non_positive_price`. */
  name: string;
  action: "drop" | "flag";
  /** One sentence: which rows it matches and why (the contract another engine implements). */
  description: string;
  /** True for offending rows, one expression over whole columns (nulls count as false). */
  match: (scope: RuleScope) => pl.Expr;
  /** True when `match` compares rows with each other and therefore needs `scope.dropped`. Default false. */
  comparesRows?: boolean;
  /**
   * A faster way to the same rows for tables with a unique `__record` column: called with the table so far
   * (earlier rules' codes in `__rule`), it may compute (collect) what it needs and returns the expression
   * that replaces `match` (e.g. membership in the set of duplicate records). Same result as `match`.
   */
  precompute?: (lf: pl.LazyDataFrame, scope: RuleScope) => pl.Expr;
  /** Record the first offending source lines in `examples` (for unparseable values). Default false. */
  examples?: boolean;
  /**
   * The same test in SQL, for the SQL engines (engines/sql.ts compiles the rule list into one plan): a boolean
   * SQL expression over the staged lines' columns, nulls counting as false. Rules without it cannot run there.
   */
  sql?: (scope: SqlRuleScope) => string;
  /**
   * For flags that compare a value with a fence over the kept rows (outliers): the column and how the fence is
   * made from the kept rows' quartiles; the SQL plan computes it first and `sql` reads it as `scope.fence`.
   */
  fence?: { column: string; q1: number; q3: number; iqrs: number };
}

/** What a rule's SQL may refer to (see `CleaningRule.sql`). */
export interface SqlRuleScope {
  /** SQL true for rows an earlier drop rule of the list dropped. */
  dropped: string;
  /** SQL true for rows no drop rule dropped. */
  kept: string;
  /** The column ordering rows as in the source (record number). */
  record: string;
  /** Quotes a column name. */
  col: (name: string) => string;
  /** The rule's fence (a Float64 scalar column), for rules with `fence`. */
  fence?: string;
}

/** Options of {@link cleanTable} and {@link ruleLog}. */
export interface CleanTableOptions {
  /** Maps 0-based `__record` values to 1-based source line numbers for `examples`. Default record + 2. */
  lineOf?: (records: number[]) => number[];
  /** How many example lines to keep per rule. Default 10. */
  maxExamples?: number;
}

/** Name of the column `withRuleCodes` adds: index (UInt8) of the first drop rule a row matched, or null. */
export const RULE_CODE = "__rule";

const code = pl.col(RULE_CODE);
const scope: RuleScope = { dropped: code.isNotNull(), kept: code.isNull() };

/**
 * Adds `__rule` to `lf`: the index in `rules` of the first drop rule each row matches (null = kept). Rules
 * that only look at their own row are chained into one expression; a rule that compares rows gets its own
 * step so that it sees which rows the rules before it dropped. Flags are not evaluated here (see `ruleLog`).
 */
export function withRuleCodes(lf: pl.LazyDataFrame, rules: readonly CleaningRule[]): pl.LazyDataFrame {
  if (rules.length > 255) throw new Error("at most 255 cleaning rules per table");
  let out = lf.withColumns(pl.lit(null).cast(pl.UInt8).alias(RULE_CODE));
  let pending: Array<[number, pl.Expr]> = [];
  const flush = () => {
    if (pending.length === 0) return;
    let chain = pl.when(code.isNotNull()).then(code);
    for (const [i, m] of pending) chain = chain.when(m.fillNull(false)).then(pl.lit(i).cast(pl.UInt8)) as typeof chain;
    out = out.withColumns(chain.otherwise(code).cast(pl.UInt8).alias(RULE_CODE));
    pending = [];
  };
  rules.forEach((rule, i) => {
    if (rule.action !== "drop") return;
    if (!rule.comparesRows) {
      pending.push([i, rule.match(scope)]);
      return;
    }
    flush();
    const m = rule.precompute && out.columns.includes("__record") ? rule.precompute(out, scope) : rule.match(scope);
    out = out.withColumns(pl.when(code.isNull().and(m.fillNull(false))).then(pl.lit(i).cast(pl.UInt8)).otherwise(code).cast(pl.UInt8).alias(RULE_CODE));
  });
  flush();
  return out;
}

/**
 * The log of a table whose rows carry `__rule` (see `withRuleCodes`): rows in and kept, rows dropped per
 * rule (in rule order), rows flagged per flag rule (among the kept rows) and, for rules with `examples`, the
 * first source lines they dropped. One aggregation over the table, plus one small filter per rule with
 * examples that matched.
 */
export function ruleLog(coded: pl.DataFrame, rules: readonly CleaningRule[], options: CleanTableOptions = {}): TableLog {
  const lineOf = options.lineOf ?? ((r: number[]) => r.map((x) => x + 2));
  const maxExamples = options.maxExamples ?? 10;
  const counts = coded
    .lazy()
    .select(
      pl.len().alias("__rows"),
      code.isNull().cast(pl.UInt32).sum().alias("__kept"),
      ...rules.map((r, i) =>
        (r.action === "drop" ? code.eq(pl.lit(i)) : scope.kept.and(r.match(scope).fillNull(false))).fillNull(false).cast(pl.UInt32).sum().alias(`r${i}`),
      ),
    )
    .collectSync()
    .toRecords()[0] as Record<string, number | bigint>;
  const n = (k: string) => Number(counts[k] ?? 0);
  const log: TableLog = { rows_in: n("__rows"), rows_kept: n("__kept"), dropped: {} };
  rules.forEach((rule, i) => {
    if (rule.action === "flag") {
      log.flagged = log.flagged ?? {};
      log.flagged[rule.name] = n(`r${i}`);
      return;
    }
    log.dropped[rule.name] = n(`r${i}`);
    if (rule.examples && n(`r${i}`) > 0 && coded.columns.includes("__record")) {
      const recs = coded
        .lazy()
        .filter(code.eq(pl.lit(i)))
        .select("__record")
        .head(maxExamples)
        .collectSync()
        .getColumn("__record")
        .toArray()
        .map((x) => Number(x));
      log.examples = log.examples ?? {};
      log.examples[rule.name] = lineOf(recs);
    }
  });
  return log;
}

/** Runs `rules` in order on `df`; returns the kept rows (same columns) and the table's log. Pure apart from `lineOf`. */
export function cleanTable(
  df: pl.DataFrame,
  rules: readonly CleaningRule[],
  options: CleanTableOptions = {},
): { df: pl.DataFrame; log: TableLog } {
  const coded = withRuleCodes(df.lazy(), rules).collectSync();
  const log = ruleLog(coded, rules, options);
  return { df: coded.lazy().filter(code.isNull()).drop(RULE_CODE).collectSync(), log };
}

/**
 * `ragged_line`: a line of a delimited text file whose number of fields differs from the header's (a cut-off
 * line at the end of a truncated file, a blank line, or an unquoted separator inside a value): its values
 * cannot be trusted. Matches the `__ragged` column the CSV reader adds (see csv-source.ts); keeps examples.
 */
export function raggedLine(): CleaningRule {
  return {
    name: "ragged_line",
    action: "drop",
    description: "a line whose number of fields differs from the header's (cut off, blank, or an unquoted separator)",
    examples: true,
    match: () => pl.col("__ragged"),
    sql: (s) => s.col("__ragged"),
  };
}

/** `unparseable_value`: rows whose `__bad` marker (see parse.ts `firstUnparseable`) is set; keeps examples. */
export function unparseableValue(): CleaningRule {
  return {
    name: "unparseable_value",
    action: "drop",
    description: "a value present in the source that does not parse as its column's type",
    examples: true,
    match: () => pl.col("__bad").isNotNull(),
    sql: (s) => `${s.col("__bad")} IS NOT NULL`,
  };
}

/**
 * `exact_duplicate`: a row equal to an earlier kept row in all of `columns` (nulls equal); the first is kept.
 * With `__record`, only rows that share their first two columns (`candidateKey`) with another kept row are
 * compared on every column: a hash of two columns instead of all of them over the whole table.
 */
export function exactDuplicate(columns: readonly string[], candidateKey: readonly string[] = columns.slice(0, 2)): CleaningRule {
  const all = (extra: pl.Expr[] = []) => pl.struct([...columns.map((c) => pl.col(c)), ...extra]);
  return {
    name: "exact_duplicate",
    action: "drop",
    description: `a row equal to an earlier kept row in ${columns.join(", ")} (nulls equal); the first is kept`,
    comparesRows: true,
    // Rows dropped earlier form their own groups (the `dropped` field), so they never hide a kept row.
    match: (s) => all([s.dropped.alias("__dropped")]).isFirstDistinct().not(),
    // SQL: window partitions treat nulls as equal, like the struct comparison above
    sql: (s) => `ROW_NUMBER() OVER (PARTITION BY (${s.dropped}), ${columns.map(s.col).join(", ")} ORDER BY ${s.record}) > 1`,
    precompute: (lf, s) => {
      const kept = lf.filter(s.kept);
      const key = pl.struct(candidateKey.map((c) => pl.col(c))).hash(7, 11, 13, 17);
      const candidates = kept.select(pl.col("__record"), key.alias("__key")).filter(pl.col("__key").isDuplicated()).select("__record").collectSync();
      if (candidates.height === 0) return pl.lit(false);
      const duplicates = kept
        .filter(pl.col("__record").isIn(pl.lit(candidates.getColumn("__record"))))
        .filter(all().isFirstDistinct().not())
        .select("__record")
        .collectSync();
      return duplicates.height === 0 ? pl.lit(false) : pl.col("__record").isIn(pl.lit(duplicates.getColumn("__record")));
    },
  };
}

/** `duplicate_key`: a repeated value of `key` (after exact duplicates are gone); the first row is kept. */
export function duplicateKey(key: string): CleaningRule {
  return {
    name: "duplicate_key",
    action: "drop",
    description: `a repeated ${key} among the kept rows; the first row is kept`,
    comparesRows: true,
    match: (s) => pl.col(key).isNotNull().and(pl.struct([pl.col(key), s.dropped.alias("__dropped")]).isFirstDistinct().not()),
  };
}

/** A row whose `column` is null (blank text was already turned into null by the parsers). */
export function missingValue(name: string, column: string): CleaningRule {
  return { name, action: "drop", description: `no ${column}`, match: () => pl.col(column).isNull(), sql: (s) => `${s.col(column)} IS NULL` };
}

/** True for UCI invoice numbers that are bad-debt adjustments (`A…`), over a text expression. */
export function isAdjustmentInvoice(invoice: pl.Expr): pl.Expr {
  return invoice.str.startsWith("A");
}

/**
 * `bad_debt_adjustment`: UCI invoices starting with `A` (accounting adjustments, not sales). Matches the
 * boolean column `flagColumn`, which the adapter computes with {@link isAdjustmentInvoice} (once per distinct
 * invoice number).
 */
export function badDebtAdjustment(flagColumn = "__adjustment"): CleaningRule {
  return {
    name: "bad_debt_adjustment",
    action: "drop",
    description: "an invoice number starting with A (an accounting adjustment, not a sale)",
    match: () => pl.col(flagColumn),
    sql: (s) => s.col(flagColumn),
  };
}

/**
 * `order_not_completed` (a flag): lines of orders whose `status` is not `completed`. Kept in `order_lines`
 * for order-status analysis; they do not count as revenue (consumers join `orders.status`).
 */
export function orderNotCompleted(statusColumn = "status"): CleaningRule {
  return {
    name: "order_not_completed",
    action: "flag",
    description: "a line of an order whose status is not completed (kept, not revenue)",
    match: () => pl.col(statusColumn).neq(pl.lit("completed")),
    sql: (s) => `${s.col(statusColumn)} <> 'completed'`,
  };
}

/** A row whose numeric `column` is ≤ 0 (or null). */
export function nonPositive(name: string, column: string): CleaningRule {
  return {
    name,
    action: "drop",
    description: `${column} ≤ 0 or missing`,
    match: () => pl.col(column).isNull().or(pl.col(column).ltEq(0)),
    sql: (s) => `(${s.col(column)} IS NULL OR ${s.col(column)} <= 0)`,
  };
}

/**
 * Flags values above Tukey's far-out fence, Q3 + 3·(Q3 − Q1) (Tukey 1977), with the quartiles of the kept
 * rows (polars' default nearest-rank interpolation). Flagged rows are kept; only counted.
 */
export function outlierFlag(name: string, column: string): CleaningRule {
  const fence = { column, q1: 0.25, q3: 0.75, iqrs: 3 };
  return {
    name,
    action: "flag",
    description: `${column} above Q3 + 3·IQR of the kept rows`,
    fence,
    sql: (s) => `CAST(${s.col(column)} AS DOUBLE) > ${s.fence}`,
    match: (s) => {
      const v = pl.col(column).cast(pl.Float64);
      const q1 = v.filter(s.kept).quantile(fence.q1);
      const q3 = v.filter(s.kept).quantile(fence.q3);
      return v.gt(q3.add(q3.sub(q1).mul(fence.iqrs)));
    },
  };
}

/** Options of {@link salesLineRules}. */
export interface SalesLineRuleOptions {
  /** Columns compared by `exact_duplicate` (the source's own columns, as parsed). */
  dedupeColumns: readonly string[];
  /** UCI: drop `A` invoices under `bad_debt_adjustment`. Default false. */
  adjustments?: boolean;
  /** The lines come from delimited text: run `ragged_line` first. Default false. */
  ragged?: boolean;
}

/**
 * The standard rules for sales lines, in order (the table in the module comment): `orderLevel` decides which
 * lines exist, `lineLevel` which of them are order lines (its flags only count).
 */
export function salesLineRules(options: SalesLineRuleOptions): { orderLevel: CleaningRule[]; lineLevel: CleaningRule[] } {
  const orderLevel = [
    ...(options.ragged ? [raggedLine()] : []),
    missingValue("missing_order_id", "order_id"),
    unparseableValue(),
    exactDuplicate(options.dedupeColumns),
    missingValue("missing_customer", "customer_id"),
  ];
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
  const keys = right.lazy().select(pl.col(rightKey).alias("__k")).unique();
  const missing = left
    .lazy()
    .select(pl.col(leftKey).alias("__k"))
    .filter(pl.col("__k").isNotNull())
    .join(keys, { on: "__k", how: "anti" })
    .select(pl.len().alias("n"))
    .collectSync();
  return { rows: left.height, unmatched: Number(missing.getColumn("n").get(0)) };
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

/** "541,909 lines, 392,692 kept": the line accounting of a cleaning log, for progress displays. */
export function loadSummary(log: CleaningLog): string | undefined {
  const t = log.tables.order_lines;
  return t ? `${count(t.rows_in)} lines, ${count(t.rows_kept)} kept` : undefined;
}

/** A log for a table that no rule touched (every row kept). */
export function keptAll(rows: number): TableLog {
  return { rows_in: rows, rows_kept: rows, dropped: {} };
}
