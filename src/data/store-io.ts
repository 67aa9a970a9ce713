/**
 * The canonical store on disk: one file per table (`<table>.parquet`, or `.csv` when read), `cleaning-log.json`
 * and `store.json` (dataset, label, currency). Written atomically; read back (the `canonical` dataset) with
 * the same checks and cleaning rules as any other source.
 */
import fs from "node:fs";
import path from "node:path";
import pl from "nodejs-polars";
import { writeOutputsAtomic } from "../util/atomic.js";
import { InputError } from "../util/errors.js";
import { OPTIONAL_COLUMNS, ORDER_STATUSES, TABLE_COLUMNS, TABLE_NAMES, type CleaningLog, type Store, type TableName } from "./model.js";
import { normalizeHeader, readCsvTable } from "./csv-source.js";
import { firstUnparseable, stageValue, type ValueKind } from "./parse.js";
import {
  cleanTable,
  duplicateKey,
  exactDuplicate,
  joinAccounting,
  missingValue,
  nonPositive,
  orderNotCompleted,
  raggedLine,
  unparseableValue,
  type CleaningRule,
} from "./clean.js";

/** The value kind of every canonical column, optional ones included (how a CSV copy is parsed back). */
export const COLUMN_KINDS: Record<TableName, Record<string, ValueKind | "boolean">> = {
  customers: { customer_id: "id", customer_name: "text", country: "text", region: "text", signup_date: "date", currency: "text" },
  products: { product_id: "id", product_name: "text", category: "text", list_price: "number", is_product: "boolean" },
  orders: { order_id: "id", customer_id: "id", ordered_at: "datetime", status: "text", country: "text" },
  order_lines: { order_id: "id", product_id: "id", quantity: "integer", unit_price: "number", revenue: "number" },
  interactions: { customer_id: "id", product_id: "id", occurred_at: "datetime", event_type: "text", session_id: "id" },
};

/** Columns that must be present (others may be missing and become nulls). */
const REQUIRED: Record<TableName, string[]> = {
  customers: ["customer_id"],
  products: ["product_id"],
  orders: ["order_id", "ordered_at", "status"],
  order_lines: ["order_id", "product_id", "quantity", "unit_price"],
  interactions: ["customer_id", "occurred_at", "event_type"],
};

/** Store metadata written beside the tables. */
export interface StoreMeta {
  dataset: string;
  label: string;
  currency: string | null;
}

function tableOf(store: Store, t: TableName): pl.DataFrame | undefined {
  return t === "order_lines" ? store.order_lines : store[t];
}

/** The canonical columns of table `t` that `columns` has: all of TABLE_COLUMNS, then the OPTIONAL_COLUMNS present. */
export function storedColumns(t: TableName, columns: readonly string[]): string[] {
  return [...TABLE_COLUMNS[t], ...OPTIONAL_COLUMNS[t].filter((c) => columns.includes(c))];
}

/**
 * Writes the store's tables as `<table>.parquet` (the TABLE_COLUMNS, then the OPTIONAL_COLUMNS the table has, such
 * as `customers.currency`), plus `cleaning-log.json` (as given) and `store.json`, into `dir`
 * atomically (all files or none; on failure `dir` is left as it was). Canonical table files of tables the
 * store lacks are removed afterwards so the folder always describes one store. Returns the written paths.
 */
export async function writeStore(store: Store, log: CleaningLog, dir: string): Promise<string[]> {
  const written = await writeOutputsAtomic(dir, (staging) => {
    for (const t of TABLE_NAMES) {
      const df = tableOf(store, t);
      if (!df) continue;
      df.select(...storedColumns(t, df.columns)).writeParquet(path.join(staging, `${t}.parquet`), { compression: "zstd" });
    }
    fs.writeFileSync(path.join(staging, "cleaning-log.json"), JSON.stringify(log, null, 2) + "\n");
    const meta: StoreMeta = { dataset: store.dataset, label: store.label, currency: store.currency };
    fs.writeFileSync(path.join(staging, "store.json"), JSON.stringify(meta, null, 2) + "\n");
  });
  for (const t of TABLE_NAMES) {
    if (tableOf(store, t)) continue;
    for (const ext of [".parquet", ".csv"]) fs.rmSync(path.join(dir, `${t}${ext}`), { force: true });
  }
  return written;
}

