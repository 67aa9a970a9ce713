/**
 * When the data can support a finding: one table of rules (SUFFICIENCY), one per finding, and the thresholds of
 * the bounds, the prediction and the segmentation verdict (SUFFICIENCY_THRESHOLDS). Every threshold of these
 * decisions lives here, with the reason for its value.
 *
 * | finding | needs (tables/columns) | checks, in order | when a check fails |
 * |---|---|---|---|
 * | revenue_overview | orders.status, order_lines | completed orders ≥ 1 | cannot tell |
 * | peak_month | orders.ordered_at, order_lines | months with revenue ≥ 3 (seasonality verdict: ≥ 12) | omitted |
 * | top_customer_share | orders.customer_id, order_lines | customers ≥ 20 | omitted |
 * | repeat_buyers | orders.customer_id, ordered_at | customers ≥ 20; span ≥ 90 days | cannot tell |
 * | order_failures | orders.status (some order not completed) | orders ≥ 20; statuses recorded | cannot tell |
 * | month1_retention | orders.customer_id, ordered_at | customers in cohorts observed at month 1 ≥ 30 | omitted |
 * | product_concentration | order_lines.product_id | products sold ≥ 10 | omitted |
 * | top_market, best_market, worst_market | country (orders/customers), else customers.region | geography recorded; markets passing the minimum-size rule ≥ 2 | omitted |
 * | predicted_clv | orders.customer_id, ordered_at, order_lines | customers ≥ 50; span ≥ 180 days; repeat buyers ≥ 30; the model fits | cannot tell (the finding says why it cannot predict) |
 * | engagement_spikes | interactions | interaction events ≥ 1; interaction days ≥ 28 | omitted |
 * | interaction_conversion | interactions.customer_id | interacting customers ≥ 20 | omitted |
 * | segment_quality | a segmentation | segments ≥ 2 | omitted |
 * | most_valuable_segment | a segmentation, order lines of the segmented customers' completed orders | segments ≥ 2; customers with known spend ≥ 99% | omitted |
 *
 * Partial data never fails a rule: sums over orders of which some lack lines are shown as lower bounds with
 * their coverage ("at least 44.68M (3,046 of 6,167 failed or canceled orders have lines)").
 */
import { formatCount, formatPct } from "./format.js";
import { spanText, type StoreCoverage } from "./coverage.js";

/** A measure of the store a sufficiency check compares with its minimum. */
export type SufficiencyMeasure =
  | "completed_orders"
  | "revenue_months"
  | "customers"
  | "span_days"
  | "orders"
  | "statuses_recorded"
  | "retention_customers"
  | "products_sold"
  | "geography_recorded"
  | "eligible_markets"
  | "repeat_buyers"
  | "interactions"
  | "interaction_days"
  | "interacting_customers"
  | "segments"
  | "known_spend_share";

/** One check of a rule: the finding needs `measure` ≥ `min`. */
export interface SufficiencyCheck {
  measure: SufficiencyMeasure;
  min: number;
}

/** What is shown when a rule fails: nothing (the finding is omitted) or a finding that says it cannot tell and why. */
export type WhenInsufficient = "omit" | "cannot_tell";

/** The sufficiency rule of one finding. */
export interface SufficiencyRule {
  /** The tables and columns the finding is computed from, in words. */
  needs: string;
  /** Checks in order; the first that fails decides the reason. */
  checks: readonly SufficiencyCheck[];
  whenInsufficient: WhenInsufficient;
  /** For `cannot_tell`: what the business can do to be able to tell (the finding's recommendation). */
  remedy?: string;
}

/** The finding ids the table covers (every finding `buildFindings` can produce). */
export type FindingId =
  | "revenue_overview"
  | "peak_month"
  | "top_customer_share"
  | "repeat_buyers"
  | "order_failures"
  | "month1_retention"
  | "product_concentration"
  | "top_market"
  | "best_market"
  | "worst_market"
  | "predicted_clv"
  | "engagement_spikes"
  | "interaction_conversion"
  | "segment_quality"
  | "most_valuable_segment";

/** The sufficiency table: finding → rule. */
export type SufficiencyTable = Record<FindingId, SufficiencyRule>;

