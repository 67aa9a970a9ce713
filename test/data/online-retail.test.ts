import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import pl from "nodejs-polars";
import { readOnlineRetail } from "../../src/data/online-retail.js";
import { buildSalesTables } from "../../src/data/sales-lines.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "online-retail-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/**
 * Four invoices: 536365 (two sold lines, customer 17850), 536366 (its only line has UnitPrice 0, customer
 * 13256, who has no other invoice), C536367 (a cancellation of customer 17850, negative quantity) and 536368
 * (one sold line, customer 12583).
 */
const CSV = [
  "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
  "536365,85123A,WHITE HANGING HEART,6,12/1/2010 8:26,2.55,17850.0,United Kingdom",
  "536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850.0,United Kingdom",
  "536366,84826,ASSTD DESIGN 3D PAPER STICKERS,12,12/1/2010 9:00,0,13256.0,United Kingdom",
  "C536367,85123A,WHITE HANGING HEART,-2,12/2/2010 10:00,2.55,17850.0,United Kingdom",
  "536368,22752,SET 7 BABUSHKA NESTING BOXES,2,12/3/2010 11:00,7.65,12583.0,France",
].join("\n");

describe("UCI adapter: orders left without lines", () => {
  it("drops a completed invoice whose only line has UnitPrice 0 under no_kept_lines; the canceled invoice stays", async () => {
    const file = path.join(tmp, "tiny.csv");
    fs.writeFileSync(file, CSV + "\n");
    const { store, log } = await readOnlineRetail(file);
    expect(store.orders.getColumn("order_id").toArray()).toEqual(["536365", "C536367", "536368"]);
    expect(store.orders.getColumn("status").toArray()).toEqual(["completed", "canceled", "completed"]);
    // 4 invoices in; none lost all lines to the order-level rules; 536366 lost its only line to non_positive_price
    expect(log.tables.orders).toEqual({ rows_in: 4, rows_kept: 3, dropped: { no_valid_lines: 0, no_kept_lines: 1 } });
    const o = log.tables.orders!;
    expect(o.rows_kept + Object.values(o.dropped).reduce((a, b) => a + b, 0)).toBe(o.rows_in);
    // lines: 5 in, 3 kept; the cancellation line is a non-positive quantity, the free line a non-positive price
    const l = log.tables.order_lines!;
    expect(l.rows_in).toBe(5);
    expect(l.rows_kept).toBe(3);
    expect(l.dropped.non_positive_quantity).toBe(1);
    expect(l.dropped.non_positive_price).toBe(1);
    expect(store.order_lines.getColumn("order_id").toArray()).toEqual(["536365", "536365", "536368"]);
    // every line's order exists
    expect(log.joins!["order_lines.order_id→orders"].unmatched).toBe(0);
    // customers stay as derived from the invoices: 13256 remains a customer (without orders)
    expect(store.customers!.getColumn("customer_id").toArray()).toEqual(["12583", "13256", "17850"]);
    expect(log.tables.customers).toEqual({ rows_in: 3, rows_kept: 3, dropped: {} });
  });

  it("without dropEmptyOrders (sources whose orders are their own table) empty orders stay", () => {
    const lines = pl.DataFrame({
      __record: [0, 1],
      __bad: pl.Series("__bad", [null, null], pl.Utf8),
      order_id: ["1", "2"],
      customer_id: ["A", "B"],
      ordered_at: pl.Series("t", [0, 86_400_000], pl.Float64).cast(pl.Int64).cast(pl.Datetime("ms")),
      status: ["completed", "completed"],
      country: ["UK", "UK"],
      product_id: ["P1", "P2"],
      quantity: pl.Series("quantity", [1, 1], pl.Int32),
      unit_price: [2, 0],
    });
    const off = buildSalesTables(lines, { dedupeColumns: ["order_id", "product_id"] });
    expect(off.orders.height).toBe(2);
    expect(off.logs.orders).toEqual({ rows_in: 2, rows_kept: 2, dropped: { no_valid_lines: 0 } });
    const on = buildSalesTables(lines, { dedupeColumns: ["order_id", "product_id"], dropEmptyOrders: true });
    expect(on.orders.getColumn("order_id").toArray()).toEqual(["1"]);
    expect(on.validOrders.height).toBe(2);
    expect(on.logs.orders).toEqual({ rows_in: 2, rows_kept: 1, dropped: { no_valid_lines: 0, no_kept_lines: 1 } });
  });
});

