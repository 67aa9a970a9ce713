/** Lookalike audiences as marketers use them: a seed set of customers → the most similar customers outside it. */
import { normalizeRows } from "./kernel.js";
import type { VectorMatrix } from "./topk.js";

/** Options of `topKForSeeds`. */
export interface SeedOptions {
  /** Audience size: how many customers outside the seed set to return. Default 100. */
  k?: number;
  /**
   * How a candidate is scored against the seed set. `"centroid"` (default): cosine with the mean of the
   * seeds' unit vectors (similar to the seed set as a whole). `"max"`: the highest cosine with any one seed
   * (similar to at least one seed).
   */
  scoring?: "centroid" | "max";
}

/** Defaults of `topKForSeeds`. */
export const SEED_DEFAULTS: Required<SeedOptions> = { k: 100, scoring: "centroid" };

/** A lookalike audience: matrix rows outside the seed set, best first. */
export interface SeedAudience {
  /** Row indices, best first; never a seed row. */
  rows: Int32Array;
  /** Cosine scores in [−1, 1], descending (ties by lower row index). */
  scores: Float64Array;
}

/**
 * The `k` rows outside `seedRows` most similar to the seed set (cosine; see `SeedOptions.scoring`), best
 * first, ties by lower row index. Seed rows are excluded by index; all-zero rows score 0. Time O(n·d·s) for
 * `"max"` with s seeds, O(n·d + n·log n) for `"centroid"`.
 * @example topKForSeeds({ n: 3, d: 2, data: new Float64Array([1, 0, 0, 1, 1, 0.1]) }, [0], { k: 1 }).rows;
 * // => Int32Array [2]
 */
export function topKForSeeds(x: VectorMatrix, seedRows: ArrayLike<number>, options: SeedOptions = {}): SeedAudience {
  const { n, d } = x;
  const k = options.k ?? SEED_DEFAULTS.k;
  const scoring = options.scoring ?? SEED_DEFAULTS.scoring;
  const xn = normalizeRows(x.data, n, d);
  const isSeed = new Uint8Array(n);
  for (let s = 0; s < seedRows.length; s++) {
    const r = seedRows[s];
    if (!Number.isInteger(r) || r < 0 || r >= n) throw new Error(`topKForSeeds: seed row ${r} is outside 0…${n - 1}`);
    isSeed[r] = 1;
  }
  const score = new Float64Array(n);
  if (scoring === "centroid") {
    const c = new Float64Array(d);
    for (let i = 0; i < n; i++) if (isSeed[i]) for (let t = 0; t < d; t++) c[t] += xn[i * d + t];
    let norm = 0;
    for (let t = 0; t < d; t++) norm += c[t] * c[t];
    norm = Math.sqrt(norm);
    if (norm > 0) for (let t = 0; t < d; t++) c[t] /= norm;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += xn[i * d + t] * c[t];
      score[i] = Math.max(-1, Math.min(1, s)) + 0;
    }
  } else {
    score.fill(-Infinity);
    for (let j = 0; j < n; j++) {
      if (!isSeed[j]) continue;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let t = 0; t < d; t++) s += xn[i * d + t] * xn[j * d + t];
        if (s > score[i]) score[i] = s + 0;
      }
    }
    for (let i = 0; i < n; i++) if (score[i] === -Infinity) score[i] = 0;
  }
  let m = 0;
  const cand = new Int32Array(n);
  for (let i = 0; i < n; i++) if (!isSeed[i]) cand[m++] = i;
  const sorted = cand.subarray(0, m).sort((a, b) => score[b] - score[a] || a - b);
  const take = Math.min(k, m);
  const rows = sorted.slice(0, take);
  const scores = new Float64Array(take);
  for (let r = 0; r < take; r++) scores[r] = score[rows[r]];
  return { rows, scores };
}