/** Thresholds of the bounds, the prediction and the segmentation verdict (documented defaults). */
export const SUFFICIENCY_THRESHOLDS = {
  /**
   * Coverage is material when at least this share of completed orders (or of customers) lacks lines. The
   * revenue overview always states its bound with the coverage; derived numbers (average order value over the
   * orders with lines, top-customer and repeat-buyer shares among customers with known spend, "orders with
   * lines only" in peak, product and market titles) switch to the covered subset only from this share on.
   * Below it (the synthetic store: 2 of 7,804 completed orders lost all their lines to cleaning) they are
   * computed over all orders and the evidence carries the coverage.
   */
  materialMissingShare: 0.01,
  /** A monthly peak needs at least 3 months with revenue: with 1 or 2 the "peak" is one of one or two values. */
  peakMinMonths: 3,
  /** Calling sales seasonal (or even) needs a full year of months: a shorter series cannot separate season from trend. */
  seasonalityMinMonths: 12,
  /** Shares of the top customers need at least 20 customers (the top 20% is then at least 4 customers). */
  minCustomers: 20,
  /**
   * Repeat buying needs at least 90 days of completed orders: retail inter-purchase intervals are weeks to
   * months, so in a shorter window most second purchases cannot have happened yet.
   */
  repeatMinSpanDays: 90,
  /** Order-outcome shares need at least 20 orders (one order is then 5 percentage points). */
  minOrders: 20,
  /** Month-1 retention needs at least 30 customers in cohorts that have been observed a month after their first order. */
  retentionMinCustomers: 30,
  /** ABC concentration needs at least 10 products sold (with fewer, "class A" is one or two products by construction). */
  minProducts: 10,
  /** A geography level is used when recorded for at least this share of completed orders. */
  geographyMinCoverage: 0.5,
  /** Best, worst and top market need at least 2 markets of meaningful size (one market has no comparison). */
  minEligibleMarkets: 2,
  /** Minimum-size rule of a market: at least this share of customers… */
  marketMinCustomerShare: 0.01,
  /** …or at least this many completed orders… */
  marketMinOrders: 50,
  /** …and in every case at least this many customers, so a few wholesale accounts are not a market. */
  marketMinCustomers: 10,
  /** Predicted CLV (BG/NBD + Gamma–Gamma) needs at least 50 customers with a completed order. */
  clvMinCustomers: 50,
  /**
   * …and at least 180 days between the first and last completed order: a 365-day forecast from less than half
   * a year of history extrapolates more than twice the observed window (Shop Smart's 14 minutes predicted
   * 365 orders a year for a customer first seen on the last day).
   */
  clvMinSpanDays: 180,
  /**
   * …and at least 30 repeat buyers: BG/NBD (4 parameters) and Gamma–Gamma (3) learn purchase rates and spend
   * from repeat purchases; with fewer, the fit is left to the starting values.
   */
  clvMinRepeatBuyers: 30,
  /**
   * A prediction above this multiple of the store's own revenue over the last horizon (scaled to the horizon
   * when the history is shorter) is flagged as implausible: it predicts more from existing customers alone
   * than the whole store, new customers included, earned in the same length of time.
   */
  clvMaxToRecentRevenue: 1.5,
  /** Interaction spikes need at least 28 days of interactions (a robust z over fewer days mostly sees the weekday pattern). */
  spikesMinDays: 28,
  /** Conversion of interacting customers needs at least 20 of them. */
  conversionMinCustomers: 20,
  /** Segments are weak when the chosen k's mean silhouette is below this (Kaufman & Rousseeuw 1990: ≤ 0.25, no substantial structure). */
  segmentMinSilhouette: 0.25,
  /** …or its bootstrap stability (adjusted Rand) is below this (prior art: < 0.6 unstable, 0.6–0.75 doubtful). */
  segmentMinStability: 0.75,
  /** …or one segment holds at least this share of the customers (the split then mostly describes one group). */
  segmentMaxCustomerShare: 0.7,
  /** …or one segment holds at least this share of the revenue (the others hold almost none). */
  segmentMaxRevenueShare: 0.95,
  /**
   * …or recency has no spread: the 10th to 90th percentile of recency spans fewer than this many days, so
   * recency-based names ("lapsed", "at risk") say nothing about lapsing.
   */
  segmentMinRecencySpreadDays: 7,
  /** …or at least this share of the segmented customers has a completed order without lines (spend unknown, counted as 0). */
  segmentMaxUnknownSpendShare: 0.05,
} as const;

const T = SUFFICIENCY_THRESHOLDS;

