/**
 * The overview's headline charts, each with a one-sentence takeaway computed from the same numbers: revenue per
 * month, share of customers vs share of revenue by segment, and orders that were not completed by outcome.
 * A chart is drawn only when the finding it illustrates is in business_insights.json (HEADLINE_FINDINGS; which
 * findings a store supports is decided where the findings are built) and its table has something to show.
 * Pure functions over the exports (see overview-data.ts).
 */
import type { TopLevelSpec } from "vega-lite";
import { orderOutcomeBars, responsive, shareComparison, timeSeries } from "../charts/index.js";
import { formatCount, formatMoney, formatPct } from "../insights/format.js";
import type { MonthRevenue, OutcomeRow, OverviewData, SegmentShare } from "./overview-data.js";

/** The headline charts, in page order. */
export type HeadlineId = "revenue" | "segments" | "outcomes";

/** The finding each headline chart illustrates: no finding, no chart. */
export const HEADLINE_FINDINGS: Readonly<Record<HeadlineId, string>> = {
  revenue: "peak_month",
  segments: "most_valuable_segment",
  outcomes: "order_failures",
};

/** Where the full analysis behind each headline chart is: notebook stem and the cell label of its figure. */
export const HEADLINE_DETAILS: Readonly<Record<HeadlineId, { stem: string; label: string }>> = {
  revenue: { stem: "01-eda", label: "fig-revenue-month" },
  segments: { stem: "02-segmentation", label: "fig-segment-sizes" },
  outcomes: { stem: "01-eda", label: "fig-order-status" },
};

/**
 * One headline chart: its takeaway sentence and its Vega-Lite spec (filling its container's width, without a
 * title of its own: the heading and the takeaway above it say what it shows, and a title would not fit a phone).
 */
export interface HeadlineChart {
  id: HeadlineId;
  /** The finding it illustrates (HEADLINE_FINDINGS). */
  findingId: string;
  /** Short heading, e.g. "Revenue over time". */
  heading: string;
  /** One sentence computed from the chart's numbers. */
  takeaway: string;
  /** A caveat the reader needs to read the chart right (e.g. a partial first or last month), or undefined. */
  note?: string;
  spec: TopLevelSpec;
}

/** The span of the data (the data card's `period`): first and last day recorded, ISO dates or datetimes. */
export interface DataPeriod {
  first: string | null;
  last: string | null;
}

/**
 * Which end months of the revenue series the data covers only in part, from the first and last day recorded:
 * a first month that does not start on the 1st, a last month that does not end on its last day.
 * @example partialMonthsNote({ first: "2010-12-01", last: "2011-12-09" });
 * // => "December 2011 is partial: the data ends on 2011-12-09."
 */
export function partialMonthsNote(period: DataPeriod | undefined): string | undefined {
  const day = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : null);
  const first = day(period?.first ?? null);
  const last = day(period?.last ?? null);
  const parts: string[] = [];
  if (first && !first.endsWith("-01")) parts.push(`${monthLabel(first.slice(0, 7))} is partial: the data starts on ${first}`);
  if (last) {
    const [y, m, d] = last.split("-").map(Number);
    const monthEnd = new Date(Date.UTC(y, m, 0)).getUTCDate();
    if (d !== monthEnd) parts.push(`${monthLabel(last.slice(0, 7))} is partial: the data ends on ${last}`);
  }
  if (parts.length === 0) return undefined;
  return parts.join("; ") + ".";
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/**
 * A `YYYY-MM` month in words; anything else unchanged.
 * @example monthLabel("2024-11"); // => "November 2024"
 */
export function monthLabel(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  const i = m ? Number(m[2]) - 1 : -1;
  return m && i >= 0 && i < 12 ? `${MONTHS[i]} ${m[1]}` : month;
}

/** Months sorted by `YYYY-MM`, the peak (first of equals) and the mean monthly revenue; null for fewer than 2 months. */
export function revenueSummary(rows: readonly MonthRevenue[]): { months: MonthRevenue[]; peak: MonthRevenue; mean: number } | null {
  if (rows.length < 2) return null;
  const months = [...rows].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  let peak = months[0];
  for (const r of months) if (r.revenue > peak.revenue) peak = r;
  const mean = months.reduce((s, r) => s + r.revenue, 0) / months.length;
  return { months, peak, mean };
}

