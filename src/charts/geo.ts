/** Revenue and customers by country: two horizontal bar panels sharing one country order. */
import type { TopLevelSpec } from "vega-lite";
import { type BaseOptions, type Row, noDataSpec, num } from "./common.js";
import { type RankedBar, barPanel, topRanked } from "./ranked-bars.js";
import { CHART_SIZE, FORMATS, SEGMENT_PALETTE, themed } from "./theme.js";

/** Options of `geoBars`. */
export interface GeoBarsOptions extends BaseOptions {
  /** Field of the country (or region) name. Default "country". */
  country?: string;
  /** Axis title of that field. Default "Country". */
  countryTitle?: string;
  /** Revenue field. Default "revenue". */
  revenue?: string;
  /** Customer-count field; its panel is drawn when present. Default "customers". */
  customers?: string;
  /** Countries shown (the largest by revenue). Default 15. */
  limit?: number;
  /** ISO currency code for the revenue title. Default none. */
  currency?: string | null;
}

/**
 * Horizontal bars of revenue by country (the `limit` largest) and, beside them, customers for the same
 * countries in the same order. Empty input gives "No data".
 */
export function geoBars(rows: readonly Row[], options: GeoBarsOptions = {}): TopLevelSpec {
  const country = options.country ?? "country";
  const revenue = options.revenue ?? "revenue";
  const customers = options.customers ?? "customers";
  const title = options.title ?? "Revenue and customers by country";
  const width = options.width ?? CHART_SIZE.width;
  const currency = options.currency ? ` (${options.currency})` : "";
  const top = topRanked(rows, country, revenue, options.limit ?? 15);
  if (top.length === 0) return noDataSpec(title, { width, height: options.height });
  const order = top.map((b) => b.category);
  const customersBy = new Map<string, number>();
  for (const r of rows) {
    const v = num(r[customers]);
    if (v !== null) customersBy.set(String(r[country]), v);
  }
  const customerBars: RankedBar[] = [];
  for (const c of order) {
    const v = customersBy.get(c);
    if (v !== undefined) customerBars.push({ category: c, value: v });
  }
  const revenuePanel = {
    bars: top,
    title: `Revenue${currency}`,
    format: FORMATS.money,
    color: SEGMENT_PALETTE[0],
  };
  const panels = customerBars.length > 0
    ? [revenuePanel, { bars: customerBars, title: "Customers", format: FORMATS.count, color: SEGMENT_PALETTE[1] }]
    : [revenuePanel];
  const panelWidth = Math.max(140, Math.floor(width / panels.length) - 130);
  return themed({
    title,
    hconcat: panels.map((p) =>
      barPanel(p.bars, {
        valueTitle: p.title,
        categoryTitle: options.countryTitle ?? "Country",
        format: p.format,
        width: panelWidth,
        color: p.color,
        order,
      }),
    ),
    spacing: 24,
  });
}
