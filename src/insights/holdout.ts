/**
 * Holdout validation in time of the purchase predictions: the order history is split at a calibration date, the
 * models are fitted on the calibration period only, they predict the holdout period per customer, and the
 * predictions are compared with what the customers did (Fader, Hardie & Lee 2005, section 5; `lifetimes`'
 * `calibration_and_holdout_data`). Models: BG/NBD expected purchases × Gamma–Gamma expected value, a logistic
 * "buys again" classifier trained on an earlier window, and two naive baselines (each customer's past rate; recency
 * alone). The result is plain JSON (the export `prediction_holdout.json`).
 */
import type { Store } from "../data/model.js";
import { dayLabel } from "./base.js";
import { bgnbdExpectedPurchases, fitBgNbd, type BgNbdFit } from "./bgnbd.js";
import { buysAgainFeatures, fitBuysAgain, predictBuysAgain, type BuysAgainModel } from "./buys-again.js";
import { formatCount, formatPct } from "./format.js";
import { fitGammaGamma, gammaGammaExpectedValue, type GammaGammaFit } from "./gamma-gamma.js";
import { memoByStore } from "./memo.js";
import { calibrationByGroup, meanAbsoluteError, pearson, rocAuc, topSharePrecision, type CalibrationGroup } from "./prediction-metrics.js";
import { purchaseDays, purchasesInWindow, summarizePurchases, type PurchaseSummary } from "./purchase-history.js";

/** Options of `predictionHoldout`; every default is documented in `HOLDOUT_DEFAULTS`. */
export interface HoldoutOptions {
  /**
   * Length of the holdout in days, ending on the last purchase day (default 90: the last quarter). With
   * `alignToMonth` the holdout then starts on the first day of the month it would start in, so the calibration
   * period ends at a month end and the holdout is holdoutDays … holdoutDays + 30 days long.
   */
  holdoutDays?: number;
  /** Move the holdout's start back to the first of its month (default true). */
  alignToMonth?: boolean;
  /** The last day of the calibration period ("YYYY-MM-DD"); overrides holdoutDays and alignToMonth. */
  calibrationEnd?: string;
  /** Time unit of the BG/NBD fit in days (default 7: weeks). */
  unitDays?: number;
  /** The calibration period must be at least this many times the holdout (default 2). */
  minCalibrationRatio?: number;
  /** Fewest customers with a purchase in the calibration period (default 50). */
  minCustomers?: number;
  /** Fewest of them with a repeat purchase in the calibration period, for BG/NBD and Gamma–Gamma (default 10). */
  minRepeat?: number;
  /** Share of the top-scored customers for precision and lift (default 0.1: the top decile). */
  topShare?: number;
  /** Groups of the calibration table (default 10: deciles). */
  groups?: number;
}

/** Defaults of `HoldoutOptions`. */
export const HOLDOUT_DEFAULTS = {
  holdoutDays: 90,
  alignToMonth: true,
  unitDays: 7,
  minCalibrationRatio: 2,
  minCustomers: 50,
  minRepeat: 10,
  topShare: 0.1,
  groups: 10,
} as const;

/** What a model predicts per customer: a number of purchases (and revenue), a probability, or only an order. */
export type HoldoutPrediction = "purchases" | "probability" | "ranking";

/** One model's or baseline's score on the holdout; null where a measure does not apply or could not be computed. */
export interface HoldoutModelScore {
  id: "bgnbd" | "past_rate" | "recency" | "buys_again";
  /** Short name for tables and charts (e.g. "BG/NBD"). */
  name: string;
  /** What the model is, in a sentence fragment. */
  label: string;
  predicts: HoldoutPrediction;
  /** Mean |predicted − actual| purchase days per customer. */
  maePurchases: number | null;
  /** Mean |predicted − actual| revenue per customer (money). */
  maeRevenue: number | null;
  predictedPurchases: number | null;
  actualPurchases: number;
  /** predicted / actual − 1 (e.g. −0.24 = predicted 24% fewer purchases than happened). */
  purchasesError: number | null;
  predictedRevenue: number | null;
  actualRevenue: number;
  revenueError: number | null;
  /** Pearson correlation of predicted and actual purchases per customer. */
  correlation: number | null;
  /** ROC AUC of the model's score for "bought again in the holdout" (0.5 = chance). */
  auc: number | null;
  /** Share of the top-scored `topShare` of customers who bought in the holdout, and that over the base rate. */
  topPrecision: number | null;
  topLift: number | null;
  /** Why a measure is missing, in words (null when all apply). */
  note: string | null;
}

