/**
 * Findings with rule-based recommendations. Each finding's title, value and text are built from computed
 * numbers through the format helpers; the recommendation rules and their thresholds are in FINDING_RULES, and
 * whether the data can support a finding at all is decided by the sufficiency table (sufficiency.ts).
 */
import pl from "nodejs-polars";
import { abcSummary, salesOverTime } from "./sales.js";
import { cohortRetention, meanRetention } from "./cohorts.js";
import { repeatBuyers, topCustomerShare } from "./customers.js";
import { orderOutcome } from "./orders.js";
import { bestWorstMarkets } from "./geography.js";
import { interactionConversion, interactionsPerDay, sessionDurations } from "./engagement.js";
import { clvPlausibility, historicalClv, predictiveClv } from "./clv.js";
import { predictionHoldout, type PredictionHoldout } from "./holdout.js";
import { getMarketingStrategies } from "./strategies.js";
import { f64, strs } from "./base.js";
import { spanText, storeCoverage } from "./coverage.js";
import { currencyFacts } from "./data-card.js";
import { segmentQuality, type SegmentationDiagnostics, type SegmentQuality } from "./segment-quality.js";
import {
  coverageMeasures,
  judge,
  SUFFICIENCY,
  SUFFICIENCY_THRESHOLDS,
  type FindingId,
  type SufficiencyEntry,
  type SufficiencyMeasures,
} from "./sufficiency.js";
import { formatCount, formatMoney, formatPct, roundMoney, roundShare, roundTo } from "./format.js";
import type { Finding, InsightsContext } from "./types.js";

/** Thresholds of the recommendation rules (documented defaults). */
export const FINDING_RULES = {
  /** Top-20% revenue share above this → retention programme for the top customers. */
  topShareConcentrated: 0.6,
  /** Top-20% revenue share below this → broad base: acquisition and basket size. */
  topShareBroad: 0.4,
  /** Repeat-buyer share below this → second-purchase campaign. */
  repeatShareLow: 0.3,
  /** Failed-order share above this → fix the payment flow. */
  failedShareHigh: 0.05,
  /** Canceled-order share above this → review cancellations. */
  canceledShareHigh: 0.05,
  /** Month-1 retention below this → post-purchase onboarding. */
  month1RetentionLow: 0.2,
  /** Peak month ≥ this × the mean month → plan for seasonality. */
  peakRatioSeasonal: 1.5,
  /** Worst market's revenue per customer below this × the best's → review that market. */
  worstMarketGap: 0.5,
  /** Interacting customers' conversion below this → retarget browsers. */
  conversionLow: 0.5,
  /** p_alive below this counts a customer as probably lapsed. */
  pAliveLapsed: 0.5,
} as const;

/** Findings and, for every finding the sufficiency table covers, how it fared on this store. */
export interface FindingsWithSufficiency {
  findings: Finding[];
  sufficiency: SufficiencyEntry[];
}

/** The lead of a "cannot tell" finding's title, per finding. */
const CANNOT_TELL_LEAD: Partial<Record<FindingId, string>> = {
  revenue_overview: "Cannot tell revenue",
  repeat_buyers: "Cannot tell whether customers come back",
  order_failures: "Cannot tell how many orders failed or were canceled",
  predicted_clv: "Cannot predict customer lifetime value",
};

/** The findings of `buildFindingsWithSufficiency`. */
export function buildFindings(context: InsightsContext): Finding[] {
  return buildFindingsWithSufficiency(context).findings;
}

/**
 * Builds the findings for a context: revenue overview, peak month, top-customer share, repeat buyers, order
 * failures, month-1 retention, product concentration (ABC), top, best and worst market, predicted CLV, and
 * when present engagement (spikes, sessions, conversion), the segmentation verdict and the most valuable
 * segment. Each finding first passes its sufficiency rule (SUFFICIENCY): when a rule fails the finding is
 * omitted or states that it cannot tell, and why; sums over orders of which some lack lines are lower bounds
 * with their coverage. Deterministic; evidence money rounded to cents, shares to 4 decimals.
 */
