/**
 * What the SQL engines (DuckDB, Spark) need to know about a delimited file before they read it themselves, so
 * that they read it as the polars reader does (csv-source.ts): one streaming pass over the bytes (gunzipped for
 * `.csv.gz`) finds the header and its columns, the encoding (UTF-8, else latin-1), the blank lines (polars
 * reads a blank line as a record of one empty field, counted under `ragged_line`; DuckDB and Spark skip it) and
 * the first structural problem (a quote the polars reader would refuse), which is one `error:` line naming the
 * file, line and column. A second pass on demand maps record numbers to source lines for the cleaning log's
 * examples. Memory: one chunk at a time.
 */
import fs from "node:fs";
import zlib from "node:zlib";
import { isUtf8 } from "node:buffer";
import { InputError } from "../util/errors.js";
import { checkCsvHead, type CsvColumn } from "./csv-source.js";

/** What one pass over a delimited file found (see the module comment). */
export interface CsvFileFacts {
  /** The file as the engine reads it. */
  file: string;
  /** The file's name in messages. */
  shown: string;
  /** The bytes are gzip-compressed. */
  gzip: boolean;
  /** Every byte sequence is valid UTF-8; else the file is read as latin-1. */
  utf8: boolean;
  /** The header fields as written. */
  header: string[];
  /** Header field → column key (csv-source.ts `resolveColumns`). */
  rename: Record<string, string>;
  /** Keys of optional columns the header lacks. */
  missingOptional: string[];
  /** 0-based data records (header = record −1, polars' numbering) that are blank lines. */
  blankRecords: number[];
  /** Number of data records, blank lines included. */
  records: number;
}

const CHUNK = 1 << 20;
const gzipped = (head: Buffer) => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

function byteStream(file: string, gzip: boolean): NodeJS.ReadableStream {
  const raw = fs.createReadStream(file, { highWaterMark: CHUNK });
  return gzip ? raw.pipe(zlib.createGunzip({ chunkSize: CHUNK })) : raw;
}

/** The first `bytes` bytes of the (decompressed) file. */
async function headOf(file: string, gzip: boolean, shown: string, bytes = 65536): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  const stream = byteStream(file, gzip);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parts.push(chunk);
      n += chunk.length;
      if (n >= bytes) break;
    }
  } catch {
    throw new InputError("not a valid gzip file (expected gzip-compressed CSV for a .gz name)", { file: shown });
  } finally {
    (stream as unknown as { destroy?: () => void }).destroy?.();
  }
  return Buffer.concat(parts).subarray(0, bytes);
}

/**
 * Reads the facts of one delimited file (see {@link CsvFileFacts}); throws `InputError` with one line for a
 * missing file, a bad header (csv-source.ts `checkCsvHead`), a header-only file, or a quote the polars reader
 * refuses: a quote opened inside an unquoted field still open at the end of its line, or text right after a
 * quoted field's closing quote (`"un"closed`). A file cut off inside a quoted field is read to its end.
 */
