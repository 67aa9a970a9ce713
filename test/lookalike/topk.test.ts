import { describe, expect, it } from "vitest";
import { topKCosine, topKCosineSync } from "../../src/lookalike/index.js";
import { randNormal, rng } from "../../src/util/random.js";

/** Independent reference: every pair's cosine from the raw rows, full sort by (score desc, index asc). */
function reference(data: Float64Array, n: number, d: number, k: number) {
  const norms = Array.from({ length: n }, (_, i) => Math.hypot(...data.subarray(i * d, i * d + d)));
  const neighbors: number[] = [];
  const scores: number[] = [];
  for (let i = 0; i < n; i++) {
    const cand: [number, number][] = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const ni = norms[i];
      const nj = norms[j];
      let s = 0;
      for (let t = 0; t < d; t++) s += data[i * d + t] * data[j * d + t];
      cand.push([ni === 0 || nj === 0 ? 0 : s / (ni * nj), j]);
    }
    cand.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (let s = 0; s < k; s++) {
      neighbors.push(s < cand.length ? cand[s][1] : -1);
      scores.push(s < cand.length ? cand[s][0] : NaN);
    }
  }
  return { neighbors, scores };
}

function randomMatrix(n: number, d: number, seed: number, clusters = 0) {
  const r = rng(seed);
  const centres = Array.from({ length: clusters }, () => Array.from({ length: d }, () => 3 * randNormal(r)));
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = clusters ? centres[Math.floor(r() * clusters)] : undefined;
    for (let t = 0; t < d; t++) data[i * d + t] = (c ? c[t] : 0) + randNormal(r);
  }
  return { n, d, data };
}

function expectMatchesReference(x: { n: number; d: number; data: Float64Array }, got: { neighbors: Int32Array; scores: Float64Array }, k: number) {
  const ref = reference(x.data, x.n, x.d, k);
  // Scores first (to 1e-12), then neighbors wherever the reference has no near-tie that rounding could flip.
  for (let i = 0; i < x.n * k; i++) {
    if (Number.isNaN(ref.scores[i])) expect(got.scores[i]).toBeNaN();
    else expect(Math.abs(got.scores[i] - ref.scores[i])).toBeLessThan(1e-12);
  }
  expect(Array.from(got.neighbors)).toEqual(ref.neighbors);
}

