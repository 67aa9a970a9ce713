/**
 * Readable views of an analysis for the notebooks and the site: small tables (rows of plain values, shown with
 * `showTable`) and HTML fragments (every string from the data escaped). Pure: nothing here displays anything.
 * Numbers in the prose of the notebooks come from these, never from the notebook's markdown.
 */
import { escapeHtml } from "../util/html.js";
import type { CleaningLog } from "../data/model.js";
import { lineFacts } from "../data/line-facts.js";
import {
  formatCount,
  formatMoney,
  formatPct,
  getMarketingStrategies,
  segmentQuality,
  type BusinessInsights,
  type DataCard,
  type Finding,
} from "../insights/index.js";
import { topKForSeeds } from "../lookalike/index.js";
import { segmentationDiagnostics, type AnalysisResult } from "./analysis.js";
import { tableRows } from "./figures.js";

/** One row per cleaning step: table, step ("rows in", a dropped rule, "rows kept"), rows, share of rows in. */
export function cleaningLogRows(log: CleaningLog): { table: string; step: string; rows: number; share: number }[] {
  const out: { table: string; step: string; rows: number; share: number }[] = [];
  for (const [table, t] of Object.entries(log.tables)) {
    if (!t) continue;
    const share = (n: number) => (t.rows_in > 0 ? n / t.rows_in : 0);
    out.push({ table, step: "rows in", rows: t.rows_in, share: 1 });
    for (const [rule, n] of Object.entries(t.dropped)) out.push({ table, step: `dropped: ${rule}`, rows: n, share: share(n) });
    for (const [rule, n] of Object.entries(t.flagged ?? {})) out.push({ table, step: `flagged (kept): ${rule}`, rows: n, share: share(n) });
    out.push({ table, step: "rows kept", rows: t.rows_kept, share: share(t.rows_kept) });
  }
  return out;
}

/** True when every table's log adds up: rows_in = rows_kept + Σ dropped. */
export function cleaningLogBalances(log: CleaningLog): boolean {
  return Object.values(log.tables).every(
    (t) => !t || t.rows_in === t.rows_kept + Object.values(t.dropped).reduce((a, b) => a + b, 0),
  );
}

/** A short HTML card naming the dataset the notebook ran on, with its size and period. */
export function datasetCardHtml(result: AnalysisResult): string {
  const { store } = result;
  const orders = store.orders;
  const ts = orders.getColumn("ordered_at");
  const first = ts.min() as unknown as Date | number;
  const last = ts.max() as unknown as Date | number;
  const day = (v: Date | number) => new Date(v).toISOString().slice(0, 10);
  const tables = (["customers", "products", "orders", "order_lines", "interactions"] as const)
    .filter((t) => (t === "order_lines" ? store.order_lines : store[t]) !== undefined)
    .map((t) => `${t} (${formatCount(t === "order_lines" ? lineFacts(store).lines : store[t]!.height)} rows)`);
  return (
    `<div class="cs-dataset"><p><strong>Dataset:</strong> ${escapeHtml(store.label)}</p>` +
    `<p><strong>Tables:</strong> ${escapeHtml(tables.join(", "))}</p>` +
    `<p><strong>Orders from</strong> ${escapeHtml(day(first))} <strong>to</strong> ${escapeHtml(day(last))}; ` +
    `money in ${escapeHtml(store.currency ?? "the store's currency (not stated by the source)")}.</p>` +
    `<p><strong>Customers with a completed order:</strong> ${formatCount(result.customers.height)}</p></div>`
  );
}

const STATUS_WORDS: Record<DataCard["records"][number]["status"], string> = { recorded: "recorded", partial: "partly recorded", missing: "not recorded" };

/**
 * The data card as HTML: the summary paragraph, then one list item per record ("Order statuses (not recorded):
 * every one of …"). Every string is escaped. Class `cs-datacard`, items `cs-record cs-<status>`.
 */
export function dataCardHtml(card: DataCard): string {
  const items = card.records
    .map(
      (r) =>
        `<li class="cs-record cs-${escapeHtml(r.status)}"><strong>${escapeHtml(r.label)}</strong> (${escapeHtml(STATUS_WORDS[r.status] ?? r.status)}): ${escapeHtml(r.detail)}</li>`,
    )
    .join("");
  return `<div class="cs-datacard"><p class="cs-datacard-summary">${escapeHtml(card.summary)}</p><ul class="cs-datacard-records">${items}</ul></div>`;
}

