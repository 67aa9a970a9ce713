/**
 * What `--input` names for the SQL engines (DuckDB, Spark): UCI-schema Parquet or CSV files (`.csv`, `.csv.gz`)
 * — one file, a folder of them, or a glob whose wildcards are in the file name (`lines/part-*.csv`) — or a
 * DuckDB database file (`.duckdb`, `.db`) holding the lines in a table: its only table, or the one named after
 * `#` (`store.duckdb#order_lines`). A local glob or folder is expanded here, in name order, so that every file
 * has its own range of record numbers and the cleaning log names the file and the line within it. Each CSV
 * file is checked before an engine reads it (header, encoding, blank lines, quotes: csv-facts.ts). A URI
 * (`hdfs://…`, `s3a://…`) or a glob with wildcards in its folders is left to the engine (Parquet only).
 */
import fs from "node:fs";
import path from "node:path";
import { InputError } from "../../util/errors.js";
import { csvFileFacts, type CsvFileFacts } from "../csv-facts.js";
import { UCI_COLUMNS } from "../online-retail.js";

/** A source of UCI lines for a SQL engine (see the module comment). */
export interface SqlSource {
  format: "parquet" | "csv" | "duckdb";
  /** The files in name order (local files), or one pattern or URI that the engine expands itself. */
  paths: string[];
  /** The names of `paths` in messages and in the cleaning log (as the user gave them). */
  shown: string[];
  /** True when the input named several files (a glob or a folder): the log's examples then say `file:line`. */
  multiFile: boolean;
  /** csv: what each file's bytes hold, in the order of `paths`. */
  csv?: CsvFileFacts[];
  /** duckdb: the table named after `#`; undefined = the database's only table. */
  table?: string;
}

/**
 * Record numbers of the SQL engines: `file index × 2^40 + 0-based row within the file` (files in the order of
 * `SqlSource.paths`), so a record says which file and which row, and sorting by it reads the files in order.
 */
export const FILE_STRIDE = 2 ** 40;

const EXPECTED = "the UCI Online Retail header";
const READS = "the duckdb and spark engines read Parquet files, CSV files (.csv, .csv.gz) and DuckDB database files (.duckdb, .db)";

/** True for a URI (`hdfs://…`, `s3a://…`), which only the engine itself can read. */
export const isUri = (p: string) => /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(p);
const hasMagic = (p: string) => /[*?[]/.test(p);

type FileKind = "parquet" | "csv" | "duckdb" | undefined;
function kindOf(name: string): FileKind {
  const n = name.toLowerCase();
  if (n.endsWith(".parquet")) return "parquet";
  if (n.endsWith(".csv") || n.endsWith(".csv.gz")) return "csv";
  if (n.endsWith(".duckdb") || n.endsWith(".db")) return "duckdb";
  return undefined;
}

/** A glob's file-name part as a regular expression (`*`, `?`, `[…]`). */
function globRegex(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end < 0) re += "\\[";
      else {
        re += `[${pattern.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/** The one format of `files`, else one InputError line. */
function formatOf(files: string[], shown: string): "parquet" | "csv" {
  const kinds = new Set(files.map(kindOf));
  if (kinds.size === 1 && (kinds.has("parquet") || kinds.has("csv"))) return [...kinds][0] as "parquet" | "csv";
  const what = kinds.size > 1 ? "files of different formats" : "no Parquet or CSV file";
  throw new InputError(`${what}: ${READS}; a glob or a folder must hold Parquet files only or CSV files only`, { file: shown });
}

/**
 * The source named by `input` for `engine` (see the module comment); CSV files are checked here. Throws one
 * InputError line for a missing file, a glob that matches nothing, mixed formats, a format the engine does not
 * read, or a CSV file's first problem.
 */
export async function resolveSqlSource(input: string, shown: string, engine: "duckdb" | "spark"): Promise<SqlSource> {
  const db = /^(.*\.(?:duckdb|db))#(.+)$/i.exec(input);
  if (db || kindOf(input) === "duckdb") {
    const file = db ? db[1] : input;
    if (engine !== "duckdb") throw new InputError("the spark engine reads Parquet and CSV files; a DuckDB database file is read by --engine duckdb", { file: shown });
    if (!fs.existsSync(file)) throw new InputError("file not found", { file: db ? file : shown });
    return { format: "duckdb", paths: [file], shown: [db ? file : shown], multiFile: false, table: db?.[2] };
  }
  let files: string[];
  let multiFile = true;
  if (isUri(input) || (hasMagic(input) && hasMagic(path.dirname(input)))) {
    if (kindOf(input.replace(/\/+$/, "")) === "csv") {
      throw new InputError("CSV inputs must be local files (they are checked before the engine reads them); a URI or a glob with wildcards in its folders must name Parquet files", { file: shown });
    }
    return { format: "parquet", paths: [input], shown: [input], multiFile: true };
  } else if (hasMagic(input)) {
    const dir = path.dirname(input);
    const re = globRegex(path.basename(input));
    const names = fs.existsSync(dir) && fs.statSync(dir).isDirectory() ? fs.readdirSync(dir).filter((n) => re.test(n)) : [];
    files = names.sort().map((n) => path.join(dir, n)).filter((f) => fs.statSync(f).isFile());
    if (!files.length) throw new InputError("no file matches this pattern", { file: shown });
  } else if (!fs.existsSync(input)) {
    throw new InputError("file not found", { file: shown });
  } else if (fs.statSync(input).isDirectory()) {
    files = fs.readdirSync(input).filter((n) => kindOf(n) === "parquet" || kindOf(n) === "csv").sort().map((n) => path.join(input, n));
    if (!files.length) throw new InputError(`a folder without Parquet or CSV files (${READS})`, { file: shown });
  } else {
    if (kindOf(input) !== "parquet" && kindOf(input) !== "csv") throw new InputError(`${READS}; use --engine polars for other formats`, { file: shown });
    files = [input];
    multiFile = false;
  }
  const format = formatOf(files, shown);
  const names = multiFile ? files : [shown];
  if (format === "parquet") return { format, paths: files, shown: names, multiFile };
  const csv: CsvFileFacts[] = [];
  for (let i = 0; i < files.length; i++) csv.push(await csvFileFacts(files[i], UCI_COLUMNS, { shown: names[i], expected: EXPECTED }));
  return { format, paths: files, shown: names, multiFile, csv };
}
