/**
 * The numeric kernel of the exact top-k cosine search. Pure functions over typed arrays with no imports, so
 * that a worker thread can load this file alone.
 *
 * Method: rows are normalized to unit length and arranged in a ball tree (recursive median splits on the
 * dimension of largest variance; leaves of at most `leafSize` rows, each with a centroid and a radius).
 * 1. `scanOwnLeaves`: every row against its own leaf, so each row starts with a good k-th score.
 * 2. `scanLeafPairs`: for each leaf A, the leaves B > A in order of their bound; the dot products of a pair are
 *    computed once (4×2 register-blocked) and offered to the rows of both leaves, since cosine is symmetric. A
 *    side is skipped when its bound cannot reach its rows' k-th scores. For unit vectors x, y:
 *    x·y = 1 − ‖x − y‖²/2 (≤ that when a norm is below 1), and ‖x − y‖ ≥ ‖x − c‖ − r for every y in a ball
 *    (c, r), so a skipped pair provably holds no better candidate.
 * 3. `finishTopK`: merges the candidate lists of the threads that shared the work.
 * Skipping uses a safety margin far above rounding error, and every kept score is the same dot product
 * (summed over dimensions 0…d−1) a brute-force scan computes: results are bit-identical to brute force, for any
 * leaf size or number of workers.
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
 * Per-row candidate lists in tree order: row at tree position p holds `held[p]` (≤ k) candidates
 * (score `hs[p·k + s]`, original index `hj[p·k + s]`), best first. One per worker; merged by `finishTopK`.
 */
export interface TopKState {
  hs: Float64Array;
  hj: Int32Array;
  held: Int32Array;
}

/** An empty state for n rows (optionally over given, e.g. shared, buffers). */
export function emptyState(n: number, k: number, buffers?: { hs: Float64Array; hj: Int32Array; held: Int32Array }): TopKState {
  const st = buffers ?? { hs: new Float64Array(n * k), hj: new Int32Array(n * k), held: new Int32Array(n) };
  st.held.fill(0);
  return st;
}

/** Scratch buffers of one scan, sized for the largest leaf. */
interface Scratch {
  maxLeaf: number;
  buf: Float64Array;
  activeA: Int32Array;
  activeB: Int32Array;
  all: Int32Array;
  isZero: Uint8Array;
  leafMin: Float64Array;
}

function scratch(tree: BallTree): Scratch {
  const { n, d, xp, leafStart } = tree;
  const leaves = leafStart.length - 1;
  const maxLeaf = leaves > 0 ? maxLeafSize(leafStart) : 0;
  const isZero = new Uint8Array(n);
  for (let p = 0; p < n; p++) {
    let ss = 0;
    for (let t = 0; t < d; t++) ss += xp[p * d + t] * xp[p * d + t];
    isZero[p] = ss === 0 ? 1 : 0;
  }
  const all = new Int32Array(maxLeaf + 3);
  for (let a = 0; a < all.length; a++) all[a] = a;
  return {
    maxLeaf,
    buf: new Float64Array((maxLeaf + 3) * maxLeaf),
    activeA: new Int32Array(maxLeaf + 3),
    activeB: new Int32Array(maxLeaf + 3),
    all,
    isZero,
    leafMin: new Float64Array(leaves).fill(-Infinity),
  };
}

/** Lowest k-th score over the non-zero rows of leaf l (−∞ while one holds fewer than k; +∞ if none). */
function leafMinimum(tree: BallTree, k: number, st: TopKState, sc: Scratch, l: number): number {
  let m = Infinity;
  for (let p = tree.leafStart[l]; p < tree.leafStart[l + 1]; p++) {
    if (sc.isZero[p]) continue;
    const thr = st.held[p] < k ? -Infinity : st.hs[p * k + k - 1];
    if (thr < m) m = thr;
  }
  return m;
}

/**
 * Rows of leaf `from` (relative indices into `out`) that may still gain a candidate from leaf `to`: rows with
 * fewer than k candidates, or whose ball bound to `to` reaches their k-th score. Returns the count.
 */
