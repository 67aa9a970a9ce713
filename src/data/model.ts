/**
 * The canonical data model: the one shape every adapter produces and every analysis consumes.
 *
 * A store is a set of polars DataFrames with fixed column names and dtypes (below). Only `orders` and
 * `orderLines` are required; a dataset may lack customers, products or interactions, and every consumer asks
 * with `hasTable(store, "interactions")` before using one.
 *
 * Conventions
 * - Ids are strings (`"12346"`, never `12346.0`), trimmed.
 * - Timestamps are naive local wall-clock time stored as polars `Datetime("ms")`; dates are polars `Date`.
 * - Money is a plain Float64 in the store's currency (`Store.currency`, e.g. "GBP" for UCI), not cents.
 * - Quantities are Int32 (whole units).
 *
 * | table          | column          | dtype          | meaning                                              |
 * |----------------|-----------------|----------------|------------------------------------------------------|
 * | customers      | customer_id     | Utf8           | unique key                                           |
 * |                | customer_name   | Utf8?          |                                                      |
 * |                | country         | Utf8?          |                                                      |
 * |                | region          | Utf8?          | continent / sales region                             |
 * |                | signup_date     | Date?          |                                                      |
 * |                | currency        | Utf8?          | optional (OPTIONAL_COLUMNS): the customer's currency tag when the source has one (Shop Smart) |
 * | products       | product_id      | Utf8           | unique key                                           |
 * |                | product_name    | Utf8?          | free text from the data: escape before HTML           |
 * |                | category        | Utf8?          |                                                      |
 * |                | list_price      | Float64?       | catalogue price                                      |
 * |                | is_product      | Boolean        | false for fees/adjustments (UCI POST, M, D, …)        |
 * | orders         | order_id        | Utf8           | unique key                                           |
 * |                | customer_id     | Utf8?          | null when the source has none                        |
 * |                | ordered_at      | Datetime("ms") |                                                      |
 * |                | status          | Utf8           | one of ORDER_STATUSES                                |
 * |                | country         | Utf8?          | shipping/billing country of the order                |
 * | order_lines    | order_id        | Utf8           | → orders.order_id                                    |
 * |                | product_id      | Utf8           | → products.product_id                                |
 * |                | quantity        | Int32          | units                                                |
 * |                | unit_price      | Float64        | money per unit                                       |
 * |                | revenue         | Float64        | quantity × unit_price                                |
 * | interactions   | customer_id     | Utf8           |                                                      |
 * |                | product_id      | Utf8?          |                                                      |
 * |                | occurred_at     | Datetime("ms") |                                                      |
 * |                | event_type      | Utf8           | view, add_to_cart, remove_from_cart, checkout, visit |
 * |                | session_id      | Utf8           |                                                      |
 */
import type pl from "nodejs-polars";
import type { LineFacts } from "./line-facts.js";

/** Order statuses of the canonical model. Only `completed` orders count as revenue. */
export const ORDER_STATUSES = ["completed", "failed", "canceled", "returned"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Names of the canonical tables, as used in `cleaning-log.json` and on disk (`<table>.parquet`). */
export const TABLE_NAMES = ["customers", "products", "orders", "order_lines", "interactions"] as const;
export type TableName = (typeof TABLE_NAMES)[number];

/** Column names of each canonical table, in canonical order. */
export const TABLE_COLUMNS: Record<TableName, readonly string[]> = {
  customers: ["customer_id", "customer_name", "country", "region", "signup_date"],
  products: ["product_id", "product_name", "category", "list_price", "is_product"],
  orders: ["order_id", "customer_id", "ordered_at", "status", "country"],
  order_lines: ["order_id", "product_id", "quantity", "unit_price", "revenue"],
  interactions: ["customer_id", "product_id", "occurred_at", "event_type", "session_id"],
};

/**
 * Optional columns of each canonical table: present only when the source records them, after TABLE_COLUMNS,
 * in this order. `writeStore` writes those a table has and `readStoreDir` reads them back when the file has them,
 * so a store keeps them through a round trip. `customers.currency` is the customer's currency tag (Utf8), which
 * the data card reads to say that totals add amounts across currencies.
 */
export const OPTIONAL_COLUMNS: Record<TableName, readonly string[]> = {
  customers: ["currency"],
  products: [],
  orders: [],
  order_lines: [],
  interactions: [],
};

/** A dataset in the canonical model. Tables absent from the source are `undefined`. */
export interface Store {
  /** Dataset name (`synthetic`, `online-retail`, `three-file`, `shopsmart`, `canonical`). */
  dataset: string;
  /** Human label for pages, e.g. "UCI Online Retail (online_retail.parquet)"; never an absolute path. */
  label: string;
  /** ISO 4217 code of all money columns, or null when the source does not say. */
  currency: string | null;
  customers?: pl.DataFrame;
  products?: pl.DataFrame;
  orders: pl.DataFrame;
  order_lines: pl.DataFrame;
  interactions?: pl.DataFrame;
  /**
   * The line facts (line-facts.ts) as the line-level stage of a UCI source computed them (money summed exactly,
   * the same bytes from every engine). With the duckdb and spark engines `order_lines` is then empty (the lines
   * never came into memory). Absent for the other adapters: consumers call `lineFacts(store)`, which computes
   * them from `order_lines`. A store whose `order_lines` is replaced must drop `facts`.
   */
  facts?: LineFacts;
}

/** Row accounting of one table through cleaning: rows_in = rows_kept + Σ dropped[rule]. */
export interface TableLog {
  rows_in: number;
  rows_kept: number;
  /** Rows dropped per rule name, in the order the rules ran. */
  dropped: Record<string, number>;
  /** Rows flagged (kept) per rule name, e.g. outliers. */
  flagged?: Record<string, number>;
  /**
   * First offending source lines per rule (at most 10), for rules about unparseable values and ragged lines:
   * 1-based line numbers of the one input file, or `"file:line"` when the input was several files (a glob or
   * a folder read by the duckdb or spark engine).
   */
  examples?: Record<string, Array<number | string>>;
}

/** The cleaning log written as `cleaning-log.json`. */
export interface CleaningLog {
  tables: Partial<Record<TableName, TableLog>>;
  /** Join accounting: keys in one table that the other lacks (e.g. order lines whose product is unknown). */
  joins?: Record<string, { rows: number; unmatched: number }>;
}

/** True when the store has the named table with at least one row. */
export function hasTable(store: Store, table: TableName): boolean {
  if (table === "order_lines") return store.order_lines.height > 0 || (store.facts?.lines ?? 0) > 0;
  const df = store[table];
  return df !== undefined && df.height > 0;
}
