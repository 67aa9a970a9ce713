/** Horizontal bar chart of a value per category, largest first (top products, top countries, …). */
import type { TopLevelSpec } from "vega-lite";
import { type BaseOptions, type Row, compareText, noDataSpec, num, str } from "./common.js";
import { CHART_SIZE, FORMATS, MARK_COLOR, themed } from "./theme.js";

/** Options of `rankedBars`. */
export interface RankedBarsOptions extends BaseOptions {
  /** Field holding the category label (text from the data is shown as text). */
  category: string;
  /** Numeric field giving the bar length. */
  value: string;
  /** Title in plain words. */
  title: string;
  /** Axis title of the value. Default: the `value` field name. */
  valueTitle?: string;
  /** Axis title of the categories. Default: the `category` field name. */
  categoryTitle?: string;
  /** d3-format of values in labels and tooltips. Default FORMATS.count (`,d`). */
  format?: string;
  /** Keep only the `limit` largest values. Default 20. */
  limit?: number;
  /** Bar colour. Default MARK_COLOR. */
  color?: string;
}

/** One bar: a category and its value (rows of the inline data of ranked bar charts). */
export interface RankedBar {
  category: string;
  value: number;
}

/**
 * The `limit` largest (category, value) pairs of the rows, largest first, ties broken by category text;
 * rows with a missing category or a non-finite value are left out.
 */
export function topRanked(rows: readonly Row[], category: string, value: string, limit: number): RankedBar[] {
  const out: RankedBar[] = [];
  for (const r of rows) {
    const c = str(r[category]);
    const v = num(r[value]);
    if (c !== null && v !== null) out.push({ category: c, value: v });
  }
  out.sort((a, b) => b.value - a.value || compareText(a.category, b.category));
  return out.slice(0, Math.max(0, limit));
}

/** A single ranked-bar panel over prepared bars (used by rankedBars, topProductsComparison and geoBars). */
export function barPanel(
  bars: readonly RankedBar[],
  options: {
    title?: string;
    valueTitle: string;
    categoryTitle: string;
    format: string;
    width: number;
    color?: string;
    /** Category order on the y axis. Default: the order of `bars`. */
    order?: readonly string[];
    /** Axis format of values. Default "~s". */
    axisFormat?: string;
    /** Longest category label in pixels (longer ones end with "…"). Default 200. */
    labelLimit?: number;
  },
) {
  const order = options.order ?? [...new Set(bars.map((b) => b.category))];
  return {
    ...(options.title === undefined ? {} : { title: options.title }),
    width: options.width,
    height: { step: 18 },
    data: { values: bars.map((b) => ({ category: b.category, value: b.value })) },
    encoding: {
      y: {
        field: "category",
        type: "nominal" as const,
        title: options.categoryTitle === "" ? null : options.categoryTitle,
        sort: [...order],
        axis: { labelLimit: options.labelLimit ?? 200 },
      },
      x: {
        field: "value",
        type: "quantitative" as const,
        title: options.valueTitle,
        axis: { format: options.axisFormat ?? "~s" },
      },
      tooltip: [
        { field: "category", type: "nominal" as const, title: options.categoryTitle },
        { field: "value", type: "quantitative" as const, title: options.valueTitle, format: options.format },
      ],
    },
    layer: [
      { mark: { type: "bar" as const, color: options.color ?? MARK_COLOR } },
      {
        mark: { type: "text" as const, align: "left" as const, dx: 3, fontSize: 10, color: "#333333" },
        encoding: { text: { field: "value", type: "quantitative" as const, format: options.format } },
      },
    ],
  };
}

/**
 * Horizontal bars of `value` per `category`, the `limit` largest first, each labelled with its value.
 * Empty input (or no finite values) gives the "No data" chart.
 */
export function rankedBars(rows: readonly Row[], options: RankedBarsOptions): TopLevelSpec {
  const width = options.width ?? CHART_SIZE.width;
  const bars = topRanked(rows, options.category, options.value, options.limit ?? 20);
  if (bars.length === 0) return noDataSpec(options.title, { width, height: options.height });
  return themed({
    ...barPanel(bars, {
      title: options.title,
      valueTitle: options.valueTitle ?? options.value,
      categoryTitle: options.categoryTitle ?? options.category,
      format: options.format ?? FORMATS.count,
      width: Math.max(200, width - 220),
      color: options.color,
    }),
  });
}
