/** The k scan: inertia (elbow), silhouette and Davies–Bouldin over k, with the chosen k marked. */
import type { TopLevelSpec } from "vega-lite";
import { type BaseOptions, type Row, noDataSpec, num } from "./common.js";
import { ACCENT_COLOR, CHART_SIZE, FORMATS, SEGMENT_PALETTE, themed } from "./theme.js";

/** Options of `kScanChart`. */
export interface KScanOptions extends BaseOptions {
  /** The k chosen (marked by a rule in every panel). Default none. */
  chosenK?: number;
  /** Field names of the scan rows. Defaults: "k", "inertia", "silhouette", "daviesBouldin" (as kmeansScan returns). */
  k?: string;
  inertia?: string;
  silhouette?: string;
  daviesBouldin?: string;
}

/**
 * Three small line charts over k: inertia (within-cluster sum of squares; look for the elbow), mean
 * silhouette (higher is better) and Davies–Bouldin index (lower is better), each with the chosen k marked by
 * a dashed rule. Panels whose metric is missing from every row are left out; no rows gives "No data".
 */
export function kScanChart(rows: readonly Row[], options: KScanOptions = {}): TopLevelSpec {
  const kf = options.k ?? "k";
  const title = options.title ?? "Choosing k: elbow, silhouette and Davies–Bouldin";
  const width = options.width ?? CHART_SIZE.width;
  const height = options.height ?? 200;
  const metrics = [
    { field: options.inertia ?? "inertia", title: "Inertia", hint: "look for the elbow", format: "~s", tooltipFormat: FORMATS.decimal },
    { field: options.silhouette ?? "silhouette", title: "Silhouette", hint: "higher is better", format: ".2f", tooltipFormat: FORMATS.score },
    { field: options.daviesBouldin ?? "daviesBouldin", title: "Davies–Bouldin", hint: "lower is better", format: ".2f", tooltipFormat: FORMATS.score },
  ];
  const panels = [];
  for (const [i, m] of metrics.entries()) {
    const values: { k: number; value: number }[] = [];
    for (const r of rows) {
      const k = num(r[kf]);
      const v = num(r[m.field]);
      if (k !== null && v !== null) values.push({ k, value: v });
    }
    if (values.length > 0) panels.push({ m, values: values.sort((a, b) => a.k - b.k), color: SEGMENT_PALETTE[i] });
  }
  if (panels.length === 0) return noDataSpec(title, { width, height });
  const ks = panels.flatMap((p) => p.values.map((v) => v.k));
  const domain = [Math.min(...ks), Math.max(...ks)];
  const chosen = options.chosenK;
  const panelWidth = Math.max(140, Math.floor(width / panels.length) - 70);
  const xEnc = {
    field: "k",
    type: "quantitative" as const,
    title: "Number of segments (k)",
    scale: { domain, nice: false, zero: false },
    axis: { format: "d", tickMinStep: 1 },
  };
  return themed({
    title,
    spacing: 30,
    hconcat: panels.map((p) => ({
      title: { text: p.m.title, subtitle: p.m.hint },
      width: panelWidth,
      height,
      layer: [
        {
          data: { values: p.values },
          mark: { type: "line" as const, color: p.color, point: { color: p.color } },
          encoding: {
            x: xEnc,
            y: { field: "value", type: "quantitative" as const, title: null, scale: { zero: false }, axis: { format: p.m.format } },
            tooltip: [
              { field: "k", type: "quantitative" as const, title: "k" },
              { field: "value", type: "quantitative" as const, title: p.m.title, format: p.m.tooltipFormat },
            ],
          },
        },
        ...(chosen === undefined || !Number.isFinite(chosen)
          ? []
          : [
              {
                data: { values: [{ k: chosen, label: `chosen k = ${chosen}` }] },
                mark: { type: "rule" as const, color: ACCENT_COLOR, strokeDash: [5, 4] },
                encoding: { x: xEnc, tooltip: { field: "label", type: "nominal" as const } },
              },
            ]),
      ],
    })),
  });
}
