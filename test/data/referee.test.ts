import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import pl from "nodejs-polars";
import { projectPaths } from "../../src/paths.js";
import { loadStore } from "../../src/data/index.js";

const shared = projectPaths().sharedData;
const FILES = [
  path.join(shared, "uci-online-retail", "online_retail.parquet"),
  path.join(shared, "uci-online-retail-ii-2009-2010", "online_retail_II_2009-2010.parquet"),
];
const PY = "/usr/bin/python3";

function pandasAvailable(): boolean {
  try {
    execFileSync(PY, ["-c", "import pandas"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const ready = FILES.every((f) => fs.existsSync(f)) && fs.existsSync(PY) && pandasAvailable();
if (!ready) console.warn("skipped: UCI referee test (needs ../shared/data UCI parquet files, /usr/bin/python3 and pandas) not present");

describe.skipIf(!ready)("UCI cleaning agrees with the pandas referee (scripts/referee/uci_clean.py)", () => {
  for (const file of FILES) {
    it(`${path.basename(file)}: same rows, customers, invoices and revenue to the cent`, async () => {
      // Debian's pandas has no Parquet engine: give it a CSV export written by polars directly.
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "referee-"));
      const csv = path.join(tmp, "uci.csv");
      try {
        pl.readParquet(file).writeCSV(csv);
        const ref = JSON.parse(execFileSync(PY, ["scripts/referee/uci_clean.py", csv], { encoding: "utf8" })) as {
          rows_in: number;
          rows_clean: number;
          customers: number;
          invoices: number;
          revenue: number;
        };
        const { store, log } = await loadStore({ dataset: "online-retail", input: file });
        const completed = store.orders.filter(pl.col("status").eq(pl.lit("completed"))).select("order_id", "customer_id");
        const lines = store.order_lines.join(completed, { on: "order_id", how: "inner" });
        expect(log.tables.order_lines!.rows_in).toBe(ref.rows_in);
        expect(lines.height).toBe(ref.rows_clean);
        expect(store.order_lines.height).toBe(ref.rows_clean);
        expect(lines.getColumn("customer_id").nUnique()).toBe(ref.customers);
        expect(lines.getColumn("order_id").nUnique()).toBe(ref.invoices);
        // no completed order without lines (no_kept_lines): completed orders = the referee's invoices
        expect(completed.height).toBe(ref.invoices);
        const o = log.tables.orders!;
        expect(o.rows_kept + Object.values(o.dropped).reduce((a, b) => a + b, 0)).toBe(o.rows_in);
        expect(Math.abs(Number(lines.getColumn("revenue").sum()) - ref.revenue)).toBeLessThan(0.005);
        const t = log.tables.order_lines!;
        expect(t.rows_kept + Object.values(t.dropped).reduce((a, b) => a + b, 0)).toBe(t.rows_in);
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    });
  }

  it("the UCI file as pandas writes it (CSV, CustomerID as 17850.0) loads into the same store and log as the Parquet file", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "referee-"));
    try {
      const polarsCsv = path.join(tmp, "polars.csv");
      const pandasCsv = path.join(tmp, "pandas.csv");
      pl.readParquet(FILES[0]).writeCSV(polarsCsv);
      execFileSync(PY, ["-c", "import sys, pandas as pd; pd.read_csv(sys.argv[1], dtype={'InvoiceNo': str, 'StockCode': str}).to_csv(sys.argv[2], index=False)", polarsCsv, pandasCsv]);
      expect(fs.readFileSync(pandasCsv, "utf8").split("\n")[1]).toMatch(/,17850\.0,United Kingdom$/);
      const fromCsv = await loadStore({ dataset: "online-retail", input: pandasCsv });
      const fromParquet = await loadStore({ dataset: "online-retail", input: FILES[0] });
      for (const t of ["customers", "products", "orders", "order_lines"] as const) {
        const a = t === "order_lines" ? fromCsv.store.order_lines : fromCsv.store[t]!;
        const b = t === "order_lines" ? fromParquet.store.order_lines : fromParquet.store[t]!;
        expect(a.frameEqual(b, true), t).toBe(true);
      }
      // the text source adds one rule, ragged_line, with nothing to count in a well-formed file
      const { ragged_line, ...rest } = fromCsv.log.tables.order_lines!.dropped;
      expect(ragged_line).toBe(0);
      expect({ ...fromCsv.log, tables: { ...fromCsv.log.tables, order_lines: { ...fromCsv.log.tables.order_lines!, dropped: rest } } }).toEqual(fromParquet.log);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
