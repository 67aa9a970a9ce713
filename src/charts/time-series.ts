/** Line chart of a quantity over time (revenue or interactions per day / week / month), with spikes marked. */
import type { TopLevelSpec } from "vega-lite";
import { type BaseOptions, type DateLike, type LayerChild, type Row, isoDate, noDataSpec, num, str } from "./common.js";
import { ACCENT_COLOR, CHART_SIZE, FORMATS, MARK_COLOR, themed } from "./theme.js";

/** A detected spike to annotate: its date, and optionally its value (default: the row's) and a label. */
export interface Spike {
  at: DateLike;
  /** Value at the spike; default: the `y` of the row with the same date. */
  value?: number;
  /** Short label drawn above the point; default: the value, formatted. */
  label?: string;
}

/** Options of `timeSeries`. */
export interface TimeSeriesOptions extends BaseOptions {
  /** Date field of the rows (Date, epoch ms, or ISO string; read as UTC). */
  x: string;
  /** Numeric field plotted on the y axis. */
  y: string;
  /** Title in plain words, e.g. "Revenue per day". */
  title: string;
  /** Spacing of the series, for axis and tooltip date formats. Default "day". */
  interval?: "day" | "week" | "month";
  /** y axis title. Default: the `y` field name. */
  yTitle?: string;
  /** x axis title. Default "Date" ("Month" for monthly series). */
  xTitle?: string;
  /** d3-format of y values. Default FORMATS.decimal (`,.2f`); use FORMATS.count for counts. */
  format?: string;
  /** Spikes to mark with a rule, a point and a label. Default none. */
  spikes?: readonly Spike[];
}

/**
 * A line chart of `y` over the dates in `x` (UTC), sorted by date, with optional spike annotations
 * (a dashed rule, a red point and a label at each spike). Empty input gives the "No data" chart.
 */
export function timeSeries(rows: readonly Row[], options: TimeSeriesOptions): TopLevelSpec {
  const { x, y, title } = options;
  const interval = options.interval ?? "day";
  const width = options.width ?? CHART_SIZE.width;
  const height = options.height ?? CHART_SIZE.height;
  const format = options.format ?? FORMATS.decimal;
  const yTitle = options.yTitle ?? y;
  const xTitle = options.xTitle ?? (interval === "month" ? "Month" : "Date");
  const timeUnit = interval === "month" ? ("utcyearmonth" as const) : ("utcyearmonthdate" as const);
  const dateFormat = interval === "month" ? FORMATS.month : FORMATS.date;

  const points: { date: string; value: number }[] = [];
  for (const r of rows) {
    const d = isoDate(r[x]);
    const v = num(r[y]);
    if (d !== null && v !== null) points.push({ date: d, value: v });
  }
  if (points.length === 0) return noDataSpec(title, { width, height });
  points.sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
  const byDate = new Map(points.map((p) => [Date.parse(p.date), p.value]));

  const spikeRows: { date: string; value: number; label: string | null }[] = [];
  for (const s of options.spikes ?? []) {
    const d = isoDate(s.at);
    if (d === null) continue;
    const v = s.value ?? byDate.get(Date.parse(d));
    if (v === undefined || !Number.isFinite(v)) continue;
    spikeRows.push({ date: d, value: v, label: str(s.label) });
  }
  const hasLabels = spikeRows.some((s) => s.label !== null);

  // Short series: one tick per day/month, never sub-day ticks that repeat a date label.
  const first = new Date(points[0].date);
  const last = new Date(points[points.length - 1].date);
  const span =
    interval === "month"
      ? (last.getUTCFullYear() - first.getUTCFullYear()) * 12 + last.getUTCMonth() - first.getUTCMonth()
      : (last.getTime() - first.getTime()) / 86_400_000;
  const tickInterval = interval === "month" ? ("month" as const) : ("day" as const);
  const xEnc = {
    field: "date",
    type: "temporal" as const,
    timeUnit,
    title: xTitle,
    axis: span < 12
      ? { format: dateFormat, labelOverlap: true, tickCount: { interval: tickInterval, step: 1 } }
      : { format: dateFormat, labelOverlap: true },
  };
  const yEnc = { field: "value", type: "quantitative" as const, title: yTitle, axis: { format: "~s" } };
  const tooltip = [
    { field: "date", type: "temporal" as const, timeUnit, title: xTitle, format: dateFormat },
    { field: "value", type: "quantitative" as const, title: yTitle, format },
  ];

  const line = {
    data: { values: points },
    mark: { type: "line" as const, color: MARK_COLOR, strokeWidth: 1.5, point: points.length <= 60 },
    encoding: { x: xEnc, y: yEnc, tooltip },
  };
  const layers: LayerChild[] = [line];
  if (spikeRows.length > 0) {
    const data = { values: spikeRows };
    layers.push(
      {
        data,
        mark: { type: "rule", color: ACCENT_COLOR, strokeDash: [4, 3], opacity: 0.6 },
        encoding: { x: xEnc },
      },
      {
        data,
        mark: { type: "point", color: ACCENT_COLOR, filled: true, size: 70 },
        encoding: {
          x: xEnc,
          y: yEnc,
          tooltip: [...tooltip, ...(hasLabels ? [{ field: "label", type: "nominal" as const, title: "Note" }] : [])],
        },
      },
      {
        data,
        mark: { type: "text", color: ACCENT_COLOR, dy: -12, fontWeight: 600 },
        encoding: {
          x: xEnc,
          y: yEnc,
          text: hasLabels
            ? { field: "label", type: "nominal" as const }
            : { field: "value", type: "quantitative" as const, format },
        },
      },
    );
  }
  return themed({ title, width, height, layer: layers });
}
