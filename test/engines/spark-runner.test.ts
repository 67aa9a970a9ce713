/**
 * scripts/engines/spark_run.py, the Spark side of `--engine spark`, on small inputs made here: two CSV files (a
 * list of paths, ';'-delimited, a quoted field holding the delimiter and doubled quotes) and two Parquet files (a
 * glob), a cached step and a lazy one, three outputs. Checked: each output is one Parquet file whose rows are in the
 * ORDER BY of its SQL, exact DECIMAL and BIGINT sums (beyond 2^53), timestamps as written (no time-zone shift, also
 * inside a DST gap; naive also where Spark returns a zoned one), "double-quoted" identifiers, an empty output with its schema, _done.json's counts, a quiet stderr; and the one-line errors
 * (exit 2) for a missing input file and a bad SQL output, which leave no _done.json and no new Parquet file.
 * Needs PySpark in .venv and Java 17 (bash scripts/setup-spark.sh); skips saying so without them. Two Spark starts
 * (about 15 s each on an idle machine, up to a minute on a loaded one).
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pl from "nodejs-polars";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectPaths } from "../../src/paths.js";

const root = projectPaths().root;
const python = path.join(root, ".venv", "bin", "python");
const runner = path.join(root, "scripts", "engines", "spark_run.py");

function unavailable(): string {
  if (!fs.existsSync(python)) return ".venv not present (run: bash scripts/setup-spark.sh)";
  const r = spawnSync(python, ["-c", "import pyspark, pyarrow.parquet"], { encoding: "utf8" });
  if (r.status !== 0) return "PySpark not installed in .venv (run: bash scripts/setup-spark.sh)";
  const home = process.env.JAVA_HOME;
  const j = spawnSync(home ? path.join(home, "bin", "java") : "java", ["-version"], { encoding: "utf8" });
  if (j.status !== 0) return "no Java (apt-get install openjdk-17-jre-headless)";
  return "";
}
const skip = unavailable();
if (skip) console.warn(`skipped: the Spark runner tests (${skip})`);

interface Run { status: number | null; stdout: string; stderr: string; seconds: number }
/** Runs the runner as a child process, asynchronously: a Spark run can take a minute on a loaded machine, and a
 * synchronous spawn would block the test worker's event loop long enough for vitest's own RPC to time out. */
function runSpark(queries: object, dir: string, out: string): Promise<Run> {
  const q = path.join(dir, `q-${path.basename(out)}.json`);
  fs.writeFileSync(q, JSON.stringify(queries));
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(python, [runner, "--queries", q, "--out", out, "--master", "local[2]", "--driver-memory", "1g"]);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr, seconds: (performance.now() - t) / 1000 }));
  });
}