/** Short names of the holdout's models and baselines. */
export const MODEL_NAMES: Readonly<Record<HoldoutModelScore["id"], string>> = {
  bgnbd: "BG/NBD",
  past_rate: "Past rate",
  recency: "Recency alone",
  buys_again: "Buys-again classifier",
};

/** Spend per purchase on the holdout: predicted vs actual mean purchase value for customers who bought in it. */
export interface HoldoutSpendScore {
  id: "gamma_gamma" | "past_mean";
  label: string;
  customers: number;
  /** Mean |predicted − actual| value per purchase (money). */
  mae: number;
  meanPredicted: number;
  meanActual: number;
}

/** The holdout validation, JSON-serializable. `status` "insufficient" carries the reason and no scores. */
export interface PredictionHoldout {
  status: "ok" | "insufficient";
  /** Why the holdout could not be run (null when it ran). */
  reason: string | null;
  options: Required<Omit<HoldoutOptions, "calibrationEnd">> & { calibrationEnd: string | null };
  /** First purchase day, last calibration day, holdout first and last day (YYYY-MM-DD; null when no purchases). */
  period: { first: string | null; calibrationEnd: string | null; holdoutStart: string | null; holdoutEnd: string | null; calibrationDays: number; holdoutDays: number };
  /** Customers with a purchase in the calibration period (the ones predicted). */
  customers: number;
  /** Of them, with a repeat purchase in the calibration period. */
  repeatCustomers: number;
  /** Of them, with a purchase in the holdout; their purchase days and revenue there. */
  holdoutBuyers: number;
  holdoutPurchases: number;
  holdoutRevenue: number;
  /** The same customers' purchase days per day in the holdout and in as many days just before it. */
  purchasesPerDay: { holdout: number; before: number } | null;
  models: HoldoutModelScore[];
  spend: HoldoutSpendScore[];
  /** Mean predicted vs actual purchases by group of prediction, per purchase-count model. */
  calibration: { model: string; label: string; groups: CalibrationGroup[] }[];
  fits: { bgnbd: BgNbdFit | null; gammaGamma: GammaGammaFit | null; buysAgain: BuysAgainModel | null };
  /** What the holdout shows, in plain words generated from the numbers. */
  summary: string;
}

/** "YYYY-MM-DD" → day number since 1970-01-01, or NaN. */
function parseDay(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) / 86_400_000 : NaN;
}

