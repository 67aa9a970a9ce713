/**
 * The case study's charts: every figure of the notebooks and the site, built from an `AnalysisResult` by the
 * typed builders in src/charts. One function per figure, so a notebook cell is one call and one display, and
 * `casestudy figures` writes the same specs to `report/figures/`.
 */
import type { TopLevelSpec } from "vega-lite";
import {
  calibrationChart,
  cohortHeatmap,
  donut,
  geoBars,
  kScanChart,
  lookalikeNetwork,
  lookalikeTable as lookalikeTableSpec,
  orderStatusBars,
  paretoCurve,
  profileHeatmap,
  rankedBars,
  segmentScatter,
  timeSeries,
  topProductsComparison,
  FORMATS,
  type Row,
} from "../charts/index.js";
import { formatCount, geographyLevel, storeCoverage, type ExportTable } from "../insights/index.js";
import { hasTable } from "../data/model.js";
import type { AnalysisResult } from "./analysis.js";

/** Rows (plain objects) of an export table, for the chart builders; empty when the table is absent. */
export function tableRows(table: ExportTable | undefined): Row[] {
  if (!table) return [];
  const n = table.columns.length ? table.columns[0].length : 0;
  const rows: Row[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row: Record<string, unknown> = {};
    for (let j = 0; j < table.header.length; j++) row[table.header[j]] = table.columns[j][i];
    rows[i] = row;
  }
  return rows;
}

/** The ordered segment names (segment 1 first): fixes the colours of every segment chart. */
export function segmentOrder(result: AnalysisResult): string[] {
  return result.model.names.slice();
}

/** Revenue per month, the peak month marked (the title states the coverage when some completed orders lack lines). */
export function revenueByMonthChart(result: AnalysisResult): TopLevelSpec {
  const rows = tableRows(result.tables["revenue_by_month.csv"]).filter((r) => r.revenue !== null && r.revenue !== undefined);
  let peak: Row | undefined;
  for (const r of rows) if (peak === undefined || Number(r.revenue) > Number(peak.revenue)) peak = r;
  const c = storeCoverage(result.store);
  const partial = c.completedOrdersWithLines < c.completedOrders;
  return timeSeries(rows, {
    x: "month",
    y: "revenue",
    interval: "month",
    title: partial
      ? `Revenue per month, at least (${formatCount(c.completedOrdersWithLines)} of ${formatCount(c.completedOrders)} completed orders have lines)`
      : "Revenue per month (completed orders)",
    yTitle: currencyTitle("Revenue", result),
    spikes: peak ? [{ at: String(peak.month), label: "peak" }] : [],
  });
}

/** Interactions per day with the days flagged by the robust z-score rule; null when there are no interactions. */
export function interactionsChart(result: AnalysisResult): TopLevelSpec | null {
  const table = result.tables["interactions_by_day.csv"];
  if (!table) return null;
  const rows = tableRows(table);
  return timeSeries(rows, {
    x: "day",
    y: "interactions",
    title: "Interactions per day (spikes: robust z-score > 3.5)",
    yTitle: "Interactions",
    format: FORMATS.count,
    spikes: rows.filter((r) => r.is_spike === true || r.is_spike === 1).map((r) => ({ at: String(r.day) })),
  });
}

/** Top products by interactions (when the data has them), units and revenue side by side. */
export function topProductsChart(result: AnalysisResult): TopLevelSpec {
  let rows = tableRows(result.tables["top_products.csv"]);
  // Without interaction events the interactions column is all zeros: leave that panel out.
  if (!hasTable(result.store, "interactions")) rows = rows.map(({ interactions: _, ...rest }) => rest);
  return topProductsComparison(rows, { currency: result.store.currency });
}

/** Revenue by product category. */
export function categoryChart(result: AnalysisResult): TopLevelSpec {
  return rankedBars(tableRows(result.tables["category_mix.csv"]), {
    category: "category",
    value: "revenue",
    title: "Revenue by product category",
    valueTitle: currencyTitle("Revenue", result),
  });
}

/**
 * Revenue and customers by market, at the level the store records (`geographyLevel`: country, else region);
 * null when neither is recorded.
 */
