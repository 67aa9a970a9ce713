/**
 * The k-scan: k-means for k = kMin..kMax with inertia, silhouette, Davies–Bouldin and Calinski–Harabasz per k,
 * optionally the bootstrap stability, spread over worker threads.
 */
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { projectRoot } from "../paths.js";
import { sampleIndices } from "../util/random.js";
import { KMEANS_DEFAULTS } from "./kmeans.js";
import { scanOneK, type KScanRow, type KTask } from "./kscan-kernel.js";
import type { Matrix } from "./matrix.js";
import { STABILITY_DEFAULTS, type StabilityOptions } from "./stability.js";

export type { KScanRow } from "./kscan-kernel.js";

/** Options of `kmeansScan`. */
export interface KScanOptions {
  /** Smallest k. Default 2. */
  kMin?: number;
  /** Largest k (capped at n − 1). Default 10. */
  kMax?: number;
  /** k-means initializations per k. Default 10. */
  inits?: number;
  /** Seed: every k uses this seed, so a row equals `kmeans(x, k, { seed })`. Default 42. */
  seed?: number;
  /** Lloyd iteration cap. Default 300. */
  maxIter?: number;
  /** Convergence tolerance (squared center movement). Default 1e-4. */
  tol?: number;
  /** Silhouette is exact up to this many rows, else computed on a seeded sample of this size. Default 10,000. */
  silhouetteMaxN?: number;
  /** Also compute `stabilityAri` per k (true = `STABILITY_DEFAULTS`). Default false. */
  stability?: boolean | StabilityOptions;
  /**
   * Worker threads; 0 = in-process. Default: min(available cores, number of k values) when n ≥ 5,000, else 0
   * (starting a worker costs ~0.3 s). Results do not depend on it.
   */
  workers?: number;
}

/** Defaults of `kmeansScan` (`workers` is chosen from the machine and n, see `KScanOptions`). */
export const KSCAN_DEFAULTS = {
  kMin: 2,
  kMax: 10,
  inits: KMEANS_DEFAULTS.inits,
  seed: KMEANS_DEFAULTS.seed,
  maxIter: KMEANS_DEFAULTS.maxIter,
  tol: KMEANS_DEFAULTS.tol,
  silhouetteMaxN: 10_000,
  stability: false,
} as const;

/** The result of a k-scan: one row per k (ascending) and how the silhouette was computed. */
export interface KScan {
  rows: KScanRow[];
  /** Rows clustered. */
  n: number;
  /** True when the silhouette was computed on a seeded sample instead of all rows. */
  silhouetteSampled: boolean;
  /** Rows the silhouette was computed on (n when exact). */
  silhouetteN: number;
  seed: number;
  inits: number;
}

function plan(x: Matrix, options: KScanOptions): { tasks: KTask[]; scan: Omit<KScan, "rows">; workers: number } {
  const kMin = Math.max(2, options.kMin ?? KSCAN_DEFAULTS.kMin);
  const kMax = Math.min(options.kMax ?? KSCAN_DEFAULTS.kMax, x.n - 1);
  if (kMax < kMin) throw new Error(`kmeansScan: no k in ${kMin}..${kMax} for ${x.n} rows`);
  const seed = options.seed ?? KSCAN_DEFAULTS.seed;
  const inits = options.inits ?? KSCAN_DEFAULTS.inits;
  const maxN = options.silhouetteMaxN ?? KSCAN_DEFAULTS.silhouetteMaxN;
  const sampled = x.n > maxN;
  const sample = sampled ? sampleIndices(x.n, maxN, seed) : null;
  const st = options.stability;
  const stab: StabilityOptions | null = st ? { ...STABILITY_DEFAULTS, ...(st === true ? {} : st) } : null;
  const tasks: KTask[] = [];
  for (let k = kMin; k <= kMax; k++) {
    tasks.push({ k, inits, seed, maxIter: options.maxIter ?? KSCAN_DEFAULTS.maxIter, tol: options.tol ?? KSCAN_DEFAULTS.tol, sample, stability: stab });
  }
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  const workers = Math.min(tasks.length, Math.max(0, options.workers ?? (x.n >= 5000 ? cores : 0)));
  return { tasks, workers, scan: { n: x.n, silhouetteSampled: sampled, silhouetteN: sampled ? maxN : x.n, seed, inits } };
}

/** `kmeansScan` in the calling thread (what `workers: 0` does), synchronously. */
export function kmeansScanSync(x: Matrix, options: KScanOptions = {}): KScan {
  const { tasks, scan } = plan(x, options);
  return { ...scan, rows: tasks.map((t) => scanOneK(x, t)) };
}

/** Path of the worker entry (a small .mjs that registers tsx, then loads the TypeScript kernel). */
export function kscanWorkerPath(): string {
  return path.join(projectRoot(), "src", "segment", "kscan-worker.mjs");
}

/**
 * Scans k = kMin..kMax: per k the best of `inits` seeded k-means runs, its inertia, the silhouette (exact up
 * to `silhouetteMaxN` rows, else on a seeded sample of that size: `silhouetteSampled` says which),
 * Davies–Bouldin and Calinski–Harabasz (scikit-learn's definitions, on all rows) and optionally the bootstrap
 * stability (`stabilityAri`). The k values are shared among `workers` threads (largest k first); the rows are
 * identical with or without workers for the same seed.
 */
export async function kmeansScan(x: Matrix, options: KScanOptions = {}): Promise<KScan> {
  const { tasks, scan, workers } = plan(x, options);
  if (workers === 0) return { ...scan, rows: tasks.map((t) => scanOneK(x, t)) };
  const queue = [...tasks].sort((a, b) => b.k - a.k);
  const rows = new Map<number, KScanRow>();
  const file = kscanWorkerPath();
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let pending = tasks.length;
      let failed = false;
      const fail = (e: unknown) => {
        if (failed) return;
        failed = true;
        reject(e instanceof Error ? e : new Error(String(e)));
      };
      for (let w = 0; w < workers; w++) {
        const worker = new Worker(file, { workerData: { n: x.n, d: x.d, data: x.data, columns: x.columns } });
        pool.push(worker);
        let current: KTask | undefined;
        const feed = () => {
          current = queue.shift();
          if (current) worker.postMessage(current);
        };
        worker.on("message", (msg: { ready?: boolean; ok?: boolean; row?: KScanRow; error?: string }) => {
          if (msg.ready) return feed();
          if (!msg.ok) return fail(new Error(`kmeansScan worker failed on k = ${current?.k}: ${msg.error}`));
          rows.set(msg.row!.k, msg.row!);
          if (--pending === 0) resolve();
          else feed();
        });
        worker.on("error", fail);
        worker.on("exit", (code) => {
          if (pending > 0 && current) fail(new Error(`kmeansScan worker exited with code ${code} during k = ${current.k}`));
        });
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return { ...scan, rows: tasks.map((t) => rows.get(t.k)!) };
}
