/** Donut chart of segment sizes, coloured with the shared segment colours. */
import type { TopLevelSpec } from "vega-lite";
import { type BaseOptions, type Row, noDataSpec, num, str } from "./common.js";
import { FORMATS, segmentColorScale, segmentNames, themed } from "./theme.js";

/** Options of `donut`. */
export interface DonutOptions extends BaseOptions {
  /** Field of the segment name. Default "segment". */
  category?: string;
  /** Field of the size (e.g. customers). Default "customers". */
  value?: string;
  /** Title of the size in tooltips and legend. Default "Customers". */
  valueTitle?: string;
  /** d3-format of the size. Default FORMATS.count. */
  format?: string;
  /** The ordered segment names (the model's order) that fix the colours. Default: the names present, sorted. */
  segments?: readonly string[];
}

/**
 * A donut of `value` per segment with each slice's share labelled (percent of the total) and segment colours
 * from the theme. Non-positive and missing values are left out; nothing left gives "No data".
 */
export function donut(rows: readonly Row[], options: DonutOptions = {}): TopLevelSpec {
  const category = options.category ?? "segment";
  const value = options.value ?? "customers";
  const title = options.title ?? "Segment sizes";
  const valueTitle = options.valueTitle ?? "Customers";
  const format = options.format ?? FORMATS.count;
  const size = Math.min(options.width ?? 300, options.height ?? 300);
  const slices: { segment: string; value: number; order: number }[] = [];
  for (const r of rows) {
    const s = str(r[category]);
    const v = num(r[value]);
    if (s !== null && v !== null && v > 0) slices.push({ segment: s, value: v, order: 0 });
  }
  if (slices.length === 0) return noDataSpec(title, { width: options.width, height: options.height });
  const names = segmentNames(slices.map((s) => s.segment), options.segments);
  const colors = segmentColorScale(names);
  for (const s of slices) s.order = colors.domain.indexOf(s.segment);
  slices.sort((a, b) => a.order - b.order);
  const outer = size / 2 - 24;
  const theta = { field: "value", type: "quantitative" as const, stack: true };
  const order = { field: "order", type: "quantitative" as const, sort: "ascending" as const };
  return themed({
    title,
    width: size,
    height: size,
    data: { values: slices },
    transform: [
      { joinaggregate: [{ op: "sum", field: "value", as: "total" }] },
      { calculate: "datum.value / datum.total", as: "share" },
    ],
    encoding: { theta, order },
    layer: [
      {
        mark: { type: "arc", innerRadius: outer * 0.55, outerRadius: outer, stroke: "white", strokeWidth: 1 },
        encoding: {
          color: { field: "segment", type: "nominal", title: "Segment", scale: colors, sort: colors.domain },
          tooltip: [
            { field: "segment", type: "nominal", title: "Segment" },
            { field: "value", type: "quantitative", title: valueTitle, format },
            { field: "share", type: "quantitative", title: "Share", format: FORMATS.share },
          ],
        },
      },
      {
        mark: { type: "text", radius: outer + 14, fontSize: 11 },
        encoding: { text: { field: "share", type: "quantitative", format: FORMATS.shareShort } },
      },
    ],
  });
}
