/**
 * Seeded pseudo-random numbers (mulberry32): the only source of randomness in the project.
 * A generator is created per call with an explicit seed; there is no global seed.
 */

/** A function returning uniform floats in [0, 1). */
export type Rng = () => number;

/**
 * Creates a seeded uniform generator on [0, 1) (mulberry32; 2^32 period, fine for sampling and init).
 * @example const r = rng(42); r(); // => same value on every run
 */
export function rng(seed: number): Rng {
  let a = (Math.floor(seed) >>> 0) ^ 0x9e3779b9;
  return function next(): number {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform integer in [0, n). */
export function randInt(r: Rng, n: number): number {
  return Math.floor(r() * n);
}

/**
 * Index drawn with probability proportional to its weight, given cumulative weights `cum` (last element =
 * total), by binary search.
 * @example pickWeighted(rng(1), new Float64Array([1, 1, 4])); // => 0 or 2 (2 with probability 3/4)
 */
export function pickWeighted(r: Rng, cum: Float64Array): number {
  const x = r() * cum[cum.length - 1];
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Standard normal draw (Box–Muller). */
export function randNormal(r: Rng): number {
  let u = 0;
  while (u === 0) u = r();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

/** A seeded sample of `m` distinct indices from [0, n), in increasing order (partial Fisher–Yates). */
export function sampleIndices(n: number, m: number, seed: number): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const r = rng(seed);
  const take = Math.min(m, n);
  for (let i = 0; i < take; i++) {
    const j = i + randInt(r, n - i);
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx.slice(0, take).sort();
}
