/** Heatmaps: cohort retention (cohort × months since first order) and segment × feature profiles. */
import type { TopLevelSpec } from "vega-lite";
import { type BaseOptions, type Row, datumRef, noDataSpec, num, str } from "./common.js";
import { FORMATS, themed } from "./theme.js";

/** Options of `heatmap`. */
export interface HeatmapOptions extends BaseOptions {
  /** Field of the columns. */
  x: string;
  /** Field of the rows. */
  y: string;
  /** Numeric field of the cell colour. */
  value: string;
  /** Axis and legend titles. Defaults: the field names. */
  xTitle?: string;
  yTitle?: string;
  valueTitle?: string;
  /** d3-format of cell labels and tooltips. Default FORMATS.share (`.1%`). */
  format?: string;
  /** Column / row order. Default: numeric order when every key is a number, else first appearance. */
  xOrder?: readonly string[];
  yOrder?: readonly string[];
  /** Diverging colours centred on 0 (e.g. z-scores) instead of sequential blues. Default false. */
  diverging?: boolean;
  /** Print the value in each cell. Default true. */
  labels?: boolean;
  /** Cell size in pixels. Default 40 × 24. */
  cellWidth?: number;
  cellHeight?: number;
}

function orderOf(keys: readonly string[], explicit?: readonly string[]): string[] {
  const present = [...new Set(keys)];
  if (explicit && explicit.length > 0) return [...explicit.filter((k) => present.includes(k)), ...present.filter((k) => !explicit.includes(k))];
  if (present.every((k) => k.trim() !== "" && Number.isFinite(Number(k)))) return present.sort((a, b) => Number(a) - Number(b));
  return present;
}

/**
 * A grid of coloured cells, one per (x, y) pair, labelled with the formatted value (white text on dark
 * cells). Keys are shown as text; values non-finite are left out. Use `cohortHeatmap` and `profileHeatmap`
 * for the two standard uses. "No data" when no cell has a value.
 */
export function heatmap(rows: readonly Row[], options: HeatmapOptions): TopLevelSpec {
  const title = options.title ?? "Heatmap";
  const format = options.format ?? FORMATS.share;
  const cells: { x: string; y: string; value: number }[] = [];
  for (const r of rows) {
    const x = str(r[options.x]);
    const y = str(r[options.y]);
    const v = num(r[options.value]);
    if (x !== null && y !== null && v !== null) cells.push({ x, y, value: v });
  }
  if (cells.length === 0) return noDataSpec(title, { width: options.width, height: options.height });
  const xOrder = orderOf(cells.map((c) => c.x), options.xOrder);
  const yOrder = orderOf(cells.map((c) => c.y), options.yOrder);
  const diverging = options.diverging ?? false;
  const maxAbs = Math.max(...cells.map((c) => Math.abs(c.value)));
  const min = Math.min(...cells.map((c) => c.value));
  const max = Math.max(...cells.map((c) => c.value));
  const lo = Math.min(0, min);
  const scale = diverging
    ? { scheme: "redblue" as const, reverse: true, domain: [-(maxAbs || 1), maxAbs || 1] }
    : { scheme: "blues" as const, reverse: false, domain: [lo, max > lo ? max : lo + 1] };
  const threshold = diverging ? 0.55 * maxAbs : lo + 0.6 * (max - lo);
  const dark = diverging ? `abs(${datumRef("value")}) > ${threshold}` : `${datumRef("value")} > ${threshold}`;
  const xTitle = options.xTitle ?? options.x;
  const yTitle = options.yTitle ?? options.y;
  const valueTitle = options.valueTitle ?? options.value;
  return themed({
    title,
    width: { step: options.cellWidth ?? 40 },
    height: { step: options.cellHeight ?? 24 },
    data: { values: cells },
    encoding: {
      x: { field: "x", type: "ordinal", title: xTitle, sort: xOrder, axis: { labelAngle: xOrder.some((k) => k.length > 4) ? -40 : 0 } },
      y: { field: "y", type: "ordinal", title: yTitle, sort: yOrder },
    },
    layer: [
      {
        mark: { type: "rect" },
        encoding: {
          color: { field: "value", type: "quantitative", title: valueTitle, scale, legend: { format } },
          tooltip: [
            { field: "y", type: "nominal", title: yTitle },
            { field: "x", type: "nominal", title: xTitle },
            { field: "value", type: "quantitative", title: valueTitle, format },
          ],
        },
      },
      ...(options.labels === false
        ? []
        : [
            {
              mark: { type: "text" as const, fontSize: 10 },
              encoding: {
                text: { field: "value", type: "quantitative" as const, format },
                color: { condition: { test: dark, value: "white" }, value: "#222222" },
              },
            },
          ]),
    ],
  });
}

/** Options of `cohortHeatmap`: `heatmap` options with cohort defaults. */
export type CohortHeatmapOptions = Partial<HeatmapOptions>;

/**
 * Cohort retention: rows `cohort` (month of first order), columns `period` (months since it), cells
 * `retention` (share 0..1 of the cohort still ordering). Field names and titles can be overridden.
 */
export function cohortHeatmap(rows: readonly Row[], options: CohortHeatmapOptions = {}): TopLevelSpec {
  return heatmap(rows, {
    x: "period",
    y: "cohort",
    value: "retention",
    title: "Retention by cohort (share of each month's new customers who order again)",
    xTitle: "Months since first order",
    yTitle: "Cohort (month of first order)",
    valueTitle: "Retention",
    format: FORMATS.shareShort,
    cellWidth: 36,
    ...options,
  });
}

/** Options of `profileHeatmap`: `heatmap` options with segment-profile defaults. */
export type ProfileHeatmapOptions = Partial<HeatmapOptions>;

/**
 * Segment profiles: rows `segment`, columns `feature`, cells `z` (the segment's mean of the feature in
 * standard deviations from the overall mean), on diverging colours centred on 0.
 */
export function profileHeatmap(rows: readonly Row[], options: ProfileHeatmapOptions = {}): TopLevelSpec {
  return heatmap(rows, {
    x: "feature",
    y: "segment",
    value: "z",
    title: "Segment profiles (standard deviations from the average customer)",
    xTitle: "Feature",
    yTitle: "Segment",
    valueTitle: "z-score",
    format: "+.1f",
    diverging: true,
    cellWidth: 56,
    ...options,
  });
}
