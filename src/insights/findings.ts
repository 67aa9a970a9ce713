/**
 * Findings with rule-based recommendations. Each finding's title, value and text are built from computed
 * numbers through the format helpers; the rules and their thresholds are in FINDING_RULES.
 */
import pl from "nodejs-polars";
import { hasTable } from "../data/model.js";
import { abcSummary, salesOverTime } from "./sales.js";
import { cohortRetention, meanRetention } from "./cohorts.js";
import { repeatBuyers, topCustomerShare } from "./customers.js";
import { orderOutcome } from "./orders.js";
import { bestWorstMarkets } from "./geography.js";
import { interactionConversion, interactionsPerDay, sessionDurations } from "./engagement.js";
import { historicalClv, predictiveClv } from "./clv.js";
import { predictionHoldout, type PredictionHoldout } from "./holdout.js";
import { getMarketingStrategies } from "./strategies.js";
import { f64, strs } from "./base.js";
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

/**
 * Builds the findings for a context: revenue overview, peak month, top-customer share, repeat buyers, order
 * failures, month-1 retention, product concentration (ABC), best and worst market, predicted CLV, and when
 * present engagement (spikes, sessions, conversion) and the most valuable segment. Deterministic; evidence money
 * rounded to cents, shares to 4 decimals.
 */
