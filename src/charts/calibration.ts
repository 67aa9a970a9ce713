/** Calibration of purchase predictions: mean predicted against mean actual per group (decile) of prediction. */
import type { TopLevelSpec } from "vega-lite";
import { type BaseOptions, type Row, compareText, noDataSpec, num, str } from "./common.js";
import { CHART_SIZE, FORMATS, MUTED_COLOR, SEGMENT_PALETTE, themed } from "./theme.js";

/** Options of `calibrationChart`. */
export interface CalibrationOptions extends BaseOptions {
  /** Field of the model's name (one line per model). Default "model". */
  model?: string;
  /** Field of the group number (1 = the lowest predictions). Default "group". */
  group?: string;
  /** Fields of the mean predicted and mean actual value of the group. Defaults "predicted" and "actual". */
  predicted?: string;
  actual?: string;
  /** Field of the group's number of customers, shown in tooltips when present. Default "customers". */
  customers?: string;
  /** What is predicted, for the axis titles. Default "purchases per customer". */
  quantity?: string;
  /** The models in legend order (fixes their colours). Default: as they first appear. */
  models?: readonly string[];
}

/**
 * Mean actual (y) against mean predicted (x) for each group of customers ranked by prediction, one line per model,
 * with the diagonal where prediction = outcome: points above it are groups the model under-predicted. Equal axis
 * ranges, starting at 0. "No data" when there is nothing to draw.
 */
export function calibrationChart(rows: readonly Row[], options: CalibrationOptions = {}): TopLevelSpec {
  const mf = options.model ?? "model", gf = options.group ?? "group";
  const pf = options.predicted ?? "predicted", af = options.actual ?? "actual", cf = options.customers ?? "customers";
  const quantity = options.quantity ?? "purchases per customer";
  const title = options.title ?? `Predicted vs actual ${quantity}, by decile of prediction`;
  const width = options.width ?? 420;
  const height = options.height ?? 360;
  const points: { model: string; group: number; predicted: number; actual: number; customers: number | null }[] = [];
  for (const r of rows) {
    const p = num(r[pf]), a = num(r[af]), g = num(r[gf]);
    if (p === null || a === null || g === null) continue;
    points.push({ model: str(r[mf]) ?? "(model)", group: g, predicted: p, actual: a, customers: num(r[cf]) });
  }
  if (points.length === 0) return noDataSpec(title, { width, height: CHART_SIZE.height });
  const seen: string[] = [];
  for (const p of points) if (!seen.includes(p.model)) seen.push(p.model);
  const models = options.models ? [...options.models.filter((m) => seen.includes(m)), ...seen.filter((m) => !options.models!.includes(m))] : seen;
  points.sort((a, b) => models.indexOf(a.model) - models.indexOf(b.model) || a.group - b.group || compareText(a.model, b.model));
  const top = Math.max(...points.map((p) => Math.max(p.predicted, p.actual))) * 1.05 || 1;
  const scale = { domain: [0, top], nice: false };
  const x = { field: "predicted", type: "quantitative" as const, title: `Mean predicted ${quantity}`, scale, axis: { tickCount: 6 } };
  const y = { field: "actual", type: "quantitative" as const, title: `Mean actual ${quantity}`, scale };
  const color = { field: "model", type: "nominal" as const, title: "Model", scale: { domain: models, range: models.map((_, i) => SEGMENT_PALETTE[i % SEGMENT_PALETTE.length]) }, sort: models };
  return themed({
    title: { text: title, subtitle: "Above the dashed line: the model predicted too few; below it: too many" },
    width,
    height,
    layer: [
      {
        data: { values: [{ predicted: 0, actual: 0, predicted2: top, actual2: top }] },
        mark: { type: "rule", color: MUTED_COLOR, strokeDash: [4, 4] },
        encoding: { x, y, x2: { field: "predicted2" }, y2: { field: "actual2" } },
      },
      {
        data: { values: points },
        mark: { type: "line", point: { filled: true, size: 50 }, strokeWidth: 2 },
        encoding: {
          x,
          y,
          color,
          order: { field: "group", type: "quantitative" },
          tooltip: [
            { field: "model", type: "nominal", title: "Model" },
            { field: "group", type: "quantitative", title: "Decile of prediction (1 = lowest)" },
            ...(points.some((p) => p.customers !== null) ? [{ field: "customers", type: "quantitative" as const, title: "Customers", format: FORMATS.count }] : []),
            { field: "predicted", type: "quantitative", title: "Mean predicted", format: FORMATS.decimal },
            { field: "actual", type: "quantitative", title: "Mean actual", format: FORMATS.decimal },
          ],
        },
      },
    ],
  });
}
