/**
 * The numeric kernel of the exact top-k cosine search. Pure functions over typed arrays with no imports, so
 * that a worker thread can load this file alone.
 *
 * Method: rows are normalized to unit length and arranged in a ball tree (recursive median splits on the
 * dimension of largest variance; leaves of at most `leafSize` rows, each with a centroid and a radius). Queries
 * are processed one leaf at a time; candidate leaves are visited best bound first and skipped when no row in
 * them can beat a query's current k-th score. For unit vectors x, y: x·y = 1 − ‖x − y‖²/2 (≤ that when a norm
 * is below 1), and ‖x − y‖ ≥ ‖x − c‖ − r for every y in a ball (c, r), so a skipped leaf provably holds no
 * better candidate. Skipping uses a safety margin far above rounding error, and every score that is kept is
 * the same dot product (summed over dimensions 0…d−1) a brute-force scan computes: results are bit-identical
 * to brute force, for any leaf size or number of workers.
 *
 * Order of candidates: higher score first; equal scores by lower original row index.
 */

/** Scores within this margin of a threshold are always scanned (bounds carry ~1e−15 rounding error). */
const PRUNE_MARGIN = 1e-9;

/**
 * Scales every row of a row-major n×d matrix to unit Euclidean length; all-zero rows stay zero (their cosine
 * with any row is 0). Throws on a non-finite value. Returns a new array.
 * @example normalizeRows(new Float64Array([3, 4, 0, 0]), 2, 2); // => [0.6, 0.8, 0, 0]
 */
export function normalizeRows(data: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let ss = 0;
    for (let t = 0; t < d; t++) ss += data[o + t] * data[o + t];
    if (!Number.isFinite(ss)) throw new Error(`topKCosine: row ${i} has a non-finite value`);
    if (ss === 0) continue;
    const inv = 1 / Math.sqrt(ss);
    for (let t = 0; t < d; t++) out[o + t] = data[o + t] * inv;
  }
  return out;
}

/** A ball tree over unit-normalized rows, flattened into typed arrays (shareable with worker threads). */
export interface BallTree {
  n: number;
  d: number;
  /** Normalized rows in tree order (row p of `xp` is original row `perm[p]`), n×d. */
  xp: Float64Array;
  /** Original row index of each tree position. */
  perm: Int32Array;
  /** Leaf ℓ holds tree positions [leafStart[ℓ], leafStart[ℓ + 1]); length leaves + 1. */
  leafStart: Int32Array;
  /** Leaf centroids, leaves×d. */
  centers: Float64Array;
  /** Leaf radii: max Euclidean distance from the centroid to a row of the leaf. */
  radii: Float64Array;
}

/**
 * Builds the ball tree of unit-normalized rows `xn` (n×d): median splits on the dimension of largest variance
 * (ties by lower dimension; rows with equal values ordered by index, so the tree is deterministic) until a
 * part has at most `leafSize` rows. Time O(n·log²n + n·d·log n).
 */
export function buildBallTree(xn: Float64Array, n: number, d: number, leafSize = 48): BallTree {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const starts: number[] = [];
  const mean = new Float64Array(d);
  const m2 = new Float64Array(d);
  const split = (lo: number, hi: number): void => {
    if (hi - lo <= leafSize) {
      starts.push(lo);
      return;
    }
    mean.fill(0);
    m2.fill(0);
    for (let p = lo; p < hi; p++) {
      const o = perm[p] * d;
      for (let t = 0; t < d; t++) mean[t] += xn[o + t];
    }
    const cnt = hi - lo;
    for (let t = 0; t < d; t++) mean[t] /= cnt;
    for (let p = lo; p < hi; p++) {
      const o = perm[p] * d;
      for (let t = 0; t < d; t++) {
        const z = xn[o + t] - mean[t];
        m2[t] += z * z;
      }
    }
    let dim = 0;
    for (let t = 1; t < d; t++) if (m2[t] > m2[dim]) dim = t;
    perm.subarray(lo, hi).sort((a, b) => xn[a * d + dim] - xn[b * d + dim] || a - b);
    const mid = lo + (cnt >> 1);
    split(lo, mid);
    split(mid, hi);
  };
  if (n > 0) split(0, n);
  const leaves = starts.length;
  const leafStart = new Int32Array(leaves + 1);
  for (let l = 0; l < leaves; l++) leafStart[l] = starts[l];
  leafStart[leaves] = n;
  const xp = new Float64Array(n * d);
  for (let p = 0; p < n; p++) xp.set(xn.subarray(perm[p] * d, perm[p] * d + d), p * d);
  const centers = new Float64Array(leaves * d);
  const radii = new Float64Array(leaves);
  for (let l = 0; l < leaves; l++) {
    const a = leafStart[l];
    const b = leafStart[l + 1];
    const co = l * d;
    for (let p = a; p < b; p++) for (let t = 0; t < d; t++) centers[co + t] += xp[p * d + t];
    for (let t = 0; t < d; t++) centers[co + t] /= b - a;
    let r2 = 0;
    for (let p = a; p < b; p++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const z = xp[p * d + t] - centers[co + t];
        s += z * z;
      }
      if (s > r2) r2 = s;
    }
    radii[l] = Math.sqrt(r2);
  }
  return { n, d, xp, perm, leafStart, centers, radii };
}

