/**
 * The line-level stage of a UCI Online Retail source as one SQL plan, for the SQL engines (DuckDB, Spark).
 *
 * The plan is compiled from the same definitions the polars loader runs: the rule list of
 * `salesLineRules` (clean.ts: every rule carries its SQL beside its polars expression, same names, same
 * order, first matching rule counts), the UCI column table and parsers' contracts (online-retail.ts,
 * parse.ts), and the line facts (line-facts.ts). Its outputs grow with orders, products, customers and
 * categories, never with lines: the cleaning log's counts and examples, one row per valid order, the product
 * names and prices, and the line facts. Money is summed as exact integers of 1/10,000 of the currency
 * (`*_e4`, BIGINT), so every engine returns the same bytes; every output has a total ORDER BY.
 *
 * A plan is the JSON the Spark runner reads (`scripts/engines/spark_run.py`): sources (views over files),
 * steps (named views, materialized when asked) and outputs (written as Parquet, one file each).
 */
import { salesLineRules, type CleaningRule, type SqlRuleScope } from "../clean.js";
import { UCI_COLUMNS, UCI_FEE_CODES, UCI_VALUE_KINDS } from "../online-retail.js";
import { UNKNOWN_CATEGORY } from "../line-facts.js";

/** The SQL dialect of an engine: the few functions whose spelling differs between DuckDB and Spark SQL. */
export interface SqlDialect {
  name: "duckdb" | "spark";
  /** True where text `s` matches the regular expression `re` (RE2/Java syntax common subset). */
  matches(s: string, re: string): string;
  /** Replaces the first match of the anchored `re` in `s` by `repl` (`$1` for the first group). */
  replace(s: string, re: string, repl: string): string;
  /** Text with leading and trailing whitespace removed. */
  strip(s: string): string;
  /** A naive timestamp from text in strftime layout `fmt`, null when it does not parse. */
  parseTimestamp(s: string, fmt: string): string;
  /** True for a finite double. */
  isFinite(x: string): string;
  /** A timestamp truncated to milliseconds (the canonical Datetime("ms")). */
  toMillis(ts: string): string;
  /** A double truncated toward zero (still a double). */
  trunc(x: string): string;
  /** Type name of a 64-bit integer and of text. */
  bigint: string;
  text: string;
}

/**
 * Unicode White_Space (what polars' strip removes): tab to carriage return, space, U+0085, no-break space,
 * U+1680, U+2000–U+200A, line and paragraph separators, U+202F, U+205F, U+3000.
 */
const WHITESPACE = "\t\n\u000b\f\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";

const quote = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;

/** DuckDB's spelling. */
export const DUCKDB: SqlDialect = {
  name: "duckdb",
  matches: (s, re) => `regexp_matches(${s}, '${re.replace(/'/g, "''")}')`,
  replace: (s, re, repl) => `regexp_replace(${s}, '${re.replace(/'/g, "''")}', '${repl.replace(/\$(\d)/g, "\\$1").replace(/'/g, "''")}')`,
  strip: (s) => `trim(${s}, '${WHITESPACE}')`,
  parseTimestamp: (s, fmt) => `try_strptime(${s}, '${fmt}')`,
  isFinite: (x) => `isfinite(${x})`,
  toMillis: (ts) => `date_trunc('millisecond', CAST(${ts} AS TIMESTAMP))`,
  trunc: (x) => `trunc(${x})`,
  bigint: "BIGINT",
  text: "VARCHAR",
};

/** Spark SQL's spelling (Java regular expressions, Java datetime patterns, TIMESTAMP_NTZ). */
export const SPARK: SqlDialect = {
  name: "spark",
  matches: (s, re) => `(${s} RLIKE ${quote(re)})`,
  replace: (s, re, repl) => `regexp_replace(${s}, ${quote(re)}, ${quote(repl)})`,
  strip: (s) => `trim(BOTH '${WHITESPACE.replace(/\\/g, "\\\\")}' FROM ${s})`,
  parseTimestamp: (s, fmt) => `to_timestamp_ntz(${s}, ${quote(javaPattern(fmt))})`,
  isFinite: (x) => `(NOT isnan(${x}) AND abs(${x}) <> double('infinity'))`,
  toMillis: (ts) => `CAST(date_trunc('MILLISECOND', CAST(${ts} AS TIMESTAMP_NTZ)) AS TIMESTAMP_NTZ)`,
  trunc: (x) => `(CASE WHEN ${x} < 0 THEN ceil(${x}) ELSE floor(${x}) END)`,
  bigint: "BIGINT",
  text: "STRING",
};

