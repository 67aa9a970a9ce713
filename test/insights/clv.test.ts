import pl from "nodejs-polars";
import { describe, expect, it } from "vitest";
import {
  bgnbdExpectedPurchases, bgnbdLogLikelihood, bgnbdLogLikelihoodOne, bgnbdPAlive, clvBySegment, fitBgNbd, fitGammaGamma,
  gammaGammaExpectedValue, historicalClv, hyp2f1, nelderMead, predictiveClv,
} from "../../src/insights/index.js";
import { randNormal, rng, type Rng } from "../../src/util/random.js";
import { cols, fixtureStore } from "./fixture.js";

/** Gamma(shape, rate) draw (Marsaglia & Tsang 2000). */
function gamma(r: Rng, shape: number, rate: number): number {
  if (shape < 1) return gamma(r, shape + 1, rate) * Math.pow(r() || 1e-12, 1 / shape);
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = randNormal(r), v = (1 + c * z) ** 3;
    if (v > 0 && Math.log(r() || 1e-12) < 0.5 * z * z + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

describe("nelderMead", () => {
  it("finds the minimum of a shifted quadratic and of Rosenbrock", () => {
    const q = nelderMead((p) => (p[0] - 1) ** 2 + (p[1] + 2) ** 2, Float64Array.of(0, 0));
    expect(q.x[0]).toBeCloseTo(1, 4);
    expect(q.x[1]).toBeCloseTo(-2, 4);
    const rb = nelderMead((p) => 100 * (p[1] - p[0] ** 2) ** 2 + (1 - p[0]) ** 2, Float64Array.of(-1.2, 1), { maxIter: 5000 });
    expect(rb.x[0]).toBeCloseTo(1, 3);
    expect(rb.converged).toBe(true);
  });
});

describe("BG/NBD", () => {
  const p = { r: 2, alpha: 3, a: 1.5, b: 2.5 };
  it("x = 0: log-likelihood = r·ln(α/(α+T))", () => {
    expect(bgnbdLogLikelihoodOne(p, 0, 0, 4)).toBeCloseTo(2 * Math.log(3 / 7), 12);
  });
  it("x = 1, tx = 2, T = 4: ln(18 · 0.625 · (7⁻³ + 0.6 · 5⁻³)) by hand", () => {
    // A1 = lnΓ(3) − lnΓ(2) + 2 ln 3 = ln 18; A2 = ln(Γ(4)Γ(3.5)/(Γ(2.5)Γ(5))) = ln(6 · 2.5 / 24);
    // e^A3 = 7^−3; e^A4 = (1.5 / 2.5) · 5^−3
    expect(bgnbdLogLikelihoodOne(p, 1, 2, 4)).toBeCloseTo(Math.log(18 * 0.625 * (7 ** -3 + 0.6 * 5 ** -3)), 12);
  });
  it("hyp2f1 matches closed forms: 2F1(1,1;2;z) = −ln(1−z)/z", () => {
    expect(hyp2f1(1, 1, 2, 0.5)).toBeCloseTo(-Math.log(0.5) / 0.5, 12);
    expect(hyp2f1(1, 2, 2, 0.3)).toBeCloseTo(1 / 0.7, 12);
  });
  it("p_alive is 1 without repeats and expected purchases grow with the horizon from 0", () => {
    expect(bgnbdPAlive(p, 0, 0, 10)).toBe(1);
    expect(bgnbdPAlive(p, 3, 2, 10)).toBeLessThan(bgnbdPAlive(p, 3, 9, 10));
    expect(bgnbdExpectedPurchases(p, 0, 2, 5, 10)).toBe(0);
    const e = [1, 5, 20, 50].map((t) => bgnbdExpectedPurchases(p, t, 2, 5, 10));
    for (let i = 1; i < e.length; i++) expect(e[i]).toBeGreaterThan(e[i - 1]);
  });
  it("recovers the mean purchase rate from data simulated with known parameters, at an MLE", () => {
    const truth = { r: 0.8, alpha: 6, a: 0.9, b: 3 };
    const r = rng(11);
    const n = 3000, x = new Float64Array(n), tx = new Float64Array(n), T = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const lambda = gamma(r, truth.r, truth.alpha);
      const g1 = gamma(r, truth.a, 1), g2 = gamma(r, truth.b, 1), pDrop = g1 / (g1 + g2);
      T[i] = 20 + 32 * r();
      let t = 0;
      for (;;) {
        t += -Math.log(1 - r()) / lambda;
        if (t > T[i]) break;
        x[i] += 1;
        tx[i] = t;
        if (r() < pDrop) break;
      }
    }
    const fit = fitBgNbd(x, tx, T);
    expect(fit.converged).toBe(true);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(bgnbdLogLikelihood(truth, x, tx, T) - 1e-6);
    expect(fit.r / fit.alpha).toBeGreaterThan(0.85 * (truth.r / truth.alpha));
    expect(fit.r / fit.alpha).toBeLessThan(1.15 * (truth.r / truth.alpha));
    // population expected purchases over 52 weeks for a new customer agree with the truth's within 15%
    const e = bgnbdExpectedPurchases(fit, 52, 0, 0, 0), eTrue = bgnbdExpectedPurchases(truth, 52, 0, 0, 0);
    expect(Math.abs(e / eTrue - 1)).toBeLessThan(0.15);
  });
});

describe("Gamma–Gamma", () => {
  it("recovers the population mean spend v·p/(q−1) from simulated data", () => {
    const truth = { p: 6, q: 4, v: 15 };
    const r = rng(5);
    const n = 2000, x = new Float64Array(n), m = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const nu = gamma(r, truth.q, truth.v);
      x[i] = 1 + Math.floor(r() * 8);
      let s = 0;
      for (let k = 0; k < x[i]; k++) s += gamma(r, truth.p, nu);
      m[i] = s / x[i];
    }
    const fit = fitGammaGamma(x, m);
    const mean = (fit.v * fit.p) / (fit.q - 1);
    expect(Math.abs(mean / ((truth.v * truth.p) / (truth.q - 1)) - 1)).toBeLessThan(0.1);
    expect(fit.customers).toBe(n);
  });
  it("expected value: population mean at x = 0, the credibility mix otherwise", () => {
    const g = { p: 6, q: 4, v: 15 };
    expect(gammaGammaExpectedValue(g, 0, 0)).toBe(30);
    // weight = 6·2/(6·2 + 3) = 0.8 → 0.2·30 + 0.8·50 = 46
    expect(gammaGammaExpectedValue(g, 2, 50)).toBeCloseTo(46, 12);
  });
});

