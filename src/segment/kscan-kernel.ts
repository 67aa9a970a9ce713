/** The work of one k in a k-scan (run in-process or in a worker thread): k-means plus the validity indices. */
import { calinskiHarabasz } from "./calinski-harabasz.js";
import { daviesBouldin } from "./davies-bouldin.js";
import { kmeans } from "./kmeans.js";
import { selectRows, type Matrix } from "./matrix.js";
import { silhouette } from "./silhouette.js";
import { stability, type StabilityOptions } from "./stability.js";

/** One row of a k-scan. */
export interface KScanRow {
  k: number;
  /** Within-cluster sum of squared distances of the best run (in the preprocessed feature space). */
  inertia: number;
  /** Mean silhouette (−1..1), exact or on the scan's sample (see `KScan.silhouetteSampled`); null if undefined. */
  silhouette: number | null;
  /** Davies–Bouldin index on all rows (≥ 0, lower is better). */
  daviesBouldin: number;
  /** Calinski–Harabasz index on all rows (higher is better). */
  calinskiHarabasz: number;
  /** Mean ARI between bootstrap runs (0..1), null unless the scan was asked for stability. */
  stabilityAri: number | null;
  /** Lloyd iterations of the kept run. */
  iterations: number;
  /** Cluster sizes of the kept run, in k-means' arbitrary order. */
  sizes: number[];
}

/** Everything one k needs; plain data so that it can be posted to a worker. */
export interface KTask {
  k: number;
  inits: number;
  seed: number;
  maxIter: number;
  tol: number;
  /** Rows for the silhouette, or null for all rows. */
  sample: Int32Array | null;
  stability: StabilityOptions | null;
}

/** The kept k-means run of a scan row: its k×d centers (row-major) and cluster sizes, in k-means' order. */
export interface KScanFit {
  centroids: Float64Array;
  sizes: Int32Array;
}

/** Runs k-means for one k and computes the row of the scan. Pure; same task → same row. */
export function scanOneK(x: Matrix, task: KTask): KScanRow {
  return scanOneKWithFit(x, task).row;
}

/**
 * `scanOneK` plus the kept run's centers and sizes, which equal `kmeans(x, task.k, { inits, seed, maxIter, tol })`'s,
 * so the final model can take them instead of fitting the chosen k again.
 */
export function scanOneKWithFit(x: Matrix, task: KTask): { row: KScanRow; fit: KScanFit } {
  const fit = kmeans(x, task.k, { inits: task.inits, seed: task.seed, maxIter: task.maxIter, tol: task.tol });
  let used = 0;
  for (let c = 0; c < task.k; c++) if (fit.sizes[c] > 0) used++;
  const ok = used >= 2 && used <= x.n - 1;
  let sil: number | null = null;
  if (ok) {
    if (task.sample) {
      const labels = new Int32Array(task.sample.length);
      for (let r = 0; r < labels.length; r++) labels[r] = fit.labels[task.sample[r]];
      const sub = selectRows(x, task.sample);
      const usedSub = new Set(labels).size;
      sil = usedSub >= 2 && usedSub <= sub.n - 1 ? silhouette(sub, labels, task.k) : null;
    } else sil = silhouette(x, fit.labels, task.k);
  }
  const row: KScanRow = {
    k: task.k,
    inertia: fit.inertia,
    silhouette: sil,
    daviesBouldin: ok ? daviesBouldin(x, fit.labels, task.k) : NaN,
    calinskiHarabasz: ok ? calinskiHarabasz(x, fit.labels, task.k) : NaN,
    stabilityAri: task.stability ? stability(x, task.k, { ...task.stability, seed: task.seed }) : null,
    iterations: fit.iterations,
    sizes: Array.from(fit.sizes),
  };
  return { row, fit: { centroids: fit.centroids, sizes: fit.sizes } };
}
