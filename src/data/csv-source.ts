/**
 * Reading one delimited text file into a frame of text columns, with the checks that turn bad input into
 * one-line `InputError`s (file as given, line, column, what was expected).
 *
 * - empty file, header only, binary data, gzip bytes under a `.csv` name, wrong delimiter, missing column;
 * - UTF-8 (with or without BOM) is read as is; text that is not valid UTF-8 is decoded as latin-1
 *   (Windows exports of the UCI data) into a temporary UTF-8 copy, streamed chunk by chunk;
 * - `.csv.gz` is decompressed by streaming into a temporary copy (the same checks then apply);
 * - columns are matched to their canonical names through known aliases, case, spaces and underscores ignored
 *   (`Customer ID`, `customer_id`, `CustomerID` are one column);
 * - a line whose number of fields differs from the header's (a cut-off last line, a blank line, an unquoted
 *   separator) is marked in `__ragged`, for the `ragged_line` cleaning rule;
 * - any error of the CSV reader itself (an unterminated quote, a stray quote) becomes one line naming the
 *   file, the source line and the column.
 *
 * Values are not parsed here (every column is text): see parse.ts. polars reads the file itself (lazily, all
 * cores, only the columns asked for); with `categorical` the text is dictionary-encoded as it is read (one copy
 * of each distinct value, parsed once per distinct value by parse.ts). JavaScript only looks at the bytes on
 * demand: to map records to source lines for the log's examples, to count the fields of lines whose last
 * field is empty, and to locate a reader error.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { isUtf8 } from "node:buffer";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import pl, { type DataType } from "nodejs-polars";
import { InputError } from "../util/errors.js";

/** One expected column of a source file. */
export interface CsvColumn {
  /** Name in the returned frame. */
  key: string;
  /** The column's name in the source's documentation, shown in messages. */
  header: string;
  /** Other accepted spellings (compared after lowercasing and removing spaces, `_`, `-` and `.`). */
  aliases?: string[];
  /** When false, a missing column becomes a column of nulls. Default true. */
  required?: boolean;
}

/** Options of {@link readCsvTable}. */
export interface ReadCsvTableOptions {
  /** Describes the expected layout in messages, e.g. "the UCI Online Retail header". */
  expected: string;
  /** Field separator. Default `,`. */
  sep?: string;
  /** Name of the file in messages. Default: `file` as given. */
  displayName?: string;
  /**
   * Read the text columns as polars Categorical (dictionary-encoded): far less memory for repetitive text
   * (ids, names, countries, dates), and parse.ts parses each distinct value once. Default false (plain text).
   */
  categorical?: boolean;
}

/**
 * A file read as text columns: `__record` (0-based data record index, UInt32), `__ragged` (Boolean: the
 * record's field count differs from the header's), then one column per `CsvColumn.key` (Utf8, or Categorical
 * with `categorical`; a missing optional column is all null).
 */
export interface CsvTable {
  df: pl.DataFrame;
  /** The header fields as written in the file. */
  header: string[];
  /** Maps 0-based data record indexes to 1-based source line numbers (header = line 1). */
  lineOf: (records: number[]) => number[];
}

const CHUNK = 1 << 20;

/** Lowercases and removes spaces, `_`, `-`, `.` and a BOM: the key used to match header names. */
export function normalizeHeader(name: string): string {
  return name.replace(/^\ufeff/, "").toLowerCase().replace(/[\s_\-.]+/g, "");
}

