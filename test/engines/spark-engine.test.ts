/**
 * `--engine spark` (the SQL plan of src/data/engines/sql.ts run by scripts/engines/spark_run.py in local mode)
 * gives the polars engine's store on the UCI file: the same cleaning log, orders, products, customers and line
 * facts, which are everything the rest of the analysis reads (test/engines/uci-engines.test.ts shows the
 * exports then agree byte for byte, as they do for DuckDB); and on a glob of CSV parts with ragged, blank and
 * unparseable lines, the duckdb engine's log (examples naming the part and its line) and tables. Skips, saying
 * why, without Java 17, the project's PySpark (bash scripts/setup-spark.sh) or ../shared/data.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultInput, lineFacts, loadStore } from "../../src/data/index.js";
import { projectRoot } from "../../src/paths.js";

const uci = defaultInput("online-retail");
const python = path.join(projectRoot(), ".venv", "bin", "python");
const hasData = !!uci && fs.existsSync(uci);
const hasJava = spawnSync("java", ["-version"]).status === 0;
const hasPyspark = fs.existsSync(python) && spawnSync(python, ["-c", "import pyspark"]).status === 0;
const ready = hasData && hasJava && hasPyspark;
if (!ready) {
  const why = [!hasData && "../shared/data/uci-online-retail", !hasJava && "Java 17", !hasPyspark && "PySpark in .venv (bash scripts/setup-spark.sh)"].filter(Boolean);
  console.warn(`skipped: the spark engine on the UCI file (needs ${why.join(", ")})`);
}

describe.skipIf(!ready)("the spark engine gives the polars engine's store on the UCI file", () => {
  it("same log, orders, products, customers and line facts", async () => {
    const spec = { dataset: "online-retail" as const, input: uci! };
    const spark = await loadStore({ ...spec, engine: "spark", memoryLimit: "2GB" });
    const polars = await loadStore(spec);
    expect(spark.log).toEqual(polars.log);
    for (const t of ["orders", "products", "customers"] as const) {
      expect(spark.store[t]!.schema, t).toEqual(polars.store[t]!.schema);
      expect(spark.store[t]!.frameEqual(polars.store[t]!, true), t).toBe(true);
    }
    expect(spark.store.order_lines.height).toBe(0);
    const a = lineFacts(spark.store);
    const b = lineFacts(polars.store);
    expect(a.lines).toBe(b.lines);
    for (const k of ["orders", "products", "customers", "customerCategories", "categories"] as const) expect(a[k].frameEqual(b[k], true), k).toBe(true);
  }, 1_200_000);
});

describe.skipIf(!hasJava || !hasPyspark)("the spark engine reads CSV parts as the duckdb engine does", () => {
  it("same log (ragged, blank and unparseable lines, per part) and tables", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spark-csv-"));
    try {
      const header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";
      fs.writeFileSync(
        path.join(dir, "part-1.csv"),
        [header, "536365,85123A,WHITE HEART,6,12/1/2010 8:26,2.55,17850.0,United Kingdom", '536365,71053,"WHITE\nLANTERN",6,12/1/2010 8:26,3.39,17850.0,', "", "536366,22633,HAND WARMER,6"].join("\n") + "\n",
      );
      fs.writeFileSync(
        path.join(dir, "part-2.csv"),
        [header, "536367,84879,BIRD ORNAMENT,32,12/1/2010 8:34,1.69,13047.0,France,x", "536368,22960,JAM SET,six,12/1/2010 8:34,4.25,13047.0,France", "536369,22960,JAM SET,2,12/2/2010 8:34,4.25,13047.0,France"].join("\n"),
      );
      const spec = { dataset: "online-retail" as const, input: path.join(dir, "part-*.csv") };
      const spark = await loadStore({ ...spec, engine: "spark" });
      const duckdb = await loadStore({ ...spec, engine: "duckdb" });
      expect(spark.log).toEqual(duckdb.log);
      expect(spark.log.tables.order_lines!.examples).toEqual({
        ragged_line: [`${dir}/part-1.csv:5`, `${dir}/part-1.csv:6`, `${dir}/part-2.csv:2`],
        unparseable_value: [`${dir}/part-2.csv:3`],
      });
      for (const t of ["orders", "products", "customers"] as const) expect(spark.store[t]!.frameEqual(duckdb.store[t]!, true), t).toBe(true);
      // the same parts as Parquet (text columns): Spark's row index numbers each file's rows
      const pl = (await import("nodejs-polars")).default;
      for (const part of ["part-1", "part-2"]) {
        pl.readCSV(path.join(dir, `${part}.csv`), { inferSchemaLength: 0, truncateRaggedLines: true }).writeParquet(path.join(dir, `${part}.parquet`));
      }
      const pq = { dataset: "online-retail" as const, input: path.join(dir, "part-*.parquet") };
      const sparkPq = await loadStore({ ...pq, engine: "spark" });
      const duckdbPq = await loadStore({ ...pq, engine: "duckdb" });
      expect(sparkPq.log).toEqual(duckdbPq.log);
      expect(sparkPq.log.tables.order_lines!.examples!.unparseable_value).toEqual([`${dir}/part-2.parquet:2`]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