/** strftime layout → Java DateTimeFormatter pattern (only the directives parse.ts's layouts use). */
function javaPattern(fmt: string): string {
  return fmt
    .replace("%Y", "yyyy")
    .replace("%y", "yy")
    .replace("%m", "M")
    .replace("%d", "d")
    .replace("%H", "H")
    .replace("%M", "mm")
    .replace("%S", "ss")
    .replace(".%f", ".SSSSSS");
}

/** The kinds of source column types the plan distinguishes (from the engine's DESCRIBE of the source). */
export type SourceType = "text" | "integer" | "float" | "timestamp" | "other";

/** A source of UCI lines as the plan sees it. */
export interface UciSqlSource {
  /**
   * The view holding the raw lines, with the source's own column names and a `__record` column: the record
   * number, `file index × 2^40 + 0-based row within the file` (sql-source.ts `FILE_STRIDE`).
   */
  view: string;
  /** Delimited text: the view has `__ragged` (the line's field count differs from the header's) and `ragged_line` runs. Default false. */
  text?: boolean;
  /** Source column name → its type class, for the columns the UCI table names (after alias resolution). */
  columns: Record<string, { name: string; type: SourceType }>;
}

/** A plan: named steps and outputs over the source views (see the module comment). */
export interface SqlPlan {
  steps: Array<{ name: string; sql: string; materialize?: boolean }>;
  outputs: Array<{ name: string; sql: string }>;
}

/** The accepted date-time layouts of parse.ts, in SQL (each gated by its regex, first match wins). */
const DATETIME_LAYOUTS: ReadonlyArray<{ re: string; fmt: string; dateOnly?: boolean }> = [
  { re: "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$", fmt: "%Y-%m-%d %H:%M:%S" },
  { re: "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]+$", fmt: "%Y-%m-%d %H:%M:%S.%f" },
  { re: "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}$", fmt: "%Y-%m-%d %H:%M" },
  { re: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", fmt: "%Y-%m-%d", dateOnly: true },
  { re: "^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4} [0-9]{1,2}:[0-9]{2}:[0-9]{2}$", fmt: "%m/%d/%Y %H:%M:%S" },
  { re: "^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4} [0-9]{1,2}:[0-9]{2}$", fmt: "%m/%d/%Y %H:%M" },
  { re: "^[0-9]{1,2}/[0-9]{1,2}/[0-9]{2} [0-9]{1,2}:[0-9]{2}$", fmt: "%m/%d/%y %H:%M" },
  { re: "^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}$", fmt: "%m/%d/%Y", dateOnly: true },
];
const NUMBER_RE = "^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$";
const INTEGER_RE = "^[+-]?[0-9]+([.]0+)?$";

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
const sparkIdent = (s: string) => `\`${s.replace(/`/g, "``")}\``;

/**
 * Staged value and "present but unparseable" marker of one source column, as SQL (the contracts of
 * parse.ts: text trimmed with blank as null; ids with `12346.0` → `12346`; strict integers and decimals;
 * the accepted date layouts; typed columns cast, NaN/±Infinity as null).
 */