function activeRows(tree: BallTree, k: number, st: TopKState, sc: Scratch, from: number, to: number, out: Int32Array): number {
  const { d, xp, centers, radii, leafStart } = tree;
  const c = to * d;
  let na = 0;
  for (let p = leafStart[from]; p < leafStart[from + 1]; p++) {
    if (sc.isZero[p]) continue;
    if (st.held[p] === k) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const z = xp[p * d + t] - centers[c + t];
        s += z * z;
      }
      if (cosineBound(Math.sqrt(s) - radii[to]) + PRUNE_MARGIN < st.hs[p * k + k - 1]) continue;
    }
    out[na++] = p - leafStart[from];
  }
  return na;
}

/**
 * First pass: every row against the rows of its own leaf (its nearest rows, cheaply), so each row starts the
 * main pass with a good k-th score. Leaves [leafFrom, leafTo). Time O(n·leafSize·d).
 */
export function scanOwnLeaves(tree: BallTree, k: number, st: TopKState, leafFrom: number, leafTo: number, sc: Scratch = scratch(tree)): void {
  const { xp, d, perm, leafStart } = tree;
  for (let l = leafFrom; l < leafTo; l++) {
    const a0 = leafStart[l];
    const a1 = leafStart[l + 1];
    blockDots(xp, d, a0, sc.all, a1 - a0, a0, a1, sc.buf, sc.maxLeaf);
    for (let q = 0; q < a1 - a0; q++) {
      const p = a0 + q;
      if (sc.isZero[p]) continue;
      st.held[p] = selectInto(sc.buf, q * sc.maxLeaf, 1, perm, a0, a1, perm[p], st.hs, st.hj, p * k, k, st.held[p]);
    }
    sc.leafMin[l] = leafMinimum(tree, k, st, sc, l);
  }
}

/**
 * Main pass for the leaf pairs (A, B) with B > A, for A in [leafFrom, leafTo): each pair's dot products are
 * computed once and offered to the rows of both leaves (cosine is symmetric), leaves B in order of their bound,
 * and a pair (or one side of it) is skipped when its ball bound cannot reach the rows' k-th scores. Run
 * `scanOwnLeaves` over all leaves with the same state and scratch first.
 */
export function scanLeafPairs(tree: BallTree, k: number, st: TopKState, leafFrom: number, leafTo: number, sc: Scratch = scratch(tree)): void {
  const { d, xp, perm, leafStart, centers, radii } = tree;
  const leaves = leafStart.length - 1;
  const order = new Int32Array(leaves);
  const ub = new Float64Array(leaves);
  const { buf, maxLeaf, activeA, activeB, all, leafMin } = sc;
  for (let A = leafFrom; A < leafTo; A++) {
    const a0 = leafStart[A];
    const a1 = leafStart[A + 1];
    let m = 0;
    for (let B = A + 1; B < leaves; B++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const z = centers[A * d + t] - centers[B * d + t];
        s += z * z;
      }
      ub[B] = cosineBound(Math.sqrt(s) - radii[A] - radii[B]);
      order[m++] = B;
    }
    order.subarray(0, m).sort((x, y) => ub[y] - ub[x] || x - y);
    for (let oi = 0; oi < m; oi++) {
      const B = order[oi];
      const bound = ub[B] + PRUNE_MARGIN;
      const nA = bound < leafMin[A] ? 0 : activeRows(tree, k, st, sc, A, B, activeA);
      const nB = bound < leafMin[B] ? 0 : activeRows(tree, k, st, sc, B, A, activeB);
      if (nA === 0 && nB === 0) continue;
      const b0 = leafStart[B];
      const b1 = leafStart[B + 1];
      if (nB === 0) {
        blockDots(xp, d, a0, activeA, nA, b0, b1, buf, maxLeaf);
        for (let r = 0; r < nA; r++) {
          const p = a0 + activeA[r];
          st.held[p] = selectInto(buf, r * maxLeaf, 1, perm, b0, b1, perm[p], st.hs, st.hj, p * k, k, st.held[p]);
        }
      } else if (nA === 0) {
        blockDots(xp, d, b0, activeB, nB, a0, a1, buf, maxLeaf);
        for (let r = 0; r < nB; r++) {
          const p = b0 + activeB[r];
          st.held[p] = selectInto(buf, r * maxLeaf, 1, perm, a0, a1, perm[p], st.hs, st.hj, p * k, k, st.held[p]);
        }
      } else {
        blockDots(xp, d, a0, all, a1 - a0, b0, b1, buf, maxLeaf);
        for (let r = 0; r < nA; r++) {
          const p = a0 + activeA[r];
          st.held[p] = selectInto(buf, activeA[r] * maxLeaf, 1, perm, b0, b1, perm[p], st.hs, st.hj, p * k, k, st.held[p]);
        }
        for (let r = 0; r < nB; r++) {
          const p = b0 + activeB[r];
          st.held[p] = selectInto(buf, activeB[r], maxLeaf, perm, a0, a1, perm[p], st.hs, st.hj, p * k, k, st.held[p]);
        }
      }
      if (nA > 0) leafMin[A] = leafMinimum(tree, k, st, sc, A);
      if (nB > 0) leafMin[B] = leafMinimum(tree, k, st, sc, B);
    }
  }
}

