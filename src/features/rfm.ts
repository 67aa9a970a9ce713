/** RFM scores (1–5 by quintiles of ranks) and named RFM segments from a mutually exclusive rule table. */
import pl from "nodejs-polars";

/** One rule of the RFM segment table: inclusive ranges of the R score and of the FM score. */
export interface RfmRule {
  name: string;
  r: [number, number];
  fm: [number, number];
  description: string;
}

/**
 * The RFM segment rules on R (recency score) × FM = round-half-up((F + M) / 2). The ranges tile the 5 × 5
 * grid exactly once (a test checks that every cell matches one rule and every rule matches a cell), so the
 * order of the table does not matter.
 *
 * | segment            | R   | FM  |
 * |--------------------|-----|-----|
 * | Champions          | 5   | 4–5 |
 * | Loyal              | 3–4 | 4–5 |
 * | Potential Loyalist | 4–5 | 2–3 |
 * | New                | 5   | 1   |
 * | Promising          | 4   | 1   |
 * | Need Attention     | 3   | 3   |
 * | About to Sleep     | 3   | 1–2 |
 * | Can't Lose Them    | 1–2 | 5   |
 * | At Risk            | 1–2 | 3–4 |
 * | Hibernating        | 2   | 1–2 |
 * | Lost               | 1   | 1–2 |
 */
export const RFM_RULES: readonly RfmRule[] = [
  { name: "Champions", r: [5, 5], fm: [4, 5], description: "bought recently, buy often and spend the most" },
  { name: "Loyal", r: [3, 4], fm: [4, 5], description: "buy often and spend well, fairly recently" },
  { name: "Potential Loyalist", r: [4, 5], fm: [2, 3], description: "recent customers with average frequency and spend" },
  { name: "New", r: [5, 5], fm: [1, 1], description: "bought very recently, once or little" },
  { name: "Promising", r: [4, 4], fm: [1, 1], description: "recent shoppers who have not spent much yet" },
  { name: "Need Attention", r: [3, 3], fm: [3, 3], description: "average recency, frequency and spend" },
  { name: "About to Sleep", r: [3, 3], fm: [1, 2], description: "below-average recency and low frequency and spend" },
  { name: "Can't Lose Them", r: [1, 2], fm: [5, 5], description: "used to buy most often and spend most, long ago" },
  { name: "At Risk", r: [1, 2], fm: [3, 4], description: "spent and bought often, but long ago" },
  { name: "Hibernating", r: [2, 2], fm: [1, 2], description: "last purchase long ago, low frequency and spend" },
  { name: "Lost", r: [1, 1], fm: [1, 2], description: "lowest recency, frequency and spend" },
];

/** Segment name for rows without a completed order (null recency) when features include inactive customers. */
export const RFM_NO_PURCHASE = "No purchase";

/** The FM score: round-half-up of the mean of F and M (1..5). */
export function fmScore(f: number, m: number): number {
  return Math.floor((f + m) / 2 + 0.5);
}

/** Name of the RFM segment of one (r, f, m) score triple (each 1..5), from `RFM_RULES`. */
export function rfmSegment(r: number, f: number, m: number): string {
  const fm = fmScore(f, m);
  for (const rule of RFM_RULES) if (r >= rule.r[0] && r <= rule.r[1] && fm >= rule.fm[0] && fm <= rule.fm[1]) return rule.name;
  throw new Error(`rfmSegment: no rule for r=${r}, f=${f}, m=${m}`);
}

/** Options of `rfmScores`. */
export interface RfmOptions {
  /** Number of score bins. Default 5 (quintiles). */
  bins?: number;
}

/** Defaults of `rfmScores`. */
export const RFM_DEFAULTS = { bins: 5 } as const;

/**
 * Scores 1..bins from ordinal positions: `order` lists rows from worst to best; position p of n gets
 * ⌊p · bins / n⌋ + 1, so every bin holds n / bins rows (±1) however many ties there are.
 */
function scoresFromOrder(order: Int32Array, rows: number, bins: number): Int32Array {
  const s = new Int32Array(rows);
  const n = order.length;
  for (let p = 0; p < n; p++) s[order[p]] = Math.floor((p * bins) / n) + 1;
  return s;
}

/**
 * Adds RFM scores and segments to per-customer features (`customerFeatures` output): `r_score`, `f_score`,
 * `m_score` (Int32, 1–5, 5 best) and `rfm_segment` (Utf8, see `RFM_RULES`).
 * Scores are quintiles of ranks, not of values: customers are ranked (worst to best) by the metric, ties broken
 * by the other two metrics and then by customer_id, and the ranks are cut into five equal bins. So many
 * customers with frequency 1 cannot collapse the F quintile edges (the common "qcut fails on ties" problem):
 * among one-order customers, those who spent more get the higher F score. Tie-break orders:
 * R by recency (older worse), then frequency, then monetary; F by frequency, then monetary, then recency;
 * M by monetary, then frequency, then recency. Rows with null recency (inactive customers) get null scores and
 * `rfm_segment` = "No purchase". Row order is kept.
 */
export function rfmScores(features: pl.DataFrame, options: RfmOptions = {}): pl.DataFrame {
  const bins = options.bins ?? RFM_DEFAULTS.bins;
  const n = features.height;
  const rec = features.getColumn("recency_days").cast(pl.Float64);
  const recNull = rec.isNull().toArray() as boolean[];
  const recency = rec.fillNull("zero").toTypedArray() as Float64Array;
  const frequency = features.getColumn("frequency").cast(pl.Float64).fillNull("zero").toTypedArray() as Float64Array;
  const monetary = features.getColumn("monetary").cast(pl.Float64).fillNull("zero").toTypedArray() as Float64Array;
  const ids = features.getColumn("customer_id").cast(pl.Utf8).toArray() as string[];
  const active: number[] = [];
  for (let i = 0; i < n; i++) if (!recNull[i]) active.push(i);
  const byId = (a: number, b: number) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0);
  const rOrder = Int32Array.from([...active].sort((a, b) => recency[b] - recency[a] || frequency[a] - frequency[b] || monetary[a] - monetary[b] || byId(a, b)));
  const fOrder = Int32Array.from([...active].sort((a, b) => frequency[a] - frequency[b] || monetary[a] - monetary[b] || recency[b] - recency[a] || byId(a, b)));
  const mOrder = Int32Array.from([...active].sort((a, b) => monetary[a] - monetary[b] || frequency[a] - frequency[b] || recency[b] - recency[a] || byId(a, b)));
  const r = scoresFromOrder(rOrder, n, bins);
  const f = scoresFromOrder(fOrder, n, bins);
  const mm = scoresFromOrder(mOrder, n, bins);
  const toCol = (s: Int32Array) => Array.from(s, (v, i) => (recNull[i] ? null : v));
  const seg = Array.from({ length: n }, (_, i) => (recNull[i] ? RFM_NO_PURCHASE : bins === 5 ? rfmSegment(r[i], f[i], mm[i]) : null));
  return features.withColumns(
    pl.Series("r_score", toCol(r), pl.Int32),
    pl.Series("f_score", toCol(f), pl.Int32),
    pl.Series("m_score", toCol(mm), pl.Int32),
    pl.Series("rfm_segment", seg, pl.Utf8),
  );
}