/** Splits one CSV line into fields (RFC 4180 quotes; enough for a header). */
function splitHeader(line: string, sep: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

function readHead(file: string, bytes = 65536): Buffer {
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Streams `src` (gunzipped when `gunzip`, transcoded from latin-1 when `latin1`) into a new temporary file and
 * returns its path. Bounded memory: one chunk at a time.
 */
async function streamToTemp(src: string, opts: { gunzip?: boolean; latin1?: boolean }, shown: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "casestudy-csv-"));
  const out = path.join(dir, "input.csv");
  const stages: Array<NodeJS.ReadableStream | NodeJS.WritableStream | NodeJS.ReadWriteStream> = [fs.createReadStream(src)];
  if (opts.gunzip) stages.push(zlib.createGunzip());
  if (opts.latin1) {
    stages.push(
      new Transform({
        transform(chunk: Buffer, _enc, done) {
          done(null, Buffer.from(chunk.toString("latin1"), "utf8"));
        },
      }),
    );
  }
  stages.push(fs.createWriteStream(out));
  try {
    await (pipeline as (...s: unknown[]) => Promise<void>)(...stages);
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    if (opts.gunzip) throw new InputError("not a valid gzip file (expected gzip-compressed CSV for a .gz name)", { file: shown });
    throw e;
  }
  return out;
}

/** True when the whole file is valid UTF-8 (checked chunk by chunk; a split multi-byte char is carried). */
export function fileIsUtf8(file: string): boolean {
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.alloc(CHUNK + 4);
    let carry = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, carry, CHUNK, null);
      const len = carry + n;
      if (len === 0) break;
      let end = len;
      if (n > 0) {
        // back up over an incomplete trailing sequence (at most 3 continuation bytes)
        let k = len - 1;
        let back = 0;
        while (k >= 0 && back < 3 && (buf[k] & 0xc0) === 0x80) {
          k--;
          back++;
        }
        if (k >= 0 && buf[k] >= 0xc0) {
          const need = buf[k] >= 0xf0 ? 4 : buf[k] >= 0xe0 ? 3 : 2;
          if (len - k < need) end = k;
        }
      }
      if (!isUtf8(buf.subarray(0, end))) return false;
      if (n === 0) break;
      carry = len - end;
      buf.copy(buf, 0, end, len);
    }
    return true;
  } finally {
    fs.closeSync(fd);
  }
}

/** What {@link scanRecords} found out about one wanted record. */
interface RecordInfo {
  /** 1-based source line where the record starts. */
  line: number;
  /** Number of fields (separators outside quotes + 1). */
  fields: number;
}

/**
 * Walks the bytes of a delimited file the way polars splits it into records (every newline outside quotes
 * ends a record, a blank line is a record of one empty field; the header is record -1) and reports, for the
 * wanted 0-based data records, the line each starts on and its number of fields. Stops once all are found.
 */
function scanRecords(file: string, wanted: readonly number[], sep: string): Map<number, RecordInfo> {
  const found = new Map<number, RecordInfo>();
  const want = [...new Set(wanted)].sort((a, b) => a - b);
  if (want.length === 0) return found;
  const sepByte = sep.charCodeAt(0);
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.alloc(CHUNK);
    let line = 1;
    let record = -1;
    let startLine = 1;
    let fields = 1;
    let quoted = false;
    let w = 0;
    let pending = false; // bytes seen since the last record end
    const finish = () => {
      if (record === want[w]) {
        found.set(record, { line: startLine, fields });
        w++;
      }
      record++;
      startLine = line;
      fields = 1;
      pending = false;
    };
    outer: for (;;) {
      const n = fs.readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      for (let i = 0; i < n; i++) {
        const b = buf[i];
        if (b === 0x22) {
          quoted = !quoted;
          pending = true;
        } else if (b === 0x0a) {
          line++;
          if (!quoted) {
            finish();
            if (w === want.length) break outer;
          }
        } else {
          pending = true;
          if (b === sepByte && !quoted) fields++;
        }
      }
    }
    if (pending && w < want.length) finish();
  } finally {
    fs.closeSync(fd);
  }
  return found;
}

/** A problem in the CSV structure that stops a reader: where it is and what it is. */
interface CsvProblem {
  line: number;
  /** 0-based field index within the record. */
  field: number;
  what: string;
}

/**
 * Finds the first structural problem of a delimited file, reading quotes the lenient way polars does (a quote
 * anywhere toggles quoting, so `WHITE "METAL" LANTERN` is plain text): a quote opened inside an unquoted
 * field that is still open at the end of its line, or a quoted field still open at the end of the file. Used
 * only after the reader failed, to say where.
 */