function stageSql(d: SqlDialect, c: { name: string; type: SourceType }, kind: string, q: (s: string) => string): { value: string; bad: string } {
  const col = q(c.name);
  const textOf = `(CASE WHEN length(${d.strip(`CAST(${col} AS ${d.text})`)}) = 0 THEN NULL ELSE ${d.strip(`CAST(${col} AS ${d.text})`)} END)`;
  const present = `(${textOf} IS NOT NULL)`;
  if (c.type === "text") {
    switch (kind) {
      case "text":
        return { value: textOf, bad: "FALSE" };
      case "id":
        return { value: d.replace(textOf, "^([0-9]+)[.]0+$", "$1"), bad: "FALSE" };
      case "integer": {
        const v = `(CASE WHEN ${d.matches(textOf, INTEGER_RE)} THEN CAST(TRY_CAST(${d.replace(textOf, "[.]0+$", "")} AS ${d.bigint}) AS ${d.bigint}) END)`;
        const ranged = `(CASE WHEN ${v} BETWEEN -2147483648 AND 2147483647 THEN CAST(${v} AS INTEGER) END)`;
        return { value: ranged, bad: `(${present} AND ${ranged} IS NULL)` };
      }
      case "number": {
        const v = `(CASE WHEN ${d.matches(textOf, NUMBER_RE)} THEN TRY_CAST(${textOf} AS DOUBLE) END)`;
        const finite = `(CASE WHEN ${d.isFinite(v)} THEN ${v} END)`;
        return { value: finite, bad: `(${present} AND ${finite} IS NULL)` };
      }
      case "datetime": {
        const t = d.replace(textOf, "^([0-9]{4}-[0-9]{2}-[0-9]{2})T", "$1 ");
        let out = "CAST(NULL AS TIMESTAMP)";
        for (let j = DATETIME_LAYOUTS.length - 1; j >= 0; j--) {
          const l = DATETIME_LAYOUTS[j];
          out = `(CASE WHEN ${d.matches(t, l.re)} THEN ${d.parseTimestamp(t, l.fmt)} ELSE ${out} END)`;
        }
        const v = d.toMillis(out);
        return { value: v, bad: `(${present} AND ${v} IS NULL)` };
      }
    }
  }
  const finite = c.type === "float" ? `(CASE WHEN ${d.isFinite(col)} THEN ${col} END)` : col;
  switch (kind) {
    case "text":
      return { value: textOf, bad: "FALSE" };
    case "id":
      return { value: c.type === "float" ? `CAST(CAST(round(${finite}) AS ${d.bigint}) AS ${d.text})` : d.strip(`CAST(${col} AS ${d.text})`), bad: "FALSE" };
    case "integer": {
      const whole = c.type === "float" ? d.trunc(finite) : col;
      const v = `(CASE WHEN ${whole} BETWEEN -2147483648 AND 2147483647 THEN CAST(${whole} AS INTEGER) END)`;
      return { value: v, bad: `(${col} IS NOT NULL AND ${v} IS NULL)` };
    }
    case "number":
      return { value: `CAST(${finite} AS DOUBLE)`, bad: `(${col} IS NOT NULL AND ${finite} IS NULL)` };
    case "datetime":
      return { value: d.toMillis(col), bad: "FALSE" };
  }
  throw new Error(`no SQL staging for ${kind}`);
}

/** SQL true for UCI fee stock codes (`UCI_FEE_CODES`, `gift_…`): the `is_product = false` products. */
export function feeCodeSql(d: SqlDialect, productId: string): string {
  const u = `upper(${d.strip(productId)})`;
  return `(${u} IN (${[...UCI_FEE_CODES].map((c) => `'${c}'`).join(", ")}) OR ${u} LIKE 'GIFT!_%' ESCAPE '!')`;
}

/**
 * The plan for a UCI Online Retail source (either release): staged lines → rule codes (the rule list of
 * clean.ts, order-level then line-level) → the log, the valid orders, products, and the line facts.
 */
