/**
 * Exact top-k cosine similarity for every row of a matrix: the lookalike search. The numeric work is in
 * kernel.ts (ball tree + blocked dot products); this file chooses in-process or worker-thread execution.
 */
import os from "node:os";
import path from "node:path";
import { projectRoot } from "../paths.js";
import { startWorker, tryStart, workerBundle } from "../util/workers.js";
import { type BallTree, type TopKState, buildBallTree, emptyState, finishTopK, normalizeRows, topKTree } from "./kernel.js";

/** A row-major n×d matrix: src/segment's `Matrix`, with `columns` optional. */
export interface VectorMatrix {
  n: number;
  d: number;
  /** Row-major n×d values. */
  data: Float64Array;
  columns?: string[];
}

/** The k most similar other rows of every row. */
export interface TopK {
  k: number;
  /** Row i's neighbors at [i·k, i·k + k), best first; −1 where the matrix has fewer than k other rows. */
  neighbors: Int32Array;
  /** Cosine similarities in [−1, 1] matching `neighbors`, descending; NaN in empty slots. */
  scores: Float64Array;
}

/** Options of `topKCosine`. */
export interface TopKOptions {
  /** Neighbors per row. Default 3. */
  k?: number;
  /** Rows per ball-tree leaf: the block of queries and the tile of candidates multiplied together. Default 48. */
  blockSize?: number;
  /**
   * Worker threads splitting the query blocks; 0 computes in this thread. Default: `os.availableParallelism()`
   * when n ≥ 20,000 (where starting a worker, ~0.3 s, pays off), else 0. Results are identical for any value.
   */
  workers?: number;
}

/** Defaults of `topKCosine` (workers: see `TopKOptions.workers`). */
export const TOPK_DEFAULTS = { k: 3, blockSize: 48 } as const;

/** Leaves claimed at once by a worker. */
const CHUNK_LEAVES = 4;

/**
 * Exact top-k cosine similarity of every row with every other row (never itself, by index): scores sorted
 * descending, ties broken by the lower row index; an all-zero row has cosine 0 with every row and is still
 * listed (as a query and as a neighbor). Method in kernel.ts: a ball tree over the unit rows, each pair of
 * leaves multiplied once (cosine is symmetric) unless its bound shows it cannot matter; worker threads claim
 * leaves from a shared counter and keep private candidate lists, merged at the end. Memory
 * O(n·(d + k·workers)), never n². Bit-identical for any `blockSize` and `workers`, and equal to brute force.
 * @example (await topKCosine({ n: 3, d: 2, data: new Float64Array([1, 0, 1, 0.1, 0, 1]) }, { k: 1 })).neighbors;
 * // => Int32Array [1, 0, 1]
 */
export async function topKCosine(x: VectorMatrix, options: TopKOptions = {}): Promise<TopK> {
  const { n, d } = x;
  const k = options.k ?? TOPK_DEFAULTS.k;
  const workers = options.workers ?? (n >= 20_000 ? os.availableParallelism() : 0);
  const entry = path.join(projectRoot(), "src", "lookalike", "topk-worker.ts");
  // in this thread when no workers are asked for, or when none can be started here (see startWorker)
  if (workers <= 0 || tryStart(() => workerBundle(entry)) === null) return topKCosineSync(x, options);
  checkShape(x, k);
  const tree = shareTree(buildBallTree(normalizeRows(x.data, n, d), n, d, options.blockSize ?? TOPK_DEFAULTS.blockSize));
  // One private candidate state per worker (no locks), merged at the end.
  const states: TopKState[] = Array.from({ length: workers }, () => ({
    hs: new Float64Array(new SharedArrayBuffer(n * k * 8)),
    hj: new Int32Array(new SharedArrayBuffer(n * k * 4)),
    held: new Int32Array(new SharedArrayBuffer(n * 4)),
  }));
  const counter = new Int32Array(new SharedArrayBuffer(4));
  await Promise.all(
    states.map((state) => {
      return new Promise<void>((resolve, reject) => {
        const w = startWorker(entry, { workerData: { tree, k, counter, chunk: CHUNK_LEAVES, state } });
        w.once("message", () => resolve());
        w.once("error", reject);
        w.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`topKCosine worker exited with ${code}`))));
      });
    }),
  );
  const neighbors = new Int32Array(n * k);
  const scores = new Float64Array(n * k);
  finishTopK(tree, k, states, neighbors, scores);
  return { k, neighbors, scores };
}

/** `topKCosine` computed in the calling thread (same results; for small n and for synchronous callers). */
export function topKCosineSync(x: VectorMatrix, options: Omit<TopKOptions, "workers"> = {}): TopK {
  const { n, d } = x;
  const k = options.k ?? TOPK_DEFAULTS.k;
  checkShape(x, k);
  const tree = buildBallTree(normalizeRows(x.data, n, d), n, d, options.blockSize ?? TOPK_DEFAULTS.blockSize);
  const neighbors = new Int32Array(n * k);
  const scores = new Float64Array(n * k);
  topKTree(tree, k, neighbors, scores);
  return { k, neighbors, scores };
}

function checkShape(x: VectorMatrix, k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new Error(`topKCosine: k must be a positive integer, got ${k}`);
  if (x.data.length !== x.n * x.d) throw new Error(`topKCosine: data has ${x.data.length} values, expected ${x.n}×${x.d}`);
}

function shared<T extends Float64Array | Int32Array>(a: T): T {
  const Ctor = a.constructor as { new (b: SharedArrayBuffer): T };
  const out = new Ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

function shareTree(t: BallTree): BallTree {
  return { ...t, xp: shared(t.xp), perm: shared(t.perm), leafStart: shared(t.leafStart), centers: shared(t.centers), radii: shared(t.radii) };
}
