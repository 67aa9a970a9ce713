/** Writing CSV exports: RFC 4180 quoting and spreadsheet formula neutralization. */

/** Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Formats one CSV cell: numbers as they are (non-finite as empty), text quoted when it holds a comma, quote or
 * newline, and text starting with `= + - @` (or tab/CR) prefixed with `'` so a spreadsheet shows it as text.
 * Negative numbers are numbers, not text, and are left alone.
 * @example csvCell("=SUM(A1)"); // => "'=SUM(A1)"
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  let s = value instanceof Date ? value.toISOString() : String(value);
  if (FORMULA_START.test(s)) s = "'" + s;
  return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/**
 * Builds a CSV document (LF line ends, trailing newline) from a header and columns of equal length.
 * Columns may be plain arrays or typed arrays.
 */
export function toCsv(header: readonly string[], columns: ArrayLike<unknown>[]): string {
  if (header.length !== columns.length) throw new Error(`toCsv: ${header.length} names for ${columns.length} columns`);
  const n = columns.length === 0 ? 0 : columns[0].length;
  const lines: string[] = [header.map(csvCell).join(",")];
  for (let i = 0; i < n; i++) {
    let line = "";
    for (let j = 0; j < columns.length; j++) line += (j ? "," : "") + csvCell(columns[j][i]);
    lines.push(line);
  }
  return lines.join("\n") + "\n";
}
