/**
 * CSV robustness of the product's loader, on small files built here: integer ids written as floats (the way
 * pandas writes a numeric column with missing values), ragged lines (fewer or more fields than the header),
 * and reader errors turned into one line with file, line and column.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import pl from "nodejs-polars";
import { loadStore, TABLE_NAMES, type Store } from "../../src/data/index.js";
import { readCsvTable } from "../../src/data/csv-source.js";
import { UCI_COLUMNS } from "../../src/data/online-retail.js";
import { InputError } from "../../src/util/errors.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "csv-robustness-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";

/** Writes `lines` (header first) to a new file and returns its path. */
function csv(name: string, lines: string[], eol = "\n"): string {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, lines.join(eol) + eol);
  return f;
}

/** Six lines of three invoices; `id(n)` writes customer n (null for a guest line). */
function lines(id: (n: number | null) => string): string[] {
  return [
    HEADER,
    `536365,85123A,WHITE HANGING HEART,6,12/1/2010 8:26,2.55,${id(17850)},United Kingdom`,
    `536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,${id(17850)},United Kingdom`,
    `536366,22633,HAND WARMER UNION JACK,6,12/1/2010 8:28,1.85,${id(null)},United Kingdom`,
    `536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,12/1/2010 8:34,1.69,${id(13047)},United Kingdom`,
    `536367,22745,POPPY'S PLAYHOUSE BEDROOM,6,12/1/2010 8:34,2.1,${id(13047)},United Kingdom`,
    `536368,22960,JAM MAKING SET WITH JARS,6,12/1/2010 8:34,4.25,${id(12583)},France`,
  ];
}

/** Every table of a store as records (ids, money, dates), for comparing two loads. */
function tablesOf(store: Store): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLE_NAMES) {
    const df = t === "order_lines" ? store.order_lines : store[t];
    if (df) out[t] = df.select(...df.columns.map((c) => pl.col(c).cast(pl.Utf8))).toRecords();
  }
  return out;
}

describe("integer ids written as floats", () => {
  it("CustomerID 17850.0 (pandas' way with missing values) reads as the same ids, tables and log as 17850", async () => {
    const asFloat = await loadStore({ dataset: "online-retail", input: csv("float-ids.csv", lines((n) => (n === null ? "" : `${n}.0`))) });
    const asInt = await loadStore({ dataset: "online-retail", input: csv("int-ids.csv", lines((n) => (n === null ? "" : String(n)))) });
    expect(asFloat.store.customers!.getColumn("customer_id").toArray()).toEqual(["12583", "13047", "17850"]);
    expect(asFloat.store.orders.getColumn("customer_id").toArray()).toEqual(["17850", "13047", "12583"]);
    expect(tablesOf(asFloat.store)).toEqual(tablesOf(asInt.store));
    expect(asFloat.log).toEqual(asInt.log);
    // the guest line is the only one dropped
    expect(asFloat.log.tables.order_lines).toMatchObject({ rows_in: 6, rows_kept: 5, dropped: { missing_customer: 1 } });
  });

  it("a mix of 17850 and 17850.0 in one file is one customer; 17850.5 is not an integer id and stays as written", async () => {
    const mixed = lines((n) => (n === null ? "" : String(n)));
    mixed[2] = mixed[2].replace(",17850,", ",17850.0,");
    mixed[6] = mixed[6].replace(",12583,", ",12583.5,");
    const { store } = await loadStore({ dataset: "online-retail", input: csv("mixed-ids.csv", mixed) });
    expect(store.customers!.getColumn("customer_id").toArray()).toEqual(["12583.5", "13047", "17850"]);
    expect(store.orders.filter(pl.col("order_id").eq(pl.lit("536365"))).getColumn("customer_id").toArray()).toEqual(["17850"]);
  });
});