/**
 * Merges the per-worker states (dropping a candidate offered twice) into `neighbors` / `scores` at
 * `originalRow·k`, best first; slots beyond n − 1 candidates hold −1 and NaN. A zero row has cosine 0 with
 * every row: its neighbors are the k lowest other indices.
 */
export function finishTopK(tree: BallTree, k: number, states: TopKState[], neighbors: Int32Array, scores: Float64Array): void {
  const { n, d, xp, perm } = tree;
  const ptr = new Int32Array(states.length);
  for (let p = 0; p < n; p++) {
    const i = perm[p];
    const out = i * k;
    let ss = 0;
    for (let t = 0; t < d; t++) ss += xp[p * d + t] * xp[p * d + t];
    let s = 0;
    if (ss === 0) {
      for (let j = 0; j < n && s < k; j++) {
        if (j === i) continue;
        neighbors[out + s] = j;
        scores[out + s] = 0;
        s++;
      }
    } else {
      ptr.fill(0);
      while (s < k) {
        let best = -1;
        let bs = 0;
        let bj = 0;
        for (let w = 0; w < states.length; w++) {
          const st = states[w];
          // Skip candidates already taken from another worker's list.
          while (ptr[w] < st.held[p] && alreadyTaken(neighbors, out, s, st.hj[p * k + ptr[w]])) ptr[w]++;
          if (ptr[w] >= st.held[p]) continue;
          const cs = st.hs[p * k + ptr[w]];
          const cj = st.hj[p * k + ptr[w]];
          if (best < 0 || cs > bs || (cs === bs && cj < bj)) {
            best = w;
            bs = cs;
            bj = cj;
          }
        }
        if (best < 0) break;
        ptr[best]++;
        neighbors[out + s] = bj;
        scores[out + s] = bs + 0; // + 0 turns −0 into 0
        s++;
      }
    }
    for (; s < k; s++) {
      neighbors[out + s] = -1;
      scores[out + s] = NaN;
    }
  }
}

function alreadyTaken(neighbors: Int32Array, out: number, s: number, j: number): boolean {
  for (let r = 0; r < s; r++) if (neighbors[out + r] === j) return true;
  return false;
}

/** Exact top-k of every row in one thread: own-leaf pass, pair pass, finish. */
export function topKTree(tree: BallTree, k: number, neighbors: Int32Array, scores: Float64Array): void {
  const leaves = tree.leafStart.length - 1;
  const st = emptyState(tree.n, k);
  const sc = scratch(tree);
  scanOwnLeaves(tree, k, st, 0, leaves, sc);
  scanLeafPairs(tree, k, st, 0, leaves, sc);
  finishTopK(tree, k, [st], neighbors, scores);
}

/** Scratch buffers for `scanOwnLeaves` / `scanLeafPairs` (one per thread). */
export const scanScratch = scratch;

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
  const last = activeQ[na - 1];
  for (let a = 0; a < na; a += 4) {
    // Past the end, repeat the last query (its products are written to unused buffer rows).
    const i0 = (qa + activeQ[a]) * d;
    const i1 = (qa + (a + 1 < na ? activeQ[a + 1] : last)) * d;
    const i2 = (qa + (a + 2 < na ? activeQ[a + 2] : last)) * d;
    const i3 = (qa + (a + 3 < na ? activeQ[a + 3] : last)) * d;
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
 * Merges the candidates buf[off + (p − la)·step] (original index perm[p], p in [la, lb)) into the sorted held
 * list hs/hj[base … base + h) of capacity k, skipping `self`. Returns the new length.
 */
function selectInto(
  buf: Float64Array,
  off: number,
  step: number,
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
  for (let p = la; p < lb; p++) {
    let s = buf[off + (p - la) * step];
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
 * same outputs and order as `topKTree`. Time O(n²·d).
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
