/**
 * The SQL engines give the polars loader's store: same cleaning log, orders, products, customers and line
 * facts, on a small Parquet file built here with every rule's case (duplicates, missing customers, `A` and
 * `C` invoices, zero prices, negative quantities, unparseable dates, float customer ids, tied descriptions,
 * fee codes), with text and typed columns. Bad input through DuckDB is one InputError line.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pl from "nodejs-polars";
import { afterAll, describe, expect, it } from "vitest";
import { datasetFromEnv, loadStore, lineFacts, type DatasetSpec } from "../../src/data/index.js";
import { datasetSpecFrom } from "../../src/cli/dataset-options.js";
import { finishLineFacts, rawLineFacts } from "../../src/data/line-facts.js";
import { parseEngineName, engineFromEnv } from "../../src/data/engines/index.js";
import { parseMemoryLimit } from "../../src/data/engines/duckdb-session.js";
import { InputError } from "../../src/util/errors.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "engines-test-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Lines of a small UCI file; `text` writes InvoiceDate and the numbers as text (Online Retail II style). */
function uciFrame(text: boolean): pl.DataFrame {
  const rows: Array<[string, string, string | null, number, string, number, number | null, string | null]> = [
    ["536365", "85123A", "WHITE HEART", 6, "2010-12-01 08:26:00", 2.55, 17850, "United Kingdom"],
    ["536365", "71053", " WHITE LANTERN ", 6, "2010-12-01 08:26:00", 3.39, 17850, "United Kingdom"],
    ["536365", "71053", " WHITE LANTERN ", 6, "2010-12-01 08:26:00", 3.39, 17850, "United Kingdom"], // exact duplicate
    ["536366", "22633", "\u00a0HAND WARMER\t", 6, "2010-12-01 08:28:00", 1.85, 17850, "United Kingdom"],
    ["536367", "84879", "BIRD ORNAMENT", 32, "2010-12-01 08:34:00", 1.69, 13047, "France"],
    ["536367", "POST", "POSTAGE", 1, "2010-12-01 08:34:00", 18, 13047, "France"],
    ["536368", "22960", "JAM MAKING SET", 6, "2010-12-02 09:00:00", 4.25, null, "United Kingdom"], // no customer
    ["C536379", "D", "Discount", -1, "2010-12-02 09:41:00", 27.5, 14527, "United Kingdom"], // canceled
    ["A563185", "B", "Adjust bad debt", 1, "2011-08-12 14:50:00", 11062.06, 12346, "United Kingdom"], // bad debt
    ["536370", "22728", "ALARM CLOCK", 24, "2010-12-03 08:45:00", 0, 12583, "France"], // zero price: empty order
    ["536371", "22728", "ALARM CLOCK PINK", 24, "2010-12-03 09:45:00", 3.75, 12583, "France"],
    ["536372", "22728", "ALARM CLOCK", 12, "2010-12-04 10:45:00", 3.75, 12583, null],
    ["536372", "22728", "ALARM CLOCK PINK", 2400, "2010-12-04 10:45:00", 3.75, 12583, null], // outlier quantity
    ["536373", "22632", "HAND WARMER RED", 6, text ? "31/12/2010 10:00" : "2010-12-05 11:00:00", 2.1, 15100, "EIRE"],
    ["536374", "22632", "HAND WARMER RED", 3, "2010-12-05 12:00:00", 2.1, 15100, "EIRE"],
    ["536375", "gift_0001_10", "GIFT VOUCHER", 1, "2010-12-06 12:00:00", 8.5, 15100, "EIRE"],
    ["536376", "22632", null, 5, "2010-12-07 12:00:00", 2.1, 16000, "Spain"],
  ];
  const col = (i: number) => rows.map((r) => r[i]);
  const dates = col(4) as string[];
  return pl.DataFrame({
    InvoiceNo: col(0),
    StockCode: col(1),
    Description: col(2),
    Quantity: text ? (col(3) as number[]).map(String) : pl.Series("Quantity", col(3) as number[], pl.Int64),
    InvoiceDate: text ? dates : pl.Series("InvoiceDate", dates).str.strptime(pl.Datetime("ms"), "%Y-%m-%d %H:%M:%S").cast(pl.Datetime("us")),
    [text ? "Price" : "UnitPrice"]: pl.Series("p", col(5) as number[], pl.Float64),
    [text ? "Customer ID" : "CustomerID"]: text ? pl.Series("c", col(6) as Array<number | null>, pl.Float64) : pl.Series("c", col(6) as Array<number | null>, pl.Int64),
    Country: col(7),
  });
}

