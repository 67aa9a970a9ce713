/**
 * Adapter for the UCI "Online Retail" (InvoiceNo, StockCode, Description, Quantity, InvoiceDate `M/D/YYYY
 * H:MM`, UnitPrice, CustomerID, Country) and "Online Retail II" (Invoice, Price, `Customer ID` as a float,
 * ISO dates) datasets, told apart by the header. Reads `.csv` (UTF-8 or latin-1), `.csv.gz`, `.parquet`
 * (InvoiceDate as a timestamp or as text) and `.xlsx` (first sheet).
 *
 * Mapping: one invoice = one order (`C…` invoices are `canceled`, the rest `completed`; `A…` bad-debt
 * adjustments are dropped; a completed invoice whose lines are all dropped by the line rules is dropped
 * under `no_kept_lines`), one source line = one order line, StockCode = product id (name = the most
 * frequent trimmed Description; fee codes such as POST, M, D, BANK CHARGES are kept but `is_product =
 * false`), CustomerID `12346.0` → `"12346"`, customers from the orders (country = the most frequent one of
 * their orders). Money is GBP. The source lines are logged under table `order_lines`.
 */
import path from "node:path";
import pl from "nodejs-polars";
import { InputError } from "../util/errors.js";
import type { CleaningLog, Store } from "./model.js";
import { readCsvTable, resolveColumns, type CsvColumn } from "./csv-source.js";
import { firstUnparseable, isCategorical, mapDistinct, parseId, prefetchDistinct, stageColumn, type ValueKind } from "./parse.js";
import { buildSalesTables, type SalesTables } from "./sales-lines.js";
import { isAdjustmentInvoice, joinAccounting, keptAll, loadSummary } from "./clean.js";
import { regionSeries } from "./regions.js";
import { readXlsxAsText } from "./xlsx.js";
import { exactLineFacts, finishLineFacts, revenueE4, type RawLineFacts } from "./line-facts.js";
import { count, stage, type StageListener } from "../util/progress.js";

/** Stock codes that are fees, postage, adjustments or tests rather than merchandise (upper-cased). */
export const UCI_FEE_CODES: ReadonlySet<string> = new Set([
  "POST", "DOT", "M", "C2", "D", "S", "B", "CRUK", "PADS", "AMAZONFEE", "BANK CHARGES", "ADJUST", "ADJUST2",
  "TEST001", "TEST002",
]);

/** True when a UCI stock code is a fee/adjustment (or a gift voucher, `gift_0001_…`), not merchandise. */
export function isUciFeeCode(code: string): boolean {
  const c = code.trim().toUpperCase();
  return UCI_FEE_CODES.has(c) || c.startsWith("GIFT_");
}

/** The source columns of both UCI releases, with their accepted aliases. */
export const UCI_COLUMNS: readonly CsvColumn[] = [
  { key: "invoice", header: "InvoiceNo", aliases: ["Invoice", "Invoice No", "Invoice Number"] },
  { key: "stock_code", header: "StockCode", aliases: ["Stock Code", "Product ID", "ProductID"] },
  { key: "description", header: "Description", required: false },
  { key: "quantity", header: "Quantity", aliases: ["Qty"] },
  { key: "invoice_date", header: "InvoiceDate", aliases: ["Invoice Date", "Date"] },
  { key: "unit_price", header: "UnitPrice", aliases: ["Price", "Unit Price"] },
  { key: "customer", header: "CustomerID", aliases: ["Customer ID", "Customer"] },
  { key: "country", header: "Country", required: false },
];

/** How each UCI column's text is parsed (by the polars loader here and by the SQL engines' plan in engines/sql.ts). */
export const UCI_VALUE_KINDS: Readonly<Record<string, ValueKind>> = {
  invoice: "id",
  stock_code: "id",
  description: "text",
  quantity: "integer",
  invoice_date: "datetime",
  unit_price: "number",
  customer: "id",
  country: "text",
};

const EXPECTED = "the UCI Online Retail header";

/** Options of {@link readOnlineRetail}. */
export interface OnlineRetailOptions {
  /** Name of the file in messages and in the store label. Default: the base name of `file`. */
  displayName?: string;
  /** Receives the stages `read` (the source into text columns) and `clean` (rules, log, canonical tables). */
  stages?: StageListener;
}

