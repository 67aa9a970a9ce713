/**
 * The DuckDB engine: the SQL plan (sql.ts) runs in an embedded DuckDB (`@duckdb/node-api`) over Parquet files,
 * CSV files or a table of a DuckDB database file (sql-source.ts), streaming and spilling to disk within
 * `memoryLimit`; the outputs are written as Parquet and read back by sql-store.ts. Steps marked `materialize`
 * become temporary tables, the others views.
 *
 * CSV files are read as the polars reader reads them (csv-source.ts): every column as text (the plan's parsers
 * type them), RFC 4180 quotes with lenient stray quotes, the header's own field count: a shorter line is padded
 * (padding is NULL while an empty field is '', so a short line is told from an empty last field), a longer one
 * keeps one extra field in `__extra`; either is `__ragged`. DuckDB skips blank lines, which polars reads as
 * ragged records: they are put back from the facts csv-facts.ts found, and the rows after them renumbered.
 */
import path from "node:path";
import type { StageListener } from "../../util/progress.js";
import { InputError } from "../../util/errors.js";
import type { CsvFileFacts } from "../csv-facts.js";
import { UCI_COLUMNS } from "../online-retail.js";
import { openDuckDb, sqlIdent, sqlString, type DuckDbSession } from "./duckdb-session.js";
import { DUCKDB, type SqlPlan } from "./sql.js";
import type { SqlEngineRunner } from "./sql-store.js";
import { FILE_STRIDE, type SqlSource } from "./sql-source.js";

/** Options of {@link duckDbRunner}. */
export interface DuckDbRunnerOptions {
  /** DuckDB `memory_limit` (`2GB`). Default: DuckDB's (80% of RAM). */
  memoryLimit?: string;
  /** Folder DuckDB spills to. Default: the system's temporary folder. */
  tempDirectory?: string;
}

/** Blank lines a CSV file may have for the SQL engines (each is one more branch in the renumbering). */
export const MAX_BLANK_LINES = 1000;

const parquet = (paths: string[]) => `read_parquet([${paths.map(sqlString).join(", ")}], file_row_number = true, filename = true)`;
/** Never in a file: DuckDB's NULL text, so that only padding is NULL (an empty field is ''). */
const NEVER = "\u0001\u0002casestudy-null\u0002\u0001";

/**
 * The polars record number of the `rn`-th (0-based) non-blank record of a file whose blank records are
 * `blanks` (sorted): rn plus the blanks before it, as SQL.
 */
export function blankShiftSql(rn: string, blanks: readonly number[]): string {
  if (!blanks.length) return rn;
  const cases = blanks.map((b, j) => `WHEN ${rn} >= ${b - j} THEN ${j + 1}`).reverse();
  return `(${rn} + CASE ${cases.join(" ")} ELSE 0 END)`;
}

/** One CSV file as rows of the `raw` view (see the module comment). */
function csvFileSql(f: CsvFileFacts, index: number, keys: string[]): string {
  if (f.blankRecords.length > MAX_BLANK_LINES) {
    throw new InputError(`${f.blankRecords.length} blank lines (the duckdb and spark engines take at most ${MAX_BLANK_LINES}); remove them or use --engine polars`, { file: f.shown });
  }
  const columns = [...f.header.map((_, i) => `'__c${i}': 'VARCHAR'`), `'__extra': 'VARCHAR'`].join(", ");
  const read =
    `read_csv(${sqlString(f.file)}, auto_detect = false, header = false, skip = 1, delim = ',', quote = '"', escape = '"', ` +
    `columns = {${columns}}, null_padding = true, nullstr = ${sqlString(NEVER)}, strict_mode = false, parallel = false, ` +
    `encoding = '${f.utf8 ? "utf-8" : "latin-1"}', compression = '${f.gzip ? "gzip" : "none"}')`;
  const byKey = new Map(Object.entries(f.rename).map(([name, key]) => [key, `__c${f.header.indexOf(name)}`]));
  const values = keys.map((k) => `${byKey.has(k) ? byKey.get(k) : "CAST(NULL AS VARCHAR)"} AS ${sqlIdent(k)}`);
  const base = `CAST(${index} AS BIGINT) * ${FILE_STRIDE}`;
  const rows =
    `SELECT ${values.join(", ")}, (__c${f.header.length - 1} IS NULL OR __extra IS NOT NULL) AS __ragged, ` +
    `${base} + ${blankShiftSql("__rn", f.blankRecords)} AS __record FROM (SELECT *, row_number() OVER () - 1 AS __rn FROM ${read})`;
  if (!f.blankRecords.length) return rows;
  const blanks = `SELECT ${keys.map((k) => `CAST(NULL AS VARCHAR) AS ${sqlIdent(k)}`).join(", ")}, TRUE AS __ragged, ${base} + b AS __record FROM (VALUES ${f.blankRecords.map((b) => `(${b})`).join(", ")}) t(b)`;
  return `${rows} UNION ALL ${blanks}`;
}

