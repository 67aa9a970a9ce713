/**
 * Human labels for the evidence keys of the findings (`Finding.evidence` in business_insights.json), so a reader
 * of the site never sees a developer name such as `mean_monthly_revenue`. One map, `EVIDENCE_LABELS`; a key that
 * means something particular in one finding has a scoped entry `"<finding id>.<key>"`, looked up first.
 * The tests check that every key the findings produce on the default, the real and the purpose-built stores has
 * a label (test/insights/honest.ts): a new evidence key needs its label here.
 */

/** Evidence key (or `finding_id.key`) → label in plain words, sentence case, units in brackets where needed. */
export const EVIDENCE_LABELS: Readonly<Record<string, string>> = {
  a_products: "Class A products",
  a_share_of_products: "Class A share of the range",
  a_share_of_revenue: "Class A share of product revenue",
  aov: "Average order value",
  aov_over: "Average order value computed over",
  at_risk_customers: "Above-median customers probably lapsed",
  at_risk_historical_value: "What they bought to date",
  buying_customers: "Of them, customers with a completed order",
  canceled_share: "Orders canceled",
  cohort_count: "Monthly cohorts in the data",
  cohorts: "Cohorts with a following month",
  completed_orders: "Completed orders",
  completed_orders_with_lines: "Completed orders with line items",
  completed_revenue: "Revenue of completed orders",
  completed_share: "Orders completed",
  conversion: "Interacting customers who bought",
  currency_note: "Currency",
  customers: "Customers",
  customers_with_unknown_spend: "Customers with unknown spend",
  days: "Days with interactions",
  eligible_markets: "Markets of meaningful size",
  failed_share: "Orders failed",
  first_spike: "First spike day",
  history_span: "History span",
  holdout_baseline_mae_purchases: "Holdout: error per customer of each customer's past rate (purchases)",
  holdout_calibration_end: "Holdout: model fitted on the history up to",
  holdout_days: "Holdout: days held out",
  holdout_mae_purchases: "Holdout: error per customer (purchases)",
  holdout_note: "Holdout",
  holdout_purchases_error: "Holdout: predicted vs actual purchases (−0.24 = 24% too few)",
  holdout_revenue_error: "Holdout: predicted vs actual revenue",
  horizon_days: "Forecast horizon",
  interacting_customers: "Customers who interacted",
  k: "Segments (k)",
  known_lost_value: "Value not collected, at least",
  label: "Method",
  largest_segment_share_of_customers: "Largest segment's share of customers",
  largest_segment_share_of_revenue: "Largest segment's share of revenue",
  level: "Market level",
  lost_orders: "Failed or canceled orders",
  lost_orders_with_lines: "Failed or canceled orders with line items",
  lost_orders_without_lines: "Lost orders without order lines",
  lost_share_of_value: "Share of order value not collected",
  lost_value: "Value not collected",
  market: "Market",
  mean_monthly_revenue: "Average monthly revenue",
  mean_per_day: "Average interactions per day",
  mean_session_seconds: "Average session length (seconds)",
  model: "Model",
  months: "Months of data",
  name: "Segment",
  one_time: "One-time buyers",
  orders: "Orders",
  peak_month: "Peak month",
  peak_revenue: "Revenue in the peak month",
  peak_to_mean: "Peak month ÷ average month",
  plausibility: "Plausibility",
  predicted_per_customer: "Expected revenue per customer",
  predicted_to_recent_ratio: "Prediction ÷ last period's revenue",
  predicted_total: "Expected revenue, all customers",
  products: "Products",
  ratio_to_best: "Revenue per customer, as a share of the best market's",
  reason: "Why",
  recency_spread_days: "Recency spread, 10th–90th percentile (days)",
  recent_revenue: "Store revenue over the last period",
  repeat: "Repeat buyers",
  repeat_buyers: "Repeat buyers",
  repeat_revenue: "Revenue from repeat buyers",
  repeat_revenue_share: "Repeat buyers' share of revenue",
  repeat_share: "Customers who bought again",
  retention: "Buy again in the month after their first order",
  returned_share: "Orders returned",
  revenue: "Revenue",
  revenue_is: "Revenue is",
  revenue_per_customer: "Revenue per customer",
  rule: "Rule",
  segment: "Segment number",
  sessions: "Sessions",
  share: "Share",
  share_of_customers: "Share of customers",
  share_of_revenue: "Share of revenue",
  silhouette: "Silhouette",
  spike_days: "Spike days",
  stability_ari: "Stability (adjusted Rand)",
  strategy: "Strategy",
  top_customers: "Customers in the top 20%",
  top_revenue: "Revenue from the top 20%",
  unknown_spend_share: "Share of customers with unknown spend",
  weaknesses: "Weaknesses",
  "best_market.customers": "Customers in this market",
  "best_market.orders": "Orders in this market",
  "best_market.revenue": "Revenue in this market",
  "most_valuable_segment.customers": "Customers in the segment",
  "top_customer_share.share": "Top 20%'s share of revenue",
  "worst_market.customers": "Customers in this market",
  "worst_market.orders": "Orders in this market",
  "worst_market.revenue": "Revenue in this market",
};

/** True when `key` (optionally in finding `findingId`) has a label of its own in EVIDENCE_LABELS. */
export function hasEvidenceLabel(key: string, findingId?: string): boolean {
  return (findingId !== undefined && Object.hasOwn(EVIDENCE_LABELS, `${findingId}.${key}`)) || Object.hasOwn(EVIDENCE_LABELS, key);
}

/**
 * The label of an evidence key: the scoped entry `findingId.key` when there is one, else the key's entry, else
 * (for a key nobody labelled yet) the key in words: underscores as spaces, first letter capitalised.
 * @example evidenceLabel("mean_monthly_revenue"); // => "Average monthly revenue"
 * @example evidenceLabel("share", "top_customer_share"); // => "Top 20%'s share of revenue"
 */
export function evidenceLabel(key: string, findingId?: string): string {
  const own = (k: string) => (Object.hasOwn(EVIDENCE_LABELS, k) ? EVIDENCE_LABELS[k] : undefined);
  const label = (findingId !== undefined ? own(`${findingId}.${key}`) : undefined) ?? own(key);
  if (label !== undefined) return label;
  const words = key.replace(/_+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