/** Day number of the first day of the month of `day`. */
function monthStart(day: number): number {
  const d = new Date(day * 86_400_000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 86_400_000;
}

/**
 * The calibration / holdout split of a store's purchase days (see `HoldoutOptions`): the last calibration day and
 * the holdout's last day (the last purchase day), as day numbers.
 */
export function holdoutSplit(firstDay: number, lastDay: number, options: HoldoutOptions = {}): { calibrationEnd: number; holdoutEnd: number } {
  if (options.calibrationEnd !== undefined) {
    const end = parseDay(options.calibrationEnd);
    if (!Number.isFinite(end)) throw new Error(`calibrationEnd "${options.calibrationEnd}" is not a date (expected YYYY-MM-DD)`);
    return { calibrationEnd: end, holdoutEnd: lastDay };
  }
  const days = options.holdoutDays ?? HOLDOUT_DEFAULTS.holdoutDays;
  let start = lastDay - days + 1;
  if (options.alignToMonth ?? HOLDOUT_DEFAULTS.alignToMonth) start = monthStart(start);
  return { calibrationEnd: start - 1, holdoutEnd: lastDay };
}

/**
 * Validates the purchase predictions on held-out time (see the module comment and `HoldoutOptions`). Computed once
 * per store and options (`memoByStore`): the result is shared, do not mutate it.
 */
export function predictionHoldout(store: Store, options: HoldoutOptions = {}): PredictionHoldout {
  const o = {
    ...HOLDOUT_DEFAULTS,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  } as Required<Omit<HoldoutOptions, "calibrationEnd">> & { calibrationEnd?: string };
  return memoByStore(store, `predictionHoldout:${JSON.stringify(o)}`, () => computeHoldout(store, o));
}

type Resolved = Required<Omit<HoldoutOptions, "calibrationEnd">> & { calibrationEnd?: string };

function computeHoldout(store: Store, o: Resolved): PredictionHoldout {
  const history = purchaseDays(store);
  const options = { ...o, calibrationEnd: o.calibrationEnd ?? null };
  const empty = (reason: string, period: PredictionHoldout["period"], extra: Partial<PredictionHoldout> = {}): PredictionHoldout => ({
    status: "insufficient",
    reason,
    options,
    period,
    customers: 0,
    repeatCustomers: 0,
    holdoutBuyers: 0,
    holdoutPurchases: 0,
    holdoutRevenue: 0,
    purchasesPerDay: null,
    models: [],
    spend: [],
    calibration: [],
    fits: { bgnbd: null, gammaGamma: null, buysAgain: null },
    summary: `The predictions are not checked on held-out time: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`,
    ...extra,
  });
  if (history.customerIds.length === 0) {
    return empty("There are no completed orders with a customer id.", {
      first: null, calibrationEnd: null, holdoutStart: null, holdoutEnd: null, calibrationDays: 0, holdoutDays: 0,
    });
  }
  const { firstDay, lastDay } = history;
  const span = lastDay - firstDay + 1;
  const spanText = `the purchases span ${formatCount(span)} day${span === 1 ? "" : "s"} (${dayLabel(firstDay)} to ${dayLabel(lastDay)})`;
  const { calibrationEnd, holdoutEnd } = holdoutSplit(firstDay, lastDay, o);
  const calibrationDays = calibrationEnd - firstDay + 1;
  const holdoutDays = holdoutEnd - calibrationEnd;
  if (holdoutDays < 1 || calibrationDays < o.minCalibrationRatio * holdoutDays) {
    const unsplit = { first: dayLabel(firstDay), calibrationEnd: null, holdoutStart: null, holdoutEnd: dayLabel(lastDay), calibrationDays: 0, holdoutDays: 0 };
    if (o.calibrationEnd !== undefined && (holdoutDays < 1 || calibrationDays < 1)) {
      return empty(`The calibration end ${dayLabel(calibrationEnd)} leaves no calibration or no holdout period: ${spanText}.`, unsplit);
    }
    const needed = Math.ceil((1 + o.minCalibrationRatio) * holdoutDays);
    return empty(
      `The history is too short for a split: ${spanText}; a holdout of ${formatCount(holdoutDays)} days needs ${formatCount(o.minCalibrationRatio)}× as many days of calibration before it, ${formatCount(needed)} days in all.`,
      unsplit,
    );
  }
  const period = {
    first: dayLabel(firstDay),
    calibrationEnd: dayLabel(calibrationEnd),
    holdoutStart: dayLabel(calibrationEnd + 1),
    holdoutEnd: dayLabel(holdoutEnd),
    calibrationDays,
    holdoutDays,
  };
  const cal = summarizePurchases(history, { end: calibrationEnd, unitDays: o.unitDays });
  const n = cal.x.length;
  let repeat = 0;
  for (let i = 0; i < n; i++) if (cal.x[i] > 0) repeat++;
  const actual = purchasesInWindow(history, cal.customer, calibrationEnd, holdoutEnd);
  const bought = Uint8Array.from(actual.purchases, (p) => (p > 0 ? 1 : 0));
  let buyers = 0, holdoutPurchases = 0, holdoutRevenue = 0;
  for (let i = 0; i < n; i++) (buyers += bought[i]), (holdoutPurchases += actual.purchases[i]), (holdoutRevenue += actual.value[i]);
  const counts = { customers: n, repeatCustomers: repeat, holdoutBuyers: buyers, holdoutPurchases, holdoutRevenue };
  if (n < o.minCustomers) {
    return empty(`Only ${formatCount(n)} customers bought before ${dayLabel(calibrationEnd + 1)}; the holdout needs at least ${formatCount(o.minCustomers)}.`, period, counts);
  }
  if (repeat < o.minRepeat) {
    return empty(
      `Only ${formatCount(repeat)} customers bought more than once before ${dayLabel(calibrationEnd + 1)}; BG/NBD and Gamma–Gamma need at least ${formatCount(o.minRepeat)}.`,
      period,
      counts,
    );
  }
  const before = purchasesInWindow(history, cal.customer, calibrationEnd - holdoutDays, calibrationEnd);
  let beforeCount = 0;
  for (const v of before.purchases) beforeCount += v;
  const purchasesPerDay = { holdout: holdoutPurchases / holdoutDays, before: beforeCount / holdoutDays };

  const t = holdoutDays / o.unitDays;
  const unscored = (id: HoldoutModelScore["id"], label: string, predicts: HoldoutPrediction, note: string): HoldoutModelScore => ({
    id, name: MODEL_NAMES[id], label, predicts,
    maePurchases: null, maeRevenue: null, predictedPurchases: null, actualPurchases: holdoutPurchases, purchasesError: null,
    predictedRevenue: null, actualRevenue: holdoutRevenue, revenueError: null, correlation: null, auc: null, topPrecision: null, topLift: null,
    note,
  });
  const models: HoldoutModelScore[] = [];
  const calibration: PredictionHoldout["calibration"] = [];
  const score = (
    id: HoldoutModelScore["id"],
    label: string,
    predicts: HoldoutPrediction,
    scores: Float64Array,
    revenue: Float64Array | null,
    note: string | null,
  ): HoldoutModelScore => {
    const counts = predicts === "purchases";
    const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
    const predictedPurchases = counts ? sum(scores) : null;
    const predictedRevenue = revenue ? sum(revenue) : null;
    const top = topSharePrecision(scores, bought, o.topShare);
    return {
      id,
      name: MODEL_NAMES[id],
      label,
      predicts,
      maePurchases: counts ? meanAbsoluteError(scores, actual.purchases) : null,
      maeRevenue: revenue ? meanAbsoluteError(revenue, actual.value) : null,
      predictedPurchases,
      actualPurchases: holdoutPurchases,
      purchasesError: predictedPurchases !== null && holdoutPurchases > 0 ? predictedPurchases / holdoutPurchases - 1 : null,
      predictedRevenue,
      actualRevenue: holdoutRevenue,
      revenueError: predictedRevenue !== null && holdoutRevenue > 0 ? predictedRevenue / holdoutRevenue - 1 : null,
      correlation: counts ? pearson(scores, actual.purchases) : null,
      auc: rocAuc(scores, bought),
      topPrecision: top.precision,
      topLift: top.lift,
      note,
    };
  };

  // BG/NBD (+ Gamma–Gamma for revenue), fitted on the calibration period
  const bg = fitBgNbd(cal.x, cal.tx, cal.T);
  const gg = fitGammaGamma(cal.x, cal.m);
  const ggUsable = gg.q > 1 && gg.customers >= o.minRepeat;
  let bgPred: Float64Array | null = null;
  if (bg.converged) {
    bgPred = new Float64Array(n);
    const bgRevenue = ggUsable ? new Float64Array(n) : null;
    for (let i = 0; i < n; i++) {
      bgPred[i] = bgnbdExpectedPurchases(bg, t, cal.x[i], cal.tx[i], cal.T[i]);
      if (bgRevenue) bgRevenue[i] = bgPred[i] * gammaGammaExpectedValue(gg, cal.x[i], cal.m[i]);
    }
    models.push(
      score(
        "bgnbd",
        "BG/NBD expected purchases (× Gamma–Gamma value for revenue)",
        "purchases",
        bgPred,
        bgRevenue,
        ggUsable ? null : `Gamma–Gamma gave no finite mean spend (q = ${gg.q.toFixed(3)} ≤ 1): no revenue prediction.`,
      ),
    );
    calibration.push({ model: "bgnbd", label: MODEL_NAMES.bgnbd, groups: calibrationByGroup(bgPred, actual.purchases, o.groups) });
  } else {
    models.push(unscored("bgnbd", "BG/NBD expected purchases", "purchases", "The BG/NBD fit did not converge on the calibration period."));
  }

  // Naive baseline 1: each customer's past repeat rate x / T, times the holdout length; revenue × own mean value
  const pastRate = new Float64Array(n), pastRevenue = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    pastRate[i] = cal.x[i] > 0 && cal.T[i] > 0 ? (cal.x[i] / cal.T[i]) * t : 0;
    pastRevenue[i] = pastRate[i] * cal.meanValue[i];
  }
  models.push(score("past_rate", "Each customer's past rate (repeat purchases per week × holdout weeks)", "purchases", pastRate, pastRevenue, null));
  calibration.push({ model: "past_rate", label: MODEL_NAMES.past_rate, groups: calibrationByGroup(pastRate, actual.purchases, o.groups) });

  // Naive baseline 2: recency alone (more recent last purchase ranks higher)
  const recency = Float64Array.from(cal.recencyDays, (d) => -d);
  models.push(score("recency", "Recency alone (days since the last purchase)", "ranking", recency, null, "A ranking only: recency predicts no number of purchases."));

  // Buys-again classifier, trained on the window of the same length just before the calibration end
  const buysAgain = buysAgainScore(history, cal, calibrationEnd, holdoutDays, o);
  if (buysAgain.model) {
    const p = predictBuysAgain(buysAgain.model, buysAgainFeatures(cal));
    models.push(score("buys_again", "Buys-again classifier (logistic regression on frequency, recency, age, spend)", "probability", p, null, "A probability of buying, not a number of purchases."));
  } else {
    models.push(unscored("buys_again", "Buys-again classifier (logistic regression)", "probability", buysAgain.reason));
  }

  // Spend per purchase for the customers who bought in the holdout
  const spend: HoldoutSpendScore[] = [];
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (actual.purchases[i] > 0) idx.push(i);
  if (idx.length > 0) {
    const act = Float64Array.from(idx, (i) => actual.value[i] / actual.purchases[i]);
    const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
    const row = (id: HoldoutSpendScore["id"], label: string, pred: Float64Array): HoldoutSpendScore => ({
      id, label, customers: idx.length, mae: meanAbsoluteError(pred, act), meanPredicted: mean(pred), meanActual: mean(act),
    });
    if (ggUsable) spend.push(row("gamma_gamma", "Gamma–Gamma expected value per purchase", Float64Array.from(idx, (i) => gammaGammaExpectedValue(gg, cal.x[i], cal.m[i]))));
    spend.push(row("past_mean", "The customer's own mean purchase value so far", Float64Array.from(idx, (i) => cal.meanValue[i])));
  }

  const result: PredictionHoldout = {
    status: "ok",
    reason: null,
    options,
    period,
    ...counts,
    purchasesPerDay,
    models,
    spend,
    calibration,
    fits: { bgnbd: bg, gammaGamma: gg, buysAgain: buysAgain.model },
    summary: "",
  };
  result.summary = holdoutSummary(result);
  return result;
}

