/** Adjusted Rand index (Hubert & Arabie 1985) between two labellings of the same rows. */

/**
 * Adjusted Rand index of two labellings (non-negative integer labels): 1 for identical partitions (up to
 * renaming), ~0 for independent ones, can be negative. As scikit-learn's `adjusted_rand_score` (1 when both
 * are a single cluster or all singletons). O(n + ka·kb).
 * @example adjustedRandIndex(Int32Array.from([0, 0, 1, 1]), Int32Array.from([1, 1, 0, 0])); // => 1
 */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (b.length !== n) throw new Error(`adjustedRandIndex: ${n} vs ${b.length} labels`);
  let ka = 0;
  let kb = 0;
  for (let i = 0; i < n; i++) {
    if (a[i] + 1 > ka) ka = a[i] + 1;
    if (b[i] + 1 > kb) kb = b[i] + 1;
  }
  const table = new Float64Array(ka * kb);
  const ra = new Float64Array(ka);
  const rb = new Float64Array(kb);
  for (let i = 0; i < n; i++) {
    table[a[i] * kb + b[i]]++;
    ra[a[i]]++;
    rb[b[i]]++;
  }
  const c2 = (v: number) => (v * (v - 1)) / 2;
  let sumIJ = 0;
  for (let i = 0; i < table.length; i++) sumIJ += c2(table[i]);
  let sumA = 0;
  let sumB = 0;
  for (let i = 0; i < ka; i++) sumA += c2(ra[i]);
  for (let j = 0; j < kb; j++) sumB += c2(rb[j]);
  const total = c2(n);
  const expected = total > 0 ? (sumA * sumB) / total : 0;
  const max = (sumA + sumB) / 2;
  if (max === expected) return 1;
  return (sumIJ - expected) / (max - expected);
}