/**
 * One line of the data card as an HTML paragraph ("Order statuses: not recorded: …"), for the place in a
 * notebook where a chart is left out because the data do not record what it would show. Escaped.
 */
export function dataCardLineHtml(card: DataCard, key: string): string {
  const r = card.records.find((x) => x.key === key);
  if (!r) return "";
  return `<p class="cs-datacard-line"><strong>${escapeHtml(r.label)}: ${escapeHtml(STATUS_WORDS[r.status] ?? r.status)}.</strong> ${escapeHtml(r.detail.charAt(0).toUpperCase() + r.detail.slice(1))}.</p>`;
}

/**
 * The segmentation verdict in one sentence (`segmentQuality`: every weakness with its number and rule, or the
 * numbers that hold up), or null when the result has no segments.
 */
export function segmentVerdict(result: AnalysisResult): string | null {
  if (result.segmentSummaries.length < 2) return null;
  return segmentQuality(result.segmentSummaries, segmentationDiagnostics(result.model, result.customers, result.store)).sentence;
}

/**
 * Findings the data could not support on this store, as an HTML list: each finding left out or answered
 * "cannot tell", with the reason; and findings shown as a bound or with a caveat. Empty paragraph text when all
 * findings were shown as computed.
 */
export function sufficiencyHtml(insights: BusinessInsights): string {
  const words: Record<string, string> = { omitted: "left out", cannot_tell: "cannot tell", bound: "lower bound", caveat: "caveat" };
  const items = insights.sufficiency
    .filter((e) => e.status !== "shown")
    .map((e) => `<li><strong>${escapeHtml(e.finding.replace(/_/g, " "))}</strong> (${escapeHtml(words[e.status] ?? e.status)}): ${escapeHtml(e.reason ?? "")}</li>`);
  if (items.length === 0) return `<p class="cs-sufficiency">Every finding was shown as computed: the data support all of them.</p>`;
  return `<ul class="cs-sufficiency">${items.join("")}</ul>`;
}

/** Findings as an HTML list: title, recommendation; `ids` selects and orders them (default: all). */
export function findingsHtml(findings: readonly Finding[], ids?: readonly string[]): string {
  const chosen = ids ? ids.map((id) => findings.find((f) => f.id === id)).filter((f): f is Finding => !!f) : findings;
  if (chosen.length === 0) return `<p class="cs-findings-empty">No finding applies to this dataset.</p>`;
  const items = chosen.map(
    (f) => `<li><strong>${escapeHtml(f.title)}</strong><br><span class="cs-recommendation">→ ${escapeHtml(f.recommendation)}</span></li>`,
  );
  return `<ul class="cs-findings">${items.join("")}</ul>`;
}

/**
 * The caption of the customer-value-by-segment table (`clv_by_segment.csv`): says when revenue, mean and median
 * are lower bounds (segments holding customers with completed orders without lines) and when the share of revenue
 * is unknown; "Customer value by segment" when every segmented customer's spend is recorded.
 */
export function clvSegmentCaption(result: AnalysisResult): string {
  const table = result.tables["clv_by_segment.csv"];
  const base = "Customer value by segment";
  if (!table) return base;
  const rows = tableRows(table);
  let unknown = 0;
  let customers = 0;
  let shareEmpty = false;
  for (const r of rows) {
    customers += Number(r.customers);
    unknown += Number(r.customers_with_unknown_spend ?? 0);
    if (r.share_of_revenue === null || r.share_of_revenue === undefined) shareEmpty = true;
  }
  if (unknown === 0) return base;
  return (
    `${base}: revenue, mean and median are lower bounds ("revenue_is") where a segment holds customers with a completed order without lines ` +
    `(${formatCount(unknown)} of ${formatCount(customers)} customers); ` +
    (shareEmpty
      ? "each segment's share of all revenue is unknown (share_of_revenue left empty); share_of_known_spend_revenue is its share among customers whose orders all have lines"
      : "share_of_known_spend_revenue is each segment's share among customers whose orders all have lines")
  );
}

/** One row per segment: name, customers, shares, and the median of the main features. */
export function segmentTableRows(result: AnalysisResult): Record<string, string | number | null>[] {
  const currency = result.store.currency;
  return result.model.profiles.map((p) => ({
    segment: p.segment,
    name: p.name,
    customers: p.customers,
    "share of customers": formatPct(p.shareOfCustomers),
    "share of revenue": p.shareOfRevenue === null ? null : formatPct(p.shareOfRevenue),
    "median recency (days)": p.medians.recency_days ?? null,
    "median orders": p.medians.frequency ?? null,
    "median revenue": p.medians.monetary === null || p.medians.monetary === undefined ? null : formatMoney(p.medians.monetary, currency),
  }));
}

