/** Types shared by the insights module: its inputs (segments, context) and its outputs (findings). */
import type pl from "nodejs-polars";
import type { Store } from "../data/model.js";
import type { DataCard } from "./data-card.js";
import type { SegmentationDiagnostics } from "./segment-quality.js";
import type { SufficiencyEntry, SufficiencyTable } from "./sufficiency.js";

/**
 * The minimal view of one segment that insights need (structural, so the segment module can adapt to it).
 * `medians` holds per-customer medians of the features by name, e.g. `recency_days`, `frequency`, `monetary`.
 */
export interface SegmentSummary {
  segment: number;
  name: string;
  /** Customers in the segment. */
  customers: number;
  /** Share of all segmented customers, 0..1. */
  shareOfCustomers: number;
  /** Share of all segmented customers' revenue, 0..1. */
  shareOfRevenue: number;
  medians: Record<string, number>;
}

/**
 * What a finding's `value` measures, so readers can format it: money in the store's currency, a share 0..1, a
 * count, a number of days, or text (a label such as a month or a market name).
 */
export type FindingUnit = "money" | "share" | "count" | "days" | "text";

/** Every `FindingUnit`, in schema order. */
export const FINDING_UNITS: readonly FindingUnit[] = ["money", "share", "count", "days", "text"];

/** One business finding: a headline number, the numbers behind it, and a rule-based recommendation. */
export interface Finding {
  /** Stable identifier, snake_case (e.g. `top_customer_share`). */
  id: string;
  title: string;
  /** The headline number, or a short formatted string ("cannot tell" when the data cannot support the finding). */
  value: number | string;
  /**
   * "lower": `value` is a lower bound (a sum over orders of which some have no lines in the store; the title
   * says "at least" and the evidence gives the coverage). Absent when `value` is exact.
   */
  bound?: "lower";
  /** What `value` measures (money: store currency, cents; share: 0..1, 4 dp; count; days; text: a string). */
  unit: FindingUnit;
  /** The numbers the title and the recommendation were built from (money in cents precision, shares 4 dp). */
  evidence: Record<string, number | string | null>;
  recommendation: string;
}

/** The export `business_insights.json`. */
export interface BusinessInsights {
  dataset: string;
  /** ISO code of the money values (`Store.currency`), null when the source does not state it. */
  currency: string | null;
  /** What the store records and lacks (see `dataCard`). */
  data_card: DataCard;
  findings: Finding[];
  /** For every finding the sufficiency table covers: shown, shown as a bound, "cannot tell", or omitted, and why. */
  sufficiency: SufficiencyEntry[];
}

/** What insights are computed from: the store and, when available, the segmentation. */
export interface InsightsContext {
  store: Store;
  /** Segment profiles, when a segmentation ran. */
  segments?: SegmentSummary[];
  /** Customer → segment assignment (`customer_id` Utf8, `segment` Int32), for CLV per segment. */
  assignments?: pl.DataFrame;
  /** Predictive CLV horizon in days (default 365). */
  horizonDays?: number;
  /** Days held out to check the predictions (`predictionHoldout`; default 90). */
  holdoutDays?: number;
  /** The chosen segmentation's quality numbers, for the segmentation verdict (silhouette, stability, recency spread). */
  segmentation?: SegmentationDiagnostics;
  /** The sufficiency rules (default SUFFICIENCY); tests of tiny fixtures pass relaxed ones. */
  sufficiency?: SufficiencyTable;
}
