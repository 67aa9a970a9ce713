/**
 * The Spark engine: the SQL plan (sql.ts, Spark dialect) runs on Apache Spark through the project's PySpark
 * (`scripts/engines/spark_run.py`, installed by `bash scripts/setup-spark.sh`), in local mode by default or
 * on a cluster (`--spark-master spark://host:7077`, `yarn`; the input paths must then be readable by the
 * executors under the same names). The runner writes each output as one Parquet file, read back by
 * sql-store.ts. Missing Java or PySpark is one `error:` line saying what to install.
 *
 * Sources: each file is its own view (Parquet, or CSV read as text with the header's field count: a line with
 * another count is a corrupt record there, i.e. `__ragged`; blank lines, which Spark skips, are put back from
 * csv-facts.ts). Record numbers are dense within each file (sql-source.ts `FILE_STRIDE`): a Parquet file's row
 * index from Spark's file metadata; for CSV (and a URI or pattern Spark expands itself, numbered across its files
 * in Spark's read order) `monotonically_increasing_id()` gives each row `partition << 33 | row within the
 * partition`, and a small table of each partition's first id and the rows before it turns that into the row.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pl, { type DataType } from "nodejs-polars";
import { InputError } from "../../util/errors.js";
import { projectRoot } from "../../paths.js";
import type { StageListener } from "../../util/progress.js";
import { UCI_COLUMNS } from "../online-retail.js";
import { SPARK, type SqlPlan } from "./sql.js";
import type { SqlEngineRunner } from "./sql-store.js";
import { FILE_STRIDE, isUri, type SqlSource } from "./sql-source.js";
import { blankShiftSql, MAX_BLANK_LINES } from "./duckdb.js";
import os from "node:os";

/** Options of {@link sparkRunner}. */
export interface SparkRunnerOptions {
  /** Spark master URL. Default `local[*]`. */
  master?: string;
  /** Driver memory (`4g`; DuckDB-style `4GB` is accepted). Default: the runner's (2g). */
  driverMemory?: string;
  /** Project root holding `.venv` and `scripts/engines/spark_run.py`. Default: this checkout. */
  root?: string;
}

/** polars dtype of a Parquet column → the SQL type class names sql-store.ts understands. */
function typeName(dtype: DataType): string {
  const s = String(dtype);
  if (/String|Utf8|Categorical/.test(s)) return "STRING";
  if (/Int/.test(s)) return "BIGINT";
  if (/Float|Decimal/.test(s)) return "DOUBLE";
  if (/Datetime|Date/.test(s)) return "TIMESTAMP";
  return s;
}

const q = (s: string) => `\`${s.replace(/`/g, "``")}\``;
const absolute = (p: string) => (isUri(p) ? p : path.resolve(p));