/** Upper bound of x·y over unit-or-shorter vectors x, y whose distance is at least `gap` (≤ 0: no bound). */
function cosineBound(gap: number): number {
  return gap > 0 ? 1 - (gap * gap) / 2 : 1;
}

/**
 * Exact top-k for the queries in leaves [leafFrom, leafTo) of `tree`: writes neighbors (original row indices)
 * and scores at `originalRow·k` of `neighbors` / `scores`, best first. Slots beyond n − 1 candidates hold −1
 * and NaN. A zero query row has cosine 0 with every row: its neighbors are the k lowest other indices.
 */
export function scanLeaves(
  tree: BallTree,
  k: number,
  leafFrom: number,
  leafTo: number,
  neighbors: Int32Array,
  scores: Float64Array,
): void {
  const { n, d, xp, perm, leafStart, centers, radii } = tree;
  const leaves = leafStart.length - 1;
  const order = new Int32Array(leaves);
  const leafBound = new Float64Array(leaves);
  const maxLeaf = leafStart.length > 1 ? maxLeafSize(leafStart) : 0;
  // Per-query held lists (tree-local), reused across query leaves.
  const hs = new Float64Array(maxLeaf * k);
  const hj = new Int32Array(maxLeaf * k);
  const held = new Int32Array(maxLeaf);
  const isZero = new Uint8Array(maxLeaf);
  const activeQ = new Int32Array(maxLeaf + 3);
  const buf = new Float64Array((maxLeaf + 3) * maxLeaf);
  for (let ql = leafFrom; ql < leafTo; ql++) {
    const qa = leafStart[ql];
    const qb = leafStart[ql + 1];
    const m = qb - qa;
    held.fill(0);
    let active = 0;
    for (let q = 0; q < m; q++) {
      let ss = 0;
      const o = (qa + q) * d;
      for (let t = 0; t < d; t++) ss += xp[o + t] * xp[o + t];
      isZero[q] = ss === 0 ? 1 : 0;
      if (!isZero[q]) active++;
    }
    if (active > 0) {
      // Order candidate leaves by the leaf-to-leaf bound, best first (ties by leaf number).
      const cq = ql * d;
      for (let l = 0; l < leaves; l++) {
        let s = 0;
        const cl = l * d;
        for (let t = 0; t < d; t++) {
          const z = centers[cq + t] - centers[cl + t];
          s += z * z;
        }
        leafBound[l] = cosineBound(Math.sqrt(s) - radii[ql] - radii[l]);
        order[l] = l;
      }
      order.sort((a, b) => leafBound[b] - leafBound[a] || a - b);
      for (let oi = 0; oi < leaves; oi++) {
        const l = order[oi];
        // Stop when no query of this leaf can gain from any remaining leaf.
        let minThr = Infinity;
        for (let q = 0; q < m; q++) {
          if (isZero[q]) continue;
          const thr = held[q] < k ? -Infinity : hs[q * k + k - 1];
          if (thr < minThr) minThr = thr;
        }
        if (leafBound[l] + PRUNE_MARGIN < minThr) break;
        const la = leafStart[l];
        const lb = leafStart[l + 1];
        const cl = l * d;
        // Queries of this leaf that may still gain from leaf l (per-query ball bound).
        let na = 0;
        for (let q = 0; q < m; q++) {
          if (isZero[q]) continue;
          if (held[q] === k) {
            const qo = (qa + q) * d;
            let s = 0;
            for (let t = 0; t < d; t++) {
              const z = xp[qo + t] - centers[cl + t];
              s += z * z;
            }
            if (cosineBound(Math.sqrt(s) - radii[l]) + PRUNE_MARGIN < hs[q * k + k - 1]) continue;
          }
          activeQ[na++] = q;
        }
        if (na === 0) continue;
        blockDots(xp, d, qa, activeQ, na, la, lb, buf, maxLeaf);
        for (let a = 0; a < na; a++) {
          const q = activeQ[a];
          held[q] = selectInto(buf, a * maxLeaf, perm, la, lb, perm[qa + q], hs, hj, q * k, k, held[q]);
        }
      }
    }
    for (let q = 0; q < m; q++) {
      const i = perm[qa + q];
      const out = i * k;
      if (isZero[q]) {
        let s = 0;
        for (let j = 0; j < n && s < k; j++) {
          if (j === i) continue;
          neighbors[out + s] = j;
          scores[out + s] = 0;
          s++;
        }
        for (; s < k; s++) {
          neighbors[out + s] = -1;
          scores[out + s] = NaN;
        }
        continue;
      }
      for (let s = 0; s < k; s++) {
        if (s < held[q]) {
          neighbors[out + s] = hj[q * k + s];
          scores[out + s] = hs[q * k + s] + 0; // + 0 turns −0 into 0
        } else {
          neighbors[out + s] = -1;
          scores[out + s] = NaN;
        }
      }
    }
  }
}

