/**
 * Reading one delimited text file into a frame of text columns, with the checks that turn bad input into
 * one-line `InputError`s (file as given, line, column, what was expected).
 *
 * - empty file, header only, binary data, gzip bytes under a `.csv` name, wrong delimiter, missing column;
 * - UTF-8 (with or without BOM) is read as is; text that is not valid UTF-8 is decoded as latin-1
 *   (Windows exports of the UCI data) into a temporary UTF-8 copy, streamed chunk by chunk;
 * - `.csv.gz` is decompressed by streaming into a temporary copy (the same checks then apply);
 * - columns are matched to their canonical names through known aliases, case, spaces and underscores ignored
 *   (`Customer ID`, `customer_id`, `CustomerID` are one column).
 *
 * Values are not parsed here (every column is text): see parse.ts. The file is never held in memory twice:
 * the checks stream it and polars reads the path.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { isUtf8 } from "node:buffer";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import pl from "nodejs-polars";
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
}

/** A file read as text columns plus `__record` (0-based data record index, UInt32). */
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
function fileIsUtf8(file: string): { utf8: boolean; hasQuote: boolean } {
  const fd = fs.openSync(file, "r");
  let hasQuote = false;
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
      const part = buf.subarray(0, end);
      if (!hasQuote && part.indexOf(0x22) >= 0) hasQuote = true;
      if (!isUtf8(part)) return { utf8: false, hasQuote };
      if (n === 0) break;
      carry = len - end;
      buf.copy(buf, 0, end, len);
    }
    return { utf8: true, hasQuote };
  } finally {
    fs.closeSync(fd);
  }
}

/** Maps data record indexes to source line numbers by scanning for record starts outside quotes. */
function scanLines(file: string, records: number[]): number[] {
  if (records.length === 0) return [];
  const wanted = [...new Set(records)].sort((a, b) => a - b);
  const found = new Map<number, number>();
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.alloc(CHUNK);
    let line = 1;
    let record = -1; // header is record -1
    let quoted = false;
    let atStart = true;
    let w = 0;
    outer: for (;;) {
      const n = fs.readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      for (let i = 0; i < n; i++) {
        const b = buf[i];
        if (atStart && b !== 0x0a && b !== 0x0d) {
          atStart = false;
          if (record >= 0 && record === wanted[w]) {
            found.set(record, line);
            w++;
            if (w === wanted.length) break outer;
          }
        }
        if (b === 0x22) quoted = !quoted;
        else if (b === 0x0a) {
          line++;
          if (!quoted) {
            atStart = true;
            record++;
          }
        }
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return records.map((r) => found.get(r) ?? r + 2);
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

/**
 * Reads `file` as a table of text columns named by `columns[].key` (plus `__record`), checking the bytes,
 * encoding, delimiter and header first. Throws `InputError` with one line naming file, line and column.
 */
export async function readCsvTable(
  file: string,
  columns: readonly CsvColumn[],
  options: ReadCsvTableOptions,
): Promise<CsvTable> {
  const shown = options.displayName ?? file;
  const sep = options.sep ?? ",";
  const expectedHeader = columns.filter((c) => c.required !== false).map((c) => c.header).join(sep === "\t" ? ", " : sep);
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
    const text = start.toString("latin1");
    if (start.length === 0 || text.replace(/^\ufeff|^\xef\xbb\xbf/, "").trim() === "") {
      throw new InputError(`empty file (expected a header line: ${expectedHeader})`, { file: shown, line: 1 });
    }
    if (start.subarray(0, 4).toString("latin1") === "PAR1") {
      throw new InputError("not a CSV file: the bytes are Parquet (give it a .parquet name)", { file: shown, line: 1 });
    }
    if (start.subarray(0, 4).toString("latin1") === "PK\x03\x04") {
      throw new InputError("not a CSV file: the bytes are a zip/xlsx archive (give an .xlsx a .xlsx name)", { file: shown, line: 1 });
    }
    const nul = start.indexOf(0);
    if (nul >= 0) {
      const line = text.slice(0, nul).split("\n").length;
      throw new InputError(`not a CSV file: binary data (a NUL byte at offset ${nul})`, { file: shown, line });
    }
    const { utf8, hasQuote } = fileIsUtf8(source);
    if (!utf8) {
      const latin = await streamToTemp(source, { latin1: true }, shown);
      temps.push(latin);
      source = latin;
    }
    // header
    const headText = readHead(source).toString("utf8").replace(/^\ufeff/, "");
    const firstLine = headText.split(/\r?\n/, 1)[0];
    const fields = splitHeader(firstLine, sep);
    if (fields.length === 1 && columns.length > 1) {
      for (const other of [";", "\t", "|", ","]) {
        if (other !== sep && firstLine.includes(other)) {
          const name = other === "\t" ? "tab" : `'${other}'`;
          throw new InputError(
            `expected ${sep === "," ? "comma" : `'${sep}'`}-separated values, found ${name} separators in the header (expected ${options.expected}: ${expectedHeader})`,
            { file: shown, line: 1 },
          );
        }
      }
    }
    const { rename, missingOptional } = resolveColumns(fields, columns, { file: shown, expected: options.expected, sep });
    let df: pl.DataFrame;
    try {
      df = pl.readCSV(source, {
        inferSchemaLength: 0,
        sep,
        hasHeader: true,
        quoteChar: '"',
        rowIndexName: "__record",
        columns: Object.keys(rename),
        truncateRaggedLines: true,
      });
    } catch (e) {
      const msg = (e instanceof Error ? e.message : String(e)).split("\n")[0];
      throw new InputError(`could not be read as CSV (${msg})`, { file: shown });
    }
    if (df.height === 0) {
      throw new InputError("no data rows: the file has a header only", { file: shown, line: 2 });
    }
    // polars names columns as in the header (BOM stripped); map them to keys
    const renameActual: Record<string, string> = {};
    for (const name of df.columns) {
      if (name === "__record") continue;
      const key = rename[name] ?? rename[name.replace(/^\ufeff/, "")];
      if (key) renameActual[name] = key;
    }
    df = df.rename(renameActual);
    if (missingOptional.length) df = df.withColumns(...missingOptional.map((k) => pl.lit(null).cast(pl.Utf8).alias(k)));
    df = df.select("__record", ...columns.map((c) => c.key));
    const lineSource = source;
    const keepForLines = hasQuote;
    let scanned: string | undefined;
    if (keepForLines && temps.includes(lineSource)) {
      // keep the temp copy until lineOf has been used? Simpler: scan now lazily from the original when it is
      // plain, else from a retained temp copy (removed at exit).
      scanned = lineSource;
      temps.splice(temps.indexOf(lineSource), 1);
      process.once("exit", () => fs.rmSync(path.dirname(lineSource), { recursive: true, force: true }));
    }
    const lineOf = keepForLines
      ? (records: number[]) => scanLines(scanned ?? file, records)
      : (records: number[]) => records.map((r) => r + 2);
    return { df, header: fields, lineOf };
  } finally {
    for (const t of temps) fs.rmSync(path.dirname(t), { recursive: true, force: true });
  }
}
