/** Choosing k from a k-scan: the knee of the inertia curve, the best silhouette, and a stated choice. */
import type { KScan, KScanRow } from "./kscan.js";

/** Options of `recommendK`. */
export interface RecommendOptions {
  /** Minimum knee strength (max distance below the chord, normalized units 0..1) to call it a knee. Default 0.1. */
  minKneeStrength?: number;
  /** The knee is chosen over the best-silhouette k when its silhouette is within this of the best. Default 0.05. */
  silhouetteTolerance?: number;
}

/** Defaults of `recommendK`. */
export const RECOMMEND_DEFAULTS = { minKneeStrength: 0.1, silhouetteTolerance: 0.05 } as const;

/** The recommendation: knee k (null = no clear knee), best-silhouette k, chosen k and why, in one sentence. */
export interface KRecommendation {
  kneeK: number | null;
  /** Height of the knee below the chord in normalized units (0 = straight line, ~0.5 = sharp elbow). */
  kneeStrength: number;
  silhouetteK: number | null;
  chosenK: number;
  agree: boolean;
  reason: string;
}

/**
 * The knee of the inertia curve by the Kneedle rule (Satopää et al. 2011): normalize k and inertia to 0..1,
 * take the k whose point lies farthest below the chord from the first to the last point; "no clear knee" when
 * that distance is under `minKneeStrength` or the farthest point is an end of the range.
 */
export function inertiaKnee(rows: readonly KScanRow[], minKneeStrength: number = RECOMMEND_DEFAULTS.minKneeStrength): { k: number | null; strength: number } {
  if (rows.length < 3) return { k: null, strength: 0 };
  const k0 = rows[0].k;
  const k1 = rows[rows.length - 1].k;
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rows) {
    lo = Math.min(lo, r.inertia);
    hi = Math.max(hi, r.inertia);
  }
  if (!(hi > lo)) return { k: null, strength: 0 };
  let best = -1;
  let bestGap = -Infinity;
  rows.forEach((r, i) => {
    const xn = (r.k - k0) / (k1 - k0);
    const yn = (r.inertia - lo) / (hi - lo);
    const gap = 1 - xn - yn; // vertical distance below the chord from (0, 1) to (1, 0)
    if (gap > bestGap) {
      bestGap = gap;
      best = i;
    }
  });
  const interior = best > 0 && best < rows.length - 1;
  return { k: interior && bestGap >= minKneeStrength ? rows[best].k : null, strength: Math.max(0, bestGap) };
}

/**
 * Recommends k from a scan. Rule: the knee k (see `inertiaKnee`) and the best-silhouette k (highest mean
 * silhouette, smaller k on ties) are both reported; the chosen k is the knee when there is a clear knee whose
 * silhouette is within `silhouetteTolerance` of the best, otherwise the best-silhouette k. `reason` says which
 * rule decided and whether the two disagree.
 */
export function recommendK(scan: KScan | readonly KScanRow[], options: RecommendOptions = {}): KRecommendation {
  const rows = [...("rows" in scan ? scan.rows : scan)].sort((a, b) => a.k - b.k);
  if (rows.length === 0) throw new Error("recommendK: empty scan");
  const tol = options.silhouetteTolerance ?? RECOMMEND_DEFAULTS.silhouetteTolerance;
  const knee = inertiaKnee(rows, options.minKneeStrength ?? RECOMMEND_DEFAULTS.minKneeStrength);
  let silRow: KScanRow | null = null;
  for (const r of rows) if (r.silhouette !== null && (silRow === null || r.silhouette > silRow.silhouette!)) silRow = r;
  const silK = silRow ? silRow.k : null;
  const kneeRow = knee.k === null ? null : rows.find((r) => r.k === knee.k)!;
  const fmt = (v: number | null) => (v === null ? "n/a" : v.toFixed(3));
  let chosenK: number;
  let reason: string;
  if (kneeRow && silRow && kneeRow.k === silRow.k) {
    chosenK = kneeRow.k;
    reason = `k = ${chosenK}: the inertia knee and the best silhouette (${fmt(silRow.silhouette)}) agree.`;
  } else if (kneeRow && (!silRow || (kneeRow.silhouette !== null && kneeRow.silhouette >= silRow.silhouette! - tol))) {
    chosenK = kneeRow.k;
    reason = silRow
      ? `k = ${chosenK}: the inertia knee, whose silhouette ${fmt(kneeRow.silhouette)} is within ${tol} of the best (${fmt(silRow.silhouette)} at k = ${silRow.k}); the two criteria disagree.`
      : `k = ${chosenK}: the inertia knee (no silhouette available).`;
  } else if (silRow) {
    chosenK = silRow.k;
    reason = kneeRow
      ? `k = ${chosenK}: the best silhouette (${fmt(silRow.silhouette)}); it disagrees with the inertia knee at k = ${kneeRow.k}, whose silhouette ${fmt(kneeRow.silhouette)} is more than ${tol} lower.`
      : `k = ${chosenK}: the best silhouette (${fmt(silRow.silhouette)}); the inertia curve has no clear knee.`;
  } else {
    chosenK = rows[0].k;
    reason = `k = ${chosenK}: no clear knee and no silhouette, so the smallest k scanned.`;
  }
  return { kneeK: knee.k, kneeStrength: knee.strength, silhouetteK: silK, chosenK, agree: knee.k !== null && knee.k === silK, reason };
}
