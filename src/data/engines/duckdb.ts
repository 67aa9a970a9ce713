/**
 * The DuckDB engine: the SQL plan (sql.ts) runs in an embedded DuckDB (`@duckdb/node-api`) over Parquet
 * files, streaming and spilling to disk within `memoryLimit`; the outputs are written as Parquet and read back
 * by sql-store.ts. Steps marked `materialize` become temporary tables, the others views.
 */
import path from "node:path";
import type { StageListener } from "../../util/progress.js";
import { openDuckDb, sqlString, type DuckDbSession } from "./duckdb-session.js";
import { DUCKDB, type SqlPlan } from "./sql.js";
import type { SqlEngineRunner } from "./sql-store.js";

/** Options of {@link duckDbRunner}. */
export interface DuckDbRunnerOptions {
  /** DuckDB `memory_limit` (`2GB`). Default: DuckDB's (80% of RAM). */
  memoryLimit?: string;
  /** Folder DuckDB spills to. Default: the system's temporary folder. */
  tempDirectory?: string;
}

const source = (paths: string[]) => `read_parquet([${paths.map(sqlString).join(", ")}], file_row_number = true, filename = true)`;

/** A runner of SQL plans in DuckDB (see `SqlEngineRunner`). */
export async function duckDbRunner(options: DuckDbRunnerOptions = {}): Promise<SqlEngineRunner> {
  let db: DuckDbSession | undefined;
  const session = async () => (db ??= await openDuckDb({ memoryLimit: options.memoryLimit, tempDirectory: options.tempDirectory }));
  return {
    dialect: DUCKDB,
    async describe(paths) {
      const s = await session();
      const rows = await s.rows(`DESCRIBE SELECT * EXCLUDE (file_row_number, filename) FROM ${source(paths)}`);
      return rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
    },
    async run(paths: string[], plan: SqlPlan, dir: string, stages?: StageListener) {
      const s = await session();
      // records: the row number in the file (files of a glob in name order, each after the previous one's rows)
      const files = (await s.rows(`SELECT DISTINCT filename FROM ${source(paths)} ORDER BY filename`)).map((r) => String(r.filename));
      let record = "file_row_number";
      if (files.length > 1) {
        const offsets = await s.rows(`SELECT filename, COUNT(*) AS n FROM ${source(paths)} GROUP BY filename ORDER BY filename`);
        let at = 0n;
        const cases = offsets.map((r) => {
          const c = `WHEN ${sqlString(String(r.filename))} THEN ${at}`;
          at += BigInt(r.n as bigint);
          return c;
        });
        record = `file_row_number + CASE filename ${cases.join(" ")} END`;
      }
      await s.run(`CREATE OR REPLACE VIEW raw AS SELECT * EXCLUDE (file_row_number, filename), ${record} AS __record FROM ${source(paths)}`);
      for (const st of plan.steps) {
        if (st.materialize) stages?.update?.(`duckdb: ${st.name}`);
        await s.run(st.materialize ? `CREATE OR REPLACE TEMP TABLE ${st.name} AS ${st.sql}` : `CREATE OR REPLACE VIEW ${st.name} AS ${st.sql}`);
      }
      for (const out of plan.outputs) {
        stages?.update?.(`duckdb: ${out.name}`);
        await s.run(`COPY (${out.sql}) TO ${sqlString(path.join(dir, `${out.name}.parquet`))} (FORMAT parquet)`);
      }
    },
    close() {
      db?.close();
      db = undefined;
    },
  };
}