export function buildFindingsWithSufficiency(context: InsightsContext): FindingsWithSufficiency {
  const { store } = context;
  const R = FINDING_RULES;
  const T = SUFFICIENCY_THRESHOLDS;
  const rules = context.sufficiency ?? SUFFICIENCY;
  const cur = store.currency;
  const currency = currencyFacts(store);
  const money = (v: number) => formatMoney(v, cur) + (currency.mixed ? " (mixed currencies)" : "");
  const cov = storeCoverage(store);
  const out: Finding[] = [];
  const entries = new Map<FindingId, SufficiencyEntry>();

  const retention = cohortRetention(store);
  const m1 = meanRetention(retention, 1);
  const markets = bestWorstMarkets(store);
  const measures: SufficiencyMeasures = {
    ...coverageMeasures(cov),
    retention_customers: m1.cohorts > 0 ? m1.customers : 0,
    eligible_markets: markets.eligible,
    segments: context.segments?.length ?? 0,
  };
  const ruleText = (id: FindingId) =>
    rules[id].checks.map((c) => `${c.measure.replace(/_/g, " ")} ≥ ${c.min}`).join(", ");
  /** Applies the rule of `id`; on failure records the entry (and a "cannot tell" finding when the rule says so). */
  const gate = (id: FindingId, known: Finding["evidence"] = {}): boolean => {
    const v = judge(rules[id], measures, cov);
    if (v.ok) return true;
    refuse(id, v.failed!, v.reason!, known);
    return false;
  };
  const refuse = (id: FindingId, failed: string, reason: string, known: Finding["evidence"] = {}) => {
    const rule = rules[id];
    if (rule.whenInsufficient === "omit") {
      entries.set(id, { finding: id, status: "omitted", failed, reason });
      return;
    }
    entries.set(id, { finding: id, status: "cannot_tell", failed, reason });
    out.push({
      id,
      title: `${CANNOT_TELL_LEAD[id] ?? "Cannot tell"}: ${reason}`,
      value: "cannot tell",
      unit: "text",
      evidence: { ...known, reason, rule: ruleText(id) },
      recommendation: rule.remedy ?? "Collect the data this finding needs.",
    });
  };
  const shown = (id: FindingId, bound: string | null = null, status: "bound" | "caveat" = "bound") =>
    entries.set(id, { finding: id, status: bound ? status : "shown", failed: null, reason: bound });

  // Any completed order without lines makes revenue a lower bound; from `materialMissingShare` on, derived
  // numbers switch to the covered orders or customers and their titles say so.
  const revenuePartial = cov.completedOrdersWithLines < cov.completedOrders;
  const revenueMaterial = cov.completedOrders > 0 && (cov.completedOrders - cov.completedOrdersWithLines) / cov.completedOrders >= T.materialMissingShare;
  const revenueCoverage = `${formatCount(cov.completedOrdersWithLines)} of ${formatCount(cov.completedOrders)} completed orders have lines`;
  const spendPartial = cov.customers > 0 && cov.customersWithUnknownSpend / cov.customers >= T.materialMissingShare;

  // 1. Revenue overview
  const months = salesOverTime(store, { period: "month" }).filter(pl.col("revenue").isNotNull());
  const rev = f64(months, "revenue");
  const totalRevenue = rev.reduce((s, v) => s + v, 0);
  if (gate("revenue_overview", { orders: cov.orders })) {
    const completedOrders = cov.completedOrders;
    const customers = cov.customers;
    const aovOrders = revenueMaterial ? cov.completedOrdersWithLines : completedOrders;
    const aov = aovOrders > 0 ? totalRevenue / aovOrders : 0;
    const short = (cov.completedSpanDays ?? 0) < 28;
    const rate = short
      ? `${formatCount(completedOrders)} orders in the ${spanText(cov.completedSpanDays ?? 0)} the data cover (too short for a monthly rate: measure a full month first)`
      : `${formatCount(completedOrders / Math.max(1, months.height), 0)} orders a month`;
    out.push({
      id: "revenue_overview",
      title: revenuePartial
        ? `At least ${money(totalRevenue)} revenue from ${formatCount(completedOrders)} completed orders by ${formatCount(customers)} customers (${revenueCoverage})`
        : `${money(totalRevenue)} revenue from ${formatCount(completedOrders)} completed orders by ${formatCount(customers)} customers`,
      value: roundMoney(totalRevenue),
      unit: "money",
      ...(revenuePartial ? { bound: "lower" as const } : {}),
      evidence: {
        revenue: roundMoney(totalRevenue),
        completed_orders: completedOrders,
        customers,
        aov: roundMoney(aov),
        months: months.height,
        ...(revenuePartial ? { completed_orders_with_lines: cov.completedOrdersWithLines, revenue_is: "lower bound" } : {}),
        ...(revenueMaterial ? { aov_over: "completed orders with lines" } : {}),
        ...(currency.mixed ? { currency_note: "mixed currencies" } : {}),
      },
      recommendation: revenueMaterial
        ? `Use an average order value of ${money(aov)}, computed over the ${formatCount(aovOrders)} completed orders with lines, and ${rate} as the baseline against which campaigns are measured; record the line items of every order, since ${formatCount(completedOrders - cov.completedOrdersWithLines)} completed orders have none and their revenue is missing from every total.`
        : `Use an average order value of ${money(aov)} and ${rate} as the baseline against which campaigns are measured.`,
    });
    shown("revenue_overview", revenuePartial ? revenueCoverage : null);
  }

  // 2. Peak month
  if (gate("peak_month")) {
    const labels = strs(months, "period") as string[];
    let peak = 0;
    for (let i = 1; i < rev.length; i++) if (rev[i] > rev[peak]) peak = i;
    const mean = totalRevenue / rev.length;
    const ratio = mean > 0 ? rev[peak] / mean : 0;
    const fullYear = months.height >= T.seasonalityMinMonths;
    out.push({
      id: "peak_month",
      title: `Revenue peaked in ${labels[peak]} at ${money(rev[peak])}, ${formatCount(ratio, 1)}× the average month${revenueMaterial ? " (completed orders with lines only)" : ""}`,
      value: labels[peak],
      unit: "text",
      evidence: {
        peak_month: labels[peak],
        peak_revenue: roundMoney(rev[peak]),
        mean_monthly_revenue: roundMoney(mean),
        peak_to_mean: roundTo(ratio, 2),
        ...(fullYear ? {} : { months: months.height }),
        ...(revenueMaterial ? { completed_orders_with_lines: cov.completedOrdersWithLines, completed_orders: cov.completedOrders } : {}),
      },
      recommendation: !fullYear
        ? `${formatCount(months.height)} months of revenue are too few to tell seasonality from trend (a full year, ${T.seasonalityMinMonths} months, is needed): watch whether ${labels[peak]} peaks again before planning campaigns around it.`
        : ratio >= R.peakRatioSeasonal
          ? `Sales are seasonal (peak ${formatCount(ratio, 1)}× the mean month, rule ≥ ${R.peakRatioSeasonal}×): build stock and start campaigns 4–6 weeks before ${labels[peak]}.`
          : `Monthly revenue is fairly even (peak ${formatCount(ratio, 1)}× the mean month, below ${R.peakRatioSeasonal}×): spread campaigns through the year rather than around one season.`,
    });
    shown("peak_month", revenueMaterial ? revenueCoverage : null);
  }

  // 3. Top-customer concentration
  if (gate("top_customer_share")) {
    const top = topCustomerShare(store, { knownSpendOnly: spendPartial });
    const among = spendPartial ? ` (among the ${formatCount(top.customers)} customers whose orders all have lines)` : "";
    out.push({
      id: "top_customer_share",
      title: `The top 20% of customers bring ${formatPct(top.share)} of revenue${among}`,
      value: roundShare(top.share),
      unit: "share",
      evidence: {
        top_customers: top.topCustomers,
        customers: top.customers,
        top_revenue: roundMoney(top.topRevenue),
        revenue: roundMoney(top.revenue),
        share: roundShare(top.share),
        ...(spendPartial ? { customers_with_unknown_spend: cov.customersWithUnknownSpend } : {}),
      },
      recommendation:
        top.share > R.topShareConcentrated
          ? `Revenue is concentrated (${formatPct(top.share)} > ${formatPct(R.topShareConcentrated, 0)}): start a retention programme for the top ${formatCount(top.topCustomers)} customers (${money(top.topRevenue)}), with account care and early access, and monitor their recency monthly.`
          : top.share < R.topShareBroad
            ? `Revenue is spread broadly (${formatPct(top.share)} < ${formatPct(R.topShareBroad, 0)}): growth comes from acquisition and larger baskets more than from a few key accounts.`
            : `Revenue is moderately concentrated (${formatPct(top.share)}): combine a light loyalty programme for the top ${formatCount(top.topCustomers)} customers with acquisition.`,
    });
    shown("top_customer_share", spendPartial ? `${formatCount(cov.customersWithUnknownSpend)} of ${formatCount(cov.customers)} customers have a completed order without lines and are left out` : null, "caveat");
  }

  // 4. Repeat buyers
  if (gate("repeat_buyers", { customers: cov.customers, history_span: spanText(cov.completedSpanDays ?? 0) })) {
    const rb = repeatBuyers(store);
    const rbShare = spendPartial ? repeatBuyers(store, { knownSpendOnly: true }) : rb;
    const among = spendPartial ? ` (revenue share among the ${formatCount(rbShare.customers)} customers whose orders all have lines)` : "";
    out.push({
      id: "repeat_buyers",
      title: `${formatPct(rb.repeatShare)} of customers bought more than once and bring ${formatPct(rbShare.repeatRevenueShare)} of revenue${among}`,
      value: roundShare(rb.repeatShare),
      unit: "share",
      evidence: {
        customers: rb.customers,
        one_time: rb.oneTime,
        repeat: rb.repeat,
        repeat_share: roundShare(rb.repeatShare),
        repeat_revenue: roundMoney(rbShare.repeatRevenue),
        repeat_revenue_share: roundShare(rbShare.repeatRevenueShare),
        ...(spendPartial ? { customers_with_unknown_spend: cov.customersWithUnknownSpend } : {}),
      },
      recommendation:
        rb.repeatShare < R.repeatShareLow
          ? `Few customers come back (${formatPct(rb.repeatShare)} < ${formatPct(R.repeatShareLow, 0)}): send the ${formatCount(rb.oneTime)} one-time buyers a second-purchase offer within 30 days of their first order.`
          : `Repeat buying is healthy (${formatPct(rb.repeatShare)} ≥ ${formatPct(R.repeatShareLow, 0)}): reward it with loyalty points and referrals, and use the ${formatCount(rb.oneTime)} one-time buyers as the second-purchase audience.`,
    });
    shown("repeat_buyers", spendPartial ? `${formatCount(cov.customersWithUnknownSpend)} customers with unknown spend are left out of the revenue share` : null, "caveat");
  }

  // 5. Order failures
  if (gate("order_failures", { orders: cov.orders })) {
    const outcome = orderOutcome(store);
    const failedOrCanceled = outcome.failedShare + outcome.canceledShare;
    const lostPartial = outcome.lostOrdersWithLines > 0 && outcome.lostOrdersWithLines < outcome.lostOrders;
    const lostCoverage = `${formatCount(outcome.lostOrdersWithLines)} of ${formatCount(outcome.lostOrders)} failed or canceled orders have lines`;
    const lostText =
      outcome.lostValue !== null
        ? ` (${money(outcome.lostValue)} not collected)`
        : lostPartial
          ? `: at least ${money(outcome.lostValueAtLeast)} not collected (${lostCoverage})`
          : " (value not recorded)";
    const reversals = outcome.canceledAreReversals;
    const canceledWord = reversals ? "were canceled or returned" : "were canceled";
    const failureTitle =
      outcome.failedShare === 0 && outcome.canceledShare > 0
        ? `${formatPct(outcome.canceledShare)} of orders ${canceledWord}${lostText}`
        : outcome.canceledShare === 0 && outcome.failedShare > 0
          ? `${formatPct(outcome.failedShare)} of orders failed${lostText}`
          : `${formatPct(outcome.failedShare)} of orders failed and ${formatPct(outcome.canceledShare)} ${canceledWord}${lostText}`;
    out.push({
      id: "order_failures",
      title: failureTitle,
      value: roundShare(failedOrCanceled),
      unit: "share",
      evidence: {
        orders: outcome.orders,
        completed_share: roundShare(outcome.completedShare),
        failed_share: roundShare(outcome.failedShare),
        canceled_share: roundShare(outcome.canceledShare),
        returned_share: roundShare(outcome.returnedShare),
        completed_revenue: roundMoney(outcome.completedRevenue),
        lost_value: outcome.lostValue === null ? null : roundMoney(outcome.lostValue),
        lost_share_of_value: outcome.lostShareOfValue === null ? null : roundShare(outcome.lostShareOfValue),
        lost_orders_without_lines: outcome.lostOrdersWithoutLines,
        ...(lostPartial ? { known_lost_value: roundMoney(outcome.lostValueAtLeast), lost_orders: outcome.lostOrders, lost_orders_with_lines: outcome.lostOrdersWithLines } : {}),
        ...(revenueMaterial ? { completed_orders: outcome.completedOrders, completed_orders_with_lines: outcome.completedOrdersWithLines } : {}),
      },
      recommendation:
        [
          outcome.failedShare > R.failedShareHigh
            ? `Fix the payment flow: ${formatPct(outcome.failedShare)} of orders failed (rule > ${formatPct(R.failedShareHigh, 0)}); add retries, more payment methods and failed-payment reminders.`
            : "",
          outcome.canceledShare > R.canceledShareHigh
            ? reversals
              ? `Review cancellations and returns: ${formatPct(outcome.canceledShare)} of invoices are credit notes reversing earlier sales (rule > ${formatPct(R.canceledShareHigh, 0)}); their value is not in the cleaned data (negative lines are dropped), so rank products and customers by credit notes in the source file and check product quality, descriptions and delivery.`
              : `Review cancellations: ${formatPct(outcome.canceledShare)} of orders were canceled (rule > ${formatPct(R.canceledShareHigh, 0)}); check stock availability and delivery promises.`
            : "",
        ]
          .filter(Boolean)
          .join(" ") ||
        (outcome.orders > 0 && outcome.completedShare === 1
          ? "All orders in the data are completed (failed or canceled orders are not recorded or were removed by cleaning): no action from this metric."
          : `Failed and canceled orders stay within ${formatPct(R.failedShareHigh, 0)} each: keep monitoring them monthly.`),
    });
    if (lostPartial) shown("order_failures", lostCoverage);
    else shown("order_failures", outcome.lostValue === null && outcome.lostOrders > 0 ? `value not recorded: none of the ${formatCount(outcome.lostOrders)} failed or canceled orders has lines` : null, "caveat");
  }

  // 6. Month-1 retention
  if (gate("month1_retention")) {
    out.push({
      id: "month1_retention",
      title: `${formatPct(m1.retention)} of new customers buy again in the month after their first order`,
      value: roundShare(m1.retention),
      unit: "share",
      evidence: { retention: roundShare(m1.retention), cohorts: m1.cohorts, customers: m1.customers, cohort_count: new Set(strs(retention, "cohort")).size },
      recommendation:
        m1.retention < R.month1RetentionLow
          ? `Early retention is low (${formatPct(m1.retention)} < ${formatPct(R.month1RetentionLow, 0)}): add a post-purchase onboarding sequence (thank-you, usage tips, a second-order incentive at day 21).`
          : `Early retention is solid (${formatPct(m1.retention)}): focus on keeping customers active beyond month 3, where cohorts usually thin out.`,
    });
    shown("month1_retention");
  }

  // 7. Product concentration (ABC)
  if (gate("product_concentration")) {
    const abc = abcSummary(store);
    const aProducts = (abc.getColumn("products").toArray() as number[])[0];
    const aShareProducts = (abc.getColumn("share_of_products").toArray() as number[])[0];
    const aShareRevenue = (abc.getColumn("share_of_revenue").toArray() as number[])[0];
    const nProducts = abc.getColumn("products").sum() as number;
    out.push({
      id: "product_concentration",
      title: `${formatCount(aProducts)} products (${formatPct(aShareProducts)} of the range) make ${formatPct(aShareRevenue)} of product revenue${revenueMaterial ? " (completed orders with lines only)" : ""}`,
      value: roundShare(aShareProducts),
      unit: "share",
      evidence: {
        a_products: aProducts,
        products: nProducts,
        a_share_of_products: roundShare(aShareProducts),
        a_share_of_revenue: roundShare(aShareRevenue),
        ...(revenueMaterial ? { completed_orders_with_lines: cov.completedOrdersWithLines, completed_orders: cov.completedOrders } : {}),
      },
      recommendation:
        aShareProducts < 0.2
          ? `Revenue rests on a few products (class A = ${formatPct(aShareProducts)} of products < 20%): protect their stock and pricing first, and review the ${formatCount(nProducts - aProducts)} B and C products for pruning or bundling.`
          : `Revenue is spread over the range (class A = ${formatPct(aShareProducts)} of products ≥ 20%): manage the assortment by category rather than by a few hero products.`,
    });
    shown("product_concentration", revenueMaterial ? revenueCoverage : null);
  }

  // 8. Markets: country when recorded, else region, under the minimum-size rule
  const level = markets.level;
  const marketWord = level === "region" ? "region" : "market";
  for (const id of ["top_market", "best_market", "worst_market"] as const) {
    if (!gate(id)) continue;
    if (id === "top_market") {
      const t = markets.top!;
      const dominant = t.share_of_revenue >= 0.5;
      out.push({
        id,
        title: `${t.market} is the largest ${level === "region" ? "region" : "country"}: ${formatPct(t.share_of_revenue)} of revenue from ${formatPct(t.share_of_customers)} of customers`,
        value: t.market,
        unit: "text",
        evidence: {
          level,
          market: t.market,
          customers: t.customers,
          orders: t.orders,
          revenue: roundMoney(t.revenue),
          share_of_revenue: roundShare(t.share_of_revenue),
          share_of_customers: roundShare(t.share_of_customers),
          eligible_markets: markets.eligible,
          rule: markets.rule,
        },
        recommendation: dominant
          ? `${t.market} brings more than half of revenue (${formatPct(t.share_of_revenue)}): the business moves with it, so track it monthly and grow the next ${level === "region" ? "regions" : "markets"} to spread the risk.`
          : `No ${level === "region" ? "region" : "market"} dominates (the largest, ${t.market}, brings ${formatPct(t.share_of_revenue)} of revenue): compare ${level === "region" ? "regions" : "markets"} per customer (best and weakest below) rather than by size.`,
      });
    } else if (id === "best_market") {
      const b = markets.best!;
      out.push({
        id,
        title: `Best ${marketWord}: ${b.market}, ${money(b.revenue_per_customer)} per customer`,
        value: b.market,
        unit: "text",
        evidence: { market: b.market, customers: b.customers, orders: b.orders, revenue: roundMoney(b.revenue), revenue_per_customer: roundMoney(b.revenue_per_customer), share_of_revenue: roundShare(b.share_of_revenue), eligible_markets: markets.eligible, rule: markets.rule },
        recommendation: `${b.market} earns the most per customer among ${formatCount(markets.eligible)} ${level === "region" ? "regions" : "markets"} of meaningful size (${formatCount(b.customers)} customers, ${money(b.revenue)}): use it as the template for offers and test extra acquisition spend there.`,
      });
    } else {
      const w = markets.worst!;
      const best = markets.best!;
      const gap = best.revenue_per_customer > 0 ? w.revenue_per_customer / best.revenue_per_customer : 0;
      out.push({
        id,
        title: `Weakest ${marketWord}: ${w.market}, ${money(w.revenue_per_customer)} per customer`,
        value: w.market,
        unit: "text",
        evidence: { market: w.market, customers: w.customers, orders: w.orders, revenue: roundMoney(w.revenue), revenue_per_customer: roundMoney(w.revenue_per_customer), ratio_to_best: roundTo(gap, 2), rule: markets.rule },
        recommendation:
          gap < R.worstMarketGap
            ? `${w.market} earns ${formatPct(gap, 0)} of the best ${marketWord}'s revenue per customer (rule < ${formatPct(R.worstMarketGap, 0)}): review pricing, shipping costs and assortment there before spending more on acquisition.`
            : `${w.market} is the weakest eligible ${marketWord} but within ${formatPct(1 - gap, 0)} of the best per customer: no ${marketWord}-specific action needed.`,
      });
    }
    shown(id, revenueMaterial ? revenueCoverage : null);
  }

  // 9. Predicted CLV
  const horizonDays = context.horizonDays ?? 365;
  if (gate("predicted_clv", { customers: cov.customers, repeat_buyers: cov.repeatBuyers, history_span: spanText(cov.completedSpanDays ?? 0) })) {
    const pclv = predictiveClv(store, { horizonDays });
    if (pclv.model === "none") {
      refuse("predicted_clv", pclv.refusedBy === "model" ? "model" : pclv.refusedBy!, pclv.refusal!, { customers: pclv.customers, repeat_buyers: pclv.repeatCustomers, history_span: spanText(pclv.spanDays) });
    } else {
      const predicted = f64(pclv.table, "predicted_clv");
      const pAlive = f64(pclv.table, "p_alive");
      const hist = historicalClv(store);
      const histClv = f64(hist, "historical_clv");
      const sorted = Float64Array.from(histClv).sort();
      const medianHist = sorted.length % 2 ? sorted[sorted.length >> 1] : (sorted[(sorted.length >> 1) - 1] + sorted[sorted.length >> 1]) / 2;
      let total = 0, atRisk = 0, atRiskValue = 0;
      for (let i = 0; i < predicted.length; i++) {
        total += predicted[i];
        if (pAlive[i] < R.pAliveLapsed && histClv[i] > medianHist) {
          atRisk += 1;
          atRiskValue += histClv[i];
        }
      }
      const perCustomer = total / predicted.length;
      const check = clvPlausibility(store, total, pclv.horizonDays);
      const holdout = predictionHoldout(store, { holdoutDays: context.holdoutDays });
      const flag = check.plausible
        ? ""
        : `; flagged: ${formatCount(check.ratio, 1)}× the store's own revenue over the last ${formatCount(pclv.horizonDays)} days (${money(check.recentRevenuePerHorizon)}), above the ${T.clvMaxToRecentRevenue}× plausibility rule`;
      out.push({
        id: "predicted_clv",
        title: `Expected revenue from current customers in the next ${formatCount(pclv.horizonDays)} days: ${money(total)} (${money(perCustomer)} per customer)${flag}`,
        value: roundMoney(total),
        unit: "money",
        evidence: {
          model: pclv.model,
          label: pclv.label,
          horizon_days: pclv.horizonDays,
          customers: predicted.length,
          predicted_total: roundMoney(total),
          predicted_per_customer: roundMoney(perCustomer),
          at_risk_customers: atRisk,
          at_risk_historical_value: roundMoney(atRiskValue),
          recent_revenue: roundMoney(check.recentRevenuePerHorizon),
          predicted_to_recent_ratio: roundTo(check.ratio, 2),
          plausibility: check.plausible ? "within the store's history" : "flagged: above the store's history",
          ...holdoutEvidence(holdout),
        },
        recommendation:
          (check.plausible
            ? ""
            : `Treat this prediction as implausible: it expects ${formatCount(check.ratio, 1)}× what the whole store, new customers included, earned in the last ${formatCount(pclv.horizonDays)} days; check the model against a holdout period before using it. `) +
          (atRisk > 0
            ? `${formatCount(atRisk)} above-median customers (${money(atRiskValue)} bought to date) are probably lapsed (p_alive < ${R.pAliveLapsed}): contact them first in a win-back campaign. ${pclv.label}.`
            : `No above-median customer looks lapsed (p_alive < ${R.pAliveLapsed}): keep the base warm and use predicted CLV to cap acquisition cost per customer. ${pclv.label}.`) +
          holdoutSentence(holdout),
      });
      shown("predicted_clv", check.plausible ? null : `flagged: ${formatCount(check.ratio, 1)}× the store's revenue over the last ${formatCount(pclv.horizonDays)} days`, "caveat");
    }
  }

  // 10. Engagement
  if (gate("engagement_spikes")) {
    const daily = interactionsPerDay(store);
    const spikes = daily.filter(pl.col("is_spike"));
    const spikeDays = strs(spikes, "day") as string[];
    const sessions = sessionDurations(store);
    const mean = daily.height ? (daily.getColumn("interactions").sum() as number) / daily.height : 0;
    out.push({
      id: "engagement_spikes",
      title: `${formatCount(spikeDays.length)} spike day(s) in ${formatCount(daily.height)} days of interactions (mean ${formatCount(mean, 1)} a day)`,
      value: spikeDays.length,
      unit: "count",
      evidence: {
        days: daily.height,
        mean_per_day: roundTo(mean, 2),
        spike_days: spikeDays.length,
        first_spike: spikeDays[0] ?? null,
        rule: "robust z = (x − median) / (1.4826 · MAD) > 3.5",
        sessions: sessions ? sessions.sessions : null,
        mean_session_seconds: sessions ? roundTo(sessions.meanSeconds, 1) : null,
      },
      recommendation:
        spikeDays.length > 0
          ? `Find out what drove the ${formatCount(spikeDays.length)} spike day(s) (first ${spikeDays[0]}): repeat the campaigns behind them and make sure the site and stock hold at that volume.`
          : `Traffic has no spikes under the robust z-score rule: campaigns have not moved daily interactions noticeably; tag campaigns so their effect can be measured.`,
    });
    shown("engagement_spikes");
  }
  if (gate("interaction_conversion")) {
    const conv = interactionConversion(store)!;
    out.push({
      id: "interaction_conversion",
      title: `${formatPct(conv.conversion)} of customers who interacted have a completed order`,
      value: roundShare(conv.conversion),
      unit: "share",
      evidence: { interacting_customers: conv.interactingCustomers, buying_customers: conv.buyingCustomers, conversion: roundShare(conv.conversion) },
      recommendation:
        conv.conversion < R.conversionLow
          ? `Most browsers do not buy (${formatPct(conv.conversion)} < ${formatPct(R.conversionLow, 0)}): retarget the ${formatCount(conv.interactingCustomers - conv.buyingCustomers)} non-buyers with the products they viewed and simplify checkout.`
          : `Browsers convert well (${formatPct(conv.conversion)}): invest in bringing more traffic to the products with the highest conversion.`,
    });
    shown("interaction_conversion");
  }

  // 11. Segments: the verdict, then the most valuable segment
  let quality: SegmentQuality | null = null;
  if (gate("segment_quality")) {
    const segs = context.segments!;
    const diag: SegmentationDiagnostics = context.segmentation ?? {
      k: segs.length,
      silhouette: null,
      stabilityAri: null,
      recencyP10Days: null,
      recencyP90Days: null,
      customers: segs.reduce((s, x) => s + x.customers, 0),
      unknownSpendCustomers: 0,
    };
    quality = segmentQuality(segs, diag);
    out.push({
      id: "segment_quality",
      title: quality.headline,
      value: quality.weak ? "weak" : "holds up",
      unit: "text",
      evidence: {
        k: diag.k,
        silhouette: quality.silhouette === null ? null : roundTo(quality.silhouette, 4),
        stability_ari: quality.stabilityAri === null ? null : roundTo(quality.stabilityAri, 4),
        largest_segment_share_of_customers: quality.largestByCustomers ? roundShare(quality.largestByCustomers.share) : null,
        largest_segment_share_of_revenue: quality.largestByRevenue ? roundShare(quality.largestByRevenue.share) : null,
        recency_spread_days: quality.recencySpreadDays === null ? null : roundTo(quality.recencySpreadDays, 1),
        unknown_spend_share: roundShare(quality.unknownSpendShare),
        weaknesses: quality.weaknesses.length ? quality.weaknesses.map((w) => w.check).join(", ") : "none",
      },
      recommendation: quality.weak
        ? `${quality.sentence} Treat the segments as a rough split, not as distinct customer groups: target campaigns with simple rules on the numbers themselves (recency, orders, spend) and revisit the segmentation when the data are richer.`
        : `${quality.sentence} Use the segments for targeting, and check their stability again whenever the data are refreshed.`,
    });
    shown("segment_quality");
  }
  if (gate("most_valuable_segment")) {
    const segs = [...context.segments!].sort(
      (a, b) => b.shareOfRevenue / Math.max(b.shareOfCustomers, 1e-12) - a.shareOfRevenue / Math.max(a.shareOfCustomers, 1e-12) || a.segment - b.segment,
    );
    const s = segs[0];
    const strategy = getMarketingStrategies(s)[0];
    const weak = quality?.weak ?? false;
    out.push({
      id: "most_valuable_segment",
      title: `${s.name}: ${formatPct(s.shareOfCustomers)} of customers, ${formatPct(s.shareOfRevenue)} of revenue${weak ? " (weak segmentation)" : ""}`,
      value: s.name,
      unit: "text",
      evidence: { segment: s.segment, name: s.name, customers: s.customers, share_of_customers: roundShare(s.shareOfCustomers), share_of_revenue: roundShare(s.shareOfRevenue), strategy: strategy.id },
      recommendation: weak ? `The segments are weak (see the segmentation verdict), so read this as a hypothesis: ${strategy.action}` : strategy.action,
    });
    shown("most_valuable_segment", weak ? "the segmentation is weak" : null, "caveat");
  }

  const sufficiency = (Object.keys(rules) as FindingId[]).map(
    (id) => entries.get(id) ?? { finding: id, status: "omitted" as const, failed: "not computed", reason: "not computed for this context" },
  );
  return { findings: out, sufficiency };
}

