/**
 * The BG/NBD model of repeat purchases (Fader, Hardie & Lee 2005, "Counting your customers the easy way"):
 * purchase rate λ ~ Gamma(r, α), dropout probability after each purchase p ~ Beta(a, b). Inputs per customer:
 * `x` repeat purchases, `tx` time of the last purchase and `T` age, both measured from the first purchase in one
 * time unit (we use weeks). Fit by maximum likelihood with Nelder–Mead on log-parameters.
 */
import { gammaln } from "simple-statistics";
import { nelderMead } from "./nelder-mead.js";

/** BG/NBD parameters (all > 0). */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** One customer's log-likelihood under BG/NBD (FHL 2005, eq. 6, in the log form used by `lifetimes`). */
export function bgnbdLogLikelihoodOne(p: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const a1 = gammaln(r + x) - gammaln(r) + r * Math.log(alpha);
  const a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + T);
  if (x <= 0) return a1 + a2 + a3;
  const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  const m = Math.max(a3, a4);
  return a1 + a2 + m + Math.log(Math.exp(a3 - m) + Math.exp(a4 - m));
}

/** Total log-likelihood of the customers (x, tx, T columns of equal length). */
export function bgnbdLogLikelihood(p: BgNbdParams, x: ArrayLike<number>, tx: ArrayLike<number>, T: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += bgnbdLogLikelihoodOne(p, x[i], tx[i], T[i]);
  return s;
}

/** Distinct values of `v` (in order of first appearance) and, per element, the index of its value among them. */
export function distinctValues(v: ArrayLike<number>): { values: Float64Array; index: Int32Array } {
  const at = new Map<number, number>();
  const index = new Int32Array(v.length);
  const values: number[] = [];
  for (let i = 0; i < v.length; i++) {
    let k = at.get(v[i]);
    if (k === undefined) {
      k = values.length;
      at.set(v[i], k);
      values.push(v[i]);
    }
    index[i] = k;
  }
  return { values: Float64Array.from(values), index };
}

/**
 * The total log-likelihood over fixed data as a function of the parameters, equal to `bgnbdLogLikelihood` but with
 * the terms that depend on x alone (the log-gammas) and the logs of α + T and α + tx computed once per distinct
 * value, and each customer's term once per distinct (x, tx, T) history: customers with the same history have the
 * same term, so an evaluation costs one exp and one log1p per distinct history. The terms are still added in
 * customer order, so the sum is the same number, bit for bit.
 */