/** The raw source: columns keyed as UCI_COLUMNS (text as Categorical, or typed from Parquet) plus `__record`. */
interface RawSource {
  df: pl.DataFrame;
  lineOf: (r: number[]) => number[];
  /** Online Retail II (told apart by its header). */
  ii: boolean;
  /** Delimited text: `df` has `__ragged` and the `ragged_line` rule runs. */
  text: boolean;
}

/** Reads the raw source into text/typed columns keyed as UCI_COLUMNS, plus `__record` (and `__ragged` for CSV). */
async function readRaw(file: string, shown: string): Promise<RawSource> {
  const lower = file.toLowerCase();
  let df: pl.DataFrame;
  let lineOf = (r: number[]) => r.map((x) => x + 2);
  let header: string[];
  let text = false;
  // Text columns become Categorical: one copy of each distinct value, parsed once (see parse.ts).
  const categorical = (d: pl.DataFrame) =>
    d.withColumns(...d.columns.filter((c) => d.schema[c].equals(pl.Utf8) || d.schema[c].equals(pl.String)).map((c) => pl.col(c).cast(pl.Categorical)));
  if (lower.endsWith(".parquet")) {
    try {
      df = pl.readParquet(file);
    } catch (e) {
      throw new InputError(`could not be read as Parquet (${(e instanceof Error ? e.message : String(e)).split("\n")[0]})`, { file: shown });
    }
    header = df.columns;
    const { rename, missingOptional } = resolveColumns(header, UCI_COLUMNS, { file: shown, expected: EXPECTED });
    df = df.select(...Object.keys(rename).map((k) => pl.col(k).alias(rename[k])));
    if (missingOptional.length) df = df.withColumns(...missingOptional.map((k) => pl.lit(null).cast(pl.Utf8).alias(k)));
    df = categorical(df.withRowIndex("__record"));
    lineOf = (r) => r.map((x) => x + 1); // parquet: 1-based row number
    if (df.height === 0) throw new InputError("no data rows", { file: shown });
  } else if (lower.endsWith(".xlsx")) {
    const t = await readXlsxAsText(file, UCI_COLUMNS, { file: shown, expected: EXPECTED });
    df = categorical(t.df);
    header = t.header;
    lineOf = t.lineOf;
  } else {
    const t = await readCsvTable(file, UCI_COLUMNS, { expected: EXPECTED, displayName: shown, categorical: true });
    df = t.df;
    lineOf = t.lineOf;
    header = t.header;
    text = true;
  }
  const ii = header.some((h) => ["invoice", "price", "customer id"].includes(h.trim().toLowerCase()));
  return { df, lineOf, ii, text };
}

/**
 * The staged UCI lines as one lazy query over the raw source: canonical values (text parsed once per
 * distinct value), `status` and the bad-debt flag from the invoice number, the `__bad` marker.
 */
function stageUciLines(src: pl.DataFrame, text: boolean): pl.LazyDataFrame {
  prefetchDistinct(src, Object.keys(UCI_VALUE_KINDS));
  const v = Object.fromEntries(Object.keys(UCI_VALUE_KINDS).map((k) => [k, stageColumn(src, k, UCI_VALUE_KINDS[k])]));
  // status and the bad-debt flag depend on the invoice number only: computed per distinct invoice
  const invoiceText = (t: pl.Expr) => parseId(t);
  const statusOf = (t: pl.Expr) =>
    pl.when(invoiceText(t).str.startsWith("C")).then(pl.lit("canceled")).otherwise(pl.lit("completed")).cast(pl.Categorical);
  const [status, adjustment] = isCategorical(src.schema.invoice)
    ? mapDistinct(src, "invoice", [statusOf, (t) => isAdjustmentInvoice(invoiceText(t))])
    : [statusOf(pl.col("invoice")), isAdjustmentInvoice(invoiceText(pl.col("invoice")))];
  return src.lazy().select(
    pl.col("__record").cast(pl.UInt32),
    ...(text ? [pl.col("__ragged")] : []),
    firstUnparseable([
      { name: "Quantity", bad: v.quantity.bad },
      { name: "InvoiceDate", bad: v.invoice_date.bad },
      { name: "UnitPrice", bad: v.unit_price.bad },
    ]),
    v.invoice.value.alias("order_id"),
    v.customer.value.alias("customer_id"),
    v.invoice_date.value.alias("ordered_at"),
    status.fillNull(pl.lit("completed").cast(pl.Categorical)).alias("status"),
    adjustment.fillNull(false).alias("__adjustment"),
    v.country.value.alias("country"),
    v.stock_code.value.alias("product_id"),
    v.quantity.value.alias("quantity"),
    v.unit_price.value.alias("unit_price"),
    v.description.value.alias("description"),
  );
}

