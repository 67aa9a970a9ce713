/**
 * The one chart theme: fonts, sizes, number formats (d3-format / d3-time-format strings), the segment colour
 * scheme and the order-status colours. Every builder applies it through `themed()`, so a change here changes
 * every chart.
 */
import type { Config, TopLevelSpec } from "vega-lite";
import { ORDER_STATUSES } from "../data/model.js";

/** Font stack of titles, axes, legends and labels. */
export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/** Default plot size in pixels (width 640 suits a page column; height 300). */
export const CHART_SIZE = { width: 640, height: 300 } as const;

/**
 * Number and date formats (d3-format and d3-time-format strings), one per kind of quantity.
 * - `count` whole numbers with thousands separators (`12,345`)
 * - `money` two decimals with separators (`1,234.50`); the currency goes into the axis title
 * - `moneyShort` SI-abbreviated money for axes (`1.2k`, `3.4M`)
 * - `share` a 0..1 share as a percentage with one decimal (`42.5%`); `shareShort` without decimals
 * - `decimal` two decimals; `score` three decimals (silhouette, cosine similarity)
 * - `date` ISO day (`2011-03-04`); `month` month and year (`Mar 2011`)
 */
export const FORMATS = {
  count: ",d",
  money: ",.2f",
  moneyShort: "~s",
  share: ".1%",
  shareShort: ".0%",
  decimal: ",.2f",
  score: ".3f",
  date: "%Y-%m-%d",
  month: "%b %Y",
} as const;

/**
 * Colours of segments (Tableau 10): segment i of the ordered segment names gets `SEGMENT_PALETTE[i % 10]`.
 */
export const SEGMENT_PALETTE: readonly string[] = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
];

/** Colours of the canonical order statuses (completed green, failed red, canceled grey, returned orange). */
export const STATUS_COLORS: Readonly<Record<(typeof ORDER_STATUSES)[number], string>> = {
  completed: "#59a14f",
  failed: "#e15759",
  canceled: "#bab0ac",
  returned: "#f28e2b",
};

/** Colour of single-series marks (bars, lines) and of annotations. */
export const MARK_COLOR = "#4e79a7";
/** Colour of highlights: spikes, the chosen k, reference lines. */
export const ACCENT_COLOR = "#e15759";
/** Colour of secondary reference lines (e.g. the equal-share diagonal). */
export const MUTED_COLOR = "#888888";

/** The vega-lite `config` every chart carries. */
export const THEME_CONFIG: Config = {
  font: FONT,
  background: "white",
  padding: 8,
  title: { fontSize: 15, fontWeight: 600, anchor: "start", offset: 10, subtitleColor: "#555555" },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 500,
    gridColor: "#e8e8e8",
    domainColor: "#888888",
    tickColor: "#888888",
    labelLimit: 220,
  },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 500, labelLimit: 220 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  view: { stroke: null },
  range: { category: [...SEGMENT_PALETTE] },
  bar: { color: MARK_COLOR },
  line: { color: MARK_COLOR },
  point: { color: MARK_COLOR },
  text: { fontSize: 11 },
};

/** Explicit colour scale for segment names: `{domain, range}` to put in a `color.scale`. */
export interface SegmentColorScale {
  domain: string[];
  range: string[];
}

/**
 * The segment colour scale: the i-th name of `names` (in the given order) gets `SEGMENT_PALETTE[i % 10]`.
 * Pass the model's full ordered segment list to every chart so a segment keeps its colour everywhere.
 * @example segmentColorScale(["Champions", "At risk"]); // => { domain: [...], range: ["#4e79a7", "#f28e2b"] }
 */
export function segmentColorScale(names: readonly string[]): SegmentColorScale {
  const domain = [...new Set(names)];
  return { domain, range: domain.map((_, i) => SEGMENT_PALETTE[i % SEGMENT_PALETTE.length]) };
}

/**
 * The ordered segment names a chart colours by: `explicit` first (the model's order, recommended), then any
 * other non-empty name found in `values`, sorted by code unit order (so two charts over the same segments
 * agree whatever their row order, and a name missing from `explicit` never shifts the others' colours).
 */
export function segmentNames(values: Iterable<unknown>, explicit: readonly string[] = []): string[] {
  const known = new Set(explicit);
  const extra = new Set<string>();
  for (const v of values) {
    if (v === null || v === undefined || v === "") continue;
    const s = String(v);
    if (!known.has(s)) extra.add(s);
  }
  return [...known, ...[...extra].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))];
}

/** The colour scale of the order statuses, in canonical order (completed, failed, canceled, returned). */
export function statusColorScale(): SegmentColorScale {
  return { domain: [...ORDER_STATUSES], range: ORDER_STATUSES.map((s) => STATUS_COLORS[s]) };
}

/** The vega-lite schema URL written into every spec. */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** Adds the `$schema` and the theme `config` to a spec (the one place the theme is applied). */
export function themed(spec: TopLevelSpec): TopLevelSpec {
  return { $schema: VEGA_LITE_SCHEMA, ...spec, config: THEME_CONFIG } as TopLevelSpec;
}
