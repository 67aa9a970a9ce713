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

/** What an engine must do for a plan: describe the source, then run the plan writing `<output>.parquet` files. */
export interface SqlEngineRunner {
  dialect: SqlDialect;
  /** Column names and engine type names of the source (a Parquet file or glob). */
  describe(paths: string[]): Promise<Array<{ name: string; type: string }>>;
  /** Runs `plan` over the source view `raw` (with `__record`) and writes each output to `dir/<name>.parquet`. */
  run(paths: string[], plan: SqlPlan, dir: string, stages?: StageListener): Promise<void>;
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

/** True for a URI (`hdfs://…`, `s3a://…`), which only the engine itself can read. */
export const isUri = (p: string) => /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(p);

/**
 * Parquet files named by `input`: one file, a folder of them, a glob (`*`, `?`), or a URI the engine reads
 * (`hdfs://…`, `s3a://…`, for Spark on a cluster); else one InputError line.
 */
export function parquetPaths(input: string, shown: string): string[] {
  if (/[*?[]/.test(input) || isUri(input)) return [input];
  if (!fs.existsSync(input)) throw new InputError("file not found", { file: shown });
  if (fs.statSync(input).isDirectory()) return [path.join(input, "*.parquet")];
  if (!input.toLowerCase().endsWith(".parquet")) {
    throw new InputError("the duckdb and spark engines read Parquet files (a file, a folder or a glob of them); use --engine polars for CSV or xlsx", {
      file: shown,
    });
  }
  return [input];
}

/**
 * Loads a UCI Online Retail Parquet source (file, folder or glob) through a SQL engine into the canonical
 * store (empty `order_lines`, `facts` set) and its cleaning log, equal to what the polars loader gives.
 */
export async function loadUciWithSql(input: string, runner: SqlEngineRunner, options: SqlLoadOptions = {}): Promise<{ store: Store; log: CleaningLog }> {
  const shown = options.displayName ?? input;
  const paths = parquetPaths(input, shown);
  const work = options.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "casestudy-engine-"));
  try {
    const described = await runner.describe(paths).catch((e: unknown) => {
      if (e instanceof InputError) throw e;
      throw new InputError(`could not be read as Parquet (${(e instanceof Error ? e.message : String(e)).split("\n")[0]})`, { file: shown });
    });
    const header = described.map((c) => c.name);
    const { rename } = resolveColumns(header, UCI_COLUMNS, { file: shown, expected: EXPECTED });
    const columns: Record<string, { name: string; type: SourceType }> = {};
    for (const c of described) if (rename[c.name]) columns[rename[c.name]] = { name: c.name, type: sourceType(c.type) };
    const ii = header.some((h) => ["invoice", "price", "customer id"].includes(h.trim().toLowerCase()));
    const plan = uciPlan({ view: "raw", columns }, runner.dialect);
    await stage(options.stages, "engine", () => runner.run(paths, plan, work, options.stages), () => `${runner.dialect.name}`);
    return await stage(options.stages, "clean", async () => buildStore(work, shown, ii), ({ log }) => loadSummary(log));
  } finally {
    if (!options.workDir) fs.rmSync(work, { recursive: true, force: true });
  }
}

function readOutput(dir: string, name: string): pl.DataFrame {
  return pl.readParquet(path.join(dir, `${name}.parquet`));
}

/** The store and log from the plan's outputs (see uciPlan). */
function buildStore(dir: string, shown: string, ii: boolean): { store: Store; log: CleaningLog } {
  const set = salesLineRules({ dedupeColumns: [], adjustments: true, ragged: false });
  const rules = [...set.orderLevel, ...set.lineLevel];
  const counts = readOutput(dir, "log").toRecords()[0] as Record<string, number | bigint | null>;
  const n = (k: string) => Number(counts[k] ?? 0);
  const lineLog: TableLog = { rows_in: n("rows_in"), rows_kept: n("rows_kept"), dropped: {} };
  const examples = readOutput(dir, "examples");
  const exampleRows = examples.toRecords() as Array<{ rule: number | bigint; __record: number | bigint; __bad: string | null }>;
  rules.forEach((rule, i) => {
    if (rule.action === "flag") {
      lineLog.flagged = lineLog.flagged ?? {};
      lineLog.flagged[rule.name] = n(`r${i}`);
      return;
    }
    lineLog.dropped[rule.name] = n(`r${i}`);
    if (rule.examples && n(`r${i}`) > 0) {
      lineLog.examples = lineLog.examples ?? {};
      lineLog.examples[rule.name] = exampleRows.filter((r) => Number(r.rule) === i).map((r) => Number(r.__record) + 1);
    }
  });
  const unparseable = lineLog.dropped.unparseable_value ?? 0;
  if (unparseable > 0 && unparseable === lineLog.rows_in - (lineLog.dropped.missing_order_id ?? 0)) {
    const first = exampleRows.find((r) => rules[Number(r.rule)].name === "unparseable_value")!;
    const column = String(first.__bad);
    throw new InputError(`no line has usable values (expected ${EXPECTED_VALUES[column] ?? "a valid value"})`, {
      file: shown,
      line: Number(first.__record) + 1,
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