/**
 * Reads a UCI Online Retail (or II) file into the canonical model and cleans it (see clean.ts for the
 * rules). Throws `InputError` naming file, line and column for input it cannot use.
 */
export async function readOnlineRetail(file: string, options: OnlineRetailOptions = {}): Promise<{ store: Store; log: CleaningLog }> {
  const shown = options.displayName ?? file;
  const raw = await stage(options.stages, "read", () => readRaw(file, shown), (r) => `${count(r.df.height)} lines`);
  return stage(options.stages, "clean", () => cleanUci(raw, shown), ({ log }) => loadSummary(log));
}

/** The `clean` stage of {@link readOnlineRetail}: staged lines → rules and log → canonical tables. */
async function cleanUci(raw: RawSource, shown: string): Promise<{ store: Store; log: CleaningLog }> {
  const staged = stageUciLines(raw.df, raw.text);
  // An unparseable value in a required field must also be missing for the order-level rules: __bad covers it.
  const dedupe = ["order_id", "product_id", "description", "quantity", "ordered_at", "unit_price", "customer_id", "country"];
  const sales = buildSalesTables(staged, {
    dedupeColumns: dedupe,
    adjustments: true,
    ragged: raw.text,
    lineOf: raw.lineOf,
    source: shown,
    dropEmptyOrders: true,
  });

  // products: every stock code seen on a usable line. Grouped on the Categorical codes over the lines, then
  // the few thousand results are cast to plain text before any sort (so ties break alphabetically).
  const valid = sales.validLines.select("product_id", "description", "unit_price");
  const schema = sales.stagedSchema;
  const named = valid.filter(pl.col("product_id").isNotNull().and(pl.col("description").isNotNull()));
  const names = (
    isCategorical(schema.product_id) && isCategorical(schema.description)
      ? // one integer key per (code, description) pair: a two-column group-by on Categoricals encodes every row
        named
          .withColumns(pl.col("product_id").toPhysical().cast(pl.UInt64).mul(pl.lit(2 ** 32).cast(pl.UInt64)).add(pl.col("description").toPhysical().cast(pl.UInt64)).alias("__pair"))
          .groupBy("__pair")
          .agg(pl.col("product_id").first(), pl.col("description").first(), pl.len().alias("n"))
      : named.groupBy(["product_id", "description"]).agg(pl.len().alias("n"))
  )
    .select(pl.col("product_id").cast(pl.Utf8), pl.col("description").cast(pl.Utf8), pl.col("n"))
    .collectSync();
  const prices = valid
    .filter(pl.col("product_id").isNotNull().and(pl.col("unit_price").gt(0)))
    .groupBy("product_id")
    .agg(pl.col("unit_price").median().alias("list_price"))
    .select(pl.col("product_id").cast(pl.Utf8), pl.col("list_price"))
    .collectSync();
  const codes = valid
    .select(pl.col("product_id"))
    .filter(pl.col("product_id").isNotNull())
    .unique()
    .select(pl.col("product_id").cast(pl.Utf8))
    .collectSync();
  const products = uciProducts(codes, names, prices);

  // customers: from the orders before `no_kept_lines` (a customer whose orders all lost their lines stays a
  // customer without orders); country = most frequent order country (ties: alphabetical)
  const customers = customersFromOrders(sales.validOrders);

  const store: Store = {
    dataset: "online-retail",
    label: `${raw.ii ? "UCI Online Retail II" : "UCI Online Retail"} (${path.basename(shown)})`,
    currency: "GBP",
    customers,
    products,
    orders: sales.orders,
    order_lines: sales.order_lines,
  };
  // the line facts with money summed exactly, as the SQL engines sum it (same bytes whichever engine ran)
  store.facts = finishLineFacts(stagedLineFacts(sales));
  const log: CleaningLog = {
    tables: {
      customers: keptAll(customers.height),
      products: keptAll(products.height),
      orders: sales.logs.orders,
      order_lines: sales.logs.order_lines,
    },
    joins: joinAccounting(store),
  };
  return { store, log };
}

