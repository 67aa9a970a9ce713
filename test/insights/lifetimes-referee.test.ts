/**
 * BG/NBD and Gamma–Gamma against Python's `lifetimes` 0.11.3 on UCI Online Retail (scripts/referee/lifetimes_uci.py
 * in .venv-referee, made by scripts/setup-referees.sh; the referee reads and cleans the raw file itself). Stated
 * tolerances: parameters 1e-5 relative (a and b, whose likelihood is nearly flat, 1e-4), log-likelihoods 1e-9
 * relative, expected purchases per customer 1e-5 relative, P(alive) 1e-5 absolute, total predicted CLV 1e-6
 * relative; on the holdout split the totals, MAE and correlation 1e-5 and the per-customer predictions 1e-4 relative
 * (the calibration likelihood is flat along a → 0, b → ∞: lifetimes stops at b ≈ 467, we at b ≈ 3·10⁶, so only the
 * predictions are compared, and they differ by at most 4·10⁻⁵).
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadStore } from "../../src/data/index.js";
import type { Store } from "../../src/data/model.js";
import {
  bgnbdExpectedPurchases,
  bgnbdPAlive,
  fitBgNbd,
  fitGammaGamma,
  gammaGammaExpectedValue,
  predictionHoldout,
  predictiveClv,
  purchaseDays,
  summarizePurchases,
} from "../../src/insights/index.js";
import { projectPaths } from "../../src/paths.js";
import { refereePython, runReferee } from "../referee-venv.js";

const input = path.join(projectPaths().sharedData, "uci-online-retail", "online_retail.parquet");
const ref = refereePython(["lifetimes", "pyarrow"]);
const skip = !fs.existsSync(input) ? `${input} not present` : ref.python ? "" : ref.reason;
if (skip) console.warn(`skipped: BG/NBD and Gamma–Gamma against lifetimes (${skip})`);

interface Referee {
  lifetimes_version: string;
  bgnbd: { r: number; alpha: number; a: number; b: number; log_likelihood: number };
  gamma_gamma: { p: number; q: number; v: number; log_likelihood: number; customers: number };
  horizon_weeks: number;
  total_predicted_clv: number;
  customers: { customer_id: string[]; frequency: number[]; recency: number[]; T: number[]; monetary: number[]; expected_purchases: number[]; p_alive: number[]; expected_value: number[] };
  holdout: { customers: number; holdout_purchases: number; predicted_purchases: number; mae_purchases: number; correlation: number; customer_id: string[]; predicted: number[]; frequency_holdout: number[] };
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe.skipIf(!!skip)("BG/NBD and Gamma–Gamma against lifetimes on UCI Online Retail", () => {
  let store: Store;
  let lt: Referee;
  beforeAll(async () => {
    lt = runReferee<Referee>(ref.python!, "lifetimes_uci.py", [input, "--horizon-days", "365", "--calibration-end", "2011-08-31"]);
    store = (await loadStore({ dataset: "online-retail", input })).store;
  }, 300_000);

  it("the same customers and summaries (frequency, recency, T, monetary)", () => {
    const h = purchaseDays(store);
    const s = summarizePurchases(h);
    expect(Array.from(s.customer, (c) => h.customerIds[c])).toEqual(lt.customers.customer_id);
    lt.customers.customer_id.forEach((id, i) => {
      expect(s.x[i], id).toBe(lt.customers.frequency[i]);
      expect(s.tx[i], id).toBeCloseTo(lt.customers.recency[i], 12);
      expect(s.T[i], id).toBeCloseTo(lt.customers.T[i], 12);
      expect(s.m[i], id).toBeCloseTo(lt.customers.monetary[i], 6);
    });
  });

  it("parameters and log-likelihoods (r 0.8265, α 9.844, a 0.00344, b 6.745; p 2.1108, q 3.4373, v 479.62)", () => {
    const s = summarizePurchases(purchaseDays(store));
    const bg = fitBgNbd(s.x, s.tx, s.T);
    const gg = fitGammaGamma(s.x, s.m);
    expect(bg.converged).toBe(true);
    for (const k of ["r", "alpha"] as const) expect(rel(bg[k], lt.bgnbd[k]), k).toBeLessThan(1e-5);
    for (const k of ["a", "b"] as const) expect(rel(bg[k], lt.bgnbd[k]), k).toBeLessThan(1e-4);
    expect(rel(bg.logLikelihood, lt.bgnbd.log_likelihood)).toBeLessThan(1e-9);
    for (const k of ["p", "q", "v"] as const) expect(rel(gg[k], lt.gamma_gamma[k]), k).toBeLessThan(1e-5);
    expect(rel(gg.logLikelihood, lt.gamma_gamma.log_likelihood)).toBeLessThan(1e-9);
    expect(gg.customers).toBe(lt.gamma_gamma.customers);
    // the values quoted in issue 18, as a reader would check them
    expect(bg.r).toBeCloseTo(0.8265, 4);
    expect(bg.alpha).toBeCloseTo(9.844, 3);
    expect(gg.v).toBeCloseTo(479.62, 2);
  });

  it("expected purchases over 365 days and P(alive) per customer; total predicted CLV", () => {
    const s = summarizePurchases(purchaseDays(store));
    const bg = fitBgNbd(s.x, s.tx, s.T);
    const gg = fitGammaGamma(s.x, s.m);
    let total = 0;
    lt.customers.customer_id.forEach((id, i) => {
      const e = bgnbdExpectedPurchases(bg, lt.horizon_weeks, s.x[i], s.tx[i], s.T[i]);
      expect(rel(e, lt.customers.expected_purchases[i]), id).toBeLessThan(1e-5);
      expect(Math.abs(bgnbdPAlive(bg, s.x[i], s.tx[i], s.T[i]) - lt.customers.p_alive[i]), id).toBeLessThan(1e-5);
      const v = gammaGammaExpectedValue(gg, s.x[i], s.m[i]);
      expect(rel(v, lt.customers.expected_value[i]), id).toBeLessThan(1e-5);
      total += e * v;
    });
    expect(rel(total, lt.total_predicted_clv)).toBeLessThan(1e-6);
    // the product's path: predictiveClv over the default 365 days
    const clv = predictiveClv(store);
    if (clv.model === "bgnbd-gamma-gamma") {
      const ours = (clv.table.getColumn("predicted_clv").toArray() as number[]).reduce((a, b) => a + b, 0);
      expect(rel(ours, lt.total_predicted_clv)).toBeLessThan(1e-6);
    }
  });

  it("the holdout: same customers and purchases, BG/NBD's predictions per customer, MAE and correlation", () => {
    const h = predictionHoldout(store);
    expect(h.period.calibrationEnd).toBe("2011-08-31");
    expect(h.customers).toBe(lt.holdout.customers);
    expect(h.holdoutPurchases).toBe(lt.holdout.holdout_purchases);
    const bg = h.models.find((m) => m.id === "bgnbd")!;
    expect(rel(bg.predictedPurchases!, lt.holdout.predicted_purchases)).toBeLessThan(1e-5);
    expect(Math.abs(bg.maePurchases! - lt.holdout.mae_purchases)).toBeLessThan(1e-5);
    expect(Math.abs(bg.correlation! - lt.holdout.correlation)).toBeLessThan(1e-5);
    const hist = purchaseDays(store);
    const cal = summarizePurchases(hist, { end: Date.UTC(2011, 7, 31) / 86_400_000 });
    expect(Array.from(cal.customer, (c) => hist.customerIds[c])).toEqual(lt.holdout.customer_id);
    const fit = h.fits.bgnbd!;
    let worst = 0;
    lt.holdout.customer_id.forEach((id, i) => {
      const e = bgnbdExpectedPurchases(fit, 100 / 7, cal.x[i], cal.tx[i], cal.T[i]);
      worst = Math.max(worst, rel(e, lt.holdout.predicted[i]));
    });
    expect(worst).toBeLessThan(1e-4);
  });
});