async function readTable(
  dir: string,
  shownDir: string,
  t: TableName,
): Promise<{ df: pl.DataFrame; lineOf: (r: number[]) => number[]; text: boolean; columns: string[] } | undefined> {
  const pq = path.join(dir, `${t}.parquet`);
  const csv = path.join(dir, `${t}.csv`);
  const shownPq = path.join(shownDir, `${t}.parquet`);
  const shownCsv = path.join(shownDir, `${t}.csv`);
  const kinds = COLUMN_KINDS[t];
  let raw: pl.DataFrame;
  let lineOf = (r: number[]) => r.map((x) => x + 2);
  let text = false;
  let columns: string[];
  if (fs.existsSync(pq)) {
    try {
      raw = pl.readParquet(pq);
    } catch (e) {
      throw new InputError(`could not be read as Parquet (${(e instanceof Error ? e.message : String(e)).split("\n")[0]})`, { file: shownPq });
    }
    for (const c of REQUIRED[t]) {
      if (!raw.columns.includes(c)) {
        throw new InputError(`missing required column "${c}" (expected the canonical ${t} table: ${TABLE_COLUMNS[t].join(", ")})`, { file: shownPq });
      }
    }
    columns = storedColumns(t, raw.columns);
    for (const c of TABLE_COLUMNS[t]) if (!raw.columns.includes(c)) raw = raw.withColumns(pl.lit(null).cast(pl.Utf8).alias(c));
    raw = raw.select(...columns).withRowIndex("__record");
    lineOf = (r) => r.map((x) => x + 1);
  } else if (fs.existsSync(csv)) {
    const all = [...TABLE_COLUMNS[t], ...OPTIONAL_COLUMNS[t]];
    const cols = all.map((c) => ({ key: c, header: c, required: REQUIRED[t].includes(c) }));
    const table = await readCsvTable(csv, cols, { expected: `the canonical ${t} table`, displayName: shownCsv });
    const header = new Set(table.header.map(normalizeHeader));
    columns = [...TABLE_COLUMNS[t], ...OPTIONAL_COLUMNS[t].filter((c) => header.has(normalizeHeader(c)))];
    raw = table.df;
    lineOf = table.lineOf;
    text = true;
  } else {
    return undefined;
  }
  const exprs = columns.map((c) => {
    const k = kinds[c];
    if (k === "boolean") {
      const isText = raw.schema[c].equals(pl.Utf8) || raw.schema[c].equals(pl.String);
      if (!isText) return pl.col(c).cast(pl.Bool).alias(`v_${c}`);
      const s = pl.col(c).str.strip().str.toLowerCase();
      return pl
        .when(s.eq(pl.lit("true")).or(s.eq(pl.lit("1"))))
        .then(pl.lit(true))
        .when(s.eq(pl.lit("false")).or(s.eq(pl.lit("0"))))
        .then(pl.lit(false))
        .otherwise(pl.lit(null).cast(pl.Bool))
        .alias(`v_${c}`);
    }
    return stageValue(raw, c, k).alias(`v_${c}`);
  });
  const checks = columns
    .filter((c) => kinds[c] !== "text" && kinds[c] !== "id")
    .map((c) => ({ name: c, raw: c, parsed: `v_${c}` }));
  const staged = raw
    .select(pl.col("__record").cast(pl.Int64), ...(text ? [pl.col("__ragged")] : []), ...columns.map((c) => pl.col(c).cast(pl.Utf8)), ...exprs)
    .withColumns(firstUnparseable(checks))
    .select("__record", ...(text ? ["__ragged"] : []), "__bad", ...columns.map((c) => pl.col(`v_${c}`).alias(c)));
  return { df: staged, lineOf, text, columns };
}

/**
 * Reads a folder of canonical tables (Parquet or CSV named as TABLE_NAMES; `orders` and `order_lines`
 * required; the OPTIONAL_COLUMNS of model.ts kept when the file has them) and cleans them: unparseable values, exact duplicates and repeated keys are dropped, order lines
 * with non-positive quantity or price are dropped, lines of orders that are not `completed` are kept and
 * flagged, join gaps are counted. `store.json`, when present, supplies the dataset label and currency.
 */
