/** Mean silhouette coefficient (Rousseeuw 1987), exact, with a blocked pairwise-distance pass. */
import type { Matrix } from "./matrix.js";

/**
 * Per-row sums of Euclidean distances to the rows of each cluster: returns an n×k row-major Float64Array
 * `sums[i*k + c] = Σ_{j: labels[j] = c, j ≠ i} ‖x_i − x_j‖`. Visits each unordered pair once, in row blocks
 * so that the block's rows stay in cache. O(n²·d) time, O(n·k) memory.
 */
export function clusterDistanceSums(x: Matrix, labels: Int32Array, k: number, blockSize = 512): Float64Array {
  const { n, d, data } = x;
  const sums = new Float64Array(n * k);
  for (let i0 = 0; i0 < n; i0 += blockSize) {
    const i1 = Math.min(n, i0 + blockSize);
    for (let j0 = i0; j0 < n; j0 += blockSize) {
      const j1 = Math.min(n, j0 + blockSize);
      for (let i = i0; i < i1; i++) {
        const li = labels[i];
        const oi = i * d;
        const si = i * k;
        let jStart = j0 === i0 ? i + 1 : j0;
        if (d === 4) {
          const a0 = data[oi], a1 = data[oi + 1], a2 = data[oi + 2], a3 = data[oi + 3];
          for (let j = jStart; j < j1; j++) {
            const oj = j * 4;
            const z0 = a0 - data[oj], z1 = a1 - data[oj + 1], z2 = a2 - data[oj + 2], z3 = a3 - data[oj + 3];
            const dist = Math.sqrt(z0 * z0 + z1 * z1 + z2 * z2 + z3 * z3);
            sums[si + labels[j]] += dist;
            sums[j * k + li] += dist;
          }
        } else {
          for (let j = jStart; j < j1; j++) {
            const oj = j * d;
            let s = 0;
            for (let t = 0; t < d; t++) {
              const z = data[oi + t] - data[oj + t];
              s += z * z;
            }
            const dist = Math.sqrt(s);
            sums[si + labels[j]] += dist;
            sums[j * k + li] += dist;
          }
        }
        jStart = j0;
      }
    }
  }
  return sums;
}

/**
 * Silhouette of each row: s = (b − a) / max(a, b), with a the mean distance to the other rows of its cluster
 * and b the lowest mean distance to the rows of another cluster; 0 for a row alone in its cluster
 * (scikit-learn's `silhouette_samples`). Requires 2 ≤ number of clusters ≤ n − 1.
 */
export function silhouetteSamples(x: Matrix, labels: Int32Array, k: number): Float64Array {
  const n = x.n;
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) sizes[labels[i]]++;
  let used = 0;
  for (let c = 0; c < k; c++) if (sizes[c] > 0) used++;
  if (used < 2 || used > n - 1) throw new Error(`silhouette: needs 2 ≤ clusters ≤ n − 1, got ${used} clusters for ${n} rows`);
  const sums = clusterDistanceSums(x, labels, k);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const li = labels[i];
    if (sizes[li] <= 1) continue;
    const a = sums[i * k + li] / (sizes[li] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === li || sizes[c] === 0) continue;
      const m = sums[i * k + c] / sizes[c];
      if (m < b) b = m;
    }
    const den = a > b ? a : b;
    s[i] = den > 0 ? (b - a) / den : 0;
  }
  return s;
}

/**
 * Mean silhouette coefficient over all rows (scikit-learn's `silhouette_score`, Euclidean), −1..1; higher is
 * better-separated clusters. O(n²·d): call on a sample for large n (see `kmeansScan`).
 * @example silhouette(matrixFromRows([[0], [1], [10], [11]]), Int32Array.from([0, 0, 1, 1]), 2); // => 0.8999…
 */
export function silhouette(x: Matrix, labels: Int32Array, k: number): number {
  const s = silhouetteSamples(x, labels, k);
  let t = 0;
  for (let i = 0; i < s.length; i++) t += s[i];
  return t / s.length;
}
