/** Top products by interactions, revenue and units, side by side (one ranked panel per measure). */
import type { TopLevelSpec } from "vega-lite";
import { type BaseOptions, type Row, noDataSpec } from "./common.js";
import { barPanel, topRanked } from "./ranked-bars.js";
import { FORMATS, SEGMENT_PALETTE, themed } from "./theme.js";

/** Options of `topProductsComparison`. */
export interface TopProductsOptions extends BaseOptions {
  /** Field of the product label. Default "product_name". */
  product?: string;
  /** Fields of the measures, each drawn as a panel when present in the rows. */
  interactions?: string;
  revenue?: string;
  units?: string;
  /** Total width in pixels (three panels of labels and bars). Default 880. */
  width?: number;
  /** Products per panel. Default 10. */
  limit?: number;
  /** ISO currency code for the revenue title, e.g. "GBP". Default none. */
  currency?: string | null;
}

const DEFAULTS = {
  product: "product_name",
  interactions: "interactions",
  revenue: "revenue",
  units: "units",
  limit: 10,
  title: "Top products by interactions, revenue and units",
};

/**
 * Three horizontal bar panels side by side: the top `limit` products by interactions (count), by revenue
 * (money) and by units (count), each panel ranked by its own measure so differences in ranking stand out.
 * A measure absent from every row (e.g. no interaction data) is left out; no measure at all gives "No data".
 */
export function topProductsComparison(rows: readonly Row[], options: TopProductsOptions = {}): TopLevelSpec {
  const product = options.product ?? DEFAULTS.product;
  const limit = options.limit ?? DEFAULTS.limit;
  const title = options.title ?? DEFAULTS.title;
  const width = options.width ?? 880;
  const currency = options.currency ? ` (${options.currency})` : "";
  const measures = [
    { field: options.interactions ?? DEFAULTS.interactions, title: "Interactions", format: FORMATS.count },
    { field: options.revenue ?? DEFAULTS.revenue, title: `Revenue${currency}`, format: FORMATS.money },
    { field: options.units ?? DEFAULTS.units, title: "Units sold", format: FORMATS.count },
  ];
  const panels = [];
  for (const [i, m] of measures.entries()) {
    const bars = topRanked(rows, product, m.field, limit);
    if (bars.length === 0) continue;
    panels.push({ m, bars, color: SEGMENT_PALETTE[i] });
  }
  if (panels.length === 0) return noDataSpec(title, { width, height: options.height });
  const panelWidth = Math.max(90, Math.floor(width / panels.length) - 170);
  return themed({
    title,
    hconcat: panels.map((p) =>
      barPanel(p.bars, {
        title: `By ${p.m.title.charAt(0).toLowerCase()}${p.m.title.slice(1)}`,
        valueTitle: p.m.title,
        categoryTitle: "",
        labelLimit: 140,
        format: p.m.format,
        width: panelWidth,
        color: p.color,
      }),
    ),
    spacing: 24,
  });
}
