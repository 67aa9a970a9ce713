import { kmeans as mlKmeans } from "ml-kmeans";
import { describe, expect, it } from "vitest";
import { kmeans, kmeansPlusPlus, matrixFromRows, type Matrix } from "../../src/segment/index.js";
import { randNormal, rng } from "../../src/util/random.js";

function blobs(seed: number, n: number, d: number, centers: number): Matrix {
  const r = rng(seed);
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from({ length: d }, (_, t) => randNormal(r) + ((i % centers) * 3 * (t % 2 ? 1 : -1))));
  return matrixFromRows(rows);
}

const rowsOf = (x: Matrix) => Array.from({ length: x.n }, (_, i) => Array.from(x.data.subarray(i * x.d, i * x.d + x.d)));

describe("kmeans", () => {
  it("splits 0, 1 | 10, 11 with inertia 4 × 0.5² = 1", () => {
    const res = kmeans(matrixFromRows([[0], [1], [10], [11]]), 2);
    expect(res.inertia).toBe(1);
    expect(res.labels[0]).toBe(res.labels[1]);
    expect(res.labels[2]).toBe(res.labels[3]);
    expect(res.labels[0]).not.toBe(res.labels[2]);
    expect(Array.from(res.sizes)).toEqual([2, 2]);
  });

  it("equals ml-kmeans given the same initial centers (labels exactly, centers to 1e-12)", () => {
    for (const [seed, n, d, k] of [[1, 500, 2, 3], [2, 1200, 4, 6], [3, 800, 3, 9]] as const) {
      const x = blobs(seed, n, d, k);
      const init = kmeansPlusPlus(x, k, rng(seed));
      const initRows = Array.from({ length: k }, (_, c) => Array.from(init.subarray(c * d, c * d + d)));
      const ours = kmeans(x, k, { initialization: initRows, maxIter: 300, tol: 1e-4 });
      const theirs = mlKmeans(rowsOf(x), k, { initialization: initRows, maxIterations: 300, tolerance: 1e-4 });
      expect(Array.from(ours.labels)).toEqual(theirs.clusters);
      expect(ours.iterations).toBe(theirs.iterations);
      theirs.centroids.forEach((c, ci) => c.forEach((v, t) => expect(Math.abs(ours.centroids[ci * d + t] - v)).toBeLessThan(1e-12)));
    }
  });

  it("is deterministic for a seed and keeps the best of several inits", () => {
    const x = blobs(5, 600, 3, 4);
    const a = kmeans(x, 4, { seed: 7 });
    const b = kmeans(x, 4, { seed: 7 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.inertia).toBe(b.inertia);
    const single = kmeans(x, 4, { seed: 7, inits: 1 });
    expect(a.inertia).toBeLessThanOrEqual(single.inertia);
  });

  it("inertia never increases with k on the same data (best of 10 inits)", () => {
    const x = blobs(6, 400, 2, 5);
    let prev = Infinity;
    for (let k = 1; k <= 8; k++) {
      const w = kmeans(x, k).inertia;
      expect(w).toBeLessThanOrEqual(prev + 1e-9);
      prev = w;
    }
  });

  it("rejects k larger than the number of rows", () => {
    expect(() => kmeans(matrixFromRows([[0], [1]]), 3)).toThrow(/more than the 2 rows/);
  });
});
