/** Calinski–Harabasz index (Caliński & Harabasz 1974), scikit-learn's definition. */
import { clusterMeans } from "./cluster-stats.js";
import type { Matrix } from "./matrix.js";

/**
 * Calinski–Harabasz index (variance ratio criterion): [B / (k − 1)] / [W / (n − k)], with B = Σ_c n_c ‖c_c − c‖²
 * the between-cluster and W = Σ_i ‖x_i − c_{label i}‖² the within-cluster sum of squares, k the number of
 * non-empty clusters; higher is better. 1 when W = 0 (scikit-learn 1.2's `calinski_harabasz_score`). O(n·d).
 * @example calinskiHarabasz(matrixFromRows([[0], [1], [10], [11]]), Int32Array.from([0, 0, 1, 1]), 2); // => 200 (B = 100, W = 1)
 */
export function calinskiHarabasz(x: Matrix, labels: Int32Array, k: number): number {
  const { n, d, data } = x;
  const { sizes, means } = clusterMeans(x, labels, k);
  let used = 0;
  for (let c = 0; c < k; c++) if (sizes[c] > 0) used++;
  if (used < 2 || used > n - 1) throw new Error(`calinskiHarabasz: needs 2 ≤ clusters ≤ n − 1, got ${used}`);
  const overall = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) overall[t] += data[i * d + t];
  for (let t = 0; t < d; t++) overall[t] /= n;
  let between = 0;
  for (let c = 0; c < k; c++) {
    if (sizes[c] === 0) continue;
    let s = 0;
    for (let t = 0; t < d; t++) {
      const z = means[c * d + t] - overall[t];
      s += z * z;
    }
    between += sizes[c] * s;
  }
  let within = 0;
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    for (let t = 0; t < d; t++) {
      const z = data[i * d + t] - means[c * d + t];
      within += z * z;
    }
  }
  return within === 0 ? 1 : (between * (n - used)) / (within * (used - 1));
}