/** The sufficiency rule of every finding (see the module comment for the table in words). */
export const SUFFICIENCY: SufficiencyTable = {
  revenue_overview: {
    needs: "orders (status, customer), order lines of completed orders",
    checks: [{ measure: "completed_orders", min: 1 }],
    whenInsufficient: "cannot_tell",
    remedy: "Export completed orders with their order lines to measure revenue.",
  },
  peak_month: {
    needs: "completed orders with dates and order lines",
    checks: [{ measure: "revenue_months", min: T.peakMinMonths }],
    whenInsufficient: "omit",
  },
  top_customer_share: {
    needs: "completed orders with customer ids and order lines",
    checks: [{ measure: "customers", min: T.minCustomers }],
    whenInsufficient: "omit",
  },
  repeat_buyers: {
    needs: "completed orders with customer ids and dates",
    checks: [
      { measure: "customers", min: T.minCustomers },
      { measure: "span_days", min: T.repeatMinSpanDays },
    ],
    whenInsufficient: "cannot_tell",
    remedy: `Collect at least ${T.repeatMinSpanDays} days of orders before judging whether customers come back.`,
  },
  order_failures: {
    needs: "order statuses (failed and canceled orders in the data), order lines for their value",
    checks: [
      { measure: "orders", min: T.minOrders },
      { measure: "statuses_recorded", min: 1 },
    ],
    whenInsufficient: "cannot_tell",
    remedy: "Export failed and canceled orders with their status to measure the value the store does not collect.",
  },
  month1_retention: {
    needs: "completed orders with customer ids and dates over several months",
    checks: [{ measure: "retention_customers", min: T.retentionMinCustomers }],
    whenInsufficient: "omit",
  },
  product_concentration: {
    needs: "order lines with product ids",
    checks: [{ measure: "products_sold", min: T.minProducts }],
    whenInsufficient: "omit",
  },
  top_market: {
    needs: "country (order or customer), else the customer's region",
    checks: [
      { measure: "geography_recorded", min: 1 },
      { measure: "eligible_markets", min: T.minEligibleMarkets },
    ],
    whenInsufficient: "omit",
  },
  best_market: {
    needs: "country (order or customer), else the customer's region",
    checks: [
      { measure: "geography_recorded", min: 1 },
      { measure: "eligible_markets", min: T.minEligibleMarkets },
    ],
    whenInsufficient: "omit",
  },
  worst_market: {
    needs: "country (order or customer), else the customer's region",
    checks: [
      { measure: "geography_recorded", min: 1 },
      { measure: "eligible_markets", min: T.minEligibleMarkets },
    ],
    whenInsufficient: "omit",
  },
  predicted_clv: {
    needs: "completed orders with customer ids, dates and order lines, over a long enough history",
    checks: [
      { measure: "customers", min: T.clvMinCustomers },
      { measure: "span_days", min: T.clvMinSpanDays },
      { measure: "repeat_buyers", min: T.clvMinRepeatBuyers },
    ],
    whenInsufficient: "cannot_tell",
    remedy: `Use historical value (revenue to date) instead, and predict once the data hold at least ${T.clvMinSpanDays} days of orders and ${T.clvMinRepeatBuyers} repeat buyers.`,
  },
  engagement_spikes: {
    needs: "interaction events with dates",
    checks: [
      { measure: "interactions", min: 1 },
      { measure: "interaction_days", min: T.spikesMinDays },
    ],
    whenInsufficient: "omit",
  },
  interaction_conversion: {
    needs: "interaction events with customer ids",
    checks: [
      { measure: "interactions", min: 1 },
      { measure: "interacting_customers", min: T.conversionMinCustomers },
    ],
    whenInsufficient: "omit",
  },
  segment_quality: {
    needs: "a segmentation (k-scan with silhouette and stability)",
    checks: [{ measure: "segments", min: 2 }],
    whenInsufficient: "omit",
  },
  most_valuable_segment: {
    needs: "a segmentation, order lines of the segmented customers' completed orders",
    checks: [
      { measure: "segments", min: 2 },
      { measure: "known_spend_share", min: 1 - T.materialMissingShare },
    ],
    whenInsufficient: "omit",
  },
};

/** The values of the measures for one store and analysis. */
export type SufficiencyMeasures = Record<SufficiencyMeasure, number>;

/**
 * The measures that need no further computation, from the coverage: the caller adds `retention_customers`,
 * `eligible_markets` and `segments` (they come from other insights).
 */
export function coverageMeasures(c: StoreCoverage): Omit<SufficiencyMeasures, "retention_customers" | "eligible_markets" | "segments"> {
  return {
    completed_orders: c.completedOrders,
    revenue_months: c.revenueMonths,
    customers: c.customers,
    span_days: c.completedSpanDays ?? 0,
    orders: c.orders,
    statuses_recorded: c.statusesRecorded ? 1 : 0,
    products_sold: c.productsSold,
    geography_recorded: c.geographyLevel ? 1 : 0,
    repeat_buyers: c.repeatBuyers,
    interactions: c.interactions,
    interaction_days: c.interactionDays,
    interacting_customers: c.interactingCustomers,
    known_spend_share: c.customers > 0 ? (c.customers - c.customersWithUnknownSpend) / c.customers : 1,
  };
}

