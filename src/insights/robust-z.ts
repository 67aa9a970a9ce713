/** Robust z-scores and spike detection on a series of counts. */

function median(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = n >> 1;
  return n % 2 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
}

/**
 * Robust (modified) z-scores: (x − median) / (1.4826 · MAD), MAD the median absolute deviation
 * (Iglewicz & Hoaglin 1993). When MAD is 0 (more than half the values equal) the scale falls back to
 * 1.2533 · mean absolute deviation; when that is 0 too, every score is 0.
 * @example robustZ(Float64Array.of(1, 2, 3, 4, 100))[4]; // => (100 − 3) / (1.4826 · 1) ≈ 65.4
 */
export function robustZ(values: ArrayLike<number>): Float64Array {
  const x = Float64Array.from(values);
  const n = x.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const med = median(Float64Array.from(x).sort());
  const dev = new Float64Array(n);
  for (let i = 0; i < n; i++) dev[i] = Math.abs(x[i] - med);
  const mad = median(Float64Array.from(dev).sort());
  let scale = 1.4826 * mad;
  if (scale === 0) scale = 1.2533 * (dev.reduce((s, v) => s + v, 0) / n);
  if (scale === 0) return out;
  for (let i = 0; i < n; i++) out[i] = (x[i] - med) / scale;
  return out;
}

/** Options of `detectSpikes`. */
export interface SpikeOptions {
  /** Robust z-score above which a value is a spike (default 3.5, Iglewicz & Hoaglin's outlier cut-off). */
  threshold?: number;
}

/**
 * Flags spikes: values whose robust z-score (see `robustZ`) exceeds `threshold` (default 3.5). Only upward
 * spikes are flagged. Returns 1 for a spike, 0 otherwise.
 * @example detectSpikes(Float64Array.of(10, 11, 9, 10, 60)); // => Uint8Array [0, 0, 0, 0, 1]
 */
export function detectSpikes(values: ArrayLike<number>, options: SpikeOptions = {}): Uint8Array {
  const threshold = options.threshold ?? 3.5;
  const z = robustZ(values);
  const out = new Uint8Array(z.length);
  for (let i = 0; i < z.length; i++) out[i] = z[i] > threshold ? 1 : 0;
  return out;
}