export function geographyChart(result: AnalysisResult): TopLevelSpec | null {
  const level = geographyLevel(result.store);
  if (!level) return null;
  return geoBars(tableRows(result.tables[`revenue_by_${level}.csv`]), {
    country: level,
    countryTitle: level === "region" ? "Region" : "Country",
    title: level === "region" ? "Revenue and customers by region" : "Revenue and customers by country",
    currency: result.store.currency,
  });
}

/** The rows of the market table at the geography level (`revenue_by_country.csv` or `revenue_by_region.csv`); empty when neither is recorded. */
export function geographyRows(result: AnalysisResult): Row[] {
  const level = geographyLevel(result.store);
  return level ? tableRows(result.tables[`revenue_by_${level}.csv`]) : [];
}

/** Orders per month stacked by status; null when the store records no order outcome (every order completed). */
export function orderStatusChart(result: AnalysisResult): TopLevelSpec | null {
  if (!storeCoverage(result.store).statusesRecorded) return null;
  return orderStatusBars(tableRows(result.tables["order_status_by_month.csv"]), { normalize: true });
}

/**
 * Pareto curve of customer revenue over the ranked rows of `pareto.csv`. When customers with unknown spend are
 * left out of the ranking, the title says the curve covers only the customers whose completed orders all have
 * lines; when a few partly unknown spends are counted at their recorded part, it says revenue is at least that.
 */
export function paretoChart(result: AnalysisResult): TopLevelSpec {
  const rows = tableRows(result.tables["pareto.csv"]);
  let ranked = 0;
  let lowerBound = 0;
  for (const r of rows) {
    if (r.rank === null || r.rank === undefined) continue;
    ranked += 1;
    if (r.revenue_is === "lower bound") lowerBound += 1;
  }
  const unranked = rows.length - ranked;
  const knownOnly = unranked > 0 && lowerBound === 0;
  const subtitle =
    unranked > 0
      ? `Only the ${formatCount(ranked)} customers ${knownOnly ? "whose completed orders all have lines" : "with recorded spend"}: the spend of ${formatCount(unranked)} of ${formatCount(rows.length)} is not fully recorded (completed orders without lines)`
      : lowerBound > 0
        ? `Revenue at least: ${formatCount(lowerBound)} of ${formatCount(rows.length)} customers have a completed order without lines, counted at their recorded spend`
        : undefined;
  return paretoCurve(rows, {
    x: "cumulative_customer_share",
    y: "cumulative_revenue_share",
    ...(subtitle ? { subtitle } : {}),
    ...(knownOnly ? { population: "customers with known spend" } : {}),
  });
}

/** Cohort retention matrix (month of first order × months since). */
export function cohortChart(result: AnalysisResult): TopLevelSpec {
  const rows = tableRows(result.tables["cohort_retention.csv"]).map((r) => ({ ...r, period: r.months_since }));
  return cohortHeatmap(rows);
}

/** Inertia, silhouette and Davies–Bouldin over k, the chosen k marked. */
export function kScanFigure(result: AnalysisResult): TopLevelSpec {
  const rows = (result.model.scan?.rows ?? []).map((r) => ({
    k: r.k,
    inertia: r.inertia,
    silhouette: r.silhouette,
    daviesBouldin: r.daviesBouldin,
  }));
  return kScanChart(rows, { chosenK: result.model.k });
}

/** Segment sizes (customers) as a donut. */
export function segmentSizeChart(result: AnalysisResult): TopLevelSpec {
  const rows = result.model.profiles.map((p) => ({ segment: p.name, customers: p.customers }));
  return donut(rows, { segments: segmentOrder(result), title: "Customers per segment" });
}

/** Customers on the PCA plane coloured by segment (a seeded sample above 5,000 points). */
export function segmentScatterChart(result: AnalysisResult): TopLevelSpec {
  const { coords, explained } = result.pca;
  const ids = result.customers.getColumn("customer_id").toArray() as string[];
  const names = result.model.names;
  const rows: Row[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    rows[i] = { customer_id: ids[i], pc1: coords[2 * i], pc2: coords[2 * i + 1], segment: names[result.segments[i] - 1] };
  }
  return segmentScatter(rows, { explained, segments: segmentOrder(result), seed: result.model.seed });
}

