/**
 * The Spark engine: the SQL plan (sql.ts, Spark dialect) runs on Apache Spark through the project's PySpark
 * (`scripts/engines/spark_run.py`, installed by `bash scripts/setup-spark.sh`), in local mode by default or
 * on a cluster (`--spark-master spark://host:7077`, `yarn`; the input paths must then be readable by the
 * executors under the same names). The runner writes each output as one Parquet file, read back by
 * sql-store.ts. Missing Java or PySpark is one `error:` line saying what to install.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pl, { type DataType } from "nodejs-polars";
import { InputError } from "../../util/errors.js";
import { projectRoot } from "../../paths.js";
import type { StageListener } from "../../util/progress.js";
import { SPARK, type SqlPlan } from "./sql.js";
import { isUri, type SqlEngineRunner } from "./sql-store.js";
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

/** A runner of SQL plans on Spark (see `SqlEngineRunner`). */
export function sparkRunner(options: SparkRunnerOptions = {}): SqlEngineRunner {
  const root = options.root ?? projectRoot();
  const python = path.join(root, ".venv", "bin", "python");
  const script = path.join(root, "scripts", "engines", "spark_run.py");
  const driverMemory = options.driverMemory?.replace(/i?B$/i, "").toLowerCase();
  return {
    dialect: SPARK,
    async describe(paths) {
      // the schema from the Parquet footer (polars reads only the metadata); a URI only Spark can read
      let file = paths[0];
      let tmp: string | undefined;
      if (isUri(file)) {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "casestudy-spark-schema-"));
        await runSpark(paths, { steps: [], outputs: [{ name: "schema", sql: "SELECT * FROM raw_source LIMIT 0" }] }, tmp, false);
        file = path.join(tmp, "schema.parquet");
      }
      try {
        const schema = pl.scanParquet(file).head(0).collectSync().schema;
        return Object.entries(schema).map(([name, dtype]) => ({ name, type: typeName(dtype as DataType) }));
      } finally {
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
      }
    },
    async run(paths: string[], plan: SqlPlan, dir: string, _stages?: StageListener) {
      await runSpark(paths, plan, dir, true);
    },
    close() {},
  };

  async function runSpark(paths: string[], plan: SqlPlan, dir: string, records: boolean): Promise<void> {
    if (!fs.existsSync(script)) throw new InputError(`the spark engine needs its runner ${path.relative(root, script)}, which this checkout lacks`);
    if (!fs.existsSync(python)) throw new InputError("the spark engine needs the project's Python environment: run 'npm run setup', then 'bash scripts/setup-spark.sh'");
    // `raw` gets a record number in file order (monotonically increasing ids follow the files' order)
    const queries = {
      sources: [{ view: "raw_source", paths: paths.map((p) => (isUri(p) ? p : path.resolve(p))), format: "parquet" }],
      steps: [...(records ? [{ name: "raw", sql: "SELECT *, monotonically_increasing_id() AS __record FROM raw_source" }] : []), ...plan.steps],
      outputs: plan.outputs,
    };
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