/** Why a measure falls short of `min`, in words (the store's value, then the rule). */
function shortfall(measure: SufficiencyMeasure, value: number, min: number, c: StoreCoverage): string {
  const n = (v: number) => formatCount(v);
  switch (measure) {
    case "completed_orders":
      return "the store has no completed orders";
    case "revenue_months":
      return value === 0 ? "no completed order has lines, so there is no monthly revenue" : `revenue covers ${n(value)} calendar month${value === 1 ? "" : "s"}; a peak needs at least ${n(min)}`;
    case "customers":
      return value === 0 ? "no customer has a completed order" : `only ${n(value)} customer${value === 1 ? " has" : "s have"} a completed order (at least ${n(min)} needed)`;
    case "span_days":
      return `the completed orders span ${spanText(value)}${c.firstOrderAt ? ` (${c.firstOrderAt.slice(0, 10)}${c.lastOrderAt && c.lastOrderAt.slice(0, 10) !== c.firstOrderAt.slice(0, 10) ? ` to ${c.lastOrderAt.slice(0, 10)}` : ""})` : ""}; at least ${n(min)} days are needed`;
    case "orders":
      return `only ${n(value)} order${value === 1 ? "" : "s"} (at least ${n(min)} needed)`;
    case "statuses_recorded":
      return "the store records no order outcome: every order is marked completed, so failed and canceled orders are not in the data";
    case "retention_customers":
      return value === 0
        ? "no cohort of new customers has been observed for a month after its first order"
        : `only ${n(value)} customers are in cohorts observed a month after their first order (at least ${n(min)} needed)`;
    case "products_sold":
      return `only ${n(value)} product${value === 1 ? "" : "s"} sold (at least ${n(min)} needed)`;
    case "geography_recorded":
      return `neither country nor region is recorded for at least ${formatPct(T.geographyMinCoverage, 0)} of completed orders`;
    case "eligible_markets": {
      const level = c.geographyLevel === "region" ? "region" : "country";
      const plural = level === "region" ? "regions" : "countries";
      return `${value === 0 ? `no ${level} passes` : value === 1 ? `only 1 ${level} passes` : `only ${n(value)} ${plural} pass`} the minimum-size rule (at least ${formatPct(T.marketMinCustomerShare, 0)} of customers or ${n(T.marketMinOrders)} completed orders, and ${n(T.marketMinCustomers)} customers); at least ${n(min)} are needed to compare`;
    }
    case "repeat_buyers":
      return value === 0 ? "no customer has a second completed order" : `only ${n(value)} customers bought more than once (at least ${n(min)} needed)`;
    case "interactions":
      return "the store records no interaction events";
    case "interaction_days":
      return `interactions cover ${n(value)} day${value === 1 ? "" : "s"} (at least ${n(min)} needed)`;
    case "interacting_customers":
      return `only ${n(value)} customers interacted (at least ${n(min)} needed)`;
    case "segments":
      return "no segmentation with at least two segments ran";
    case "known_spend_share":
      return `spend is unknown for ${n(c.customersWithUnknownSpend)} of ${n(c.customers)} customers (${formatPct(1 - value)}: completed orders without lines), so no segment's share of revenue is known (at most ${formatPct(1 - min, 0)} may be unknown)`;
  }
}

/** The verdict of a rule on one store. */
export interface SufficiencyVerdict {
  ok: boolean;
  /** The failing check's measure (null when ok). */
  failed: SufficiencyMeasure | null;
  /** The reason in words (null when ok). */
  reason: string | null;
  whenInsufficient: WhenInsufficient;
}

/** Applies `rule` to the measures: the first failing check gives the reason. */
export function judge(rule: SufficiencyRule, measures: SufficiencyMeasures, coverage: StoreCoverage): SufficiencyVerdict {
  for (const check of rule.checks) {
    const value = measures[check.measure];
    if (!(value >= check.min)) {
      return { ok: false, failed: check.measure, reason: shortfall(check.measure, value, check.min, coverage), whenInsufficient: rule.whenInsufficient };
    }
  }
  return { ok: true, failed: null, reason: null, whenInsufficient: rule.whenInsufficient };
}

/**
 * How one finding fared on this store: "shown" as computed; "bound" (a sum over orders of which some lack
 * lines, shown as "at least" with its coverage); "caveat" (shown with a stated qualification: computed over a
 * covered subset, a weak segmentation, a flagged prediction); "cannot_tell" (a finding that says why it cannot
 * tell); "omitted" (not shown).
 */
export interface SufficiencyEntry {
  finding: FindingId;
  status: "shown" | "bound" | "caveat" | "cannot_tell" | "omitted";
  /** The measure whose check failed, or "model" when the prediction could not be fitted (null unless cannot_tell/omitted). */
  failed: string | null;
  /** The shortfall, the coverage of a bound, or the caveat (null when shown). */
  reason: string | null;
}