/**
 * The holdout error of BG/NBD (+ Gamma–Gamma) as evidence of the predicted-CLV finding, so a reader can weigh the
 * prediction: days held out, fitted up to, predicted vs actual purchases and revenue (−0.24 = 24% too few), the
 * error per customer beside the past-rate baseline's; or why it could not be checked.
 */
export function holdoutEvidence(h: PredictionHoldout): Finding["evidence"] {
  const bg = h.models.find((m) => m.id === "bgnbd");
  const naive = h.models.find((m) => m.id === "past_rate");
  if (h.status !== "ok" || !bg || bg.maePurchases === null) return { holdout_note: h.reason ?? (bg?.note ?? "not checked") };
  return {
    holdout_days: h.period.holdoutDays,
    holdout_calibration_end: h.period.calibrationEnd,
    holdout_purchases_error: bg.purchasesError === null ? null : roundShare(bg.purchasesError),
    holdout_revenue_error: bg.revenueError === null ? null : roundShare(bg.revenueError),
    holdout_mae_purchases: roundTo(bg.maePurchases, 3),
    holdout_baseline_mae_purchases: naive?.maePurchases == null ? null : roundTo(naive.maePurchases, 3),
  };
}

/** One sentence on how the model did on held-out time (empty when it could not be checked for a model reason). */
export function holdoutSentence(h: PredictionHoldout): string {
  const bg = h.models.find((m) => m.id === "bgnbd");
  const naive = h.models.find((m) => m.id === "past_rate");
  if (h.status !== "ok") return ` Not checked on held-out time: ${h.reason}`;
  if (!bg || bg.maePurchases === null || bg.purchasesError === null) return "";
  const e = bg.purchasesError;
  const r = bg.revenueError;
  const level =
    (Math.abs(e) < 0.05 ? "about as many purchases" : `${formatPct(Math.abs(e), 0)} ${e < 0 ? "fewer" : "more"} purchases`) +
    (r === null ? "" : Math.abs(r) < 0.05 ? " and about as much revenue" : ` and ${formatPct(Math.abs(r), 0)} ${r < 0 ? "less" : "more"} revenue`) +
    " than";
  const base = naive?.maePurchases == null ? "" : ` (each customer's past rate: ${formatCount(naive.maePurchases, 2)})`;
  return ` Checked on held-out time: fitted on the history up to ${h.period.calibrationEnd}, the same model predicted ${level} the ${formatCount(h.period.holdoutDays)} days after brought, and missed by ${formatCount(bg.maePurchases, 2)} purchases per customer${base}; weigh the total accordingly.`;
}
