/**
 * Small helpers shared by the chart builders: reading values out of tidy rows, normalizing dates to UTC ISO
 * strings, escaping field names for vega-lite, and the "No data" chart.
 */
import type { TopLevelSpec } from "vega-lite";
import { CHART_SIZE, MUTED_COLOR, themed } from "./theme.js";

/** A layer of a layered top-level spec (vega-lite's `LayerSpec | UnitSpec`, derived from the public type). */
export type LayerChild = Extract<TopLevelSpec, { layer: unknown }>["layer"][number];

/** One tidy row: a plain object from a small aggregate table (e.g. polars `toRecords()`). */
export type Row = Readonly<Record<string, unknown>>;

/** A date as builders accept it: a JS Date, epoch milliseconds, or an ISO string (`2011-03`, `2011-03-04`, …). */
export type DateLike = Date | number | string;

/** Common options of every builder. */
export interface BaseOptions {
  /** Chart title in plain words. Default: a title naming the chart kind. */
  title?: string;
  /** Plot width in pixels. Default 640 (CHART_SIZE.width); multi-panel charts split it. */
  width?: number;
  /** Plot height in pixels. Default 300 (CHART_SIZE.height). */
  height?: number;
}

/** A finite number from a cell (number or bigint), else null. */
export function num(v: unknown): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "bigint") return Number(v);
  return null;
}

/** A cell as text (trimmed of nothing: shown as the data has it), or null when empty/missing. */
export function str(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return isoDate(v);
  return String(v);
}

const DAY_MS = 86_400_000;

/**
 * A date as an ISO string read as UTC: `YYYY-MM-DD` at midnight, else the full `toISOString()`. Strings without
 * a zone (`2011-03-04 10:00`) are taken as UTC wall-clock time, like the canonical model's naive timestamps.
 * Returns null for anything unparseable.
 */
export function isoDate(v: unknown): string | null {
  let ms: number;
  if (v instanceof Date) ms = v.getTime();
  else if (typeof v === "number") ms = v;
  else if (typeof v === "bigint") ms = Number(v);
  else if (typeof v === "string") {
    const s = v.trim();
    if (/^\d{4}$/.test(s)) ms = Date.parse(`${s}-01-01T00:00:00Z`);
    else if (/^\d{4}-\d{2}$/.test(s)) ms = Date.parse(`${s}-01T00:00:00Z`);
    else if (/^\d{4}-\d{2}-\d{2}$/.test(s)) ms = Date.parse(`${s}T00:00:00Z`);
    else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s)) ms = Date.parse(`${s.replace(" ", "T")}Z`);
    else ms = Date.parse(s);
  } else return null;
  if (!Number.isFinite(ms)) return null;
  const d = new Date(ms);
  return ms % DAY_MS === 0 ? d.toISOString().slice(0, 10) : d.toISOString();
}

/** A field name escaped for vega-lite (`.`, `[` and `]` would otherwise mean nested access). */
export function field(name: string): string {
  return name.replace(/([.[\]\\])/g, "\\$1");
}

/** A vega expression reading `name` from the datum (`datum["name"]`), safe for any field name. */
export function datumRef(name: string): string {
  return `datum[${JSON.stringify(name)}]`;
}

/** Code-unit string comparison (locale-independent, deterministic). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The "No data" chart: a themed spec with the title and a centred grey "No data" text mark, so an empty input
 * shows a readable chart rather than an empty view or an error.
 */
export function noDataSpec(title: string, options: { width?: number; height?: number } = {}): TopLevelSpec {
  const width = options.width ?? CHART_SIZE.width;
  const height = Math.min(options.height ?? CHART_SIZE.height, 120);
  return themed({
    title,
    width,
    height,
    data: { values: [{ message: "No data" }] },
    mark: { type: "text", fontSize: 16, color: MUTED_COLOR },
    encoding: {
      x: { value: width / 2 },
      y: { value: height / 2 },
      text: { field: "message", type: "nominal" },
    },
  });
}

/** Title text of a spec (string or `{text}`), or `fallback`. */
export function specTitle(spec: TopLevelSpec, fallback = "Chart"): string {
  const t = (spec as { title?: unknown }).title;
  if (typeof t === "string") return t;
  if (t && typeof t === "object" && "text" in t) {
    const text = (t as { text: unknown }).text;
    return Array.isArray(text) ? text.join(" ") : String(text);
  }
  return fallback;
}

/**
 * The chart made to fill its container's width (`width: "container"`, autosize fit-x), for pages read on a phone
 * as well as a desktop. Only single-view and layered specs can do this; concatenated or faceted specs are
 * returned unchanged.
 */
export function responsive(spec: TopLevelSpec): TopLevelSpec {
  const s = spec as unknown as Record<string, unknown>;
  if ("hconcat" in s || "vconcat" in s || "concat" in s || "facet" in s || "repeat" in s) return spec;
  return { ...spec, width: "container", autosize: { type: "fit-x", contains: "padding" } } as TopLevelSpec;
}
