/**
 * A UCI Online Retail source through a SQL engine: resolve the source's columns, compile the plan (sql.ts),
 * let the engine write the plan's outputs as Parquet into a temporary folder, and build the canonical store
 * and cleaning log from those outputs with the same code the polars loader uses for orders, products and
 * customers. The store's `order_lines` is empty and `facts` holds the line facts: no line comes into this
 * process.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pl from "nodejs-polars";
import { InputError } from "../../util/errors.js";
import { stage, count, type StageListener } from "../../util/progress.js";
import { TABLE_COLUMNS, type CleaningLog, type Store, type TableLog } from "../model.js";
import { keptAll, loadSummary, salesLineRules, unmatchedKeys } from "../clean.js";
import { resolveColumns } from "../csv-source.js";
import { customersFromOrders, UCI_COLUMNS, uciProducts } from "../online-retail.js";
import { DATETIME_EXPECTED } from "../parse.js";
import { finishLineFacts } from "../line-facts.js";
import { uciPlan, type SourceType, type SqlDialect, type SqlPlan } from "./sql.js";
import { FILE_STRIDE, resolveSqlSource, type SqlSource } from "./sql-source.js";
import { csvRecordLines } from "../csv-facts.js";

/** What an engine must do for a plan: describe the source, then run the plan writing `<output>.parquet` files. */
export interface SqlEngineRunner {
  dialect: SqlDialect;
  /** Column names and engine type names of a Parquet or DuckDB-table source (CSV columns are all text). */
  describe(source: SqlSource): Promise<Array<{ name: string; type: string }>>;
  /**
   * Runs `plan` over the source view `raw` and writes each output to `dir/<name>.parquet`. `raw` has the
   * source's columns (a CSV source's named by their UCI key, as text, plus `__ragged`) and `__record`
   * (sql-source.ts `FILE_STRIDE`). Returns the names of the files in the order of their index.
   */
  run(source: SqlSource, plan: SqlPlan, dir: string, stages?: StageListener): Promise<string[]>;
  close(): Promise<void> | void;
}

const EXPECTED = "the UCI Online Retail header";

/** The source type class of an engine type name (DuckDB or Spark spelling). */
export function sourceType(engineType: string): SourceType {
  const t = engineType.toUpperCase();
  if (/^(VARCHAR|STRING|TEXT|CHAR)/.test(t)) return "text";
  if (/^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|LONG|SHORT|BYTE)/.test(t)) return "integer";
  if (/^(DOUBLE|FLOAT|REAL|DECIMAL|NUMERIC)/.test(t)) return "float";
  if (/^(TIMESTAMP|DATE)/.test(t)) return "timestamp";
  return "other";
}

const EXPECTED_VALUES: Record<string, string> = {
  Quantity: "a whole number like 6 or -2",
  UnitPrice: "a plain decimal number like 2.55 (no currency sign or thousands separator)",
  InvoiceDate: DATETIME_EXPECTED,
};

/** Options of {@link loadUciWithSql}. */
export interface SqlLoadOptions {
  /** Name of the source in messages and the store label. Default: `input`. */
  displayName?: string;
  stages?: StageListener;
  /** Folder for the engine's output files (removed afterwards). Default: a new folder in the system's temp. */
  workDir?: string;
}

/**
 * Loads a UCI Online Retail source (Parquet or CSV files, a folder or a glob of them, or a DuckDB database
 * table: see sql-source.ts) through a SQL engine into the canonical store (empty `order_lines`, `facts` set)
 * and its cleaning log, equal to what the polars loader gives for the same file.
 */