/** The runner's sources and the steps that make the view `raw` (see the module comment). */
export function sparkRawSteps(source: SqlSource): { sources: unknown[]; steps: SqlPlan["steps"] } {
  const sources: unknown[] = [];
  const parts: string[] = [];
  const keys = UCI_COLUMNS.map((c) => c.key).filter((k) => source.csv?.some((f) => Object.values(f.rename).includes(k)));
  let shift = "__local";
  const blankRows: string[] = [];
  // Parquet files named one by one: Spark's row index within each file is the record's row
  const perFile = source.format === "parquet" && !source.paths.some((p) => isUri(p) || /[*?[]/.test(p));
  if (perFile) {
    source.paths.forEach((p, i) => sources.push({ view: `raw_f${i}`, paths: [absolute(p)], format: "parquet", row_index: "__row" }));
    const sql = source.paths.map((_, i) => `SELECT *, CAST(${i} AS BIGINT) * ${FILE_STRIDE} + __row AS __record FROM raw_f${i}`).join(" UNION ALL ");
    return { sources, steps: [{ name: "raw", sql }] };
  }
  source.paths.forEach((p, i) => {
    const view = `raw_f${i}`;
    const f = source.csv?.[i];
    if (!f) {
      sources.push({ view, paths: [absolute(p)], format: "parquet" });
      parts.push(`SELECT *, ${i} AS __fidx, monotonically_increasing_id() AS __mid FROM ${view}`);
      return;
    }
    if (f.blankRecords.length > MAX_BLANK_LINES) {
      throw new InputError(`${f.blankRecords.length} blank lines (the duckdb and spark engines take at most ${MAX_BLANK_LINES}); remove them or use --engine polars`, { file: f.shown });
    }
    sources.push({
      view,
      paths: [absolute(p)],
      format: "csv",
      csv: { header: true, encoding: f.utf8 ? "UTF-8" : "ISO-8859-1", columns: f.header.map((_, j) => `__c${j}`), corrupt_column: "__corrupt", multi_line: true },
    });
    const byKey = new Map(Object.entries(f.rename).map(([name, key]) => [key, `__c${f.header.indexOf(name)}`]));
    const values = keys.map((k) => `${byKey.has(k) ? byKey.get(k) : "CAST(NULL AS STRING)"} AS ${q(k)}`);
    parts.push(`SELECT ${values.join(", ")}, __corrupt IS NOT NULL AS __ragged, ${i} AS __fidx, monotonically_increasing_id() AS __mid FROM ${view}`);
    if (f.blankRecords.length) {
      shift = `CASE r.__fidx ${source.paths.map((_, j) => (source.csv![j].blankRecords.length ? `WHEN ${j} THEN ${blankShiftSql("__local", source.csv![j].blankRecords)}` : "")).join(" ")} ELSE __local END`;
      blankRows.push(
        `SELECT ${keys.map((k) => `CAST(NULL AS STRING) AS ${q(k)}`).join(", ")}, TRUE AS __ragged, ${i} AS __fidx, CAST(NULL AS BIGINT) AS __mid, CAST(${i} AS BIGINT) * ${FILE_STRIDE} + b AS __record ` +
          `FROM VALUES ${f.blankRecords.map((b) => `(${b})`).join(", ")} AS t(b)`,
      );
    }
  });
  const local = "(o.__before + r.__mid - o.__min)";
  const steps: SqlPlan["steps"] = [
    { name: "raw_ids", sql: parts.join(" UNION ALL ") },
    {
      name: "raw_parts",
      materialize: true,
      sql:
        `SELECT __fidx, __part, __min, COALESCE(SUM(__n) OVER (PARTITION BY __fidx ORDER BY __part ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS __before ` +
        `FROM (SELECT __fidx, shiftright(__mid, 33) AS __part, MIN(__mid) AS __min, COUNT(*) AS __n FROM raw_ids GROUP BY 1, 2) p`,
    },
    {
      name: "raw",
      sql:
        `SELECT /*+ BROADCAST(o) */ r.*, CAST(r.__fidx AS BIGINT) * ${FILE_STRIDE} + ${shift.replace(/__local/g, local)} AS __record ` +
        `FROM raw_ids r JOIN raw_parts o ON r.__fidx = o.__fidx AND shiftright(r.__mid, 33) = o.__part` +
        (blankRows.length ? ` UNION ALL ${blankRows.join(" UNION ALL ")}` : ""),
    },
  ];
  return { sources, steps };
}

/** A runner of SQL plans on Spark (see `SqlEngineRunner`). */
export function sparkRunner(options: SparkRunnerOptions = {}): SqlEngineRunner {
  const root = options.root ?? projectRoot();
  const python = path.join(root, ".venv", "bin", "python");
  const script = path.join(root, "scripts", "engines", "spark_run.py");
  const driverMemory = options.driverMemory?.replace(/i?B$/i, "").toLowerCase();
  return {
    dialect: SPARK,
    async describe(source) {
      // the schema from the Parquet footer (polars reads only the metadata); a URI only Spark can read
      let file = source.paths[0];
      let tmp: string | undefined;
      if (isUri(file) || /[*?[]/.test(file)) {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "casestudy-spark-schema-"));
        const sources = [{ view: "raw_source", paths: [absolute(file)], format: "parquet" }];
        await runSpark({ sources, steps: [], outputs: [{ name: "schema", sql: "SELECT * FROM raw_source LIMIT 0" }] }, tmp);
        file = path.join(tmp, "schema.parquet");
      }
      try {
        const schema = pl.scanParquet(file).head(0).collectSync().schema;
        return Object.entries(schema).map(([name, dtype]) => ({ name, type: typeName(dtype as DataType) }));
      } finally {
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
      }
    },
    async run(source: SqlSource, plan: SqlPlan, dir: string, _stages?: StageListener) {
      const raw = sparkRawSteps(source);
      await runSpark({ sources: raw.sources, steps: [...raw.steps, ...plan.steps], outputs: plan.outputs }, dir);
      return source.shown;
    },
    close() {},
  };

  async function runSpark(queries: { sources: unknown[]; steps: SqlPlan["steps"]; outputs: SqlPlan["outputs"] }, dir: string): Promise<void> {
    if (!fs.existsSync(script)) throw new InputError(`the spark engine needs its runner ${path.relative(root, script)}, which this checkout lacks`);
    if (!fs.existsSync(python)) throw new InputError("the spark engine needs the project's Python environment: run 'npm run setup', then 'bash scripts/setup-spark.sh'");
    const q = path.join(dir, "queries.json");
    fs.writeFileSync(q, JSON.stringify(queries, null, 1));
    const args = [script, "--queries", q, "--out", dir, "--master", options.master ?? "local[*]"];
    if (driverMemory) args.push("--driver-memory", driverMemory);
    await new Promise<void>((resolve, reject) => {
      const child = spawn(python, args, { stdio: ["ignore", "ignore", "pipe"] });
      let err = "";
      child.stderr.on("data", (b: Buffer) => (err += b.toString("utf8")));
      child.on("error", (e) => reject(new InputError(`the spark engine could not start ${python}: ${e.message}`)));
      child.on("close", (code) => {
        if (code === 0) return resolve();
        const line = err.split("\n").find((l) => l.startsWith("error:")) ?? err.trim().split("\n").pop() ?? `exit status ${code}`;
        reject(new InputError(line.replace(/^error:\s*/, "")));
      });
    });
  }
}