export function uciPlan(source: UciSqlSource, d: SqlDialect): SqlPlan {
  const q = d.name === "spark" ? sparkIdent : ident;
  const v: Record<string, { value: string; bad: string }> = {};
  for (const col of UCI_COLUMNS) {
    const c = source.columns[col.key];
    v[col.key] = c ? stageSql(d, c, UCI_VALUE_KINDS[col.key], q) : { value: `CAST(NULL AS ${d.text})`, bad: "FALSE" };
  }
  const invoice = v.invoice.value;
  const steps: SqlPlan["steps"] = [];
  steps.push({
    name: "staged",
    sql:
      `SELECT __record, ${source.text ? "__ragged, " : ""}${invoice} AS order_id, ${v.customer.value} AS customer_id, ${v.invoice_date.value} AS ordered_at, ` +
      `CASE WHEN ${invoice} LIKE 'C%' THEN 'canceled' ELSE 'completed' END AS status, ` +
      `COALESCE(${invoice} LIKE 'A%', FALSE) AS __adjustment, ${v.country.value} AS country, ${v.stock_code.value} AS product_id, ` +
      `${v.quantity.value} AS quantity, ${v.unit_price.value} AS unit_price, ${v.description.value} AS description, ` +
      `CASE WHEN ${v.quantity.bad} THEN 'Quantity' WHEN ${v.invoice_date.bad} THEN 'InvoiceDate' WHEN ${v.unit_price.bad} THEN 'UnitPrice' END AS __bad ` +
      `FROM ${source.view}`,
  });
  const dedupe = ["order_id", "product_id", "description", "quantity", "ordered_at", "unit_price", "customer_id", "country"];
  const set = salesLineRules({ dedupeColumns: dedupe, adjustments: true, ragged: !!source.text });
  const rules: CleaningRule[] = [...set.orderLevel, ...set.lineLevel];
  const firstLineRule = set.orderLevel.length;
  const cols = ["__record", ...(source.text ? ["__ragged"] : []), "order_id", "customer_id", "ordered_at", "status", "__adjustment", "country", "product_id", "quantity", "unit_price", "description", "__bad"];
  const scope: SqlRuleScope = { dropped: "__rule IS NOT NULL", kept: "__rule IS NULL", record: "__record", col: q };

  // Rule codes: consecutive row-wise rules chained into one CASE; a rule that compares rows gets its own step.
  steps.push({ name: "coded_init", sql: `SELECT ${cols.join(", ")}, CAST(NULL AS INTEGER) AS __rule FROM staged` });
  let from = "coded_init";
  let n = 0;
  let pending: Array<[number, string]> = [];
  const flush = () => {
    if (!pending.length) return;
    const name = `coded_${n++}`;
    const cases = pending.map(([i, sql]) => ` WHEN COALESCE(${sql}, FALSE) THEN ${i}`).join("");
    steps.push({ name, sql: `SELECT ${cols.join(", ")}, CASE WHEN __rule IS NOT NULL THEN __rule${cases} END AS __rule FROM ${from}` });
    from = name;
    pending = [];
  };
  rules.forEach((rule, i) => {
    if (rule.action !== "drop") return;
    if (!rule.sql) throw new Error(`cleaning rule ${rule.name} has no SQL`);
    if (!rule.comparesRows) {
      pending.push([i, rule.sql(scope)]);
      return;
    }
    flush();
    // the window sees which rows earlier rules dropped; rows dropped earlier keep their code
    const sql = rule.sql(scope);
    const name = `coded_${n++}`;
    steps.push({ name, sql: `SELECT ${cols.join(", ")}, CASE WHEN __rule IS NULL AND ${sql} THEN ${i} ELSE __rule END AS __rule FROM ${from}` });
    from = name;
  });
  flush();
  steps.push({ name: "coded", materialize: true, sql: `SELECT * FROM ${from}` });

  // Fences of the flag rules (Tukey's fences from the kept rows' nearest-rank quartiles, like polars' default:
  // the value at 0-based rank round((n − 1)·q) of the sorted values), from a histogram of the distinct values.
  rules.forEach((rule, i) => {
    if (!rule.fence) return;
    const f = rule.fence;
    // both materialized (a few thousand rows, one row): the fence is read by the log and the flag counts, and a
    // view would recompute the histogram's window for each of the fence's three scalar subqueries
    steps.push({
      name: `hist_${i}`,
      materialize: true,
      sql:
        `SELECT x, SUM(c) OVER (ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum, SUM(c) OVER () AS total ` +
        `FROM (SELECT CAST(${q(f.column)} AS DOUBLE) AS x, COUNT(*) AS c FROM coded WHERE __rule IS NULL GROUP BY 1) h`,
    });
    const at = (p: number) => `(SELECT MIN(x) FROM hist_${i} WHERE cum > round((total - 1) * ${p}))`;
    steps.push({ name: `fence_${i}`, materialize: true, sql: `SELECT ${at(f.q3)} + (${at(f.q3)} - ${at(f.q1)}) * ${f.iqrs} AS fence` });
  });

  const outputs: SqlPlan["outputs"] = [];
  const counts = rules.map((rule, i) => {
    if (rule.action === "drop") return `SUM(CASE WHEN __rule = ${i} THEN 1 ELSE 0 END) AS r${i}`;
    const s = rule.sql!({ ...scope, fence: rule.fence ? `fence_${i}` : undefined });
    return `SUM(CASE WHEN __rule IS NULL AND COALESCE(${s}, FALSE) THEN 1 ELSE 0 END) AS r${i}`;
  });
  const fenceJoins = rules.map((r, i) => (r.fence ? ` CROSS JOIN (SELECT fence AS fence_${i} FROM fence_${i}) f${i}` : "")).join("");
  outputs.push({
    name: "log",
    sql:
      `SELECT COUNT(*) AS rows_in, SUM(CASE WHEN __rule IS NULL THEN 1 ELSE 0 END) AS rows_kept, ${counts.join(", ")}, ` +
      `COUNT(DISTINCT order_id) AS orders_in FROM coded${fenceJoins}`,
  });
  // examples (first 10 source records per rule that keeps examples) and the first unparseable column
  const exampleRules = rules.map((r, i) => [r, i] as const).filter(([r]) => r.examples);
  const firstTen =
    `SELECT rule, __record, __bad FROM (SELECT __rule AS rule, __record, __bad, ROW_NUMBER() OVER (PARTITION BY __rule ORDER BY __record) AS k ` +
    `FROM coded WHERE __rule IN (${exampleRules.map(([, i]) => i).join(", ") || "-1"})) e WHERE k <= 10`;
  outputs.push({ name: "examples", sql: `${firstTen} ORDER BY rule, __record` });

  // valid lines: kept by the order-level rules (line-level rules may have dropped them)
  steps.push({ name: "valid", sql: `SELECT * FROM coded WHERE __rule IS NULL OR __rule >= ${firstLineRule}` });
  steps.push({ name: "kept", sql: `SELECT order_id, product_id, quantity, unit_price FROM coded WHERE __rule IS NULL` });
  steps.push({
    name: "vorders",
    materialize: true,
    sql:
      `SELECT o.order_id, o.customer_id, o.ordered_at, o.status, o.country, o.first_record, COALESCE(k.kept_lines, 0) AS kept_lines FROM (` +
      `SELECT order_id, MIN_BY(customer_id, __record) FILTER (WHERE customer_id IS NOT NULL) AS customer_id, MIN(ordered_at) AS ordered_at, ` +
      `MIN_BY(status, __record) AS status, MIN_BY(country, __record) FILTER (WHERE country IS NOT NULL) AS country, MIN(__record) AS first_record ` +
      `FROM valid GROUP BY order_id) o LEFT JOIN (SELECT order_id, COUNT(*) AS kept_lines FROM kept GROUP BY order_id) k ON o.order_id = k.order_id`,
  });
  outputs.push({ name: "valid_orders", sql: `SELECT * FROM vorders ORDER BY first_record` });
  outputs.push({
    name: "product_names",
    sql:
      `SELECT product_id, description, COUNT(*) AS n FROM valid WHERE product_id IS NOT NULL AND description IS NOT NULL ` +
      `GROUP BY product_id, description ORDER BY product_id, description`,
  });
  // list price: the median positive unit price as polars computes it (linear: lo + (hi − lo)·0.5 with lo and hi
  // the values at 0-based ranks floor and ceil of (n − 1)/2), from a histogram of (product, price)
  steps.push({
    name: "price_hist",
    sql:
      `SELECT product_id, x, SUM(c) OVER (PARTITION BY product_id ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum, ` +
      `SUM(c) OVER (PARTITION BY product_id) AS total FROM (SELECT product_id, unit_price AS x, COUNT(*) AS c FROM valid ` +
      `WHERE product_id IS NOT NULL AND unit_price > 0 GROUP BY product_id, unit_price) h`,
  });
  outputs.push({
    name: "product_codes",
    sql:
      `SELECT c.product_id, p.lo + (p.hi - p.lo) * 0.5 AS list_price FROM (SELECT DISTINCT product_id FROM valid WHERE product_id IS NOT NULL) c LEFT JOIN (` +
      `SELECT product_id, MIN(CASE WHEN cum > floor((total - 1) * 0.5) THEN x END) AS lo, MIN(CASE WHEN cum > ceil((total - 1) * 0.5) THEN x END) AS hi ` +
      `FROM price_hist GROUP BY product_id) p ON c.product_id = p.product_id ORDER BY c.product_id`,
  });

  // line facts over the kept lines (see line-facts.ts): orders of kept lines all survive no_kept_lines
  // merchandise or fee, once per distinct product (not per line)
  steps.push({
    name: "product_kinds",
    materialize: true,
    sql: `SELECT product_id, NOT ${feeCodeSql(d, "product_id")} AS is_product FROM (SELECT DISTINCT product_id FROM kept WHERE product_id IS NOT NULL) p`,
  });
  steps.push({
    name: "fact_lines",
    materialize: true,
    sql:
      `SELECT k.order_id, k.product_id, CAST(k.quantity AS ${d.bigint}) AS quantity, ` +
      `CAST(round(CAST(k.quantity AS DOUBLE) * k.unit_price * 10000) AS ${d.bigint}) AS revenue_e4, ` +
      `o.status = 'completed' AS completed, o.customer_id, CAST(NULL AS ${d.text}) AS category, p.is_product ` +
      `FROM kept k LEFT JOIN vorders o ON k.order_id = o.order_id LEFT JOIN product_kinds p ON k.product_id = p.product_id`,
  });
  outputs.push(...lineFactOutputs(d));
  outputs.push({
    name: "joins",
    sql:
      `SELECT COUNT(*) AS line_rows, SUM(CASE WHEN k.order_id IS NOT NULL AND v.order_id IS NULL THEN 1 ELSE 0 END) AS lines_without_order, ` +
      `SUM(CASE WHEN k.product_id IS NOT NULL AND p.product_id IS NULL THEN 1 ELSE 0 END) AS lines_without_product ` +
      `FROM kept k LEFT JOIN (SELECT order_id FROM vorders WHERE status <> 'completed' OR kept_lines > 0) v ON k.order_id = v.order_id ` +
      `LEFT JOIN (SELECT DISTINCT product_id FROM valid WHERE product_id IS NOT NULL) p ON k.product_id = p.product_id`,
  });
  return { steps, outputs };
}