export function buildFindings(context: InsightsContext): Finding[] {
  const { store } = context;
  const R = FINDING_RULES;
  const cur = store.currency;
  const money = (v: number) => formatMoney(v, cur);
  const out: Finding[] = [];

  // 1. Revenue overview
  const months = salesOverTime(store, { period: "month" });
  const rev = f64(months, "revenue");
  const totalRevenue = rev.reduce((s, v) => s + v, 0);
  const top = topCustomerShare(store);
  const outcome = orderOutcome(store);
  const completedOrders = Math.round(outcome.orders * outcome.completedShare);
  const aov = completedOrders > 0 ? totalRevenue / completedOrders : 0;
  out.push({
    id: "revenue_overview",
    title: `${money(totalRevenue)} revenue from ${formatCount(completedOrders)} completed orders by ${formatCount(top.customers)} customers`,
    value: roundMoney(totalRevenue),
    unit: "money",
    evidence: { revenue: roundMoney(totalRevenue), completed_orders: completedOrders, customers: top.customers, aov: roundMoney(aov), months: months.height },
    recommendation: `Use an average order value of ${money(aov)} and ${formatCount(completedOrders / Math.max(1, months.height), 0)} orders a month as the baseline against which campaigns are measured.`,
  });

  // 2. Peak month
  if (months.height > 0) {
    const labels = strs(months, "period") as string[];
    let peak = 0;
    for (let i = 1; i < rev.length; i++) if (rev[i] > rev[peak]) peak = i;
    const mean = totalRevenue / rev.length;
    const ratio = mean > 0 ? rev[peak] / mean : 0;
    out.push({
      id: "peak_month",
      title: `Revenue peaked in ${labels[peak]} at ${money(rev[peak])}, ${formatCount(ratio, 1)}× the average month`,
      value: labels[peak],
      unit: "text",
      evidence: { peak_month: labels[peak], peak_revenue: roundMoney(rev[peak]), mean_monthly_revenue: roundMoney(mean), peak_to_mean: roundTo(ratio, 2) },
      recommendation:
        ratio >= R.peakRatioSeasonal
          ? `Sales are seasonal (peak ${formatCount(ratio, 1)}× the mean month, rule ≥ ${R.peakRatioSeasonal}×): build stock and start campaigns 4–6 weeks before ${labels[peak]}.`
          : `Monthly revenue is fairly even (peak ${formatCount(ratio, 1)}× the mean month, below ${R.peakRatioSeasonal}×): spread campaigns through the year rather than around one season.`,
    });
  }

  // 3. Top-customer concentration
  out.push({
    id: "top_customer_share",
    title: `The top 20% of customers bring ${formatPct(top.share)} of revenue`,
    value: roundShare(top.share),
    unit: "share",
    evidence: { top_customers: top.topCustomers, customers: top.customers, top_revenue: roundMoney(top.topRevenue), revenue: roundMoney(top.revenue), share: roundShare(top.share) },
    recommendation:
      top.share > R.topShareConcentrated
        ? `Revenue is concentrated (${formatPct(top.share)} > ${formatPct(R.topShareConcentrated, 0)}): start a retention programme for the top ${formatCount(top.topCustomers)} customers (${money(top.topRevenue)}), with account care and early access, and monitor their recency monthly.`
        : top.share < R.topShareBroad
          ? `Revenue is spread broadly (${formatPct(top.share)} < ${formatPct(R.topShareBroad, 0)}): growth comes from acquisition and larger baskets more than from a few key accounts.`
          : `Revenue is moderately concentrated (${formatPct(top.share)}): combine a light loyalty programme for the top ${formatCount(top.topCustomers)} customers with acquisition.`,
  });

  // 4. Repeat buyers
  const rb = repeatBuyers(store);
  out.push({
    id: "repeat_buyers",
    title: `${formatPct(rb.repeatShare)} of customers bought more than once and bring ${formatPct(rb.repeatRevenueShare)} of revenue`,
    value: roundShare(rb.repeatShare),
    unit: "share",
    evidence: { customers: rb.customers, one_time: rb.oneTime, repeat: rb.repeat, repeat_share: roundShare(rb.repeatShare), repeat_revenue: roundMoney(rb.repeatRevenue), repeat_revenue_share: roundShare(rb.repeatRevenueShare) },
    recommendation:
      rb.repeatShare < R.repeatShareLow
        ? `Few customers come back (${formatPct(rb.repeatShare)} < ${formatPct(R.repeatShareLow, 0)}): send the ${formatCount(rb.oneTime)} one-time buyers a second-purchase offer within 30 days of their first order.`
        : `Repeat buying is healthy (${formatPct(rb.repeatShare)} ≥ ${formatPct(R.repeatShareLow, 0)}): reward it with loyalty points and referrals, and use the ${formatCount(rb.oneTime)} one-time buyers as the second-purchase audience.`,
  });

  // 5. Order failures
  const failedOrCanceled = outcome.failedShare + outcome.canceledShare;
  const lostText = outcome.lostValue === null ? "value not recorded" : `${money(outcome.lostValue)} not collected`;
  const reversals = outcome.canceledAreReversals;
  const canceledWord = reversals ? "were canceled or returned" : "were canceled";
  const failureTitle =
    outcome.failedShare === 0 && outcome.canceledShare > 0
      ? `${formatPct(outcome.canceledShare)} of orders ${canceledWord} (${lostText})`
      : outcome.canceledShare === 0 && outcome.failedShare > 0
        ? `${formatPct(outcome.failedShare)} of orders failed (${lostText})`
        : `${formatPct(outcome.failedShare)} of orders failed and ${formatPct(outcome.canceledShare)} ${canceledWord} (${lostText})`;
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
    },
    recommendation: [
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

  // 6. Month-1 retention
  const retention = cohortRetention(store);
  const m1 = meanRetention(retention, 1);
  if (m1.cohorts > 0) {
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
  }

  // 7. Product concentration (ABC)
  const abc = abcSummary(store);
  const aProducts = (abc.getColumn("products").toArray() as number[])[0];
  const aShareProducts = (abc.getColumn("share_of_products").toArray() as number[])[0];
  const aShareRevenue = (abc.getColumn("share_of_revenue").toArray() as number[])[0];
  const nProducts = abc.getColumn("products").sum() as number;
  if (nProducts > 0) {
    out.push({
      id: "product_concentration",
      title: `${formatCount(aProducts)} products (${formatPct(aShareProducts)} of the range) make ${formatPct(aShareRevenue)} of product revenue`,
      value: roundShare(aShareProducts),
      unit: "share",
      evidence: { a_products: aProducts, products: nProducts, a_share_of_products: roundShare(aShareProducts), a_share_of_revenue: roundShare(aShareRevenue) },
      recommendation:
        aShareProducts < 0.2
          ? `Revenue rests on a few products (class A = ${formatPct(aShareProducts)} of products < 20%): protect their stock and pricing first, and review the ${formatCount(nProducts - aProducts)} B and C products for pruning or bundling.`
          : `Revenue is spread over the range (class A = ${formatPct(aShareProducts)} of products ≥ 20%): manage the assortment by category rather than by a few hero products.`,
    });
  }

  // 8. Markets
  const markets = bestWorstMarkets(store);
  if (markets.best) {
    const b = markets.best;
    out.push({
      id: "best_market",
      title: `Best market: ${b.market}, ${money(b.revenue_per_customer)} per customer`,
      value: b.market,
      unit: "text",
      evidence: { market: b.market, customers: b.customers, orders: b.orders, revenue: roundMoney(b.revenue), revenue_per_customer: roundMoney(b.revenue_per_customer), share_of_revenue: roundShare(b.share_of_revenue), eligible_markets: markets.eligible, rule: markets.rule },
      recommendation: `${b.market} earns the most per customer among ${formatCount(markets.eligible)} markets of meaningful size (${formatCount(b.customers)} customers, ${money(b.revenue)}): use it as the template for offers and test extra acquisition spend there.`,
    });
  }
  if (markets.best && markets.worst) {
    const w = markets.worst;
    const gap = markets.best.revenue_per_customer > 0 ? w.revenue_per_customer / markets.best.revenue_per_customer : 0;
    out.push({
      id: "worst_market",
      title: `Weakest market: ${w.market}, ${money(w.revenue_per_customer)} per customer`,
      value: w.market,
      unit: "text",
      evidence: { market: w.market, customers: w.customers, orders: w.orders, revenue: roundMoney(w.revenue), revenue_per_customer: roundMoney(w.revenue_per_customer), ratio_to_best: roundTo(gap, 2), rule: markets.rule },
      recommendation:
        gap < R.worstMarketGap
          ? `${w.market} earns ${formatPct(gap, 0)} of the best market's revenue per customer (rule < ${formatPct(R.worstMarketGap, 0)}): review pricing, shipping costs and assortment there before spending more on acquisition.`
          : `${w.market} is the weakest eligible market but within ${formatPct(1 - gap, 0)} of the best per customer: no market-specific action needed.`,
    });
  }

  // 9. Predicted CLV
  const pclv = predictiveClv(store, { horizonDays: context.horizonDays ?? 365 });
  if (pclv.table.height > 0) {
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
    out.push({
      id: "predicted_clv",
      title: `Expected revenue from current customers in the next ${formatCount(pclv.horizonDays)} days: ${money(total)} (${money(perCustomer)} per customer)`,
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
        ...(pclv.model === "bgnbd-gamma-gamma" ? holdoutEvidence(predictionHoldout(store, { holdoutDays: context.holdoutDays })) : {}),
      },
      recommendation:
        (atRisk > 0
          ? `${formatCount(atRisk)} above-median customers (${money(atRiskValue)} bought to date) are probably lapsed (p_alive < ${R.pAliveLapsed}): contact them first in a win-back campaign. ${pclv.label}.`
          : `No above-median customer looks lapsed (p_alive < ${R.pAliveLapsed}): keep the base warm and use predicted CLV to cap acquisition cost per customer. ${pclv.label}.`) +
        (pclv.model === "bgnbd-gamma-gamma" ? holdoutSentence(predictionHoldout(store, { holdoutDays: context.holdoutDays })) : ""),
    });
  }

  // 10. Engagement
  if (hasTable(store, "interactions")) {
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
        sessions: sessions?.sessions ?? 0,
        mean_session_seconds: roundTo(sessions?.meanSeconds ?? 0, 1),
      },
      recommendation:
        spikeDays.length > 0
          ? `Find out what drove the ${formatCount(spikeDays.length)} spike day(s) (first ${spikeDays[0]}): repeat the campaigns behind them and make sure the site and stock hold at that volume.`
          : `Traffic has no spikes under the robust z-score rule: campaigns have not moved daily interactions noticeably; tag campaigns so their effect can be measured.`,
    });
    const conv = interactionConversion(store);
    if (conv) {
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
    }
  }

  // 11. Segments
  if (context.segments && context.segments.length > 0) {
    const segs = [...context.segments].sort(
      (a, b) => b.shareOfRevenue / Math.max(b.shareOfCustomers, 1e-12) - a.shareOfRevenue / Math.max(a.shareOfCustomers, 1e-12) || a.segment - b.segment,
    );
    const s = segs[0];
    const strategy = getMarketingStrategies(s)[0];
    out.push({
      id: "most_valuable_segment",
      title: `${s.name}: ${formatPct(s.shareOfCustomers)} of customers, ${formatPct(s.shareOfRevenue)} of revenue`,
      value: s.name,
      unit: "text",
      evidence: { segment: s.segment, name: s.name, customers: s.customers, share_of_customers: roundShare(s.shareOfCustomers), share_of_revenue: roundShare(s.shareOfRevenue), strategy: strategy.id },
      recommendation: strategy.action,
    });
  }
  return out;
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
