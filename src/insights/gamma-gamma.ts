/**
 * The Gamma–Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV"; Colombo & Jiang
 * 1999): each transaction's value ~ Gamma(p, ν), ν ~ Gamma(q, v). Fitted on customers with at least one repeat
 * purchase (x ≥ 1) and a positive mean repeat value m.
 */
import { gammaln } from "simple-statistics";
import { distinctValues } from "./bgnbd.js";
import { nelderMead } from "./nelder-mead.js";

/** Gamma–Gamma parameters (all > 0). */
export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

/** One customer's log-likelihood of mean value m over x transactions (the form used by `lifetimes`). */
export function gammaGammaLogLikelihoodOne(g: GammaGammaParams, x: number, m: number): number {
  const { p, q, v } = g;
  return (
    gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * Math.log(v) +
    (p * x - 1) * Math.log(m) + p * x * Math.log(x) - (p * x + q) * Math.log(x * m + v)
  );
}

/** A fitted Gamma–Gamma model. */
export interface GammaGammaFit extends GammaGammaParams {
  logLikelihood: number;
  converged: boolean;
  /** Customers used in the fit (x ≥ 1, m > 0). */
  customers: number;
}

/**
 * The total log-likelihood over fixed data (x ≥ 1, m > 0) as a function of the parameters, equal to the sum of
 * `gammaGammaLogLikelihoodOne` but with log x, log m and the log-gammas of each distinct x computed once, so a
 * fit's evaluations cost one log per customer.
 */
export function gammaGammaLikelihood(x: ArrayLike<number>, m: ArrayLike<number>): (g: GammaGammaParams) => number {
  const n = x.length;
  const { values: xs, index: xi } = distinctValues(x);
  const logx = Float64Array.from(x, Math.log), logm = Float64Array.from(m, Math.log);
  const lg = new Float64Array(xs.length);
  return ({ p, q, v }) => {
    for (let k = 0; k < xs.length; k++) lg[k] = gammaln(p * xs[k] + q) - gammaln(p * xs[k]);
    const base = -gammaln(q) + q * Math.log(v);
    let s = 0;
    for (let i = 0; i < n; i++) {
      const px = p * x[i];
      s += lg[xi[i]] + base + (px - 1) * logm[i] + px * logx[i] - (px + q) * Math.log(x[i] * m[i] + v);
    }
    return s;
  };
}

/** Fits Gamma–Gamma by maximum likelihood (Nelder–Mead on log p, log q, log v); rows with x < 1 or m ≤ 0 are skipped. */
export function fitGammaGamma(x: ArrayLike<number>, m: ArrayLike<number>, options: { maxIter?: number } = {}): GammaGammaFit {
  const xs: number[] = [];
  const ms: number[] = [];
  for (let i = 0; i < x.length; i++) if (x[i] >= 1 && m[i] > 0) (xs.push(x[i]), ms.push(m[i]));
  const n = Math.max(1, xs.length);
  const toP = (w: Float64Array): GammaGammaParams => ({ p: Math.exp(w[0]), q: Math.exp(w[1]), v: Math.exp(w[2]) });
  const ll = gammaGammaLikelihood(xs, ms);
  const nll = (w: Float64Array) => -ll(toP(w)) / n;
  let meanM = 0;
  for (const v of ms) meanM += v / n;
  const maxIter = options.maxIter ?? 3000;
  let res = nelderMead(nll, Float64Array.of(0, Math.log(2), Math.log(Math.max(meanM, 1e-6))), { maxIter, patience: 200 });
  res = nelderMead(nll, res.x, { maxIter, step: 0.1, patience: 200 });
  return { ...toP(res.x), logLikelihood: -res.fx * n, converged: res.converged, customers: xs.length };
}

/**
 * Expected value per transaction for a customer with x repeat transactions of mean value m: a credibility-
 * weighted mix of the population mean v·p/(q−1) and m, weight p·x/(p·x + q − 1); the population mean when x = 0
 * or m ≤ 0. Needs q > 1 (else the population mean is infinite and m is returned).
 */
export function gammaGammaExpectedValue(g: GammaGammaParams, x: number, m: number): number {
  if (g.q <= 1) return x > 0 && m > 0 ? m : NaN;
  const population = (g.v * g.p) / (g.q - 1);
  if (x <= 0 || !(m > 0)) return population;
  const w = (g.p * x) / (g.p * x + g.q - 1);
  return (1 - w) * population + w * m;
}