export async function loadUciWithSql(input: string, runner: SqlEngineRunner, options: SqlLoadOptions = {}): Promise<{ store: Store; log: CleaningLog }> {
  const shown = options.displayName ?? input;
  const source = await resolveSqlSource(input, shown, runner.dialect.name);
  const work = options.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "casestudy-engine-"));
  try {
    const columns: Record<string, { name: string; type: SourceType }> = {};
    let header: string[];
    if (source.csv) {
      header = source.csv[0].header;
      for (const f of source.csv) for (const key of Object.values(f.rename)) columns[key] = { name: key, type: "text" };
    } else {
      const kind = source.format === "duckdb" ? "a DuckDB database" : "Parquet";
      const described = await runner.describe(source).catch((e: unknown) => {
        if (e instanceof InputError) throw e;
        throw new InputError(`could not be read as ${kind} (${(e instanceof Error ? e.message : String(e)).split("\n")[0]})`, { file: shown });
      });
      header = described.map((c) => c.name);
      const { rename } = resolveColumns(header, UCI_COLUMNS, { file: shown, expected: EXPECTED });
      for (const c of described) if (rename[c.name]) columns[rename[c.name]] = { name: c.name, type: sourceType(c.type) };
    }
    const ii = header.some((h) => ["invoice", "price", "customer id"].includes(h.trim().toLowerCase()));
    const plan = uciPlan({ view: "raw", columns, text: source.format === "csv" }, runner.dialect);
    const run = () =>
      runner.run(source, plan, work, options.stages).catch((e: unknown) => {
        if (e instanceof InputError || source.format !== "csv") throw e;
        // a CSV problem the check before the run did not see (DuckDB's message names the file: `file = …`)
        const msg = e instanceof Error ? e.message : String(e);
        const file = /\bfile = (.+)$/m.exec(msg)?.[1].trim();
        const i = file ? source.paths.indexOf(file) : -1;
        throw new InputError(`could not be read as CSV (${msg.split("\n")[0]})`, { file: i >= 0 ? source.shown[i] : shown });
      });
    const files = await stage(options.stages, "engine", run, () => `${runner.dialect.name}`);
    return await stage(options.stages, "clean", async () => buildStore(work, shown, ii, source, files), ({ log }) => loadSummary(log));
  } finally {
    if (!options.workDir) fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Where a record (sql-source.ts `FILE_STRIDE`) is: the file's index and the 0-based row within it. */
export function recordPlace(record: number | bigint): { file: number; row: number } {
  const r = BigInt(record);
  const stride = BigInt(FILE_STRIDE);
  return { file: Number(r / stride), row: Number(r % stride) };
}

/**
 * The source lines of records, as the log shows them: the 1-based line in the file (a Parquet or table row's
 * number; a CSV record's first line, counted as polars counts it), as `file:line` when the input named
 * several files (a glob or a folder).
 */
async function sourceLines(records: Array<number | bigint>, source: SqlSource, files: string[]): Promise<Array<{ file: string; line: number; label: number | string }>> {
  const places = records.map(recordPlace);
  const lines = new Map<string, number>();
  if (source.csv) {
    const byFile = new Map<number, number[]>();
    for (const p of places) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p.row]);
    for (const [f, rows] of byFile) {
      const found = await csvRecordLines(source.csv[f].file, rows);
      for (const r of rows) lines.set(`${f}:${r}`, found.get(r) ?? r + 2);
    }
  }
  return places.map((p) => {
    const file = source.csv ? source.shown[p.file] : (files[p.file] ?? source.shown[0]);
    const line = lines.get(`${p.file}:${p.row}`) ?? p.row + 1;
    return { file, line, label: source.multiFile ? `${file}:${line}` : line };
  });
}

function readOutput(dir: string, name: string): pl.DataFrame {
  return pl.readParquet(path.join(dir, `${name}.parquet`));
}

