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

/** Options of `orderOutcomeBars`. */
export interface OrderOutcomeOptions extends BaseOptions {
  /** What the bars measure: the orders' `value` (money) or their number (`orders`). Default "value". */
  measure?: "value" | "orders";
  /** ISO code of the money values, for the axis title. Default none. */
  currency?: string | null;
  /** Statuses left out (the outcome that is not a loss). Default ["completed"]. */
  exclude?: readonly string[];
}

/**
 * One horizontal bar per order outcome from an `order_status.csv`-shaped table (`status`, `orders`, `value`):
 * the value (or number) of the orders that ended that way, in the status colours, labelled; tooltips give
 * orders, share of all orders (counted over every row, `exclude`d ones included) and value. Outcomes with no orders, and `exclude`d ones, are left out; with
 * `measure: "value"`, so are outcomes whose value is not recorded (null). Nothing left gives "No data".
 */
export function orderOutcomeBars(rows: readonly Row[], options: OrderOutcomeOptions = {}): TopLevelSpec {
  const measure = options.measure ?? "value";
  const exclude = options.exclude ?? ["completed"];
  const title = options.title ?? (measure === "value" ? "Value of orders not completed, by outcome" : "Orders not completed, by outcome");
  const width = options.width ?? 560;
  const bars: { status: string; orders: number; share: number | null; value: number | null; measure: number; order: number }[] = [];
  const known: readonly string[] = ORDER_STATUSES;
  // Shares from the counts of every outcome (the table's rounded `share` column would disagree with them).
  const total = rows.reduce((sum, r) => sum + Math.max(0, num(r.orders) ?? 0), 0);
  for (const r of rows) {
    const s = str(r.status);
    const orders = num(r.orders);
    if (s === null || orders === null || orders <= 0 || exclude.includes(s)) continue;
    const value = num(r.value);
    const m = measure === "value" ? value : orders;
    if (m === null) continue;
    bars.push({ status: s, orders, share: total > 0 ? orders / total : null, value, measure: m, order: known.includes(s) ? known.indexOf(s) : known.length });
  }
  const height = options.height ?? Math.max(60, bars.length * 34);
  if (bars.length === 0) return noDataSpec(title, { width, height });
  bars.sort((a, b) => a.order - b.order || (a.status < b.status ? -1 : a.status > b.status ? 1 : 0));
  const domain = bars.map((b) => b.status);
  const range = domain.map((s) => (known.includes(s) ? STATUS_COLORS[s as (typeof ORDER_STATUSES)[number]] : MUTED_COLOR));
  const money = options.currency ? `Value (${options.currency})` : "Value";
  const format = measure === "value" ? FORMATS.money : FORMATS.count;
  return themed({
    title,
    width,
    height,
    data: { values: bars },
    encoding: {
      y: { field: "status", type: "nominal", title: null, sort: domain },
      x: { field: "measure", type: "quantitative", title: measure === "value" ? money : "Orders", axis: { format: "~s", tickCount: 5 } },
    },
    layer: [
      {
        mark: { type: "bar", height: { band: 0.6 } },
        encoding: {
          color: { field: "status", type: "nominal", scale: { domain, range }, legend: null },
          tooltip: [
            { field: "status", type: "nominal", title: "Outcome" },
            { field: "orders", type: "quantitative", title: "Orders", format: FORMATS.count },
            { field: "share", type: "quantitative", title: "Share of orders", format: FORMATS.share },
            ...(measure === "value" ? [{ field: "value", type: "quantitative" as const, title: money, format: FORMATS.money }] : []),
          ],
        },
      },
      {
        mark: { type: "text", align: "left", dx: 4, fontSize: 11, color: "#333333" },
        encoding: { text: { field: "measure", type: "quantitative", format: measure === "value" ? ",.0f" : format } },
      },
    ],
  });
}
