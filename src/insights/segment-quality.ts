/**
 * Whether a segmentation is strong enough to act on: separation (silhouette), stability across bootstrap fits
 * (adjusted Rand), balance (no segment holding most customers or nearly all revenue), recency with spread, and
 * spend known for the customers. Thresholds: SUFFICIENCY_THRESHOLDS (segment…).
 */
import { formatCount, formatPct } from "./format.js";
import { SUFFICIENCY_THRESHOLDS } from "./sufficiency.js";
import type { SegmentSummary } from "./types.js";

/** The numbers of a segmentation that the verdict reads (plain JSON values). */
export interface SegmentationDiagnostics {
  /** Number of segments. */
  k: number;
  /** Mean silhouette of the chosen k (−1..1), null when not computed. */
  silhouette: number | null;
  /** Bootstrap stability of the chosen k (adjusted Rand, ≤ 1), null when not computed. */
  stabilityAri: number | null;
  /** 10th and 90th percentile of the segmented customers' recency in days, null when not available. */
  recencyP10Days: number | null;
  recencyP90Days: number | null;
  /** Segmented customers, and how many of them have a completed order without lines (spend unknown, counted as 0). */
  customers: number;
  unknownSpendCustomers: number;
}

/** One weakness found, by check. */
export interface SegmentWeakness {
  check: "silhouette" | "stability" | "customer_share" | "revenue_share" | "recency_spread" | "unknown_spend";
  /** The weakness with its number, rule and what it means. */
  text: string;
  /** The same in a few words, for a title ("stability 0.65 < 0.75"). */
  short: string;
}

/** The verdict: weak or not, with the reasons and the numbers. */
export interface SegmentQuality {
  weak: boolean;
  weaknesses: SegmentWeakness[];
  silhouette: number | null;
  stabilityAri: number | null;
  /** The segment holding the most customers, and its share (0..1). */
  largestByCustomers: { name: string; share: number } | null;
  /** The segment holding the most revenue, and its share (0..1). */
  largestByRevenue: { name: string; share: number } | null;
  /** P90 − P10 of recency in days (null when unknown). */
  recencySpreadDays: number | null;
  /** Share of segmented customers whose spend is unknown (0..1). */
  unknownSpendShare: number;
  /** The verdict in one sentence (starts "Segments are weak:" or "Segments hold up:"). */
  sentence: string;
  /** The verdict in a few words, for a title ("Segments are weak: stability 0.65 < 0.75; …"). */
  headline: string;
}

/**
 * Judges a segmentation by the documented thresholds: weak when the silhouette is below 0.25, stability below
 * 0.75, one segment holds ≥ 70% of customers or ≥ 95% of revenue, recency's 10th–90th percentile spread is
 * under 7 days, or ≥ 5% of customers have unknown spend. Each weakness is stated with its number and rule.
 */