export async function csvFileFacts(
  file: string,
  columns: readonly CsvColumn[],
  options: { shown?: string; expected: string; sep?: string },
): Promise<CsvFileFacts> {
  const shown = options.shown ?? file;
  const sep = options.sep ?? ",";
  if (!fs.existsSync(file)) throw new InputError("file not found", { file: shown });
  if (fs.statSync(file).isDirectory()) throw new InputError("is a folder, expected a CSV file", { file: shown });
  const fd = fs.openSync(file, "r");
  const magic = Buffer.alloc(2);
  fs.readSync(fd, magic, 0, 2, 0);
  fs.closeSync(fd);
  const gzip = gzipped(magic);
  if (gzip && !/\.gz$/i.test(file)) {
    throw new InputError(`not a CSV file: the bytes are gzip-compressed (rename it to .csv.gz, or decompress it)`, { file: shown, line: 1 });
  }
  const head = await headOf(file, gzip, shown);
  const { fields, rename, missingOptional } = checkCsvHead(head, columns, { file: shown, sep, expected: options.expected });

  const sepByte = sep.charCodeAt(0);
  const stray = "a quote inside an unquoted field (quote the whole field and double the quote)";
  let line = 1;
  let record = -1;
  let recordBytes = 0; // bytes of the current record other than \r
  let field = 0;
  let fieldStart = true;
  let quoted = false;
  let openedMidField = false;
  let afterClose = false; // the previous byte closed a quote
  let openLine = 1;
  let openField = 0;
  let utf8 = true;
  let carry = Buffer.alloc(0);
  const blankRecords: number[] = [];
  const problem = (l: number, f: number, what: string) =>
    new InputError(`could not be read as CSV: ${what}`, { file: shown, line: l, column: fields[f] ?? f + 1 });
  try {
    for await (const chunk of byteStream(file, gzip) as AsyncIterable<Buffer>) {
      if (utf8) {
        const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
        let end = buf.length;
        let k = end - 1;
        let back = 0;
        while (k >= 0 && back < 3 && (buf[k] & 0xc0) === 0x80) (k--, back++);
        if (k >= 0 && buf[k] >= 0xc0 && end - k < (buf[k] >= 0xf0 ? 4 : buf[k] >= 0xe0 ? 3 : 2)) end = k;
        if (!isUtf8(buf.subarray(0, end))) utf8 = false;
        carry = Buffer.from(buf.subarray(end));
      }
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i];
        if (afterClose) {
          afterClose = false;
          if (b !== 0x22 && !openedMidField && b !== sepByte && b !== 0x0a && b !== 0x0d) {
            throw problem(line, field, "text after a quoted field's closing quote (double a quote inside a quoted field)");
          }
          if (b === 0x22) {
            quoted = true; // a doubled quote: the same field goes on
            recordBytes++;
            continue;
          }
        }
        if (b === 0x22) {
          if (!quoted) {
            openedMidField = !fieldStart;
            openLine = line;
            openField = field;
            quoted = true;
          } else {
            quoted = false;
            afterClose = true;
          }
          fieldStart = false;
          recordBytes++;
        } else if (b === 0x0a) {
          if (quoted && openedMidField) throw problem(openLine, openField, stray);
          line++;
          if (!quoted) {
            if (record >= 0 && recordBytes === 0) blankRecords.push(record);
            record++;
            recordBytes = 0;
            field = 0;
            fieldStart = true;
          }
        } else {
          if (b !== 0x0d) recordBytes++;
          if (b === sepByte && !quoted) {
            field++;
            fieldStart = true;
          } else if (b !== 0x0d) fieldStart = false;
        }
      }
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError("not a valid gzip file (expected gzip-compressed CSV for a .gz name)", { file: shown });
  }
  if (carry.length) utf8 = false;
  // a file cut off inside a quoted field: polars reads the rest as the field (a ragged last record, usually)
  if (recordBytes > 0) record++; // a last record without a newline
  if (record <= 0) throw new InputError("no data rows: the file has a header only", { file: shown, line: 2 });
  return { file, shown, gzip, utf8, header: fields, rename, missingOptional, blankRecords, records: record };
}

/**
 * The 1-based source line on which each of the 0-based data `records` of a delimited file starts (records
 * split as polars splits them: a newline outside quotes ends a record, a blank line is a record). Streams the
 * (decompressed) bytes until the last wanted record.
 */
export async function csvRecordLines(file: string, records: readonly number[]): Promise<Map<number, number>> {
  const found = new Map<number, number>();
  const want = [...new Set(records)].sort((a, b) => a - b);
  if (want.length === 0) return found;
  const fd = fs.openSync(file, "r");
  const magic = Buffer.alloc(2);
  fs.readSync(fd, magic, 0, 2, 0);
  fs.closeSync(fd);
  const stream = byteStream(file, gzipped(magic));
  let line = 1;
  let record = -1;
  let quoted = false;
  let w = 0;
  let startLine = 1;
  try {
    outer: for await (const chunk of stream as AsyncIterable<Buffer>) {
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i];
        if (b === 0x22) quoted = !quoted;
        else if (b === 0x0a) {
          line++;
          if (!quoted) {
            if (record === want[w]) (found.set(record, startLine), w++);
            record++;
            startLine = line;
            if (w === want.length) break outer;
          }
        }
      }
    }
  } finally {
    (stream as unknown as { destroy?: () => void }).destroy?.();
  }
  if (w < want.length && record === want[w]) found.set(record, startLine);
  return found;
}