/** A runner of SQL plans in DuckDB (see `SqlEngineRunner`). */
export async function duckDbRunner(options: DuckDbRunnerOptions = {}): Promise<SqlEngineRunner> {
  let db: DuckDbSession | undefined;
  let attached: string | undefined;
  const session = async () => (db ??= await openDuckDb({ memoryLimit: options.memoryLimit, tempDirectory: options.tempDirectory }));
  /** The source's table in the attached database (`src`), as a qualified name. */
  const table = async (source: SqlSource): Promise<string> => {
    const s = await session();
    if (!attached) {
      await s.run(`ATTACH ${sqlString(source.paths[0])} AS src (READ_ONLY)`).catch((e: unknown) => {
        throw new InputError(`could not be opened as a DuckDB database (${(e instanceof Error ? e.message : String(e)).split("\n")[0]})`, { file: source.shown[0] });
      });
      const names = (await s.rows(`SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = 'src' ORDER BY ALL`)).map((r) => ({
        schema: String(r.schema_name),
        name: String(r.table_name),
      }));
      const listed = names.map((t) => t.name).join(", ");
      const hit = source.table ? names.filter((t) => t.name === source.table || `${t.schema}.${t.name}` === source.table) : names;
      if (source.table && hit.length !== 1) throw new InputError(`no table "${source.table}" in this database (its tables: ${listed || "none"})`, { file: source.shown[0] });
      if (!hit.length) throw new InputError("the database holds no table (expected one with the UCI Online Retail columns)", { file: source.shown[0] });
      if (hit.length > 1) throw new InputError(`the database holds ${hit.length} tables (${listed}): name the one with the lines as FILE#table`, { file: source.shown[0] });
      attached = `src.${sqlIdent(hit[0].schema)}.${sqlIdent(hit[0].name)}`;
    }
    return attached;
  };
  return {
    dialect: DUCKDB,
    async describe(source) {
      const s = await session();
      const from = source.format === "duckdb" ? await table(source) : parquet(source.paths);
      const rows = await s.rows(`DESCRIBE SELECT * ${source.format === "duckdb" ? "" : "EXCLUDE (file_row_number, filename)"} FROM ${from}`);
      return rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
    },
    async run(source: SqlSource, plan: SqlPlan, dir: string, stages?: StageListener) {
      const s = await session();
      let files = source.shown;
      let raw: string;
      if (source.format === "duckdb") {
        raw = `SELECT *, rowid AS __record FROM ${await table(source)}`;
      } else if (source.format === "csv") {
        const keys = UCI_COLUMNS.map((c) => c.key).filter((k) => source.csv!.some((f) => Object.values(f.rename).includes(k)));
        raw = source.csv!.map((f, i) => csvFileSql(f, i, keys)).join(" UNION ALL ");
      } else {
        // a pattern DuckDB expands itself: its files in name order
        const names = source.paths.length === 1 && /[*?[]|:\/\//.test(source.paths[0])
          ? (await s.rows(`SELECT DISTINCT filename FROM ${parquet(source.paths)} ORDER BY filename`)).map((r) => String(r.filename))
          : source.paths;
        if (names !== source.paths) files = names;
        const index = names.length === 1 ? "0" : `CASE filename ${names.map((f, i) => `WHEN ${sqlString(f)} THEN ${i}`).join(" ")} END`;
        raw = `SELECT * EXCLUDE (file_row_number, filename), CAST(${index} AS BIGINT) * ${FILE_STRIDE} + file_row_number AS __record FROM ${parquet(source.paths)}`;
      }
      await s.run(`CREATE OR REPLACE VIEW raw AS ${raw}`);
      for (const st of plan.steps) {
        if (st.materialize) stages?.update?.(`duckdb: ${st.name}`);
        await s.run(st.materialize ? `CREATE OR REPLACE TEMP TABLE ${st.name} AS ${st.sql}` : `CREATE OR REPLACE VIEW ${st.name} AS ${st.sql}`);
      }
      for (const out of plan.outputs) {
        stages?.update?.(`duckdb: ${out.name}`);
        await s.run(`COPY (${out.sql}) TO ${sqlString(path.join(dir, `${out.name}.parquet`))} (FORMAT parquet)`);
      }
      return files;
    },
    close() {
      db?.close();
      db = undefined;
    },
  };
}
