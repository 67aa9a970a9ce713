/**
 * Every builder, on a small fixture and on an empty table: valid against vega-lite's JSON schema, compiles
 * with no warning, renders to SVG in Node with marks drawn (and "No data" for the empty case).
 */
import { describe, expect, it } from "vitest";
import type { TopLevelSpec } from "vega-lite";
import {
  cohortHeatmap,
  donut,
  geoBars,
  heatmap,
  kScanChart,
  lookalikeNetwork,
  lookalikeTable,
  orderOutcomeBars,
  orderStatusBars,
  paretoCurve,
  profileHeatmap,
  rankedBars,
  responsive,
  segmentScatter,
  shareComparison,
  timeSeries,
  topProductsComparison,
  calibrationChart,
} from "../../src/charts/index.js";
import type { Row } from "../../src/charts/common.js";
import { markCount, renderChecked, schemaErrors, svgTexts } from "./helpers.js";

const segments = ["Champions", "Loyal", "At risk"];

const fixtures: Record<string, { build: (rows: readonly Row[]) => TopLevelSpec; rows: Row[]; texts?: string[] }> = {
  timeSeries: {
    build: (rows) =>
      timeSeries(rows, { x: "day", y: "revenue", title: "Revenue per day", yTitle: "Revenue (GBP)", spikes: [{ at: "2011-01-02", label: "Sale day" }] }),
    rows: [
      { day: "2011-01-03", revenue: 100 },
      { day: "2011-01-01", revenue: 120.5 },
      { day: new Date(Date.UTC(2011, 0, 2)), revenue: 900 },
      { day: "2011-01-04", revenue: null },
    ],
    texts: ["Sale day", "Revenue per day", "2011-01-02"],
  },
  timeSeriesMonthly: {
    build: (rows) => timeSeries(rows, { x: "month", y: "sessions", title: "Sessions per month", interval: "month", format: ",d", spikes: [{ at: "2011-02" }] }),
    rows: [
      { month: "2011-01", sessions: 10 },
      { month: "2011-02", sessions: 50 },
      { month: "2011-03", sessions: 12 },
    ],
    texts: ["50", "Feb 2011"],
  },
  rankedBars: {
    build: (rows) => rankedBars(rows, { category: "product", value: "units", title: "Units by product", valueTitle: "Units" }),
    rows: [
      { product: "Mug", units: 30 },
      { product: "Lamp", units: 120 },
      { product: "Candle", units: 5 },
    ],
    texts: ["Lamp", "120"],
  },
  topProductsComparison: {
    build: (rows) => topProductsComparison(rows, { currency: "GBP", limit: 2 }),
    rows: [
      { product_name: "Mug", interactions: 300, revenue: 10.5, units: 3 },
      { product_name: "Lamp", interactions: 20, revenue: 1200, units: 40 },
      { product_name: "Candle", interactions: 100, revenue: 55, units: 90 },
    ],
    texts: ["By interactions", "By revenue (GBP)", "By units sold", "Candle"],
  },
  donut: {
    build: (rows) => donut(rows, { segments }),
    rows: [
      { segment: "Loyal", customers: 50 },
      { segment: "Champions", customers: 25 },
      { segment: "At risk", customers: 25 },
    ],
    texts: ["50%", "25%", "Champions"],
  },
  paretoCurve: {
    build: (rows) => paretoCurve(rows),
    rows: [
      { customer_share: 0.1, revenue_share: 0.5 },
      { customer_share: 0.3, revenue_share: 0.9 },
      { customer_share: 1, revenue_share: 1 },
    ],
    // (0.1, 0.5) → (0.3, 0.9): at 0.2, 0.5 + 0.4 × 0.5 = 0.7
    texts: ["Top 20% of customers: 70% of revenue"],
  },
  paretoCurveKnownSpend: {
    // rows without shares (customers whose spend is unknown, unranked in pareto.csv) are not drawn
    build: (rows) => paretoCurve(rows, { subtitle: "Only the 2 customers whose completed orders all have lines", population: "customers with known spend" }),
    rows: [
      { customer_share: 0.1, revenue_share: 0.5 },
      { customer_share: 0.3, revenue_share: 0.9 },
      { customer_share: 1, revenue_share: 1 },
      { customer_share: null, revenue_share: null },
    ],
    texts: ["Top 20% of customers with known spend: 70% of revenue", "Only the 2 customers whose completed orders all have lines"],
  },
  segmentScatter: {
    build: (rows) => segmentScatter(rows, { explained: [0.4567, 0.2], segments }),
    rows: [
      { customer_id: "c1", pc1: 1.5, pc2: -0.2, segment: "Champions" },
      { customer_id: "c2", pc1: -1, pc2: 0.7, segment: "Loyal" },
      { customer_id: "c3", pc1: 0.1, pc2: 0.1, segment: "At risk" },
    ],
    texts: ["PC1 (45.7% of variance)", "PC2 (20.0% of variance)"],
  },
  kScanChart: {
    build: (rows) => kScanChart(rows, { chosenK: 3 }),
    rows: [
      { k: 2, inertia: 900, silhouette: 0.41, daviesBouldin: 1.1 },
      { k: 3, inertia: 500, silhouette: 0.45, daviesBouldin: 0.9 },
      { k: 4, inertia: 420, silhouette: 0.38, daviesBouldin: 1.0 },
    ],
    texts: ["Silhouette", "higher is better", "Davies–Bouldin", "lower is better"],
  },
  cohortHeatmap: {
    build: (rows) => cohortHeatmap(rows),
    rows: [
      { cohort: "2011-01", period: 0, retention: 1 },
      { cohort: "2011-01", period: 1, retention: 0.4 },
      { cohort: "2011-01", period: 10, retention: 0.1 },
      { cohort: "2011-02", period: 0, retention: 1 },
    ],
    texts: ["40%", "100%", "Months since first order"],
  },
  profileHeatmap: {
    build: (rows) => profileHeatmap(rows, { yOrder: segments }),
    rows: [
      { segment: "Champions", feature: "monetary", z: 1.8 },
      { segment: "Champions", feature: "recency_days", z: -0.9 },
      { segment: "At risk", feature: "monetary", z: -0.3 },
      { segment: "At risk", feature: "recency_days", z: 1.2 },
    ],
    texts: ["+1.8", "−0.9"],
  },
  heatmapGeneric: {
    build: (rows) => heatmap(rows, { x: "a", y: "b", value: "v", title: "Generic", format: ",d" }),
    rows: [{ a: "x", b: "y", v: 3 }],
    texts: ["3"],
  },
  geoBars: {
    build: (rows) => geoBars(rows, { currency: "GBP" }),
    rows: [
      { country: "France", revenue: 2000, customers: 80 },
      { country: "United Kingdom", revenue: 90000, customers: 3900 },
      { country: "Germany", revenue: 2500, customers: 90 },
    ],
    texts: ["United Kingdom", "Revenue (GBP)", "Customers"],
  },
  orderStatusBars: {
    build: (rows) => orderStatusBars(rows),
    rows: [
      { month: "2011-01", status: "completed", orders: 90 },
      { month: "2011-01", status: "canceled", orders: 10 },
      { month: "2011-02", status: "completed", orders: 70 },
      { month: "2011-02", status: "returned", orders: 5 },
      { month: "2011-02", status: "on-hold", orders: 1 },
    ],
    texts: ["completed", "on-hold"],
  },
  orderOutcomeBars: {
    build: (rows) => orderOutcomeBars(rows, { currency: "GBP" }),
    rows: [
      { status: "completed", orders: 90, share: 0.9, value: 9000 },
      { status: "canceled", orders: 4, share: 0.04, value: 400 },
      { status: "failed", orders: 6, share: 0.06, value: 600.5 },
      { status: "returned", orders: 0, share: 0, value: 0 },
    ],
    texts: ["failed", "canceled", "601", "400", "Value (GBP)"],
  },
  orderOutcomeOrders: {
    build: (rows) => orderOutcomeBars(rows, { measure: "orders" }),
    rows: [
      { status: "completed", orders: 18532, share: 0.8353, value: 8887208.89 },
      { status: "canceled", orders: 3654, share: 0.1647, value: null },
    ],
    texts: ["canceled", "3,654", "Orders"],
  },
  shareComparison: {
    build: (rows) => shareComparison(rows, { order: ["VIP", "Regular"] }),
    rows: [
      { segment: "Regular", share_of_customers: 0.8, share_of_revenue: 0.3 },
      { segment: "VIP", share_of_customers: 0.2, share_of_revenue: 0.7 },
      { segment: "Unknown", share_of_customers: null, share_of_revenue: 0.1 },
    ],
    texts: ["VIP", "Regular", "70.0%", "20.0%", "Share of customers", "Share of revenue"],
  },
  lookalikeTable: {
    build: (rows) => lookalikeTable(rows),
    rows: [
      { customer_id: "c1", neighbor_id: "c7", rank: 1, score: 0.93 },
      { customer_id: "c1", neighbor_id: "c9", rank: 2, score: 0.81 },
      { customer_id: "c2", neighbor_id: "c1", rank: 1, score: 0.77 },
      { customer_id: "c2", neighbor_id: "c5", rank: 2, score: 0.5 },
    ],
    texts: ["c7  0.93", "c9  0.81", "#1"],
  },
  lookalikeNetwork: {
    build: (rows) => lookalikeNetwork(rows, { segments }),
    rows: [
      { customer_id: "c1", neighbor_id: "c7", rank: 1, score: 0.93, segment: "Champions", neighbor_segment: "Loyal" },
      { customer_id: "c1", neighbor_id: "c9", rank: 2, score: 0.81, segment: "Champions", neighbor_segment: "Champions" },
      { customer_id: "c2", neighbor_id: "c7", rank: 1, score: 0.77, segment: "At risk", neighbor_segment: "Loyal" },
    ],
    texts: ["c1", "c2", "c7", "c9"],
  },
  calibrationChart: {
    build: (rows) => calibrationChart(rows, { models: ["BG/NBD", "Past rate"] }),
    rows: [
      { model: "Past rate", group: 1, customers: 10, predicted: 0, actual: 0.2 },
      { model: "BG/NBD", group: 1, customers: 10, predicted: 0.1, actual: 0.2 },
      { model: "BG/NBD", group: 2, customers: 10, predicted: 1.5, actual: 2.4 },
      { model: "Past rate", group: 2, customers: 10, predicted: 1.2, actual: 2.4 },
    ],
    texts: ["BG/NBD", "Past rate", "Mean predicted purchases per customer"],
  },
};