describe("topKCosine", () => {
  it("finds the hand-computed neighbors of three points in the plane", async () => {
    // (1,0), (1,1), (0,1): cos(a,b) = cos(b,c) = 1/√2, cos(a,c) = 0.
    const x = { n: 3, d: 2, data: new Float64Array([1, 0, 1, 1, 0, 1]) };
    const r = await topKCosine(x, { k: 2, workers: 0 });
    expect(Array.from(r.neighbors)).toEqual([1, 2, 0, 2, 1, 0]);
    const h = Math.SQRT1_2;
    expect(Array.from(r.scores).map((s) => +s.toFixed(12))).toEqual([h, 0, h, h, h, 0].map((s) => +s.toFixed(12)));
  });

  it("equals a brute-force scan on random data (several leaf sizes)", async () => {
    const x = randomMatrix(400, 12, 7);
    for (const blockSize of [4, 48, 1000]) expectMatchesReference(x, await topKCosine(x, { k: 3, blockSize, workers: 0 }), 3);
  });

  it("equals a brute-force scan on clustered data, where leaves get pruned", async () => {
    const x = randomMatrix(1500, 6, 11, 12);
    expectMatchesReference(x, await topKCosine(x, { k: 5, blockSize: 16, workers: 0 }), 5);
  });

  it("gives identical bytes in-process and with two worker threads", async () => {
    const x = randomMatrix(3000, 12, 3, 8);
    x.data.fill(0, 5 * 12, 7 * 12); // rows 5 and 6 all zero
    x.data.copyWithin(100 * 12, 10 * 12, 11 * 12); // row 100 duplicates row 10
    const a = await topKCosine(x, { workers: 0, blockSize: 32 });
    const b = await topKCosine(x, { workers: 2, blockSize: 32 });
    const c = topKCosineSync(x, { blockSize: 32 });
    expect(Buffer.from(b.neighbors.buffer).equals(Buffer.from(a.neighbors.buffer))).toBe(true);
    expect(Buffer.from(b.scores.buffer).equals(Buffer.from(a.scores.buffer))).toBe(true);
    expect(Buffer.from(c.scores.buffer).equals(Buffer.from(a.scores.buffer))).toBe(true);
    expectMatchesReference(x, b, 3);
  });

  it("never lists a row as its own neighbor, and sorts scores descending within [−1, 1]", async () => {
    const x = randomMatrix(500, 4, 5, 3);
    const { neighbors, scores, k } = await topKCosine(x, { k: 4, blockSize: 8, workers: 0 });
    for (let i = 0; i < x.n; i++) {
      for (let s = 0; s < k; s++) {
        expect(neighbors[i * k + s]).not.toBe(i);
        expect(Math.abs(scores[i * k + s])).toBeLessThanOrEqual(1);
        if (s > 0) expect(scores[i * k + s]).toBeLessThanOrEqual(scores[i * k + s - 1]);
      }
    }
  });

  it("breaks ties by the lower row index, even between exact duplicates", async () => {
    // Rows 0, 1, 3 are the same direction; row 2 is orthogonal; row 4 is row 0 scaled.
    const x = { n: 5, d: 2, data: new Float64Array([1, 0, 1, 0, 0, 1, 1, 0, 2, 0]) };
    const r = await topKCosine(x, { k: 4, blockSize: 1, workers: 0 });
    expect(Array.from(r.neighbors.subarray(0, 4))).toEqual([1, 3, 4, 2]);
    expect(Array.from(r.neighbors.subarray(12, 16))).toEqual([0, 1, 4, 2]);
    expect(Array.from(r.neighbors.subarray(16, 20))).toEqual([0, 1, 3, 2]);
    expect(Array.from(r.scores.subarray(0, 4))).toEqual([1, 1, 1, 0]);
  });

  it("gives the same neighbors by id when the rows are permuted", async () => {
    const x = randomMatrix(600, 5, 21, 4);
    const r = rng(99);
    const order = Array.from({ length: x.n }, (_, i) => i);
    for (let i = x.n - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const y = { n: x.n, d: x.d, data: new Float64Array(x.n * x.d) };
    order.forEach((src, dst) => y.data.set(x.data.subarray(src * x.d, src * x.d + x.d), dst * x.d));
    const a = await topKCosine(x, { workers: 0, blockSize: 16 });
    const b = await topKCosine(y, { workers: 0, blockSize: 16 });
    for (let dst = 0; dst < x.n; dst++) {
      const src = order[dst];
      const byIdB = Array.from(b.neighbors.subarray(dst * 3, dst * 3 + 3), (j) => order[j]);
      expect(byIdB).toEqual(Array.from(a.neighbors.subarray(src * 3, src * 3 + 3)));
    }
  });

  it("lists all-zero rows with score 0 and keeps them as neighbors of others", async () => {
    // Row 1 is all zeros; rows 0 and 2 point in opposite directions.
    const x = { n: 3, d: 2, data: new Float64Array([1, 0, 0, 0, -1, 0]) };
    const r = await topKCosine(x, { k: 2, workers: 0 });
    expect(Array.from(r.neighbors)).toEqual([1, 2, 0, 2, 1, 0]);
    expect(Array.from(r.scores)).toEqual([0, -1, 0, 0, 0, -1]);
  });

  it("leaves slots empty (−1, NaN) when there are fewer than k other rows", async () => {
    const r = await topKCosine({ n: 2, d: 1, data: new Float64Array([1, 2]) }, { k: 3, workers: 0 });
    expect(Array.from(r.neighbors)).toEqual([1, -1, -1, 0, -1, -1]);
    expect(r.scores[1]).toBeNaN();
  });

  it("rejects a non-finite value and a bad k", async () => {
    await expect(topKCosine({ n: 1, d: 1, data: new Float64Array([NaN]) }, { workers: 0 })).rejects.toThrow(/non-finite/);
    await expect(topKCosine({ n: 1, d: 1, data: new Float64Array([1]) }, { k: 0, workers: 0 })).rejects.toThrow(/k must/);
  });
});