/**
 * The revenue takeaway: the peak month, its revenue, its multiple of the average month and the span.
 * @example revenueTakeaway([{ month: "2024-01", revenue: 100 }, { month: "2024-02", revenue: 300 }], "GBP");
 * // => "Revenue peaked in February 2024 at £300.00, 1.5× the average month (£200.00), over 2 months."
 */
export function revenueTakeaway(rows: readonly MonthRevenue[], currency: string | null): string | null {
  const s = revenueSummary(rows);
  if (!s) return null;
  const ratio = s.mean > 0 ? s.peak.revenue / s.mean : 0;
  return (
    `Revenue peaked in ${monthLabel(s.peak.month)} at ${formatMoney(s.peak.revenue, currency)}, ` +
    `${formatCount(ratio, 1)}× the average month (${formatMoney(s.mean, currency)}), over ${formatCount(s.months.length)} months.`
  );
}

/** The segment that earns most per share of customers (share of revenue ÷ share of customers; ties: lower number). */
export function mostValuableSegment(segments: readonly SegmentShare[]): SegmentShare | null {
  let best: SegmentShare | null = null;
  const ratio = (s: SegmentShare) => s.shareOfRevenue / Math.max(s.shareOfCustomers, 1e-12);
  for (const s of segments) {
    if (best === null || ratio(s) > ratio(best) || (ratio(s) === ratio(best) && s.segment < best.segment)) best = s;
  }
  return best;
}

/**
 * The segments takeaway: the most valuable segment's share of customers and of revenue, and the largest
 * segment's when it is another one.
 * @example segmentsTakeaway([{ segment: 1, name: "VIP", customers: 10, shareOfCustomers: 0.1, shareOfRevenue: 0.6 }]);
 * // => "VIP: 10.0% of customers bring 60.0% of revenue."
 */
export function segmentsTakeaway(segments: readonly SegmentShare[]): string | null {
  const best = mostValuableSegment(segments);
  if (!best) return null;
  let largest = segments[0];
  for (const s of segments) if (s.customers > largest.customers || (s.customers === largest.customers && s.segment < largest.segment)) largest = s;
  const head = `${best.name}: ${formatPct(best.shareOfCustomers)} of customers bring ${formatPct(best.shareOfRevenue)} of revenue`;
  if (largest.segment === best.segment) return `${head}.`;
  return `${head}; the largest segment, ${largest.name} (${formatPct(largest.shareOfCustomers)} of customers), brings ${formatPct(largest.shareOfRevenue)}.`;
}

/** The outcomes other than `completed` that have orders, in the table's order. */
export function lostOutcomes(rows: readonly OutcomeRow[]): OutcomeRow[] {
  return rows.filter((r) => r.status !== "completed" && r.orders > 0);
}

function outcomeVerb(status: string, orders: number): string {
  const was = orders === 1 ? "was" : "were";
  if (status === "failed") return "failed";
  if (status === "canceled" || status === "returned") return `${was} ${status}`;
  return `ended as "${status}"`;
}

/** True when some orders of this outcome have no line items, so its value is a lower bound. */
function valueIsLowerBound(r: OutcomeRow): boolean {
  return r.value !== null && (r.ordersWithoutLines ?? 0) > 0;
}

/**
 * The outcomes takeaway: of all orders, how many ended each other way than completed, with their value, "at least"
 * a value when some of those orders have no line items (and how many), or "value not recorded"; null when every
 * order completed.
 * @example outcomesTakeaway([{ status: "completed", orders: 90, share: 0.9, value: 900 }, { status: "failed", orders: 10, share: 0.1, value: 80 }], "GBP");
 * // => "Of 100 orders, 10 (10.0%) failed (£80.00)."
 */
export function outcomesTakeaway(rows: readonly OutcomeRow[], currency: string | null): string | null {
  const lost = lostOutcomes(rows);
  if (lost.length === 0) return null;
  const total = rows.reduce((s, r) => s + r.orders, 0);
  const parts = lost.map((r) => {
    const share = total > 0 ? formatPct(r.orders / total) : "n/a";
    const value =
      r.value === null
        ? "value not recorded"
        : valueIsLowerBound(r)
          ? `at least ${formatMoney(r.value, currency)}: ${formatCount(r.ordersWithoutLines ?? 0)} of them have no line items`
          : formatMoney(r.value, currency);
    return `${formatCount(r.orders)} (${share}) ${outcomeVerb(r.status, r.orders)} (${value})`;
  });
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
  return `Of ${formatCount(total)} orders, ${list}.`;
}

