/** Paired horizontal bars: two shares (e.g. of customers and of revenue) side by side for each segment. */
import type { TopLevelSpec } from "vega-lite";
import { type BaseOptions, type Row, noDataSpec, num, str } from "./common.js";
import { FORMATS, MUTED_COLOR, SEGMENT_PALETTE, themed } from "./theme.js";

/** One of the two shares compared: its field in the rows and its title. */
export interface ShareMeasure {
  field: string;
  title: string;
}

/** Options of `shareComparison`. */
export interface ShareComparisonOptions extends BaseOptions {
  /** Field of the category (segment name). Default "segment". */
  category?: string;
  /** The two shares (0..1) to compare. Default share_of_customers ("Share of customers") and share_of_revenue ("Share of revenue"). */
  measures?: readonly [ShareMeasure, ShareMeasure];
  /** Category order top to bottom. Default: the rows' order. */
  order?: readonly string[];
}

/**
 * For each category, two bars: the first measure in grey and the second in the accent colour, each labelled
 * with its percentage; tooltips give both. Rows whose category or shares are missing are left out; nothing
 * left gives "No data". A category far right of its grey bar earns more than its size.
 * @example shareComparison([{ segment: "VIP", share_of_customers: 0.15, share_of_revenue: 0.86 }]);
 */
export function shareComparison(rows: readonly Row[], options: ShareComparisonOptions = {}): TopLevelSpec {
  const category = options.category ?? "segment";
  const [a, b] = options.measures ?? [
    { field: "share_of_customers", title: "Share of customers" },
    { field: "share_of_revenue", title: "Share of revenue" },
  ];
  const title = options.title ?? `${a.title} and ${b.title.toLowerCase()} by segment`;
  const width = options.width ?? 560;
  const bars: { category: string; measure: string; share: number; rank: number; other: number }[] = [];
  const kept: string[] = [];
  for (const r of rows) {
    const c = str(r[category]);
    const va = num(r[a.field]);
    const vb = num(r[b.field]);
    if (c === null || va === null || vb === null) continue;
    kept.push(c);
    bars.push({ category: c, measure: a.title, share: va, rank: 0, other: vb }, { category: c, measure: b.title, share: vb, rank: 1, other: va });
  }
  const height = options.height ?? Math.max(120, kept.length * 46);
  if (bars.length === 0 || !bars.some((d) => d.share > 0)) return noDataSpec(title, { width, height });
  const order = options.order ? [...options.order.filter((c) => kept.includes(c)), ...kept.filter((c) => !options.order!.includes(c))] : kept;
  const y = { field: "category", type: "nominal" as const, title: null, sort: order, axis: { labelLimit: 180 } };
  // Room to the right of the longest bar for its label (a bar at 100% would otherwise put its label off the chart).
  const top = Math.min(1, Math.max(...bars.map((d) => d.share))) * 1.2;
  const x = { field: "share", type: "quantitative" as const, title: null, axis: { format: FORMATS.shareShort, tickCount: 5 }, scale: { domain: [0, top], nice: false } };
  return themed({
    title,
    width,
    height,
    data: { values: bars },
    encoding: { y, yOffset: { field: "measure", type: "nominal", sort: [a.title, b.title] }, x },
    layer: [
      {
        mark: { type: "bar", height: { band: 0.45 } },
        encoding: {
          color: { field: "measure", type: "nominal", title: null, scale: { domain: [a.title, b.title], range: [MUTED_COLOR, SEGMENT_PALETTE[0]] }, legend: { orient: "top", direction: "vertical" } },
          tooltip: [
            { field: "category", type: "nominal", title: "Segment" },
            { field: "measure", type: "nominal", title: "Measure" },
            { field: "share", type: "quantitative", title: "Share", format: FORMATS.share },
          ],
        },
      },
      {
        mark: { type: "text", align: "left", dx: 4, fontSize: 11, color: "#333333" },
        encoding: { text: { field: "share", type: "quantitative", format: FORMATS.share } },
      },
    ],
  });
}
