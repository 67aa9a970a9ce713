/**
 * "Buys again in the next period": a logistic regression on a customer's purchase history, trained on an earlier
 * window of the same length so that it never sees the period it predicts. The training is mljs'
 * ml-logistic-regression 2.0 batch gradient ascent, step for step and bit for bit (test/insights/buys-again.test.ts
 * checks it against the package), on typed arrays: the package trains one classifier per class (two here, of which
 * one is used) through ml-matrix objects, which cost a third of the analysis of the default store.
 */
import { sampleIndices } from "../util/random.js";
import type { PurchaseSummary } from "./purchase-history.js";

/** The classifier's inputs, each log1p-transformed and then standardized on the training rows. */
export const BUYS_AGAIN_FEATURES = ["repeat_purchases", "days_since_last_purchase", "days_since_first_purchase", "mean_purchase_value"] as const;

/** Options of `fitBuysAgain`. */
export interface BuysAgainOptions {
  /** Gradient-ascent steps (default 400; on UCI the largest gradient is then below 1e-5). */
  steps?: number;
  /** Largest number of training rows; above it a seeded sample is used (default 4000: the package's cost is steps × rows). */
  maxRows?: number;
  /** Seed of that sample (default 42). */
  seed?: number;
}

/** A fitted buys-again model: JSON-serializable. */
export interface BuysAgainModel {
  features: string[];
  /** Mean and standard deviation (ddof 0) of each log1p feature on the training rows. */
  means: number[];
  stds: number[];
  /** Intercept, then one coefficient per standardized feature (log-odds). */
  intercept: number;
  coefficients: number[];
  /** Training rows and their share of positives (0..1). */
  trainingCustomers: number;
  trainingPositiveShare: number;
  /** Largest |gradient| of the mean log-likelihood at the end (≈ 0 at the maximum). */
  gradientMax: number;
  steps: number;
}

/** The log1p feature rows (n × 4, row-major) of a purchase summary, in `BUYS_AGAIN_FEATURES` order. */
export function buysAgainFeatures(summary: PurchaseSummary): { n: number; d: number; data: Float64Array } {
  const n = summary.x.length, d = BUYS_AGAIN_FEATURES.length;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    data[i * d] = Math.log1p(summary.x[i]);
    data[i * d + 1] = Math.log1p(summary.recencyDays[i]);
    data[i * d + 2] = Math.log1p(summary.T[i] * summary.unitDays);
    data[i * d + 3] = Math.log1p(Math.max(0, summary.meanValue[i]));
  }
  return { n, d, data };
}

/** The design matrix, n × (d + 1) row-major: 1 (the intercept), then each feature standardized. */
function design(x: { n: number; d: number; data: Float64Array }, means: number[], stds: number[]): Float64Array {
  const w = x.d + 1;
  const out = new Float64Array(x.n * w);
  for (let i = 0; i < x.n; i++) {
    out[i * w] = 1;
    for (let j = 0; j < x.d; j++) out[i * w + 1 + j] = (x.data[i * x.d + j] - means[j]) / stds[j];
  }
  return out;
}

/**
 * Batch gradient ascent of the log-likelihood from zero weights, exactly as ml-logistic-regression 2.0's
 * `LogisticRegressionTwoClasses.train` computes it (same operations in the same order, so the same bits): per
 * step, score_i = Σ_k X_ik·w_k (k ascending), p_i = 1 / (1 + e^(−score_i)), e_i = (−p_i) + y_i,
 * g_k = Σ_i X_ik·e_i (i ascending), w_k = w_k + g_k·rate. `X` is n × m row-major; returns the m weights.
 */
export function logisticGradientAscent(X: Float64Array, n: number, m: number, y: ArrayLike<number>, steps: number, rate: number): Float64Array {
  const w = new Float64Array(m);
  const e = new Float64Array(n);
  const g = new Float64Array(m);
  for (let step = 0; step < steps; step++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      const o = i * m;
      for (let k = 0; k < m; k++) s += X[o + k] * w[k];
      e[i] = -(1 / (1 + Math.exp(-s))) + y[i];
    }
    for (let k = 0; k < m; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += X[i * m + k] * e[i];
      g[k] = s;
    }
    for (let k = 0; k < m; k++) w[k] = w[k] + g[k] * rate;
  }
  return w;
}

const sigmoid = (s: number) => (s >= 0 ? 1 / (1 + Math.exp(-s)) : Math.exp(s) / (1 + Math.exp(s)));

/**
 * Fits the logistic regression of `bought` (1 = bought in the window after the features' cut-off) on the feature
 * rows: features standardized, an intercept added, then ml-logistic-regression's batch gradient ascent
 * (`logisticGradientAscent`) with a step
 * of 4 / (n·(d + 1)), below 2 / (largest curvature of the log-likelihood) for standardized columns, so it cannot
 * diverge. Above `maxRows` rows a seeded sample trains it. Deterministic (starts from zero weights).
 */
export function fitBuysAgain(x: { n: number; d: number; data: Float64Array }, bought: ArrayLike<number>, options: BuysAgainOptions = {}): BuysAgainModel {
  const steps = options.steps ?? 400;
  const maxRows = options.maxRows ?? 4000;
  if (x.n > maxRows) {
    const rows = sampleIndices(x.n, maxRows, options.seed ?? 42);
    const data = new Float64Array(rows.length * x.d);
    rows.forEach((r, i) => data.set(x.data.subarray(r * x.d, (r + 1) * x.d), i * x.d));
    return fitBuysAgain({ n: rows.length, d: x.d, data }, Array.from(rows, (r) => bought[r]), { ...options, maxRows: Infinity });
  }
  const { n, d } = x;
  const means: number[] = [], stds: number[] = [];
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x.data[i * d + j];
    const mean = s / n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (x.data[i * d + j] - mean) ** 2;
    means.push(mean);
    stds.push(Math.sqrt(v / n) || 1);
  }
  const X = design(x, means, stds);
  const y: number[] = Array.from(bought, (b) => (b ? 1 : 0));
  // what ml-logistic-regression's first one-vs-all classifier computes (trained on y itself: class 0 → 0,
  // others → 1), so the weights are the log-odds of buying
  const w = Array.from(logisticGradientAscent(X, n, d + 1, y, steps, 4 / (n * (d + 1))));
  const grad = new Float64Array(d + 1);
  for (let i = 0; i < n; i++) {
    const row = X.subarray(i * (d + 1), (i + 1) * (d + 1));
    let s = 0;
    for (let j = 0; j <= d; j++) s += row[j] * w[j];
    const err = y[i] - sigmoid(s);
    for (let j = 0; j <= d; j++) grad[j] += (err * row[j]) / n;
  }
  let positives = 0;
  for (const v of y) positives += v;
  return {
    features: [...BUYS_AGAIN_FEATURES],
    means,
    stds,
    intercept: w[0],
    coefficients: w.slice(1),
    trainingCustomers: n,
    trainingPositiveShare: n ? positives / n : 0,
    gradientMax: Math.max(...Array.from(grad, Math.abs)),
    steps,
  };
}

/** P(buys again) (0..1) per feature row under a fitted model. */
export function predictBuysAgain(model: BuysAgainModel, x: { n: number; d: number; data: Float64Array }): Float64Array {
  const out = new Float64Array(x.n);
  for (let i = 0; i < x.n; i++) {
    let s = model.intercept;
    for (let j = 0; j < x.d; j++) s += model.coefficients[j] * ((x.data[i * x.d + j] - model.means[j]) / model.stds[j]);
    out[i] = sigmoid(s);
  }
  return out;
}
