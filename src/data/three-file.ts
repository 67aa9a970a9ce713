/**
 * Adapter for the "three-file" store (Zeotap eCommerce assignment): a folder with `Customers.csv`
 * (CustomerID, CustomerName, Region, SignupDate), `Products.csv` (ProductID, ProductName, Category, Price)
 * and `Transactions.csv` (TransactionID, CustomerID, ProductID, TransactionDate, Quantity, TotalValue,
 * Price), UTF-8 with a BOM. One transaction = one order (status `completed`) with one line. Currency unknown.
 */
import fs from "node:fs";
import path from "node:path";
import pl from "nodejs-polars";
import { InputError } from "../util/errors.js";
import type { CleaningLog, Store } from "./model.js";
import { readCsvTable, type CsvColumn } from "./csv-source.js";
import { firstUnparseable, stageValue } from "./parse.js";
import { buildSalesTables } from "./sales-lines.js";
import { cleanTable, duplicateKey, exactDuplicate, joinAccounting, missingValue, raggedLine, unparseableValue } from "./clean.js";

const CUSTOMER_COLUMNS: CsvColumn[] = [
  { key: "customer_id", header: "CustomerID", aliases: ["Customer ID", "Customer"] },
  { key: "customer_name", header: "CustomerName", aliases: ["Customer Name", "Name"], required: false },
  { key: "region", header: "Region", required: false },
  { key: "signup_date", header: "SignupDate", aliases: ["Signup Date"], required: false },
];
const PRODUCT_COLUMNS: CsvColumn[] = [
  { key: "product_id", header: "ProductID", aliases: ["Product ID"] },
  { key: "product_name", header: "ProductName", aliases: ["Product Name", "Name"], required: false },
  { key: "category", header: "Category", required: false },
  { key: "list_price", header: "Price", aliases: ["List Price", "ListPrice"], required: false },
];
const TRANSACTION_COLUMNS: CsvColumn[] = [
  { key: "order_id", header: "TransactionID", aliases: ["Transaction ID", "OrderID", "Order ID"] },
  { key: "customer_id", header: "CustomerID", aliases: ["Customer ID"] },
  { key: "product_id", header: "ProductID", aliases: ["Product ID"] },
  { key: "ordered_at", header: "TransactionDate", aliases: ["Transaction Date", "Date"] },
  { key: "quantity", header: "Quantity", aliases: ["Qty"] },
  { key: "total_value", header: "TotalValue", aliases: ["Total Value", "Total"], required: false },
  { key: "unit_price", header: "Price", aliases: ["Unit Price", "UnitPrice"] },
];

/** Finds `name` in `dir` ignoring case. */
function findFile(dir: string, name: string, shownDir: string): { file: string; shown: string } {
  const entries = fs.readdirSync(dir);
  const hit = entries.find((e) => e.toLowerCase() === name.toLowerCase()) ?? entries.find((e) => e.toLowerCase() === `${name.toLowerCase()}.gz`);
  if (!hit) throw new InputError(`missing ${name} (expected Customers.csv, Products.csv and Transactions.csv in this folder)`, { file: shownDir });
  return { file: path.join(dir, hit), shown: path.join(shownDir, hit) };
}

/** Options of {@link readThreeFile}. */
export interface ThreeFileOptions {
  /** Folder name in messages. Default: `dir` as given. */
  displayName?: string;
}