/** The k-scan as rows: k, inertia, silhouette, Davies–Bouldin, Calinski–Harabasz, stability (ARI). */
export function kscanRows(result: AnalysisResult): Record<string, number | null>[] {
  return (result.model.scan?.rows ?? []).map((r) => ({
    k: r.k,
    inertia: r.inertia,
    silhouette: r.silhouette,
    "Davies–Bouldin": r.daviesBouldin,
    "Calinski–Harabasz": r.calinskiHarabasz,
    "stability (ARI)": r.stabilityAri ?? null,
  }));
}

/** How the k-scan was computed and which k was chosen, as one HTML paragraph, then the segmentation verdict. */
export function kChoiceHtml(result: AnalysisResult): string {
  const scan = result.model.scan;
  const rec = result.model.recommendation;
  const sil = scan
    ? scan.silhouetteSampled
      ? `Silhouette on a seeded sample of ${formatCount(scan.silhouetteN)} of ${formatCount(scan.n)} customers.`
      : `Silhouette exact on all ${formatCount(scan.n)} customers.`
    : "";
  const verdict = segmentVerdict(result);
  return (
    `<p class="cs-kchoice"><strong>${escapeHtml(rec?.reason ?? `k = ${result.model.k} was given.`)}</strong> ${escapeHtml(sil)}</p>` +
    (verdict ? `<p class="cs-kverdict"><strong>${escapeHtml(verdict)}</strong></p>` : "")
  );
}

/** Customers per classic RFM segment, largest first, with their share of customers and of revenue. */
export function rfmSegmentRows(result: AnalysisResult): { rfm_segment: string; customers: number; "share of customers": string; "share of revenue": string }[] {
  const seg = result.customers.getColumn("rfm_segment").toArray() as string[];
  const money = result.customers.getColumn("monetary").toArray() as number[];
  const count = new Map<string, number>();
  const revenue = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < seg.length; i++) {
    count.set(seg[i], (count.get(seg[i]) ?? 0) + 1);
    revenue.set(seg[i], (revenue.get(seg[i]) ?? 0) + money[i]);
    total += money[i];
  }
  return [...count.keys()]
    .sort((a, b) => count.get(b)! - count.get(a)! || (a < b ? -1 : 1))
    .map((name) => ({
      rfm_segment: name,
      customers: count.get(name)!,
      "share of customers": formatPct(count.get(name)! / seg.length),
      "share of revenue": formatPct(total > 0 ? revenue.get(name)! / total : 0),
    }));
}

/** Marketing strategies per segment (rule-based, from the segment's numbers) as rows. */
export function strategyRows(result: AnalysisResult): { segment: string; strategy: string; action: string }[] {
  const rows: { segment: string; strategy: string; action: string }[] = [];
  for (const s of result.segmentSummaries) {
    for (const st of getMarketingStrategies(s)) rows.push({ segment: s.name, strategy: st.title, action: st.action });
  }
  return rows;
}

/** Quartiles of the rank-1 lookalike scores: shows whether similarity discriminates (scores not all ≈ 1). */
export function lookalikeScoreSpread(result: AnalysisResult): { statistic: string; score: number }[] {
  const { k, scores } = result.lookalike;
  const best: number[] = [];
  for (let i = 0; i < scores.length; i += k) if (Number.isFinite(scores[i])) best.push(scores[i]);
  best.sort((a, b) => a - b);
  const q = (p: number) => (best.length ? best[Math.min(best.length - 1, Math.floor(p * (best.length - 1)))] : NaN);
  return [
    { statistic: "minimum", score: q(0) },
    { statistic: "lower quartile", score: q(0.25) },
    { statistic: "median", score: q(0.5) },
    { statistic: "upper quartile", score: q(0.75) },
    { statistic: "maximum", score: q(1) },
  ];
}

/**
 * A lookalike audience: the `size` customers outside segment `segment` most similar to that segment as a
 * whole (cosine to the seeds' mean direction), with their own segment and revenue.
 */