async function bothEngines(file: string) {
  const spec: DatasetSpec = { dataset: "online-retail", input: file };
  const polars = await loadStore(spec);
  const duckdb = await loadStore({ ...spec, engine: "duckdb", memoryLimit: "1GB" });
  return { polars, duckdb };
}

describe("the duckdb engine gives the polars loader's store", () => {
  for (const text of [false, true]) {
    it(`${text ? "text columns (Online Retail II style)" : "typed columns (the UCI Parquet copy)"}`, async () => {
      const file = path.join(dir, `uci-${text ? "text" : "typed"}.parquet`);
      uciFrame(text).writeParquet(file);
      const { polars, duckdb } = await bothEngines(file);
      expect(duckdb.log).toEqual(polars.log);
      const lines = polars.log.tables.order_lines!;
      // hand-counted: one duplicate, one line without customer, the A invoice, the C line (negative), the zero price
      expect(lines.dropped).toMatchObject({ exact_duplicate: 1, missing_customer: 1, bad_debt_adjustment: 1, non_positive_quantity: 1, non_positive_price: 1 });
      expect(lines.dropped.unparseable_value).toBe(text ? 1 : 0);
      expect(polars.log.tables.orders!.dropped.no_kept_lines).toBe(1);
      for (const t of ["orders", "products", "customers"] as const) {
        expect(duckdb.store[t]!.schema, t).toEqual(polars.store[t]!.schema);
        expect(duckdb.store[t]!.frameEqual(polars.store[t]!, true), t).toBe(true);
      }
      expect(duckdb.store.orders.getColumn("ordered_at").toArray()).toEqual(polars.store.orders.getColumn("ordered_at").toArray());
      expect(duckdb.store.order_lines.height).toBe(0); // no line came into memory
      const a = lineFacts(duckdb.store);
      const b = finishLineFacts(rawLineFacts(polars.store));
      expect(a.lines).toBe(polars.store.order_lines.height);
      for (const k of ["orders", "products", "customers", "customerCategories", "categories"] as const) {
        expect(a[k].frameEqual(b[k], true), k).toBe(true);
      }
      // the fee codes (POST, gift_…) are not merchandise: the category mix leaves them out
      const revenue = (polars.store.order_lines.join(polars.store.orders, { on: "order_id" }).filter(pl.col("status").eq(pl.lit("completed")))
        .filter(pl.col("product_id").isIn(["POST", "gift_0001_10"]).not()).getColumn("revenue").sum() as number);
      expect(a.categories.getColumn("revenue").get(0)).toBeCloseTo(revenue, 6);
    });
  }
});