/** A Parquet file's schema and rows, every value as text (exact for int64 and decimal), read with pyarrow. */
function dump(file: string): { schema: Record<string, string>; rows: Record<string, string | null>[] } {
  const code = `
import json, sys, pyarrow.parquet as pq
t = pq.read_table(sys.argv[1])
rows = [{k: (None if v is None else (v.isoformat(sep=" ") if hasattr(v, "isoformat") else str(v))) for k, v in r.items()} for r in t.to_pylist()]
print(json.dumps({"schema": {f.name: str(f.type) for f in t.schema}, "rows": rows}))`;
  const r = spawnSync(python, ["-c", code, file], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

const csvA = [
  "invoice;stock;description;qty;price;ts;customer",
  '536365;85123A;"WHITE HANGING ""HEART""; T-LIGHT";6;2.55;2010-12-01 08:26:00;17850',
  "536365;71053;WHITE LANTERN;6;3.39;2010-12-01 08:26:00;17850",
  "536366;22633;HAND WARMER;6;1.85;2010-12-01 08:28:00;",
].join("\n");
const csvB = [
  "invoice;stock;description;qty;price;ts;customer",
  "C536379;D;Discount;-1;27.50;2010-12-01 09:41:00;14527",
  "536367;84879;BIRD;32;1.69;2011-03-27 01:30:00;13047",
  "536367;22745;FRAME;3;0.0001;2011-03-27 01:30:00;13047",
].join("\n");

// Parquet inputs with explicit types: amounts near 2^62 (their sums are exact only as BIGINT), naive timestamps.
const makeParquet = `
import sys, datetime as dt, pyarrow as pa, pyarrow.parquet as pq
big = 4_000_000_000_000_000_001
schema = pa.schema([("customer", pa.int64()), ("amount_u", pa.int64()), ("ts", pa.timestamp("us"))])
pq.write_table(pa.table({"customer": [7, 3], "amount_u": [big, 5], "ts": [dt.datetime(2011, 3, 27, 1, 30), dt.datetime(2010, 12, 1, 8, 26, 0, 123456)]}, schema=schema), sys.argv[1] + "/part-1.parquet")
pq.write_table(pa.table({"customer": [7, 3, 3], "amount_u": [big + 2, -1, 9_007_199_254_740_993], "ts": [dt.datetime(2011, 10, 30, 1, 59, 59), dt.datetime(2011, 1, 1), dt.datetime(2011, 12, 9, 12, 50)]}, schema=schema), sys.argv[1] + "/part-2.parquet")
`;

describe.skipIf(!!skip)("spark_run.py on small CSV and Parquet inputs", () => {
  let dir: string;
  let out: string;
  let ok: Run;
  const queries = () => ({
    sources: [
      { view: "raw", format: "csv", paths: [path.join(dir, "a.csv"), path.join(dir, "b.csv")], csv: { header: true, delimiter: ";" } },
      { view: "amounts", format: "parquet", paths: [path.join(dir, "parts", "part-*.parquet")] },
    ],
    steps: [
      {
        name: "staged",
        materialize: true,
        sql: `SELECT invoice, description, CAST(qty AS BIGINT) AS qty, CAST(price AS DECIMAL(18,4)) AS price,
                CAST(ts AS TIMESTAMP) AS ts, CAST(customer AS BIGINT) AS customer FROM raw`,
      },
      { name: "priced", sql: "SELECT *, qty * price AS line_total FROM staged WHERE customer IS NOT NULL" },
    ],
    outputs: [
      {
        name: "orders",
        // "double quotes" quote identifiers (as in DuckDB), 'single quotes' strings.
        sql: `SELECT "invoice", COUNT(*) AS lines, SUM(line_total) AS total, MIN(ts) AS ts, MIN(description) AS description
              FROM priced WHERE invoice <> 'none' GROUP BY "invoice" ORDER BY "invoice" DESC`,
      },
      {
        name: "customers",
        sql: `SELECT customer, SUM(amount_u) AS amount_u, COUNT(*) AS n, MIN(ts) AS first, MAX(ts) AS last,
                date_trunc('month', MIN(ts)) AS first_month FROM amounts GROUP BY customer ORDER BY customer`,
      },
      { name: "none", sql: "SELECT invoice, qty FROM staged WHERE qty > 1000 ORDER BY invoice" },
    ],
  });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "spark-runner-"));
    fs.writeFileSync(path.join(dir, "a.csv"), csvA);
    fs.writeFileSync(path.join(dir, "b.csv"), csvB);
    fs.mkdirSync(path.join(dir, "parts"));
    const r = spawnSync(python, ["-c", makeParquet, path.join(dir, "parts")], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(r.stderr);
    out = path.join(dir, "out");
    ok = await runSpark(queries(), dir, out);
    console.info(`spark_run.py on the small inputs: ${ok.seconds.toFixed(1)} s (local[2])`);
  }, 300_000);

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("exits 0 with nothing on stdout or stderr, leaving one Parquet file per output and _done.json", () => {
    expect(ok.stderr).toBe("");
    expect(ok.stdout).toBe("");
    expect(ok.status).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(["_done.json", "customers.parquet", "none.parquet", "orders.parquet"]);
  });

  it("writes the rows in the ORDER BY of the output, with exact DECIMAL sums and timestamps as written", () => {
    const t = dump(path.join(out, "orders.parquet"));
    expect(t.schema).toEqual({ invoice: "string", lines: "int64", total: "decimal128(38, 4)", ts: "timestamp[us]", description: "string" });
    // 536366 has no customer (dropped by the lazy step); totals by hand: 6·2.55 + 6·3.39 = 35.64; 32·1.69 + 3·0.0001.
    expect(t.rows).toEqual([
      { invoice: "C536379", lines: "1", total: "-27.5000", ts: "2010-12-01 09:41:00", description: "Discount" },
      { invoice: "536367", lines: "2", total: "54.0803", ts: "2011-03-27 01:30:00", description: "BIRD" },
      { invoice: "536365", lines: "2", total: "35.6400", ts: "2010-12-01 08:26:00", description: "WHITE HANGING \"HEART\"; T-LIGHT" },
    ]);
  });

  it("sums BIGINT exactly beyond 2^53 and keeps microseconds, from a glob of Parquet files", () => {
    const t = dump(path.join(out, "customers.parquet"));
    // date_trunc returns Spark's zoned TIMESTAMP_LTZ: written as the same naive UTC wall-clock time as the others.
    expect(t.schema).toEqual({ customer: "int64", amount_u: "int64", n: "int64", first: "timestamp[us]", last: "timestamp[us]", first_month: "timestamp[us]" });
    const big = 4_000_000_000_000_000_001n;
    expect(t.rows).toEqual([
      { customer: "3", amount_u: String(5n - 1n + 9_007_199_254_740_993n), n: "3", first: "2010-12-01 08:26:00.123456", last: "2011-12-09 12:50:00", first_month: "2010-12-01 00:00:00" },
      { customer: "7", amount_u: String(big + big + 2n), n: "2", first: "2011-03-27 01:30:00", last: "2011-10-30 01:59:59", first_month: "2011-03-01 00:00:00" },
    ]);
  });

  it("writes an empty output with its schema", () => {
    const t = dump(path.join(out, "none.parquet"));
    expect(t.rows).toEqual([]);
    expect(t.schema).toEqual({ invoice: "string", qty: "int64" });
  });

  it("the files read back in nodejs-polars (the TypeScript side's reader)", () => {
    const df = pl.readParquet(path.join(out, "orders.parquet"));
    expect(df.columns).toEqual(["invoice", "lines", "total", "ts", "description"]);
    expect(df.getColumn("invoice").toArray()).toEqual(["C536379", "536367", "536365"]);
    expect(String(df.getColumn("ts").dtype)).toContain("Datetime(us"); // naive (no time zone), microseconds
    const ts = df.getColumn("ts").toArray() as unknown as Date[];
    expect(ts.map((d) => d.getTime())).toEqual([Date.UTC(2010, 11, 1, 9, 41), Date.UTC(2011, 2, 27, 1, 30), Date.UTC(2010, 11, 1, 8, 26)]);
  });

  it("reports row counts and seconds in _done.json (a lazy step's rows are unknown: null)", () => {
    const done = JSON.parse(fs.readFileSync(path.join(out, "_done.json"), "utf8"));
    expect(done.engine).toBe("spark");
    expect(done.spark_version).toMatch(/^3\.5\./);
    expect(done.master).toBe("local[2]");
    expect(done.steps.staged).toMatchObject({ rows: 6, materialized: true });
    expect(done.steps.priced).toMatchObject({ rows: null, materialized: false });
    expect(Object.keys(done.outputs)).toEqual(["orders", "customers", "none"]);
    expect([done.outputs.orders.rows, done.outputs.customers.rows, done.outputs.none.rows]).toEqual([3, 2, 0]);
    expect(done.outputs.orders.file).toBe("orders.parquet");
    for (const s of [...Object.values(done.sources), ...Object.values(done.steps), ...Object.values(done.outputs)]) {
      expect((s as { seconds: number }).seconds).toBeGreaterThanOrEqual(0);
    }
    expect(done.total_seconds).toBeGreaterThan(done.startup_seconds);
  });

  it("a missing input file: one error line naming it, exit 2, before Spark starts", async () => {
    const q = queries();
    q.sources[0].paths = [path.join(dir, "a.csv"), path.join(dir, "missing.csv")];
    const o = path.join(dir, "out-missing");
    const r = await runSpark(q, dir, o);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`error: input file not found: ${path.join(dir, "missing.csv")} (source 'raw')\n`);
    expect(fs.existsSync(o)).toBe(false);
    const g = queries();
    g.sources[1].paths = [path.join(dir, "parts", "nothing-*.parquet")];
    expect((await runSpark(g, dir, o)).stderr).toMatch(/^error: input file not found: no file matches .*nothing-\*\.parquet \(source 'amounts'\)\n$/);
  });

  it("a bad SQL output: one error line naming it, exit 2; the earlier outputs are not left behind", async () => {
    // Only what the failure needs (a good output first, then the broken one), to keep this second Spark start short.
    const q = {
      sources: [queries().sources[1]],
      outputs: [
        { name: "customers", sql: "SELECT DISTINCT customer FROM amounts ORDER BY customer" },
        { name: "broken", sql: "SELECT customer, no_such_column FROM amounts" },
      ],
    };
    const o = path.join(dir, "out-bad");
    fs.mkdirSync(o);
    fs.writeFileSync(path.join(o, "_done.json"), "{}"); // a previous run's marker must not survive a failed run
    const r = await runSpark(q, dir, o);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: output 'broken': .*no_such_column.*\n$/);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(fs.readdirSync(o)).toEqual([]);
  });
});
