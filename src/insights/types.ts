/** Types shared by the insights module: its inputs (segments, context) and its outputs (findings). */
import type pl from "nodejs-polars";
import type { Store } from "../data/model.js";

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
  /** The headline number, or a short formatted string. */
  value: number | string;
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
  findings: Finding[];
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
}