describe("engine options and errors", () => {
  it("parses names, limits and the environment", () => {
    expect(parseEngineName("duckdb")).toBe("duckdb");
    expect(() => parseEngineName("sqlite")).toThrow(/unknown engine "sqlite" \(expected one of: polars, duckdb, spark\)/);
    expect(parseMemoryLimit("512MB")).toBe("512MB");
    expect(() => parseMemoryLimit("lots")).toThrow(InputError);
    expect(engineFromEnv({ CASESTUDY_ENGINE: "spark", CASESTUDY_SPARK_MASTER: "spark://h:7077" })).toEqual({ engine: "spark", sparkMaster: "spark://h:7077" });
    expect(engineFromEnv({})).toEqual({});
  });
  it("flags win over the environment, which the notebooks and the build read", () => {
    const env = { CASESTUDY_DATASET: "online-retail", CASESTUDY_ENGINE: "duckdb", CASESTUDY_MEMORY_LIMIT: "1GB" };
    expect(datasetFromEnv(env)).toMatchObject({ dataset: "online-retail", engine: "duckdb", memoryLimit: "1GB" });
    expect(datasetSpecFrom({ engine: "spark", sparkMaster: "yarn" }, env)).toMatchObject({ engine: "spark", memoryLimit: "1GB", sparkMaster: "yarn" });
    expect(datasetSpecFrom({}, {})).not.toHaveProperty("engine");
    expect(() => datasetSpecFrom({ memoryLimit: "2 gallons" }, {})).toThrow(/--memory-limit must be a size like 512MB or 4GB, got "2 gallons"/);
    expect(() => datasetFromEnv({ CASESTUDY_ENGINE: "excel" })).toThrow(/unknown engine "excel"/);
  });
  it("bad input through DuckDB is one InputError line naming the file", async () => {
    const bad = path.join(dir, "broken.parquet");
    fs.writeFileSync(bad, "this is not parquet\n");
    const load = (input: string, dataset: DatasetSpec["dataset"] = "online-retail") => loadStore({ dataset, input, engine: "duckdb" });
    await expect(load(bad)).rejects.toThrow(InputError);
    await expect(load(bad)).rejects.toThrow(/^.*broken\.parquet: could not be read as Parquet \([^\n]*\)$/);
    const xlsx = path.join(dir, "lines.xlsx");
    fs.writeFileSync(xlsx, "PK");
    await expect(load(xlsx)).rejects.toThrow(/lines\.xlsx: the duckdb and spark engines read Parquet files, CSV files \(\.csv, \.csv\.gz\) and DuckDB database files \(\.duckdb, \.db\); use --engine polars for other formats$/);
    const csv = path.join(dir, "lines.csv");
    fs.writeFileSync(csv, "InvoiceNo,StockCode\n1,2\n");
    const csvError = await loadStore({ dataset: "online-retail", input: csv }).catch((e: Error) => e.message);
    await expect(load(csv)).rejects.toThrow(csvError as string);
    await expect(load(path.join(dir, "nothing-*.csv"))).rejects.toThrow(/nothing-\*\.csv: no file matches this pattern$/);
    const noCol = path.join(dir, "nocol.parquet");
    pl.DataFrame({ InvoiceNo: ["1"], StockCode: ["2"] }).writeParquet(noCol);
    const polarsError = await loadStore({ dataset: "online-retail", input: noCol }).catch((e: Error) => e.message);
    await expect(load(noCol)).rejects.toThrow(polarsError as string);
    await expect(load(path.join(dir, "absent.parquet"))).rejects.toThrow(/absent\.parquet: file not found/);
    await expect(loadStore({ dataset: "synthetic", engine: "duckdb" })).rejects.toThrow(/the duckdb engine runs the line-level stage of UCI Online Retail files/);
  });
});

describe("the spark engine's set-up errors", () => {
  it("a checkout without the runner or the Python environment is one InputError line saying what to do", async () => {
    const { sparkRunner } = await import("../../src/data/engines/spark.js");
    const { loadUciWithSql } = await import("../../src/data/engines/sql-store.js");
    const file = path.join(dir, "uci-typed.parquet");
    uciFrame(false).writeParquet(file);
    const empty = fs.mkdtempSync(path.join(dir, "checkout-"));
    await expect(loadUciWithSql(file, sparkRunner({ root: empty }))).rejects.toThrow(/^the spark engine needs its runner scripts\/engines\/spark_run\.py, which this checkout lacks$/);
    fs.mkdirSync(path.join(empty, "scripts", "engines"), { recursive: true });
    fs.writeFileSync(path.join(empty, "scripts", "engines", "spark_run.py"), "");
    await expect(loadUciWithSql(file, sparkRunner({ root: empty }))).rejects.toThrow(/needs the project's Python environment: run 'npm run setup', then 'bash scripts\/setup-spark.sh'/);
  });
});

describe("the analysis cache and the engines", () => {
  it("a glob input (files this process does not hash) is analysed, never cached; a file input is cached per engine", async () => {
    const { writeUciParquet } = await import("../../src/data/uci-generator.js");
    const { cachedAnalysis, analysisCacheKey } = await import("../../src/pipeline/cache.js");
    const sub = fs.mkdtempSync(path.join(dir, "glob-"));
    await writeUciParquet(path.join(sub, "part-1.parquet"), { rows: 3000, seed: 7, memoryLimit: "256MB" });
    const cacheDir = path.join(dir, "cache");
    const spec: DatasetSpec = { dataset: "online-retail", input: path.join(sub, "*.parquet"), engine: "duckdb" };
    const result = await cachedAnalysis(spec, { stability: false }, undefined, { enabled: true, dir: cacheDir });
    expect(result.customers.height).toBeGreaterThan(3);
    expect(fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir) : []).toEqual([]);
    const file: DatasetSpec = { dataset: "online-retail", input: path.join(sub, "part-1.parquet") };
    expect(analysisCacheKey({ ...file, engine: "duckdb" })).not.toBe(analysisCacheKey(file));
  }, 120_000);
});
