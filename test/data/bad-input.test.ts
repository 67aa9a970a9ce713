import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import pl from "nodejs-polars";
import { loadStore } from "../../src/data/index.js";
import { runCli } from "../cli/harness.js";

const BAD = "test/fixtures/bad";
const HEADER = "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID";

/** Runs `casestudy data --quiet` in-process (no progress lines); returns the exit code and what went to stderr. */
async function runData(args: string[]): Promise<{ code: number; stderr: string }> {
  return runCli(["data", "--quiet", ...args]);
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir).sort()) out[f] = fs.readFileSync(path.join(dir, f), "utf8");
  return out;
}

let tmp: string;
let outDir: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bad-input-"));
  outDir = path.join(tmp, "out");
  fs.mkdirSync(outDir);
  fs.writeFileSync(path.join(outDir, "orders.parquet"), "previous contents");
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Asserts the exact one-line error, exit code 2, and that the output folder was not touched. */
async function expectRejected(input: string, message: string, dataset = "online-retail") {
  const before = snapshot(outDir);
  const { code, stderr } = await runData(["--dataset", dataset, "--input", input, "--out", outDir]);
  expect(stderr).toBe(`error: ${message}\n`);
  expect(code).toBe(2);
  expect(snapshot(outDir)).toEqual(before);
  expect(fs.readdirSync(tmp).filter((f) => f.includes("staging"))).toEqual([]); // no staging folder left behind
}

describe("bad input is rejected with one line naming file, line, column and what was expected", () => {
  it("an empty file", async () => {
    await expectRejected(`${BAD}/empty.csv`, `${BAD}/empty.csv:1: empty file (expected a header line: ${HEADER})`);
  });
  it("a header without data rows", async () => {
    await expectRejected(`${BAD}/header-only.csv`, `${BAD}/header-only.csv:2: no data rows: the file has a header only`);
  });
  it("a missing required column", async () => {
    await expectRejected(
      `${BAD}/missing-column.csv`,
      `${BAD}/missing-column.csv:1: missing required column "UnitPrice"; also accepted: Price, Unit Price (expected the UCI Online Retail header: ${HEADER}; found: InvoiceNo, StockCode, Description, Quantity, InvoiceDate, CustomerID, Country)`,
    );
  });
  it("an unknown column name is not guessed", async () => {
    await expectRejected(
      `${BAD}/renamed-unknown.csv`,
      `${BAD}/renamed-unknown.csv:1: missing required column "UnitPrice"; also accepted: Price, Unit Price (expected the UCI Online Retail header: ${HEADER}; found: InvoiceNo, StockCode, Description, Qty, InvoiceDate, Cost, CustomerID, Country)`,
    );
  });
  it("semicolon-separated values", async () => {
    await expectRejected(
      `${BAD}/semicolon.csv`,
      `${BAD}/semicolon.csv:1: expected comma-separated values, found ';' separators in the header (expected the UCI Online Retail header: ${HEADER})`,
    );
  });
  it("day-first dates in every line", async () => {
    await expectRejected(
      `${BAD}/day-first-dates.csv`,
      `${BAD}/day-first-dates.csv:2: column "InvoiceDate": no line has usable values (expected a date like 2011-12-09 12:50:00, 2011-12-09 or 12/9/2011 12:50 (month first))`,
    );
  });
  it("binary bytes under a .csv name", async () => {
    const f = path.join(tmp, "image.csv");
    fs.writeFileSync(f, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x00, 0x0d]));
    await expectRejected(f, `${f}:1: not a CSV file: binary data (a NUL byte at offset 4)`);
  });
  it("gzip bytes under a .csv name", async () => {
    const f = path.join(tmp, "data.csv");
    fs.writeFileSync(f, zlib.gzipSync(fs.readFileSync(`${BAD}/bom.csv`)));
    await expectRejected(f, `${f}:1: not a CSV file: the bytes are gzip-compressed (rename it to .csv.gz, or decompress it)`);
  });
  it("a file that does not exist", async () => {
    await expectRejected(`${BAD}/nope.csv`, `${BAD}/nope.csv: file not found`);
  });
  it("an unknown dataset name", async () => {
    await expectRejected(`${BAD}/bom.csv`, `unknown dataset "csv" (expected one of: synthetic, online-retail, three-file, shopsmart, canonical)`, "csv");
  });
});

