/** Rule-based marketing strategies for one segment, from its size, value share and median profile. */
import { formatCount, formatPct, roundShare, roundTo } from "./format.js";
import type { SegmentSummary } from "./types.js";

/** One recommended strategy with the numbers that triggered it. */
export interface MarketingStrategy {
  id: string;
  title: string;
  action: string;
  evidence: Record<string, number | string>;
}

/** Thresholds of the strategy rules (documented defaults). */
export const STRATEGY_RULES = {
  /** shareOfRevenue / shareOfCustomers at or above this → VIP retention (default 2). */
  vipValueIndex: 2,
  /** Value index below this → upsell / bundle offers (default 0.5). */
  lowValueIndex: 0.5,
  /** Median recency (days) at or above this → win-back (default 180). */
  lapsedRecencyDays: 180,
  /** Median recency (days) at or below this counts as recently active (default 60). */
  activeRecencyDays: 60,
  /** Median frequency at or below this → second-purchase campaign (default 1). */
  singleOrderFrequency: 1,
  /** Median frequency at or above this → loyalty rewards and referrals (default 5). */
  loyalFrequency: 5,
} as const;

/**
 * Strategies for a segment by explicit rules on its numbers (STRATEGY_RULES): value index
 * (= shareOfRevenue / shareOfCustomers) ≥ 2 → VIP retention; median recency ≥ 180 days → win-back; median
 * frequency ≤ 1 → second purchase; median frequency ≥ 5 → loyalty and referrals; value index < 0.5 while
 * recently active (recency ≤ 60 days) → upsell and bundles. When no rule fires: nurture with regular content.
 * Medians used: `recency_days`, `frequency` (missing medians simply do not trigger their rules).
 */
export function getMarketingStrategies(segment: SegmentSummary): MarketingStrategy[] {
  const R = STRATEGY_RULES;
  const valueIndex = segment.shareOfCustomers > 0 ? segment.shareOfRevenue / segment.shareOfCustomers : 0;
  const recency = segment.medians["recency_days"];
  const frequency = segment.medians["frequency"];
  const base = {
    segment: segment.segment,
    customers: segment.customers,
    share_of_customers: roundShare(segment.shareOfCustomers),
    share_of_revenue: roundShare(segment.shareOfRevenue),
    value_index: roundTo(valueIndex, 2),
  };
  const who = `${segment.name} (${formatCount(segment.customers)} customers, ${formatPct(segment.shareOfCustomers)} of customers, ${formatPct(segment.shareOfRevenue)} of revenue)`;
  const out: MarketingStrategy[] = [];
  if (valueIndex >= R.vipValueIndex)
    out.push({
      id: "vip_retention",
      title: `Protect the ${segment.name} segment`,
      action: `${who} brings ${roundTo(valueIndex, 1)}× its share of revenue: keep it with a VIP programme (early access, dedicated service, no discount-led offers).`,
      evidence: base,
    });
  if (recency !== undefined && recency >= R.lapsedRecencyDays)
    out.push({
      id: "win_back",
      title: `Win back the ${segment.name} segment`,
      action: `${who} last bought a median ${formatCount(recency)} days ago: run a win-back sequence with a time-limited incentive, and stop mailing those who do not respond.`,
      evidence: { ...base, median_recency_days: roundTo(recency, 1) },
    });
  if (frequency !== undefined && frequency <= R.singleOrderFrequency)
    out.push({
      id: "second_purchase",
      title: `Turn ${segment.name} into repeat buyers`,
      action: `${who} has a median of ${formatCount(frequency, 1)} order(s): send a second-purchase offer within 30 days of the first order, with recommendations from what they bought.`,
      evidence: { ...base, median_frequency: roundTo(frequency, 2) },
    });
  if (frequency !== undefined && frequency >= R.loyalFrequency)
    out.push({
      id: "loyalty_referral",
      title: `Reward the loyalty of ${segment.name}`,
      action: `${who} orders a median ${formatCount(frequency, 1)} times: add loyalty points and a referral programme to turn them into advocates.`,
      evidence: { ...base, median_frequency: roundTo(frequency, 2) },
    });
  if (valueIndex < R.lowValueIndex && recency !== undefined && recency <= R.activeRecencyDays)
    out.push({
      id: "upsell",
      title: `Grow basket size in ${segment.name}`,
      action: `${who} is active (median recency ${formatCount(recency)} days) but brings only ${roundTo(valueIndex, 2)}× its share of revenue: test bundles, free-shipping thresholds and cross-sell.`,
      evidence: { ...base, median_recency_days: roundTo(recency, 1) },
    });
  if (out.length === 0)
    out.push({
      id: "nurture",
      title: `Nurture ${segment.name}`,
      action: `${who} triggers no specific rule: keep it engaged with regular content and seasonal offers, and watch its recency.`,
      evidence: base,
    });
  return out;
}
