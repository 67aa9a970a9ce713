/**
 * Adapter for the ShopSmart (AltSchool exam) store: a folder with `customers.csv` (customer_id, device_id,
 * location, currency), `orders.csv` (order_id, customer_id, status success/failed/cancelled,
 * checked_out_at), `line_items.csv` (line_item_id, order_id, item_id, quantity), `products.csv` (id, name,
 * price) and, when present, `events.csv` (event_id, customer_id, event_data JSON with event_type, item_id,
 * …, event_timestamp) → interactions, split into sessions at gaps over 30 minutes.
 *
 * Status mapping: success → completed, failed → failed, cancelled → canceled. Only about half the orders
 * have line items (the rest stay in `orders`, without lines). Unit price = the product's price. Prices name
 * no currency, while customers carry a currency tag (USD, NGN, GBP): the tag is kept as the optional
 * `customers.currency` column, so the data card can say that totals add amounts across currencies.
 */
import fs from "node:fs";
import path from "node:path";
import pl from "nodejs-polars";
import { InputError } from "../util/errors.js";
import type { CleaningLog, Store } from "./model.js";
import { readCsvTable, type CsvColumn } from "./csv-source.js";
import { firstUnparseable, stageValue, datetimeLayoutsIn, parseDatetime } from "./parse.js";
import {
  cleanTable,
  duplicateKey,
  exactDuplicate,
  joinAccounting,
  keptAll,
  missingValue,
  nonPositive,
  orderNotCompleted,
  outlierFlag,
  raggedLine,
  unparseableValue,
  type CleaningRule,
} from "./clean.js";
import { regionSeries } from "./regions.js";

/** Session gap: a new session starts after this many minutes without events. */
export const SESSION_GAP_MINUTES = 30;

const STATUS_MAP: Record<string, string> = { success: "completed", completed: "completed", failed: "failed", cancelled: "canceled", canceled: "canceled", returned: "returned" };

function file(dir: string, shownDir: string, name: string, required: boolean): { file: string; shown: string } | undefined {
  const hit = fs.readdirSync(dir).find((e) => e.toLowerCase() === name);
  if (!hit) {
    if (!required) return undefined;
    throw new InputError(`missing ${name} (expected customers.csv, orders.csv, line_items.csv and products.csv in this folder)`, { file: shownDir });
  }
  return { file: path.join(dir, hit), shown: path.join(shownDir, hit) };
}

/** Options of {@link readShopSmart}. */
export interface ShopSmartOptions {
  /** Folder name in messages. Default: `dir` as given. */
  displayName?: string;
}