describe("awkward but valid input is accepted", () => {
  it("a UTF-8 BOM before the header", async () => {
    const { store } = await loadStore({ dataset: "online-retail", input: `${BAD}/bom.csv` });
    expect(store.order_lines.getColumn("order_id").toArray()).toEqual(["536365"]);
  });
  it("latin-1 text is decoded (also inside .csv.gz)", async () => {
    const { store } = await loadStore({ dataset: "online-retail", input: `${BAD}/latin1.csv` });
    expect(store.products!.getColumn("product_name").toArray()).toContain("CRÈME BRULÉE DISH");
    const gz = path.join(tmp, "latin1.csv.gz");
    fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(`${BAD}/latin1.csv`)));
    const again = await loadStore({ dataset: "online-retail", input: gz });
    expect(again.store.products!.getColumn("product_name").toArray()).toContain("CRÈME BRULÉE DISH");
  });
  it("quoted fields with commas and newlines; the line of a bad record counts the embedded newline", async () => {
    const { store, log } = await loadStore({ dataset: "online-retail", input: `${BAD}/quoted.csv` });
    expect(store.products!.getColumn("product_name").toArray().sort()).toEqual(["HEART, WHITE", 'LANTERN\nWITH "QUOTES"']);
    // record 3 (quantity "six") starts on source line 5 because record 2 spans lines 3-4
    expect(log.tables.order_lines!.dropped.unparseable_value).toBe(1);
    expect(log.tables.order_lines!.examples!.unparseable_value).toEqual([5]);
  });
  it("Online Retail II and case/space variants of the column names", async () => {
    const ii = await loadStore({ dataset: "online-retail", input: `${BAD}/renamed-ii.csv` });
    expect(ii.store.label).toBe(`UCI Online Retail II (renamed-ii.csv)`);
    expect(ii.store.orders.getColumn("customer_id").toArray()).toEqual(["13085"]);
    const cs = await loadStore({ dataset: "online-retail", input: `${BAD}/renamed-case-spaces.csv` });
    expect(cs.store.order_lines.height).toBe(1);
  });
  it("ids written as floats equal ids written as integers", async () => {
    const { store } = await loadStore({ dataset: "online-retail", input: `${BAD}/numeric-ids.csv` });
    expect(store.customers!.getColumn("customer_id").toArray()).toEqual(["12346"]);
  });
});

describe("bad values are dropped under named rules, with source lines", () => {
  it("mixed date layouts are read; a day-first or nonsense date is unparseable", async () => {
    const { store, log } = await loadStore({ dataset: "online-retail", input: `${BAD}/dates.csv` });
    const t = log.tables.order_lines!;
    expect(t.dropped.unparseable_value).toBe(2);
    expect(t.examples!.unparseable_value).toEqual([4, 5]);
    expect(store.order_lines.getColumn("product_id").toArray()).toEqual(["85123A", "71053"]);
    const times = store.orders.select(pl.col("ordered_at").cast(pl.Utf8)).getColumn("ordered_at").toArray();
    expect(times).toEqual(["2010-12-01 08:26:00.000"]);
  });
  it("thousands separators and currency signs are not numbers", async () => {
    const { log } = await loadStore({ dataset: "online-retail", input: `${BAD}/thousands-currency.csv` });
    expect(log.tables.order_lines!.dropped.unparseable_value).toBe(2);
    expect(log.tables.order_lines!.examples!.unparseable_value).toEqual([2, 3]);
  });
  it("NaN and Infinity are not numbers", async () => {
    const { log } = await loadStore({ dataset: "online-retail", input: `${BAD}/nan-infinity.csv` });
    expect(log.tables.order_lines!.dropped.unparseable_value).toBe(2);
  });
  it("zero and negative prices are dropped by rule", async () => {
    const { store, log } = await loadStore({ dataset: "online-retail", input: `${BAD}/non-positive-price.csv` });
    expect(log.tables.order_lines!.dropped.non_positive_price).toBe(2);
    expect(store.order_lines.height).toBe(1);
  });
  it("a customer table with a repeated id keeps the first row", async () => {
    const { store, log } = await loadStore({ dataset: "three-file", input: `${BAD}/dup-customers` });
    expect(log.tables.customers).toMatchObject({ rows_in: 3, rows_kept: 2, dropped: { duplicate_key: 1 } });
    expect(store.customers!.getColumn("customer_name").toArray()).toEqual(["Ann", "Bob"]);
  });
  it("transactions with unknown customers or products are kept and counted", async () => {
    const { store, log } = await loadStore({ dataset: "three-file", input: `${BAD}/unknown-refs` });
    expect(store.order_lines.height).toBe(3);
    expect(log.joins!["orders.customer_id→customers"]).toEqual({ rows: 3, unmatched: 1 });
    expect(log.joins!["order_lines.product_id→products"]).toEqual({ rows: 3, unmatched: 1 });
  });
});
