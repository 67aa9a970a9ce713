/** The `lookalike.csv` export: one line per customer and neighbor rank. */
import type { TopK } from "./topk.js";

/** Columns of `lookalike.csv`, in order. */
export interface LookalikeTable {
  customer_id: string[];
  /** 1 = most similar. */
  rank: Int32Array;
  similar_customer_id: string[];
  /** Cosine similarity in [−1, 1]. */
  score: Float64Array;
}

/**
 * Turns a top-k result over rows labelled `ids` (row i ↔ ids[i]) into the columns of `lookalike.csv`:
 * customer_id, rank (1…k), similar_customer_id, score; rows in customer order, then rank. Empty slots
 * (fewer than k other customers) are left out.
 * @example lookalikeTable(["a", "b"], { k: 1, neighbors: new Int32Array([1, 0]), scores: new Float64Array([0.5, 0.5]) });
 * // => { customer_id: ["a", "b"], rank: [1, 1], similar_customer_id: ["b", "a"], score: [0.5, 0.5] }
 */
export function lookalikeTable(ids: ArrayLike<string>, result: TopK): LookalikeTable {
  const { k, neighbors, scores } = result;
  const n = ids.length;
  if (neighbors.length !== n * k) throw new Error(`lookalikeTable: ${ids.length} ids for ${neighbors.length / k} rows`);
  let m = 0;
  for (let i = 0; i < n * k; i++) if (neighbors[i] >= 0) m++;
  const out: LookalikeTable = { customer_id: new Array(m), rank: new Int32Array(m), similar_customer_id: new Array(m), score: new Float64Array(m) };
  let r = 0;
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < k; s++) {
      const j = neighbors[i * k + s];
      if (j < 0) continue;
      out.customer_id[r] = ids[i];
      out.rank[r] = s + 1;
      out.similar_customer_id[r] = ids[j];
      out.score[r] = scores[i * k + s];
      r++;
    }
  }
  return out;
}