describe("ragged lines are counted under ragged_line", () => {
  const ints = (n: number | null) => (n === null ? "" : String(n));

  it("a line with fewer fields than the header (a cut-off line) is dropped, with its source line", async () => {
    const ls = lines(ints);
    ls[4] = "536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,12/1/2010 8:34,1.69,13047"; // Country missing
    const { store, log } = await loadStore({ dataset: "online-retail", input: csv("short.csv", ls) });
    const t = log.tables.order_lines!;
    expect(t.dropped.ragged_line).toBe(1);
    expect(t.examples!.ragged_line).toEqual([5]);
    expect(t.rows_in).toBe(6);
    expect(t.rows_kept + Object.values(t.dropped).reduce((a, b) => a + b, 0)).toBe(t.rows_in);
    expect(store.order_lines.getColumn("product_id").toArray()).toEqual(["85123A", "71053", "22745", "22960"]);
  });

  it("a line whose last field is empty is not ragged (an empty Country is a value)", async () => {
    const ls = lines(ints);
    ls[4] = "536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,12/1/2010 8:34,1.69,13047,";
    const { log } = await loadStore({ dataset: "online-retail", input: csv("empty-last.csv", ls) });
    expect(log.tables.order_lines!.dropped.ragged_line).toBe(0);
    expect(log.tables.order_lines!.rows_kept).toBe(5);
  });

  it("a line with more fields than the header (an unquoted comma), a blank line and a file cut off inside a quoted field", async () => {
    const ls = lines(ints);
    ls[2] = "536365,71053,WHITE METAL, LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom"; // 9 fields
    ls.splice(4, 0, ""); // a blank line: source line 5
    const f = path.join(tmp, "cut.csv");
    // the last line is cut inside its quoted description (no closing quote, no newline)
    fs.writeFileSync(f, ls.join("\r\n") + '\r\n536369,21730,"GLASS STAR FROSTED T-LIGHT HOL');
    const { store, log } = await loadStore({ dataset: "online-retail", input: f });
    const t = log.tables.order_lines!;
    expect(t.rows_in).toBe(8);
    expect(t.dropped.ragged_line).toBe(3);
    expect(t.examples!.ragged_line).toEqual([3, 5, 9]);
    expect(t.rows_kept + Object.values(t.dropped).reduce((a, b) => a + b, 0)).toBe(t.rows_in);
    expect(store.order_lines.getColumn("product_id").toArray()).toEqual(["85123A", "84879", "22745", "22960"]);
  });

  it("line numbers of examples count quoted fields that span lines", async () => {
    const ls = lines(ints);
    ls[1] = '536365,85123A,"WHITE HANGING\nHEART",6,12/1/2010 8:26,2.55,17850,United Kingdom';
    ls[3] = "536366,22633,HAND WARMER UNION JACK,6"; // source line 5 (line 2 spans two lines)
    const { log } = await loadStore({ dataset: "online-retail", input: csv("multiline.csv", ls) });
    expect(log.tables.order_lines!.examples!.ragged_line).toEqual([5]);
  });

  it("the reader marks ragged records in __ragged and reads the rest by header name, in any column order", async () => {
    const f = csv("reordered.csv", [
      "Country,CustomerID,UnitPrice,InvoiceDate,Quantity,Description,StockCode,InvoiceNo,Extra",
      "United Kingdom,17850,2.55,12/1/2010 8:26,6,WHITE HANGING HEART,85123A,536365,x",
      "United Kingdom,17850,3.39,12/1/2010 8:26,6,WHITE METAL LANTERN,71053,536365",
    ]);
    const t = await readCsvTable(f, UCI_COLUMNS, { expected: "the UCI Online Retail header", categorical: true });
    expect(t.df.getColumn("__ragged").toArray()).toEqual([false, true]);
    expect(t.df.select(pl.col("stock_code").cast(pl.Utf8)).getColumn("stock_code").toArray()).toEqual(["85123A", "71053"]);
    expect(t.df.schema.stock_code.equals(pl.Categorical)).toBe(true);
  });
});

describe("reader errors are one line with file, line and column", () => {
  async function error(name: string, body: string): Promise<string> {
    const f = path.join(tmp, name);
    fs.writeFileSync(f, body);
    try {
      await loadStore({ dataset: "online-retail", input: f });
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as Error).message.replace(f, name);
    }
    throw new Error("no error");
  }
  it("a quoted field that is never closed, in the middle of the file", async () => {
    const ls = lines((n) => (n === null ? "" : String(n)));
    ls[3] = '536366,22633,"HAND WARMER UNION JACK,6,12/1/2010 8:28,1.85,,United Kingdom';
    expect(await error("unclosed.csv", ls.join("\n") + "\n")).toBe('unclosed.csv:4: column "Description": could not be read as CSV: a quoted field that is never closed');
  });
  it("a stray quote inside an unquoted field (a pair of quotes inside a field is read as text, as pandas does)", async () => {
    const ls = lines((n) => (n === null ? "" : String(n)));
    ls[1] = '536365,85123A,WHITE "HANGING" HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom';
    ls[2] = '536365,71053,WHITE 5" LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom';
    expect(await error("stray-quote.csv", ls.join("\n") + "\n")).toBe(
      'stray-quote.csv:3: column "Description": could not be read as CSV: a quote inside an unquoted field (quote the whole field and double the quote)',
    );
  });
});