export function bgnbdLikelihood(x: ArrayLike<number>, tx: ArrayLike<number>, T: ArrayLike<number>): (p: BgNbdParams) => number {
  const X = distinctValues(x), TX = distinctValues(tx), TT = distinctValues(T);
  const nx = X.values.length;
  const c = new Float64Array(nx), d = new Float64Array(nx);
  const logTx = new Float64Array(TX.values.length), logT = new Float64Array(TT.values.length);
  const n = x.length;
  // distinct histories: ids of (x, tx) pairs, then of (pair, T); each product stays below 2^53 for n < 9e7
  const pairs = distinctValues(Float64Array.from(X.index, (k, i) => k * TX.values.length + TX.index[i]));
  const histories = distinctValues(Float64Array.from(pairs.index, (p, i) => p * TT.values.length + TT.index[i]));
  const nh = histories.values.length;
  const hx = new Int32Array(nh), htx = new Int32Array(nh), hT = new Int32Array(nh);
  for (let i = 0; i < n; i++) {
    const h = histories.index[i];
    hx[h] = X.index[i];
    htx[h] = TX.index[i];
    hT[h] = TT.index[i];
  }
  const term = new Float64Array(nh);
  const history = histories.index;
  return ({ r, alpha, a, b }) => {
    const base = -gammaln(r) + r * Math.log(alpha) + gammaln(a + b) - gammaln(b);
    for (let k = 0; k < nx; k++) {
      const xv = X.values[k];
      c[k] = base + gammaln(r + xv) + gammaln(b + xv) - gammaln(a + b + xv);
      d[k] = xv > 0 ? Math.log(a) - Math.log(b + xv - 1) : 0;
    }
    for (let k = 0; k < logTx.length; k++) logTx[k] = Math.log(alpha + TX.values[k]);
    for (let k = 0; k < logT.length; k++) logT[k] = Math.log(alpha + TT.values[k]);
    for (let h = 0; h < nh; h++) {
      const k = hx[h];
      const xv = X.values[k];
      const a3 = -(r + xv) * logT[hT[h]];
      if (xv <= 0) {
        term[h] = c[k] + a3;
        continue;
      }
      const a4 = d[k] - (r + xv) * logTx[htx[h]];
      term[h] = c[k] + Math.max(a3, a4) + Math.log1p(Math.exp(-Math.abs(a3 - a4)));
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += term[history[i]];
    return s;
  };
}

/** A fitted BG/NBD model: parameters, the maximized log-likelihood and whether the optimizer converged. */
export interface BgNbdFit extends BgNbdParams {
  logLikelihood: number;
  converged: boolean;
}

/**
 * Fits BG/NBD by maximum likelihood (Nelder–Mead on log r, log α, log a, log b, from all ones, then restarted from
 * the optimum). Customers with x = 0 (one purchase only) are part of the fit; they inform the dropout and rate
 * distributions. When the likelihood is flat along a ridge (on some data dropout vanishes: a → 0, b → ∞ at no
 * gain), the search stops once 200 iterations gain less than 1e-10 in mean log-likelihood.
 */
export function fitBgNbd(x: ArrayLike<number>, tx: ArrayLike<number>, T: ArrayLike<number>, options: { maxIter?: number } = {}): BgNbdFit {
  const toP = (v: Float64Array): BgNbdParams => ({ r: Math.exp(v[0]), alpha: Math.exp(v[1]), a: Math.exp(v[2]), b: Math.exp(v[3]) });
  const n = Math.max(1, x.length);
  const ll = bgnbdLikelihood(x, tx, T);
  const f = (v: Float64Array) => -ll(toP(v)) / n;
  const maxIter = options.maxIter ?? 3000;
  let res = nelderMead(f, Float64Array.of(0, 0, 0, 0), { maxIter, patience: 200 });
  // one restart from the optimum, the usual guard against a collapsed simplex
  res = nelderMead(f, res.x, { maxIter, step: 0.1, patience: 200 });
  return { ...toP(res.x), logLikelihood: -res.fx * n, converged: res.converged };
}

/** Largest number of terms `hyp2f1` sums before it gives up (returns NaN). */
export const HYP2F1_MAX_TERMS = 200_000;

/**
 * Gauss hypergeometric function 2F1(a, b; c; z) by its power series, for 0 ≤ z < 1 (c > 0). Returns NaN when the
 * series has not converged within `HYP2F1_MAX_TERMS` terms and Infinity when a partial sum overflows, so a caller
 * can switch to an equivalent form (see `bgnbdExpectedPurchases`) instead of using a truncated sum.
 * @example hyp2f1(1, 1, 2, 0.5); // => 2·ln 2 ≈ 1.3863 (= −ln(1 − z) / z)
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 0; k < HYP2F1_MAX_TERMS; k++) {
    term *= ((a + k) * (b + k)) / ((c + k) * (k + 1)) * z;
    sum += term;
    if (!Number.isFinite(sum)) return sum;
    if (Math.abs(term) < 1e-15 * Math.abs(sum)) return sum;
    if (term === 0) return sum;
  }
  return NaN;
}

/**
 * 1 − (1 − z)^(r+x) · 2F1(r + x, b + x; a + b + x − 1; z), the bracket of BG/NBD's expected purchases (FHL 2005,
 * eq. 10). The direct series overflows (or needs too many terms) for many repeat purchases over a long horizon;
 * then it uses Euler's transformation 2F1(α, β; γ; z) = (1 − z)^(γ−α−β) · 2F1(γ − α, γ − β; γ; z), under which the
 * product is (1 − z)^(a−1) · 2F1(a + b − 1 − r, a − 1; a + b + x − 1; z): the switch `lifetimes` makes
 * (`BetaGeoFitter.conditional_expected_number_of_purchases_up_to_time`), here also taken when the series has not
 * converged. Products of huge and tiny factors are taken in logs; the product may be negative (a + b + x − 1 < 0,
 * as in a fit with b < 1, where `lifetimes` returns NaN) and is then kept as a plain product.
 */
export function bgnbdHypComplement(p: BgNbdParams, x: number, z: number): number {
  const { r, a, b } = p;
  const c = a + b + x - 1;
  const log1mz = Math.log1p(-z);
  let f = hyp2f1(r + x, b + x, c, z);
  let power = r + x;
  if (!Number.isFinite(f)) {
    f = hyp2f1(c - r - x, a - 1, c, z);
    power = a - 1;
  }
  return f > 0 ? -Math.expm1(Math.log(f) + power * log1mz) : 1 - f * Math.exp(power * log1mz);
}

/** 1 / (1 + e^L) without overflow (e^L may be far beyond the largest double). */
function logistic(L: number): number {
  if (L > 0) {
    const e = Math.exp(-L);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(L));
}

/**
 * ln of the odds of having dropped out after the last purchase, ln[a / (b + x − 1) · ((α + T) / (α + tx))^(r+x)]
 * (FHL 2005, eq. 11), computed in logs so that it stays finite for many purchases (x > 0 only).
 */
function logDropoutOdds(p: BgNbdParams, x: number, tx: number, T: number): number {
  return Math.log(p.a) - Math.log(p.b + x - 1) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
}

/** Probability that a customer with history (x, tx, T) is still active (FHL 2005, eq. 11); 1 when x = 0. */
export function bgnbdPAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x <= 0) return 1;
  return logistic(logDropoutOdds(p, x, tx, T));
}

/**
 * Expected purchases in the next `t` time units for a customer with history (x, tx, T) (FHL 2005, eq. 10).
 * Finite for any history: the hypergeometric bracket by `bgnbdHypComplement` (Euler's form where the direct series
 * overflows) and the P(alive) factor through a logistic of the log-odds.
 */
export function bgnbdExpectedPurchases(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  if (t <= 0) return 0;
  const { alpha, b } = p;
  const a = Math.abs(p.a - 1) < 1e-9 ? 1 + 1e-9 : p.a;
  const q = a === p.a ? p : { ...p, a };
  const z = t / (alpha + T + t);
  const num = ((a + b + x - 1) / (a - 1)) * bgnbdHypComplement(q, x, z);
  return x > 0 ? num * logistic(logDropoutOdds(q, x, tx, T)) : num;
}