describe.each(Object.entries(fixtures))("%s", (_name, f) => {
  it("on a small table: valid schema, no compile warning, marks drawn, expected texts", async () => {
    const spec = f.build(f.rows);
    expect(schemaErrors(spec)).toEqual([]);
    const { svg, warnings } = await renderChecked(spec);
    expect(warnings).toEqual([]);
    expect(markCount(svg)).toBeGreaterThan(0);
    const texts = svgTexts(svg);
    expect(texts).not.toContain("No data");
    for (const t of f.texts ?? []) expect(texts).toContain(t);
  });

  it("on an empty table: a 'No data' chart, valid and warning-free", async () => {
    const spec = f.build([]);
    expect(schemaErrors(spec)).toEqual([]);
    const { svg, warnings } = await renderChecked(spec);
    expect(warnings).toEqual([]);
    expect(svgTexts(svg)).toContain("No data");
  });

  it("is deterministic: the same rows give the same JSON", () => {
    expect(JSON.stringify(f.build(f.rows))).toBe(JSON.stringify(f.build(f.rows.map((r) => ({ ...r })))));
  });
});

describe("responsive", () => {
  it("a single or layered chart fills its container's width; a concatenated one is left as it is", () => {
    const single = timeSeries([{ day: "2011-01-01", revenue: 1 }], { x: "day", y: "revenue", title: "R" });
    expect(responsive(single)).toMatchObject({ width: "container", autosize: { type: "fit-x", contains: "padding" }, height: 300 });
    expect(schemaErrors(responsive(single))).toEqual([]);
    const concat = topProductsComparison([{ product_name: "Mug", interactions: 3, revenue: 10, units: 1 }]);
    expect(responsive(concat)).toBe(concat);
  });
});