/** The store and log from the plan's outputs (see uciPlan). */
async function buildStore(dir: string, shown: string, ii: boolean, source: SqlSource, files: string[]): Promise<{ store: Store; log: CleaningLog }> {
  const set = salesLineRules({ dedupeColumns: [], adjustments: true, ragged: source.format === "csv" });
  const rules = [...set.orderLevel, ...set.lineLevel];
  const counts = readOutput(dir, "log").toRecords()[0] as Record<string, number | bigint | null>;
  const n = (k: string) => Number(counts[k] ?? 0);
  const lineLog: TableLog = { rows_in: n("rows_in"), rows_kept: n("rows_kept"), dropped: {} };
  const examples = readOutput(dir, "examples");
  const exampleRows = examples.toRecords() as Array<{ rule: number | bigint; __record: number | bigint; __bad: string | null }>;
  const exampleLines = await sourceLines(exampleRows.map((r) => r.__record), source, files);
  rules.forEach((rule, i) => {
    if (rule.action === "flag") {
      lineLog.flagged = lineLog.flagged ?? {};
      lineLog.flagged[rule.name] = n(`r${i}`);
      return;
    }
    lineLog.dropped[rule.name] = n(`r${i}`);
    if (rule.examples && n(`r${i}`) > 0) {
      lineLog.examples = lineLog.examples ?? {};
      lineLog.examples[rule.name] = exampleRows.flatMap((r, k) => (Number(r.rule) === i ? [exampleLines[k].label] : []));
    }
  });
  const unparseable = lineLog.dropped.unparseable_value ?? 0;
  if (unparseable > 0 && unparseable === lineLog.rows_in - (lineLog.dropped.missing_order_id ?? 0) - (lineLog.dropped.ragged_line ?? 0)) {
    const k = exampleRows.findIndex((r) => rules[Number(r.rule)].name === "unparseable_value");
    const column = String(exampleRows[k].__bad);
    throw new InputError(`no line has usable values (expected ${EXPECTED_VALUES[column] ?? "a valid value"})`, {
      file: exampleLines[k].file,
      line: exampleLines[k].line,
      column,
    });
  }

  const valid = readOutput(dir, "valid_orders").select(
    pl.col("order_id").cast(pl.Utf8),
    pl.col("customer_id").cast(pl.Utf8),
    pl.col("ordered_at").cast(pl.Datetime("ms")),
    pl.col("status").cast(pl.Utf8),
    pl.col("country").cast(pl.Utf8),
    pl.col("kept_lines"),
  );
  const validOrders = valid.drop("kept_lines");
  const ordersIn = n("orders_in");
  const empty = pl.col("status").eq(pl.lit("completed")).and(pl.col("kept_lines").eq(0));
  const orders = valid.filter(empty.not()).drop("kept_lines");
  const orderLog: TableLog = {
    rows_in: ordersIn,
    rows_kept: orders.height,
    dropped: { no_valid_lines: ordersIn - validOrders.height, no_kept_lines: valid.filter(empty).height },
  };
  const products = uciProducts(readOutput(dir, "product_codes").select("product_id"), readOutput(dir, "product_names"), readOutput(dir, "product_codes"));
  const customers = customersFromOrders(validOrders);
  const facts = finishLineFacts({
    orders: readOutput(dir, "fact_orders"),
    products: readOutput(dir, "fact_products"),
    customers: readOutput(dir, "fact_customers"),
    customerCategories: readOutput(dir, "fact_customer_categories"),
    categories: readOutput(dir, "fact_categories"),
  });
  const joins = readOutput(dir, "joins").toRecords()[0] as Record<string, number | bigint>;
  const order_lines = pl.DataFrame({
    order_id: pl.Series("order_id", [], pl.Utf8),
    product_id: pl.Series("product_id", [], pl.Utf8),
    quantity: pl.Series("quantity", [], pl.Int32),
    unit_price: pl.Series("unit_price", [], pl.Float64),
    revenue: pl.Series("revenue", [], pl.Float64),
  }).select(...TABLE_COLUMNS.order_lines);
  const store: Store = {
    dataset: "online-retail",
    label: `${ii ? "UCI Online Retail II" : "UCI Online Retail"} (${path.basename(shown)})`,
    currency: "GBP",
    customers,
    products,
    orders,
    order_lines,
    facts,
  };
  const lineRows = Number(joins.line_rows);
  const log: CleaningLog = {
    tables: { customers: keptAll(customers.height), products: keptAll(products.height), orders: orderLog, order_lines: lineLog },
    joins: {
      "order_lines.order_id→orders": { rows: lineRows, unmatched: Number(joins.lines_without_order) },
      "order_lines.product_id→products": { rows: lineRows, unmatched: Number(joins.lines_without_product) },
      "orders.customer_id→customers": unmatchedKeys(orders, "customer_id", customers, "customer_id"),
    },
  };
  if (lineRows !== facts.lines) throw new Error(`engine outputs disagree: ${count(lineRows)} kept lines, ${count(facts.lines)} in the facts`);
  return { store, log };
}