/**
 * The line facts of the cleaned UCI lines (`rawLineFacts(store, { exact: true })` of the store they make),
 * computed on the staged columns before they become text: the joins and group-bys run on category codes of
 * the Categorical ids instead of hashing millions of strings. Every kept line's order is in the orders (it
 * has a kept line) and its product in the products (a code seen on a usable line); UCI products have no
 * category (the lines have no category column), and fee codes are not merchandise (`isUciFeeCode`).
 */
function stagedLineFacts(sales: SalesTables): RawLineFacts {
  const kept = sales.keptLines;
  const orderOf = sales.validOrdersStaged.lazy().select("order_id", "customer_id", "status");
  const codes = kept.select("product_id").unique().collectSync();
  const isProduct = (codes.getColumn("product_id").cast(pl.Utf8).toArray() as Array<string | null>).map((c) => (c === null ? null : !isUciFeeCode(c)));
  const productOf = codes.withColumns(pl.Series("is_product", isProduct, pl.Bool)).lazy();
  const lines = kept
    .select(
      pl.col("order_id"),
      pl.col("product_id"),
      pl.col("quantity").cast(pl.Int64).alias("quantity"),
      revenueE4(pl.col("quantity").cast(pl.Float64).mul(pl.col("unit_price"))).alias("revenue_e4"),
    )
    .join(orderOf, { on: "order_id", how: "left" })
    .withColumns(pl.col("status").eq(pl.lit("completed")).fillNull(false).alias("completed"))
    .drop("status")
    .join(productOf, { on: "product_id", how: "left" })
    .collectSync();
  return exactLineFacts(lines);
}

/**
 * The UCI products table from per-product summaries of the usable lines (whichever engine made them):
 * `codes` (product_id: every stock code seen), `names` (product_id, description, n: lines per trimmed
 * description) and `prices` (product_id, list_price: median positive unit price). Name = the most frequent
 * description (ties alphabetically), category unknown, `is_product` false for fee codes; sorted by product_id.
 */
export function uciProducts(codes: pl.DataFrame, names: pl.DataFrame, prices: pl.DataFrame): pl.DataFrame {
  const codeFrame = codes.select(pl.col("product_id").cast(pl.Utf8)).sort("product_id");
  const namedFrame = names
    .select(pl.col("product_id").cast(pl.Utf8), pl.col("description").cast(pl.Utf8), pl.col("n").cast(pl.Int64))
    .sort(["product_id", "n", "description"], [false, true, false])
    .groupBy("product_id")
    .agg(pl.col("description").first().alias("product_name"));
  const priceFrame = prices.select(pl.col("product_id").cast(pl.Utf8), pl.col("list_price").cast(pl.Float64));
  const codeList = codeFrame.getColumn("product_id").toArray() as string[];
  return codeFrame
    .join(namedFrame, { on: "product_id", how: "left" })
    .join(priceFrame, { on: "product_id", how: "left" })
    .sort("product_id")
    .select(
      pl.col("product_id"),
      pl.col("product_name").cast(pl.Utf8),
      pl.lit(null).cast(pl.Utf8).alias("category"),
      pl.col("list_price").cast(pl.Float64),
    )
    .withColumns(pl.Series("is_product", codeList.map((c) => !isUciFeeCode(c)), pl.Bool));
}

/**
 * Customers derived from orders: one row per customer id, `country` = the country of most of their orders
 * (ties broken alphabetically), `region` from {@link regionSeries} (null when unknown); name and signup date unknown.
 */
export function customersFromOrders(orders: pl.DataFrame): pl.DataFrame {
  const withCountry = orders
    .filter(pl.col("customer_id").isNotNull())
    .groupBy(["customer_id", "country"])
    .agg(pl.len().alias("n"))
    .sort(["customer_id", "n", "country"], [false, true, false], true)
    .groupBy("customer_id")
    .agg(pl.col("country").first().alias("country"))
    .sort("customer_id");
  return withCountry
    .withColumns(regionSeries(withCountry.getColumn("country")))
    .select(
      pl.col("customer_id").cast(pl.Utf8),
      pl.lit(null).cast(pl.Utf8).alias("customer_name"),
      pl.col("country").cast(pl.Utf8),
      pl.col("region").cast(pl.Utf8),
      pl.lit(null).cast(pl.Date).alias("signup_date"),
    );
}
