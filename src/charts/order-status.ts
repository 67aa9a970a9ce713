/** Orders per month stacked by status (completed, failed, canceled, returned). */
import type { TopLevelSpec } from "vega-lite";
import { ORDER_STATUSES } from "../data/model.js";
import { type BaseOptions, type Row, isoDate, noDataSpec, num, str } from "./common.js";
import { CHART_SIZE, FORMATS, MUTED_COLOR, STATUS_COLORS, themed } from "./theme.js";

/** Options of `orderStatusBars`. */
export interface OrderStatusOptions extends BaseOptions {
  /** Field of the month (Date or ISO string such as "2011-03"). Default "month". */
  month?: string;
  /** Field of the order status. Default "status". */
  status?: string;
  /** Field of the order count. Default "orders". */
  value?: string;
  /** Stack to 100% (share of each month's orders) instead of counts. Default false. */
  normalize?: boolean;
}

/**
 * Stacked monthly bars of orders by status in canonical status order and colours (unknown statuses after
 * them, in grey shades); tooltips give the count and the share of the month. "No data" when empty.
 */
export function orderStatusBars(rows: readonly Row[], options: OrderStatusOptions = {}): TopLevelSpec {
  const mf = options.month ?? "month";
  const sf = options.status ?? "status";
  const vf = options.value ?? "orders";
  const title = options.title ?? "Orders per month by status";
  const width = options.width ?? CHART_SIZE.width;
  const height = options.height ?? CHART_SIZE.height;
  const bars: { month: string; status: string; orders: number; order: number }[] = [];
  for (const r of rows) {
    const m = isoDate(r[mf]);
    const s = str(r[sf]);
    const v = num(r[vf]);
    if (m !== null && s !== null && v !== null) bars.push({ month: m, status: s, orders: v, order: 0 });
  }
  if (bars.length === 0) return noDataSpec(title, { width, height });
  const known: readonly string[] = ORDER_STATUSES;
  const extra = [...new Set(bars.map((b) => b.status).filter((s) => !known.includes(s)))].sort();
  const domain = [...ORDER_STATUSES, ...extra];
  const range = [...ORDER_STATUSES.map((s) => STATUS_COLORS[s]), ...extra.map(() => MUTED_COLOR)];
  for (const b of bars) b.order = domain.indexOf(b.status);
  bars.sort((a, b) => Date.parse(a.month) - Date.parse(b.month) || a.order - b.order);
  const normalize = options.normalize ?? false;
  return themed({
    title,
    width,
    height,
    data: { values: bars },
    transform: [
      { joinaggregate: [{ op: "sum", field: "orders", as: "month_total" }], groupby: ["month"] },
      { calculate: "datum.month_total > 0 ? datum.orders / datum.month_total : 0", as: "share" },
    ],
    mark: { type: "bar", width: { band: 0.85 } },
    encoding: {
      x: { field: "month", type: "temporal", timeUnit: "utcyearmonth", title: "Month", axis: { format: FORMATS.month, labelOverlap: true } },
      y: {
        field: "orders",
        type: "quantitative",
        title: normalize ? "Share of the month's orders" : "Orders",
        stack: normalize ? "normalize" : "zero",
        axis: { format: normalize ? FORMATS.shareShort : "~s" },
      },
      color: { field: "status", type: "nominal", title: "Status", scale: { domain, range }, sort: domain },
      order: { field: "order", type: "quantitative", sort: "ascending" },
      tooltip: [
        { field: "month", type: "temporal", timeUnit: "utcyearmonth", title: "Month", format: FORMATS.month },
        { field: "status", type: "nominal", title: "Status" },
        { field: "orders", type: "quantitative", title: "Orders", format: FORMATS.count },
        { field: "share", type: "quantitative", title: "Share of month", format: FORMATS.share },
      ],
    },
  });
}