function locateProblem(file: string, sep: string): CsvProblem | undefined {
  const sepByte = sep.charCodeAt(0);
  const stray = "a quote inside an unquoted field (quote the whole field and double the quote)";
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.alloc(CHUNK);
    let line = 1;
    let field = 0;
    let fieldStart = true;
    let quoted = false;
    let openedMidField = false;
    let openLine = 1;
    let openField = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      for (let i = 0; i < n; i++) {
        const b = buf[i];
        if (b === 0x22) {
          if (!quoted) {
            openedMidField = !fieldStart;
            openLine = line;
            openField = field;
          }
          quoted = !quoted;
          fieldStart = false;
        } else if (b === 0x0a) {
          if (quoted && openedMidField) return { line: openLine, field: openField, what: stray };
          line++;
          if (!quoted) {
            field = 0;
            fieldStart = true;
          }
        } else if (b === sepByte && !quoted) {
          field++;
          fieldStart = true;
        } else if (b !== 0x0d) {
          fieldStart = false;
        }
      }
    }
    if (quoted) return { line: openLine, field: openField, what: openedMidField ? stray : "a quoted field that is never closed" };
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Matches header `fields` to the expected `columns` through their aliases. Returns the source name → key
 * map and the keys of missing optional columns; throws `InputError` (line 1) for a missing required column
 * or a repeated one.
 */
export function resolveColumns(
  fields: readonly string[],
  columns: readonly CsvColumn[],
  where: { file: string; expected: string; sep?: string },
): { rename: Record<string, string>; missingOptional: string[] } {
  const sep = where.sep ?? ",";
  const expectedHeader = columns.filter((c) => c.required !== false).map((c) => c.header).join(sep === "\t" ? ", " : sep);
  const byKey = new Map<string, number>();
  fields.forEach((f, i) => {
    const k = normalizeHeader(f);
    if (!byKey.has(k)) byKey.set(k, i);
  });
  const rename: Record<string, string> = {};
  const missingOptional: string[] = [];
  for (const c of columns) {
    const names = [c.header, ...(c.aliases ?? [])].map(normalizeHeader);
    const idx = names.map((n) => byKey.get(n)).find((i) => i !== undefined);
    if (idx === undefined) {
      if (c.required === false) {
        missingOptional.push(c.key);
        continue;
      }
      const also = c.aliases?.length ? `; also accepted: ${c.aliases.join(", ")}` : "";
      throw new InputError(
        `missing required column "${c.header}"${also} (expected ${where.expected}: ${expectedHeader}; found: ${fields.join(", ")})`,
        { file: where.file, line: 1 },
      );
    }
    rename[fields[idx]] = c.key;
  }
  const counts = new Map<string, number>();
  for (const f of fields) counts.set(f, (counts.get(f) ?? 0) + 1);
  for (const [f, n] of counts) {
    if (n > 1 && rename[f] !== undefined) throw new InputError(`column "${f}" appears ${n} times in the header`, { file: where.file, line: 1 });
  }
  return { rename, missingOptional };
}

/** The first line of `head` as text: UTF-8 (BOM removed), or latin-1 when those bytes are not UTF-8. */
function firstLineOf(head: Buffer): string {
  let end = head.indexOf(0x0a);
  if (end < 0) end = head.length;
  const bytes = head.subarray(0, end);
  const s = isUtf8(bytes) ? bytes.toString("utf8") : bytes.toString("latin1");
  return s.replace(/^\ufeff/, "").replace(/\r$/, "");
}

/**
 * The checks of a delimited file's first bytes (`head`, already decompressed): not empty, not Parquet, zip or
 * binary, the expected separator, the header's columns (see {@link resolveColumns}). Returns the header fields
 * as written and the column mapping; throws `InputError` (line 1, or the line of a NUL byte).
 */
