/**
 * Reading the first sheet of an `.xlsx` workbook as text columns (exceljs), so that Excel copies of a source
 * go through the same parsers and checks as its CSV. Dates become `YYYY-MM-DD HH:MM:SS` (Excel stores wall
 * clock time), numbers their shortest decimal text.
 */
import type ExcelJS from "exceljs";
import pl from "nodejs-polars";
import { InputError } from "../util/errors.js";
import { resolveColumns, type CsvColumn } from "./csv-source.js";

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Text of one cell value as it would appear in a CSV export (null for empty). */
export function cellText(v: ExcelJS.CellValue): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) {
    return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`;
  }
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (typeof v === "string") return v;
  if (typeof v === "object") {
    if ("result" in v) return cellText((v as { result: ExcelJS.CellValue }).result);
    if ("richText" in v) return (v as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join("");
    if ("text" in v) return String((v as { text: unknown }).text);
    if ("error" in v) return null;
  }
  return String(v);
}

/** Reads the first worksheet: header on row 1, data after; columns matched like a CSV header. */
export async function readXlsxAsText(
  file: string,
  columns: readonly CsvColumn[],
  where: { file: string; expected: string },
): Promise<{ df: pl.DataFrame; header: string[]; lineOf: (r: number[]) => number[] }> {
  // exceljs is loaded only when a workbook is read (it costs ~0.3 s of start-up for every other input)
  const { default: Excel } = await import("exceljs");
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (e) {
    throw new InputError(`could not be read as an .xlsx workbook (${(e instanceof Error ? e.message : String(e)).split("\n")[0]})`, { file: where.file });
  }
  const ws = wb.worksheets[0];
  if (!ws || ws.rowCount === 0) throw new InputError(`empty workbook (expected ${where.expected} on row 1 of the first sheet)`, { file: where.file, line: 1 });
  const headerRow = ws.getRow(1);
  const header: string[] = [];
  for (let c = 1; c <= headerRow.cellCount; c++) header.push((cellText(headerRow.getCell(c).value) ?? "").trim());
  const { rename, missingOptional } = resolveColumns(header, columns, where);
  const colIndex: Record<string, number> = {};
  header.forEach((h, i) => {
    if (rename[h] !== undefined && colIndex[rename[h]] === undefined) colIndex[rename[h]] = i + 1;
  });
  const out: Record<string, Array<string | null>> = {};
  for (const c of columns) out[c.key] = [];
  const records: number[] = [];
  const rowNumbers: number[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    rowNumbers.push(rowNumber);
    records.push(records.length);
    for (const c of columns) out[c.key].push(colIndex[c.key] ? cellText(row.getCell(colIndex[c.key]).value) : null);
  });
  if (records.length === 0) throw new InputError("no data rows: the sheet has a header only", { file: where.file, line: 2 });
  void missingOptional;
  const df = pl.DataFrame({
    __record: pl.Series("__record", records, pl.Int64),
    ...Object.fromEntries(columns.map((c) => [c.key, pl.Series(c.key, out[c.key], pl.Utf8)])),
  });
  return { df, header, lineOf: (r) => r.map((x) => rowNumbers[x] ?? x + 2) };
}