/** Reads and cleans the three-file store in `dir` (see the module comment for the mapping). */
export async function readThreeFile(dir: string, options: ThreeFileOptions = {}): Promise<{ store: Store; log: CleaningLog }> {
  const shownDir = options.displayName ?? dir;
  if (!fs.statSync(dir).isDirectory()) throw new InputError("not a folder (expected a folder with Customers.csv, Products.csv, Transactions.csv)", { file: shownDir });
  const cf = findFile(dir, "Customers.csv", shownDir);
  const pf = findFile(dir, "Products.csv", shownDir);
  const tf = findFile(dir, "Transactions.csv", shownDir);

  const c = await readCsvTable(cf.file, CUSTOMER_COLUMNS, { expected: "the Customers.csv header", displayName: cf.shown });
  const cStaged = c.df
    .select(
      pl.col("__record").cast(pl.Int64),
      pl.col("__ragged"),
      pl.col("signup_date").alias("raw_signup"),
      stageValue(c.df, "customer_id", "id").alias("customer_id"),
      stageValue(c.df, "customer_name", "text").alias("customer_name"),
      pl.lit(null).cast(pl.Utf8).alias("country"),
      stageValue(c.df, "region", "text").alias("region"),
      stageValue(c.df, "signup_date", "date").alias("signup_date"),
    )
    .withColumns(firstUnparseable([{ name: "SignupDate", raw: "raw_signup", parsed: "signup_date" }]));
  const cClean = cleanTable(
    cStaged,
    [raggedLine(), unparseableValue(), exactDuplicate(["customer_id", "customer_name", "region", "signup_date"]), missingValue("missing_key", "customer_id"), duplicateKey("customer_id")],
    { lineOf: c.lineOf },
  );
  const customers = cClean.df.select("customer_id", "customer_name", "country", "region", "signup_date");

  const p = await readCsvTable(pf.file, PRODUCT_COLUMNS, { expected: "the Products.csv header", displayName: pf.shown });
  const pStaged = p.df
    .select(
      pl.col("__record").cast(pl.Int64),
      pl.col("__ragged"),
      pl.col("list_price").alias("raw_price"),
      stageValue(p.df, "product_id", "id").alias("product_id"),
      stageValue(p.df, "product_name", "text").alias("product_name"),
      stageValue(p.df, "category", "text").alias("category"),
      stageValue(p.df, "list_price", "number").alias("list_price"),
      pl.lit(true).alias("is_product"),
    )
    .withColumns(firstUnparseable([{ name: "Price", raw: "raw_price", parsed: "list_price" }]));
  const pClean = cleanTable(
    pStaged,
    [raggedLine(), unparseableValue(), exactDuplicate(["product_id", "product_name", "category", "list_price"]), missingValue("missing_key", "product_id"), duplicateKey("product_id")],
    { lineOf: p.lineOf },
  );
  const products = pClean.df.select("product_id", "product_name", "category", "list_price", "is_product");

  const t = await readCsvTable(tf.file, TRANSACTION_COLUMNS, { expected: "the Transactions.csv header", displayName: tf.shown });
  const staged = t.df
    .select(
      pl.col("__record").cast(pl.Int64),
      pl.col("__ragged"),
      pl.col("ordered_at").alias("raw_date"),
      pl.col("quantity").alias("raw_qty"),
      pl.col("unit_price").alias("raw_price"),
      stageValue(t.df, "order_id", "id").alias("order_id"),
      stageValue(t.df, "customer_id", "id").alias("customer_id"),
      stageValue(t.df, "ordered_at", "datetime").alias("ordered_at"),
      pl.lit("completed").alias("status"),
      pl.lit(null).cast(pl.Utf8).alias("country"),
      stageValue(t.df, "product_id", "id").alias("product_id"),
      stageValue(t.df, "quantity", "integer").alias("quantity"),
      stageValue(t.df, "unit_price", "number").alias("unit_price"),
    )
    .withColumns(
      firstUnparseable([
        { name: "TransactionDate", raw: "raw_date", parsed: "ordered_at" },
        { name: "Quantity", raw: "raw_qty", parsed: "quantity" },
        { name: "Price", raw: "raw_price", parsed: "unit_price" },
      ]),
    );
  const sales = buildSalesTables(staged, {
    dedupeColumns: ["order_id", "customer_id", "product_id", "ordered_at", "quantity", "unit_price"],
    ragged: true,
    lineOf: t.lineOf,
    source: tf.shown,
  });
  const store: Store = {
    dataset: "three-file",
    label: `Three-file store (${path.basename(path.resolve(dir))})`,
    currency: null,
    customers,
    products,
    orders: sales.orders,
    order_lines: sales.order_lines,
  };
  const log: CleaningLog = {
    tables: { customers: cClean.log, products: pClean.log, orders: sales.logs.orders, order_lines: sales.logs.order_lines },
    joins: joinAccounting(store),
  };
  return { store, log };
}
