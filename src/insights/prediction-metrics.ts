/**
 * How well per-customer predictions match what happened: mean absolute error, correlation, ROC AUC, precision and
 * lift among the top-scored share, and calibration by decile. Pure functions over typed arrays.
 */

/** Mean of |predicted − actual| (units of the inputs); NaN for empty input. */
export function meanAbsoluteError(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(predicted[i] - actual[i]);
  return actual.length ? s / actual.length : NaN;
}

/** Pearson correlation (−1..1); null when either side is constant or there are fewer than two values. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number | null {
  const n = a.length;
  if (n < 2) return null;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) (ma += a[i]), (mb += b[i]);
  ma /= n;
  mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma, db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : null;
}

/** Indices 0..n−1 sorted by descending score, ties by ascending index (deterministic). */
function byScoreDesc(scores: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: scores.length }, (_, i) => i);
  return order.sort((i, j) => scores[j] - scores[i] || i - j);
}

/**
 * Area under the ROC curve of `scores` for the positives (`labels[i]` true): the probability that a random
 * positive scores above a random negative, ties counting one half (Mann–Whitney U / (n₊·n₋), as scikit-learn's
 * `roc_auc_score`). Null when either class is empty.
 * @example rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]); // => 0.75
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number | boolean>): number | null {
  const n = scores.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((i, j) => scores[i] - scores[j] || i - j);
  let rankSumPos = 0, pos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const midRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (labels[order[k]]) (rankSumPos += midRank), pos++;
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return null;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/**
 * Share of positives among the `share` (default 0.1: the top decile) of customers with the highest scores, and the
 * lift = that precision / the overall positive rate. Customers tied with the last one taken count in proportion
 * (the expected precision when ties are broken at random), so the result does not depend on row order.
 * Null fields when there are no customers or no positives.
 */
export function topSharePrecision(
  scores: ArrayLike<number>,
  labels: ArrayLike<number | boolean>,
  share = 0.1,
): { customers: number; precision: number | null; lift: number | null } {
  const n = scores.length;
  const k = Math.max(1, Math.ceil(n * share));
  if (n === 0) return { customers: 0, precision: null, lift: null };
  const order = byScoreDesc(scores);
  let positives = 0;
  for (let i = 0; i < n; i++) if (labels[i]) positives++;
  const cutScore = scores[order[k - 1]];
  let hitsAbove = 0, above = 0, hitsTied = 0, tied = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    if (s > cutScore) (above++, labels[i] && hitsAbove++);
    else if (s === cutScore) (tied++, labels[i] && hitsTied++);
  }
  const hits = hitsAbove + ((k - above) / tied) * hitsTied;
  const precision = hits / k;
  const base = positives / n;
  return { customers: k, precision, lift: base > 0 ? precision / base : null };
}

/** One group of a calibration table: customers ranked by prediction, mean predicted and mean actual. */
export interface CalibrationGroup {
  /** 1 = the lowest predictions … groups = the highest. */
  group: number;
  customers: number;
  meanPredicted: number;
  meanActual: number;
}

/**
 * Calibration by groups of prediction: customers sorted by `predicted` (ties by index) and cut into `groups`
 * (default 10: deciles) of equal size (±1), with the mean predicted and the mean actual value of each group.
 * A calibrated model has mean actual ≈ mean predicted in every group.
 */
export function calibrationByGroup(predicted: ArrayLike<number>, actual: ArrayLike<number>, groups = 10): CalibrationGroup[] {
  const n = predicted.length;
  const g = Math.min(groups, n);
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((i, j) => predicted[i] - predicted[j] || i - j);
  const out: CalibrationGroup[] = [];
  for (let q = 0; q < g; q++) {
    const from = Math.floor((q * n) / g), to = Math.floor(((q + 1) * n) / g);
    let p = 0, a = 0;
    for (let i = from; i < to; i++) (p += predicted[order[i]]), (a += actual[order[i]]);
    const size = to - from;
    out.push({ group: q + 1, customers: size, meanPredicted: p / size, meanActual: a / size });
  }
  return out;
}