/** Reads and cleans the ShopSmart store in `dir` (see the module comment). */
export async function readShopSmart(dir: string, options: ShopSmartOptions = {}): Promise<{ store: Store; log: CleaningLog }> {
  const shownDir = options.displayName ?? dir;
  if (!fs.statSync(dir).isDirectory()) throw new InputError("not a folder (expected the ShopSmart CSV files)", { file: shownDir });
  const cf = file(dir, shownDir, "customers.csv", true)!;
  const of = file(dir, shownDir, "orders.csv", true)!;
  const lf = file(dir, shownDir, "line_items.csv", true)!;
  const pf = file(dir, shownDir, "products.csv", true)!;
  const ef = file(dir, shownDir, "events.csv", false);

  const c = await readCsvTable(
    cf.file,
    [
      { key: "customer_id", header: "customer_id" },
      { key: "location", header: "location", aliases: ["country"], required: false },
      { key: "currency", header: "currency", required: false },
    ],
    { expected: "the ShopSmart customers.csv header", displayName: cf.shown },
  );
  const cClean = cleanTable(
    c.df.select(
      pl.col("__record").cast(pl.Int64),
      pl.col("__ragged"),
      stageValue(c.df, "customer_id", "id").alias("customer_id"),
      stageValue(c.df, "location", "text").alias("country"),
      stageValue(c.df, "currency", "text").alias("currency"),
    ),
    [raggedLine(), exactDuplicate(["customer_id", "country", "currency"]), missingValue("missing_key", "customer_id"), duplicateKey("customer_id")],
    { lineOf: c.lineOf },
  );
  const customers = cClean.df.withColumns(regionSeries(cClean.df.getColumn("country"))).select(
    pl.col("customer_id"),
    pl.lit(null).cast(pl.Utf8).alias("customer_name"),
    pl.col("country"),
    pl.col("region"),
    pl.lit(null).cast(pl.Date).alias("signup_date"),
    pl.col("currency"),
  );

  const p = await readCsvTable(
    pf.file,
    [
      { key: "product_id", header: "id", aliases: ["product_id", "item_id"] },
      { key: "product_name", header: "name", aliases: ["product_name"], required: false },
      { key: "price", header: "price" },
    ],
    { expected: "the ShopSmart products.csv header", displayName: pf.shown },
  );
  const pClean = cleanTable(
    p.df
      .select(
        pl.col("__record").cast(pl.Int64),
        pl.col("__ragged"),
        pl.col("price").alias("raw_price"),
        stageValue(p.df, "product_id", "id").alias("product_id"),
        stageValue(p.df, "product_name", "text").alias("product_name"),
        stageValue(p.df, "price", "number").alias("list_price"),
      )
      .withColumns(firstUnparseable([{ name: "price", raw: "raw_price", parsed: "list_price" }])),
    [raggedLine(), unparseableValue(), exactDuplicate(["product_id", "product_name", "list_price"]), missingValue("missing_key", "product_id"), duplicateKey("product_id")],
    { lineOf: p.lineOf },
  );
  const products = pClean.df.select(
    pl.col("product_id"),
    pl.col("product_name"),
    pl.lit(null).cast(pl.Utf8).alias("category"),
    pl.col("list_price"),
    pl.lit(true).alias("is_product"),
  );

  const o = await readCsvTable(
    of.file,
    [
      { key: "order_id", header: "order_id" },
      { key: "customer_id", header: "customer_id" },
      { key: "status", header: "status" },
      { key: "checked_out_at", header: "checked_out_at", aliases: ["ordered_at", "created_at"] },
    ],
    { expected: "the ShopSmart orders.csv header", displayName: of.shown },
  );
  const statusKeys = Object.keys(STATUS_MAP);
  let statusExpr: pl.Expr = pl.lit(null).cast(pl.Utf8);
  for (const k of statusKeys) statusExpr = pl.when(pl.col("raw_status").str.strip().str.toLowerCase().eq(pl.lit(k))).then(pl.lit(STATUS_MAP[k])).otherwise(statusExpr);
  const oStaged = o.df
    .select(
      pl.col("__record").cast(pl.Int64),
      pl.col("__ragged"),
      pl.col("checked_out_at").alias("raw_time"),
      pl.col("status").alias("raw_status"),
      stageValue(o.df, "order_id", "id").alias("order_id"),
      stageValue(o.df, "customer_id", "id").alias("customer_id"),
      stageValue(o.df, "checked_out_at", "datetime").alias("ordered_at"),
      pl.lit(null).cast(pl.Utf8).alias("country"),
    )
    .withColumns(statusExpr.alias("status"))
    .withColumns(
      firstUnparseable([
        { name: "checked_out_at", raw: "raw_time", parsed: "ordered_at" },
        { name: "status", raw: "raw_status", parsed: "status" },
      ]),
    );
  const oClean = cleanTable(
    oStaged,
    [
      raggedLine(),
      unparseableValue(),
      exactDuplicate(["order_id", "customer_id", "ordered_at", "raw_status"]),
      missingValue("missing_key", "order_id"),
      duplicateKey("order_id"),
      missingValue("missing_customer", "customer_id"),
    ],
    { lineOf: o.lineOf },
  );
  const orders = oClean.df.select("order_id", "customer_id", "ordered_at", "status", "country");

  const l = await readCsvTable(
    lf.file,
    [
      { key: "line_item_id", header: "line_item_id", required: false },
      { key: "order_id", header: "order_id" },
      { key: "product_id", header: "item_id", aliases: ["product_id"] },
      { key: "quantity", header: "quantity" },
    ],
    { expected: "the ShopSmart line_items.csv header", displayName: lf.shown },
  );
  const lStaged = l.df
    .select(
      pl.col("__record").cast(pl.Int64),
      pl.col("__ragged"),
      pl.col("quantity").alias("raw_qty"),
      stageValue(l.df, "line_item_id", "id").alias("line_item_id"),
      stageValue(l.df, "order_id", "id").alias("order_id"),
      stageValue(l.df, "product_id", "id").alias("product_id"),
      stageValue(l.df, "quantity", "integer").alias("quantity"),
    )
    .withColumns(firstUnparseable([{ name: "quantity", raw: "raw_qty", parsed: "quantity" }]))
    .join(orders.select("order_id", "status"), { on: "order_id", how: "left" })
    .join(products.select(pl.col("product_id"), pl.col("list_price").alias("unit_price")), { on: "product_id", how: "left" })
    .sort("__record");
  const lineRules: CleaningRule[] = [
    raggedLine(),
    unparseableValue(),
    exactDuplicate(["line_item_id", "order_id", "product_id", "quantity"]),
    missingValue("missing_order_id", "order_id"),
    nonPositive("non_positive_quantity", "quantity"),
    nonPositive("non_positive_price", "unit_price"),
    orderNotCompleted(),
    outlierFlag("outlier_quantity", "quantity"),
  ];
  const lClean = cleanTable(lStaged, lineRules, { lineOf: l.lineOf });
  const order_lines = lClean.df.select(
    pl.col("order_id"),
    pl.col("product_id"),
    pl.col("quantity").cast(pl.Int32),
    pl.col("unit_price").cast(pl.Float64),
    pl.col("quantity").cast(pl.Float64).mul(pl.col("unit_price")).alias("revenue"),
  );

  let interactions: pl.DataFrame | undefined;
  let interactionsLog = undefined;
  if (ef) {
    const res = await readEvents(ef.file, ef.shown);
    interactions = res.df;
    interactionsLog = res.log;
  }

  const store: Store = {
    dataset: "shopsmart",
    label: `ShopSmart (${path.basename(path.resolve(dir))})`,
    currency: null,
    customers,
    products,
    orders,
    order_lines,
    interactions,
  };
  const log: CleaningLog = {
    tables: {
      customers: cClean.log,
      products: pClean.log,
      orders: oClean.log,
      order_lines: lClean.log,
      ...(interactionsLog ? { interactions: interactionsLog } : {}),
    },
    joins: joinAccounting(store),
  };
  return { store, log };
}