export function seedAudienceRows(
  result: AnalysisResult,
  options: { segment?: number; size?: number } = {},
): { customer_id: string; score: number; segment: string; revenue: string }[] {
  const segment = options.segment ?? 1;
  const size = options.size ?? 10;
  const seeds: number[] = [];
  result.segments.forEach((s, i) => {
    if (s === segment) seeds.push(i);
  });
  const audience = topKForSeeds(result.vectors, seeds, { k: size });
  const ids = result.customers.getColumn("customer_id").toArray() as string[];
  const money = result.customers.getColumn("monetary").toArray() as number[];
  return Array.from(audience.rows, (row, j) => ({
    customer_id: ids[row],
    score: audience.scores[j],
    segment: result.model.names[result.segments[row] - 1],
    revenue: formatMoney(money[row], result.store.currency),
  }));
}

/** The segment rules as rows: segment, the rule in words, customers it covers, their share, held-out precision. */
export function segmentRuleRows(result: AnalysisResult): { segment: string; rule: string; customers: number; "share of customers": string; "right on held-out customers": string }[] {
  return result.rules.rules.map((r) => ({
    segment: r.name,
    rule: r.text,
    customers: r.customers,
    "share of customers": formatPct(r.coverage),
    "right on held-out customers": r.heldOutPrecision === null ? "no held-out customer" : `${formatPct(r.heldOutPrecision)} of ${formatCount(r.heldOutCustomers)}`,
  }));
}

/** What the segment rules show (and that they explain, not validate, the segmentation), as one HTML paragraph. */
export function segmentRulesHtml(result: AnalysisResult): string {
  const r = result.rules;
  const head = r.status === "ok" ? `Held-out accuracy ${formatPct(r.heldOutAccuracy ?? NaN)} against ${formatPct(r.baselineAccuracy ?? NaN)} for the majority-class baseline.` : "No segment rules.";
  return `<p class="cs-rules"><strong>${escapeHtml(head)}</strong> ${escapeHtml(r.summary)}</p>`;
}

/** What the holdout shows, or why it could not run, as one HTML paragraph. */
export function holdoutSummaryHtml(result: AnalysisResult): string {
  const h = result.holdout;
  const head = h.status === "ok" ? `Holdout ${h.period.holdoutStart} to ${h.period.holdoutEnd} (${formatCount(h.period.holdoutDays)} days).` : "No holdout check.";
  return `<p class="cs-holdout"><strong>${escapeHtml(head)}</strong> ${escapeHtml(h.summary)}</p>`;
}

/**
 * One row per model and baseline of the holdout: purchases and revenue predicted / actual (with the relative
 * error), mean absolute errors per customer, correlation, AUC, and the top-share precision with its lift. Empty
 * cells where a measure does not apply (recency and the classifier rank customers; they predict no counts).
 */
export function holdoutRows(result: AnalysisResult): Record<string, string | number | null>[] {
  const h = result.holdout;
  const cur = result.store.currency;
  const pct = (e: number | null) => (e === null ? "" : ` (${e > 0 ? "+" : ""}${formatPct(e, 0)})`);
  return h.models.map((m) => ({
    model: m.name,
    "purchases predicted / actual": m.predictedPurchases === null ? null : `${formatCount(m.predictedPurchases)} / ${formatCount(m.actualPurchases)}${pct(m.purchasesError)}`,
    "revenue predicted / actual": m.predictedRevenue === null ? null : `${formatMoney(m.predictedRevenue, cur)} / ${formatMoney(m.actualRevenue, cur)}${pct(m.revenueError)}`,
    "MAE purchases": m.maePurchases,
    "MAE revenue": m.maeRevenue === null ? null : formatMoney(m.maeRevenue, cur),
    correlation: m.correlation,
    AUC: m.auc,
    [`top ${formatPct(h.options.topShare, 0)} bought again (lift)`]: m.topPrecision === null ? null : `${formatPct(m.topPrecision, 0)} (${formatCount(m.topLift ?? NaN, 1)}×)`,
  }));
}

/** What each model of the holdout is, as rows: name and description (with why some cells are empty). */
export function holdoutModelRows(result: AnalysisResult): { model: string; what: string }[] {
  return result.holdout.models.map((m) => ({ model: m.name, what: m.note ? `${m.label}. ${m.note}` : m.label }));
}

/** Spend per purchase on the holdout (customers who bought in it): predicted vs actual mean value and the MAE. */
export function holdoutSpendRows(result: AnalysisResult): Record<string, string | number>[] {
  const cur = result.store.currency;
  return result.holdout.spend.map((s) => ({
    prediction: s.label,
    customers: s.customers,
    "MAE per purchase": formatMoney(s.mae, cur),
    "mean predicted": formatMoney(s.meanPredicted, cur),
    "mean actual": formatMoney(s.meanActual, cur),
  }));
}
