import { describe, expect, it } from "vitest";
import { compileStrict, schemaErrors } from "../charts/helpers.js";
import {
  HEADLINE_FINDINGS,
  headlineCharts,
  monthLabel,
  mostValuableSegment,
  outcomesTakeaway,
  partialMonthsNote,
  revenueTakeaway,
  segmentsTakeaway,
} from "../../src/report/headlines.js";
import type { OverviewData, OutcomeRow, SegmentShare } from "../../src/report/overview-data.js";

const months = [
  { month: "2024-03", revenue: 2000 },
  { month: "2024-01", revenue: 1000 },
  { month: "2024-02", revenue: 3000 },
];
const segments: SegmentShare[] = [
  { segment: 1, name: "VIP", customers: 20, shareOfCustomers: 0.2, shareOfRevenue: 0.7 },
  { segment: 2, name: "Regular", customers: 80, shareOfCustomers: 0.8, shareOfRevenue: 0.3 },
];
const outcomes: OutcomeRow[] = [
  { status: "completed", orders: 90, share: 0.9, value: 9000 },
  { status: "failed", orders: 6, share: 0.06, value: 600 },
  { status: "canceled", orders: 4, share: 0.04, value: 400 },
  { status: "returned", orders: 0, share: 0, value: 0 },
];
const data: OverviewData = { revenueByMonth: months, orderStatus: outcomes, segments };
const allFindings = Object.values(HEADLINE_FINDINGS);

describe("takeaways, computed from the chart's numbers", () => {
  it("months read as words", () => {
    expect(monthLabel("2024-11")).toBe("November 2024");
    expect(monthLabel("2024-13")).toBe("2024-13");
    expect(monthLabel("week 3")).toBe("week 3");
  });
  it("revenue: the peak month, its multiple of the mean month (3000 / 2000) and the span", () => {
    expect(revenueTakeaway(months, "GBP")).toBe("Revenue peaked in February 2024 at £3,000.00, 1.5× the average month (£2,000.00), over 3 months.");
    expect(revenueTakeaway(months, null)).toBe("Revenue peaked in February 2024 at 3,000.00, 1.5× the average month (2,000.00), over 3 months.");
    expect(revenueTakeaway(months.slice(0, 1), "GBP")).toBeNull();
  });
  it("segments: the most valuable per share of customers (0.7 / 0.2 = 3.5 beats 0.375), and the largest when it differs", () => {
    expect(mostValuableSegment(segments)?.name).toBe("VIP");
    expect(segmentsTakeaway(segments)).toBe("VIP: 20.0% of customers bring 70.0% of revenue; the largest segment, Regular (80.0% of customers), brings 30.0%.");
    expect(segmentsTakeaway([{ ...segments[0], customers: 90 }])).toBe("VIP: 20.0% of customers bring 70.0% of revenue.");
    expect(segmentsTakeaway([])).toBeNull();
  });
  it("outcomes: each outcome other than completed with orders, its share of all orders and its value", () => {
    expect(outcomesTakeaway(outcomes, "GBP")).toBe("Of 100 orders, 6 (6.0%) failed (£600.00) and 4 (4.0%) were canceled (£400.00).");
  });
  it("outcomes whose value the data does not record say so; one order reads in the singular", () => {
    const uci: OutcomeRow[] = [
      { status: "completed", orders: 18532, share: 0.8353, value: 8887208.89 },
      { status: "canceled", orders: 3654, share: 0.1647, value: null },
    ];
    expect(outcomesTakeaway(uci, "GBP")).toBe("Of 22,186 orders, 3,654 (16.5%) were canceled (value not recorded).");
    expect(outcomesTakeaway([{ status: "completed", orders: 9, share: 0.9, value: 90 }, { status: "returned", orders: 1, share: 0.1, value: 5 }], null)).toBe(
      "Of 10 orders, 1 (10.0%) was returned (5.00).",
    );
  });
  it("outcomes with orders that have no line items give their value as a lower bound, with how many lack lines (Shop Smart)", () => {
    const shop: OutcomeRow[] = [
      { status: "completed", orders: 2998, share: 0.3271, value: 22760347.19, ordersWithoutLines: 1450 },
      { status: "failed", orders: 3078, share: 0.3358, value: 22567306.3, ordersWithoutLines: 1556 },
      { status: "canceled", orders: 3089, share: 0.337, value: 22114714.2, ordersWithoutLines: 0 },
    ];
    expect(outcomesTakeaway(shop, null)).toBe(
      "Of 9,165 orders, 3,078 (33.6%) failed (at least 22.57M: 1,556 of them have no line items) and 3,089 (33.7%) were canceled (22.11M).",
    );
    // A lower bound drawn as a bar would read as the total: the chart counts orders instead.
    const chart = headlineCharts(["order_failures"], { ...data, orderStatus: shop }, null)[0];
    expect((chart.spec as { encoding?: { x?: { title?: unknown } } }).encoding?.x?.title).toBe("Orders");
  });
  it("no outcome other than completed: no takeaway", () => {
    expect(outcomesTakeaway([{ status: "completed", orders: 1000, share: 1, value: 5 }, { status: "failed", orders: 0, share: 0, value: 0 }], "GBP")).toBeNull();
  });
});