/** events.csv → interactions: event type and item from the JSON payload, sessions split at 30-minute gaps. */
async function readEvents(file: string, shown: string) {
  const e = await readCsvTable(
    file,
    [
      { key: "event_id", header: "event_id", required: false },
      { key: "customer_id", header: "customer_id" },
      { key: "event_data", header: "event_data" },
      { key: "event_timestamp", header: "event_timestamp", aliases: ["timestamp"] },
    ],
    { expected: "the ShopSmart events.csv header", displayName: shown },
  );
  const staged = e.df
    .select(
      pl.col("__record").cast(pl.Int64),
      pl.col("__ragged"),
      pl.col("event_timestamp").alias("raw_time"),
      stageValue(e.df, "customer_id", "id").alias("customer_id"),
      pl.col("event_data").str.jsonPathMatch("$.event_type").str.strip().alias("event_type"),
      pl.col("event_data").str.jsonPathMatch("$.item_id").alias("product_id"),
      parseDatetime("event_timestamp", datetimeLayoutsIn(e.df, "event_timestamp")).alias("occurred_at"),
    )
    .withColumns(firstUnparseable([{ name: "event_timestamp", raw: "raw_time", parsed: "occurred_at" }]));
  const cleaned = cleanTable(
    staged,
    [raggedLine(), unparseableValue(), missingValue("missing_customer", "customer_id"), missingValue("missing_event_type", "event_type")],
    { lineOf: e.lineOf },
  );
  const sorted = cleaned.df.sort(["customer_id", "occurred_at", "__record"]);
  const cust = sorted.getColumn("customer_id").toArray() as string[];
  const t = sorted.getColumn("occurred_at").cast(pl.Int64).cast(pl.Float64).toArray() as number[];
  const session: string[] = new Array(cust.length);
  let n = 0;
  for (let i = 0; i < cust.length; i++) {
    if (i === 0 || cust[i] !== cust[i - 1] || t[i] - t[i - 1] > SESSION_GAP_MINUTES * 60_000) n++;
    session[i] = `S${n}`;
  }
  const df = sorted.withColumns(pl.Series("session_id", session, pl.Utf8)).select(
    pl.col("customer_id"),
    pl.col("product_id").cast(pl.Utf8),
    pl.col("occurred_at").cast(pl.Datetime("ms")),
    pl.col("event_type"),
    pl.col("session_id"),
  );
  void keptAll;
  return { df, log: cleaned.log };
}