export function checkCsvHead(
  head: Buffer,
  columns: readonly CsvColumn[],
  where: { file: string; expected: string; sep?: string },
): { fields: string[]; rename: Record<string, string>; missingOptional: string[] } {
  const shown = where.file;
  const sep = where.sep ?? ",";
  const expectedHeader = columns.filter((c) => c.required !== false).map((c) => c.header).join(sep === "\t" ? ", " : sep);
  const text = head.toString("latin1");
  if (head.length === 0 || text.replace(/^\ufeff|^\xef\xbb\xbf/, "").trim() === "") {
    throw new InputError(`empty file (expected a header line: ${expectedHeader})`, { file: shown, line: 1 });
  }
  if (head.subarray(0, 4).toString("latin1") === "PAR1") {
    throw new InputError("not a CSV file: the bytes are Parquet (give it a .parquet name)", { file: shown, line: 1 });
  }
  if (head.subarray(0, 4).toString("latin1") === "PK\x03\x04") {
    throw new InputError("not a CSV file: the bytes are a zip/xlsx archive (give an .xlsx a .xlsx name)", { file: shown, line: 1 });
  }
  const nul = head.indexOf(0);
  if (nul >= 0) {
    const line = text.slice(0, nul).split("\n").length;
    throw new InputError(`not a CSV file: binary data (a NUL byte at offset ${nul})`, { file: shown, line });
  }
  const firstLine = firstLineOf(head);
  const fields = splitHeader(firstLine, sep);
  if (fields.length === 1 && columns.length > 1) {
    for (const other of [";", "\t", "|", ","]) {
      if (other !== sep && firstLine.includes(other)) {
        const name = other === "\t" ? "tab" : `'${other}'`;
        throw new InputError(
          `expected ${sep === "," ? "comma" : `'${sep}'`}-separated values, found ${name} separators in the header (expected ${where.expected}: ${expectedHeader})`,
          { file: shown, line: 1 },
        );
      }
    }
  }
  const { rename, missingOptional } = resolveColumns(fields, columns, { file: shown, expected: where.expected, sep });
  return { fields, rename, missingOptional };
}

/**
 * Reads `file` as a table of text columns named by `columns[].key` (plus `__record` and `__ragged`),
 * checking the bytes, encoding, delimiter and header first. Throws `InputError` with one line naming file,
 * line and column.
 */
