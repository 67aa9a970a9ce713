/** A readable HTML table from a polars DataFrame or tidy rows, every cell escaped (pure; used by showTable). */
import { escapeHtml } from "../util/html.js";
import type { Row } from "./common.js";

/** Anything with polars' `columns`, `height`, `head(n)` and `toRecords()` (a polars DataFrame). */
export interface FrameLike {
  readonly columns: string[];
  readonly height: number;
  head(n: number): { toRecords(): Record<string, unknown>[] };
}

/** Options of `htmlTable`. */
export interface TableOptions {
  /** Caption above the table (escaped). Default none. */
  caption?: string;
  /** Rows shown; a note says how many were left out. Default 20. */
  maxRows?: number;
  /** Digits after the point of non-integer numbers. Default 2. */
  digits?: number;
  /** Class of the <table> element, for styling. Default "cs-table". */
  className?: string;
}

function group(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * One cell as text: integers with thousands separators (`12,345`), other numbers with `digits` decimals
 * (`1,234.50`), non-finite numbers and null as empty, dates as ISO (`2011-03-04`, or with the time when not
 * midnight UTC), everything else via String. Locale-independent.
 */
export function formatCell(value: unknown, digits = 2): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "bigint") return (value < 0n ? "-" : "") + group((value < 0n ? -value : value).toString());
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "";
    const fixed = Number.isInteger(value) ? Math.abs(value).toFixed(0) : Math.abs(value).toFixed(digits);
    const [i, f] = fixed.split(".");
    const sign = value < 0 && Number(fixed) !== 0 ? "-" : "";
    return sign + group(i) + (f === undefined ? "" : `.${f}`);
  }
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.replace("T", " ").replace(/\.000Z$/, "").replace(/Z$/, "");
  }
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function isFrame(x: unknown): x is FrameLike {
  return typeof x === "object" && x !== null && typeof (x as FrameLike).head === "function" && Array.isArray((x as FrameLike).columns);
}

/**
 * An HTML `<table class="cs-table">` with a header row and at most `maxRows` body rows; numeric cells get
 * class "num" (right-aligned by the site's CSS) and every header and cell is escaped with escapeHtml. Columns
 * are the frame's, or the union of the rows' keys in first-seen order. Empty input gives a table with a
 * "No rows" cell.
 */
export function htmlTable(data: FrameLike | readonly Row[], options: TableOptions = {}): string {
  const maxRows = Math.max(0, options.maxRows ?? 20);
  const digits = options.digits ?? 2;
  const className = options.className ?? "cs-table";
  let columns: string[];
  let rows: readonly Row[];
  let total: number;
  if (isFrame(data)) {
    columns = [...data.columns];
    total = data.height;
    rows = data.head(maxRows).toRecords();
  } else {
    total = data.length;
    rows = data.slice(0, maxRows);
    const seen = new Set<string>();
    for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
    columns = [...seen];
  }
  const parts: string[] = [`<table class="${escapeHtml(className)}">`];
  if (options.caption !== undefined) parts.push(`<caption>${escapeHtml(options.caption)}</caption>`);
  parts.push(`<thead><tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr></thead>`);
  parts.push("<tbody>");
  if (rows.length === 0) parts.push(`<tr><td colspan="${Math.max(1, columns.length)}">No rows</td></tr>`);
  for (const r of rows) {
    const cells = columns.map((c) => {
      const v = r[c];
      const numeric = typeof v === "number" || typeof v === "bigint";
      return `<td${numeric ? ' class="num"' : ""}>${escapeHtml(formatCell(v, digits))}</td>`;
    });
    parts.push(`<tr>${cells.join("")}</tr>`);
  }
  parts.push("</tbody>");
  if (total > rows.length) {
    parts.push(`<tfoot><tr><td colspan="${Math.max(1, columns.length)}">Showing ${formatCell(rows.length)} of ${formatCell(total)} rows</td></tr></tfoot>`);
  }
  parts.push("</table>");
  return parts.join("");
}
