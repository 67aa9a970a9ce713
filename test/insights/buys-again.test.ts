/**
 * The buys-again classifier's training (`logisticGradientAscent`) is ml-logistic-regression 2.0's gradient ascent
 * bit for bit: same weights as the package on seeded problems (standardized features with an intercept, as
 * fitBuysAgain builds them, and a raw one), including one where every label is the same.
 */
import LogisticRegression from "ml-logistic-regression";
import { Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { logisticGradientAscent } from "../../src/insights/buys-again.js";
import { rng } from "../../src/util/random.js";

/** The package's weights of its first one-vs-all classifier (the one fitBuysAgain reads). */
function packageWeights(rows: number[][], y: number[], steps: number, rate: number): number[] {
  const model = new LogisticRegression({ numSteps: steps, learningRate: rate });
  model.train(new Matrix(rows), Matrix.columnVector(y));
  return model.classifiers[0].weights.to1DArray();
}

describe("logisticGradientAscent", () => {
  const cases: Array<[string, number, number, (r: () => number) => number]> = [
    ["standardized, intercept, 300 rows", 300, 5, (r) => (r() < 0.4 ? 1 : 0)],
    ["raw scale, 57 rows", 57, 3, (r) => (r() < 0.7 ? 1 : 0)],
    ["every label 1", 40, 4, () => 1],
  ];
  for (const [name, n, m, label] of cases) {
    it(`equals ml-logistic-regression bit for bit: ${name}`, () => {
      const r = rng(n * 31 + m);
      const rows: number[][] = [];
      for (let i = 0; i < n; i++) rows.push([1, ...Array.from({ length: m - 1 }, () => (r() - 0.5) * (name.startsWith("raw") ? 40 : 3))]);
      const y = Array.from({ length: n }, () => label(r));
      const steps = 120;
      const rate = 4 / (n * m);
      const ours = Array.from(logisticGradientAscent(Float64Array.from(rows.flat()), n, m, y, steps, rate));
      const theirs = packageWeights(rows, y, steps, rate);
      expect(ours.map((v) => v.toString())).toEqual(theirs.map((v) => v.toString()));
      expect(ours.some((v) => v !== 0)).toBe(true);
    });
  }
});