function buysAgainScore(
  history: ReturnType<typeof purchaseDays>,
  cal: PurchaseSummary,
  calibrationEnd: number,
  holdoutDays: number,
  o: Resolved,
): { model: BuysAgainModel | null; reason: string } {
  const innerEnd = calibrationEnd - holdoutDays;
  const inner = summarizePurchases(history, { end: innerEnd, unitDays: cal.unitDays });
  const label = purchasesInWindow(history, inner.customer, innerEnd, calibrationEnd);
  let positives = 0;
  for (const v of label.purchases) if (v > 0) positives++;
  if (inner.x.length < o.minCustomers || positives < o.minRepeat || inner.x.length - positives < o.minRepeat) {
    return {
      model: null,
      reason: `Too little history before ${dayLabel(innerEnd + 1)} to train it (${formatCount(inner.x.length)} customers, ${formatCount(positives)} of whom bought in the ${formatCount(holdoutDays)} days after).`,
    };
  }
  return { model: fitBuysAgain(buysAgainFeatures(inner), Array.from(label.purchases, (v) => (v > 0 ? 1 : 0))), reason: "" };
}

/** Plain-words summary of a holdout that ran, every number from the result. */
export function holdoutSummary(h: PredictionHoldout): string {
  if (h.status !== "ok") return h.summary;
  const p = h.period;
  const bg = h.models.find((m) => m.id === "bgnbd");
  const naive = h.models.find((m) => m.id === "past_rate");
  const clf = h.models.find((m) => m.id === "buys_again");
  const rec = h.models.find((m) => m.id === "recency");
  const parts: string[] = [];
  parts.push(
    `Fitted on ${formatCount(h.customers)} customers' purchases up to ${p.calibrationEnd} and checked on the ${formatCount(p.holdoutDays)} days after (${p.holdoutStart} to ${p.holdoutEnd}), in which ${formatCount(h.holdoutBuyers)} of them made ${formatCount(h.holdoutPurchases)} purchases (a purchase = a customer's day with orders).`,
  );
  if (bg && bg.predictedPurchases !== null && bg.purchasesError !== null) {
    const e = bg.purchasesError;
    const level = Math.abs(e) < 0.05 ? `close to what happened (${formatPct(e, 0)})` : `${formatPct(Math.abs(e), 0)} ${e < 0 ? "fewer" : "more"} than happened`;
    parts.push(`BG/NBD predicted ${formatCount(bg.predictedPurchases)} purchases, ${level}.`);
  }
  if (bg && naive && bg.maePurchases !== null && naive.maePurchases !== null) {
    const better = bg.maePurchases < naive.maePurchases;
    parts.push(
      `Per customer it was off by ${formatCount(bg.maePurchases, 2)} purchases on average, ${better ? "better than" : "no better than"} the naive baseline of each customer's past rate (${formatCount(naive.maePurchases, 2)})` +
        (bg.correlation !== null && naive.correlation !== null
          ? `; its predictions correlate ${formatCount(bg.correlation, 2)} with what customers did (past rate ${formatCount(naive.correlation, 2)}).`
          : "."),
    );
  }
  const ranked = [bg, naive, clf, rec].filter((m): m is HoldoutModelScore => !!m && m.auc !== null);
  const names: Record<HoldoutModelScore["id"], string> = { bgnbd: "BG/NBD", past_rate: "past rate", buys_again: "the buys-again classifier", recency: "recency alone" };
  if (ranked.length) {
    parts.push(
      `Ranking customers by who buys again (AUC, 0.5 = chance): ${ranked.map((m) => `${names[m.id]} ${formatCount(m.auc!, 2)}`).join(", ")}` +
        (clf && clf.topPrecision !== null && clf.topLift !== null
          ? `; the classifier's top ${formatPct(h.options.topShare, 0)} bought again at ${formatPct(clf.topPrecision, 0)}, ${formatCount(clf.topLift, 1)}× the average.`
          : "."),
    );
  }
  const rate = h.purchasesPerDay;
  if (rate && rate.before > 0) {
    const change = rate.holdout / rate.before - 1;
    if (Math.abs(change) >= 0.1) {
      parts.push(
        `These customers bought ${formatPct(Math.abs(change), 0)} ${change > 0 ? "more" : "less"} often per day in the holdout than in the ${formatCount(p.holdoutDays)} days before it (${formatCount(rate.holdout, 1)} against ${formatCount(rate.before, 1)} purchases a day); the models have no seasonality, so a change of level like this shows up as error in the total, not in the ranking.`,
      );
    }
  }
  return parts.join(" ");
}
