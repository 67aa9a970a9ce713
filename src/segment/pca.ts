/** Two-dimensional PCA projection for segment scatter plots (ml-pca). */
import { PCA } from "ml-pca";
import type { Matrix } from "./matrix.js";

/** Result of `pca2`: n×2 row-major coordinates and the share of variance of each component (0..1). */
export interface Pca2 {
  coords: Float64Array;
  explained: [number, number];
  /** Loadings of the two components (d×2 row-major), in the matrix's column order. */
  loadings: Float64Array;
}

/**
 * Projects the rows of `x` (centred, not rescaled: pass standardized features) on the first two principal
 * components (SVD, ml-pca). Signs are fixed deterministically: in each component the loading with the largest
 * absolute value is positive (first one on ties), as scikit-learn's `svd_flip` does for its components.
 */
export function pca2(x: Matrix): Pca2 {
  const { n, d, data } = x;
  if (n < 2 || d < 1) throw new Error(`pca2: needs at least 2 rows and 1 column, got ${n}×${d}`);
  const rows: number[][] = new Array(n);
  for (let i = 0; i < n; i++) rows[i] = Array.from(data.subarray(i * d, i * d + d));
  const pca = new PCA(rows, { center: true, scale: false });
  const vectors = pca.getEigenvectors(); // d × d, columns = components
  const comps = Math.min(2, vectors.columns);
  const loadings = new Float64Array(d * 2);
  const sign = [1, 1];
  for (let c = 0; c < comps; c++) {
    let best = 0;
    for (let j = 0; j < d; j++) if (Math.abs(vectors.get(j, c)) > Math.abs(vectors.get(best, c))) best = j;
    sign[c] = vectors.get(best, c) < 0 ? -1 : 1;
    for (let j = 0; j < d; j++) loadings[j * 2 + c] = sign[c] * vectors.get(j, c);
  }
  const means = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) means[j] += data[i * d + j];
  for (let j = 0; j < d; j++) means[j] /= n;
  const coords = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < comps; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (data[i * d + j] - means[j]) * loadings[j * 2 + c];
      coords[i * 2 + c] = s;
    }
  }
  const ev = pca.getExplainedVariance();
  return { coords, explained: [ev[0] ?? 0, ev[1] ?? 0], loadings };
}