/**
 * The line facts (line-facts.ts) over a view `fact_lines` (order_id, product_id, quantity BIGINT, revenue_e4
 * BIGINT, completed, customer_id, category, is_product), each with a total order.
 */
export function lineFactOutputs(d: SqlDialect): SqlPlan["outputs"] {
  const done = "completed";
  return [
    {
      name: "fact_orders",
      sql:
        `SELECT order_id, CAST(SUM(revenue_e4) AS ${d.bigint}) AS value_e4, CAST(SUM(quantity) AS ${d.bigint}) AS units, COUNT(*) AS lines ` +
        `FROM fact_lines WHERE order_id IS NOT NULL GROUP BY order_id ORDER BY order_id`,
    },
    {
      name: "fact_products",
      sql:
        `SELECT product_id, CAST(COALESCE(SUM(CASE WHEN ${done} THEN quantity END), 0) AS ${d.bigint}) AS units, ` +
        `CAST(COALESCE(SUM(CASE WHEN ${done} THEN revenue_e4 END), 0) AS ${d.bigint}) AS revenue_e4, ` +
        `COUNT(DISTINCT CASE WHEN ${done} THEN order_id END) AS orders FROM fact_lines WHERE product_id IS NOT NULL GROUP BY product_id ORDER BY product_id`,
    },
    {
      name: "fact_customers",
      sql:
        `SELECT customer_id, CAST(SUM(revenue_e4) AS ${d.bigint}) AS revenue_e4, COUNT(DISTINCT product_id) AS products ` +
        `FROM fact_lines WHERE ${done} AND customer_id IS NOT NULL GROUP BY customer_id ORDER BY customer_id`,
    },
    {
      name: "fact_customer_categories",
      sql:
        `SELECT customer_id, category, CAST(SUM(revenue_e4) AS ${d.bigint}) AS revenue_e4 FROM fact_lines ` +
        `WHERE ${done} AND customer_id IS NOT NULL GROUP BY customer_id, category ORDER BY customer_id, category NULLS FIRST`,
    },
    {
      name: "fact_categories",
      sql:
        `SELECT COALESCE(category, '${UNKNOWN_CATEGORY}') AS category, CAST(SUM(revenue_e4) AS ${d.bigint}) AS revenue_e4, CAST(SUM(quantity) AS ${d.bigint}) AS units, ` +
        `COUNT(DISTINCT order_id) AS orders, COUNT(DISTINCT product_id) AS products FROM fact_lines ` +
        `WHERE ${done} AND COALESCE(is_product, TRUE) GROUP BY COALESCE(category, '${UNKNOWN_CATEGORY}') ORDER BY 1`,
    },
  ];
}
