/** Pareto (cumulative concentration) curve: share of revenue against share of customers, with 80/20 marks. */
import type { TopLevelSpec } from "vega-lite";
import { type BaseOptions, type Row, noDataSpec, num } from "./common.js";
import { ACCENT_COLOR, CHART_SIZE, FORMATS, MARK_COLOR, MUTED_COLOR, themed } from "./theme.js";

/** Options of `paretoCurve`. */
export interface ParetoOptions extends BaseOptions {
  /** Field of the cumulative share of customers (0..1, customers sorted by revenue, largest first). Default "customer_share". */
  x?: string;
  /** Field of the cumulative share of revenue (0..1). Default "revenue_share". */
  y?: string;
  /** Largest number of curve points drawn (evenly thinned, ends kept). Default 400. */
  maxPoints?: number;
  /** Axis titles. Defaults "Share of customers (largest spenders first)" and "Share of revenue". */
  xTitle?: string;
  yTitle?: string;
  /** A line under the title (e.g. which customers the curve covers). Default none. */
  subtitle?: string;
  /** Who the curve ranks, in the 80/20 label ("Top 20% of …"). Default "customers". */
  population?: string;
}

/**
 * Share of revenue (y) reached by the top x share of customers, linearly interpolated between points; the
 * curve implicitly starts at (0, 0).
 */
export function shareAt(points: readonly { x: number; y: number }[], x: number): number {
  let px = 0;
  let py = 0;
  for (const p of points) {
    if (p.x >= x) return p.x === px ? p.y : py + ((p.y - py) * (x - px)) / (p.x - px);
    px = p.x;
    py = p.y;
  }
  return py;
}

/**
 * The cumulative concentration curve (0..1 on both axes) with the equal-share diagonal, dashed 80/20 reference
 * lines, and the share of revenue the top 20% of customers bring, marked and labelled. "No data" when empty.
 */
export function paretoCurve(rows: readonly Row[], options: ParetoOptions = {}): TopLevelSpec {
  const xf = options.x ?? "customer_share";
  const yf = options.y ?? "revenue_share";
  const title = options.title ?? "Revenue concentration (Pareto curve)";
  const width = options.width ?? 420;
  const height = options.height ?? CHART_SIZE.height;
  const xTitle = options.xTitle ?? "Share of customers (largest spenders first)";
  const yTitle = options.yTitle ?? "Share of revenue";
  let pts: { x: number; y: number }[] = [];
  for (const r of rows) {
    const x = num(r[xf]);
    const y = num(r[yf]);
    if (x !== null && y !== null) pts.push({ x, y });
  }
  if (pts.length === 0) return noDataSpec(title, { width, height });
  pts.sort((a, b) => a.x - b.x || a.y - b.y);
  if (pts[0].x > 0) pts.unshift({ x: 0, y: 0 });
  const max = Math.max(2, options.maxPoints ?? 400);
  if (pts.length > max) {
    const step = (pts.length - 1) / (max - 1);
    pts = Array.from({ length: max }, (_, i) => pts[Math.round(i * step)]);
  }
  const at20 = shareAt(pts, 0.2);
  const xEnc = { field: "x", type: "quantitative" as const, title: xTitle, scale: { domain: [0, 1] }, axis: { format: FORMATS.shareShort } };
  const yEnc = { field: "y", type: "quantitative" as const, title: yTitle, scale: { domain: [0, 1] }, axis: { format: FORMATS.shareShort } };
  const marker = [{ x: 0.2, y: at20, label: `Top 20% of ${options.population ?? "customers"}: ${(at20 * 100).toFixed(0)}% of revenue` }];
  return themed({
    title: options.subtitle ? { text: title, subtitle: options.subtitle } : title,
    width,
    height,
    layer: [
      {
        data: { values: [{ x: 0, y: 0, x2: 1, y2: 1 }] },
        mark: { type: "rule", color: MUTED_COLOR, strokeDash: [2, 2] },
        encoding: { x: { ...xEnc, field: "x" }, y: { ...yEnc, field: "y" }, x2: { field: "x2" }, y2: { field: "y2" } },
      },
      {
        data: { values: [{ x: 0.2 }] },
        mark: { type: "rule", color: ACCENT_COLOR, strokeDash: [5, 4], opacity: 0.7 },
        encoding: { x: xEnc },
      },
      {
        data: { values: [{ y: 0.8 }] },
        mark: { type: "rule", color: ACCENT_COLOR, strokeDash: [5, 4], opacity: 0.7 },
        encoding: { y: yEnc },
      },
      {
        data: { values: pts },
        mark: { type: "line", color: MARK_COLOR, strokeWidth: 2 },
        encoding: {
          x: xEnc,
          y: yEnc,
          tooltip: [
            { field: "x", type: "quantitative", title: "Share of customers", format: FORMATS.share },
            { field: "y", type: "quantitative", title: "Share of revenue", format: FORMATS.share },
          ],
        },
      },
      {
        data: { values: marker },
        mark: { type: "point", color: ACCENT_COLOR, filled: true, size: 60 },
        encoding: { x: xEnc, y: yEnc, tooltip: { field: "label", type: "nominal", title: "80/20 check" } },
      },
      {
        data: { values: marker },
        mark: { type: "text", align: "left", dx: 8, dy: 12, color: ACCENT_COLOR },
        encoding: { x: xEnc, y: yEnc, text: { field: "label", type: "nominal" } },
      },
      {
        data: { values: [{ x: 0.98, y: 0.8, label: "80% of revenue" }] },
        mark: { type: "text", align: "right", dy: -6, color: MUTED_COLOR, fontSize: 10 },
        encoding: { x: xEnc, y: yEnc, text: { field: "label", type: "nominal" } },
      },
    ],
  });
}