describe("UCI adapter: line facts from the staged lines", () => {
  /**
   * Invoice 536400 has lines of two customers (the order belongs to the first, 17850); C536401 is a canceled
   * invoice with a positive line (kept, not revenue); POST is a fee code (revenue, not merchandise).
   */
  const MIXED = [
    "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
    "536400,85123A,WHITE HANGING HEART,6,12/1/2010 8:26,2.55,17850.0,United Kingdom",
    "536400,71053,WHITE METAL LANTERN,2,12/1/2010 8:26,3.39,13047.0,United Kingdom",
    "C536401,85123A,WHITE HANGING HEART,1,12/2/2010 10:00,2.55,17850.0,United Kingdom",
    "536402,POST,POSTAGE,1,12/3/2010 11:00,18,12583.0,France",
    "536402,85123A,WHITE HANGING HEART,4,12/3/2010 11:00,2.55,12583.0,France",
  ].join("\n");

  it("are the facts of the store's own lines (rawLineFacts), with the order's customer and status", async () => {
    const { finishLineFacts, rawLineFacts } = await import("../../src/data/line-facts.js");
    const file = path.join(tmp, "mixed.csv");
    fs.writeFileSync(file, MIXED + "\n");
    const { store } = await readOnlineRetail(file);
    const facts = store.facts!;
    const reference = finishLineFacts(rawLineFacts({ ...store, facts: undefined }, { exact: true }));
    for (const k of ["orders", "products", "customers", "customerCategories", "categories"] as const) {
      expect(facts[k].schema, k).toEqual(reference[k].schema);
      expect(facts[k].frameEqual(reference[k], true), k).toBe(true);
    }
    expect(facts.lines).toBe(5);
    // 536400's second line counts for 17850, the order's customer: 6·2.55 + 2·3.39 = 22.08; 13047 has no order
    expect(facts.customers.getColumn("customer_id").toArray()).toEqual(["12583", "17850"]);
    const cents = (v: unknown) => Math.round(Number(v) * 100) / 100;
    expect((facts.customers.getColumn("revenue").toArray() as number[]).map(cents)).toEqual([28.2, 22.08]);
    // 85123A: 6 + 4 units on completed orders (the canceled line is not revenue), in 2 orders
    const p = facts.products.filter(pl.col("product_id").eq(pl.lit("85123A")));
    expect([p.getColumn("units").get(0), cents(p.getColumn("revenue").get(0)), p.getColumn("orders").get(0)]).toEqual([10, 25.5, 2]);
    // merchandise leaves POST out: 15.3 + 6.78 + 10.2 = 32.28 in 2 orders of 2 products
    expect(facts.categories.toRecords().map((r) => ({ ...r, revenue: cents(r.revenue) }))).toEqual([{ category: "Unknown", revenue: 32.28, units: 12, orders: 2, products: 2 }]);
  });

  it("a store that sold only fees has no category row, like rawLineFacts", async () => {
    const { finishLineFacts, rawLineFacts } = await import("../../src/data/line-facts.js");
    const file = path.join(tmp, "fees.csv");
    fs.writeFileSync(file, [MIXED.split("\n")[0], "536500,POST,POSTAGE,1,12/3/2010 11:00,18,12583.0,France"].join("\n") + "\n");
    const { store } = await readOnlineRetail(file);
    const reference = finishLineFacts(rawLineFacts({ ...store, facts: undefined }, { exact: true }));
    expect(store.facts!.categories.height).toBe(0);
    for (const k of ["orders", "products", "customers", "customerCategories", "categories"] as const) {
      expect(store.facts![k].frameEqual(reference[k], true), k).toBe(true);
    }
  });
});