/** The money axis title: "Revenue (GBP)", or "Revenue" when the currency is unknown. */
function moneyTitle(what: string, currency: string | null): string {
  return currency ? `${what} (${currency})` : what;
}

/**
 * The headline charts the data supports, in page order: each only when its finding (HEADLINE_FINDINGS) is among
 * `findingIds` and its export has something to show (≥ 2 months; ≥ 1 segment; ≥ 1 order not completed). With the
 * data's `period` (the data card's), the revenue chart notes a partial first or last month. `caveats` maps a
 * finding id to the reason it is shown with a caveat (business_insights.json `sufficiency`, status "caveat"),
 * which the chart repeats as its note, so a chart never reads stronger than its finding.
 */
export function headlineCharts(
  findingIds: readonly string[],
  data: OverviewData,
  currency: string | null,
  period?: DataPeriod,
  caveats: Readonly<Record<string, string>> = {},
): HeadlineChart[] {
  const has = (id: HeadlineId) => findingIds.includes(HEADLINE_FINDINGS[id]);
  /** The caveat of a chart's finding as a note ("Read with care: …."), joined to the chart's own note. */
  const withCaveat = (id: HeadlineId, note?: string): string | undefined => {
    const reason = caveats[HEADLINE_FINDINGS[id]];
    const parts = [reason ? `Read with care: ${reason}.` : undefined, note].filter((p): p is string => !!p);
    return parts.length > 0 ? parts.join(" ") : undefined;
  };
  const out: HeadlineChart[] = [];
  const revenue = data.revenueByMonth ? revenueSummary(data.revenueByMonth) : null;
  const revenueText = data.revenueByMonth ? revenueTakeaway(data.revenueByMonth, currency) : null;
  if (has("revenue") && revenue && revenueText) {
    out.push({
      id: "revenue",
      findingId: HEADLINE_FINDINGS.revenue,
      heading: "Revenue over time",
      takeaway: revenueText,
      note: withCaveat("revenue", partialMonthsNote(period)),
      spec: responsive(
        timeSeries(revenue.months.map((m) => ({ month: m.month, revenue: m.revenue })), {
          x: "month",
          y: "revenue",
          interval: "month",
          title: "",
          yTitle: moneyTitle("Revenue", currency),
          height: 220,
          spikes: [{ at: revenue.peak.month, label: "peak" }],
        }),
      ),
    });
  }
  const segmentsText = data.segments ? segmentsTakeaway(data.segments) : null;
  if (has("segments") && data.segments && segmentsText) {
    const rows = [...data.segments].sort((a, b) => a.segment - b.segment);
    out.push({
      id: "segments",
      findingId: HEADLINE_FINDINGS.segments,
      heading: "Who brings the revenue",
      takeaway: segmentsText,
      note: withCaveat("segments"),
      spec: responsive(
        shareComparison(
          rows.map((s) => ({ segment: s.name, share_of_customers: s.shareOfCustomers, share_of_revenue: s.shareOfRevenue })),
          { title: "" },
        ),
      ),
    });
  }
  const outcomesText = data.orderStatus ? outcomesTakeaway(data.orderStatus, currency) : null;
  if (has("outcomes") && data.orderStatus && outcomesText) {
    const lost = lostOutcomes(data.orderStatus);
    // Bars of value only when every value is recorded in full; a lower bound drawn as a bar would read as the total.
    const measure = lost.every((r) => r.value !== null && !valueIsLowerBound(r)) ? "value" : "orders";
    out.push({
      id: "outcomes",
      findingId: HEADLINE_FINDINGS.outcomes,
      heading: "Orders that were not completed",
      takeaway: outcomesText,
      note: withCaveat("outcomes"),
      spec: responsive(orderOutcomeBars(data.orderStatus.map((r) => ({ ...r })), { measure, currency, title: "" })),
    });
  }
  return out;
}
