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

/** A fitted BG/NBD model: parameters, the maximized log-likelihood and whether the optimizer converged. */
export interface BgNbdFit extends BgNbdParams {
  logLikelihood: number;
  converged: boolean;
}

/**
 * Fits BG/NBD by maximum likelihood (Nelder–Mead on log r, log α, log a, log b, from all ones). Customers with
 * x = 0 (one purchase only) are part of the fit; they inform the dropout and rate distributions.
 */
export function fitBgNbd(x: ArrayLike<number>, tx: ArrayLike<number>, T: ArrayLike<number>, options: { maxIter?: number } = {}): BgNbdFit {
  const toP = (v: Float64Array): BgNbdParams => ({ r: Math.exp(v[0]), alpha: Math.exp(v[1]), a: Math.exp(v[2]), b: Math.exp(v[3]) });
  const n = Math.max(1, x.length);
  let res = nelderMead((v) => -bgnbdLogLikelihood(toP(v), x, tx, T) / n, Float64Array.of(0, 0, 0, 0), { maxIter: options.maxIter ?? 3000 });
  // one restart from the optimum, the usual guard against a collapsed simplex
  res = nelderMead((v) => -bgnbdLogLikelihood(toP(v), x, tx, T) / n, res.x, { maxIter: options.maxIter ?? 3000, step: 0.1 });
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
 * ln[(1 − z)^(r+x) · 2F1(r + x, b + x; a + b + x − 1; z)], the hypergeometric part of BG/NBD's expected purchases.
 * The direct series overflows (or needs too many terms) for many repeat purchases over a long horizon; then it
 * uses Euler's transformation 2F1(α, β; γ; z) = (1 − z)^(γ−α−β) · 2F1(γ − α, γ − β; γ; z), under which the whole
 * term is (1 − z)^(a−1) · 2F1(a + b − 1 − r, a − 1; a + b + x − 1; z): the switch `lifetimes` makes
 * (`BetaGeoFitter.conditional_expected_number_of_purchases_up_to_time`), here also taken when the series has not
 * converged.
 */
export function bgnbdLogHypTerm(p: BgNbdParams, x: number, z: number): number {
  const { r, a, b } = p;
  const c = a + b + x - 1;
  const log1mz = Math.log1p(-z);
  const direct = hyp2f1(r + x, b + x, c, z);
  if (Number.isFinite(direct) && direct > 0) return Math.log(direct) + (r + x) * log1mz;
  const euler = hyp2f1(c - r - x, a - 1, c, z);
  return Math.log(euler) + (a - 1) * log1mz;
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
 * Finite for any history: the hypergeometric term is taken in logs (`bgnbdLogHypTerm`, switching to Euler's form
 * where the direct series overflows) and the P(alive) factor through a logistic of the log-odds.
 */
export function bgnbdExpectedPurchases(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  if (t <= 0) return 0;
  const { alpha, b } = p;
  const a = Math.abs(p.a - 1) < 1e-9 ? 1 + 1e-9 : p.a;
  const q = a === p.a ? p : { ...p, a };
  const z = t / (alpha + T + t);
  const num = ((a + b + x - 1) / (a - 1)) * -Math.expm1(bgnbdLogHypTerm(q, x, z));
  return x > 0 ? num * logistic(logDropoutOdds(q, x, tx, T)) : num;
}