/** Segment × feature heatmap of the centroids in standardized units (0 = the average customer). */
export function segmentProfileChart(result: AnalysisResult): TopLevelSpec {
  const { model } = result;
  const rows: Row[] = [];
  model.centroids.forEach((centroid, s) => {
    centroid.forEach((z, j) => rows.push({ segment: model.names[s], feature: model.columns[j], z }));
  });
  return profileHeatmap(rows, { yOrder: segmentOrder(result) });
}

/** Lookalike rows for the `limit` most valuable customers (highest monetary), with segments. */
export function lookalikeRows(result: AnalysisResult, limit = 12): Row[] {
  const t = result.lookalikeTable;
  const k = result.lookalike.k;
  const monetary = result.customers.getColumn("monetary").toArray() as number[];
  const order = Array.from(monetary.keys()).sort((a, b) => monetary[b] - monetary[a] || a - b).slice(0, limit);
  const rowOf = new Map<string, number>();
  const ids = result.customers.getColumn("customer_id").toArray() as string[];
  ids.forEach((id, i) => rowOf.set(id, i));
  const names = result.model.names;
  const rows: Row[] = [];
  for (const i of order) {
    for (let r = 0; r < k; r++) {
      const at = i * k + r;
      const neighbor = t.similar_customer_id[at];
      if (neighbor === undefined || neighbor === null || neighbor === "") continue;
      rows.push({
        customer_id: t.customer_id[at],
        neighbor_id: neighbor,
        rank: t.rank[at],
        score: t.score[at],
        segment: names[result.segments[i] - 1],
        neighbor_segment: names[result.segments[rowOf.get(neighbor) ?? i] - 1],
      });
    }
  }
  return rows;
}

/** Lookalikes of the most valuable customers as a network. */
export function lookalikeNetworkChart(result: AnalysisResult): TopLevelSpec {
  return lookalikeNetwork(lookalikeRows(result), { segments: segmentOrder(result) });
}

/** Lookalikes of the most valuable customers as a table view. */
export function lookalikeTableChart(result: AnalysisResult): TopLevelSpec {
  return lookalikeTableSpec(lookalikeRows(result, 20), { segments: segmentOrder(result) });
}

/**
 * Calibration of the holdout's purchase predictions: mean actual vs mean predicted purchases per decile of
 * prediction, one line per model; null when the holdout could not run.
 */
export function predictionCalibrationChart(result: AnalysisResult): TopLevelSpec | null {
  const h = result.holdout;
  if (h.status !== "ok" || h.calibration.length === 0) return null;
  const rows: Row[] = h.calibration.flatMap((c) =>
    c.groups.map((g) => ({ model: c.label, group: g.group, customers: g.customers, predicted: g.meanPredicted, actual: g.meanActual })),
  );
  return calibrationChart(rows, {
    title: `Predicted vs actual purchases in the ${h.period.holdoutDays}-day holdout, by decile of prediction`,
    models: h.calibration.map((c) => c.label),
  });
}

/**
 * Every figure of the case study by file name (without extension); what the data do not record gives no
 * figure (geography without country or region, order status without recorded outcomes, interactions).
 */
export function caseStudyFigures(result: AnalysisResult): Record<string, TopLevelSpec> {
  const figures: Record<string, TopLevelSpec> = {
    "revenue-by-month": revenueByMonthChart(result),
    "top-products": topProductsChart(result),
    "category-mix": categoryChart(result),
    pareto: paretoChart(result),
    "cohort-retention": cohortChart(result),
    kscan: kScanFigure(result),
    "segment-sizes": segmentSizeChart(result),
    "segment-scatter": segmentScatterChart(result),
    "segment-profiles": segmentProfileChart(result),
    "lookalike-network": lookalikeNetworkChart(result),
    "lookalike-table": lookalikeTableChart(result),
  };
  const optional: Record<string, TopLevelSpec | null> = {
    geography: geographyChart(result),
    "order-status": orderStatusChart(result),
    "interactions-by-day": interactionsChart(result),
    "prediction-calibration": predictionCalibrationChart(result),
  };
  for (const [name, spec] of Object.entries(optional)) if (spec) figures[name] = spec;
  return figures;
}

function currencyTitle(what: string, result: AnalysisResult): string {
  return result.store.currency ? `${what} (${result.store.currency})` : what;
}
