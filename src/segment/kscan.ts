/**
 * The k-scan: k-means for k = kMin..kMax with inertia, silhouette, Davies–Bouldin and Calinski–Harabasz per k,
 * optionally the bootstrap stability, spread over worker threads.
 */
import os from "node:os";
import path from "node:path";
import type { Worker } from "node:worker_threads";
import { projectRoot } from "../paths.js";
import { sampleIndices } from "../util/random.js";
import { startWorker, tryStart } from "../util/workers.js";
import { KMEANS_DEFAULTS } from "./kmeans.js";
import { scanOneK, scanOneKWithFit, type KScanFit, type KScanRow, type KTask } from "./kscan-kernel.js";
import type { Matrix } from "./matrix.js";
import { STABILITY_DEFAULTS, type StabilityOptions } from "./stability.js";

export type { KScanFit, KScanRow } from "./kscan-kernel.js";

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
   * Worker threads; 0 = in-process. Default: min(available cores, number of k values) when n ≥
   * `KSCAN_THREADS_MIN_ROWS`, else 0
   * (starting the threads and handing them the data costs more than it saves below that). Ignored when `pool` is
   * given. Results do not depend on it.
   */
  workers?: number;
  /** Worker threads started beforehand (`ScanWorkers.start()`), used whatever n is; not closed by the scan. */
  pool?: ScanWorkers;
}

/**
 * Rows from which a scan uses worker threads when not told (measured in-process on 2 cores: 1,831 customers ran 7%
 * faster without threads, 4,338 customers 10% faster with them).
 */
export const KSCAN_THREADS_MIN_ROWS = 3000;

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
  const cores = availableCores();
  const workers = Math.min(tasks.length, Math.max(0, options.workers ?? (x.n >= KSCAN_THREADS_MIN_ROWS ? cores : 0)));
  return { tasks, workers, scan: { n: x.n, silhouetteSampled: sampled, silhouetteN: sampled ? maxN : x.n, seed, inits } };
}

/** `kmeansScan` in the calling thread (what `workers: 0` does), synchronously. */
export function kmeansScanSync(x: Matrix, options: KScanOptions = {}): KScan {
  const { tasks, scan } = plan(x, options);
  return { ...scan, rows: tasks.map((t) => scanOneK(x, t)) };
}

/** Path of the k-scan's worker entry (bundled and started by `ScanWorkers`). */
export function kscanWorkerPath(): string {
  return path.join(projectRoot(), "src", "segment", "kscan-worker.ts");
}

/** The machine's cores, as Node reports them. */
export function availableCores(): number {
  return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
}

type Reply = { ok: boolean; row?: KScanRow; fit?: KScanFit; error?: string };

/** Sends one message to `worker` and waits for its reply (or its failure). */
function call(worker: Worker, message: unknown, what: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const done = () => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    const onMessage = (m: Reply) => {
      done();
      if (m.ok) resolve(m);
      else reject(new Error(`kmeansScan worker failed on ${what}: ${m.error}`));
    };
    const onError = (e: unknown) => {
      done();
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    const onExit = (code: number) => {
      done();
      reject(new Error(`kmeansScan worker exited with code ${code} during ${what}`));
    };
    worker.on("message", onMessage);
    worker.once("error", onError);
    worker.once("exit", onExit);
    worker.postMessage(message);
  });
}

/**
 * Worker threads for k-scans, started ahead of the work and reused by every scan given them (`analyzeStore` starts
 * them after the features, from 3,000 customers, and runs the scan beside the other stages); `close()` ends them.
 * The threads are unref'd: a forgotten pool does not keep the process alive.
 */
export class ScanWorkers {
  private readonly workers: Worker[];
  private busy = false;

  private constructor(workers: Worker[]) {
    this.workers = workers;
  }

  /**
   * Starts `count` worker threads (default: the machine's cores). When no worker can be started here (see
   * `startWorker`), the pool has none and the scans given it run in the calling thread.
   */
  static start(count: number = availableCores()): ScanWorkers {
    const source = kscanWorkerPath();
    const workers = tryStart(() => Array.from({ length: Math.max(0, count) }, () => startWorker(source))) ?? [];
    for (const w of workers) {
      w.unref();
      w.on("error", () => {}); // reported to the scan that is waiting on it, if any
    }
    return new ScanWorkers(workers);
  }

  /** Number of threads. */
  get size(): number {
    return this.workers.length;
  }

  /** Runs `tasks` on the threads (largest k first), returning each task's row and kept fit by k. */
  async run(x: Matrix, tasks: KTask[]): Promise<Map<number, { row: KScanRow; fit: KScanFit }>> {
    if (this.busy) throw new Error("ScanWorkers: one scan at a time");
    this.busy = true;
    try {
      const queue = [...tasks].sort((a, b) => b.k - a.k);
      const out = new Map<number, { row: KScanRow; fit: KScanFit }>();
      const matrix = { n: x.n, d: x.d, data: x.data, columns: x.columns };
      await Promise.all(
        this.workers.map(async (w) => {
          w.postMessage({ matrix });
          for (let t = queue.shift(); t; t = queue.shift()) {
            const reply = await call(w, { task: t }, `k = ${t.k}`);
            out.set(t.k, { row: reply.row!, fit: reply.fit! });
          }
        }),
      );
      return out;
    } finally {
      this.busy = false;
    }
  }

  /** Ends the threads. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** A k-scan with the kept run of each k (what the final model reuses for the chosen k). */
export interface KScanWithFits {
  scan: KScan;
  /** Centers and sizes of the kept run, by k; equal to `kmeans(x, k, { inits, seed, maxIter, tol })`'s. */
  fits: Map<number, KScanFit>;
}

/** `kmeansScan` returning the kept fits too (see `KScanWithFits`). */
export async function kmeansScanWithFits(x: Matrix, options: KScanOptions = {}): Promise<KScanWithFits> {
  const { tasks, scan, workers } = plan(x, options);
  const fits = new Map<number, KScanFit>();
  const started = options.pool ?? (workers > 0 ? ScanWorkers.start(workers) : null);
  const pool = started && started.size > 0 ? started : null;
  if (!pool) {
    const rows = tasks.map((t) => {
      const { row, fit } = scanOneKWithFit(x, t);
      fits.set(t.k, fit);
      return row;
    });
    return { scan: { ...scan, rows }, fits };
  }
  try {
    const done = await pool.run(x, tasks);
    for (const [k, r] of done) fits.set(k, r.fit);
    return { scan: { ...scan, rows: tasks.map((t) => done.get(t.k)!.row) }, fits };
  } finally {
    if (pool !== options.pool) await pool.close();
  }
}

/**
 * Scans k = kMin..kMax: per k the best of `inits` seeded k-means runs, its inertia, the silhouette (exact up
 * to `silhouetteMaxN` rows, else on a seeded sample of that size: `silhouetteSampled` says which),
 * Davies–Bouldin and Calinski–Harabasz (scikit-learn's definitions, on all rows) and optionally the bootstrap
 * stability (`stabilityAri`). The k values are shared among worker threads (`pool`, or `workers` started for
 * this scan; largest k first); the rows are identical with or without workers for the same seed.
 */
export async function kmeansScan(x: Matrix, options: KScanOptions = {}): Promise<KScan> {
  return (await kmeansScanWithFits(x, options)).scan;
}