export async function readCsvTable(
  file: string,
  columns: readonly CsvColumn[],
  options: ReadCsvTableOptions,
): Promise<CsvTable> {
  const shown = options.displayName ?? file;
  const sep = options.sep ?? ",";
  if (!fs.existsSync(file)) throw new InputError("file not found", { file: shown });
  if (fs.statSync(file).isDirectory()) throw new InputError("is a folder, expected a CSV file", { file: shown });
  const head = readHead(file);
  const isGzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  const temps: string[] = [];
  let source = file;
  try {
    if (isGzip) {
      if (!/\.gz$/i.test(file)) {
        throw new InputError(`not a CSV file: the bytes are gzip-compressed (rename it to .csv.gz, or decompress it)`, { file: shown, line: 1 });
      }
      source = await streamToTemp(file, { gunzip: true }, shown);
      temps.push(source);
    }
    const start = source === file ? head : readHead(source);
    const { fields, rename, missingOptional } = checkCsvHead(start, columns, { file: shown, sep, expected: options.expected });

    // polars reads the records by position (the header is ours, parsed above): one column per header field
    // plus `__extra`, which holds a field beyond the header's (a ragged long line); longer lines are cut there.
    const text_ = options.categorical ? pl.Categorical : pl.Utf8;
    const schema: Record<string, DataType> = {};
    fields.forEach((_, i) => (schema[`__c${i}`] = text_));
    schema.__extra = pl.Utf8;
    const indexOf = new Map(fields.map((f, i) => [f, i] as const));
    const last = `__c${fields.length - 1}`;
    const read = (src: string) =>
      pl
        .scanCSV(src, {
          hasHeader: false,
          skipRows: 1,
          sep,
          quoteChar: '"',
          schema,
          truncateRaggedLines: true,
          rowIndexName: "__record",
        })
        .select(
          pl.col("__record"),
          pl.col("__extra").isNotNull().alias("__long"),
          pl.col(last).isNull().alias("__short"),
          ...Object.entries(rename).map(([name, key]) => pl.col(`__c${indexOf.get(name)}`).alias(key)),
        )
        .collect();
    let df: pl.DataFrame;
    try {
      df = await read(source);
    } catch (e) {
      const msg = (e instanceof Error ? e.message : String(e)).split("\n")[0];
      if (/empty csv|no data/i.test(msg)) throw new InputError("no data rows: the file has a header only", { file: shown, line: 2 });
      if (/utf-?8/i.test(msg) && !fileIsUtf8(source)) {
        // Not UTF-8: decode as latin-1 (every byte is a character) into a UTF-8 copy, and read that.
        const latin = await streamToTemp(source, { latin1: true }, shown);
        temps.push(latin);
        try {
          df = await read(latin);
        } catch (e2) {
          throw readerError(latin, shown, sep, fields, e2);
        }
      } else {
        throw readerError(source, shown, sep, fields, e);
      }
    }
    if (df.height === 0) throw new InputError("no data rows: the file has a header only", { file: shown, line: 2 });

    // Ragged lines: a field beyond the header's (`__long`), or fewer fields than the header. polars pads a
    // short line with nulls, so a line whose last field is missing is only a candidate: its fields are counted
    // from the bytes (only these lines, and only when there are any).
    const candidates = df.lazy().filter(pl.col("__short").and(pl.col("__long").not())).select("__record").collectSync().getColumn("__record");
    let ragged: pl.Expr = pl.col("__long");
    if (candidates.length > 0) {
      const recs = Array.from(candidates.toArray() as number[]);
      const info = scanRecords(source, recs, sep);
      const short = recs.filter((r) => (info.get(r)?.fields ?? fields.length) < fields.length);
      if (short.length > 0) ragged = ragged.or(pl.col("__record").isIn(pl.lit(pl.Series("__short", short, pl.UInt32))));
    }
    df = df.lazy().withColumns(ragged.alias("__ragged")).collectSync();
    if (missingOptional.length) df = df.withColumns(...missingOptional.map((k) => pl.lit(null).cast(text_).alias(k)));
    df = df.select("__record", "__ragged", ...columns.map((c) => c.key));

    // Source lines of records, for the log's examples: the bytes are walked on demand. A latin-1 file has
    // the same quotes and newlines as its UTF-8 copy, so the original is walked; the decompressed copy of a
    // gzip file is kept until the process exits.
    const lineSource = isGzip ? temps[0] : file;
    if (isGzip) {
      temps.shift();
      process.once("exit", () => fs.rmSync(path.dirname(lineSource), { recursive: true, force: true }));
    }
    const lineOf = (records: number[]) => {
      const info = scanRecords(lineSource, records, sep);
      return records.map((r) => info.get(r)?.line ?? r + 2);
    };
    return { df, header: fields, lineOf };
  } finally {
    for (const t of temps) fs.rmSync(path.dirname(t), { recursive: true, force: true });
  }
}

/** Turns an error of the CSV reader into one `InputError` line with the file, line and column of the problem. */
function readerError(source: string, shown: string, sep: string, fields: readonly string[], e: unknown): InputError {
  if (e instanceof InputError) return e;
  const msg = (e instanceof Error ? e.message : String(e)).split("\n")[0].trim();
  const problem = locateProblem(source, sep);
  if (problem) {
    return new InputError(`could not be read as CSV: ${problem.what}`, { file: shown, line: problem.line, column: fields[problem.field] ?? problem.field + 1 });
  }
  const col = /column '__c(\d+)'/.exec(msg);
  return new InputError(`could not be read as CSV (${msg.replace(/__c(\d+)/g, (_, i) => fields[Number(i)] ?? `field ${Number(i) + 1}`)})`, {
    file: shown,
    ...(col ? { column: fields[Number(col[1])] ?? Number(col[1]) + 1 } : {}),
  });
}
