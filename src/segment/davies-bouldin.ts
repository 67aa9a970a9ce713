/** Davies–Bouldin index (Davies & Bouldin 1979), scikit-learn's definition. */
import { clusterMeans } from "./cluster-stats.js";
import type { Matrix } from "./matrix.js";

/**
 * Davies–Bouldin index: the mean over clusters i of max_{j≠i} (s_i + s_j) / ‖c_i − c_j‖, where s_i is the mean
 * Euclidean distance of cluster i's rows to its mean c_i; ≥ 0, lower is better. As scikit-learn 1.2
 * (`davies_bouldin_score`): 0 when all s_i or all centroid distances are ~0; coincident centroids are skipped
 * (their ratio counts as 0). Empty label values are ignored. O(n·d + k²·d).
 * @example daviesBouldin(matrixFromRows([[0], [1], [10], [11]]), Int32Array.from([0, 0, 1, 1]), 2); // => 0.1 ((0.5 + 0.5) / 10)
 */
export function daviesBouldin(x: Matrix, labels: Int32Array, k: number): number {
  const { n, d, data } = x;
  const { sizes, means } = clusterMeans(x, labels, k);
  const present: number[] = [];
  for (let c = 0; c < k; c++) if (sizes[c] > 0) present.push(c);
  const m = present.length;
  if (m < 2) throw new Error(`daviesBouldin: needs at least 2 clusters, got ${m}`);
  const intra = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    let s = 0;
    for (let t = 0; t < d; t++) {
      const z = data[i * d + t] - means[c * d + t];
      s += z * z;
    }
    intra[c] += Math.sqrt(s);
  }
  for (const c of present) intra[c] /= sizes[c];
  const dist = (a: number, b: number) => {
    let s = 0;
    for (let t = 0; t < d; t++) {
      const z = means[a * d + t] - means[b * d + t];
      s += z * z;
    }
    return Math.sqrt(s);
  };
  let allIntraZero = true;
  let allCentroidZero = true;
  for (const c of present) if (Math.abs(intra[c]) > 1e-8) allIntraZero = false;
  for (let a = 0; a < m; a++) for (let b = a + 1; b < m; b++) if (Math.abs(dist(present[a], present[b])) > 1e-8) allCentroidZero = false;
  if (allIntraZero || allCentroidZero) return 0;
  let total = 0;
  for (let a = 0; a < m; a++) {
    let worst = 0;
    for (let b = 0; b < m; b++) {
      if (a === b) continue;
      const dd = dist(present[a], present[b]);
      if (dd === 0) continue;
      const r = (intra[present[a]] + intra[present[b]]) / dd;
      if (r > worst) worst = r;
    }
    total += worst;
  }
  return total / m;
}