describe("CLV from the store", () => {
  it("historical CLV per customer and per segment", () => {
    expect(cols(historicalClv(fixtureStore()))).toEqual({
      customer_id: ["c1", "c2", "c3"], historical_clv: [75, 22, 20], orders: [2, 1, 1], aov: [37.5, 22, 20], tenure_days: [36, 0, 0],
    });
    const a = pl.DataFrame({ customer_id: ["c1", "c2", "c3"], segment: pl.Series("segment", [1, 0, 0], pl.Int32) });
    const s = clvBySegment(fixtureStore(), a);
    expect(cols(s, ["segment", "customers", "revenue", "mean_clv", "median_clv"])).toEqual({
      segment: [0, 1], customers: [2, 1], revenue: [42, 75], mean_clv: [21, 75], median_clv: [21, 75],
    });
    const share = s.getColumn("share_of_revenue").toArray() as number[];
    expect(share[0]).toBeCloseTo(42 / 117, 12);
    expect(share[1]).toBeCloseTo(75 / 117, 12);
  });
  it("spend partly or wholly unknown: lower bounds with their coverage, share of all revenue unknown (null), never a recorded 0", () => {
    // o2 (c1's £50) and o5 (c3's only completed order, £20) without lines: c1 at least £25, c3 nothing recorded
    const full = fixtureStore();
    const store = { ...full, order_lines: full.order_lines.filter(pl.col("order_id").neq(pl.lit("o2")).and(pl.col("order_id").neq(pl.lit("o5")))) };
    const a = pl.DataFrame({ customer_id: ["c1", "c2", "c3"], segment: pl.Series("segment", [1, 0, 0], pl.Int32) });
    const s = clvBySegment(store, a);
    expect(cols(s)).toEqual({
      segment: [0, 1],
      customers: [2, 1],
      revenue: [22, 25],
      mean_clv: [11, 25],
      median_clv: [11, 25],
      share_of_revenue: [null, null],
      customers_with_unknown_spend: [1, 1],
      orders_without_lines: [1, 1],
      revenue_is: ["lower bound", "lower bound"],
      share_of_known_spend_revenue: [1, 0],
    });
    // below materiality the share over all recorded revenue is kept (22/47, 25/47), flagged by revenue_is
    const kept = clvBySegment(store, a, { shareUnknown: false }).getColumn("share_of_revenue").toArray() as number[];
    expect(kept[0]).toBeCloseTo(22 / 47, 12);
    expect(kept[1]).toBeCloseTo(25 / 47, 12);
    // the bound is below any completion (here: the complete store), and the coverage counts add up
    const complete = cols(clvBySegment(full, a));
    const partial = cols(s);
    for (const c of ["revenue", "mean_clv", "median_clv"]) {
      (partial[c] as number[]).forEach((v, i) => expect(v).toBeLessThanOrEqual((complete[c] as number[])[i]));
    }
    expect((partial.customers_with_unknown_spend as number[]).reduce((x, y) => x + y, 0)).toBe(2);
    expect((partial.orders_without_lines as number[]).reduce((x, y) => x + y, 0)).toBe(2);
    // a customer assigned without any completed order bought nothing: a recorded 0, not unknown, not a lower bound
    const withNew = pl.DataFrame({ customer_id: ["c1", "c2", "c3", "c4"], segment: pl.Series("segment", [1, 0, 0, 1], pl.Int32) });
    expect(cols(clvBySegment(full, withNew), ["segment", "customers", "revenue", "mean_clv"])).toEqual({ segment: [0, 1], customers: [2, 2], revenue: [42, 75], mean_clv: [21, 37.5] });
    expect(clvBySegment(full, withNew).columns).not.toContain("revenue_is");
  });
  it("three customers are too few for BG/NBD: no prediction, the reason in words, predictions null (not 0)", () => {
    const p = predictiveClv(fixtureStore());
    expect(p.model).toBe("none");
    expect(p.refusedBy).toBe("customers");
    expect(p.refusal).toBe("only 3 customers have a completed order (at least 50 needed)");
    expect(p.label).toBe("No predicted CLV over 1 year: only 3 customers have a completed order (at least 50 needed)");
    expect(p.bgnbd).toBeNull();
    // the history stays (c1: purchase days Jan 5 and Feb 10 → one repeat), the predictions are unknown
    const t = cols(p.table, ["customer_id", "frequency", "p_alive", "expected_orders", "expected_value", "predicted_clv"]);
    expect(t.customer_id).toEqual(["c1", "c2", "c3"]);
    expect(t.frequency).toEqual([1, 0, 0]);
    for (const c of ["p_alive", "expected_orders", "expected_value", "predicted_clv"]) expect(t[c]).toEqual([null, null, null]);
  });
  it("each refusal rule, in order: customers, then span, then repeat buyers", () => {
    const store = fixtureStore();
    expect(predictiveClv(store, { minCustomers: 3, minSpanDays: 1000 }).refusedBy).toBe("span_days");
    // the fixture's completed purchases span Jan 5 … Mar 3 = 58 days
    expect(predictiveClv(store, { minCustomers: 3, minSpanDays: 1000 }).refusal).toBe("the purchase history spans 58 days; at least 1,000 are needed to forecast 365 days");
    expect(predictiveClv(store, { minCustomers: 3, minSpanDays: 58, minRepeat: 2 }).refusedBy).toBe("repeat_buyers");
    expect(predictiveClv(store, { minCustomers: 3, minSpanDays: 58, minRepeat: 2 }).refusal).toBe("only 1 customers bought on more than one day (at least 2 needed)");
  });
});