describe("partial months", () => {
  it("notes a first month that does not start on the 1st and a last month that does not end on its last day", () => {
    expect(partialMonthsNote({ first: "2010-12-01T08:26:00", last: "2011-12-09T12:50:00" })).toBe("December 2011 is partial: the data ends on 2011-12-09.");
    expect(partialMonthsNote({ first: "2023-12-15", last: "2024-02-29" })).toBe("December 2023 is partial: the data starts on 2023-12-15.");
    expect(partialMonthsNote({ first: "2023-12-15", last: "2024-02-28" })).toBe(
      "December 2023 is partial: the data starts on 2023-12-15; February 2024 is partial: the data ends on 2024-02-28.",
    );
    expect(partialMonthsNote({ first: "2023-01-01", last: "2024-12-31" })).toBeUndefined();
    expect(partialMonthsNote({ first: null, last: null })).toBeUndefined();
    expect(partialMonthsNote(undefined)).toBeUndefined();
  });
  it("the revenue chart carries the note when the period is known", () => {
    expect(headlineCharts(["peak_month"], data, "GBP", { first: "2024-01-01", last: "2024-03-15" })[0].note).toBe("March 2024 is partial: the data ends on 2024-03-15.");
    expect(headlineCharts(["peak_month"], data, "GBP")[0].note).toBeUndefined();
  });
});

describe("headlineCharts", () => {
  it("a finding shown with a caveat puts the caveat in its chart's note, before the chart's own note", () => {
    const caveats = { most_valuable_segment: "the segmentation is weak", peak_month: "revenue covers 2 months" };
    const charts = headlineCharts(allFindings, data, "GBP", { first: "2024-01-01", last: "2024-03-15" }, caveats);
    expect(charts.find((c) => c.id === "segments")?.note).toBe("Read with care: the segmentation is weak.");
    expect(charts.find((c) => c.id === "revenue")?.note).toBe("Read with care: revenue covers 2 months. March 2024 is partial: the data ends on 2024-03-15.");
    expect(charts.find((c) => c.id === "outcomes")?.note).toBeUndefined();
  });
  it("draws revenue, segments and outcomes, in that order, when their findings exist; every spec is valid Vega-Lite that fills its box", async () => {
    const charts = headlineCharts(allFindings, data, "GBP");
    expect(charts.map((c) => c.id)).toEqual(["revenue", "segments", "outcomes"]);
    for (const c of charts) {
      expect(schemaErrors(c.spec)).toEqual([]);
      expect((await compileStrict(c.spec)).warnings).toEqual([]);
      expect((c.spec as { width?: unknown }).width).toBe("container");
    }
  });
  it("a chart whose finding is absent is not drawn (the findings decide what the data supports)", () => {
    expect(headlineCharts(["peak_month"], data, "GBP").map((c) => c.id)).toEqual(["revenue"]);
    expect(headlineCharts(["order_failures", "most_valuable_segment"], data, "GBP").map((c) => c.id)).toEqual(["segments", "outcomes"]);
    expect(headlineCharts([], data, "GBP")).toEqual([]);
  });
  it("nor is a chart with nothing to show: one month, no segments, every order completed, a missing export", () => {
    const thin: OverviewData = { revenueByMonth: months.slice(0, 1), orderStatus: outcomes.slice(0, 1), segments: [] };
    expect(headlineCharts(allFindings, thin, "GBP")).toEqual([]);
    expect(headlineCharts(allFindings, { revenueByMonth: null, orderStatus: null, segments: null }, "GBP")).toEqual([]);
  });
  it("outcome bars measure value when every outcome records it, else orders", () => {
    const byValue = headlineCharts(["order_failures"], data, "GBP")[0].spec as { data: { values: { measure: number }[] } };
    expect(byValue.data.values.map((v) => v.measure)).toEqual([600, 400]);
    const unknown = { ...data, orderStatus: [outcomes[0], { ...outcomes[1], value: null }, outcomes[2]] };
    const byOrders = headlineCharts(["order_failures"], unknown, "GBP")[0].spec as { data: { values: { measure: number }[] } };
    expect(byOrders.data.values.map((v) => v.measure)).toEqual([6, 4]);
  });
});