export async function readStoreDir(dir: string, options: { displayName?: string } = {}): Promise<{ store: Store; log: CleaningLog }> {
  const shownDir = options.displayName ?? dir;
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new InputError("not a folder (expected a folder of canonical tables: orders.parquet, order_lines.parquet, …)", { file: shownDir });
  }
  let meta: StoreMeta = { dataset: "canonical", label: `Canonical tables (${path.basename(path.resolve(dir))})`, currency: null };
  const metaFile = path.join(dir, "store.json");
  if (fs.existsSync(metaFile)) {
    try {
      const m = JSON.parse(fs.readFileSync(metaFile, "utf8")) as Partial<StoreMeta>;
      meta = { dataset: "canonical", label: String(m.label ?? meta.label), currency: m.currency ?? null };
    } catch {
      throw new InputError("is not valid JSON", { file: path.join(shownDir, "store.json") });
    }
  }
  const log: CleaningLog = { tables: {} };
  const tables: Partial<Record<TableName, pl.DataFrame>> = {};
  const keys: Record<TableName, string | undefined> = {
    customers: "customer_id",
    products: "product_id",
    orders: "order_id",
    order_lines: undefined,
    interactions: undefined,
  };
  for (const t of ["customers", "products", "orders", "order_lines", "interactions"] as TableName[]) {
    const read = await readTable(dir, shownDir, t);
    if (!read) {
      if (t === "orders" || t === "order_lines") {
        throw new InputError(`missing table ${t} (expected ${t}.parquet or ${t}.csv)`, { file: shownDir });
      }
      continue;
    }
    let df = read.df;
    // Order lines and interactions have no identity of their own: identical rows can be legitimate (two lines
    // of one product at one price), so exact duplicates are only removed from keyed tables.
    const key = keys[t];
    const rules: CleaningRule[] = read.text ? [raggedLine()] : [];
    rules.push(unparseableValue());
    if (key) rules.push(exactDuplicate(read.columns));
    if (key) rules.push(missingValue("missing_key", key), duplicateKey(key));
    for (const c of REQUIRED[t]) if (c !== key) rules.push(missingValue(`missing_${c}`, c));
    if (t === "orders") rules.push(unknownStatus());
    if (t === "order_lines") {
      const status = tables.orders!.select("order_id", "status");
      df = df.join(status, { on: "order_id", how: "left" }).withColumns(pl.col("status").fillNull(pl.lit("completed")));
      rules.push(nonPositive("non_positive_quantity", "quantity"), nonPositive("non_positive_price", "unit_price"), orderNotCompleted());
    }
    const res = cleanTable(df, rules, { lineOf: read.lineOf });
    let out = res.df;
    if (t === "order_lines") out = out.withColumns(pl.col("quantity").cast(pl.Float64).mul(pl.col("unit_price")).alias("revenue"));
    tables[t] = castCanonical(t, out.select(...read.columns));
    log.tables[t] = res.log;
  }
  const store: Store = {
    dataset: "canonical",
    label: meta.label,
    currency: meta.currency,
    customers: tables.customers,
    products: tables.products,
    orders: tables.orders!,
    order_lines: tables.order_lines!,
    interactions: tables.interactions,
  };
  log.joins = joinAccounting(store);
  return { store, log };
}

/** `unknown_status`: an order status outside ORDER_STATUSES (completed, failed, canceled, returned). */
function unknownStatus(): CleaningRule {
  const known = pl.Series("known", [...ORDER_STATUSES], pl.Utf8);
  return {
    name: "unknown_status",
    action: "drop",
    description: `a status other than ${ORDER_STATUSES.join(", ")}`,
    examples: true,
    match: () => pl.col("status").isIn(pl.lit(known)).not(),
  };
}

/**
 * Casts a table's columns to the canonical dtypes (see model.ts): the TABLE_COLUMNS, then the OPTIONAL_COLUMNS
 * that `df` has.
 */
export function castCanonical(t: TableName, df: pl.DataFrame): pl.DataFrame {
  const kinds = COLUMN_KINDS[t];
  return df.select(
    ...storedColumns(t, df.columns).map((c) => {
      const k = kinds[c];
      const e = pl.col(c);
      switch (k) {
        case "integer":
          return e.cast(pl.Int32).alias(c);
        case "number":
          return e.cast(pl.Float64).alias(c);
        case "datetime":
          return e.cast(pl.Datetime("ms")).alias(c);
        case "date":
          return e.cast(pl.Date).alias(c);
        case "boolean":
          return e.cast(pl.Bool).alias(c);
        default:
          return e.cast(pl.Utf8).alias(c);
      }
    }),
  );
}
