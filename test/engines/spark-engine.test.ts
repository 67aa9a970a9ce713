/**
 * `--engine spark` (the SQL plan of src/data/engines/sql.ts run by scripts/engines/spark_run.py in local mode)
 * gives the polars engine's store on the UCI file: the same cleaning log, orders, products, customers and line
 * facts, which are everything the rest of the analysis reads (test/engines/uci-engines.test.ts shows the
 * exports then agree byte for byte, as they do for DuckDB). Skips, saying why, without Java 17, the project's
 * PySpark (bash scripts/setup-spark.sh) or ../shared/data.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
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