export function segmentQuality(segments: readonly SegmentSummary[], d: SegmentationDiagnostics): SegmentQuality {
  const T = SUFFICIENCY_THRESHOLDS;
  const weaknesses: SegmentWeakness[] = [];
  const byCustomers = segments.length ? [...segments].sort((a, b) => b.shareOfCustomers - a.shareOfCustomers || a.segment - b.segment)[0] : null;
  const byRevenue = segments.length ? [...segments].sort((a, b) => b.shareOfRevenue - a.shareOfRevenue || a.segment - b.segment)[0] : null;
  const spread = d.recencyP10Days === null || d.recencyP90Days === null ? null : d.recencyP90Days - d.recencyP10Days;
  const unknownShare = d.customers > 0 ? d.unknownSpendCustomers / d.customers : 0;
  if (d.silhouette !== null && d.silhouette < T.segmentMinSilhouette)
    weaknesses.push({
      check: "silhouette",
      text: `mean silhouette ${d.silhouette.toFixed(2)} is below ${T.segmentMinSilhouette} (no substantial structure)`,
      short: `silhouette ${d.silhouette.toFixed(2)} < ${T.segmentMinSilhouette}`,
    });
  if (d.stabilityAri !== null && d.stabilityAri < T.segmentMinStability)
    weaknesses.push({
      check: "stability",
      text: `stability ${d.stabilityAri.toFixed(2)} (adjusted Rand across bootstrap fits) is below ${T.segmentMinStability}, so the split changes with the sample`,
      short: `stability ${d.stabilityAri.toFixed(2)} < ${T.segmentMinStability}`,
    });
  if (byCustomers && byCustomers.shareOfCustomers >= T.segmentMaxCustomerShare)
    weaknesses.push({
      check: "customer_share",
      text: `one segment (${byCustomers.name}) holds ${formatPct(byCustomers.shareOfCustomers)} of the customers (rule: ${formatPct(T.segmentMaxCustomerShare, 0)})`,
      short: `one segment holds ${formatPct(byCustomers.shareOfCustomers)} of customers`,
    });
  // with spend unknown for some customers the shares are of the revenue the data records, not of all revenue
  const revenue = d.unknownSpendCustomers > 0 ? "recorded revenue" : "revenue";
  if (byRevenue && byRevenue.shareOfRevenue >= T.segmentMaxRevenueShare)
    weaknesses.push({
      check: "revenue_share",
      text: `one segment (${byRevenue.name}) holds ${formatPct(byRevenue.shareOfRevenue)} of the ${revenue} (rule: ${formatPct(T.segmentMaxRevenueShare, 0)})`,
      short: `one segment holds ${formatPct(byRevenue.shareOfRevenue)} of ${revenue}`,
    });
  if (spread !== null && spread < T.segmentMinRecencySpreadDays)
    weaknesses.push({
      check: "recency_spread",
      text: `recency has no spread (10th to 90th percentile within ${formatCount(spread)} day${spread === 1 ? "" : "s"}, rule: ${T.segmentMinRecencySpreadDays}), so names that speak of recent, lapsed or at-risk customers say nothing about lapsing`,
      short: "recency has no spread",
    });
  if (unknownShare >= T.segmentMaxUnknownSpendShare)
    weaknesses.push({
      check: "unknown_spend",
      text: `spend is unknown for ${formatCount(d.unknownSpendCustomers)} of ${formatCount(d.customers)} customers (${formatPct(unknownShare)}: completed orders without lines) and counts as 0, so segments partly separate recorded from unrecorded spend`,
      short: `spend unknown for ${formatPct(unknownShare)} of customers`,
    });
  const weak = weaknesses.length > 0;
  const numbers = [
    d.silhouette === null ? null : `silhouette ${d.silhouette.toFixed(2)}`,
    d.stabilityAri === null ? null : `stability ${d.stabilityAri.toFixed(2)}`,
    byCustomers ? `largest segment ${formatPct(byCustomers.shareOfCustomers)} of customers` : null,
  ].filter(Boolean);
  const sentence = weak
    ? `Segments are weak: ${weaknesses.map((w) => w.text).join("; ")}.`
    : `Segments hold up: ${numbers.join(", ")} (rules: silhouette ≥ ${T.segmentMinSilhouette}, stability ≥ ${T.segmentMinStability}, no segment with ≥ ${formatPct(T.segmentMaxCustomerShare, 0)} of customers or ≥ ${formatPct(T.segmentMaxRevenueShare, 0)} of revenue).`;
  const headline = weak
    ? `Segments are weak: ${weaknesses.map((w) => w.short).join("; ")}`
    : `Segments hold up: ${numbers.join(", ")}`;
  return {
    weak,
    weaknesses,
    silhouette: d.silhouette,
    stabilityAri: d.stabilityAri,
    largestByCustomers: byCustomers ? { name: byCustomers.name, share: byCustomers.shareOfCustomers } : null,
    largestByRevenue: byRevenue ? { name: byRevenue.name, share: byRevenue.shareOfRevenue } : null,
    recencySpreadDays: spread,
    unknownSpendShare: unknownShare,
    sentence,
    headline,
  };
}
