/** Per-cluster sizes and means of a labelling (the centroids the cluster-validity indices use). */
import type { Matrix } from "./matrix.js";

/** Sizes (Int32Array k) and means (k×d Float64Array; zeros for an empty cluster) of the rows per label 0..k-1. */
export function clusterMeans(x: Matrix, labels: Int32Array, k: number): { sizes: Int32Array; means: Float64Array } {
  const { n, d, data } = x;
  const sizes = new Int32Array(k);
  const means = new Float64Array(k * d);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    if (c < 0 || c >= k) throw new Error(`label ${c} of row ${i} is outside 0..${k - 1}`);
    sizes[c]++;
    for (let t = 0; t < d; t++) means[c * d + t] += data[i * d + t];
  }
  for (let c = 0; c < k; c++) if (sizes[c] > 0) for (let t = 0; t < d; t++) means[c * d + t] /= sizes[c];
  return { sizes, means };
}