/**
 * Dot products of the tree rows qa + activeQ[a] (a < na) with tree rows [la, lb), into buf[a·stride + (p − la)].
 * Register-blocked 4 queries × 2 candidates; each product is summed over t = 0…d−1 like a plain loop.
 */
function blockDots(
  xp: Float64Array,
  d: number,
  qa: number,
  activeQ: Int32Array,
  na: number,
  la: number,
  lb: number,
  buf: Float64Array,
  stride: number,
): void {
  for (let a = na; a < na + 3; a++) activeQ[a] = activeQ[na - 1];
  for (let a = 0; a < na; a += 4) {
    const i0 = (qa + activeQ[a]) * d;
    const i1 = (qa + activeQ[a + 1]) * d;
    const i2 = (qa + activeQ[a + 2]) * d;
    const i3 = (qa + activeQ[a + 3]) * d;
    const r0 = a * stride - la;
    const r1 = r0 + stride;
    const r2 = r1 + stride;
    const r3 = r2 + stride;
    for (let p = la; p < lb; p += 2) {
      const p1 = p + 1 < lb ? p + 1 : p;
      const j0 = p * d;
      const j1 = p1 * d;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
      for (let t = 0; t < d; t++) {
        const c0 = xp[j0 + t];
        const c1 = xp[j1 + t];
        let v = xp[i0 + t];
        s00 += v * c0;
        s01 += v * c1;
        v = xp[i1 + t];
        s10 += v * c0;
        s11 += v * c1;
        v = xp[i2 + t];
        s20 += v * c0;
        s21 += v * c1;
        v = xp[i3 + t];
        s30 += v * c0;
        s31 += v * c1;
      }
      buf[r0 + p] = s00;
      buf[r1 + p] = s10;
      buf[r2 + p] = s20;
      buf[r3 + p] = s30;
      buf[r0 + p1] = s01;
      buf[r1 + p1] = s11;
      buf[r2 + p1] = s21;
      buf[r3 + p1] = s31;
    }
  }
}

/**
 * Merges the candidates buf[off + (p − la)] (original index perm[p], p in [la, lb)) into the sorted held list
 * hs/hj[base … base + h) of capacity k, skipping `self`. Returns the new length.
 */
function selectInto(
  buf: Float64Array,
  off: number,
  perm: Int32Array,
  la: number,
  lb: number,
  self: number,
  hs: Float64Array,
  hj: Int32Array,
  base: number,
  k: number,
  h: number,
): number {
  let thr = h < k ? -Infinity : hs[base + k - 1];
  let thrJ = h < k ? -1 : hj[base + k - 1];
  const o = off - la;
  for (let p = la; p < lb; p++) {
    let s = buf[o + p];
    if (s > 1) s = 1; // rounding can leave a unit-vector dot product just outside [−1, 1]
    else if (s < -1) s = -1;
    if (s < thr) continue;
    const j = perm[p];
    if (j === self) continue;
    if (s === thr && j > thrJ) continue;
    let pos = h < k ? h : k - 1;
    while (pos > 0) {
      const ps = hs[base + pos - 1];
      if (ps > s || (ps === s && hj[base + pos - 1] < j)) break;
      hs[base + pos] = ps;
      hj[base + pos] = hj[base + pos - 1];
      pos--;
    }
    hs[base + pos] = s;
    hj[base + pos] = j;
    if (h < k) h++;
    if (h === k) {
      thr = hs[base + k - 1];
      thrJ = hj[base + k - 1];
    }
  }
  return h;
}

function maxLeafSize(leafStart: Int32Array): number {
  let m = 0;
  for (let l = 0; l + 1 < leafStart.length; l++) m = Math.max(m, leafStart[l + 1] - leafStart[l]);
  return m;
}

/**
 * Brute-force exact top-k cosine over unit-normalized rows (the reference the ball tree is tested against):
 * same outputs and order as `scanLeaves`. Time O(n²·d).
 */
export function bruteForceTopK(xn: Float64Array, n: number, d: number, k: number): { neighbors: Int32Array; scores: Float64Array } {
  const neighbors = new Int32Array(n * k).fill(-1);
  const scores = new Float64Array(n * k).fill(NaN);
  for (let i = 0; i < n; i++) {
    const cand: [number, number][] = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let t = 0; t < d; t++) s += xn[i * d + t] * xn[j * d + t];
      cand.push([Math.max(-1, Math.min(1, s)) + 0, j]);
    }
    cand.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (let s = 0; s < Math.min(k, cand.length); s++) {
      scores[i * k + s] = cand[s][0];
      neighbors[i * k + s] = cand[s][1];
    }
  }
  return { neighbors, scores };
}
